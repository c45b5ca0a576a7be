//! SSL certificates (SSLCERT, HEXONET): CreateSSLCert and StatusSSLCert
//! (QuerySSLCertList and ParseSSLCertCSR are `ssl_list.rs`, the
//! argument readers `ssl_fields.rs`). A certificate is an order of the
//! account (`registry/order.rs`, SSLCERTID = ORDERID, so QueryOrderList
//! shows it); the classes, prices and validation are `registry/ssl.rs`,
//! CSR reading and signing `registry/ssl_csr.rs`. Changes nothing but
//! certificate orders and the one charge.

use std::borrow::Cow;

use super::ssl_fields::{
    CONTACTS, FIELDS, check_names, names, read_approver, read_csr, refuse_internal_dns,
    validation_of, validation_param,
};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::System;
use crate::registry::ledger::{Item as LedgerItem, Kind as LedgerKind};
use crate::registry::order::{Order, OrderStatus};
use crate::registry::ssl::{Charged, SslCert, SslStatus, Validation, ssl_class};
use crate::registry::ssl_csr::{ca_pem, sign};
use crate::wire::Response;

/// Orders a certificate for the CSR's names: charged one year of the
/// class's price at once (`546` past the credit limit, nothing created),
/// PENDING until validated (ARCHITECTURE.md, "SSL certificates"). VALIDATION0
/// DNSZONE answers the CNAME to add (VALIDATIONDNSRR), URL the file to serve
/// (VALIDATIONURL, VALIDATIONURLCONTENT), else EMAIL (the address sent, else
/// the contact's). The id answered is also the certificate's ORDERID.
///
/// ```text
/// COMMAND        = CreateSSLCert
/// SSLCERTCLASS   = <class of StatusUser's PRICE_CLASS_SSLCERT_<CLASS>_ANNUAL>
/// PERIOD         = 1                                    (optional)
/// CSR0..N        = <the PEM lines>
/// SSLCERTDOMAIN, DOMAIN0..N, ALTERNATECN0..N            (optional: must match the CSR)
/// VALIDATION0    = DNSZONE | URL | EMAIL                (optional, default EMAIL)
/// EMAIL / VALIDATIONEMAIL0, SERVERSOFTWARE, contact fields (optional)
/// INTERNALDNS    = 0                                    (1: 541, otebox makes no zone)
/// ---
/// PROPERTY[SSLCERTID|CN|STATUS|VALIDATION...][0]
/// ```
pub(super) fn create_ssl_cert(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let class_name = args.required("SSLCERTCLASS")?;
    let class = ssl_class(class_name).ok_or_else(|| {
        Error::invalid(
            "SSLCERTCLASS",
            format_args!(
                "({class_name}) is not a class of StatusUser's PRICE_CLASS_SSLCERT_<CLASS>_ANNUAL"
            ),
        )
    })?;
    let period = args.optional("PERIOD").unwrap_or("1");
    if period.trim() != "1" && period.trim() != "1Y" {
        return Err(Error::invalid(
            "PERIOD",
            format_args!("({period}) otebox issues certificates for 1 year"),
        ));
    }
    let domain = args
        .optional("SSLCERTDOMAIN")
        .filter(|value| !value.is_empty());
    let domains = names(args, "DOMAIN");
    let alternate = names(args, "ALTERNATECN");
    let methods = names(args, "VALIDATION");
    let method = args.optional("VALIDATION").map(str::to_ascii_lowercase);
    let approver = read_approver(args);
    let mut params: Vec<(Box<str>, Box<str>)> = Vec::new();
    refuse_internal_dns(args)?;
    if let Some(value) = args.optional("SERVERSOFTWARE") {
        params.push(("SERVERSOFTWARE".into(), value.into()));
    }
    for prefix in CONTACTS {
        for field in FIELDS {
            for name in [format!("{prefix}{field}"), format!("{prefix}0{field}")] {
                if let Some(value) = args.optional(&name) {
                    params.push((name.into(), value.into()));
                }
            }
        }
    }
    let (lines, csr) = read_csr(args)?;
    args.finish()?;
    check_names(&csr, domain, &domains, &alternate, class)?;
    let method = method.or_else(|| methods.first().cloned());
    let validation = validation_of(method.as_deref(), approver, &params)?;
    let owner = ctx.owner().to_owned();
    let price = ctx.system.ssl_price(&owner, class)?;
    let mut sent: Vec<(Box<str>, Box<str>)> = vec![
        ("SSLCERTCLASS".into(), class.name.into()),
        ("PERIOD".into(), "1".into()),
    ];
    for (n, line) in lines.iter().enumerate() {
        sent.push((format!("CSR{n}").into(), line.clone()));
    }
    sent.push(validation_param(&validation));
    sent.extend(params);
    let charged = Charged {
        price,
        currency: ctx.system.currency_of(&owner).into(),
        at: ctx.now,
    };
    let cert = SslCert::pending(class.name, csr, lines, validation, charged);
    let what = format!("CreateSSLCert {} {}", class.name, cert.cn);
    let placed = Placed {
        command: "CreateSSLCert",
        params: sent,
        field: "SSLCERTCLASS",
        kind: LedgerKind::CreateSslCert,
        what: &what,
    };
    let id = place_certificate(ctx, &owner, cert, placed)?;
    let order = ctx
        .system
        .order(&owner, id)
        .ok_or_else(|| not_found(id, &owner))?;
    let mut response = Response::ok();
    push_status(&mut response, id, order);
    Ok(response)
}

