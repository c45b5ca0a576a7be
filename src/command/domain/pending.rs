//! A registration while a slow-registry fault rule holds the registry
//! (issue 15, `Ctx::slow`): its answer (`200 ...; action pending`,
//! `PENDING=1`, STATUS REQUESTEDCREATE), its object-log status, and the
//! mark that leaves the new domains pending (`registry/creating.rs` keeps
//! it and confirms it on the clock). `add.rs` and the CNR AddDomain call
//! these; nothing here reads parameters or checks the order.

use crate::command::Ctx;
use crate::registry::objectlog::OpStatus;
use crate::registry::{REQUESTED_CREATE, Timestamp};
use crate::wire::Response;

/// The answer of a registration: `200 Command completed successfully`, or
/// while a slow-registry fault rule holds it `...; action pending` with
/// `PENDING=1` (protocol.md §2.1, §3.5).
pub(in crate::command) fn registered(ctx: &Ctx<'_>) -> Response {
    match ctx.slow {
        None => Response::ok(),
        Some(_) => {
            let mut response =
                Response::status(200, "Command completed successfully; action pending");
            response.pending = true;
            response
        }
    }
}

/// STATUS after a registration: `ACTIVE`, or `REQUESTEDCREATE` while the
/// registry has not confirmed it (protocol.md, AddDomain's STATUS).
pub(super) fn registered_status(ctx: &Ctx<'_>) -> &'static str {
    match ctx.slow {
        None => "ACTIVE",
        Some(_) => REQUESTED_CREATE,
    }
}

/// The OPERATIONSTATUS of the request's CREATE entry: SUCCESSFUL, or
/// REQUEST while the registry is slow (its clock job writes the
/// SUCCESSFUL one when it confirms).
pub(super) fn create_status(ctx: &Ctx<'_>) -> OpStatus {
    match ctx.slow {
        Some(_) => OpStatus::Request,
        None => OpStatus::Successful,
    }
}

/// Leaves the just registered `names` (a domain and its bundle) pending
/// for the slow-registry rule's seconds; nothing without one.
pub(super) fn leave_pending(ctx: &mut Ctx<'_>, names: &[String]) {
    if let Some(seconds) = ctx.slow {
        let at = Timestamp(ctx.now.0.saturating_add(seconds));
        for name in names {
            ctx.system.request_create(name, at);
        }
    }
}
