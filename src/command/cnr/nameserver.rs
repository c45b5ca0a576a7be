//! The CentralNic Reseller nameserver (host) commands: AddNameserver,
//! ModifyNameserver, DeleteNameserver, StatusNameserver (cnr-commands.md
//! §17–§20), CheckNameserver and QueryNameserverList (KB pages). They read the CNR parameters
//! and run the HEXONET cores of `command/nameserver.rs` on the same hosts
//! (the list reads `System::hosts_of` as HEXONET's does); must not change
//! hosts any other way, nor write HEXONET property names.

use std::fmt;
use std::net::IpAddr;

use super::super::list::names_match;
use super::super::nameserver_host::{self as core, HostChange};
use super::super::{Args, Ctx};
use super::check::parse_domain;
use super::{columns, push_window, window};
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::wire::Response;

/// The parent refusals of the HEXONET core (`545` no such domain, `531`
/// another account's) as the platform answers them: `550 Parent domain not
/// registered` (cnr-commands.md §17), keeping the reason as the detail.
fn parent_not_registered(error: Error) -> Error {
    match error {
        Error::ObjectNotFound(why) | Error::AuthorizationFailed(why) => {
            Error::ParentNotRegistered(why)
        }
        other => other,
    }
}

/// The `NAMESERVER` value read before `finish`, checked after it (so that an
/// unknown parameter is answered first, as the platform does): `504`, `505`.
fn host(name: Option<&str>, param: &'static str) -> Result<DomainName> {
    let text = name.ok_or(Error::MissingParameter(param.into()))?;
    core::parse_host(param, text)
}

/// Creates a host under one of the caller's domains; the parent is found
/// from the name (CNR takes no `DOMAIN`). `STATUS#` and `TOKEN` are accepted
/// and ignored: sandbox hosts have no statuses and no domain needs a token.
///
/// ```text
/// COMMAND    = AddNameserver
/// NAMESERVER = <host name, ACE>
/// IPADDRESS0..IPADDRESS12 = <IPv4 or IPv6>   (at least one)
/// STATUS#, TOKEN                              (optional)
/// ---
/// (code only) 200 | 540 exists | 550 Parent domain not registered
/// ```
pub(super) fn add_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = args.optional("NAMESERVER");
    let addresses = args.list("IPADDRESS");
    args.list("STATUS");
    args.optional("TOKEN");
    args.finish()?;
    let name = host(name, "NAMESERVER")?;
    let addresses = core::parse_addresses("IPADDRESS", addresses)?;
    core::create_host(ctx, &name, None, addresses, parent_not_registered)?;
    Ok(Response::ok())
}

/// Changes a host's addresses, or renames it (the HEXONET core's rules:
/// `IPADDRESS#` replaces, then `DELIPADDRESS#` removes and `ADDIPADDRESS#`
/// adds; a host in use keeps its name). `STATUS#`, `ADDSTATUS#`,
/// `DELSTATUS#` and `TOKEN` are accepted and change nothing: a request with
/// only those answers 200 for a host of the caller.
///
/// ```text
/// COMMAND    = ModifyNameserver
/// NAMESERVER = <host name>
/// IPADDRESS#, DELIPADDRESS#, ADDIPADDRESS# = <ip>   (optional)
/// NEWNAMESERVER = <host name>                       (optional)
/// STATUS#, ADDSTATUS#, DELSTATUS#, TOKEN            (optional, ignored)
/// ---
/// (code only) 200 | 545 | 550 (new name outside the caller's domains)
/// ```
pub(super) fn modify_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = args.optional("NAMESERVER");
    let replace = args.list("IPADDRESS");
    let delete = args.list("DELIPADDRESS");
    let add = args.list("ADDIPADDRESS");
    let new_name = args.optional("NEWNAMESERVER");
    // Every list is read (marked read for `finish`), not only up to the first given.
    let statuses = ["STATUS", "ADDSTATUS", "DELSTATUS"]
        .map(|stem| !args.values(stem).is_empty())
        .contains(&true);
    args.optional("TOKEN");
    args.finish()?;
    let name = host(name, "NAMESERVER")?;
    // An empty value counts as not given (cnr-commands.md §0.2).
    let set = replace.iter().any(|(_, text)| !text.is_empty());
    let change = HostChange {
        replace: set
            .then(|| core::parse_addresses("IPADDRESS", replace))
            .transpose()?,
        delete: core::parse_addresses("DELIPADDRESS", delete)?,
        add: core::parse_addresses("ADDIPADDRESS", add)?,
        new_name: new_name
            .map(|text| core::parse_host("NEWNAMESERVER", text))
            .transpose()?,
    };
    let nothing = !set && change.delete.is_empty() && change.add.is_empty();
    if nothing && change.new_name.is_none() && statuses {
        core::owned_host(ctx.system, ctx.owner(), &name)?;
        return Ok(Response::ok());
    }
    core::modify_host(ctx, &name, change, parent_not_registered)?;
    Ok(Response::ok())
}

