//! The CentralNic Reseller web forwarding commands (cnr-commands.md
//! §37–§39): AddWebFwd, QueryWebFwdList, DeleteWebFwd, and what the mail
//! forwarding commands (`forward_mail.rs`) share with them. A forwarding is
//! the same X-HTTP or X-SMTP record HEXONET's UpdateDNSZone EXTENDED=1
//! writes, in the zone holding the host, so either dialect reads what the
//! other wrote. Changes go through `Zone::plan` /
//! `System::apply_zone_change` (the serial moves).

use super::super::{Args, Ctx};
use super::columns;
use super::dnszone_args::{done, echo, read_cltrid};
use super::dnszone_list::{read_order, read_order_by, read_window};
use super::push_window;
use crate::command::list::{MAX_LIMIT, glob};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::zone::{self, DEFAULT_TTL, Line, Pattern, Rr, RrType, Zone, ZoneChange};
use crate::registry::{DomainName, System};
use crate::wire::Response;

/// A host name parameter (SOURCE, the domain of FROM): ACE, lower case.
pub(super) fn host(param: &str, text: &str) -> Result<String> {
    DomainName::parse_cnr(text)
        .map(|name| name.as_str().to_owned())
        .map_err(|rule| Error::syntax_rule(param, text, rule))
}

/// A SOURCE filter as the hosts are stored: a whole name in ACE, lower
/// case, without a trailing dot; a pattern with `*` as given.
fn source_filter(text: &str) -> String {
    let text = text.strip_suffix('.').unwrap_or(text);
    if text.contains('*') {
        return text.to_owned();
    }
    DomainName::parse_cnr(text)
        .map_or_else(|_| text.to_ascii_lowercase(), |n| n.as_str().to_owned())
}

/// The caller's zone holding `host`: `545` when no zone does, `531` when
/// another account's does.
pub(super) fn zone_of<'s>(system: &'s System, owner: &str, host: &str) -> Result<&'s Zone> {
    match system.enclosing_zone_for(host, Some(owner)) {
        None => Err(Error::ObjectNotFound(format!(
            "no DNS zone holds {host} (AddDNSZone creates one)"
        ))),
        Some(zone) => system.owned_zone(owner, &zone.name),
    }
}

/// Plans `change` on the caller's zone `name` and applies it.
pub(super) fn change(ctx: &mut Ctx<'_>, name: &str, change: ZoneChange) -> Result<()> {
    let plan = ctx.system.owned_zone(ctx.owner(), name)?.plan(change)?;
    let actor = ctx.actor();
    ctx.system.apply_zone_change(name, plan, ctx.now, &actor);
    Ok(())
}

/// The caller's zones a forwarding list looks at: the DNSZONE given (if
/// the caller's), the zone of a `host` without `*` (as [`source_filter`]
/// gives it), else every zone of the caller that holds forwarding records.
pub(super) fn zones_to_list<'s>(
    system: &'s System,
    owner: &str,
    dnszone: Option<&str>,
    host: Option<&str>,
) -> Vec<&'s Zone> {
    let one = match (dnszone, host) {
        (Some(name), _) => Some(DomainName::parse_cnr(name).map(|n| n.as_str().to_owned())),
        (None, Some(host)) if !host.contains('*') => Some(Ok(host.to_owned())),
        _ => None,
    };
    match one {
        Some(Ok(name)) => {
            let zone = if dnszone.is_some() {
                system.zone(&name)
            } else {
                system.enclosing_zone_for(&name, Some(owner))
            };
            zone.filter(|zone| zone.owner == owner)
                .into_iter()
                .collect()
        }
        Some(Err(_)) => Vec::new(),
        None => system
            .zones_of(owner)
            .filter(|zone| zone.records.pseudo_len() > 0)
            .collect(),
    }
}

/// The records of `kind` in `zones`, with their zone.
pub(super) fn forwardings<'s>(
    zones: &[&'s Zone],
    kind: RrType,
) -> Vec<(&'s Zone, &'s str, &'s str)> {
    let mut found = Vec::new();
    for zone in zones {
        for rr in zone.records.iter().filter(|rr| rr.kind == kind) {
            found.push((*zone, rr.owner, rr.data));
        }
    }
    found
}

