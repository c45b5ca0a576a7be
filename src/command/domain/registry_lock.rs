//! The registry-lock commands (AddDomainRegistrylock,
//! ModifyDomainRegistrylock, DeleteDomainRegistrylock) and the refusal every
//! command that a lock forbids gives ([`refuse_locked`]). On the platform
//! each command e-mails the support team, who then act at the registry; the
//! sandbox stands in for the team and acts at once (everything is realtime,
//! ARCHITECTURE.md). The statuses themselves are `registry/registry_lock.rs`'s;
//! this file must not touch client flags, contacts or money (the reference
//! pages name no price: nothing is charged).

use super::args::{read_name, zone_of};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{Domain, DomainName, SERVER_UPDATE};
use crate::wire::Response;

/// Refuses (`552`) when the registry lock of `domain` carries `status`,
/// saying which command of the lock's three gets past it.
pub(in crate::command) fn refuse_locked(domain: &Domain, status: &str) -> Result<()> {
    if !domain.has_flag(status) {
        return Ok(());
    }
    let how = if status == SERVER_UPDATE {
        "ModifyDomainRegistrylock lets one change through"
    } else {
        "DeleteDomainRegistrylock removes the lock first"
    };
    Err(Error::StatusProhibits(format!(
        "{} is registry-locked ({status}); {how}",
        domain.name
    )))
}

/// Reads DOMAIN (the only parameter) and returns the caller's domain:
/// `545` for an unknown name, `531` for another account's, `552`/`553`
/// while a registration, transfer or trade of it is pending.
fn held(args: &mut Args<'_>, ctx: &Ctx<'_>) -> Result<DomainName> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    zone_of(&name)?;
    ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    ctx.system.refuse_pending_change(name.as_str())?;
    Ok(name)
}

/// The registry sets serverUpdateProhibited, serverDeleteProhibited and
/// serverTransferProhibited on the domain, in every zone (the reference
/// names no zone the lock is missing from). `552` when it is locked already.
///
/// ```text
/// COMMAND = AddDomainRegistrylock
/// DOMAIN  = <domain>
/// ---
/// 200 Command completed successfully; Our team will initiate the Registry Lock process
/// ```
pub(in crate::command) fn add_domain_registry_lock(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = held(args, ctx)?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    if domain.registry_locked() {
        return Err(Error::StatusProhibits(format!(
            "{name} is registry-locked already (serverUpdateProhibited, serverDeleteProhibited, serverTransferProhibited)"
        )));
    }
    ctx.system.add_registry_lock(name.as_str());
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
    Ok(Response::status(
        200,
        "Command completed successfully; Our team will initiate the Registry Lock process",
    ))
}

/// The registry lifts serverUpdateProhibited for one change: the next
/// ModifyDomain (either dialect) or TradeDomain goes through, and the
/// lock is whole again after it. Deletion and transfers stay refused.
/// `552` when the domain has no registry lock, or one change is let
/// through already.
///
/// ```text
/// COMMAND = ModifyDomainRegistrylock
/// DOMAIN  = <domain>
/// ---
/// 200 Command completed successfully; Our team will contact you to modify the domain with Registry Lock
/// ```
pub(in crate::command) fn modify_domain_registry_lock(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = held(args, ctx)?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    if !domain.registry_locked() {
        return Err(not_locked(&name));
    }
    if domain.registry_lock_open() {
        return Err(Error::StatusProhibits(format!(
            "the registry lock of {name} lets one change through already; make it with ModifyDomain"
        )));
    }
    ctx.system.open_registry_lock(name.as_str());
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
    Ok(Response::status(
        200,
        "Command completed successfully; Our team will contact you to modify the domain with Registry Lock",
    ))
}

/// The registry removes the lock's three statuses. `552` when the domain
/// has no registry lock.
///
/// ```text
/// COMMAND = DeleteDomainRegistrylock
/// DOMAIN  = <domain>
/// ---
/// 200 Command completed successfully; Our team will contact you to remove the Registry Lock for your domain
/// ```
pub(in crate::command) fn delete_domain_registry_lock(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = held(args, ctx)?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    if !domain.registry_locked() {
        return Err(not_locked(&name));
    }
    ctx.system.remove_registry_lock(name.as_str());
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
    Ok(Response::status(
        200,
        "Command completed successfully; Our team will contact you to remove the Registry Lock for your domain",
    ))
}

/// The `552` of a command that needs a registry lock on an unlocked domain.
fn not_locked(name: &DomainName) -> Error {
    Error::StatusProhibits(format!(
        "{name} has no registry lock (AddDomainRegistrylock sets one)"
    ))
}
