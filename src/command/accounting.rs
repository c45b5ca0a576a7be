//! The ledger's read commands: QueryAccountingList, QueryAccountingTypeList
//! and StatusAccounting.
//! One function per wire command; they read `System::ledger` (per account,
//! never another account's entries) and the accounts' balances, and change
//! nothing. The entries themselves are written by `System::charge` and
//! `System::refund` (`registry/ledger.rs`) and a parent's manual ones by
//! `accounting_manual.rs`; this file must not touch them. An entry's
//! invoice (ACCOUNTINGINVOICEID) is the registry's `invoice_of_entry`.
//! `Filter::entries` and `sums` are the list's core, which the CNR
//! QueryAccountingList (`command/cnr/accounting.rs`) calls too.

use rust_decimal::Decimal;

use super::list::{OrderBy, Page, UserDepth, glob, read_date, read_end_date, regex};
use super::user_fields::outside;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::ledger::Entry;
use crate::registry::{Money, Timestamp};
use crate::wire::Response;

/// LIMIT when the request gives none (the reference's example answers 1000).
const DEFAULT_LIMIT: usize = 1000;

/// ORDERBY's keys, each also with `DESC`; the first is the default.
const ORDER_KEYS: &[&str] = &[
    "ACCOUNTINGID",
    "ACCOUNTINGTYPE",
    "ACCOUNTINGDATE",
    "ACCOUNTINGDATEONLY",
    "INVOICEID",
    "REFERENCE",
];

/// ACCOUNTINGINVOICEID of an entry on no invoice (or on a NEW one the
/// viewer may not see yet: `System::invoice_of_entry`).
const NO_INVOICE: &str = "-";

/// Seconds of a day (ACCOUNTINGDATEONLY sorts by day).
const DAY: u64 = 86_400;

