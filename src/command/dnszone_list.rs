//! QueryDNSZoneList: the view's zones (USERDEPTH: its subusers' too),
//! filtered, sorted and paged with the columns of the reference's example.
//! Walks only `System::zones_of(owner)` of the accounts shown. Reads only.

use super::list::{OrderBy, Page, UserDepth, glob, names_match, read_date};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::zone::{Zone, ZoneStatus};
use crate::registry::{DomainName, Timestamp};
use crate::wire::Response;

/// LIMIT when the request gives none.
const DEFAULT_LIMIT: usize = 1000;

/// The filters of one request.
struct Filter<'a> {
    pattern: Option<&'a str>,
    status: Option<ZoneStatus>,
    subclass: Option<String>,
    mname: Option<&'a str>,
    created: (Option<Timestamp>, Option<Timestamp>),
    updated: (Option<Timestamp>, Option<Timestamp>),
    /// PREMIUMDNSCLASS given: premium (anycast) zones only, which otebox
    /// does not host, so no zone matches.
    premium: bool,
}

fn within(at: Timestamp, (min, max): (Option<Timestamp>, Option<Timestamp>)) -> bool {
    min.is_none_or(|min| at >= min) && max.is_none_or(|max| at <= max)
}

fn subclass(zone: &Zone) -> &'static str {
    if zone.external { "EXTERNAL" } else { "MASTER" }
}

impl Filter<'_> {
    fn matches(&self, zone: &Zone) -> bool {
        self.pattern.is_none_or(|p| {
            let p = p.strip_suffix('.').unwrap_or(p);
            names_match(p, &zone.name)
        }) && self.status.is_none_or(|s| s == zone.status)
            && self
                .subclass
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case(subclass(zone)))
            && self.mname.is_none_or(|p| {
                glob(p, &zone.soa.mname) || glob(p, zone.soa.mname.trim_end_matches('.'))
            })
            && within(zone.created, self.created)
            && within(zone.updated, self.updated)
            && !self.premium
    }
}

