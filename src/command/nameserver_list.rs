//! QueryNameserverList: one account's hosts, filtered by a `*` pattern and
//! parent domain, sorted and paged (protocol.md §4; the columns follow the
//! CentralNic Reseller page, HEXONET documents none). Walks only
//! `System::hosts_of(owner)`, never the whole host table.

use std::net::IpAddr;

use super::list::{OrderBy, Page, UserDepth, names_match};
use super::nameserver_host::STATUS;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{DomainName, Host};
use crate::wire::Response;

/// LIMIT when the request gives none.
const DEFAULT_LIMIT: usize = 100;

/// Lists the caller's hosts.
///
/// ```text
/// COMMAND      = QueryNameserverList
/// NAMESERVER   = <pattern>        (optional, * is any run of characters; ACE or Unicode)
/// PARENTDOMAIN = <domain>         (optional: hosts under this domain; DOMAIN is the same)
/// ORDERBY      = NAMESERVER | CREATEDDATE | UPDATEDDATE, each with DESC (default NAMESERVER)
/// USERDEPTH    = SELF | SUBUSER | ALL
/// WIDE         = 0|1
/// FIRST        = <n> (default 0), LIMIT = <n> (default 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[NAMESERVER][0..n]
/// WIDE=1 adds PROPERTY[NAMESERVERDOMAIN|NAMESERVERIPADDRESS (space-separated)|
///   NAMESERVERCREATEDDATE|NAMESERVERUPDATEDDATE|NAMESERVERSTATUS|USER][0..n]
/// ```
pub(super) fn query_nameserver_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let order = OrderBy::read(args, &["NAMESERVER", "CREATEDDATE", "UPDATEDDATE"])?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let pattern = args.optional("NAMESERVER");
    let parent = match (args.optional("PARENTDOMAIN"), args.optional("DOMAIN")) {
        (Some(text), _) => Some(("PARENTDOMAIN", text)),
        (None, Some(text)) => Some(("DOMAIN", text)),
        (None, None) => None,
    };
    let parent = match parent {
        None => None,
        Some((param, text)) => {
            Some(DomainName::parse(text).map_err(|rule| Error::syntax_rule(param, text, rule))?)
        }
    };
    args.finish()?;
    let matches = |host: &&Host| {
        pattern.is_none_or(|pattern| names_match(pattern, host.name.as_str()))
            && parent
                .as_ref()
                .is_none_or(|parent| host.domain == parent.as_str())
    };
    let owners = depth.owners(ctx.system, ctx.owner());
    let (rows, total) = match (owners.as_slice(), order.key, order.descending) {
        ([owner], "NAMESERVER", false) => page.take(ctx.system.hosts_of(owner).filter(matches)),
        ([owner], "NAMESERVER", true) => {
            page.take(ctx.system.hosts_of(owner).rev().filter(matches))
        }
        (owners, key, descending) => {
            let mut all: Vec<&Host> = owners
                .iter()
                .flat_map(|owner| ctx.system.hosts_of(owner))
                .filter(matches)
                .collect();
            all.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
            match key {
                "CREATEDDATE" => all.sort_by_key(|host| host.created),
                "UPDATEDDATE" => all.sort_by_key(|host| host.updated),
                _ => {}
            }
            if descending {
                all.reverse();
            }
            page.take(all.into_iter())
        }
    };
    let mut response = Response::ok();
    page.push_counters(&mut response, rows.len(), total);
    for host in &rows {
        response.push("NAMESERVER", &host.name);
    }
    if wide {
        for host in &rows {
            response.push("NAMESERVERDOMAIN", &host.domain);
        }
        for host in &rows {
            let ips: Vec<String> = host.addresses.iter().map(IpAddr::to_string).collect();
            response.push("NAMESERVERIPADDRESS", ips.join(" "));
        }
        for host in &rows {
            response.push("NAMESERVERCREATEDDATE", host.created.datetime());
        }
        for host in &rows {
            response.push("NAMESERVERUPDATEDDATE", host.updated.datetime());
        }
        for _ in &rows {
            response.push("NAMESERVERSTATUS", STATUS);
        }
        for host in &rows {
            response.push("USER", &host.owner);
        }
    }
    Ok(response)
}
