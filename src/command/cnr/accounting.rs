//! The CentralNic Reseller QueryAccountingList (KB `QueryAccountingList`):
//! the ledger of the caller's account (or of REGISTRAR, one of its
//! subusers) through HEXONET's core (`accounting::Filter::entries` and
//! `accounting::sums`), sorted, paged and written with the CNR names.
//! Reads only; must not touch the ledger.

use super::super::accounting::{Filter, sums};
use super::super::list::{read_date, read_end_date};
use super::super::user_fields::outside;
use super::super::{Args, Ctx};
use super::{columns, one_of, window};
use crate::error::{Error, Result};
use crate::wire::Response;

/// The columns, alphabetical as `column[i]` lists them.
const COLUMNS: &[&str] = &[
    "accounting amount",
    "accounting currency",
    "accounting date",
    "accounting description",
    "accounting price",
    "accounting type",
    "accounting vat",
    "accounting vat price",
];

/// ORDERBY's keys (the KB's); without ORDERBY the entries come in the
/// order they were booked.
const ORDER_KEYS: &[&str] = &["ACCOUNTINGDATE", "ACCOUNTINGTYPE", "ACCOUNTINGOBJECT"];

/// Lists the ledger entries booked from MINDATE on: charges negative,
/// refunds and payments positive, as StatusAccount's balance moves. The
/// opening balance is the balance before the earliest listed entry, `sum
/// price` that plus the listed prices, `sum vat price` their VAT, `sum`
/// both (HEXONET's sums). The KB's `exchange rate`, `exchange currency`,
/// `invoice period`, `subreseller` and `accounting pricing` are left out:
/// every otebox entry is booked in the account's currency, on no invoice
/// period, for the listed account itself.
///
/// ```text
/// COMMAND        = QueryAccountingList
/// MINDATE        = YYYY-MM-DD[ hh:mm:ss]   (required; a date alone is 00:00:00)
/// MAXDATE        = YYYY-MM-DD[ hh:mm:ss]   (optional; a date alone is 23:59:59)
/// ACCOUNTINGTYPE = <pattern, * any run>    (optional, e.g. ADD_DOMAIN)
/// OBJECT         = <pattern>               (optional: the description, e.g. the domain)
/// REGISTRAR      = <the account or one of its subusers>   (optional)
/// ORDERBY        = ACCOUNTINGDATE | ACCOUNTINGTYPE | ACCOUNTINGOBJECT   ORDER = ASC | DESC
/// FIRST          = <n> (0)    LIMIT = <n> (1000, at most 10000; 0 an empty page)
/// WIDE, GENERATELIST, SENDLISTEMAIL = accepted
/// ---
/// property[column][i] = the eight columns of COLUMNS
/// property[count][0]
/// property[accounting amount][n] (years), [accounting currency][n], [accounting date][n],
/// [accounting description][n], [accounting price][n], [accounting type][n],
/// [accounting vat][n], [accounting vat price][n]   (each row's cells together)
/// property[first][0], property[last][0], property[limit][0]
/// property[opening balance][0], [opening balance price][0], [opening balance vat price][0]
/// property[sum][0], [sum price][0], [sum vat price][0], property[total][0]
/// ```
pub(super) fn query_accounting_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let sent_min = args.present("MINDATE");
    let min = read_date(args, "MINDATE")?;
    let max = read_end_date(args, "MAXDATE")?;
    let kind = args.optional("ACCOUNTINGTYPE");
    let object = args.optional("OBJECT");
    let registrar = args.optional("REGISTRAR");
    let order_by = args.optional("ORDERBY");
    let order = args.optional("ORDER");
    let page = window(args)?;
    args.flag("WIDE")?;
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    args.finish()?;
    if !sent_min {
        return Err(Error::missing("MINDATE"));
    }
    let order_by = one_of("ORDERBY", order_by, ORDER_KEYS)?;
    let descending = one_of("ORDER", order, &["ASC", "DESC"])? == Some("DESC");
    let account = match registrar {
        Some(id) if !ctx.system.in_subtree(ctx.owner(), id) => {
            return Err(outside("REGISTRAR", id, ctx.owner()));
        }
        Some(id) => id,
        None => ctx.owner(),
    };
    let filter = Filter::cnr((min, max), kind, object);
    let owners = [account];
    let mut all = filter.entries(ctx, account, &owners);
    let ledger = ctx.system.ledger();
    match order_by {
        Some("ACCOUNTINGDATE") => all.sort_by_key(|(_, entry)| entry.at),
        Some("ACCOUNTINGTYPE") => all.sort_by_key(|(_, entry)| ledger.type_name(entry)),
        Some(_) => all.sort_by(|a, b| a.1.description().cmp(b.1.description())),
        None => {}
    }
    if descending {
        all.reverse();
    }
    let (rows, total) = page.take(all.into_iter());
    let currency = ctx
        .system
        .user(account)
        .map_or("", |user| user.account.currency);
    let mut response = Response::with_room(24 + rows.len() * COLUMNS.len(), 256);
    columns(&mut response, COLUMNS);
    response.push("count", rows.len());
    for (_, entry) in &rows {
        response
            .push("accounting amount", entry.years(0))
            .push_str("accounting currency", currency)
            .push("accounting date", entry.at.datetime())
            .push_str("accounting description", entry.description())
            .push("accounting price", entry.price())
            .push_str("accounting type", ledger.type_name(entry))
            .push("accounting vat", entry.vat())
            .push("accounting vat price", entry.vat_price());
    }
    let sums = sums(ctx, &owners, &rows);
    response
        .push("first", page.first)
        .push("last", page.last(rows.len()))
        .push("limit", page.limit)
        .push("opening balance", sums.opening)
        .push("opening balance price", sums.opening)
        .push("opening balance vat price", "0.00")
        .push("sum", sums.sum)
        .push("sum price", sums.sum_price)
        .push("sum vat price", sums.vat)
        .push("total", total);
    Ok(response)
}
