//! The CentralNic Reseller QueryDomainRenewList (KB `QueryDomainRenewList`):
//! the caller's domains the platform will renew within DAYS days, with the
//! date the clock's job charges them (`lifecycle::next_action`, the model
//! QueryObjectRenewalList and StatusDomain use). Reads only; computes no
//! date of its own and must not touch a domain.

use super::super::domain::shared::{Dates, zone_of};
use super::super::list::{UserDepth, count, glob, names_match, read_date};
use super::super::{Args, Ctx};
use super::domain_list::ace_pattern;
use super::{columns, one_of, push_window, window};
use crate::error::{Error, Result};
use crate::registry::lifecycle::next_action;
use crate::registry::{Domain, Timestamp};
use crate::wire::Response;

/// The columns, in the KB's order.
const COLUMNS: &[&str] = &["domain", "zone", "renewaldate", "registrar"];

/// ORDERBY's keys (the KB's); the default is the renewal date.
const ORDER_KEYS: &[&str] = &["RENEWALDATE", "DOMAIN", "ZONE"];

/// The most days DAYS may reach (KB: 1-93), and the window without DAYS.
const MAX_DAYS: usize = 93;

/// One listed domain: its name, zone, renewal date and registrar.
struct Row<'a> {
    domain: &'a Domain,
    zone: &'static str,
    renewal: Timestamp,
}

/// Lists the domains set to renew automatically whose renewal (the charge
/// of the clock's job) falls from MINDATE (now) to DAYS days after it.
///
/// ```text
/// COMMAND    = QueryDomainRenewList
/// DAYS       = 1..93                 (93)
/// MINDATE    = YYYY-MM-DD[ hh:mm:ss] (now)
/// ZONE, DOMAIN = <pattern with *>    (optional filters; a whole Unicode
///              DOMAIN is read as QueryDomainList reads it: faß.com → fass.com)
/// INCLUDESUB = 0 | 1  (1: the subusers' domains too)
/// ONLYSUB    = 0 | 1  (1, with INCLUDESUB=1: the subusers' only)
/// ORDERBY    = RENEWALDATE | DOMAIN | ZONE   (RENEWALDATE; ties by name)
/// ORDER      = ASC | DESC
/// WIDE       = 0 | 1  (both: one row per domain)
/// FIRST = <n> (0)     LIMIT = <n> (1000, at most 10000; 0: an empty page)
/// GENERATELIST, SENDLISTEMAIL = accepted (the list is answered)
/// ---
/// property[column][0..3] = domain, zone, renewaldate, registrar
/// property[count][0]
/// property[domain|zone|renewaldate|registrar][n]
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_domain_renew_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let days = read_days(args)?;
    let min = read_date(args, "MINDATE")?;
    let zone = args.optional("ZONE");
    let name = args
        .optional("DOMAIN")
        .map(|value| ace_pattern("DOMAIN", value));
    let include_sub = args.flag("INCLUDESUB")?.unwrap_or(false);
    let only_sub = args.flag("ONLYSUB")?.unwrap_or(false);
    let order_by = args.optional("ORDERBY");
    let order = args.optional("ORDER");
    args.flag("WIDE")?;
    args.flag("GENERATELIST")?;
    args.optional("SENDLISTEMAIL");
    let page = window(args)?;
    args.finish()?;
    if only_sub && !include_sub {
        return Err(Error::invalid(
            "ONLYSUB",
            "(1) lists the subusers' domains and needs INCLUDESUB=1",
        ));
    }
    let order_by = one_of("ORDERBY", order_by, ORDER_KEYS)?.unwrap_or("RENEWALDATE");
    let descending = one_of("ORDER", order, &["ASC", "DESC"])? == Some("DESC");
    let from = min.unwrap_or(ctx.now);
    let until = from.plus_days(days as u64);
    let view = ctx.owner();
    let mut owners = match include_sub {
        true => UserDepth::All.owners(ctx.system, view),
        false => vec![view],
    };
    if only_sub {
        owners.retain(|owner| *owner != view);
    }
    let mut rows = Vec::new();
    for domain in owners.iter().flat_map(|owner| ctx.system.domains_of(owner)) {
        let tld = zone_of(&domain.name)?;
        let Some(at) = renewal_within(domain, &Dates::of(domain, tld), from, until) else {
            continue;
        };
        let admitted = zone.is_none_or(|pattern| glob(pattern, tld.zone))
            && name
                .as_deref()
                .is_none_or(|pattern| names_match(pattern, domain.name.as_str()));
        if admitted {
            rows.push(Row {
                domain,
                zone: tld.zone,
                renewal: at,
            });
        }
    }
    rows.sort_by(|a, b| a.domain.name.as_str().cmp(b.domain.name.as_str()));
    match order_by {
        "DOMAIN" => {}
        "ZONE" => rows.sort_by_key(|row| row.zone),
        _ => rows.sort_by_key(|row| row.renewal),
    }
    if descending {
        rows.reverse();
    }
    let (shown, total) = page.take(rows.into_iter());
    let count = shown.len();
    let mut response = Response::with_room(10 + count * COLUMNS.len(), 128);
    columns(&mut response, COLUMNS);
    response.push("count", count);
    for row in shown {
        response
            .push_str("domain", row.domain.name.as_str())
            .push_str("zone", row.zone)
            .push("renewaldate", row.renewal.datetime())
            .push_str("registrar", &row.domain.owner);
    }
    push_window(&mut response, page, count, total);
    Ok(response)
}

/// DAYS as both renewal lists read it: 1 to 93, 93 when not sent; `541`
/// quoting the value sent otherwise (`505` for no number).
pub(super) fn read_days(args: &mut Args<'_>) -> Result<usize> {
    let days_text = args.optional("DAYS");
    match count(args, "DAYS")? {
        None => Ok(MAX_DAYS),
        Some(days @ 1..=MAX_DAYS) => Ok(days),
        Some(_) => Err(Error::invalid(
            "DAYS",
            format_args!(
                "({}) is not a number of days from 1 to {MAX_DAYS}",
                days_text.unwrap_or_default()
            ),
        )),
    }
}

/// When the platform renews `domain` (the charge of the clock's job), if
/// that falls from `from` to `until`: the one filter of "domains due to
/// renew" (QueryDomainRenewList, QueryDomainList `TYPE=SHOWRENEW`).
pub(super) fn renewal_within(
    domain: &Domain,
    dates: &Dates,
    from: Timestamp,
    until: Timestamp,
) -> Option<Timestamp> {
    // What the clock's job does next: only a `pay` is a renewal.
    let (action, at) = next_action(domain, dates);
    (action == "pay" && (from..=until).contains(&at)).then_some(at)
}
