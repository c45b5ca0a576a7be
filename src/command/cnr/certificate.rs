//! The CentralNic Reseller certificate commands as the WHMCS SSL module's
//! CNR side sends them (the legacy form: CLASS, CSR0..N, AUTHMETHOD,
//! APPROVEREMAIL0, contact handles): QueryServiceList SERVICE=certificate,
//! AddCertificate and StatusCertificate (renew, reissue, delete and modify
//! are `certificate_manage.rs`). A certificate is HEXONET's certificate
//! order (`command/ssl.rs`: `place_certificate`, the same store, validation
//! job, prices and charge), so either dialect sees it; the CNR TYPEs are the
//! catalogue's `CNR_SSL_TYPES`. Pushes the CNR property names; must not
//! change the registry other than through HEXONET's certificate core.

use super::super::ssl::{Placed, expiry, issued_crt, place_certificate};
use super::super::ssl_fields::{check_names, names, read_csr};
use super::super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::Money;
use crate::registry::ledger::Kind as LedgerKind;
use crate::registry::order::Order;
use crate::registry::ssl::{
    CNR_SSL_TYPES, Charged, SslCert, Validation, cnr_ssl_class, cnr_ssl_type, ssl_class,
};
use crate::registry::ssl_csr::ca_pem;
use crate::wire::Response;

/// The services of QueryServiceList's SERVICE (the KB's list): otebox sells
/// certificates of them only.
const SERVICES: [&str; 9] = [
    "mobile",
    "server",
    "webspace",
    "application",
    "trustee",
    "certificate",
    "subreseller",
    "other",
    "trademark",
];

/// The contact handles AddCertificate takes (index 0), OWNERCONTACT0 first.
pub(super) const HANDLES: [&str; 4] = [
    "OWNERCONTACT0",
    "ADMINCONTACT0",
    "TECHCONTACT0",
    "BILLINGCONTACT0",
];

/// The price list of the services otebox sells: one row per certificate
/// TYPE (`CNR_SSL_TYPES`), ANNUAL what AddCertificate charges the account
/// (the class's price, in the account's currency), SETUP 0.00, the other
/// fees N/A, DEPENDENCY empty (what the WHMCS module reads). Without
/// SERVICE, or SERVICE=certificate: those rows; another service of the KB's
/// list: no row (otebox sells none); any other value `541`. INDIVIDUAL=1
/// keeps the rows whose price the account or its user class sets; INACTIVE
/// changes nothing (every TYPE is active); REGISTRAR must be the account
/// (`531`); GENERATELIST and SENDLISTEMAIL are accepted and ignored.
///
/// ```text
/// COMMAND    = QueryServiceList
/// SERVICE    = certificate | mobile | server | ...       (optional)
/// INDIVIDUAL, INACTIVE = 0 | 1                           (optional)
/// ---
/// property[service|type|period|periodtype|setup|annual|transfer|restore|trade|
///          application|currency|description|active|dependency][n]
///          (lower case, the dialect's wire spelling; the SDKs upper-case them)
/// ```
pub(super) fn query_service_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let service = args.optional("SERVICE").filter(|value| !value.is_empty());
    let individual = args.flag("INDIVIDUAL")?.unwrap_or(false);
    args.flag("INACTIVE")?;
    let registrar = args.optional("REGISTRAR");
    args.optional("GENERATELIST");
    args.optional("SENDLISTEMAIL");
    args.finish()?;
    let id = ctx.owner().to_owned();
    if let Some(other) = registrar.filter(|other| **other != *id) {
        return Err(Error::AuthorizationFailed(format!(
            "REGISTRAR {other} is not the account {id}"
        )));
    }
    let certificates = match service {
        None => true,
        Some(service) if service.eq_ignore_ascii_case("certificate") => true,
        Some(service) if SERVICES.iter().any(|s| s.eq_ignore_ascii_case(service)) => false,
        Some(service) => {
            return Err(Error::invalid(
                "SERVICE",
                format_args!("({service}) is not one of {}", SERVICES.join(", ")),
            ));
        }
    };
    let currency = ctx.system.currency_of(&id);
    let mut response = Response::ok();
    let rows = CNR_SSL_TYPES.iter().filter(|_| certificates);
    for (cnr, name) in rows {
        let Some(class) = ssl_class(name) else {
            continue;
        };
        let sheet = ctx.system.ssl_sheet(&id, class);
        let catalogue = sheet == (Money::from_cents(class.annual), class.currency);
        if individual && catalogue {
            continue;
        }
        let annual = ctx.system.ssl_price(&id, class)?;
        response
            .push("service", "certificate")
            .push("type", cnr)
            .push("period", 1)
            .push("periodtype", "YEAR")
            .push("setup", "0.00")
            .push("annual", annual)
            .push("transfer", "N/A")
            .push("restore", "N/A")
            .push("trade", "N/A")
            .push("application", "N/A")
            .push("currency", currency)
            .push("description", class.name)
            .push("active", 1)
            .push("dependency", "");
    }
    Ok(response)
}

