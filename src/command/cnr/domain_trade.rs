//! The CentralNic Reseller TradeDomain (cnr-commands.md §25), its status
//! StatusOwnerChange (KB StatusOwnerChange.md) and RestoreDomain (a KB
//! page, §44; its form is otebox's choice, see ARCHITECTURE.md). Each reads
//! the CNR parameters and pushes the CNR property names; the checks,
//! charges and registry changes are HEXONET's cores
//! (`command::domain::shared`: `trade_now`, `cancel_trade`, `restore_now`),
//! so both dialects see one registry. Parameters otebox
//! cannot honour (ACTION=APPROVE/DENY, other nameservers) are refused with
//! `549` saying what to do instead. Must not change the registry itself.

use super::super::contact::read_contact;
use super::super::domain::shared::{
    TradeOrder, cancel_trade, read_extension_changes, restore_now, trade_now, zone_of,
};
use super::super::{Args, Ctx};
use super::check::read_domain;
use super::domain::hexonet_fields;
use super::domain::{Dot0, read_ignored};
use super::fee::{account_currency, confirm, fee_currency, read_fee};
use crate::error::{Error, Result};
use crate::registry::Role;
use crate::registry::pricing::Action;
use crate::wire::Response;

/// Changes the registrant of a domain of the caller where its zone trades
/// (`ownerchangeprocess = TRADE` in GetZoneInfo), charging the zone's trade
/// price: at once, or (ICANN zones without both Designated-Agent
/// confirmations) pending the registrants, confirmed after 5 days of the
/// sandbox clock. Zones that change the registrant by ModifyDomain: `549`.
/// A contact is a handle or inline fields (HEXONET's `read_contact`, as the
/// Blesta module's arrays arrive), made the caller's identical handle or a
/// new one only when the trade is done or recorded.
///
/// ```text
/// COMMAND         = TradeDomain
/// DOMAIN          = <domain>
/// OWNERCONTACT0   = <handle>   or inline fields OWNERCONTACT0FIRSTNAME, …LASTNAME, …EMAIL, …
/// ADMINCONTACT0, TECHCONTACT0, BILLINGCONTACT0 = <handle> or inline fields   (optional)
/// ACTION          = REQUEST (default) | CANCEL (the pending trade);
///                   APPROVE | DENY: 549 (otebox's registrants confirm by the clock)
/// AUTH            = <the domain's transfer code>   (optional; another value: 541)
/// NAMESERVER0..2  = <host>   (optional; only the domain's own nameservers: 549 otherwise)
/// TOKEN           = accepted
/// X-FEE-AMOUNT    = <at least the trade price>   (optional; below it: 541)
/// X-FEE-APPLICATION, X-FEE-CURRENCY (the account's), X-ACCEPT-PREMIUMPRICE = accepted
/// X-CONFIRM-DA-OLD-REGISTRANT, X-CONFIRM-DA-NEW-REGISTRANT = 1   (ICANN zones: at once)
/// X-...           = <the zone's fields>   (stored as AddDomain stores them)
/// ---
/// property[info][0]            = realtime domain trade succeeded | domain trade initiated
/// property[ownercontact][0], property[admincontact][0], property[techcontact][0],
/// property[billingcontact][0]  = the handles after the trade
/// property[x-fee-amount][0], property[x-fee-currency][0]   (when a fee parameter came)
/// ```
pub(super) fn trade_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_domain(args, "DOMAIN")?;
    let action = args.optional("ACTION").map(str::to_ascii_uppercase);
    let mut contacts = Vec::new();
    for role in Role::ALL {
        if let Some(spec) = read_contact(args, ctx, role.parameter(), 0)? {
            contacts.push((role, spec));
        }
    }
    let auth = args.optional("AUTH");
    let nameservers: Vec<&str> = (0..3)
        .filter_map(|index| args.optional(&format!("NAMESERVER{index}")))
        .collect();
    let fee = read_fee(args)?;
    let currency = args.optional("X-FEE-CURRENCY");
    let accept = args.flag("X-ACCEPT-PREMIUMPRICE")?.unwrap_or(false);
    let confirmations = [
        args.flag("X-CONFIRM-DA-OLD-REGISTRANT")?,
        args.flag("X-CONFIRM-DA-NEW-REGISTRANT")?,
    ];
    let opt_out = args
        .flag("X-REQUEST-OPT-OUT-TRANSFERLOCK")?
        .unwrap_or(false);
    read_ignored(args, &["TOKEN", "X-FEE-APPLICATION"], &[]);
    let extensions = hexonet_fields(read_extension_changes(args));
    args.finish()?;
    match action.as_deref() {
        None | Some("REQUEST") => {}
        Some("CANCEL") => {
            cancel_trade(ctx, name.as_str()).map_err(cnr_error)?;
            let info = format!("the pending trade of {name} is cancelled");
            return Ok(Response::ok().with("info", info));
        }
        Some(other @ ("APPROVE" | "DENY")) => {
            return Err(Error::CommandFailed(format!(
                "ACTION={other}: otebox's registrants confirm a pending trade by the sandbox clock (5 days); ACTION=CANCEL withdraws it"
            )));
        }
        Some(other) => {
            return Err(Error::invalid(
                "ACTION",
                format_args!("({other}) is not REQUEST, APPROVE, DENY or CANCEL"),
            ));
        }
    }
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    if let Some(auth) = auth
        && auth != domain.auth
    {
        return Err(Error::invalid(
            "AUTH",
            format_args!("is not the transfer code of {name}"),
        ));
    }
    if let Some(other) = nameservers.iter().find(|host| {
        !domain
            .nameservers
            .iter()
            .any(|ns| ns.eq_ignore_ascii_case(host))
    }) {
        return Err(Error::CommandFailed(format!(
            "NAMESERVER: {other} is not a nameserver of {name}; TradeDomain changes the contacts only, set nameservers with ModifyDomain"
        )));
    }
    // A stated fee is in X-FEE-CURRENCY (the account's if not sent) and
    // must reach the trade price, as the other commands' fees (fee.rs).
    let fee_currency = fee_currency(ctx, currency);
    if currency.is_some() && fee_currency != account_currency(ctx) {
        return Err(Error::invalid(
            "X-FEE-CURRENCY",
            format_args!(
                "({fee_currency}) is not the account's currency {}",
                account_currency(ctx)
            ),
        ));
    }
    let order = TradeOrder {
        name,
        contacts,
        confirmations,
        opt_out,
        extensions,
    };
    if let Some(fee) = fee {
        let tld = zone_of(&order.name)?;
        let price = ctx.system.domain_price(ctx.owner(), tld, Action::Trade)?;
        let what = format_args!("the trade price of {}", order.name);
        confirm(ctx, fee, currency, (price, account_currency(ctx)), what)?;
    }
    let traded = trade_now(ctx, order).map_err(cnr_error)?;
    let info = if traded.pending {
        "domain trade initiated"
    } else {
        "realtime domain trade succeeded"
    };
    let mut response = Response::ok().with("info", info);
    for (role, name) in [
        (Role::Owner, "ownercontact"),
        (Role::Admin, "admincontact"),
        (Role::Tech, "techcontact"),
        (Role::Billing, "billingcontact"),
    ] {
        for handle in &traded.contacts[role.index()] {
            response.push_str(name, handle);
        }
    }
    if fee.is_some() || currency.is_some() || accept {
        response
            .push("x-fee-amount", traded.price)
            .push("x-fee-currency", account_currency(ctx));
    }
    Ok(response)
}

