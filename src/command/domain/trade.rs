//! TradeDomain: the change of registrant where a zone's policy makes it a
//! trade (`ZONEPOLICYREGISTRANTNAMECHANGEBY` = `TRADE` or `ICANN-TRADE`). In the
//! sandbox a trade completes at once, as the reference's "realtime domain
//! trade succeeded" answer shows; zones that change the registrant by update
//! answer with the text WHMCS falls back to ModifyDomain on. Must not touch
//! other domain fields than the contacts.

use super::args::{check_registrant, in_account_currency, read_extensions, read_name, zone_of};
use super::modify::UPDATE_FLAG;
use super::renew::refuse_flag;
use crate::command::contact::{ContactSpec, commit_contact, read_contact};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{Money, Role};
use crate::wire::Response;

/// The Designated-Agent confirmations an ICANN trade needs (IRTP-C).
const DA_CONFIRMATIONS: [&str; 2] = ["X-CONFIRM-DA-OLD-REGISTRANT", "X-CONFIRM-DA-NEW-REGISTRANT"];

/// Changes the registrant (and optionally the other contacts) of a domain
/// of the caller, charging the zone's trade price.
///
/// ```text
/// COMMAND        = TradeDomain
/// DOMAIN         = <domain>
/// OWNERCONTACT0  = <handle> or inline fields (OWNERCONTACT0FIRSTNAME=...)
/// ADMINCONTACT0, TECHCONTACT0, BILLINGCONTACT0 = <handle> or inline (optional)
/// ACTION         = request (default)
/// X-CONFIRM-DA-OLD-REGISTRANT = 1, X-CONFIRM-DA-NEW-REGISTRANT = 1  (ICANN-TRADE zones)
/// X-REQUEST-OPT-OUT-TRANSFERLOCK = 0 | 1                            (ICANN-TRADE zones)
/// X-...          = <zone fields>   (stored as AddDomain stores them)
/// ---
/// 200 Command completed successfully; realtime domain trade succeeded
/// ```
pub(in crate::command) fn trade_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let action = args.optional("ACTION").unwrap_or("request");
    let mut contacts: Vec<(Role, ContactSpec)> = Vec::new();
    for role in Role::ALL {
        if let Some(spec) = read_contact(args, ctx, role.parameter(), 0)? {
            contacts.push((role, spec));
        }
    }
    let confirmations = [
        args.flag(DA_CONFIRMATIONS[0])?,
        args.flag(DA_CONFIRMATIONS[1])?,
    ];
    args.flag("X-REQUEST-OPT-OUT-TRANSFERLOCK")?;
    // The zone's other fields (WHMCS sends its trade fields), kept as AddDomain keeps them.
    let extensions = read_extensions(args);
    args.finish()?;
    if !action.eq_ignore_ascii_case("request") {
        return Err(Error::ObjectNotFound(format!(
            "ACTION {action}: no trade of {name} is pending (trades complete at once)"
        )));
    }
    let tld = zone_of(&name)?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    ctx.system.refuse_pending_transfer(name.as_str())?;
    refuse_flag(domain, UPDATE_FLAG)?;
    if tld.registrant_change == "UPDATE" {
        return Err(Error::InvalidOption(format!(
            ".{} changes the registrant without a trade, please use UPDATE method (ModifyDomain)",
            tld.zone
        )));
    }
    let Some(owner) = contacts.iter().find(|(role, _)| *role == Role::Owner) else {
        return Err(Error::missing("OWNERCONTACT0"));
    };
    check_registrant(ctx.system, tld, &owner.1)?;
    let current = &domain.contacts[Role::Owner.index()];
    let unchanged = match &owner.1 {
        ContactSpec::Handle(handle) => current.first() == Some(handle),
        ContactSpec::Inline(data) => current
            .first()
            .and_then(|id| ctx.system.contact(id))
            .is_some_and(|contact| contact.data == **data),
    };
    if unchanged {
        return Err(Error::InvalidOption(format!(
            "trade is only allowed for change of registrant; the registrant of {name} stays the same, please use UPDATE method (ModifyDomain)"
        )));
    }
    if tld.registrant_change == "ICANN-TRADE" {
        for (field, confirmed) in DA_CONFIRMATIONS.iter().zip(confirmations) {
            if confirmed != Some(true) {
                return Err(Error::missing(*field));
            }
        }
    }
    let price = in_account_currency(ctx, Money::from_cents(tld.prices.trade), tld.currency)?;
    ctx.charge(price, &format!("the trade of {name}"))?;
    let handles: Vec<(Role, String)> = contacts
        .into_iter()
        .map(|(role, spec)| (role, commit_contact(ctx, spec)))
        .collect();
    let (now, actor) = (ctx.now, ctx.actor());
    ctx.system.modify_domain(name.as_str(), |domain| {
        for (role, handle) in handles {
            domain.contacts[role.index()] = vec![handle];
        }
        for (field, value) in &extensions {
            domain.set_extension(field, value);
        }
        domain.updated = now;
        domain.updated_by = actor;
    });
    ctx.log(Op::Trade, OpStatus::Successful, name.as_str());
    Ok(Response::status(
        200,
        "Command completed successfully; realtime domain trade succeeded",
    ))
}