/// AUTHMETHOD and the approver as a validation: DNS (the CNAME of
/// DNSAUTHNAME), FILE (FILEAUTHNAME/FILEAUTHCONTENTS), EMAIL to the
/// approver (`504` APPROVEREMAIL0 without one, `505` not an address).
pub(super) fn read_method(method: Option<&str>, approver: Option<&str>) -> Result<Validation> {
    match method.map(str::to_ascii_uppercase).as_deref() {
        Some("DNS") => Ok(Validation::DnsZone),
        Some("FILE") => Ok(Validation::Url),
        None | Some("") | Some("EMAIL") => {
            let to = approver.ok_or_else(|| Error::missing("APPROVEREMAIL0"))?;
            if !to.contains('@') {
                return Err(Error::syntax_rule(
                    "APPROVEREMAIL0",
                    to,
                    "is not an email address",
                ));
            }
            Ok(Validation::Email(to.into()))
        }
        Some(_) => Err(Error::invalid(
            "AUTHMETHOD",
            format_args!("({}) is not EMAIL, DNS or FILE", method.unwrap_or("")),
        )),
    }
}

/// APPROVEREMAIL0 (or APPROVEREMAIL), sent non-empty.
pub(super) fn read_approver<'a>(args: &mut Args<'a>) -> Option<&'a str> {
    let first = args
        .optional("APPROVEREMAIL")
        .filter(|value| !value.is_empty());
    let listed = args
        .list("APPROVEREMAIL")
        .into_iter()
        .map(|(_, value)| value);
    first.or_else(|| listed.into_iter().find(|value| !value.is_empty()))
}

