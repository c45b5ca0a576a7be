//! The CentralNic Reseller zone lists: QueryDNSZoneRRList (one zone's
//! records, `rr[n]` lines or the WIDE columns DNSControl and WHMCS read)
//! and QueryDNSZoneList (the caller's zones), filtered, sorted and paged
//! with CNR's count/first/last/limit/total; and the paging readers the CNR
//! forwarding lists share. Reads only; the records are `registry::zone`'s.

use std::borrow::Cow;

use super::super::list::{MAX_LIMIT, Page, glob, names_match};
use super::super::{Args, Ctx};
use super::dnszone_args::{bare, echo, read_cltrid, read_zone};
use super::domain_list::ace_pattern;
use super::{columns, push_window};
use crate::error::{Error, Result};
use crate::registry::zone::{RrRef, RrType, Zone};
use crate::wire::Response;

/// Rows per page when LIMIT is absent, as the other CNR lists.
const DEFAULT_LIMIT: usize = 1000;

/// The address a web forwarding's host shows in the CNR record list: the
/// KB's "locked A record" of an X-HTTP forwarding (a documentation
/// address: the sandbox forwards nothing).
pub(super) const WEB_FORWARD_ADDRESS: &str = "192.0.2.80";

fn number(args: &mut Args<'_>, name: &str) -> Result<Option<usize>> {
    match args.optional(name) {
        None => Ok(None),
        Some(text) if text.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(text.parse().unwrap_or(usize::MAX)))
        }
        Some(text) => Err(Error::syntax_rule(name, text, "must be a whole number")),
    }
}

/// The window of a CNR DNS, forwarding or event list: FIRST (0) and LIMIT
/// (`DEFAULT_LIMIT`, at most `max`); `LIMIT=0` is an empty page, as the
/// recorded CNR lists answer. Taken with [`Page::take`], answered with
/// [`push_window`].
pub(super) fn read_window(args: &mut Args<'_>, max: usize) -> Result<Page> {
    Ok(Page {
        first: number(args, "FIRST")?.unwrap_or(0),
        limit: number(args, "LIMIT")?.map_or(DEFAULT_LIMIT, |n| n.min(max)),
    })
}

/// ORDER: `ASC` (default) or `DESC`; true for descending.
pub(super) fn read_order(args: &mut Args<'_>) -> Result<bool> {
    match args.optional("ORDER") {
        None => Ok(false),
        Some(text) if text.eq_ignore_ascii_case("ASC") => Ok(false),
        Some(text) if text.eq_ignore_ascii_case("DESC") => Ok(true),
        Some(other) => Err(Error::invalid(
            "ORDER",
            format_args!("({other}) is not ASC or DESC"),
        )),
    }
}

/// ORDERBY: one of `keys` (lower case; blanks and `_` ignored), or `None`.
pub(super) fn read_order_by(
    args: &mut Args<'_>,
    keys: &[&'static str],
) -> Result<Option<&'static str>> {
    let Some(text) = args.optional("ORDERBY") else {
        return Ok(None);
    };
    let wanted: String = text
        .chars()
        .filter(|c| *c != ' ' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    let found = keys
        .iter()
        .find(|key| key.replace([' ', '_'], "") == wanted);
    found.copied().map(Some).ok_or_else(|| {
        Error::invalid(
            "ORDERBY",
            format_args!("({text}) is not one of {}", keys.join(", ")),
        )
    })
}

/// One row of the CNR record list.
struct Row<'a> {
    owner: &'a str,
    ttl: u32,
    kind: &'static str,
    content: &'a str,
    prio: Option<u16>,
    locked: bool,
}

impl Row<'_> {
    /// `@` for the apex, else the name relative to the zone.
    fn name<'n>(&'n self, zone: &str) -> &'n str {
        if self.owner == zone {
            return "@";
        }
        self.owner
            .strip_suffix(zone)
            .and_then(|rest| rest.strip_suffix('.'))
            .unwrap_or(self.owner)
    }
}

