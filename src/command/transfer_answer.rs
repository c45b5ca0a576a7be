//! The answers to a pending transfer, both dialects: APPROVE and DENY by
//! the losing side, CANCEL by the gaining side (TransferDomain's ACTIONs;
//! the request itself is `transfer.rs`'s); the denial is shared with
//! ActivateDomainTransfer (`activate.rs`). Completing or failing the
//! transfer is `registry::transfer`'s. Must not touch the object log or
//! events beyond what those calls record.

use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{DomainName, TRANSFER_DENIED};
use crate::wire::Response;

/// APPROVE (`approve`) or DENY by the losing side.
pub(super) fn answer(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    approve: bool,
) -> Result<Response> {
    args.finish()?;
    ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    if ctx.system.pending_transfer(name.as_str()).is_none() {
        return Err(Error::NotFlaggedForTransfer(format!(
            "no transfer of {name} is pending"
        )));
    }
    settle(ctx, name, approve);
    Ok(Response::ok())
}

/// Approves or denies the pending transfer of `name` (the caller checked
/// that one is pending and who may answer): the losing side's TransferDomain
/// and the registrant's ActivateDomainTransfer ACTION=DENY (`activate.rs`).
pub(super) fn settle(ctx: &mut Ctx<'_>, name: &DomainName, approve: bool) {
    let Some(transfer) = ctx.system.take_transfer(name.as_str()) else {
        return;
    };
    if !approve {
        ctx.system.fail_transfer(transfer, ctx.now, TRANSFER_DENIED);
    } else if let Err(error) = ctx.system.complete_transfer(&transfer, ctx.now) {
        // The gaining side's failure (546) is its own: the losing side's
        // answer was accepted either way.
        let reason = format!("{} {error}", error.code());
        ctx.system.fail_transfer(transfer, ctx.now, &reason);
    }
}

/// CANCEL by the gaining side.
pub(super) fn cancel(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
    name: &DomainName,
) -> Result<Response> {
    args.finish()?;
    let owner = ctx.owner();
    let mine = ctx
        .system
        .pending_transfer(name.as_str())
        .is_some_and(|transfer| transfer.gaining == owner);
    if !mine {
        return Err(Error::NotFlaggedForTransfer(format!(
            "{owner} has no transfer of {name} pending"
        )));
    }
    if let Some(transfer) = ctx.system.take_transfer(name.as_str()) {
        ctx.system.log_transfer_cancelled(&transfer, ctx.now);
    }
    Ok(Response::ok())
}
