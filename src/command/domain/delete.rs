//! DeleteDomain and RestoreDomain: a deleted domain leaves the account's
//! list and stays restorable for the zone's restorable days. Reads and checks
//! everything, charges as the last fallible step, then moves the domain with
//! the registry's `delete_domain` / `take_deleted_domain` / `insert_domain`.

use super::args::{in_account_currency, read_name, read_renewal_mode, zone_of};
use super::modify::UPDATE_FLAG;
use super::renew::refuse_flag;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::Money;
use crate::wire::Response;

/// The client flag that forbids deletion.
const DELETE_FLAG: &str = "clientDeleteProhibited";

/// Deletes a domain: it leaves the account's list at once and can be
/// restored for the zone's restorable days (`DELETIONRESTORABLEPERIOD`).
/// Within five days of its registration the registration price is refunded
/// (the add grace period).
///
/// ```text
/// COMMAND = DeleteDomain
/// DOMAIN  = <domain>
/// ---
/// 200 Command completed successfully; action pending   PENDING=1
/// PROPERTY[STATUS][0] = PENDINGDELETE
/// ```
pub(in crate::command) fn delete_domain(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    let tld = zone_of(&domain.name)?;
    refuse_flag(domain, DELETE_FLAG)?;
    refuse_flag(domain, UPDATE_FLAG)?;
    if let Some(host) = ctx
        .system
        .hosts_of(ctx.owner())
        .find(|host| host.domain == name.as_str())
    {
        return Err(Error::LinkedWithNameserver(format!(
            "host {} lies under {name}; delete it first (DeleteNameserver)",
            host.name
        )));
    }
    let refund = domain
        .add_grace
        .filter(|(until, _)| ctx.now <= *until)
        .map(|(_, amount)| amount);
    let until = ctx.now.plus_days(u64::from(tld.restorable_days));
    let owner = ctx.owner().to_owned();
    // A restored domain is not refunded a second time.
    ctx.system
        .modify_domain(name.as_str(), |domain| domain.add_grace = None);
    ctx.system.delete_domain(name.as_str(), ctx.now, until);
    if let Some(amount) = refund {
        ctx.system.refund(&owner, amount);
    }
    let mut response = Response::status(200, "Command completed successfully; action pending")
        .with("STATUS", "PENDINGDELETE");
    response.pending = true;
    Ok(response)
}

/// Restores a deleted domain within the zone's restorable days, charged the
/// zone's restore price; it returns to the account as it was. After that
/// period, or for a name never deleted, `545`.
///
/// ```text
/// COMMAND     = RestoreDomain
/// DOMAIN      = <domain>
/// RENEWALMODE = <mode>       (optional, the mode after the restore)
/// ---
/// PROPERTY[DOMAIN][0], PROPERTY[EXPIRATIONDATE][0]
/// ```
pub(in crate::command) fn restore_domain(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let mode = read_renewal_mode(args)?;
    args.finish()?;
    let tld = zone_of(&name)?;
    let deleted = match ctx.system.deleted_domain(name.as_str()) {
        Some(deleted) if deleted.restorable_until >= ctx.now => deleted,
        Some(deleted) if deleted.domain.owner == ctx.owner() => {
            return Err(Error::ObjectNotFound(format!(
                "{name} was restorable until {}",
                deleted.restorable_until.datetime()
            )));
        }
        _ => {
            return Err(match ctx.system.owned_domain(ctx.owner(), name.as_str()) {
                Ok(_) => Error::StatusProhibits(format!("{name} is not deleted")),
                Err(Error::ObjectNotFound(_)) => {
                    Error::ObjectNotFound(format!("no deleted domain {name} to restore"))
                }
                Err(other) => other,
            });
        }
    };
    if deleted.domain.owner != ctx.owner() {
        return Err(Error::AuthorizationFailed(format!(
            "deleted domain {name} was not held by {}",
            ctx.owner()
        )));
    }
    if ctx.system.domain(name.as_str()).is_some() {
        return Err(Error::AlreadyRegistered(format!(
            "{name} was registered again since"
        )));
    }
    if let Some(gone) = deleted
        .domain
        .contacts
        .iter()
        .flatten()
        .find(|handle| ctx.system.contact(handle).is_none())
    {
        return Err(Error::CommandFailed(format!(
            "contact {gone} of {name} was deleted since; the domain cannot be restored"
        )));
    }
    let price = in_account_currency(ctx, Money::from_cents(tld.prices.restore), tld.currency)?;
    let owner = ctx.owner().to_owned();
    ctx.system
        .charge(&owner, price, &format!("RestoreDomain {name}"))?;
    let Some(deleted) = ctx.system.take_deleted_domain(name.as_str()) else {
        return Err(Error::ServerError);
    };
    let mut domain = deleted.domain;
    if let Some(mode) = mode {
        domain.renewal_mode = mode;
    }
    domain.updated = ctx.now;
    domain.updated_by = ctx.actor();
    let expires = domain.expires;
    ctx.system.insert_domain(domain);
    Ok(Response::ok()
        .with("DOMAIN", &name)
        .with("EXPIRATIONDATE", expires.datetime()))
}
