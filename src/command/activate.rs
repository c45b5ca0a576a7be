//! ActivateDomainTransfer: what the registrant's confirmation page sends
//! with the trigger code of a confirmation mail (`registry/trigger.rs`):
//! APPROVE a pending trade, DENY a pending transfer, REQUEST (confirm) a
//! pending transfer. The trigger is the authorisation: any account that
//! sends the right code may answer (the reference: "All users have access";
//! the white-labelled page calls with a registrar's credentials).
//! ActivateDomainTrade: the registrar approves a pending trade of a domain
//! in its tree without the code (outside it, or with a code sent, the code
//! decides). Reads the parameters and checks the authorisation only: the
//! trade's confirmation is `registry/trade.rs`'s, the denial
//! `transfer_answer.rs`'s. Must not touch a domain or the log by any other
//! way.

use super::domain::shared::read_name;
use super::transfer_answer::settle;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::wire::Response;

/// The log and event text of a trade approved with its trigger code.
const BY_TRIGGER: &str = "trade confirmed: a registrant approved it with the trigger code";

/// Answers a pending trade or transfer of DOMAIN on the registrant's behalf.
///
/// ```text
/// COMMAND = ActivateDomainTransfer
/// DOMAIN  = <domain>
/// ACTION  = APPROVE (the pending trade: confirmed now, charged)
///         | DENY    (the pending transfer: denied as the losing side's TransferDomain ACTION=DENY)
///         | REQUEST (the pending transfer: already requested at the registry; a TRANSFERLOG line)
/// TRIGGER = <7 digits from the confirmation mail>
/// ---
/// 200 Command completed successfully
/// 531 Authorization failed (TRIGGER missing or not the code of the pending request)
/// 541 Invalid attribute value (ACTION)
/// 545 Object not found (no such trade or transfer pending)
/// ```
pub(super) fn activate_domain_transfer(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let action = args.required("ACTION")?.to_ascii_uppercase();
    let trigger = args.optional("TRIGGER").unwrap_or_default().trim();
    args.finish()?;
    match action.as_str() {
        "APPROVE" => approve(ctx, &name, trigger),
        "DENY" | "REQUEST" => answer_transfer(ctx, &name, trigger, action == "DENY"),
        _ => Err(Error::invalid(
            "ACTION",
            format_args!("({action}) is not REQUEST, APPROVE or DENY"),
        )),
    }
}

/// APPROVE: the pending trade with its code is confirmed now.
fn approve(ctx: &mut Ctx<'_>, name: &DomainName, trigger: &str) -> Result<Response> {
    let Some(trade) = ctx.system.pending_trade(name.as_str()) else {
        return Err(Error::ObjectNotFound(format!(
            "no trade of {name} is pending"
        )));
    };
    check_trigger(name, trigger, &trade.trigger())?;
    ctx.system
        .approve_trade_now(name.as_str(), ctx.now, BY_TRIGGER)?;
    Ok(Response::ok())
}

/// Approves the pending trade of DOMAIN as its registrar: the same
/// confirmation as ActivateDomainTransfer ACTION=APPROVE and the clock's.
///
/// ```text
/// COMMAND = ActivateDomainTrade
/// DOMAIN  = <domain>
/// TRIGGER = <7 digits from the confirmation mail> (needed outside the caller's tree;
///           checked whenever sent)
/// ---
/// 200 Command completed successfully (confirmed now, charged as the clock would)
/// 531 Authorization failed (the holder outside the caller's tree, TRIGGER missing or wrong)
/// 545 Object not found (no trade of DOMAIN pending)
/// 546 / 553 / 545 the trade cannot complete (as the clock's would fail;
///                 the trade stays pending, nothing changed)
/// ```
pub(super) fn activate_domain_trade(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let trigger = args.optional("TRIGGER").unwrap_or_default().trim();
    args.finish()?;
    let Some(trade) = ctx.system.pending_trade(name.as_str()) else {
        return Err(Error::ObjectNotFound(format!(
            "no trade of {name} is pending"
        )));
    };
    let text = if trigger.is_empty() && ctx.system.in_subtree(ctx.owner(), &trade.account) {
        "trade confirmed: the registrar approved it (ActivateDomainTrade)"
    } else {
        check_trigger(&name, trigger, &trade.trigger())?;
        BY_TRIGGER
    };
    ctx.system.approve_trade_now(name.as_str(), ctx.now, text)?;
    Ok(Response::ok())
}

/// DENY (`deny`) or REQUEST: the pending transfer with its code.
fn answer_transfer(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    trigger: &str,
    deny: bool,
) -> Result<Response> {
    let Some(transfer) = ctx.system.pending_transfer(name.as_str()) else {
        return Err(Error::ObjectNotFound(format!(
            "no transfer of {name} is pending"
        )));
    };
    check_trigger(name, trigger, &transfer.trigger())?;
    if deny {
        settle(ctx, name, false);
    } else {
        // otebox requests a transfer at the registry at once: the
        // registrant's confirmation changes nothing but the log.
        let line = "[CONFIRMED] the registrant confirmed the transfer with the trigger code";
        ctx.system.log_transfer(name.as_str(), ctx.now, line);
    }
    Ok(Response::ok())
}

/// `531` unless `sent` is `expected`.
fn check_trigger(name: &DomainName, sent: &str, expected: &str) -> Result<()> {
    if sent.is_empty() {
        return Err(Error::AuthorizationFailed(format!(
            "TRIGGER: the code of the confirmation mail of {name} is required"
        )));
    }
    if sent != expected {
        return Err(Error::AuthorizationFailed(format!(
            "TRIGGER: ({sent}) is not the code of the confirmation mail of {name}"
        )));
    }
    Ok(())
}