/// Lists hosted zones.
///
/// ```text
/// COMMAND   = QueryDNSZoneList
/// DNSZONE   = <pattern>      (optional, * any run; trailing dot optional)
/// STATUS    = ACTIVE | INACTIVE | HOLD,  SUBCLASS = MASTER | EXTERNAL,  SOAMNAME = <pattern>
/// MINCREATEDDATE, MAXCREATEDDATE, MINUPDATEDDATE, MAXUPDATEDDATE = YYYY-MM-DD[ hh:mm:ss]
/// MINEXPIRATIONDATE, MAXEXPIRATIONDATE  (accepted; zones do not expire)
/// ORDERBY   = DNSZONE | CREATEDDATE | UPDATEDDATE, each with DESC (default DNSZONE)
/// USERDEPTH = SELF | SUBUSER | ALL,  WIDE = 0 | 1 | DNSNODE,  FIRST, LIMIT (1000), NOTOTAL
/// PROPERTIES = PREMIUMDNS,  PREMIUMDNSCLASS = <pattern>  (DNSControl's premium zone list:
///   otebox hosts no premium DNS, so a PREMIUMDNSCLASS matches no zone)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[DNSZONE][n] = <zone>.
/// WIDE=1 adds DNSZONECONFIGCLASS, DNSZONECREATEDDATE, DNSZONERRSTOTAL, DNSZONESOAEXPIRE,
///   DNSZONESOAMINTTL, DNSZONESOAMNAME, DNSZONESOAREFRESH, DNSZONESOARETRY, DNSZONESOARNAME,
///   DNSZONESOASERIAL, DNSZONESOATTL, DNSZONESUBCLASS, DNSZONEUMLAUT, DNSZONEUPDATEDDATE,
///   PARENTUSER, PEERUSER, STATUS, USER
/// ```
pub(super) fn query_dns_zone_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let order = OrderBy::read(args, &["DNSZONE", "CREATEDDATE", "UPDATEDDATE"])?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let wide = match args
        .optional("WIDE")
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("0") => false,
        Some("1") | Some("DNSNODE") => true,
        Some(other) => return Err(Error::syntax_rule("WIDE", other, "must be 0, 1 or DNSNODE")),
    };
    args.flag("NOTOTAL")?;
    if let Some(text) = args.optional("PROPERTIES")
        && !text.eq_ignore_ascii_case("PREMIUMDNS")
    {
        return Err(Error::syntax_rule("PROPERTIES", text, "must be PREMIUMDNS"));
    }
    let status = match args.optional("STATUS") {
        None => None,
        Some(text) => Some(ZoneStatus::parse(text).ok_or_else(|| {
            Error::syntax_rule("STATUS", text, "must be ACTIVE, INACTIVE or HOLD")
        })?),
    };
    let filter = Filter {
        pattern: args.optional("DNSZONE"),
        status,
        subclass: args.optional("SUBCLASS").map(str::to_owned),
        mname: args.optional("SOAMNAME"),
        created: (
            read_date(args, "MINCREATEDDATE")?,
            read_date(args, "MAXCREATEDDATE")?,
        ),
        updated: (
            read_date(args, "MINUPDATEDDATE")?,
            read_date(args, "MAXUPDATEDDATE")?,
        ),
        premium: args
            .optional("PREMIUMDNSCLASS")
            .is_some_and(|p| !p.is_empty()),
    };
    read_date(args, "MINEXPIRATIONDATE")?;
    read_date(args, "MAXEXPIRATIONDATE")?;
    args.finish()?;
    let system = &*ctx.system;
    let view = ctx.owner();
    let owners = depth.owners(system, view);
    let (rows, total) = match (owners.as_slice(), order.key, order.descending) {
        ([owner], "DNSZONE", false) => {
            page.take(system.zones_of(owner).filter(|z| filter.matches(z)))
        }
        ([owner], "DNSZONE", true) => {
            page.take(system.zones_of(owner).rev().filter(|z| filter.matches(z)))
        }
        (owners, key, descending) => {
            let mut all: Vec<&Zone> = owners
                .iter()
                .flat_map(|owner| system.zones_of(owner))
                .filter(|z| filter.matches(z))
                .collect();
            all.sort_by(|a, b| a.name.cmp(&b.name));
            match key {
                "CREATEDDATE" => all.sort_by_key(|zone| zone.created),
                "UPDATEDDATE" => all.sort_by_key(|zone| zone.updated),
                _ => {}
            }
            if descending {
                all.reverse();
            }
            page.take(all.into_iter())
        }
    };
    let mut response = Response::with_room(rows.len() * 19 + 5, rows.len() * 300 + 64);
    page.push_counters(&mut response, rows.len(), total);
    for zone in &rows {
        response.push("DNSZONE", format_args!("{}.", zone.name));
    }
    if !wide {
        return Ok(response);
    }
    // The HEXONET layout groups each column's values, so rows go in row by row.
    for zone in &rows {
        let soa = &zone.soa;
        let unicode = DomainName::parse(&zone.name)
            .map(|name| name.unicode().into_owned())
            .unwrap_or_else(|_| zone.name.clone());
        response
            .push_str("DNSZONECONFIGCLASS", "")
            .push("DNSZONECREATEDDATE", zone.created.datetime())
            .push("DNSZONERRSTOTAL", zone.total(false))
            .push("DNSZONESOAEXPIRE", soa.expire)
            .push("DNSZONESOAMINTTL", soa.minttl)
            .push_str("DNSZONESOAMNAME", &soa.mname)
            .push("DNSZONESOAREFRESH", soa.refresh)
            .push("DNSZONESOARETRY", soa.retry)
            .push_str("DNSZONESOARNAME", &soa.rname)
            .push("DNSZONESOASERIAL", soa.serial)
            .push("DNSZONESOATTL", soa.ttl)
            .push_str("DNSZONESUBCLASS", subclass(zone))
            .push("DNSZONEUMLAUT", format_args!("{unicode}."))
            .push("DNSZONEUPDATEDDATE", zone.updated.datetime())
            .push_str("PARENTUSER", system.parent_of(&zone.owner))
            .push("PEERUSER", system.peer_chain(view, &zone.owner))
            .push_str("STATUS", zone.status.as_str())
            .push_str("USER", &zone.owner);
    }
    Ok(response)
}
