//! The CentralNic Reseller QueryCertificateList (KB page): the account's
//! certificates, made in either dialect (HEXONET's certificate orders), as
//! the platform's Query...List commands page them. Reads only; the
//! certificate answers are `certificate.rs`.

use super::super::list::names_match;
use super::super::{Args, Ctx};
use super::{columns, one_of, push_window, window};
use crate::error::{Error, Result};
use crate::registry::order::Order;
use crate::registry::ssl::{SslCert, Validation, cnr_ssl_type};
use crate::wire::Response;

/// The columns of `WIDE=1`, alphabetical as `column[i]` lists them.
const WIDE: &[&str] = &[
    "admin contact",
    "approveremail",
    "billing contact",
    "certificate",
    "class",
    "created date",
    "domain",
    "expiration date",
    "owner contact",
    "registrar",
    "status",
    "tech contact",
    "updated date",
    "webservertype",
];

/// The ORDERBY keys otebox sorts by (the KB's, but CERTIFICATEORDER and
/// SERVERTYPE: `541`).
const ORDER_KEYS: [&str; 6] = [
    "CERTIFICATE",
    "STATUS",
    "CREATEDDATE",
    "UPDATEDDATE",
    "EXPIRATIONDATE",
    "CLASS",
];

/// The KB's filters otebox does not apply: `541` naming them.
const NOT_FILTERED: [&str; 5] = [
    "CERTIFICATEORDER",
    "CREATEDDATE",
    "UPDATEDDATE",
    "EXPIRATIONDATE",
    "SERVERTYPE",
];

/// Lists the caller's certificates by id (ORDERBY/ORDER otherwise), paged
/// as QueryDomainList: `LIMIT=0` an empty page, past the end `last =
/// first`. CERTIFICATE, STATUS and CLASS (a TYPE) select exactly, ignoring
/// case; DOMAIN is a pattern (`*` any run) over the certificate's names.
/// INCLUDESUB=1, SERVICETAG# and the KB's other filters are `541` (otebox
/// lists the account's own certificates and keeps no tags); GENERATELIST and
/// SENDLISTEMAIL are accepted and ignored.
///
/// ```text
/// COMMAND     = QueryCertificateList
/// CERTIFICATE, STATUS, CLASS, DOMAIN                   (optional)
/// WIDE        = 0 | 1
/// ORDERBY     = CERTIFICATE | STATUS | CREATEDDATE | UPDATEDDATE | EXPIRATIONDATE | CLASS
/// ORDER       = ASC | DESC
/// FIRST       = <n> (0)    LIMIT = <n> (1000, at most 10000)
/// ---
/// property[column][i] = certificate (WIDE: the columns above)
/// property[count][0], property[certificate][n] (WIDE: each row's cells),
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_certificate_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.optional("CERTIFICATE").filter(|v| !v.is_empty());
    let status = args.optional("STATUS").filter(|v| !v.is_empty());
    let class = args.optional("CLASS").filter(|v| !v.is_empty());
    let domain = args.optional("DOMAIN").filter(|v| !v.is_empty());
    let order_by = args.optional("ORDERBY");
    let order = args.optional("ORDER");
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let window = window(args)?;
    let include_sub = args.flag("INCLUDESUB")?.unwrap_or(false);
    let tags = args.list("SERVICETAG");
    let filters: Vec<&str> = NOT_FILTERED
        .into_iter()
        .filter(|name| args.optional(name).is_some())
        .collect();
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    args.finish()?;
    if include_sub {
        return Err(Error::invalid(
            "INCLUDESUB",
            "otebox lists the account's own certificates (send SUBUSER=<uid> for a subuser's)",
        ));
    }
    if let Some((n, _)) = tags.first() {
        let name = format!("SERVICETAG{n}");
        return Err(Error::invalid(&name, "otebox keeps no service tags"));
    }
    if let Some(name) = filters.first() {
        return Err(Error::invalid(
            name,
            "otebox does not filter certificates by it (CERTIFICATE, STATUS, CLASS and DOMAIN filter)",
        ));
    }
    let order_by = one_of("ORDERBY", order_by, &ORDER_KEYS)?.unwrap_or("CERTIFICATE");
    let descending = one_of("ORDER", order, &["ASC", "DESC"])? == Some("DESC");
    let owner = ctx.owner();
    let mut rows: Vec<(u64, &Order, &SslCert)> = ctx
        .system
        .orders_of(owner)
        .filter_map(|(id, order)| Some((id, order, order.ssl.as_deref()?)))
        .filter(|(n, _, _)| id.is_none_or(|id| id.trim() == n.to_string()))
        .filter(|(_, _, cert)| status.is_none_or(|s| s.eq_ignore_ascii_case(cert.status.as_str())))
        .filter(|(_, _, cert)| {
            class.is_none_or(|c| c.eq_ignore_ascii_case(cnr_ssl_type(&cert.class)))
        })
        .filter(|(_, _, cert)| domain.is_none_or(|d| cert.names().any(|name| names_match(d, name))))
        .collect();
    match order_by {
        "STATUS" => rows.sort_by_key(|row| (row.2.status.as_str(), row.0)),
        "CREATEDDATE" => rows.sort_by_key(|row| (row.1.created, row.0)),
        "UPDATEDDATE" => rows.sort_by_key(|row| (row.1.updated.unwrap_or(row.1.created), row.0)),
        "EXPIRATIONDATE" => rows.sort_by_key(|row| (row.2.expires, row.0)),
        "CLASS" => rows.sort_by_key(|row| (cnr_ssl_type(&row.2.class).to_owned(), row.0)),
        _ => rows.sort_by_key(|row| row.0),
    }
    if descending {
        rows.reverse();
    }
    let (page, total) = window.take(rows.into_iter());
    let count = page.len();
    let mut response = Response::with_room(8 + page.len() * if wide { 14 } else { 1 }, 256);
    columns(&mut response, if wide { WIDE } else { &WIDE[3..4] });
    response.push("count", count);
    for (id, order, cert) in page {
        if !wide {
            response.push("certificate", id);
            continue;
        }
        let param = |name: &str| order.param(name).unwrap_or("");
        let approver = match &cert.validation {
            Validation::Email(to) => to,
            _ => param("APPROVEREMAIL0"),
        };
        let expires = match cert.expires {
            Some(expires) => expires.datetime().to_string(),
            None => String::new(),
        };
        let server = (order.param("WEBSERVERTYPE"))
            .or_else(|| order.param("SERVERSOFTWARE"))
            .unwrap_or("");
        response
            .push_str("admin contact", param("ADMINCONTACT0"))
            .push_str("approveremail", approver)
            .push_str("billing contact", param("BILLINGCONTACT0"))
            .push("certificate", id)
            .push_str("class", cnr_ssl_type(&cert.class))
            .push("created date", order.created.datetime())
            .push_str("domain", &cert.cn)
            .push_str("expiration date", &expires)
            .push_str("owner contact", param("OWNERCONTACT0"))
            .push_str("registrar", owner)
            .push_str("status", cert.status.as_str())
            .push_str("tech contact", param("TECHCONTACT0"))
            .push(
                "updated date",
                order.updated.unwrap_or(order.created).datetime(),
            )
            .push_str("webservertype", server);
    }
    push_window(&mut response, window, count, total);
    Ok(response)
}
