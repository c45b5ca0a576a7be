//! QuerySSLCertList, ParseSSLCertCSR and QuerySSLCertDCVEMailAddressList
//! (SSLCERT, HEXONET): read the account's certificates (`registry/ssl.rs`),
//! a CSR or a domain's approver addresses; change nothing.
//! Ordering and status are `ssl.rs`.

use super::ssl::{expiry, find_cert};
use super::ssl_fields::read_csr;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::registry::order::Order;
use crate::registry::ssl::{SslCert, SslStatus, Validation, ssl_class};
use crate::wire::Response;

/// The account's certificates, oldest first, with their CN, class, status
/// and dates.
///
/// ```text
/// COMMAND = QuerySSLCertList
/// ---
/// PROPERTY[SSLCERTID|CN|CLASS|STATUS|CREATEDDATE|EXPIRATIONDATE][n], PROPERTY[COUNT|TOTAL][0]
/// ```
pub(super) fn query_ssl_cert_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    let rows: Vec<(u64, &Order, &SslCert, SslStatus)> = ctx
        .system
        .orders_of(ctx.owner())
        .filter_map(|(id, order)| {
            let cert = order.ssl.as_deref()?;
            Some((id, order, cert, cert.status))
        })
        .collect();
    let mut response = Response::ok();
    for row in &rows {
        response.push("CLASS", &row.2.class);
    }
    for row in &rows {
        response.push("CN", &row.2.cn);
    }
    response.push("COUNT", rows.len());
    for row in &rows {
        response.push("CREATEDDATE", row.1.created.datetime());
    }
    for row in &rows {
        response.push("EXPIRATIONDATE", expiry(row.2));
    }
    for row in &rows {
        response.push("SSLCERTID", row.0);
    }
    for row in &rows {
        response.push("STATUS", row.3.as_str());
    }
    response.push("TOTAL", rows.len());
    Ok(response)
}

/// What a CSR says (CN, SANs, organization, key), without ordering.
///
/// ```text
/// COMMAND = ParseSSLCertCSR
/// CSR0..N = <the PEM lines>
/// ---
/// PROPERTY[CN|ALTERNATECN|ORGANIZATION|KEYTYPE|KEYLENGTH][n]
/// ```
pub(super) fn parse_ssl_cert_csr(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let (_, csr) = read_csr(args)?;
    args.finish()?;
    let mut response = Response::ok();
    for san in &csr.sans {
        response.push("ALTERNATECN", san);
    }
    response
        .push("CN", &csr.cn)
        .push("KEYLENGTH", csr.key_bits)
        .push("KEYTYPE", csr.key_type)
        .push("ORGANIZATION", &csr.organization);
    Ok(response)
}

/// The mailboxes a CA accepts as the approver of a domain, in the
/// reference's order (LEVEL `GENERIC`).
const APPROVERS: [&str; 5] = [
    "admin",
    "administrator",
    "hostmaster",
    "webmaster",
    "postmaster",
];

/// The approver addresses of a domain: `admin@`, `administrator@`,
/// `hostmaster@`, `webmaster@` and `postmaster@` the domain (DOMAIN, else
/// the CSR's CN; a wildcard's and a `www.` name's base), LEVEL `GENERIC`.
/// With SSLCERTID, the certificate's own approver address (none unless it
/// has EMAIL validation): `GENERIC` if one of those, else `WHOIS` (the
/// applicant's). SSLCERTCLASS, if sent, must be a class (`541`).
///
/// ```text
/// COMMAND      = QuerySSLCertDCVEMailAddressList
/// SSLCERTID    = <id>  |  DOMAIN = <name>  |  CSR0..N = <the PEM lines>
/// SSLCERTCLASS = <class>                                (optional)
/// ---
/// PROPERTY[EMAIL|LEVEL][n]
/// ```
pub(super) fn query_ssl_cert_dcv_email_address_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let class = args.optional("SSLCERTCLASS").filter(|v| !v.is_empty());
    if let Some(class) = class.filter(|class| ssl_class(class).is_none()) {
        return Err(Error::invalid(
            "SSLCERTCLASS",
            format_args!(
                "({class}) is not a class of StatusUser's PRICE_CLASS_SSLCERT_<CLASS>_ANNUAL"
            ),
        ));
    }
    let domain = args.optional("DOMAIN").filter(|value| !value.is_empty());
    let csr = match args.present("CSR0") {
        true => Some(read_csr(args)?.1),
        false => None,
    };
    let rows: Vec<(String, &str)> = if args.present("SSLCERTID") {
        let (_, _, cert) = find_cert(args, ctx)?;
        args.finish()?;
        match &cert.validation {
            Validation::Email(to) => {
                let generic = APPROVERS
                    .iter()
                    .any(|local| **to == format!("{local}@{}", approver_domain(&cert.cn)));
                let level = if generic { "GENERIC" } else { "WHOIS" };
                vec![(to.to_string(), level)]
            }
            _ => Vec::new(),
        }
    } else {
        args.finish()?;
        let (param, name) = match (domain, &csr) {
            (Some(domain), _) => ("DOMAIN", domain.to_ascii_lowercase()),
            (None, Some(csr)) => ("CSR", csr.cn.clone()),
            (None, None) => return Err(Error::missing("DOMAIN")),
        };
        let base = approver_domain(&name);
        if DomainName::parse(base).is_err() || !base.contains('.') {
            return Err(Error::syntax_rule(param, &name, "is not a domain name"));
        }
        let rows = APPROVERS
            .iter()
            .map(|local| (format!("{local}@{base}"), "GENERIC"));
        rows.collect()
    };
    let mut response = Response::ok();
    for (email, _) in &rows {
        response.push("EMAIL", email);
    }
    for (_, level) in &rows {
        response.push("LEVEL", level);
    }
    Ok(response)
}

/// The domain whose mailboxes approve `name`: without `*.` or `www.`.
fn approver_domain(name: &str) -> &str {
    let name = name.strip_prefix("*.").unwrap_or(name);
    name.strip_prefix("www.").unwrap_or(name)
}