/// Lists the ledger of the view's account (or SUBUSER's, one of its subusers).
///
/// ```text
/// COMMAND      = QueryAccountingList
/// SUBUSER      = <the view's account or one below it>     (optional)
/// MINDATE      = YYYY-MM-DD[ hh:mm:ss]  (optional; a date alone is 00:00:00)
/// MAXDATE      = YYYY-MM-DD[ hh:mm:ss]  (optional; a date alone is 23:59:59)
/// TYPE         = <pattern>   DESCRIPTION = <pattern>   (optional, * any run)
/// TYPEREGEX    = <regex>     TYPEREGEXNOT = <regex>    (optional)
/// INVOICEID    = <id>        REFERENCE = <account>     (optional, exact)
/// ORDERBY      = ACCOUNTINGID | ACCOUNTINGTYPE | ACCOUNTINGDATE | ACCOUNTINGDATEONLY |
///                INVOICEID | REFERENCE, each with DESC   (default ACCOUNTINGID)
/// USERDEPTH    = SELF | SUBUSER | ALL   (default SELF)
/// NOSUM        = 0|1   WIDE = 0|1 (every column is always sent)
/// FIRST        = <n> (default 0), LIMIT = <n> (default 1000)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[ACCOUNTINGAMOUNT|ACCOUNTINGCURRENCY|ACCOUNTINGDATE|ACCOUNTINGDESCRIPTION][i]
/// PROPERTY[ACCOUNTINGID|ACCOUNTINGINVOICEID|ACCOUNTINGPRICE|ACCOUNTINGREFERENCE][i]
/// PROPERTY[ACCOUNTINGTYPE|ACCOUNTINGVAT|ACCOUNTINGVATPRICE][i]
/// unless NOSUM=1: PROPERTY[OPENINGBALANCE|OPENINGBALANCEPRICE|OPENINGBALANCEVATPRICE][0]
///                 PROPERTY[SUM|SUMPRICE|SUMVATPRICE][0]
/// ```
///
/// ACCOUNTINGREFERENCE is empty for the listed account's own entries and
/// names the subuser charged otherwise (USERDEPTH SUBUSER/ALL). The balance
/// moves by the net price, so the opening balance holds no VAT: OPENINGBALANCE
/// is the listed accounts' balance before the earliest listed entry, SUMPRICE
/// that plus the listed prices (StatusAccount's AMOUNT when the list ends at
/// the latest entry), SUMVATPRICE the listed entries' VAT, SUM both.
pub(super) fn query_accounting_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let subuser = args.optional("SUBUSER");
    let mut filter = Filter::read(args)?;
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let order = OrderBy::read(args, ORDER_KEYS)?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    filter.kind = args.optional("TYPE");
    filter.type_regex = read_regex(args, "TYPEREGEX")?;
    filter.type_regex_not = read_regex(args, "TYPEREGEXNOT")?;
    let nosum = args.flag("NOSUM")?.unwrap_or(false);
    args.flag("WIDE")?;
    let view = view(ctx, subuser)?;
    args.finish()?;
    let owners = depth.owners(ctx.system, view);
    let mut all = filter.entries(ctx, view, &owners);
    match order.key {
        "ACCOUNTINGTYPE" => {
            let ledger = ctx.system.ledger();
            all.sort_by_key(|(_, entry)| ledger.type_name(entry));
        }
        "ACCOUNTINGDATE" => all.sort_by_key(|(_, entry)| entry.at),
        "ACCOUNTINGDATEONLY" => all.sort_by_key(|(_, entry)| entry.at.0 / DAY),
        "REFERENCE" => all.sort_by_key(|(account, _)| reference_of(view, account)),
        "INVOICEID" => all.sort_by_key(|(_, entry)| invoice_of(ctx, entry.id)),
        _ => {}
    }
    let (rows, mut response) = page.answer(all, order.descending);
    for &(account, entry) in &rows {
        let currency = ctx
            .system
            .user(account)
            .map_or("", |user| user.account.currency);
        response
            .push("ACCOUNTINGAMOUNT", entry.years(0))
            .push("ACCOUNTINGCURRENCY", currency.to_ascii_lowercase())
            .push("ACCOUNTINGDATE", entry.at.datetime())
            .push("ACCOUNTINGDESCRIPTION", entry.description())
            .push("ACCOUNTINGID", entry.id)
            .push("ACCOUNTINGINVOICEID", invoice_of(ctx, entry.id))
            .push("ACCOUNTINGPRICE", entry.price())
            .push("ACCOUNTINGREFERENCE", reference_of(view, account))
            .push("ACCOUNTINGTYPE", ctx.system.ledger().type_name(entry))
            .push("ACCOUNTINGVAT", entry.vat())
            .push("ACCOUNTINGVATPRICE", entry.vat_price());
    }
    if !nosum {
        push_sums(&mut response, ctx, &owners, &rows);
    }
    Ok(response)
}

/// The entry filters both lists share (MINDATE, MAXDATE, DESCRIPTION,
/// INVOICEID, REFERENCE) and QueryAccountingList's own (TYPE, TYPEREGEX,
/// TYPEREGEXNOT); every one given must hold.
#[derive(Default)]
pub(in crate::command) struct Filter<'a> {
    min: Option<Timestamp>,
    max: Option<Timestamp>,
    description: Option<&'a str>,
    invoice: Option<&'a str>,
    reference: Option<&'a str>,
    kind: Option<&'a str>,
    type_regex: Option<regex::Regex>,
    type_regex_not: Option<regex::Regex>,
}

impl<'a> Filter<'a> {
    /// Reads the filters both lists take.
    fn read(args: &mut Args<'a>) -> Result<Filter<'a>> {
        Ok(Filter {
            min: read_date(args, "MINDATE")?,
            max: read_end_date(args, "MAXDATE")?,
            description: args.optional("DESCRIPTION"),
            invoice: args.optional("INVOICEID"),
            reference: args.optional("REFERENCE"),
            ..Filter::default()
        })
    }

    /// The CNR list's filters (`command/cnr/accounting.rs`): the date
    /// window, the ACCOUNTINGTYPE pattern and the OBJECT (description) one.
    pub(in crate::command) fn cnr(
        (min, max): (Option<Timestamp>, Option<Timestamp>),
        kind: Option<&'a str>,
        description: Option<&'a str>,
    ) -> Filter<'a> {
        Filter {
            min,
            max,
            kind,
            description,
            ..Filter::default()
        }
    }

