//! The host rules both dialects' nameserver commands share: reading host
//! names and addresses, finding a host's parent domain, and the checked
//! create, modify and remove of a host (HEXONET's handlers are in
//! `nameserver.rs`, the CentralNic Reseller ones in `cnr/nameserver.rs`).
//! Records and indexes live in `registry::host`; never writes a response.

use std::net::IpAddr;

use super::Ctx;
use crate::error::{Error, Result};
use crate::registry::{DomainName, Host, System};

/// A host holds at most this many addresses (IPADDRESS0..IPADDRESS12).
const MAX_ADDRESSES: usize = 13;

/// The status every host has in the sandbox.
pub(super) const STATUS: &str = "ACTIVE";

/// A host name given as parameter `name` (any case, IDN or ACE); `505` naming
/// it, also for an IP address or an all-numeric TLD (`DomainName::parse_host`).
pub(super) fn parse_host(name: &str, text: &str) -> Result<DomainName> {
    DomainName::parse_host(text).map_err(|rule| Error::syntax_rule(name, text, rule))
}

/// The addresses of `STEM<n>` values already read (as [`Args::list`] gives
/// them), with the checks of [`addresses`].
pub(super) fn parse_addresses(stem: &str, list: Vec<(usize, &str)>) -> Result<Vec<IpAddr>> {
    let mut found: Vec<IpAddr> = Vec::new();
    for (index, text) in list {
        let name = format!("{stem}{index}");
        if index >= MAX_ADDRESSES {
            return Err(Error::invalid(
                &name,
                format_args!("at most {MAX_ADDRESSES} addresses, {stem}0..{stem}12"),
            ));
        }
        if text.is_empty() {
            continue;
        }
        let ip: IpAddr = text
            .parse()
            .map_err(|_| Error::syntax_rule(&name, text, "is not an IPv4 or IPv6 address"))?;
        let ip = answering(&name, ip)?;
        if !found.contains(&ip) {
            found.push(ip);
        }
    }
    Ok(found)
}

/// `ip` (an IPv4 address mapped into IPv6 read as the IPv4 one) if a
/// nameserver can answer on it from the internet: not unspecified,
/// loopback, multicast, broadcast, link-local or (IPv4) reserved for
/// future use; else `541` naming `param`.
pub(in crate::command) fn answering(param: &str, ip: IpAddr) -> Result<IpAddr> {
    let ip = ip.to_canonical();
    let local = match ip {
        IpAddr::V4(v4) => v4.is_broadcast() || v4.is_link_local() || v4.octets()[0] >= 240,
        IpAddr::V6(v6) => v6.is_unicast_link_local(),
    };
    if ip.is_unspecified() || ip.is_loopback() || ip.is_multicast() || local {
        return Err(Error::invalid(
            param,
            format_args!("{ip} is not a unicast address a nameserver can answer on"),
        ));
    }
    Ok(ip)
}

/// CheckNameserver's core, both dialects': why `owner` could not create the
/// host `name` now (it exists, or no domain of the account holds it), or
/// `None` when it could.
pub(in crate::command) fn host_unavailable(
    system: &System,
    owner: &str,
    name: &DomainName,
    domain: Option<&DomainName>,
) -> Result<Option<String>> {
    if system.host(name.as_str()).is_some() {
        return Ok(Some(format!("host {name} exists already")));
    }
    match parent_of(system, owner, name, domain) {
        Ok(_) => Ok(None),
        Err(
            Error::ObjectNotFound(why)
            | Error::AuthorizationFailed(why)
            | Error::StatusProhibits(why),
        ) => Ok(Some(why.trim_start_matches("NAMESERVER: ").to_owned())),
        Err(other) => Err(other),
    }
}

/// The domain `host` must be created under: DOMAIN if given (the host must
/// lie within it), else the longest registered domain it lies within; it
/// must be held by `owner` (`545` none, `531` another account's) and registered
/// (`552` while the registry has not confirmed it).
pub(super) fn parent_of(
    system: &System,
    owner: &str,
    host: &DomainName,
    domain: Option<&DomainName>,
) -> Result<String> {
    let parent = match domain {
        Some(domain) if !host.is_within(domain.as_str()) => {
            return Err(Error::invalid(
                "DOMAIN",
                format_args!("{host} does not lie within {domain}"),
            ));
        }
        Some(domain) => system.domain(domain.as_str()),
        None => system.parent_domain(host),
    };
    let Some(parent) = parent else {
        let what = domain.map_or_else(
            || format!("{host} lies within no domain registered here"),
            |domain| format!("domain {domain} is not registered"),
        );
        return Err(Error::ObjectNotFound(format!(
            "NAMESERVER: {what}; a host can only be created under a domain of your account"
        )));
    };
    if parent.owner != owner {
        return Err(Error::AuthorizationFailed(format!(
            "NAMESERVER: {host} lies under {}, which is not held by {owner}",
            parent.name
        )));
    }
    // A registration the registry has not confirmed holds no hosts yet.
    system.refuse_pending_create(parent.name.as_str())?;
    Ok(parent.name.as_str().to_owned())
}

/// The host `name` if `owner` holds it: `545` unknown, `531` another's.
pub(super) fn owned_host<'s>(
    system: &'s System,
    owner: &str,
    name: &DomainName,
) -> Result<&'s Host> {
    match system.host(name.as_str()) {
        None => Err(Error::ObjectNotFound(format!("NAMESERVER: host {name}"))),
        Some(host) if host.owner != owner => {
            Err(system.not_held(owner, &host.owner, format!("NAMESERVER: host {name}")))
        }
        Some(host) => Ok(host),
    }
}

