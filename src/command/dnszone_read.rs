//! The HEXONET zone commands that only read: QueryDNSZoneRRList (the plain,
//! SHORT=1 and EXTENDED=1 line forms, paged), StatusDNSZone, FindDNSZone and
//! QueryDNSZoneStats. Reads only; never changes the registry.

use std::fmt;

use super::dnszone::read_zone;
use crate::command::list::{MAX_LIMIT, Page, count, glob};
use crate::command::{Args, Ctx};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::Timestamp;
use crate::registry::zone::{self, QueryCounts, RrRef, RrType, Zone};
use crate::wire::Response;

/// One listing line: `<owner>. <ttl> IN <TYPE> <rdata>`, or with `short`
/// the owner relative to the zone (`@`, `www`).
struct LineOut<'a> {
    zone: &'a str,
    short: bool,
    owner: &'a str,
    ttl: u32,
    kind: RrType,
    data: &'a str,
}

impl<'a> LineOut<'a> {
    fn of(zone: &'a str, short: bool, rr: &RrRef<'a>) -> LineOut<'a> {
        LineOut {
            zone,
            short,
            owner: rr.owner,
            ttl: rr.ttl,
            kind: rr.kind,
            data: rr.data,
        }
    }
}

impl fmt::Display for LineOut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.short {
            write!(f, "{}.", self.owner)?;
        } else if self.owner == self.zone {
            f.write_str("@")?;
        } else {
            let relative = self
                .owner
                .strip_suffix(self.zone)
                .and_then(|rest| rest.strip_suffix('.'))
                .unwrap_or(self.owner);
            f.write_str(relative)?;
        }
        write!(f, " {} IN {} {}", self.ttl, self.kind, self.data)
    }
}

/// Lists a zone's records in zone-file order, the SOA first. COUNT is the
/// rows returned, TOTAL the zone's records (SOA included, X-HTTP/X-SMTP
/// only with EXTENDED=1). FIRST/LIMIT page the list (an otebox extension;
/// default: every record); a paged answer carries FIRST, LAST and LIMIT
/// too, and TOTAL counts the records that match, so an SDK pager (which
/// sends FIRST=0 and pages on to TOTAL) fetches each row once.
///
/// ```text
/// COMMAND  = QueryDNSZoneRRList
/// DNSZONE  = <zone>[.]
/// RR       = <pattern on the whole line, * any run>, or without *
///            a record pattern as DELRR takes (@ IN NS, www, % TXT)  (optional)
/// RRTYPE   = <type>                                   (optional)
/// EXTENDED = 0 | 1      (1: X-HTTP and X-SMTP records too)
/// SHORT    = 0 | 1      (1: owners relative to the zone, @ the apex)
/// FIRST, LIMIT          (optional; LIMIT at most 10000 once paged)
/// ---
/// PROPERTY[COUNT][0] = <rows>
/// PROPERTY[TOTAL][0] = <records in the zone; paged: the records matching>
/// PROPERTY[FIRST][0], PROPERTY[LAST][0], PROPERTY[LIMIT][0] (paged only)
/// PROPERTY[RR][n]    = <owner> <ttl> IN <TYPE> <rdata>
/// ```
pub(super) fn query_dns_zone_rr_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let filter = args.optional("RR");
    let rrtype = match args.optional("RRTYPE") {
        None => None,
        Some(text) => Some(RrType::parse_in(Dialect::Hexonet, text).ok_or_else(|| {
            Error::syntax_rule(
                "RRTYPE",
                text,
                format_args!("must be one of {}", RrType::names(Dialect::Hexonet)),
            )
        })?),
    };
    let extended = args.flag("EXTENDED")?.unwrap_or(false);
    let short = args.flag("SHORT")?.unwrap_or(false);
    let paged = count(args, "FIRST")?.is_some() || count(args, "LIMIT")?.is_some();
    let page = Page::read(args, if paged { MAX_LIMIT } else { usize::MAX })?;
    args.finish()?;
    let zone = ctx.system.owned_zone(ctx.owner(), name.as_str())?;
    // RR: with `*` a pattern on the line as listed; else a record pattern
    // as DELRR takes (`@ IN NS`, `www`, `% TXT`).
    let (glob_text, pattern) = match filter {
        None => (None, None),
        Some(text) if text.contains('*') => (Some(text), None),
        Some(text) => match zone::parse_pattern(Dialect::Hexonet, &zone.name, text) {
            Ok(pattern) => (None, Some(pattern)),
            Err(why) => return Err(Error::syntax_rule("RR", text, why)),
        },
    };
    let soa = zone.soa.data();
    let soa_row = RrRef {
        owner: &zone.name,
        ttl: zone.soa.ttl,
        kind: RrType::Soa,
        data: &soa,
    };
    let zone_name = zone.name.as_str();
    let line = move |rr: &RrRef<'_>| LineOut::of(zone_name, short, rr).to_string();
    let (rows, matching) = page.take(
        std::iter::once(soa_row)
            .chain(zone.records.iter())
            .filter(|rr| extended || !rr.kind.is_pseudo())
            .filter(|rr| rrtype.is_none_or(|kind| kind == rr.kind))
            .filter(|rr| {
                pattern
                    .as_ref()
                    .is_none_or(|p| p.matches(rr.owner, rr.kind, rr.data))
            })
            .filter(|rr| glob_text.is_none_or(|p| glob(p, &line(rr)))),
    );
    let mut response = Response::with_room(rows.len() + 5, rows.len() * 48 + 48);
    match paged {
        true => page.push_counters(&mut response, rows.len(), matching),
        false => {
            response
                .push("COUNT", rows.len())
                .push("TOTAL", zone.total(extended));
        }
    }
    for rr in &rows {
        response.push("RR", LineOut::of(zone_name, short, rr));
    }
    Ok(response)
}

