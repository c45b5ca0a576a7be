//! CheckDomainTrade: whether a TradeDomain of one of the caller's domains
//! would work now and what it would cost, through TradeDomain's own reading
//! (`trade::read_order`), checks and price (`trade::check_trade`) and the
//! balance check of a pending trade (`trade::check_balance`). Reads only:
//! must not change the registry (no contact made for inline data, nothing
//! charged, nothing logged).

use super::args::zone_of;
use super::trade::{TradeCheck, check_balance, check_trade, read_order};
use crate::command::contact::{ContactSpec, reusable};
use crate::command::{Args, Ctx};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::Role;
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
