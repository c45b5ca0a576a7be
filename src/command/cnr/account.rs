//! The CentralNic Reseller StatusAccount (cnr-commands.md §11), from the same
//! account as HEXONET's.

use super::super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::Money;
use crate::wire::Response;

/// The caller's balance, credit line, currency and VAT rate, in the recorded
/// OT&E order (cnr-dialect.md A.2.6). `credit` is the credit line HEXONET's
/// StatusAccount calls `CREDIT`; otebox keeps no low-balance alert, so
/// `credit threshold` is `0.00`; `registrar` is the account.
///
/// ```text
/// COMMAND = StatusAccount
/// ---
/// property[amount][0]           property[credit][0]   property[credit threshold][0]
/// property[currency][0]         property[registrar][0] property[vat][0]
/// ```
pub(super) fn status_account(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let registrar = args.optional("REGISTRAR");
    args.finish()?;
    let id = &ctx.caller.principal.account;
    if let Some(other) = registrar.filter(|other| other != id) {
        return Err(Error::AuthorizationFailed(format!(
            "REGISTRAR {other} is not the account {id}"
        )));
    }
    let account = super::super::account::caller_account(ctx)?;
    Ok(Response::ok()
        .with("amount", account.amount)
        .with("credit", account.credit)
        .with("credit threshold", Money::default())
        .with("currency", account.currency)
        .with("registrar", id)
        .with("vat", account.vat))
}
