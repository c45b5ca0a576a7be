//! Nameserver hosts (glue): AddNameserver, CheckNameserver, ModifyNameserver,
//! DeleteNameserver, StatusNameserver (QueryNameserverList is in
//! `nameserver_list.rs`). One function per wire command over the host rules
//! both dialects share (`nameserver_host.rs`). A host lies under a domain its
//! account holds; records and indexes live in `registry::host`, domain usage
//! counts in `registry::domain` (never changed here).

use std::net::IpAddr;

use super::nameserver_host::{
    HostChange, STATUS, create_host, host_unavailable, modify_host, owned_host, parse_addresses,
    parse_host, remove_host,
};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{DomainName, catalogue};
use crate::wire::Response;

/// Reads a host name parameter (any case, IDN or ACE); `505` naming it.
fn host_name(args: &mut Args<'_>, name: &'static str) -> Result<DomainName> {
    let text = args.required(name)?;
    parse_host(name, text)
}

/// Reads `STEM0..STEM12` as addresses, in index order, without repeats:
/// `505` for a malformed one, `541` for an index past 12 or an address no
/// nameserver can have (unspecified, loopback, multicast, broadcast).
fn addresses(args: &mut Args<'_>, stem: &str) -> Result<Vec<IpAddr>> {
    parse_addresses(stem, args.list(stem))
}

/// Creates a host object with its glue addresses under one of the caller's domains.
///
/// ```text
/// COMMAND    = AddNameserver
/// NAMESERVER = <host name>            (within a domain of the account)
/// IPADDRESS0..IPADDRESS12 = <IPv4 or IPv6>   (at least one)
/// DOMAIN     = <parent domain>        (optional; found from the name otherwise)
/// ---
/// PROPERTY[CREATEDDATE][0] = <YYYY-MM-DD hh:mm:ss>
/// PROPERTY[HOST][0]        = <host name>
/// ```
pub(super) fn add_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = host_name(args, "NAMESERVER")?;
    let domain = match args.optional("DOMAIN") {
        None => None,
        Some(text) => {
            Some(DomainName::parse(text).map_err(|rule| Error::syntax_rule("DOMAIN", text, rule))?)
        }
    };
    let addresses = addresses(args, "IPADDRESS")?;
    args.finish()?;
    create_host(
        ctx,
        &name,
        domain.as_ref(),
        addresses,
        std::convert::identity,
    )?;
    Ok(Response::ok()
        .with("CREATEDDATE", ctx.now.datetime())
        .with("HOST", name))
}

/// Whether the caller could create the host now: `212` if so, else `213`
/// with the REASON (it exists, or no domain of the account holds it).
///
/// ```text
/// COMMAND    = CheckNameserver
/// NAMESERVER = <host name>
/// DOMAIN     = <parent domain>        (optional)
/// ---
/// 212 Nameserver is available | 213 Nameserver is not available + PROPERTY[REASON][0]
/// ```
pub(super) fn check_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = host_name(args, "NAMESERVER")?;
    let domain = match args.optional("DOMAIN") {
        None => None,
        Some(text) => {
            Some(DomainName::parse(text).map_err(|rule| Error::syntax_rule("DOMAIN", text, rule))?)
        }
    };
    args.finish()?;
    match host_unavailable(ctx.system, ctx.owner(), &name, domain.as_ref())? {
        None => Ok(Response::status(212, "Nameserver is available")),
        Some(reason) => {
            Ok(Response::status(213, "Nameserver is not available").with("REASON", reason))
        }
    }
}

