//! DeleteDomain and RestoreDomain: a deleted domain leaves the account's
//! list and stays restorable for the zone's restorable days. A bundle's first
//! half (`x.ngo`) deletes and restores its second (`x.ong`) with it, which
//! is refused alone (`registry/bundle.rs`). Reads and checks everything,
//! charges as the last fallible step, then moves the domain with the
//! registry's `delete_domain` / `take_deleted_domain` / `insert_domain`.
//! `delete_now` and `restore_now` are the cores the CNR DeleteDomain and
//! RestoreDomain share (`command/cnr/domain_renew.rs`, `domain_trade.rs`).

use super::args::{check_class, check_nameservers, read_name, read_renewal_mode, zone_of};
use super::modify::UPDATE_FLAG;
use super::registry_lock::refuse_locked;
use super::renew::refuse_flag;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::bundle;
use crate::registry::catalogue::Tld;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::pricing::Action;
use crate::registry::unrenew::AutoRenewal;
use crate::registry::{
    DeletedDomain, DomainName, Money, Period, RenewalMode, SERVER_DELETE, Timestamp,
};
use crate::registry::{LedgerItem, LedgerKind, System};
use crate::wire::Response;

/// The client flag that forbids deletion.
const DELETE_FLAG: &str = "clientDeleteProhibited";

/// Deletes a domain: it leaves the account's list at once and can be
/// restored for the zone's restorable days (`DELETIONRESTORABLEPERIOD`).
/// Within five days of its registration the registration price is refunded
/// (the add grace period), and within the zone's grace days after the
/// clock's automatic renewal that renewal's charge (the auto-renew grace
/// period, `registry/unrenew.rs`); restoring it then charges that back too,
/// so a delete and restore never give time away. A bundle (`.ngo` with its `.ong`)
/// is deleted together; its second half cannot be deleted alone.
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
    delete_now(ctx, &name)?;
    ctx.log(Op::Delete, OpStatus::Successful, name.as_str());
    let kind = ("DOMAIN_DELETION", "DELETION_SUCCESSFUL");
    ctx.system
        .deletion_event(name.as_str(), kind, "DeleteDomain");
    let mut response = Response::status(200, "Command completed successfully; action pending")
        .with("STATUS", "PENDINGDELETE");
    response.pending = true;
    Ok(response)
}

/// What a deletion did, for the dialects that answer it (the CNR
/// DeleteDomain's `addgracedeletions` and `payback`): whether it fell in the
/// registration's add grace period, and what it refunded in all (that
/// period's and the auto-renew grace period's refunds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::command) struct Deleted {
    pub add_grace: bool,
    pub refund: Money,
}

/// DeleteDomain's work after reading: checks, then deletes the domain (and
/// its bundle) and refunds an add-grace deletion.
pub(in crate::command) fn delete_now(ctx: &mut Ctx<'_>, name: &DomainName) -> Result<Deleted> {
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    ctx.system.refuse_pending_change(name.as_str())?;
    let tld = zone_of(&domain.name)?;
    refuse_locked(domain, SERVER_DELETE)?;
    refuse_flag(domain, DELETE_FLAG)?;
    refuse_flag(domain, UPDATE_FLAG)?;
    if let Some(main) = ctx.system.bundle_main(name, ctx.owner()) {
        return Err(Error::StatusProhibits(format!(
            "{name} was registered together with {main}; delete {main} (both go)"
        )));
    }
    let partner = ctx.system.bundle_partner(name, ctx.owner());
    if let Some(partner) = &partner {
        let other = ctx.system.owned_domain(ctx.owner(), partner)?;
        ctx.system.refuse_pending_change(partner)?;
        refuse_locked(other, SERVER_DELETE)?;
        refuse_flag(other, DELETE_FLAG)?;
        refuse_flag(other, UPDATE_FLAG)?;
    }
    for doomed in std::iter::once(name.as_str()).chain(partner.as_deref()) {
        if let Some(host) = ctx
            .system
            .hosts_under(doomed)
            .find(|host| host.owner == ctx.owner())
        {
            return Err(Error::LinkedWithNameserver(format!(
                "host {} lies under {doomed}; delete it first (DeleteNameserver)",
                host.name
            )));
        }
    }
    let add_grace = domain.add_grace.filter(|(until, _)| ctx.now <= *until);
    let added = add_grace.map_or(Money::from_cents(0), |(_, amount)| amount);
    let renewed = AutoRenewal::refundable(domain, ctx.now);
    let renewal = renewed.map_or(Money::from_cents(0), |renewal| renewal.price);
    let refund = Money(added.0 + renewal.0);
    let until = ctx.now.plus_days(u64::from(tld.restorable_days));
    let owner = ctx.owner().to_owned();
    // A restored domain is not refunded a second time.
    ctx.system.modify_domain(name.as_str(), |domain| {
        domain.add_grace = None;
        domain.lifecycle.auto_renewed = None;
    });
    ctx.system
        .delete_domain(name.as_str(), ctx.now, until, refund);
    if let Some(partner) = &partner {
        ctx.system
            .delete_domain(partner, ctx.now, until, Money::from_cents(0));
    }
    // The refund gives back the registration's period (its ADD_DOMAIN entry's).
    let months = ctx
        .system
        .ledger()
        .last_months(&owner, LedgerKind::AddDomain, name.as_str())
        .unwrap_or(12);
    // Only the grace periods running give back (resellers above too, even
    // when the holder paid nothing).
    // The auto-renewal's refund gives back its own charge's bill.
    let refunds = [
        add_grace.map(|_| (LedgerKind::RefundAddDomain, months, added, None)),
        renewed.map(|renewal| {
            let months = renewal.period.months;
            (
                LedgerKind::RefundRenewDomain,
                months,
                renewal.price,
                renewal.entry,
            )
        }),
    ];
    for (kind, months, price, origin) in refunds.into_iter().flatten() {
        let item = LedgerItem {
            kind,
            description: name.as_str(),
            months,
            price,
            what: "the grace period's refund",
            above: None,
        };
        ctx.system.refund_of(&owner, ctx.now, item, origin);
    }
    Ok(Deleted {
        add_grace: add_grace.is_some(),
        refund,
    })
}