/// Forwards a host's web requests: `RD` a redirect (X-HTTP REDIRECT), `MRD`
/// a frame (X-HTTP FRAME). The zone holding the host must be the caller's.
///
/// ```text
/// COMMAND     = AddWebFwd
/// SOURCE      = <host>              (example.com, www.example.com)
/// TARGET      = <http:// or https:// URL>
/// TYPE        = RD | MRD            (SELF, a static page, is refused: not supported)
/// KEEPURIPATH = 0 | 1, HTTPS = 0 | 1   (accepted)
/// CLTRID      = <text>              (optional, echoed as cltrid)
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn add_web_fwd(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let source_text = args.required("SOURCE")?;
    let target = args.optional("TARGET");
    let kind = args.required("TYPE")?;
    args.flag("KEEPURIPATH")?;
    args.flag("HTTPS")?;
    let content = args.list("CONTENT");
    let cltrid = read_cltrid(args);
    let source = host("SOURCE", source_text)?;
    let mode = match kind.to_ascii_uppercase().as_str() {
        "RD" => "REDIRECT",
        "MRD" => "FRAME",
        "SELF" => {
            return Err(Error::invalid(
                "TYPE",
                "SELF (a static page) is not supported by the sandbox; use RD or MRD",
            ));
        }
        _ => return Err(Error::syntax_rule("TYPE", kind, "must be RD, MRD or SELF")),
    };
    if let Some((index, _)) = content.first() {
        return Err(Error::invalid(
            &format!("CONTENT{index}"),
            "page lines come only with TYPE=SELF, which the sandbox does not support",
        ));
    }
    let target = target.ok_or(Error::MissingParameter("TARGET".into()))?;
    if target.contains(char::is_whitespace) {
        return Err(Error::syntax_rule(
            "TARGET",
            target,
            "must be one URL without blanks",
        ));
    }
    let data = zone::parse_rdata(Dialect::Cnr, "", RrType::XHttp, &format!("{mode} {target}"))
        .map_err(|why| {
            // The record's reason names the URL, which the text shows already.
            let why = why
                .strip_prefix(target)
                .map_or(why.as_str(), str::trim_start);
            Error::syntax_rule("TARGET", target, why)
        })?;
    args.finish()?;
    let zone = zone_of(ctx.system, ctx.owner(), &source)?;
    if zone.records.rrset(&source, RrType::XHttp).is_some() {
        return Err(Error::NotUnique(format!(
            "SOURCE {source} has a web forwarding already (DeleteWebFwd removes it)"
        )));
    }
    let name = zone.name.clone();
    let rr = Rr {
        owner: source,
        ttl: DEFAULT_TTL,
        kind: RrType::XHttp,
        data,
    };
    let add = ZoneChange {
        add: vec![("SOURCE".to_owned(), Line::Record(rr))],
        extended: true,
        ..ZoneChange::default()
    };
    change(ctx, &name, add)?;
    Ok(done(cltrid))
}

/// Lists the caller's web forwardings (every X-HTTP record, whichever
/// dialect wrote it). `type` is lower case, as WHMCS compares it (`rd`).
///
/// ```text
/// COMMAND = QueryWebFwdList
/// SOURCE, TARGET = <pattern, * any run>   TYPE = RD | MRD   DNSZONE = <zone>   (filters)
/// ORDERBY = source | target | type   ORDER = ASC | DESC
/// WIDE    = 0 | 1     FIRST = <n> (0)   LIMIT = <n> (1000, at most 10000)
/// CLTRID  = <text>    (optional, echoed as cltrid)
/// ---
/// property[column][i] = webfwd (WIDE: source, target, type, webfwd)
/// property[count][0], property[webfwd][n] = <source host>
///   (WIDE: property[source][n], property[target][n], property[type][n] = rd | mrd)
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_web_fwd_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let source = args.optional("SOURCE").map(source_filter);
    let target = args.optional("TARGET");
    let kind = args.optional("TYPE").map(str::to_ascii_lowercase);
    let dnszone = args.optional("DNSZONE");
    let order_by = read_order_by(args, &["source", "target", "type"])?;
    let descending = read_order(args)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let window = read_window(args, MAX_LIMIT)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    let zones = zones_to_list(ctx.system, ctx.owner(), dnszone, source.as_deref());
    let mut rows: Vec<(&str, &str, &str)> = Vec::new();
    for (_, owner, data) in forwardings(&zones, RrType::XHttp) {
        // `[/path ]REDIRECT|FRAME <url>`
        let mut tokens = data.rsplitn(3, ' ');
        let url = tokens.next().unwrap_or_default();
        let fwd = match tokens.next() {
            Some("FRAME") => "mrd",
            _ => "rd",
        };
        let admitted = source.as_deref().is_none_or(|p| glob(p, owner))
            && target.is_none_or(|p| glob(p, url))
            && kind.as_deref().is_none_or(|k| k == fwd);
        if admitted {
            rows.push((owner, url, fwd));
        }
    }
    match order_by {
        Some("target") => rows.sort_by_key(|row| row.1),
        Some("type") => rows.sort_by_key(|row| row.2),
        _ => rows.sort_by_key(|row| row.0),
    }
    if descending {
        rows.reverse();
    }
    let (page, total) = window.take(rows.into_iter());
    let mut response = Response::with_room(page.len() * 4 + 12, page.len() * 64 + 128);
    echo(&mut response, cltrid);
    if wide {
        columns(&mut response, &["source", "target", "type", "webfwd"]);
    } else {
        columns(&mut response, &["webfwd"]);
    }
    response.push("count", page.len());
    for (owner, url, fwd) in &page {
        if wide {
            response
                .push_str("source", owner)
                .push_str("target", url)
                .push_str("type", fwd);
        }
        response.push_str("webfwd", owner);
    }
    push_window(&mut response, window, page.len(), total);
    Ok(response)
}

/// Removes the web forwarding of a host (each X-HTTP record of it).
///
/// ```text
/// COMMAND = DeleteWebFwd
/// SOURCE  = <host>
/// CLTRID  = <text>   (optional, echoed as cltrid)
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn delete_web_fwd(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let source_text = args.required("SOURCE")?;
    let cltrid = read_cltrid(args);
    let source = host("SOURCE", source_text)?;
    args.finish()?;
    let zone = zone_of(ctx.system, ctx.owner(), &source)?;
    if zone.records.rrset(&source, RrType::XHttp).is_none() {
        return Err(Error::ObjectNotFound(format!(
            "SOURCE {source} has no web forwarding"
        )));
    }
    let name = zone.name.clone();
    let pattern = Pattern {
        owner: Some(source),
        kind: Some(RrType::XHttp),
        data: None,
    };
    let delete = ZoneChange {
        delete: vec![("SOURCE".to_owned(), pattern)],
        extended: true,
        ..ZoneChange::default()
    };
    change(ctx, &name, delete)?;
    Ok(done(cltrid))
}