/// How a new certificate order came (CreateSSLCert, RenewSSLCert): its
/// command and parameters (ORDERCOMMAND), the field a full order table is
/// blamed on, and the charge's kind and text.
pub(super) struct Placed<'a> {
    pub(super) command: &'a str,
    pub(super) params: Vec<(Box<str>, Box<str>)>,
    pub(super) field: &'a str,
    pub(super) kind: LedgerKind,
    pub(super) what: &'a str,
}

/// Keeps `cert` as a new certificate order of `owner` and charges its
/// price: refused before anything is kept when the account cannot pay
/// (`546`) or keeps too many orders (`549`); then its validation starts and
/// an EMAIL approver gets the approval mail; a renewal (`cert.renews`)
/// marks the certificate it renews (`renewed_by`, updated now). The new
/// SSLCERTID.
pub(super) fn place_certificate(
    ctx: &mut Ctx<'_>,
    owner: &str,
    cert: SslCert,
    placed: Placed<'_>,
) -> Result<u64> {
    let description = cert.cn.clone();
    let renews = cert.renews.map(|(old, _)| old);
    let class = ssl_class(&cert.class);
    let item = LedgerItem {
        kind: placed.kind,
        description: &description,
        months: 12,
        price: cert.price,
        what: placed.what,
        above: Some(&|system: &System, account: &str| {
            system.ssl_price(account, class.ok_or(Error::ServerError)?)
        }),
    };
    // Refused before anything is kept: a certificate is not half-created.
    ctx.system.check_charge(owner, &item)?;
    let order = Order {
        command: placed.command.into(),
        object: cert.cn.clone(),
        params: placed.params,
        created: ctx.now,
        updated: Some(ctx.now),
        status: OrderStatus::Successful,
        errors: 0,
        last: Some((200, "Command completed successfully".into())),
        ssl: Some(Box::new(cert)),
    };
    let id = ctx.system.place_order(owner, order).ok_or_else(|| {
        let field = placed.field;
        Error::CommandFailed(format!("{field}: {owner} keeps too many orders already"))
    })?;
    ctx.charge(item)?;
    ctx.system.start_ssl_validation(owner, id, ctx.now);
    ctx.system.mail_ssl_approval(owner, id, ctx.now);
    if let Some(old) = renews {
        ctx.system.modify_order(owner, old, |order| {
            order.updated = Some(ctx.now);
            if let Some(cert) = order.ssl.as_deref_mut() {
                cert.renewed_by = Some(id);
            }
        });
    }
    Ok(id)
}

pub(super) fn not_found(id: u64, owner: &str) -> Error {
    Error::ObjectNotFound(format!(
        "SSLCERTID: {id} is not one of {owner}'s certificates (QuerySSLCertList lists them)"
    ))
}

/// SSLCERTID as digits (`505`) naming one of the account's certificates
/// (`545`): its id, its order and the certificate.
pub(super) fn find_cert<'s>(
    args: &mut Args<'_>,
    ctx: &'s Ctx<'_>,
) -> Result<(u64, &'s Order, &'s SslCert)> {
    let text = args.required("SSLCERTID")?;
    let id: u64 = text
        .parse()
        .map_err(|_| Error::syntax_rule("SSLCERTID", text, "is not a certificate id (digits)"))?;
    let owner = ctx.owner();
    ctx.system
        .order(owner, id)
        .and_then(|order| Some((id, order, order.ssl.as_deref()?)))
        .ok_or_else(|| not_found(id, owner))
}