/// Restores a deleted domain within the zone's restorable days, charged the
/// zone's restore price (plus what its deletion refunded, if it was deleted
/// in the add grace period). A domain whose expiry has passed (it expired on
/// the sandbox clock) is renewed by one renewal period with it, charged as
/// RenewDomain, and EXPIRATIONDATE answers the new expiry. It returns to the account as it was, with the
/// other half of its bundle. Its nameservers must still pass the zone's rules
/// (`.ca`: they must exist as hosts). After the period, or for a name never
/// deleted, `545`.
///
/// ```text
/// COMMAND     = RestoreDomain
/// DOMAIN      = <domain>
/// RENEWALMODE = <mode>       (optional, the mode after the restore)
/// CLASS       = <premium class> (optional; when sent, the deleted name's premium class)
/// ---
/// PROPERTY[DOMAIN][0], PROPERTY[EXPIRATIONDATE][0]
/// ```
pub(in crate::command) fn restore_domain(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let mode = read_renewal_mode(args)?;
    let class = args.optional("CLASS");
    args.finish()?;
    if let Some(class) = class {
        check_restore_class(ctx, &name, class)?;
    }
    let expires = restore_now(ctx, &name, mode)?;
    Ok(Response::ok()
        .with("DOMAIN", &name)
        .with("EXPIRATIONDATE", expires.datetime()))
}

/// RestoreDomain's CLASS, as RenewDomain reads it: a premium name's class
/// (`504 ...; CLASS [MUST BE ...]` for another), refused on a standard name.
/// Only the caller's deleted domains are looked at; `restore_now` answers
/// for any other name.
fn check_restore_class(ctx: &Ctx<'_>, name: &DomainName, class: &str) -> Result<()> {
    let Some(deleted) = ctx
        .system
        .deleted_domain(name.as_str())
        .filter(|deleted| deleted.domain.owner == ctx.owner())
    else {
        return Ok(());
    };
    match &deleted.domain.premium {
        Some(premium) => check_class(&premium.class, class),
        None => Err(Error::invalid(
            "CLASS",
            format_args!("({class}) given, but {name} is not a premium name"),
        )),
    }
}

