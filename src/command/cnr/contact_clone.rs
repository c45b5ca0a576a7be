//! The CentralNic Reseller CloneContact (KB `CloneContact`): a new handle of
//! the caller with the data of one of its handles, made by HEXONET's core
//! (`contact_clone::clone_as`, AddContact's creation path). Must not change
//! the source handle or any domain.

use super::super::contact_clone::clone_as;
use super::super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::wire::Response;

/// Copies one of the caller's handles to a new handle with the same data
/// and `X-` fields and its own random auth code. `NEW=1` (the KB: needed to
/// clone within the same account) is accepted, and so is `NEW=0`: otebox
/// clones only within the caller's account, and always to a new handle.
/// Unknown handle, or another account's: `545 Entity reference not found`.
///
/// ```text
/// COMMAND = CloneContact
/// CONTACT = <handle>
/// NEW     = 0 | 1        (optional)
/// ---
/// property[contact][0] = <new handle>
/// property[roid][0]    = <the new handle's ROID>
/// ```
pub(super) fn clone_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let source = args.optional("CONTACT");
    args.flag("NEW")?;
    args.finish()?;
    let source = source.ok_or(Error::MissingParameter("CONTACT".into()))?;
    let id = clone_as(ctx, source, None, None, Vec::new())?;
    let roid = ctx.system.contact(&id).map(|contact| contact.roid());
    let mut response = Response::ok().with("contact", &id);
    if let Some(roid) = roid {
        response.push("roid", roid);
    }
    Ok(response)
}
