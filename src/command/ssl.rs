//! SSL certificates (SSLCERT, HEXONET): CreateSSLCert and StatusSSLCert
//! (QuerySSLCertList and ParseSSLCertCSR are `ssl_list.rs`). A certificate is an order of the
//! account (`registry/order.rs`, SSLCERTID = ORDERID, so QueryOrderList
//! shows it); the classes, prices and validation are `registry/ssl.rs`,
//! CSR reading and signing `registry/ssl_csr.rs`. Changes nothing but
//! certificate orders and the one charge.

use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::ledger::{Item as LedgerItem, Kind as LedgerKind};
use crate::registry::order::{Order, OrderStatus};
use crate::registry::ssl::{SslCert, SslClass, SslStatus, Validation, ssl_class};
use crate::registry::ssl_csr::{Csr, ca_pem, parse_csr, sign};
use crate::registry::{DomainName, Timestamp};
use crate::wire::Response;

/// The contact parameter prefixes CreateSSLCert reads (none = the default contact).
const CONTACTS: [&str; 5] = [
    "",
    "OWNERCONTACT0",
    "ADMINCONTACT",
    "TECHCONTACT",
    "BILLINGCONTACT",
];

/// The fields of a contact.
const FIELDS: [&str; 16] = [
    "ORGANIZATION",
    "FIRSTNAME",
    "MIDDLENAME",
    "LASTNAME",
    "NAME",
    "JOBTITLE",
    "TITLE",
    "EMAIL",
    "STREET",
    "CITY",
    "PROVINCE",
    "STATE",
    "ZIP",
    "COUNTRY",
    "PHONE",
    "FAX",
];

/// Days an issued certificate is valid (PERIOD is one year).
const VALID_DAYS: u64 = 365;

/// CSR0..N joined as PEM (`504` CSR0 without one): the lines as sent,
/// empty ones dropped; `505` for what is not a CSR.
pub(super) fn read_csr(args: &mut Args<'_>) -> Result<(Vec<Box<str>>, Csr)> {
    let lines: Vec<Box<str>> = args
        .list("CSR")
        .into_iter()
        .map(|(_, line)| line.trim())
        .filter(|line| !line.is_empty())
        .map(Box::from)
        .collect();
    if lines.is_empty() {
        return Err(Error::missing("CSR0"));
    }
    let pem = lines.join("\n");
    let csr = parse_csr(&pem)
        .map_err(|rule| Error::syntax_rule("CSR", lines.first().map_or("", |line| line), rule))?;
    Ok((lines, csr))
}