/// Deletes a host no domain uses. `FORCE=1` (the platform renames a host in
/// use away) is accepted, but the sandbox refuses a host in use either way.
///
/// ```text
/// COMMAND    = DeleteNameserver
/// NAMESERVER = <host name>
/// FORCE      = 0|1, TOKEN   (optional)
/// ---
/// (code only) 200 | 532 Domain names linked with name server | 545
/// ```
pub(super) fn delete_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = args.optional("NAMESERVER");
    let force = args.optional("FORCE");
    args.optional("TOKEN");
    args.finish()?;
    let name = host(name, "NAMESERVER")?;
    let force = match force {
        None | Some("0") => false,
        Some("1") => true,
        Some(other) => return Err(Error::syntax_rule("FORCE", other, "must be 0 or 1")),
    };
    core::remove_host(ctx, &name, force)?;
    Ok(Response::ok())
}

/// An address as StatusNameserver writes it: IPv4 dotted, IPv6 in the RFC
/// 4291 preferred form, all eight groups in upper case without leading
/// zeros (`2001:DB8:0:0:8:800:200C:417A`, cnr-commands.md §20).
struct Preferred(IpAddr);

impl fmt::Display for Preferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => v4.fmt(f),
            IpAddr::V6(v6) => {
                for (at, group) in v6.segments().iter().enumerate() {
                    if at > 0 {
                        f.write_str(":")?;
                    }
                    write!(f, "{group:X}")?;
                }
                Ok(())
            }
        }
    }
}

/// Whether the caller could create the host now (HEXONET's core,
/// `nameserver_host::host_unavailable`): `212 Name server available`, or
/// `213 Name server not available` with the reason as the detail and, for a
/// host of the caller's, its addresses (the KB: "if the nameserver is not
/// available, the given IP address(es) are assigned"), as StatusNameserver
/// writes them; another account's host shows none. A name no domain of the caller's holds is 213 too (it
/// could not be created).
///
/// ```text
/// COMMAND    = CheckNameserver
/// NAMESERVER = <host name, ACE or Unicode>
/// ---
/// 212 Name server available
/// 213 Name server not available; <reason>   property[ipaddress][0..12] (a host of the caller's)
/// ```
pub(super) fn check_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = args.optional("NAMESERVER");
    args.finish()?;
    let name = host(name, "NAMESERVER")?;
    let Some(reason) = core::host_unavailable(ctx.system, ctx.owner(), &name, None)? else {
        return Ok(Response::status(212, "Name server available"));
    };
    let mut response = Response::status(213, format!("Name server not available; {reason}"));
    // Only the caller's own host's: another account's addresses stay its own.
    let own = ctx
        .system
        .host(name.as_str())
        .filter(|host| host.owner == ctx.owner());
    if let Some(host) = own {
        for ip in &host.addresses {
            response.push("ipaddress", Preferred(*ip));
        }
    }
    Ok(response)
}

