//! CancelDomainRegistration: withdraws a registration the registry has not
//! confirmed yet (STATUS REQUESTEDCREATE). Reads the parameters and calls
//! the registry's `cancel_registration` (`creating.rs`), which checks the
//! caller holds a pending domain that is no bundle's second half and takes
//! the path DeleteDomainApplication's withdrawal takes. Must not change a
//! domain that is not pending.

use super::args::read_name;
use crate::command::{Args, Ctx};
use crate::error::Result;
use crate::registry::objectlog::{Op, OpStatus};
use crate::wire::Response;

/// Withdraws the caller's registration of `DOMAIN` while it waits for the
/// registry (a slow-registry fault rule, a `.swiss` GOLIVE review, an
/// aftermarket hand-over): the pending domain removed (with a `.ngo`'s
/// `.ong`), its charge refunded (REFUND_ADD_DOMAIN), an application behind
/// it withdrawn; the registry's confirmation never comes. `REASON` is
/// accepted and kept nowhere. `545` for an unknown domain, `531` for
/// another account's, `552` for one that is not pending (DeleteDomain
/// deletes it) or the second half of a bundle.
///
/// ```text
/// COMMAND = CancelDomainRegistration
/// DOMAIN  = <domain>
/// REASON  = <text> (optional)
/// ---
/// (no properties)
/// ```
pub(in crate::command) fn cancel_domain_registration(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let _reason = args.optional("REASON");
    args.finish()?;
    let owner = ctx.owner().to_owned();
    ctx.system.cancel_registration(&owner, &name, ctx.now)?;
    ctx.log(Op::Delete, OpStatus::Successful, name.as_str());
    Ok(Response::ok())
}