    fn keeps(
        &self,
        name: &str,
        (view, invoice): (&str, &str),
        account: &str,
        entry: &Entry,
    ) -> bool {
        self.min.is_none_or(|min| min <= entry.at)
            && self.max.is_none_or(|max| entry.at <= max)
            && self.kind.is_none_or(|pattern| glob(pattern, name))
            && (self.description).is_none_or(|pattern| glob(pattern, entry.description()))
            && self.invoice.is_none_or(|id| id == invoice)
            && (self.reference).is_none_or(|text| text == reference_of(view, account))
            && self.type_regex.as_ref().is_none_or(|re| re.is_match(name))
            && (self.type_regex_not)
                .as_ref()
                .is_none_or(|re| !re.is_match(name))
    }

    /// The kept entries of `owners` (each with its account), in id order:
    /// only those accounts' own entries are walked. The list's core, both
    /// dialects'.
    pub(in crate::command) fn entries<'s>(
        &self,
        ctx: &'s Ctx<'_>,
        view: &str,
        owners: &[&'s str],
    ) -> Vec<(&'s str, &'s Entry)> {
        let ledger = ctx.system.ledger();
        let mut all: Vec<(&str, &Entry)> = owners
            .iter()
            .flat_map(|&owner| ledger.of(owner).iter().map(move |entry| (owner, entry)))
            .filter(|(account, entry)| {
                let invoice = invoice_of(ctx, entry.id);
                self.keeps(ledger.type_name(entry), (view, invoice), account, entry)
            })
            .collect();
        all.sort_by_key(|(_, entry)| entry.id);
        all
    }
}

/// The distinct types of the view's ledger entries (or SUBUSER's), sorted.
///
/// ```text
/// COMMAND     = QueryAccountingTypeList
/// SUBUSER     = <the view's account or one below it>   (optional)
/// MINDATE, MAXDATE, DESCRIPTION, INVOICEID, REFERENCE  (optional, as QueryAccountingList)
/// USERDEPTH   = SELF | SUBUSER | ALL   (default SELF)
/// FIRST       = <n> (default 0), LIMIT = <n> (default 1000)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[ACCOUNTINGTYPE][i] = ADD_DOMAIN
/// ```
pub(super) fn query_accounting_type_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let subuser = args.optional("SUBUSER");
    let filter = Filter::read(args)?;
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let view = view(ctx, subuser)?;
    args.finish()?;
    let owners = depth.owners(ctx.system, view);
    let mut kinds: Vec<&str> = (filter.entries(ctx, view, &owners).iter())
        .map(|(_, entry)| ctx.system.ledger().type_name(entry))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let (rows, mut response) = page.respond(kinds.into_iter());
    for kind in rows {
        response.push("ACCOUNTINGTYPE", kind);
    }
    Ok(response)
}

/// The opening balance and the sums of the listed `rows` (see
/// [`query_accounting_list`]): walks each listed account's entries back
/// to the earliest listed one, never another account's.
fn push_sums(response: &mut Response, ctx: &Ctx<'_>, owners: &[&str], rows: &[(&str, &Entry)]) {
    let sums = sums(ctx, owners, rows);
    response
        .push("OPENINGBALANCE", sums.opening)
        .push("OPENINGBALANCEPRICE", sums.opening)
        .push("OPENINGBALANCEVATPRICE", Money(Decimal::ZERO))
        .push("SUM", sums.sum)
        .push("SUMPRICE", sums.sum_price)
        .push("SUMVATPRICE", sums.vat);
}

/// The listed rows' opening balance (it holds no VAT: the balance moves by
/// the net price) and sums, as both dialects write them.
pub(in crate::command) struct Sums {
    pub opening: Money,
    pub sum: Money,
    pub sum_price: Money,
    pub vat: Money,
}

