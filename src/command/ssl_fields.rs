//! The arguments of the SSL certificate commands (SSLCERT, HEXONET): CSR0..N,
//! the names that must match the CSR, the validation method and approver,
//! and the contact fields kept with the order. Reads and checks only; must
//! not touch the registry (`ssl.rs` orders, `registry/ssl.rs` keeps).

use super::Args;
use crate::error::{Error, Result};
use crate::registry::ssl::{SslCert, SslClass, Validation, ssl_class};
use crate::registry::ssl_csr::{Csr, parse_csr};
use crate::registry::{ContactData, DomainName};

/// The contact parameter prefixes CreateSSLCert reads (none = the default contact).
pub(super) const CONTACTS: [&str; 5] = [
    "",
    "OWNERCONTACT0",
    "ADMINCONTACT",
    "TECHCONTACT",
    "BILLINGCONTACT",
];

/// The fields of a contact.
pub(super) const FIELDS: [&str; 16] = [
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
pub(super) fn names(args: &mut Args<'_>, stem: &str) -> Vec<String> {
    let values = args.list(stem).into_iter().map(|(_, value)| value.trim());
    values
        .filter(|value| !value.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// `541` unless the CSR's CN (and SANs) are what SSLCERTDOMAIN, DOMAIN0..N
/// and ALTERNATECN0..N say, and its names are domain names the class covers.
pub(super) fn check_names(
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
                        "{name} is a wildcard name; {} does not cover it (a _WILDCARD class does)",
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

/// The EMAIL validation's approver as sent: EMAIL, else the first
/// VALIDATIONEMAIL<n> with a value.
pub(super) fn read_approver<'a>(args: &mut Args<'a>) -> Option<&'a str> {
    let approver = args.optional("EMAIL").filter(|value| !value.is_empty());
    approver.or_else(|| {
        let sent = args.list("VALIDATIONEMAIL").into_iter();
        sent.map(|(_, value)| value).find(|value| !value.is_empty())
    })
}

/// The order command's parameter that names `validation`: EMAIL with the
/// approver, else VALIDATION0 with the method.
pub(super) fn validation_param(validation: &Validation) -> (Box<str>, Box<str>) {
    match validation {
        Validation::Email(to) => ("EMAIL".into(), to.clone()),
        other => ("VALIDATION0".into(), other.as_str().into()),
    }
}

/// `541` unless a reissue's or a renewal's `csr` keeps the certificate's CN.
pub(super) fn same_cn(csr: &Csr, cert: &SslCert) -> Result<()> {
    if csr.cn.eq_ignore_ascii_case(&cert.cn) {
        return Ok(());
    }
    Err(Error::invalid(
        "CSR",
        format_args!(
            "its common name {} is not the certificate's {}",
            csr.cn, cert.cn
        ),
    ))
}

/// The class certificate `id` was ordered in (`541` once no longer sold).
pub(super) fn class_of(id: u64, cert: &SslCert) -> Result<&'static SslClass> {
    ssl_class(&cert.class).ok_or_else(|| {
        Error::invalid(
            "SSLCERTID",
            format_args!("{id}'s class {} is no longer sold", cert.class),
        )
    })
}

/// VALIDATION0 (or VALIDATION) with the approver address: DNSZONE, URL,
/// else EMAIL to EMAIL / VALIDATIONEMAIL0, else the contact's EMAIL.
pub(super) fn validation_of(
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

/// The property name of a contact field: `ADMINCONTACT` + `CITY` →
/// `ADMINCONTACT0CITY`, the default contact's bare (`CITY`).
fn contact_key(prefix: &str, field: &str) -> String {
    match prefix {
        "" | "OWNERCONTACT0" => format!("{prefix}{field}"),
        _ => format!("{prefix}0{field}"),
    }
}

/// The contact fields `value` finds under the names CreateSSLCert takes
/// (`ADMINCONTACTCITY` or `ADMINCONTACT0CITY`), by property name
/// (`ADMINCONTACT0CITY`), in [`CONTACTS`] × [`FIELDS`] order.
pub(super) fn contact_fields<'v>(
    mut value: impl FnMut(&str) -> Option<&'v str>,
) -> Vec<(Box<str>, Box<str>)> {
    let mut found = Vec::new();
    for prefix in CONTACTS {
        for field in FIELDS {
            let mut got = None;
            // Both spellings are read (so neither is an unknown parameter).
            for name in [format!("{prefix}{field}"), format!("{prefix}0{field}")] {
                if let Some(sent) = value(&name) {
                    got.get_or_insert(sent);
                }
            }
            if let Some(got) = got {
                found.push((contact_key(prefix, field).into(), got.into()));
            }
        }
    }
    found
}

/// The fields of contact `data` as certificate contact `prefix`'s
/// properties (`OWNERCONTACT0FIRSTNAME`, ...), empty ones left out.
pub(super) fn handle_fields(prefix: &str, data: &ContactData) -> Vec<(Box<str>, Box<str>)> {
    let name = format!("{} {}", data.first_name, data.last_name);
    let street = data.street.join(", ");
    let fields = [
        ("ORGANIZATION", data.organization.as_str()),
        ("FIRSTNAME", &data.first_name),
        ("MIDDLENAME", &data.middle_name),
        ("LASTNAME", &data.last_name),
        ("NAME", name.trim()),
        ("TITLE", &data.title),
        ("EMAIL", &data.email),
        ("STREET", &street),
        ("CITY", &data.city),
        ("STATE", &data.state),
        ("ZIP", &data.zip),
        ("COUNTRY", &data.country),
        ("PHONE", &data.phone),
        ("FAX", &data.fax),
    ];
    let fields = fields.into_iter().filter(|(_, value)| !value.is_empty());
    fields
        .map(|(field, value)| (contact_key(prefix, field).into(), value.into()))
        .collect()
}

/// INTERNALDNS: `0` is taken; `1` (the platform makes a zone holding the
/// validation record) is `541` naming why, in CreateSSLCert, RenewSSLCert
/// and ReissueSSLCert alike: otebox makes no validation zone, the tester
/// adds VALIDATIONDNSRR to the domain's otebox zone.
pub(super) fn refuse_internal_dns(args: &mut Args<'_>) -> Result<()> {
    if args.flag("INTERNALDNS")? == Some(true) {
        return Err(Error::invalid(
            "INTERNALDNS",
            "otebox makes no validation zone: add VALIDATIONDNSRR to the domain's otebox zone (ModifyDNSZone)",
        ));
    }
    Ok(())
}
