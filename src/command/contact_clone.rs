//! CloneContact: a new handle of the caller with the data and extra fields
//! of one of its handles, some fields overridden; made through AddContact's
//! creation path (`contact::create`) after AddContact's checks. Must not
//! change the source handle or any domain. `clone_as` is the core the CNR
//! CloneContact (`command/cnr/contact_clone.rs`) calls too.

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
    let id = clone_as(ctx, source, auth, Some(sent), changes)?;
    Ok(Response::ok().with("CONTACT", id).with("STATUS", "ACTIVE"))
}

/// CloneContact's core, both dialects' (the CNR one sends no overrides):
/// the new handle, a copy of the caller's `source` with the `sent` fields,
/// the `changes` to its `X-` fields and `auth` applied, validated as
/// AddContact validates, made by AddContact's creation path.
pub(in crate::command) fn clone_as(
    ctx: &mut Ctx<'_>,
    source: &str,
    auth: Option<&str>,
    sent: Option<Sent>,
    changes: Vec<(String, String)>,
) -> Result<String> {
    let contact = ctx.system.owned_contact(ctx.owner(), source, "CONTACT")?;
    let (mut data, mut extensions) = (contact.data.clone(), contact.extensions.clone());
    if let Some(name) = sent.as_ref().and_then(Sent::cleared_required) {
        return Err(Error::invalid(
            name,
            "is required and cannot be cleared (send a new value or leave it out)",
        ));
    }
    if let Some(auth) = auth {
        check_auth(auth)?;
    }
    if let Some(sent) = sent {
        sent.apply(&mut data);
    }
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
    Ok(id)
}