/// The rows of a zone in zone-file order: its records but the SOA; X-HTTP
/// forwarding as one locked A row per host; X-SMTP not at all (mail
/// forwarding is QueryMailFwdList's). MX and SRV rows carry their priority.
fn rows(zone: &Zone) -> Vec<Row<'_>> {
    let mut rows = Vec::with_capacity(zone.records.len());
    let mut forwarded: Option<&str> = None;
    for rr in zone.records.iter() {
        let RrRef {
            owner,
            ttl,
            kind,
            data,
        } = rr;
        match kind {
            RrType::XSmtp => {}
            RrType::XHttp if forwarded == Some(owner) => {}
            RrType::XHttp => {
                forwarded = Some(owner);
                rows.push(Row {
                    owner,
                    ttl,
                    kind: RrType::A.as_str(),
                    content: WEB_FORWARD_ADDRESS,
                    prio: None,
                    locked: true,
                });
            }
            _ => {
                let prio = match kind {
                    RrType::Mx | RrType::Srv => data.split(' ').next().and_then(|p| p.parse().ok()),
                    _ => None,
                };
                rows.push(Row {
                    owner,
                    ttl,
                    kind: kind.as_str(),
                    content: data,
                    prio,
                    locked: false,
                });
            }
        }
    }
    rows
}

/// The record filters of one request.
struct Filter<'a> {
    name: Option<&'a str>,
    kind: Option<&'a str>,
    content: Option<&'a str>,
    ttl: Option<u32>,
    prio: Option<u16>,
}

impl Filter<'_> {
    fn matches(&self, zone: &str, row: &Row<'_>) -> bool {
        self.name.is_none_or(|p| {
            let p = bare(p);
            glob(p, row.name(zone)) || glob(p, row.owner)
        }) && self.kind.is_none_or(|k| k.eq_ignore_ascii_case(row.kind))
            && self.content.is_none_or(|p| glob(p, row.content))
            && self.ttl.is_none_or(|t| t == row.ttl)
            && self.prio.is_none_or(|p| row.prio == Some(p))
    }
}

/// The WIDE columns, alphabetical as `column[i]` lists them.
const WIDE_COLUMNS: &[&str] = &[
    "content",
    "locked",
    "name",
    "prio",
    "ttl",
    "type",
    "updated date",
];

/// Lists one of the caller's zones. Without WIDE each record is one `rr`
/// line; with WIDE=1 its columns: `name` (`@` or relative), `type`,
/// `content` (MX and SRV start with their priority, which `prio` repeats;
/// other types have an empty `prio`), `ttl`, `locked` (1: the A record of
/// a web forwarding, see QueryWebFwdList), `updated date` (the zone's).
/// The SOA is not listed (StatusDNSZone shows it); X-SMTP neither
/// (QueryMailFwdList). DNSControl reads `ORDERBY=type FIRST=0 LIMIT=1`
/// for `total`, then `WIDE=1 LIMIT=<total + 100>`.
///
/// ```text
/// COMMAND = QueryDNSZoneRRList
/// DNSZONE = <zone>
/// NAME, CONTENT = <pattern, * any run>   TYPE = <type>   TTL, PRIO = <number>   (filters)
/// ORDERBY = name | type | content | prio | ttl | changed_date   ORDER = ASC | DESC
/// WIDE    = 0 | 1      FIRST = <n> (0)   LIMIT = <n> (1000; 0: an empty page)
/// CLTRID  = <text>     (optional, echoed as cltrid)
/// ---
/// property[column][i], property[count][0]
/// property[rr][n] = <name.> <ttl> IN <TYPE> <data>
///   (WIDE: content, locked, name, prio, ttl, type, updated date per row)
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_dns_zone_rr_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let filter = Filter {
        name: args.optional("NAME"),
        kind: args.optional("TYPE"),
        content: args.optional("CONTENT"),
        // A number no record has matches nothing.
        ttl: number(args, "TTL")?.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
        prio: number(args, "PRIO")?.map(|n| u16::try_from(n).unwrap_or(u16::MAX)),
    };
    let order_by = read_order_by(
        args,
        &["name", "type", "content", "prio", "ttl", "changed_date"],
    )?;
    let descending = read_order(args)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    // A zone's records are few enough to list at once: no cap but the zone.
    let window = read_window(args, usize::MAX)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    let zone = ctx.system.owned_zone(ctx.owner(), name.as_str())?;
    let zone_name = zone.name.as_str();
    let mut all: Vec<Row<'_>> = rows(zone)
        .into_iter()
        .filter(|row| filter.matches(zone_name, row))
        .collect();
    match order_by {
        Some("type") => all.sort_by_key(|row| row.kind),
        Some("content") => all.sort_by(|a, b| a.content.cmp(b.content)),
        Some("prio") => all.sort_by_key(|row| row.prio),
        Some("ttl") => all.sort_by_key(|row| row.ttl),
        // name: zone-file order already; changed_date: one date per zone.
        _ => {}
    }
    if descending {
        all.reverse();
    }
    let (page, total) = window.take(all.into_iter());
    let per_row = if wide { WIDE_COLUMNS.len() } else { 1 };
    let mut response = Response::with_room(page.len() * per_row + 12, page.len() * 64 + 128);
    echo(&mut response, cltrid);
    columns(&mut response, if wide { WIDE_COLUMNS } else { &["rr"] });
    response.push("count", page.len());
    let updated = zone.updated.datetime();
    for row in &page {
        if !wide {
            response.push(
                "rr",
                format_args!("{}. {} IN {} {}", row.owner, row.ttl, row.kind, row.content),
            );
            continue;
        }
        let prio: Cow<'_, str> = row.prio.map_or(Cow::Borrowed(""), |p| p.to_string().into());
        response
            .push_str("content", row.content)
            .push("locked", u8::from(row.locked))
            .push_str("name", row.name(zone_name))
            .push_str("prio", &prio)
            .push("ttl", row.ttl)
            .push_str("type", row.kind)
            .push("updated date", updated);
    }
    push_window(&mut response, window, page.len(), total);
    Ok(response)
}