/// Changes a host's addresses, or renames it.
///
/// ```text
/// COMMAND    = ModifyNameserver
/// NAMESERVER = <host name>
/// IPADDRESS0..12    = <ip>     (optional: replaces every address)
/// DELIPADDRESS0..12 = <ip>     (optional: removes these; an absent one is ignored)
/// ADDIPADDRESS0..12 = <ip>     (optional: adds these, after the removals)
/// NEWNAMESERVER     = <host name>  (optional: rename; the host must not be in use)
/// ```
pub(super) fn modify_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = host_name(args, "NAMESERVER")?;
    let replace = addresses(args, "IPADDRESS")?;
    let set = !args.list("IPADDRESS").is_empty();
    let delete = addresses(args, "DELIPADDRESS")?;
    let add = addresses(args, "ADDIPADDRESS")?;
    let new_name = match args.optional("NEWNAMESERVER") {
        None => None,
        Some(text) => Some(parse_host("NEWNAMESERVER", text)?),
    };
    args.finish()?;
    let change = HostChange {
        replace: set.then_some(replace),
        delete,
        add,
        new_name,
    };
    modify_host(ctx, &name, change, std::convert::identity)?;
    Ok(Response::ok())
}

/// Deletes a host no domain uses as a nameserver.
///
/// ```text
/// COMMAND    = DeleteNameserver
/// NAMESERVER = <host name>
/// FORCE      = 0|1     (accepted; the sandbox refuses a host in use either way)
/// ```
pub(super) fn delete_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = host_name(args, "NAMESERVER")?;
    let force = args.flag("FORCE")?.unwrap_or(false);
    args.finish()?;
    remove_host(ctx, &name, force)?;
    Ok(Response::ok())
}

/// Shows one of the caller's hosts.
///
/// ```text
/// COMMAND    = StatusNameserver
/// NAMESERVER = <host name>
/// ---
/// PROPERTY[CREATEDBY|CREATEDDATE|DOMAIN|HOST][0]
/// PROPERTY[IPADDRESS][0..12]
/// PROPERTY[PEERUSER|REGISTRAR|REPOSITORY|STATUS|UPDATEDBY|UPDATEDDATE|USER][0]
/// ```
pub(super) fn status_nameserver(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = host_name(args, "NAMESERVER")?;
    args.finish()?;
    let host = owned_host(ctx.system, ctx.owner(), &name)?;
    let repository = DomainName::parse(&host.domain)
        .ok()
        .and_then(|domain| catalogue::find(&domain))
        .map_or("", |tld| tld.repository);
    let mut response = Response::ok();
    response
        .push("CREATEDBY", &host.created_by)
        .push("CREATEDDATE", host.created.datetime())
        .push("DOMAIN", &host.domain)
        .push("HOST", &host.name);
    for ip in &host.addresses {
        response.push("IPADDRESS", ip);
    }
    response
        .push("PEERUSER", "")
        .push("REGISTRAR", "SYSTEM")
        .push("REPOSITORY", repository)
        .push("STATUS", STATUS)
        .push("UPDATEDBY", &host.updated_by)
        .push("UPDATEDDATE", host.updated.datetime())
        .push("USER", &host.owner);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::command::args::params;

    #[test]
    fn reads_addresses_in_index_order_without_repeats() {
        let map = params(&[
            ("IPADDRESS1", "2001:DB8:0:0:0:0:0:1"),
            ("IPADDRESS0", "192.0.2.1"),
            ("IPADDRESS2", ""),
            ("IPADDRESS3", "192.0.2.1"),
        ]);
        let mut args = Args::new(&map);
        let found: Vec<String> = addresses(&mut args, "IPADDRESS")
            .unwrap()
            .iter()
            .map(IpAddr::to_string)
            .collect();
        assert_eq!(found, ["192.0.2.1", "2001:db8::1"]);
    }

    #[test]
    fn refuses_malformed_and_unusable_addresses() {
        for (value, code) in [
            ("192.0.2.256", 505),
            ("0.0.0.0", 541),
            ("::1", 541),
            ("224.0.0.1", 541),
            ("255.255.255.255", 541),
        ] {
            let map = params(&[("IPADDRESS0", value)]);
            let mut args = Args::new(&map);
            assert_eq!(
                addresses(&mut args, "IPADDRESS").unwrap_err().code(),
                code,
                "{value}"
            );
        }
    }
}