/// What the `www` record points at: (`CNAME`, target) or (`A`, address).
fn www_target(zone: &Zone) -> (&'static str, &str) {
    let www = format!("www.{}", zone.name);
    let Some(node) = zone.records.node(&www) else {
        return ("", "");
    };
    for kind in [RrType::Cname, RrType::A] {
        if let Some(data) = node.get(&kind).and_then(|set| set.data.iter().next()) {
            return (kind.as_str(), data);
        }
    }
    ("", "")
}

/// The SOA, status and counts of a zone.
///
/// ```text
/// COMMAND  = StatusDNSZone
/// DNSZONE  = <zone>[.]
/// EXTENDED = 0 | 1     (1: RRSTOTAL counts X-HTTP/X-SMTP records too)
/// ---
/// PROPERTY[CREATEDDATE][0], DNSSEC-MODE (DISABLED | AUTO), PEERUSER, RRSTOTAL,
/// SOAEXPIRE, SOAMINTTL, SOAMNAME, SOAREFRESH, SOARETRY, SOARNAME, SOASERIAL,
/// SOATTL, STATUS, UPDATEDDATE, WWWTARGETDATA, WWWTARGETTYPE (CNAME | A | empty)
/// ```
pub(super) fn status_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let extended = args.flag("EXTENDED")?.unwrap_or(false);
    args.finish()?;
    let zone = ctx.system.owned_zone(ctx.owner(), name.as_str())?;
    let (www_type, www_data) = www_target(zone);
    let soa = &zone.soa;
    let mut response = Response::ok();
    response
        .push("CREATEDDATE", zone.created.datetime())
        .push(
            "DNSSEC-MODE",
            if zone.dnssec_auto { "AUTO" } else { "DISABLED" },
        )
        .push("PEERUSER", ctx.system.peer_chain(ctx.owner(), &zone.owner))
        .push("RRSTOTAL", zone.total(extended))
        .push("SOAEXPIRE", soa.expire)
        .push("SOAMINTTL", soa.minttl)
        .push_str("SOAMNAME", &soa.mname)
        .push("SOAREFRESH", soa.refresh)
        .push("SOARETRY", soa.retry)
        .push_str("SOARNAME", &soa.rname)
        .push("SOASERIAL", soa.serial)
        .push("SOATTL", soa.ttl)
        .push_str("STATUS", zone.status.as_str())
        .push("UPDATEDDATE", zone.updated.datetime())
        .push_str("WWWTARGETDATA", www_data)
        .push_str("WWWTARGETTYPE", www_type);
    Ok(response)
}

/// The caller's zones holding a record of type RTYPE with data RDATA (a
/// nameserver name, an address, ...): one row per record.
///
/// ```text
/// COMMAND = FindDNSZone
/// RTYPE   = <type>          (NS, A, MX, ...)
/// RDATA   = <rdata>         (relative names are relative to each zone)
/// ---
/// PROPERTY[COUNT][0], PROPERTY[TOTAL][0]
/// PROPERTY[CLASS][n] = IN, DATA, DNSZONE (<zone>.), DOMAIN (<owner>.), TTL, TYPE
/// ```
pub(super) fn find_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let type_text = args.required("RTYPE")?;
    let rdata = args.required("RDATA")?;
    args.finish()?;
    let kind = RrType::parse_in(Dialect::Hexonet, type_text)
        .filter(|kind| *kind != RrType::Soa)
        .ok_or_else(|| {
            Error::syntax_rule(
                "RTYPE",
                type_text,
                format_args!(
                    "must be one of {}",
                    &RrType::names(Dialect::Hexonet)["SOA, ".len()..]
                ),
            )
        })?;
    zone::parse_rdata(Dialect::Hexonet, "zone.invalid", kind, rdata)
        .map_err(|why| Error::syntax_rule("RDATA", rdata, why))?;
    let mut rows: Vec<(&Zone, RrRef<'_>)> = Vec::new();
    for zone in ctx.system.zones_of(ctx.owner()) {
        let Ok(data) = zone::parse_rdata(Dialect::Hexonet, &zone.name, kind, rdata) else {
            continue;
        };
        rows.extend(
            zone.records
                .iter()
                .filter(|rr| rr.kind == kind && rr.data == data)
                .map(|rr| (zone, rr)),
        );
    }
    let mut response = Response::with_room(rows.len() * 6 + 2, rows.len() * 96 + 16);
    response.push("COUNT", rows.len()).push("TOTAL", rows.len());
    for (zone, rr) in rows {
        response
            .push_str("CLASS", "IN")
            .push_str("DATA", rr.data)
            .push("DNSZONE", format_args!("{}.", zone.name))
            .push("DOMAIN", format_args!("{}.", rr.owner))
            .push("TTL", rr.ttl)
            .push_str("TYPE", kind.as_str());
    }
    Ok(response)
}