/// The names sent as `stem0..N`, lower case, empty ones dropped.
fn names(args: &mut Args<'_>, stem: &str) -> Vec<String> {
    let values = args.list(stem).into_iter().map(|(_, value)| value.trim());
    values
        .filter(|value| !value.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// `541` unless the CSR's CN (and SANs) are what SSLCERTDOMAIN, DOMAIN0..N
/// and ALTERNATECN0..N say, and its names are domain names the class covers.
fn check_names(
    csr: &Csr,
    domain: Option<&str>,
    domains: &[String],
    alternate: &[String],
    class: &SslClass,
) -> Result<()> {
    if let Some(domain) = domain.filter(|domain| !domain.eq_ignore_ascii_case(&csr.cn)) {
        return Err(Error::invalid(
            "SSLCERTDOMAIN",
            format_args!("{domain} is not the CSR's common name {}", csr.cn),
        ));
    }
    let others: Vec<&String> = csr.sans.iter().filter(|san| **san != csr.cn).collect();
    if !domains.is_empty() {
        let wanted: Vec<&String> = std::iter::once(&csr.cn)
            .chain(others.iter().copied())
            .collect();
        if domains.iter().collect::<Vec<_>>() != wanted {
            return Err(Error::invalid(
                "DOMAIN",
                format_args!(
                    "({}) is not the CSR's CN and SANs ({})",
                    domains.join(" "),
                    join(&wanted)
                ),
            ));
        }
    }
    if !alternate.is_empty() && alternate.iter().ne(csr.sans.iter()) {
        return Err(Error::invalid(
            "ALTERNATECN",
            format_args!(
                "({}) is not the CSR's SANs ({})",
                alternate.join(" "),
                match csr.sans.is_empty() {
                    true => "it has none".to_owned(),
                    false => csr.sans.join(" "),
                }
            ),
        ));
    }
    for name in std::iter::once(&csr.cn).chain(&csr.sans) {
        let base = match name.strip_prefix("*.") {
            Some(base) if class.wildcard => base,
            Some(_) => {
                return Err(Error::invalid(
                    "CSR",
                    format_args!(
                        "{name} is a wildcard name; {} does not cover it (COMODO_WILDCARDSSL does)",
                        class.name
                    ),
                ));
            }
            None => name,
        };
        if DomainName::parse(base).is_err() || !base.contains('.') {
            return Err(Error::invalid(
                "CSR",
                format_args!("{name} is not a domain name"),
            ));
        }
    }
    if 1 + others.len() > class.max_names {
        return Err(Error::invalid(
            "CSR",
            format_args!(
                "{} names; {} covers at most {}",
                1 + others.len(),
                class.name,
                class.max_names
            ),
        ));
    }
    Ok(())
}

fn join(names: &[&String]) -> String {
    let names: Vec<&str> = names.iter().map(|name| name.as_str()).collect();
    names.join(" ")
}

/// VALIDATION0 (or VALIDATION) with the approver address: DNSZONE, URL,
/// else EMAIL to EMAIL / VALIDATIONEMAIL0, else the contact's EMAIL.
fn validation_of(
    method: Option<&str>,
    approver: Option<&str>,
    params: &[(Box<str>, Box<str>)],
) -> Result<Validation> {
    match method {
        Some("dnszone") => Ok(Validation::DnsZone),
        Some("url") => Ok(Validation::Url),
        None | Some("email") | Some("") => {
            let contact = params.iter().find(|(key, _)| &**key == "EMAIL");
            let to = approver.or(contact.map(|(_, value)| &**value));
            let to = to.ok_or_else(|| Error::missing("EMAIL"))?;
            if !to.contains('@') {
                return Err(Error::syntax_rule("EMAIL", to, "is not an email address"));
            }
            Ok(Validation::Email(to.into()))
        }
        Some(other) => Err(Error::invalid(
            "VALIDATION0",
            format_args!("({other}) is not DNSZONE, URL or EMAIL"),
        )),
    }
}

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
/// EMAIL / VALIDATIONEMAIL0, SERVERSOFTWARE, INTERNALDNS, contact fields (optional)
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
    let approver = args.optional("EMAIL").filter(|value| !value.is_empty());
    let approver = approver.or_else(|| {
        let sent = args.list("VALIDATIONEMAIL").into_iter();
        sent.map(|(_, value)| value).find(|value| !value.is_empty())
    });
    let mut params: Vec<(Box<str>, Box<str>)> = Vec::new();
    for name in ["SERVERSOFTWARE", "INTERNALDNS"] {
        if let Some(value) = args.optional(name) {
            params.push((name.into(), value.into()));
        }
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
    match &validation {
        Validation::Email(to) => sent.push(("EMAIL".into(), to.clone())),
        other => sent.push(("VALIDATION0".into(), other.as_str().into())),
    }
    sent.extend(params);
    let cert = SslCert {
        class: class.name.into(),
        cn: csr.cn.as_str().into(),
        sans: csr
            .sans
            .iter()
            .filter(|san| **san != csr.cn)
            .map(|san| san.as_str().into())
            .collect(),
        csr: lines,
        organization: csr.organization.into(),
        key_type: csr.key_type.into(),
        key_bits: csr.key_bits,
        validation,
        price,
        currency: ctx.system.currency_of(&owner).into(),
    };
    let what = format!("CreateSSLCert {} {}", class.name, cert.cn);
    let description = cert.cn.clone();
    let item = LedgerItem {
        kind: LedgerKind::CreateSslCert,
        description: &description,
        months: 12,
        price,
        what: &what,
    };
    // Refused before anything is kept: a certificate is not half-created.
    ctx.system
        .check_charge(&owner, &item)
        .map_err(|error| ctx.system.credit_hint(&owner, error))?;
    let order = Order {
        command: "CreateSSLCert".into(),
        object: cert.cn.clone(),
        params: sent,
        created: ctx.now,
        updated: Some(ctx.now),
        status: OrderStatus::Successful,
        errors: 0,
        last: Some((200, "Command completed successfully".into())),
        ssl: Some(Box::new(cert)),
    };
    let id = ctx.system.place_order(&owner, order).ok_or_else(|| {
        Error::CommandFailed(format!(
            "SSLCERTCLASS: {owner} keeps too many orders already"
        ))
    })?;
    ctx.charge(item)?;
    let order = ctx
        .system
        .order(&owner, id)
        .ok_or_else(|| not_found(id, &owner))?;
    let mut response = Response::ok();
    push_status(&mut response, id, order, SslStatus::Pending);
    Ok(response)
}

fn not_found(id: u64, owner: &str) -> Error {
    Error::ObjectNotFound(format!(
        "SSLCERTID: {id} is not one of {owner}'s certificates (QuerySSLCertList lists them)"
    ))
}

/// SSLCERTID as digits (`505`) naming one of the account's certificates (`545`).
fn find_cert<'s>(args: &mut Args<'_>, ctx: &'s Ctx<'_>) -> Result<(u64, &'s Order)> {
    let text = args.required("SSLCERTID")?;
    let id: u64 = text
        .parse()
        .map_err(|_| Error::syntax_rule("SSLCERTID", text, "is not a certificate id (digits)"))?;
    args.finish()?;
    let owner = ctx.owner();
    ctx.system
        .order(owner, id)
        .filter(|order| order.ssl.is_some())
        .map(|order| (id, order))
        .ok_or_else(|| not_found(id, owner))
}

/// The expiry of a certificate issued at `issued` (EXPIRATIONDATE).
pub(super) fn expiry(status: SslStatus) -> String {
    match status {
        SslStatus::Active(issued) => Timestamp(issued.0 + VALID_DAYS * 86_400)
            .datetime()
            .to_string(),
        _ => "0000-00-00 00:00:00".to_owned(),
    }
}

/// The properties CreateSSLCert and StatusSSLCert answer, in one place.
fn push_status(response: &mut Response, id: u64, order: &Order, status: SslStatus) {
    let Some(cert) = order.ssl.as_deref() else {
        return;
    };
    for san in &cert.sans {
        response.push("ALTERNATECN", san);
    }
    // The CRT signed by the otebox test CA once issued (CACRT its certificate).
    let crt = match status {
        SslStatus::Active(issued) => sign(&cert.csr.join("\n"), id, issued, VALID_DAYS),
        _ => None,
    };
    if crt.is_some() {
        for line in ca_pem().lines() {
            response.push("CACRT", line);
        }
    }
    response
        .push("CLASS", &cert.class)
        .push("CN", &cert.cn)
        .push("CREATEDDATE", order.created.datetime());
    if let Some(crt) = &crt {
        for line in crt.lines() {
            response.push("CRT", line);
        }
    }
    for line in &cert.csr {
        response.push("CSR", line);
    }
    response
        .push("CSRORGANIZATION", &cert.organization)
        .push("CURRENCY", &cert.currency);
    for name in cert.names() {
        response.push("DOMAIN", name);
    }
    response
        .push("DOMAINCOUNT", 1 + cert.sans.len())
        .push("EXPIRATIONDATE", expiry(status))
        .push("KEYLENGTH", cert.key_bits)
        .push("KEYTYPE", &cert.key_type)
        .push("ORDERID", id)
        .push("PRICE", cert.price)
        .push("SSLCERTID", id)
        .push("STATUS", status.as_str());
    match &cert.validation {
        Validation::DnsZone => {
            let (host, target) = cert.dns_record(id);
            response.push("VALIDATION", "DNSZONE");
            response.push("VALIDATIONDNSRR", format_args!("{host} CNAME {target}"));
        }
        Validation::Url => {
            let (url, content) = cert.url_file(id);
            response.push("VALIDATION", "URL");
            response.push("VALIDATIONURL", url);
            response.push("VALIDATIONURLCONTENT", content);
        }
        Validation::Email(to) => {
            response.push("VALIDATION", "EMAIL");
            response.push("VALIDATIONEMAIL", to);
        }
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
    let (id, order) = find_cert(args, ctx)?;
    let cert = order
        .ssl
        .as_deref()
        .ok_or_else(|| not_found(id, ctx.owner()))?;
    let status = ctx.system.ssl_status(id, cert, order.created, ctx.now);
    let mut response = Response::ok();
    push_status(&mut response, id, order, status);
    Ok(response)
}
