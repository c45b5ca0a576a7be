//! Account-level queries: StatusAccount. One function per wire command.

use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::wire::Response;

/// The caller's balance, credit limit, reserved deposit, currency and VAT rate.
///
/// ```text
/// COMMAND = StatusAccount
/// ---
/// PROPERTY[AMOUNT][0]   = <decimal>    PROPERTY[CREDIT][0] = <decimal>
/// PROPERTY[CURRENCY][0] = EUR          PROPERTY[DEPOSIT][0] = <decimal>
/// PROPERTY[VAT][0]      = <percent>
/// ```
pub(super) fn status_account(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    let id = &ctx.caller.principal.account;
    let user = ctx
        .system
        .user(id)
        .ok_or_else(|| Error::ObjectNotFound(format!("USER {id}")))?;
    let account = &user.account;
    Ok(Response::ok()
        .with("AMOUNT", account.amount)
        .with("CREDIT", account.credit)
        .with("CURRENCY", account.currency)
        .with("DEPOSIT", account.deposit)
        .with("VAT", account.vat))
}