/// AddNameserver's core in both dialects: checks (`504` no address, `540`
/// taken, then the parent; `no_parent` rewrites the parent refusals, `545`
/// and `531`) and creates the host.
pub(super) fn create_host(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    domain: Option<&DomainName>,
    addresses: Vec<IpAddr>,
    no_parent: fn(Error) -> Error,
) -> Result<()> {
    if addresses.is_empty() {
        return Err(Error::missing("IPADDRESS0"));
    }
    if ctx.system.host(name.as_str()).is_some() {
        return Err(Error::NotUnique(format!(
            "NAMESERVER: host {name} exists already"
        )));
    }
    let parent = parent_of(ctx.system, ctx.owner(), name, domain).map_err(no_parent)?;
    let actor = ctx.actor();
    ctx.system.insert_host(Host {
        name: name.clone(),
        owner: ctx.owner().to_owned(),
        domain: parent,
        addresses,
        created: ctx.now,
        created_by: actor.clone(),
        updated: ctx.now,
        updated_by: actor,
    });
    Ok(())
}

/// What ModifyNameserver asks to change.
pub(super) struct HostChange {
    /// The new address set (`IPADDRESS#`), if given.
    pub replace: Option<Vec<IpAddr>>,
    pub delete: Vec<IpAddr>,
    pub add: Vec<IpAddr>,
    pub new_name: Option<DomainName>,
}

/// ModifyNameserver's core in both dialects: `545`/`531` for the host, `504`
/// for nothing to change, the address and rename checks (`no_parent`
/// rewrites the refusals of a new name outside the caller's domains), then
/// the change.
pub(super) fn modify_host(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    change: HostChange,
    no_parent: fn(Error) -> Error,
) -> Result<()> {
    let HostChange {
        replace,
        delete,
        add,
        new_name,
    } = change;
    let set = replace.is_some();
    let host = owned_host(ctx.system, ctx.owner(), name)?;
    if !set && delete.is_empty() && add.is_empty() && new_name.is_none() {
        return Err(Error::missing(
            "IPADDRESS0, ADDIPADDRESS0, DELIPADDRESS0 or NEWNAMESERVER; nothing to change",
        ));
    }
    let mut result = replace.unwrap_or_else(|| host.addresses.clone());
    result.retain(|ip| !delete.contains(ip));
    for ip in add {
        if !result.contains(&ip) {
            result.push(ip);
        }
    }
    if result.is_empty() {
        return Err(Error::invalid(
            "IPADDRESS",
            format_args!("{name} would be left without an address; a host needs at least one"),
        ));
    }
    if result.len() > MAX_ADDRESSES {
        return Err(Error::invalid(
            "ADDIPADDRESS",
            format_args!(
                "{name} would have {} addresses, at most {MAX_ADDRESSES}",
                result.len()
            ),
        ));
    }
    let rename = match new_name.filter(|new_name| new_name != name) {
        None => None,
        Some(new_name) => {
            if ctx.system.host(new_name.as_str()).is_some() {
                return Err(Error::NotUnique(format!(
                    "NEWNAMESERVER: host {new_name} exists already"
                )));
            }
            let usage = ctx.system.nameserver_usage(name.as_str());
            if usage > 0 {
                return Err(Error::LinkedWithNameserver(format!(
                    "NAMESERVER: {name} is a nameserver of {usage} domain(s); take it off them before renaming"
                )));
            }
            named_by_transfer(ctx, name)?;
            let parent = parent_of(ctx.system, ctx.owner(), &new_name, None).map_err(no_parent)?;
            Some((new_name, parent))
        }
    };
    let (actor, now) = (ctx.actor(), ctx.now);
    if let Some(host) = ctx.system.host_mut(name.as_str()) {
        host.addresses = result;
        host.updated = now;
        host.updated_by = actor;
    }
    if let Some((new_name, parent)) = rename {
        ctx.system.rename_host(name.as_str(), new_name, parent);
    }
    Ok(())
}

/// DeleteNameserver's core in both dialects: `545`/`531` for the host, `532`
/// while domains use it (FORCE or not), then the removal.
pub(super) fn remove_host(ctx: &mut Ctx<'_>, name: &DomainName, force: bool) -> Result<()> {
    owned_host(ctx.system, ctx.owner(), name)?;
    let usage = ctx.system.nameserver_usage(name.as_str());
    if usage > 0 {
        let hint = if force {
            "; FORCE=1 is not supported by the sandbox"
        } else {
            ""
        };
        return Err(Error::LinkedWithNameserver(format!(
            "NAMESERVER: {name} is a nameserver of {usage} domain(s); take it off them first (ModifyDomain){hint}"
        )));
    }
    named_by_transfer(ctx, name)?;
    ctx.system.remove_host(name.as_str());
    Ok(())
}

/// `532` while a pending transfer names the host for its domain (the
/// transfer would put a host that is gone on the domain).
fn named_by_transfer(ctx: &Ctx<'_>, name: &DomainName) -> Result<()> {
    match ctx.system.transfer_naming_host(name.as_str()) {
        None => Ok(()),
        Some(domain) => Err(Error::LinkedWithNameserver(format!(
            "NAMESERVER: {name} is a nameserver the pending transfer of {domain} will set; wait for it or cancel it first"
        ))),
    }
}
