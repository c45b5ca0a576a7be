//! QueryObjectRenewalList: the caller's domains (class DOMAIN, SUBCLASS
//! the zone) with the billing dates StatusDomain shows (`lifecycle::Dates`)
//! and the next job of the sandbox clock (`lifecycle::next_action`),
//! filtered, sorted and paged; with `WIDE=1` the upcoming renewal priced as
//! QueryDomainList prices it (`list_columns::Price`). Reads only; computes
//! no date or price of its own.

use super::args::zone_of;
use super::filter::{CLASS, renewal_word};
use super::list_columns::{Optional, Price};
use super::status::{Dates, subclass};
use crate::command::list::{OrderBy, Page, UserDepth, glob, names_match, read_date, read_end_date};
use crate::command::{Args, Ctx};
use crate::error::Result;
use crate::registry::catalogue::Tld;
use crate::registry::lifecycle::next_action;
use crate::registry::{Domain, Timestamp};
use crate::wire::Response;

/// Rows per page when LIMIT is absent.
const DEFAULT_LIMIT: usize = 1000;

/// The ORDERBY keys: the reference's list, plus OBJECTID (its `DESC` form
/// is listed, and it is the default order).
const KEYS: [&str; 8] = [
    "OBJECTID",
    "OBJECTCLASS",
    "EXPIRATIONDATE",
    "PAIDUNTILDATE",
    "ACCOUNTINGDATE",
    "FINALIZATIONDATE",
    "FAILUREDATE",
    "NEXTACTIONDATE",
];

/// The `*` pattern filters.
const PATTERNS: [&str; 5] = [
    "OBJECTCLASS",
    "OBJECTID",
    "REPOSITORY",
    "OBJECTSUBCLASS",
    "RENEWALMODE",
];

/// The dates of the `MIN<date>` / `MAX<date>` windows.
const WINDOWS: [&str; 6] = [
    "EXPIRATIONDATE",
    "PAIDUNTILDATE",
    "ACCOUNTINGDATE",
    "FINALIZATIONDATE",
    "FAILUREDATE",
    "REGISTRATIONEXPIRATIONDATE",
];

/// One listed domain with what its columns, filters and sort keys need.
struct Entry<'a> {
    domain: &'a Domain,
    tld: &'static Tld,
    dates: Dates,
    subclass: &'a str,
    action: &'static str,
    action_date: Timestamp,
}

impl Entry<'_> {
    /// The date a window or sort key names.
    fn date(&self, what: &str) -> Timestamp {
        match what {
            "PAIDUNTILDATE" => self.dates.paid_until,
            "ACCOUNTINGDATE" => self.dates.accounting,
            "FINALIZATIONDATE" => self.dates.finalization,
            "FAILUREDATE" => self.dates.failure,
            "NEXTACTIONDATE" => self.action_date,
            // EXPIRATIONDATE and REGISTRATIONEXPIRATIONDATE: the registry expiry.
            _ => self.dates.expiration,
        }
    }

    /// The `RENEWALMODE` column and filter subject: what the acting mode
    /// does, lower case, as QueryDomainList's version 2 writes it.
    fn renewal_mode(&self) -> String {
        renewal_word(self.domain).to_ascii_lowercase()
    }
}

/// The filters of one request.
struct Filter<'a> {
    patterns: Vec<(&'static str, &'a str)>,
    windows: Vec<(&'static str, Option<Timestamp>, Option<Timestamp>)>,
}

impl<'a> Filter<'a> {
    /// Reads the patterns and the windows (`505` naming a malformed date).
    fn read(args: &mut Args<'a>) -> Result<Filter<'a>> {
        let mut patterns = Vec::new();
        for name in PATTERNS {
            if let Some(pattern) = args.optional(name) {
                patterns.push((name, pattern));
            }
        }
        let mut windows = Vec::new();
        for what in WINDOWS {
            let min = read_date(args, &format!("MIN{what}"))?;
            let max = read_end_date(args, &format!("MAX{what}"))?;
            if min.is_some() || max.is_some() {
                windows.push((what, min, max));
            }
        }
        Ok(Filter { patterns, windows })
    }

    fn admits(&self, entry: &Entry<'_>) -> bool {
        let patterns = self.patterns.iter().all(|(what, pattern)| match *what {
            "OBJECTCLASS" => glob(pattern, CLASS),
            "OBJECTID" => names_match(pattern, entry.domain.name.as_str()),
            "REPOSITORY" => glob(pattern, entry.tld.repository),
            "OBJECTSUBCLASS" => glob(pattern, entry.subclass),
            _ => glob(pattern, &entry.renewal_mode()),
        });
        patterns
            && self.windows.iter().all(|(what, min, max)| {
                let at = entry.date(what);
                min.is_none_or(|min| at >= min) && max.is_none_or(|max| at <= max)
            })
    }
}

/// The view's domains at `depth` that pass `filter`, sorted by `order`
/// (ties by name).
fn entries<'a>(
    ctx: &'a Ctx<'_>,
    filter: &Filter<'_>,
    depth: UserDepth,
    order: OrderBy,
) -> Result<Vec<Entry<'a>>> {
    let owners = depth.owners(ctx.system, ctx.owner());
    let mut entries = Vec::new();
    for domain in owners.iter().flat_map(|owner| ctx.system.domains_of(owner)) {
        let tld = zone_of(&domain.name)?;
        let dates = Dates::of(domain, tld);
        let (action, action_date) = next_action(domain, &dates);
        let entry = Entry {
            domain,
            tld,
            dates,
            subclass: subclass(domain, tld),
            action,
            action_date,
        };
        if filter.admits(&entry) {
            entries.push(entry);
        }
    }
    if owners.len() > 1 {
        // Each owner's names come sorted; several owners need one order.
        entries.sort_by(|a, b| a.domain.name.as_str().cmp(b.domain.name.as_str()));
    }
    match order.key {
        // Every row is a DOMAIN: the class order is the name order.
        "OBJECTID" | "OBJECTCLASS" => {}
        key => entries.sort_by_key(|entry| entry.date(key)),
    }
    if order.descending {
        entries.reverse();
    }
    Ok(entries)
}