/// Orders a certificate of CNR TYPE CLASS for the CSR's names, as
/// CreateSSLCert orders one (charged one year of the class's price at once,
/// `546` past the credit limit with nothing made; PENDING until validated),
/// with the CNR contact handles and AUTHMETHOD. The handles must be the
/// account's contacts (`545`, `531`); ADMIN/TECH/BILLING default to the
/// owner. Answers StatusCertificate's properties (CERTIFICATE is the id).
///
/// ```text
/// COMMAND         = AddCertificate
/// CLASS           = <TYPE of QueryServiceList SERVICE=certificate>
/// PERIOD          = 1 | 1Y | 365D                      (optional)
/// CSR0..N         = <the PEM lines>
/// DOMAIN0..N      = <the CSR's CN and SANs>            (optional)
/// AUTHMETHOD      = EMAIL (default) | DNS | FILE
/// APPROVEREMAIL0  = <approver address>                 (EMAIL: required)
/// OWNERCONTACT0   = <handle>;  ADMINCONTACT0, TECHCONTACT0, BILLINGCONTACT0 (optional)
/// WEBSERVERTYPE   = <text>                             (optional)
/// ---
/// property[certificate|status|authmethod|dnsauthname|fileauthname|...][n]
/// ```
pub(super) fn add_certificate(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let type_name = args.required("CLASS")?;
    let class = cnr_ssl_class(type_name).ok_or_else(|| {
        Error::invalid(
            "CLASS",
            format_args!("({type_name}) is not a TYPE of QueryServiceList SERVICE=certificate"),
        )
    })?;
    read_period(args)?;
    let domains = names(args, "DOMAIN");
    let method = args.optional("AUTHMETHOD");
    let approver = read_approver(args);
    let server = args.optional("WEBSERVERTYPE").filter(|v| !v.is_empty());
    let mut handles: Vec<(&str, &str)> = Vec::new();
    for name in HANDLES {
        if let Some(handle) = args.optional(name).filter(|v| !v.trim().is_empty()) {
            handles.push((name, handle.trim()));
        }
    }
    let (lines, csr) = read_csr(args)?;
    args.finish()?;
    check_names(&csr, None, &domains, &[], class)?;
    let validation = read_method(method, approver)?;
    let owner = ctx.owner().to_owned();
    let Some(&(_, owner_handle)) = handles.first().filter(|(name, _)| *name == HANDLES[0]) else {
        return Err(Error::missing("OWNERCONTACT0"));
    };
    for &(name, handle) in &handles {
        let contact = ctx.system.contact(handle).ok_or_else(|| {
            Error::ObjectNotFound(format!("{name}: contact {handle} does not exist"))
        })?;
        if contact.owner != owner {
            let object = format!("{name}: contact {handle}");
            return Err(ctx.system.not_held(&owner, &contact.owner, object));
        }
    }
    let price = ctx.system.ssl_price(&owner, class)?;
    let mut sent: Vec<(Box<str>, Box<str>)> = vec![
        ("CLASS".into(), cnr_ssl_type(class.name).into()),
        ("PERIOD".into(), "1".into()),
    ];
    for (n, line) in lines.iter().enumerate() {
        sent.push((format!("CSR{n}").into(), line.clone()));
    }
    sent.push(("AUTHMETHOD".into(), auth_method(&validation).into()));
    if let Some(approver) = approver {
        sent.push(("APPROVEREMAIL0".into(), approver.into()));
    }
    for name in HANDLES {
        let handle = handles.iter().find(|(sent, _)| *sent == name);
        let handle = handle.map_or(owner_handle, |(_, handle)| handle);
        sent.push((name.into(), handle.into()));
    }
    if let Some(server) = server {
        sent.push(("WEBSERVERTYPE".into(), server.into()));
    }
    let charged = Charged {
        price,
        currency: ctx.system.currency_of(&owner).into(),
        at: ctx.now,
    };
    let cert = SslCert::pending(class.name, csr, lines, validation, charged);
    let what = format!("AddCertificate {} {}", cnr_ssl_type(class.name), cert.cn);
    let placed = Placed {
        command: "AddCertificate",
        params: sent,
        field: "CLASS",
        kind: LedgerKind::CreateSslCert,
        what: &what,
    };
    let id = place_certificate(ctx, &owner, cert, placed)?;
    status_response(ctx, id)
}

/// PERIOD as otebox issues certificates: one year (`1`, `1Y`, `365D`), else `541`.
pub(super) fn read_period(args: &mut Args<'_>) -> Result<()> {
    let period = args.optional("PERIOD").unwrap_or("1").trim();
    match period.to_ascii_uppercase().as_str() {
        "" | "1" | "1Y" | "365D" | "12M" => Ok(()),
        _ => Err(Error::invalid(
            "PERIOD",
            format_args!("({period}) otebox issues certificates for 1 year (1Y, 365D)"),
        )),
    }
}

/// AUTHMETHOD's name of a validation.
pub(super) fn auth_method(validation: &Validation) -> &'static str {
    match validation {
        Validation::DnsZone => "DNS",
        Validation::Url => "FILE",
        Validation::Email(_) => "EMAIL",
    }
}

/// CERTIFICATE as digits (`505`) naming one of the account's certificates
/// (`545`, another account's too).
pub(super) fn find_certificate<'s>(
    args: &mut Args<'_>,
    ctx: &'s Ctx<'_>,
) -> Result<(u64, &'s Order, &'s SslCert)> {
    let text = args.required("CERTIFICATE")?;
    let id: u64 = text
        .trim()
        .parse()
        .map_err(|_| Error::syntax_rule("CERTIFICATE", text, "is not a certificate id (digits)"))?;
    let owner = ctx.owner();
    let order = ctx.system.order(owner, id);
    let found = order.and_then(|order| Some((order, order.ssl.as_deref()?)));
    found.map(|(order, cert)| (id, order, cert)).ok_or_else(|| {
        Error::ObjectNotFound(format!(
            "CERTIFICATE: {id} is not one of {owner}'s certificates"
        ))
    })
}