/// The end of a certificate's period once issued (EXPIRATIONDATE).
pub(super) fn expiry(cert: &SslCert) -> String {
    match cert.expires {
        Some(expires) => expires.datetime().to_string(),
        None => "0000-00-00 00:00:00".to_owned(),
    }
}

/// One property value of a certificate answer: its name and value.
pub(super) type Row = (Cow<'static, str>, String);

/// Pushes `rows` sorted by name (stable: a column's values keep their
/// order), as the reference lists a certificate's properties.
pub(super) fn push_rows(response: &mut Response, mut rows: Vec<Row>) {
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, value) in rows {
        response.push_str(name, &value);
    }
}

/// The properties CreateSSLCert and StatusSSLCert answer.
pub(super) fn push_status(response: &mut Response, id: u64, order: &Order) {
    push_rows(response, status_rows(id, order));
}

/// The properties of certificate `id` (its order `order`), in one place:
/// what CreateSSLCert, StatusSSLCert and RenewSSLCert answer of it.
pub(super) fn status_rows(id: u64, order: &Order) -> Vec<Row> {
    let Some(cert) = order.ssl.as_deref() else {
        return Vec::new();
    };
    let mut rows: Vec<Row> = Vec::with_capacity(64);
    let mut row = |name: &'static str, value: String| rows.push((Cow::Borrowed(name), value));
    let status = cert.status;
    for san in &cert.sans {
        row("ALTERNATECN", san.to_string());
    }
    let crt = issued_crt(id, cert);
    if crt.is_some() {
        for line in ca_pem().lines() {
            row("CACRT", line.to_owned());
        }
    }
    row("CLASS", cert.class.to_string());
    row("CN", cert.cn.to_string());
    row("CREATEDDATE", order.created.datetime().to_string());
    for line in crt.iter().flat_map(|crt| crt.lines()) {
        row("CRT", line.to_owned());
    }
    for line in &cert.csr {
        row("CSR", line.to_string());
    }
    row("CSRORGANIZATION", cert.organization.to_string());
    row("CURRENCY", cert.currency.to_string());
    for name in cert.names() {
        row("DOMAIN", name.to_owned());
    }
    row("DOMAINCOUNT", (1 + cert.sans.len()).to_string());
    row("EXPIRATIONDATE", expiry(cert));
    row("KEYLENGTH", cert.key_bits.to_string());
    row("KEYTYPE", cert.key_type.to_string());
    // A renewal names the certificate it renews (RenewSSLCert's reference).
    if let Some((old, expires)) = cert.renews {
        row("OLD-EXPIRATIONDATE", expires.datetime().to_string());
        row("OLD-SSLCERTID", old.to_string());
    }
    row("ORDERID", id.to_string());
    row("PRICE", cert.price.to_string());
    row("SSLCERTID", id.to_string());
    row("STATUS", status.as_str().to_owned());
    row("VALIDATION", cert.validation.as_str().to_owned());
    match &cert.validation {
        Validation::DnsZone => {
            let (host, target) = cert.dns_record(id);
            row("VALIDATIONDNSRR", format!("{host} CNAME {target}"));
        }
        Validation::Url => {
            let (url, content) = cert.url_file(id);
            row("VALIDATIONURL", url);
            row("VALIDATIONURLCONTENT", content);
        }
        Validation::Email(to) => row("VALIDATIONEMAIL", to.to_string()),
    }
    rows
}

/// The CRT of certificate `id` signed by the otebox test CA once issued
/// (its CACRT is `ca_pem`), as StatusSSLCert and StatusCertificate answer it.
pub(super) fn issued_crt(id: u64, cert: &SslCert) -> Option<String> {
    match (cert.status, cert.expires) {
        (SslStatus::Active(issued), Some(expires)) => {
            let days = expires.0.saturating_sub(issued.0) / 86_400;
            sign(&cert.csr.join("\n"), id, issued, days)
        }
        _ => None,
    }
}

/// A certificate of the account: PENDING until validated, then ACTIVE with
/// CRT (signed by the otebox test CA) and CACRT, or FAILED
/// (`registry::ssl`: `fail-` names, a DNSZONE record not added in 30 days).
///
/// ```text
/// COMMAND   = StatusSSLCert
/// SSLCERTID = <id>
/// ---
/// PROPERTY[CN|STATUS|CRT|CACRT|CSR|DOMAIN|EXPIRATIONDATE|VALIDATION...][n]
/// ```
pub(super) fn status_ssl_cert(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let (id, order, _) = find_cert(args, ctx)?;
    args.finish()?;
    let mut response = Response::ok();
    push_status(&mut response, id, order);
    Ok(response)
}