/// The [`Sums`] of `rows` of `owners`' ledgers: walks each listed
/// account's entries back to the earliest listed one.
pub(in crate::command) fn sums(ctx: &Ctx<'_>, owners: &[&str], rows: &[(&str, &Entry)]) -> Sums {
    let ledger = ctx.system.ledger();
    let earliest = rows.iter().map(|(_, entry)| entry.id).min();
    let mut opening = Decimal::ZERO;
    for &owner in owners {
        let Some(user) = ctx.system.user(owner) else {
            continue;
        };
        opening += user.account.amount.0;
        if let Some(earliest) = earliest {
            for entry in ledger.of(owner).iter().rev() {
                if entry.id < earliest {
                    break;
                }
                opening -= entry.price().0;
            }
        }
    }
    let prices: Decimal = rows.iter().map(|(_, entry)| entry.price().0).sum();
    let vat: Decimal = rows.iter().map(|(_, entry)| entry.vat_price().0).sum();
    let sum_price = opening + prices;
    Sums {
        opening: Money(opening),
        sum: Money(sum_price + vat),
        sum_price: Money(sum_price),
        vat: Money(vat),
    }
}

/// One ledger entry of the view's account (or of SUBUSER, one below it).
///
/// ```text
/// COMMAND      = StatusAccounting
/// ACCOUNTINGID = <id>
/// SUBUSER      = <the view's account or one below it>   (optional: the view's own)
/// ---
/// PROPERTY[AMOUNT][0] = 1.0000     PROPERTY[CURRENCY][0] = EUR
/// PROPERTY[DATE][0]   = <datetime> PROPERTY[DESCRIPTION][0] = <domain>
/// PROPERTY[ID][0]     = <id>       PROPERTY[INVOICEID][0] = -
/// PROPERTY[PAYMENT][0] = -10.90    PROPERTY[REFERENCE][0] = (empty)
/// PROPERTY[TYPE][0]   = ADD_DOMAIN PROPERTY[VAT][0] = 19.00
/// ```
///
/// An id that is no number is `505`; an unknown id and another account's
/// are `545` alike.
pub(super) fn status_accounting(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let text = args.required("ACCOUNTINGID")?;
    let subuser = args.optional("SUBUSER");
    let id = text
        .parse::<u32>()
        .map_err(|_| Error::syntax_rule("ACCOUNTINGID", text, "is not a ledger entry's number"))?;
    let account = view(ctx, subuser)?;
    args.finish()?;
    let entry = ctx.system.ledger().entry(account, id).ok_or_else(|| {
        Error::ObjectNotFound(format!(
            "ACCOUNTINGID {id} is no entry of {account}'s ledger"
        ))
    })?;
    let currency = ctx
        .system
        .user(account)
        .map_or("", |user| user.account.currency);
    let mut response = Response::ok();
    response
        .push("AMOUNT", entry.years(4))
        .push("CURRENCY", currency)
        .push("DATE", entry.at.datetime())
        .push("DESCRIPTION", entry.description())
        .push("ID", entry.id)
        .push("INVOICEID", invoice_of(ctx, entry.id))
        .push("PAYMENT", entry.price())
        .push("REFERENCE", "")
        .push("TYPE", ctx.system.ledger().type_name(entry))
        .push("VAT", entry.vat());
    Ok(response)
}

/// The account a ledger command reads: SUBUSER when it is the view's account
/// or one below it (else `531`, the text StatusUser gives), the view's own
/// without it.
fn view<'a>(ctx: &'a Ctx<'_>, subuser: Option<&'a str>) -> Result<&'a str> {
    match subuser {
        Some(id) if !ctx.system.in_subtree(ctx.owner(), id) => {
            Err(outside("SUBUSER", id, ctx.owner()))
        }
        Some(id) => Ok(id),
        None => Ok(ctx.owner()),
    }
}

/// The invoice entry `id` is on as the caller's view sees it (a NEW one
/// only from its issuer up, even through SUBUSER), else [`NO_INVOICE`].
fn invoice_of<'s>(ctx: &'s Ctx<'_>, id: u32) -> &'s str {
    ctx.system
        .invoice_of_entry(id, ctx.owner())
        .unwrap_or(NO_INVOICE)
}

/// ACCOUNTINGREFERENCE: empty for the listed account's own entries, the
/// subuser's id for a subuser's.
fn reference_of<'a>(view: &str, account: &'a str) -> &'a str {
    if account == view { "" } else { account }
}

/// An optional `…REGEX` filter (`list::regex`).
fn read_regex(args: &mut Args<'_>, name: &'static str) -> Result<Option<regex::Regex>> {
    args.optional(name)
        .map(|text| regex(name, text))
        .transpose()
}

#[cfg(test)]
#[path = "accounting_tests.rs"]
mod tests;