/// The StatusCertificate answer of the account's certificate `id`.
pub(super) fn status_response(ctx: &Ctx<'_>, id: u64) -> Result<Response> {
    let owner = ctx.owner();
    let order = ctx.system.order(owner, id).ok_or_else(|| {
        Error::ObjectNotFound(format!(
            "CERTIFICATE: {id} is not one of {owner}'s certificates"
        ))
    })?;
    let mut response = Response::ok();
    push_certificate(&mut response, id, order);
    Ok(response)
}

/// A certificate of the account, made in either dialect: PENDING until
/// validated, then ACTIVE with CRT (signed by the otebox test CA) and
/// CACRT, or FAILED or REVOKED (HEXONET's `registry::ssl`).
///
/// ```text
/// COMMAND     = StatusCertificate
/// CERTIFICATE = <id>
/// ---
/// property[certificate|status|class|csr|crt|cacrt|approveremail|authmethod|
///          certificateexpirationdate|ownercontact|webservertype|...][n]
/// ```
pub(super) fn status_certificate(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let (id, _, _) = find_certificate(args, ctx)?;
    args.finish()?;
    status_response(ctx, id)
}

/// The properties of certificate `id` (its order `order`) in CNR names, in
/// one place: what AddCertificate, StatusCertificate, RenewCertificate and
/// ReissueCertificate answer. Handles, approver and web server type come
/// from the order's parameters (a HEXONET order has no handles: empty).
pub(super) fn push_certificate(response: &mut Response, id: u64, order: &Order) {
    let Some(cert) = order.ssl.as_deref() else {
        return;
    };
    let param = |name: &str| order.param(name).unwrap_or("").to_owned();
    let owner_handle = param("OWNERCONTACT0");
    let approver = match &cert.validation {
        Validation::Email(to) => to.to_string(),
        _ => param("APPROVEREMAIL0"),
    };
    let server = order
        .param("WEBSERVERTYPE")
        .or_else(|| order.param("SERVERSOFTWARE"))
        .unwrap_or("");
    let crt = issued_crt(id, cert);
    response
        .push("admincontact", param("ADMINCONTACT0"))
        .push("approveremail", approver)
        .push("authmethod", auth_method(&cert.validation))
        .push("billingcontact", param("BILLINGCONTACT0"));
    if crt.is_some() {
        for line in ca_pem().lines() {
            response.push_str("cacrt", line);
        }
    }
    response
        .push("certificate", id)
        .push("certificateexpirationdate", expiry(cert))
        .push("class", cnr_ssl_type(&cert.class))
        .push("cn", &cert.cn)
        .push("createddate", order.created.datetime());
    for line in crt.iter().flat_map(|crt| crt.lines()) {
        response.push_str("crt", line);
    }
    for line in &cert.csr {
        response.push_str("csr", line);
    }
    response.push("currency", &cert.currency);
    if let Validation::DnsZone = cert.validation {
        let (host, target) = cert.dns_record(id);
        response.push("dnsauthname", format_args!("{host} CNAME {target}"));
    }
    for name in cert.names() {
        response.push_str("domain", name);
    }
    if let Validation::Url = cert.validation {
        let (url, content) = cert.url_file(id);
        response
            .push("fileauthcontents", content)
            .push("fileauthname", url);
    }
    response.push("ownercontact", owner_handle);
    if let Some((old, _)) = cert.renews {
        response.push("parent certificate", old);
    }
    response
        .push("price", cert.price)
        .push("status", cert.status.as_str())
        .push("techcontact", param("TECHCONTACT0"))
        .push(
            "updateddate",
            order.updated.unwrap_or(order.created).datetime(),
        )
        .push("webservertype", server);
}
