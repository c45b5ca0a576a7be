//! The checks of a trade, which TradeDomain (both dialects, `trade.rs`)
//! runs before its work, and CheckDomainTrade, which answers with them:
//! whether a TradeDomain of one of the caller's domains would work now and
//! what it would cost, through TradeDomain's own reading
//! (`trade::read_order`), checks and price ([`check_trade`]) and the balance
//! check of a pending trade ([`check_balance`]). Reads only: must not change
//! the registry (no contact made for inline data, nothing charged, nothing
//! logged).

use super::args::zone_of;
use super::extensions::check_change;
use super::modify::UPDATE_FLAG;
use super::registrant::check_registrant;
use super::registry_lock::refuse_locked;
use super::renew::refuse_flag;
use super::trade::{TradeOrder, read_order};
use crate::command::contact::{ContactSpec, reusable};
use crate::command::{Args, Ctx};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, Tld};
use crate::registry::pricing::Action;
use crate::registry::trade::with_trade_item;
use crate::registry::{Domain, Money, Role, SERVER_UPDATE, Timestamp};
use crate::wire::Response;

/// Dry-runs a TradeDomain: `218` when it would be accepted, `219` with
/// TradeDomain's refusal as the reason when the domain's state, the zone's
/// policy or the balance stand in the way; errors of the request itself
/// (parameters, contacts, a domain not the caller's) answer as TradeDomain
/// answers them.
///
/// ```text
/// COMMAND        = CheckDomainTrade
/// DOMAIN         = <domain>
/// MODE           = FULL (default) | PRECHECK (OWNERCONTACT0 may be left out:
///                  the registrant's checks are skipped)
/// OWNERCONTACT0, ADMINCONTACT0, TECHCONTACT0, BILLINGCONTACT0, AUTH,
/// X-CONFIRM-DA-OLD-REGISTRANT, X-CONFIRM-DA-NEW-REGISTRANT,
/// X-REQUEST-OPT-OUT-TRANSFERLOCK, X-... = as TradeDomain
/// NAMESERVER0..n, HOST0..n = <text> (accepted; a trade keeps the nameservers)
/// ---
/// 218 Request is available
/// 219 Request is not available; <TradeDomain's DESCRIPTION>
/// PROPERTY[ACTION][0]=check, [ADMINCONTACT|BILLINGCONTACT|OWNERCONTACT|TECHCONTACT][n]
/// (after the trade), [CREATEDDATE][0], [CURRENCY][0] (218), [EXPIRATIONDATE][0],
/// [MODE][0], [NAMESERVER][n], [OLD-...CONTACT][n], [POLICYAPPROVECONFIRMATION][0]
/// (218: REALTIME | EMAIL), [PRICE][0] (218), [REPOSITORY][0]
/// (the properties when the domain is the caller's)
/// ```
pub(in crate::command) fn check_domain_trade(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let mode = args.optional("MODE").unwrap_or_default();
    args.list("NAMESERVER");
    args.list("HOST");
    let order = read_order(args, ctx)?;
    args.finish()?;
    let precheck = if mode.eq_ignore_ascii_case("PRECHECK") {
        true
    } else if mode.is_empty() || mode.eq_ignore_ascii_case("FULL") {
        false
    } else {
        return Err(Error::invalid(
            "MODE",
            format_args!("({mode}) is not PRECHECK or FULL"),
        ));
    };
    let name = order.name.as_str();
    let outcome = check_trade(ctx, &order, precheck)
        .and_then(|check| check_balance(ctx, check.price, name).map(|()| check));
    let (mut response, check) = match outcome {
        Ok(check) => (Response::status(218, "Request is available"), Some(check)),
        Err(refusal) if unavailable(&refusal) => {
            let reason = refusal.describe(Dialect::Hexonet);
            let text = format!("Request is not available; {reason}");
            (Response::status(219, text), None)
        }
        Err(error) => return Err(error),
    };
    let Some(domain) = ctx.system.domain(name) else {
        return Ok(response);
    };
    // The contacts after the trade: a handle sent, the caller's identical
    // handle for inline data (a new one would be made by TradeDomain).
    let mut after = domain.contacts.to_lists();
    for (role, spec) in &order.contacts {
        after[role.index()] = match spec {
            ContactSpec::Handle(handle) => vec![handle.clone()],
            ContactSpec::Inline(data) => reusable(ctx, data, &Default::default(), None)
                .into_iter()
                .collect(),
        };
    }
    let before = domain.contacts.to_lists();
    let column = |role: Role| match role {
        Role::Owner => ("OWNERCONTACT", "OLD-OWNERCONTACT"),
        Role::Admin => ("ADMINCONTACT", "OLD-ADMINCONTACT"),
        Role::Tech => ("TECHCONTACT", "OLD-TECHCONTACT"),
        Role::Billing => ("BILLINGCONTACT", "OLD-BILLINGCONTACT"),
    };
    response.push_str("ACTION", "check");
    for role in [Role::Admin, Role::Billing] {
        for handle in &after[role.index()] {
            response.push(column(role).0, handle);
        }
    }
    response.push("CREATEDDATE", domain.created.datetime());
    let currency = ctx.system.user(ctx.owner()).map(|u| &u.account.currency);
    if let (Some(_), Some(currency)) = (&check, currency) {
        response.push("CURRENCY", currency);
    }
    response
        .push("EXPIRATIONDATE", domain.expires.datetime())
        .push_str("MODE", if precheck { "precheck" } else { "full" });
    for ns in &domain.nameservers {
        response.push_str("NAMESERVER", ns);
    }
    for role in [Role::Admin, Role::Billing, Role::Owner, Role::Tech] {
        for handle in &before[role.index()] {
            response.push(column(role).1, handle);
        }
    }
    for handle in &after[Role::Owner.index()] {
        response.push("OWNERCONTACT", handle);
    }
    if let Some(TradeCheck { icann, price, .. }) = check {
        let mail = icann && order.confirmations != [Some(true), Some(true)];
        let policy = if mail { "EMAIL" } else { "REALTIME" };
        response
            .push_str("POLICYAPPROVECONFIRMATION", policy)
            .push("PRICE", price);
    }
    response.push_str("REPOSITORY", zone_of(&order.name)?.repository);
    for handle in &after[Role::Tech.index()] {
        response.push("TECHCONTACT", handle);
    }
    Ok(response)
}