/// RestoreDomain's work after reading (both dialects): checks, charges,
/// brings the domain (and its bundle) back with `mode` if given; the new
/// expiry.
pub(in crate::command) fn restore_now(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    mode: Option<RenewalMode>,
) -> Result<Timestamp> {
    let tld = zone_of(name)?;
    let deleted = match ctx.system.deleted_domain(name.as_str()) {
        // A zone without a restorable period (`0d`) restores nothing, not
        // even within the second of the deletion.
        Some(deleted) if tld.restorable_days > 0 && deleted.restorable_until >= ctx.now => deleted,
        Some(deleted) if deleted.domain.owner == ctx.owner() && tld.restorable_days == 0 => {
            return Err(Error::ObjectNotFound(format!(
                "{name} is not restorable: .{} has no restorable period",
                tld.zone
            )));
        }
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
    if let Some(main) = bundle::first_half(name) {
        return Err(Error::StatusProhibits(format!(
            "{name} was registered together with {main}; restore {main} (both come back)"
        )));
    }
    if ctx.system.domain(name.as_str()).is_some() {
        return Err(Error::AlreadyRegistered(format!(
            "{name} was registered again since"
        )));
    }
    if let Some(gone) = deleted.domain.contacts.all().find(|handle| {
        ctx.system
            .contact(handle)
            .is_none_or(|contact| contact.owner != ctx.owner())
    }) {
        return Err(Error::CommandFailed(format!(
            "contact {gone} of {name} was deleted since (or now belongs to another account); \
             the domain cannot be restored"
        )));
    }
    check_nameservers(ctx.system, tld, &deleted.domain.nameservers)?;
    let partner = bundle::second_half(name).filter(|partner| {
        ctx.system.domain(partner.as_str()).is_none()
            && ctx
                .system
                .deleted_domain(partner.as_str())
                .is_some_and(|other| other.domain.owner == ctx.owner())
    });
    let (price, renewal) = restore_charge(ctx, deleted, tld)?;
    let now = ctx.now;
    let above = |system: &System, account: &str| {
        let deleted = (system.deleted_domain(name.as_str())).ok_or(Error::ServerError)?;
        // What the deletion gave this reseller back, it pays again.
        let refunded = (system.ledger()).given_back(account, name.as_str(), deleted.deleted);
        restore_price(system, account, deleted, tld, now, refunded).map(|(price, _)| price)
    };
    ctx.charge(LedgerItem {
        kind: LedgerKind::RestoreDomain,
        description: name.as_str(),
        // The entry's period is the renewal folded into it (a month for a
        // monthly .de), else the one-off's usual year.
        months: renewal.map_or(12, |period| period.months),
        price,
        what: &format!("RestoreDomain {name}"),
        above: Some(&above),
    })?;
    let Some(deleted) = ctx.system.take_deleted_domain(name.as_str()) else {
        return Err(Error::ServerError);
    };
    // Restored instead of dropping: the name's backorders are FAILED.
    ctx.system.fail_backorders(name.as_str(), ctx.now);
    let mut domain = deleted.domain;
    if let Some(period) = renewal {
        domain.expires = domain.expires.plus(period);
        domain.paid_until = domain.paid_until.max(domain.expires);
        // Paid now: a failed auto-renewal no longer waits for its retry.
        domain.lifecycle.renew_failed = false;
    }
    if let Some(mode) = mode {
        domain.renewal_mode = mode;
    }
    domain.updated = ctx.now;
    domain.updated_by = ctx.actor().into();
    let expires = domain.expires;
    ctx.system.insert_domain(domain);
    if let Some(partner) = partner
        && let Some(deleted) = ctx.system.take_deleted_domain(partner.as_str())
    {
        // The bundle's other half comes back with the same dates.
        let mut other = deleted.domain;
        other.expires = other.expires.max(expires);
        other.paid_until = other.paid_until.max(expires);
        ctx.system.insert_domain(other);
    }
    ctx.log(Op::Restore, OpStatus::Successful, name.as_str());
    Ok(expires)
}

/// What RestoreDomain charges for the caller's `deleted` domain: the zone's
/// restore price, what its deletion refunded (deleted in the add grace
/// period), and, when it expired since (on the clock), one renewal, whose
/// period it returns too: the restore renews it, or it would expire again
/// at once. CNR DomainPrice TYPE=RESTOREDOMAIN answers the same.
pub(in crate::command) fn restore_charge(
    ctx: &Ctx<'_>,
    deleted: &DeletedDomain,
    tld: &Tld,
) -> Result<(Money, Option<Period>)> {
    restore_price(
        ctx.system,
        ctx.owner(),
        deleted,
        tld,
        ctx.now,
        deleted.refunded,
    )
}

/// [`restore_charge`] for `account` (the holder, or a reseller above it,
/// which pays its own prices) at `now`, with what the deletion refunded it.
fn restore_price(
    system: &System,
    account: &str,
    deleted: &DeletedDomain,
    tld: &Tld,
    now: Timestamp,
    refunded: Money,
) -> Result<(Money, Option<Period>)> {
    let restore = system.domain_price(account, tld, Action::Restore)?;
    let mut price = restore.0 + refunded.0;
    let mut renewal = None;
    if deleted.domain.expires < now {
        let period = deleted.domain.auto_renewal_period(tld);
        let renewal_price = system.renewal_price_of(&deleted.domain, tld, period, account);
        let Some(renewal_price) = renewal_price else {
            return Err(Error::CommandFailed(format!(
                "no exchange rate for the renewal of {}",
                deleted.domain.name
            )));
        };
        price += renewal_price.0;
        renewal = Some(period);
    }
    Ok((Money(price), renewal))
}
