//! QueryInvoiceList: the invoices issued to the view (USERDEPTH=SELF, the
//! ones it sees) or by it to its subusers (USERDEPTH=SUBUSER), filtered,
//! sorted and paged. Reads the registry's invoices and changes nothing;
//! the other invoice commands are `invoice.rs`'s.

use super::invoice::{read_depth, read_id, read_status};
use super::list::{OrderBy, Page, glob, read_date, read_end_date};
use super::user_fields::outside;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::Invoice;
use crate::wire::Response;

/// LIMIT when the request gives none (as QueryAccountingList).
const DEFAULT_LIMIT: usize = 1000;

/// ORDERBY's keys, each also with `DESC`; the first is the default.
const ORDER_KEYS: &[&str] = &["DATE", "INVOICEID"];

/// ```text
/// COMMAND      = QueryInvoiceList
/// USERDEPTH    = SELF | SUBUSER        (optional, default SELF)
/// SUBUSER      = <the view's account or one below it>  (optional: as if it asked)
/// DATA<n>      = <key>:<pattern>       (optional, * any run; every one must hold)
/// DATATYPE<n>  = <key>                 (optional: DATAVALUE<n> columns)
/// ORDERBY      = DATE | DATEDESC | INVOICEID | INVOICEIDDESC   (default DATE)
/// MININVOICEID, MAXINVOICEID = <id>    MINDATE, MAXDATE = YYYY-MM-DD[ hh:mm:ss]
/// STATUS       = NEW | ACTIVE | CANCELED   (optional)
/// FIRST        = <n> (default 0), LIMIT = <n> (default 1000)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[CREATEDDATE][i], PROPERTY[DATAVALUE<n>][i], PROPERTY[INVOICEID][i],
/// PROPERTY[STATUS][i], PROPERTY[USER][i]
/// ```
pub(super) fn query_invoice_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let issued = read_depth(args)?;
    let subuser = args.optional("SUBUSER").filter(|id| !id.is_empty());
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let mut patterns = Vec::new();
    for (n, text) in args.list("DATA") {
        if text.is_empty() {
            continue;
        }
        let Some(pair) = text.split_once(':') else {
            return Err(Error::syntax_rule(
                &format!("DATA{n}"),
                text,
                "is key:pattern",
            ));
        };
        patterns.push(pair);
    }
    let types: Vec<(usize, &str)> = args.list("DATATYPE");
    let order = OrderBy::read(args, ORDER_KEYS)?;
    let min_id = args
        .optional("MININVOICEID")
        .filter(|t| !t.is_empty())
        .map(read_id)
        .transpose()?;
    let max_id = args
        .optional("MAXINVOICEID")
        .filter(|t| !t.is_empty())
        .map(read_id)
        .transpose()?;
    let min = read_date(args, "MINDATE")?;
    let max = read_end_date(args, "MAXDATE")?;
    let status = read_status(args)?;
    let view = match subuser {
        Some(id) if !ctx.system.in_subtree(ctx.owner(), id) => {
            return Err(outside("SUBUSER", id, ctx.owner()));
        }
        Some(id) => id,
        None => ctx.owner(),
    };
    args.finish()?;
    let all: Vec<&Invoice> = match issued {
        true => ctx.system.issued_invoices(view).collect(),
        false => (ctx.system.received_invoices(view).into_iter())
            .map(|(_, invoice)| invoice)
            .collect(),
    };
    let keeps = |invoice: &&Invoice| {
        status.is_none_or(|status| invoice.status == status)
            && min_id.is_none_or(|id| id <= invoice.id.as_str())
            && max_id.is_none_or(|id| invoice.id.as_str() <= id)
            && min.is_none_or(|min| min <= invoice.created)
            && max.is_none_or(|max| invoice.created <= max)
            && patterns.iter().all(|(key, pattern)| {
                (invoice.data.get(*key)).is_some_and(|value| glob(pattern, value))
            })
    };
    let mut rows: Vec<&Invoice> = all.into_iter().filter(keeps).collect();
    match order.key {
        "DATE" => rows.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id))),
        _ => rows.sort_by(|a, b| a.id.cmp(&b.id)),
    }
    let (rows, mut response) = page.answer(rows, order.descending);
    for invoice in &rows {
        response.push("CREATEDDATE", invoice.created.datetime());
    }
    for &(n, kind) in &types {
        for invoice in &rows {
            let value = invoice.data.get(kind).map_or("", String::as_str);
            response.push_str(format!("DATAVALUE{n}"), value);
        }
    }
    for invoice in &rows {
        response.push_str("INVOICEID", &invoice.id);
    }
    for invoice in &rows {
        response.push("STATUS", invoice.status.name());
    }
    for invoice in &rows {
        response.push_str("USER", &invoice.recipient);
    }
    Ok(response)
}