/// Shows one of the caller's hosts, in StatusDomain-like groups: dates and
/// actors, the registrar (the account), then the host. Dates end in `.0` as
/// StatusDomain's do; no host is ever transferred, so there is no
/// `registrar transfer date`. Unknown: `545 Entity reference not found`
/// (recorded); another account's host: `531`.
///
/// ```text
/// COMMAND    = StatusNameserver
/// NAMESERVER = <host name>
/// ---
/// property[created by][0]   property[created date][0] = YYYY-MM-DD hh:mm:ss.0
/// property[updated by][0]   property[updated date][0]
/// property[registrar][0]    property[nameserver][0]
/// property[ipaddress][0..12]   property[status][0] = ACTIVE
/// ```
pub(super) fn status_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = args.optional("NAMESERVER");
    args.finish()?;
    let name = host(name, "NAMESERVER")?;
    let host = core::owned_host(ctx.system, ctx.owner(), &name)?;
    let mut response = Response::with_room(8 + host.addresses.len(), 160);
    response
        .push("created by", &host.created_by)
        .push(
            "created date",
            format_args!("{}.0", host.created.datetime()),
        )
        .push("updated by", &host.updated_by)
        .push(
            "updated date",
            format_args!("{}.0", host.updated.datetime()),
        )
        .push("registrar", &host.owner)
        .push("nameserver", &host.name);
    for ip in &host.addresses {
        response.push("ipaddress", Preferred(*ip));
    }
    response.push_str("status", core::STATUS);
    Ok(response)
}

/// The columns of `WIDE=1`, alphabetical as `column[i]` lists them.
const WIDE: &[&str] = &["created date", "ipaddresses", "nameserver", "updated date"];

/// Lists the caller's hosts in name order, as QueryDomainList pages:
/// `LIMIT=0` is an empty page, past the end `last = first`. A PARENTDOMAIN
/// no host of the caller lies under is an empty list, not a refusal.
///
/// ```text
/// COMMAND      = QueryNameserverList
/// NAMESERVER   = <pattern, * for any run>   (optional; ACE or Unicode)
/// PARENTDOMAIN = <domain>                   (optional: the hosts under it)
/// WIDE         = 0 | 1
/// FIRST        = <n> (0)    LIMIT = <n> (1000, at most 10000)
/// GENERATELIST, SENDLISTEMAIL = accepted
/// ---
/// property[column][i] = nameserver (WIDE: created date, ipaddresses, nameserver, updated date)
/// property[count][0]
/// property[nameserver][n]   (WIDE: each row's cells together; ipaddresses = the host's
///                            addresses joined by `,`, as StatusNameserver writes each)
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_nameserver_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let pattern = args.optional("NAMESERVER");
    let parent = args.optional("PARENTDOMAIN");
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let window = window(args)?;
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    args.finish()?;
    let parent = parent
        .map(|text| parse_domain("PARENTDOMAIN", text))
        .transpose()?;
    let rows: Vec<_> = (ctx.system.hosts_of(ctx.owner()))
        .filter(|host| pattern.is_none_or(|pattern| names_match(pattern, host.name.as_str())))
        .filter(|host| (parent.as_ref()).is_none_or(|parent| host.domain == parent.as_str()))
        .collect();
    let (page, total) = window.take(rows.into_iter());
    let count = page.len();
    let mut response = Response::with_room(8 + page.len() * if wide { 4 } else { 1 }, 256);
    columns(&mut response, if wide { WIDE } else { &WIDE[2..3] });
    response.push("count", count);
    for host in page {
        if wide {
            let addresses: Vec<String> = (host.addresses.iter())
                .map(|ip| Preferred(*ip).to_string())
                .collect();
            let addresses = addresses.join(",");
            response
                .push("created date", host.created.datetime())
                .push_str("ipaddresses", &addresses)
                .push("nameserver", &host.name)
                .push("updated date", host.updated.datetime());
        } else {
            response.push("nameserver", &host.name);
        }
    }
    push_window(&mut response, window, count, total);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_ipv6_in_the_preferred_form() {
        let ip = |text: &str| Preferred(text.parse().unwrap()).to_string();
        assert_eq!(
            ip("2001:db8::8:800:200c:417a"),
            "2001:DB8:0:0:8:800:200C:417A"
        );
        assert_eq!(ip("2001:db8::1"), "2001:DB8:0:0:0:0:0:1");
        assert_eq!(ip("192.0.2.1"), "192.0.2.1");
    }
}