/// The refusals that mean "not now" rather than "not so": the domain's
/// state or pending operations, the zone's policy, the balance.
fn unavailable(error: &Error) -> bool {
    matches!(
        error,
        Error::StatusProhibits(_)
            | Error::PendingTransfer(_)
            | Error::AlreadyFlaggedForTransfer(_)
            | Error::InvalidOption(_)
            | Error::CreditLimitExceeded(_)
    )
}

/// What the checks of a trade found: whether it is an ICANN
/// trade, the domain's creation date (the post-trade lock's key) and the
/// price TradeDomain charges.
pub(in crate::command) struct TradeCheck {
    pub(in crate::command) icann: bool,
    pub(in crate::command) created: Timestamp,
    pub(in crate::command) price: Money,
}

/// Every check of a trade, changing nothing: TradeDomain (both dialects)
/// runs it before its work, CheckDomainTrade answers with it. `precheck`
/// (CheckDomainTrade's `MODE=PRECHECK`) lets the registrant be left out,
/// skipping the checks that need it.
pub(in crate::command) fn check_trade(
    ctx: &Ctx<'_>,
    order: &TradeOrder,
    precheck: bool,
) -> Result<TradeCheck> {
    let TradeOrder {
        name,
        contacts,
        extensions,
        ..
    } = order;
    let tld = zone_of(name)?;
    // As a change: a required acceptance cannot be taken back by a trade either.
    let fields = extensions.iter();
    check_change(
        tld,
        fields.map(|(name, value)| (name.as_str(), value.as_str())),
    )?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    ctx.system.refuse_pending_transfer(name.as_str())?;
    refuse_locked(domain, SERVER_UPDATE)?;
    refuse_flag(domain, UPDATE_FLAG)?;
    if tld.registrant_change == "UPDATE" {
        return Err(Error::InvalidOption(format!(
            ".{} changes the registrant without a trade, please use UPDATE method (ModifyDomain)",
            tld.zone
        )));
    }
    let icann = tld.registrant_change == "ICANN-TRADE";
    match contacts.iter().find(|(role, _)| *role == Role::Owner) {
        Some((_, owner)) => check_new_registrant(ctx, order, tld, domain, owner)?,
        None if precheck => {}
        None => return Err(Error::missing("OWNERCONTACT0")),
    }
    if let Some(trade) = ctx.system.pending_trade(name.as_str()) {
        return Err(Error::AlreadyFlaggedForTransfer(format!(
            "a trade of {name} was requested on {} and is pending until {}; TradeDomain ACTION=cancel cancels it",
            trade.requested.datetime(),
            trade.deadline.datetime()
        )));
    }
    let created = domain.created;
    let price = ctx.system.domain_price(ctx.owner(), tld, Action::Trade)?;
    Ok(TradeCheck {
        icann,
        created,
        price,
    })
}

/// The zone's registrant rule for the new registrant, and that it is a new
/// one: the same registrant is a change for ModifyDomain.
fn check_new_registrant(
    ctx: &Ctx<'_>,
    order: &TradeOrder,
    tld: &Tld,
    domain: &Domain,
    owner: &ContactSpec,
) -> Result<()> {
    let fields = order.extensions.iter();
    let fields = fields.map(|(name, value)| (name.as_str(), value.as_str()));
    check_registrant(ctx.system, tld, owner, fields)?;
    let current = &domain.contacts[Role::Owner.index()];
    let icann = tld.registrant_change == "ICANN-TRADE";
    // Inline data is the same registrant when the name and organisation
    // stay (ModifyDomain updates the rest, as it does in a TRADE zone), and
    // for ICANN's transfer policy the e-mail address too: an address-only
    // change is refused here, and WHMCS falls back to ModifyDomain.
    let unchanged = match owner {
        ContactSpec::Handle(handle) => current.first().is_some_and(|id| **id == **handle),
        ContactSpec::Inline(data) => current
            .first()
            .and_then(|id| ctx.system.contact(id))
            .is_some_and(|contact| {
                contact.data.same_name(data) && (!icann || contact.data.email == data.email)
            }),
    };
    if unchanged {
        return Err(Error::InvalidOption(format!(
            "trade is only allowed for change of registrant; the registrant of {} stays the same, please use UPDATE method (ModifyDomain)",
            order.name
        )));
    }
    Ok(())
}

/// `546` when the view's account, or a reseller above it, could not pay
/// the trade of `name` for `price` now (early feedback: a pending trade is
/// charged when it is confirmed).
pub(super) fn check_balance(ctx: &Ctx<'_>, price: Money, name: &str) -> Result<()> {
    let tld = catalogue::find_zone(name).ok_or(Error::ServerError)?;
    with_trade_item(name, tld, price, |item| {
        ctx.system.check_charge(ctx.owner(), &item)
    })
}