/// The WIDE columns of QueryDNSZoneList, alphabetical.
const ZONE_COLUMNS: &[&str] = &["dnszone", "external", "updated date", "zonetype"];

/// Lists the caller's zones by name (no trailing dot).
///
/// ```text
/// COMMAND  = QueryDNSZoneList
/// DNSZONE  = <pattern, * any run>   EXTERNAL = 0 | 1   (filters)
/// ORDERBY  = dnszone | updated_date   ORDER = ASC | DESC
/// WIDE     = 0 | 1     FIRST = <n> (0)   LIMIT = <n> (1000, at most 10000)
/// CLTRID   = <text>    (optional, echoed as cltrid)
/// ---
/// property[column][i] = dnszone (WIDE: dnszone, external, updated date, zonetype)
/// property[count][0], property[dnszone][n] (WIDE: external, updated date, zonetype = Master)
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_dns_zone_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let pattern = args.optional("DNSZONE");
    let external = args.flag("EXTERNAL")?;
    let order_by = read_order_by(args, &["dnszone", "updated_date"])?;
    let descending = read_order(args)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let window = read_window(args, MAX_LIMIT)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    let mut zones: Vec<&Zone> = ctx
        .system
        .zones_of(ctx.owner())
        .filter(|zone| {
            pattern.is_none_or(|p| names_match(&ace_pattern("DOMAIN", bare(p)), &zone.name))
        })
        .filter(|zone| external.is_none_or(|e| e == zone.external))
        .collect();
    if order_by == Some("updated_date") {
        zones.sort_by_key(|zone| zone.updated);
    }
    if descending {
        zones.reverse();
    }
    let (page, total) = window.take(zones.into_iter());
    let per_row = if wide { ZONE_COLUMNS.len() } else { 1 };
    let mut response = Response::with_room(page.len() * per_row + 12, page.len() * 48 + 128);
    echo(&mut response, cltrid);
    columns(
        &mut response,
        if wide {
            ZONE_COLUMNS
        } else {
            &ZONE_COLUMNS[..1]
        },
    );
    response.push("count", page.len());
    for zone in &page {
        response.push_str("dnszone", &zone.name);
        if wide {
            response
                .push("external", u8::from(zone.external))
                .push("updated date", zone.updated.datetime())
                .push_str("zonetype", "Master");
        }
    }
    push_window(&mut response, window, page.len(), total);
    Ok(response)
}