/// Lists the view's domains with their lifecycle dates and next action.
///
/// ```text
/// COMMAND   = QueryObjectRenewalList
/// WIDE      = 0 | 1              (1: + PERIOD, PRICE, VAT, VATPRICE)
/// FIRST, LIMIT                   (paging, LIMIT default 1000, at most 10000)
/// ORDERBY   = OBJECTID, OBJECTCLASS, EXPIRATIONDATE, PAIDUNTILDATE, ACCOUNTINGDATE,
///             FINALIZATIONDATE, FAILUREDATE, NEXTACTIONDATE, each optionally + DESC
/// USERDEPTH = SELF | SUBUSER | ALL   (default SELF)
/// SUBUSER   = <the view's account or one below it>   (the list's view)
/// OBJECTCLASS, OBJECTID, REPOSITORY, OBJECTSUBCLASS, RENEWALMODE = <pattern with *>
/// MIN/MAX EXPIRATIONDATE, PAIDUNTILDATE, ACCOUNTINGDATE, FINALIZATIONDATE, FAILUREDATE,
///         REGISTRATIONEXPIRATIONDATE = YYYY-MM-DD[ hh:mm:ss]
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[ACCOUNTINGDATE|DESCRIPTION|EXPIRATIONDATE|FAILUREDATE|FINALIZATIONDATE|
///          NEXTACTION|NEXTACTIONDATE|OBJECTCLASS|OBJECTID|PAIDUNTILDATE|PARENTUSER|
///          PEERUSER|REGISTRATIONEXPIRATIONDATE|RENEWALMODE|RENEWALPERIOD|SUBCLASS|USER][n]
/// WIDE=1: + PROPERTY[PERIOD|PRICE|VAT|VATPRICE][n]
/// ```
pub(in crate::command) fn query_object_renewal_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let order = OrderBy::read(args, &KEYS)?;
    let filter = Filter::read(args)?;
    args.finish()?;
    let (entries, mut response) = page.respond(entries(ctx, &filter, depth, order)?.into_iter());
    let (system, view) = (&*ctx.system, ctx.owner());
    for entry in &entries {
        let (domain, dates) = (entry.domain, &entry.dates);
        let renewal_period = domain
            .renewal_period()
            .or(entry.tld.renewal_periods.first().copied());
        response
            .push("ACCOUNTINGDATE", dates.accounting.datetime())
            .push("DESCRIPTION", domain.name.unicode())
            .push("EXPIRATIONDATE", dates.expiration.datetime())
            .push("FAILUREDATE", dates.failure.datetime())
            .push("FINALIZATIONDATE", dates.finalization.datetime())
            .push("NEXTACTION", entry.action)
            .push("NEXTACTIONDATE", entry.action_date.datetime())
            .push("OBJECTCLASS", CLASS)
            .push("OBJECTID", &domain.name)
            .push("PAIDUNTILDATE", dates.paid_until.datetime())
            .push("PARENTUSER", system.parent_of(&domain.owner))
            .push("PEERUSER", system.peer_chain(view, &domain.owner));
        let price = wide.then(|| Price::of_domain(system, domain, entry.tld));
        if let Some(price) = &price {
            response
                .push("PERIOD", price.period)
                .push("PRICE", Optional(price.net));
        }
        response
            .push("REGISTRATIONEXPIRATIONDATE", dates.expiration.datetime())
            .push("RENEWALMODE", entry.renewal_mode())
            .push("RENEWALPERIOD", Optional(renewal_period))
            .push("SUBCLASS", entry.subclass)
            .push("USER", &domain.owner);
        if let Some(price) = &price {
            response
                .push("VAT", price.vat)
                .push("VATPRICE", Optional(price.gross()));
        }
    }
    Ok(response)
}