/// HEXONET's trade refusals outside the CNR code list (§0.3): 506 (the
/// zone changes the registrant by ModifyDomain, or the registrant stays)
/// and 534 (no trade pending) are `549`; 536 (a trade pending) is `553`.
fn cnr_error(error: Error) -> Error {
    match error {
        Error::InvalidOption(why) | Error::NotFlaggedForTransfer(why) => Error::CommandFailed(why),
        Error::AlreadyFlaggedForTransfer(why) => Error::PendingTransfer(why),
        other => other,
    }
}

/// Restores a deleted domain within the zone's restorable days by
/// HEXONET's rules (`restore_now`): charged the zone's restore price (plus
/// an add-grace refund, plus a renewal when its expiry passed), back with
/// its bundle; after the period or never deleted `545`, deleted by another
/// account `531`, registered again since `554`, not deleted `552`.
///
/// ```text
/// COMMAND = RestoreDomain
/// DOMAIN  = <domain>
/// TOKEN   = accepted
/// ---
/// property[domain][0]                       = <domain>
/// property[registration expiration date][0] = <expiry, .0>
/// ```
pub(super) fn restore_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_domain(args, "DOMAIN")?;
    read_ignored(args, &["TOKEN"], &[]);
    args.finish()?;
    let expires = restore_now(ctx, &name, None)?;
    Ok(Response::ok()
        .with("domain", &name)
        .with("registration expiration date", Dot0(expires)))
}

/// The 545 detail of a domain without a trade pending for the caller, as
/// the live platform words it (the Elixir client's test).
const NO_OWNER_CHANGE: &str = "no ownerchange found for relevant registrar";

/// The caller's pending trade (owner change) of DOMAIN, as TradeDomain
/// recorded it: `REQUESTED` until the sandbox clock confirms it for both
/// registrants (its `expire date`), then it is done and no longer found.
/// No trade pending, the domain another account's or unknown: `545 …; no
/// ownerchange found for relevant registrar`.
///
/// ```text
/// COMMAND = StatusOwnerChange
/// DOMAIN  = <domain>
/// ---
/// property[domain][0] property[status][0] = REQUESTED
/// property[requested date][0] property[expire date][0] (YYYY-MM-DD hh:mm:ss.0)
/// property[losing registrant][0] property[gaining registrant][0] (handles)
/// ```
pub(super) fn status_owner_change(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_domain(args, "DOMAIN")?;
    args.finish()?;
    let trade = ctx
        .system
        .pending_trade(name.as_str())
        .filter(|trade| trade.account == ctx.owner())
        .ok_or(Error::EntityNotFound(NO_OWNER_CHANGE))?;
    let registrant = |lists: &[Vec<String>; 4]| {
        lists[Role::Owner.index()]
            .first()
            .cloned()
            .unwrap_or_default()
    };
    Ok(Response::ok()
        .with("domain", &name)
        .with("status", "REQUESTED")
        .with("requested date", Dot0(trade.requested))
        .with("expire date", Dot0(trade.deadline))
        .with("losing registrant", registrant(&trade.old_contacts))
        .with("gaining registrant", registrant(&trade.contacts)))
}
