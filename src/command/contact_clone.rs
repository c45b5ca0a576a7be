//! CloneContact: a new handle of the caller with the data and extra fields
//! of one of its handles, some fields overridden; made through AddContact's
//! creation path (`contact::create`) after AddContact's checks. Must not
//! change the source handle or any domain.

use super::contact::create;
use super::contact_fields::{Sent, check_auth, read_extensions};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::wire::Response;

/// Copies one of the caller's handles to a new handle (always new, as
/// AddContact with `NEW=1`): its data, DISCLOSE and `X-` fields; the fields
/// sent replace the copied ones (an optional one sent empty is cleared, a
/// required one cannot be), and the result is validated as AddContact
/// validates. The copy has its own random auth code unless AUTH is sent.
///
/// ```text
/// COMMAND  = CloneContact
/// CONTACT  = <handle>
/// <any AddContact field but CONTACT and NEW> = <value or empty>  (optional)
/// AUTH     = <text>   (optional; random otherwise)
/// ---
/// PROPERTY[CONTACT][0] = <new handle>
/// PROPERTY[STATUS][0]  = ACTIVE
/// ```
pub(super) fn clone_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let source = args.required("CONTACT")?;
    let auth = args.optional("AUTH").filter(|auth| !auth.is_empty());
    let sent = Sent::read(args, "");
    let changes = read_extensions(args)?;
    args.finish()?;
    let contact = ctx.system.owned_contact(ctx.owner(), source, "CONTACT")?;
    let (mut data, mut extensions) = (contact.data.clone(), contact.extensions.clone());
    if let Some(name) = sent.cleared_required() {
        return Err(Error::invalid(
            name,
            "is required and cannot be cleared (send a new value or leave it out)",
        ));
    }
    if let Some(auth) = auth {
        check_auth(auth)?;
    }
    sent.apply(&mut data);
    data.validate("")?;
    for (name, value) in changes {
        if value.is_empty() {
            extensions.shift_remove(&name);
        } else {
            extensions.insert(name, value);
        }
    }
    let id = ctx.system.new_contact_id(&data);
    create(ctx, id.clone(), data, auth, extensions);
    Ok(Response::ok().with("CONTACT", id).with("STATUS", "ACTIVE"))
}
