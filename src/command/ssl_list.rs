//! QuerySSLCertList, ParseSSLCertCSR and QuerySSLCertDCVEMailAddressList
//! (SSLCERT, HEXONET): read the account's certificates (`registry/ssl.rs`),
//! a CSR or a domain's approver addresses; change nothing. The list's
//! FIRST/LIMIT, ORDERBY, USERDEPTH, patterns and dates are `list.rs`'s;
//! ordering and status are `ssl.rs`.

use super::list::{OrderBy, Page, UserDepth, glob, read_date, read_end_date};
use super::ssl::{expiry, find_cert};
use super::ssl_fields::read_csr;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::order::Order;
use crate::registry::ssl::{SslCert, Validation, ssl_class};
use crate::registry::{DomainName, Timestamp};
use crate::wire::Response;

/// LIMIT when the request gives none (the reference's default).
const DEFAULT_LIMIT: usize = 10_000;

/// ORDERBY's keys, each optionally with `DESC`; the first is the default.
const ORDER_KEYS: [&str; 7] = [
    "SSLCERTID",
    "CREATEDDATE",
    "EXPIRATIONDATE",
    "SSLCERTCLASS",
    "SSLCERTCN",
    "STATUS",
    "UPDATEDDATE",
];

/// A MIN/MAX date pair.
type Span = (Option<Timestamp>, Option<Timestamp>);

/// One listed certificate: its id, account, order and certificate.
struct Listed<'s> {
    id: u64,
    owner: &'s str,
    order: &'s Order,
    cert: &'s SslCert,
}

impl Listed<'_> {
    /// The last change of its order (StatusSSLCert's UPDATEDDATE).
    fn updated(&self) -> Timestamp {
        self.order.updated.unwrap_or(self.order.created)
    }
}

/// The filters of one QuerySSLCertList request.
struct CertFilter<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    status: Option<&'a str>,
    cn: Option<&'a str>,
    created: Span,
    updated: Span,
    expires: Span,
}

fn within(at: Timestamp, (min, max): Span) -> bool {
    min.is_none_or(|min| at >= min) && max.is_none_or(|max| at <= max)
}

impl<'a> CertFilter<'a> {
    fn read(args: &mut Args<'a>) -> Result<Self> {
        let span = |args: &mut Args<'a>, min: &str, max: &str| -> Result<Span> {
            Ok((read_date(args, min)?, read_end_date(args, max)?))
        };
        Ok(CertFilter {
            class: args.optional("SSLCERTCLASS"),
            id: args.optional("SSLCERTID"),
            status: args.optional("STATUS"),
            cn: args.optional("SSLCERTCN"),
            created: span(args, "MINCREATEDDATE", "MAXCREATEDDATE")?,
            updated: span(args, "MINUPDATEDDATE", "MAXUPDATEDDATE")?,
            expires: span(args, "MINEXPIRATIONDATE", "MAXEXPIRATIONDATE")?,
        })
    }

    /// Whether `row` passes: patterns ignore case; a certificate not yet
    /// issued has no expiration date, so an expiration bound leaves it out.
    fn matches(&self, row: &Listed<'_>) -> bool {
        let pattern = |pattern: Option<&str>, value: &str| pattern.is_none_or(|p| glob(p, value));
        let no_bound = self.expires == (None, None);
        pattern(self.class, &row.cert.class)
            && pattern(self.id, &row.id.to_string())
            && pattern(self.status, row.cert.status.as_str())
            && pattern(self.cn, &row.cert.cn)
            && within(row.order.created, self.created)
            && within(row.updated(), self.updated)
            && (no_bound || row.cert.expires.is_some_and(|at| within(at, self.expires)))
    }
}

/// The certificates of the view (USERDEPTH: its subusers' too), filtered,
/// sorted (ties by SSLCERTID) and paged. SSLCERTCLASS, SSLCERTID, STATUS and
/// SSLCERTCN are `*` patterns ignoring case; a MAX date alone is its day's
/// last second; UPDATEDDATE is StatusSSLCert's (the order's last change).
///
/// ```text
/// COMMAND      = QuerySSLCertList
/// SSLCERTCLASS, SSLCERTID, STATUS, SSLCERTCN = <pattern>     (optional)
/// MINCREATEDDATE, MAXCREATEDDATE, MINUPDATEDDATE, MAXUPDATEDDATE,
/// MINEXPIRATIONDATE, MAXEXPIRATIONDATE = YYYY-MM-DD[ hh:mm:ss]
/// ORDERBY      = SSLCERTID | CREATEDDATE | EXPIRATIONDATE | SSLCERTCLASS | SSLCERTCN
///                | STATUS | UPDATEDDATE, each with DESC      (default SSLCERTID)
/// USERDEPTH    = SELF | SUBUSER | ALL  (default SELF),  WIDE = 0 | 1
/// FIRST        = <n> (default 0),  LIMIT = <n> (default 10000)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[SSLCERTID][n]
/// WIDE=1 adds PROPERTY[PARENTUSER|PEERUSER|SSLCERTCLASS|SSLCERTCN|SSLCERTCREATEDDATE|
///   SSLCERTEXPIRATIONDATE|SSLCERTSTATUS|SSLCERTUPDATEDDATE|USER][n]
/// ```
pub(super) fn query_ssl_cert_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let order = OrderBy::read(args, &ORDER_KEYS)?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let filter = CertFilter::read(args)?;
    args.finish()?;
    let (system, view) = (&*ctx.system, ctx.owner());
    let mut all: Vec<Listed<'_>> = depth
        .owners(system, view)
        .into_iter()
        .flat_map(|owner| {
            system.orders_of(owner).filter_map(move |(id, order)| {
                let cert = order.ssl.as_deref()?;
                Some(Listed {
                    id,
                    owner,
                    order,
                    cert,
                })
            })
        })
        .filter(|row| filter.matches(row))
        .collect();
    all.sort_by_key(|row| row.id);
    match order.key {
        "CREATEDDATE" => all.sort_by_key(|row| row.order.created),
        "EXPIRATIONDATE" => all.sort_by_key(|row| row.cert.expires),
        "SSLCERTCLASS" => all.sort_by(|a, b| a.cert.class.cmp(&b.cert.class)),
        "SSLCERTCN" => all.sort_by(|a, b| a.cert.cn.cmp(&b.cert.cn)),
        "STATUS" => all.sort_by_key(|row| row.cert.status.as_str()),
        "UPDATEDDATE" => all.sort_by_key(|row| row.updated()),
        _ => {}
    }
    let (rows, mut response) = page.answer(all, order.descending);
    if !wide {
        for row in &rows {
            response.push("SSLCERTID", row.id);
        }
        return Ok(response);
    }
    // Each column's values are grouped, in the reference example's order.
    for row in &rows {
        response
            .push_str("PARENTUSER", system.parent_of(row.owner))
            .push("PEERUSER", system.peer_chain(view, row.owner))
            .push_str("SSLCERTCLASS", &row.cert.class)
            .push_str("SSLCERTCN", &row.cert.cn)
            .push("SSLCERTCREATEDDATE", row.order.created.datetime())
            .push("SSLCERTEXPIRATIONDATE", expiry(row.cert))
            .push("SSLCERTID", row.id)
            .push_str("SSLCERTSTATUS", row.cert.status.as_str())
            .push("SSLCERTUPDATEDDATE", row.updated().datetime())
            .push_str("USER", row.owner);
    }
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