/// QueryDNSZoneStats' PERIODICITY: how long one row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Periodicity {
    Hourly,
    Daily,
    Monthly,
}

impl Periodicity {
    /// PERIODICITY, any case; `DAILY` when not sent or empty (the reference's example).
    fn read(args: &mut Args<'_>) -> Result<Periodicity> {
        match args.optional("PERIODICITY").filter(|text| !text.is_empty()) {
            None => Ok(Periodicity::Daily),
            Some(text) if text.eq_ignore_ascii_case("HOURLY") => Ok(Periodicity::Hourly),
            Some(text) if text.eq_ignore_ascii_case("DAILY") => Ok(Periodicity::Daily),
            Some(text) if text.eq_ignore_ascii_case("MONTHLY") => Ok(Periodicity::Monthly),
            Some(text) => Err(Error::syntax_rule(
                "PERIODICITY",
                text,
                "must be HOURLY, DAILY or MONTHLY",
            )),
        }
    }

    /// The rows' periods, oldest first, up to the one `now` falls in: the
    /// last 24 hours, 14 days (the reference's example) or 12 months.
    fn periods(self, now: Timestamp) -> Vec<(Timestamp, Timestamp)> {
        const HOUR: u64 = 3_600;
        let (rows, current): (u32, Timestamp) = match self {
            Periodicity::Hourly => (24, Timestamp(now.0 - now.0 % HOUR)),
            Periodicity::Daily => (14, Timestamp(now.0 - now.0 % 86_400)),
            Periodicity::Monthly => (12, now.month_start()),
        };
        (0..rows)
            .rev()
            .map(|back| match self {
                Periodicity::Hourly => {
                    let start = Timestamp(current.0.saturating_sub(u64::from(back) * HOUR));
                    (start, Timestamp(start.0 + HOUR))
                }
                Periodicity::Daily => {
                    let start = current.minus_days(u64::from(back));
                    (start, start.plus_days(1))
                }
                Periodicity::Monthly => {
                    let start = current.minus_months(back);
                    (start, start.plus_months(1))
                }
            })
            .collect()
    }

    /// A row's DATE: `YYYY-MM-DD hh:00:00` for an hour, else `YYYY-MM-DD`
    /// (a month's first day).
    fn label(self, start: Timestamp) -> String {
        let text = start.datetime().to_string();
        match self {
            Periodicity::Hourly => text,
            Periodicity::Daily | Periodicity::Monthly => text[..10].to_owned(),
        }
    }
}

/// The DNS answers `--dns-listen` sent for one of the caller's zones, per
/// hour, day or month of the sandbox clock up to the current one (zero rows
/// where it sent none: a zone nobody asked shows zeros). ERROR-COUNT counts
/// the NXDOMAIN answers. Rows: 24 hours, 14 days or 12 months.
///
/// ```text
/// COMMAND     = QueryDNSZoneStats
/// DNSZONE     = <zone>[.]
/// PERIODICITY = HOURLY | DAILY | MONTHLY     (optional, DAILY)
/// ---
/// PROPERTY[RESPONSE-COUNT][n] = <answers>
/// PROPERTY[ERROR-COUNT][n]    = <NXDOMAIN answers>
/// PROPERTY[DATE][n]           = YYYY-MM-DD | YYYY-MM-DD hh:00:00 (HOURLY)
/// ```
pub(super) fn query_dns_zone_stats(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let periodicity = Periodicity::read(args)?;
    args.finish()?;
    let zone = ctx.system.owned_zone(ctx.owner(), name.as_str())?;
    let periods = periodicity.periods(ctx.now);
    let counts: Vec<QueryCounts> = periods
        .iter()
        .map(|(from, to)| zone.queries.between(*from, *to))
        .collect();
    let mut response = Response::with_room(periods.len() * 3, periods.len() * 64);
    for row in &counts {
        response.push("RESPONSE-COUNT", row.responses);
    }
    for row in &counts {
        response.push("ERROR-COUNT", row.errors);
    }
    for (start, _) in &periods {
        response.push_str("DATE", &periodicity.label(*start));
    }
    Ok(response)
}
