//! Contact handles: AddContact, StatusContact, ModifyContact, DeleteContact
//! (QueryContactList is in `contact_list.rs`, field reading in
//! `contact_fields.rs`), and how domain commands name their contacts: a
//! handle (`OWNERCONTACT0=P-JOH1000001`) or inline fields
//! (`OWNERCONTACT0FIRSTNAME=...`, what WHMCS sends), which become a handle.
//! One function per wire command; contact data rules live in `registry::contact`.
//! Must not touch domains: "in use" comes from `System::contact_usage` and,
//! for deleted domains still restorable, `System::restorable_with_contact`.

use indexmap::IndexMap;

use super::contact_fields::{Sent, check_auth, check_handle, read_extensions};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Contact, ContactData};
use crate::wire::Response;

/// A domain's contact as the request gave it, already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ContactSpec {
    /// An existing handle of the acting account.
    Handle(String),
    /// Inline data: becomes an identical existing handle or a new one.
    Inline(Box<ContactData>),
}

/// Reads the contact data fields `<prefix><FIELD>` (prefix empty for
/// AddContact, `OWNERCONTACT0` inline); `None` when no field was sent.
pub(super) fn read_data(args: &mut Args<'_>, prefix: &str) -> Result<Option<ContactData>> {
    // Domain commands look for ten contact slots; most are not sent at all.
    if !args.extends(prefix) {
        return Ok(None);
    }
    let sent = Sent::read(args, prefix);
    if !sent.any() {
        return Ok(None);
    }
    let mut data = ContactData::default();
    sent.apply(&mut data);
    data.validate(prefix)?;
    Ok(Some(data))
}

/// Reads `<ROLE><index>` as a handle of the acting account, or its inline
/// fields `<ROLE><index><FIELD>`; `None` when neither was sent (or empty).
/// `role` is the parameter stem (`OWNERCONTACT`).
pub(super) fn read_contact(
    args: &mut Args<'_>,
    ctx: &Ctx<'_>,
    role: &str,
    index: usize,
) -> Result<Option<ContactSpec>> {
    let key = format!("{role}{index}");
    let handle = args.optional(&key);
    match (read_data(args, &key)?, handle) {
        (Some(_), Some(handle)) => Err(Error::invalid(
            &key,
            format_args!("give the handle ({handle}) or inline {key}<FIELD> data, not both"),
        )),
        (Some(data), None) => Ok(Some(ContactSpec::Inline(Box::new(data)))),
        (None, Some(handle)) => {
            let contact = ctx.system.owned_contact(ctx.owner(), handle, &key)?;
            Ok(Some(ContactSpec::Handle(contact.id.clone())))
        }
        (None, None) => Ok(None),
    }
}

/// Turns a validated spec into a handle: inline data becomes the owner's
/// identical contact or a new one. Cannot fail; call it after every check.
pub(super) fn commit_contact(ctx: &mut Ctx<'_>, spec: ContactSpec) -> String {
    let data = match spec {
        ContactSpec::Handle(handle) => return handle,
        ContactSpec::Inline(data) => *data,
    };
    // Inline data has no extra fields: a contact with DISCLOSE or `X-`
    // fields is not the same contact (AddContact would not reuse it either).
    if let Some(id) = reusable(ctx, &data, &IndexMap::new(), None) {
        return id;
    }
    let id = ctx.system.new_contact_id(&data);
    create(ctx, id.clone(), data, None, IndexMap::new());
    id
}

/// Inserts a new contact of the owner, made now by the actor; a random auth
/// code unless one is given. Cannot fail; call it after every check.
pub(super) fn create(
    ctx: &mut Ctx<'_>,
    id: String,
    data: ContactData,
    auth: Option<&str>,
    extensions: IndexMap<String, String>,
) {
    let auth = auth.map_or_else(|| ctx.system.random_code(12), str::to_owned);
    let actor = ctx.actor();
    ctx.system.insert_contact(Contact {
        id,
        owner: ctx.owner().to_owned(),
        data,
        auth,
        created: ctx.now,
        created_by: actor.clone(),
        updated: ctx.now,
        updated_by: actor,
        extensions,
        auto_delete: false,
        validated: false,
    });
}

/// Creates a contact handle, or returns the caller's identical one.
///
/// ```text
/// COMMAND      = AddContact
/// NAME         = <first last>       (or FIRSTNAME / LASTNAME; or ORGANIZATION)
/// FIRSTNAME, MIDDLENAME, LASTNAME, TITLE, ORGANIZATION = <text> (optional)
/// STREET       = <text>             (or STREET0..n, one line each)
/// CITY, ZIP    = <text>
/// STATE        = <text>             (optional)
/// COUNTRY      = <ISO 3166-1 alpha-2>
/// PHONE        = <+CC.NUMBER | +CC NUMBER | +CCNUMBER | national number>
/// FAX          = <phone>            (optional)
/// EMAIL        = <e-mail>
/// VATID, IDNUMBER, IDAUTHORITY = <text> (optional)
/// CONTACT      = <handle>           (optional: the handle wanted; 540 if taken)
/// AUTH         = <text>             (optional, random otherwise)
/// NEW          = 0|1                (1: always create; else an identical contact is reused)
/// DISCLOSE     = 0|1, DISCLOSE-ELEMENTS = <NAME ORG ADDR VOICE FAX EMAIL>, X-... (optional)
/// ---
/// PROPERTY[CONTACT][0] = <handle>
/// PROPERTY[NEW][0]     = 1 (created) | 0 (identical contact reused)
/// PROPERTY[STATUS][0]  = ACTIVE
/// ```
pub(super) fn add_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let wanted = args.optional("CONTACT");
    let auth = args.optional("AUTH");
    let always_new = args.flag("NEW")?.unwrap_or(false);
    let data = match read_data(args, "")? {
        Some(data) => data,
        None => {
            // Nothing sent: name the first missing field.
            ContactData::default().validate("")?;
            return Err(Error::missing("NAME"));
        }
    };
    let extensions: IndexMap<String, String> = read_extensions(args)?
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
    args.finish()?;
    if let Some(auth) = auth {
        check_auth(auth)?;
    }
    let (id, new) = match wanted {
        Some(handle) => {
            check_handle(handle)?;
            if ctx.system.contact(handle).is_some() {
                return Err(Error::NotUnique(format!(
                    "CONTACT: the handle {handle} exists already"
                )));
            }
            (handle.to_owned(), true)
        }
        None => {
            let identical = (!always_new)
                .then(|| reusable(ctx, &data, &extensions, auth))
                .flatten();
            match identical {
                Some(id) => (id, false),
                None => (ctx.system.new_contact_id(&data), true),
            }
        }
    };
    if new {
        create(ctx, id.clone(), data, auth, extensions);
    }
    Ok(Response::ok()
        .with("CONTACT", id)
        .with("NEW", u8::from(new))
        .with("STATUS", "ACTIVE"))
}

/// The owner's contact AddContact reuses instead of creating one: the same
/// data, the same extra fields and, when an auth code is asked for, that code.
pub(super) fn reusable(
    ctx: &Ctx<'_>,
    data: &ContactData,
    extensions: &IndexMap<String, String>,
    auth: Option<&str>,
) -> Option<String> {
    ctx.system
        .identical_contact(ctx.owner(), data, extensions, auth)
        .map(str::to_owned)
}

/// Shows every field of one of the caller's contact handles.
///
/// ```text
/// COMMAND = StatusContact
/// CONTACT = <handle>
/// ---
/// PROPERTY[AUTH|CITY|CLASS|COUNTRY|CREATEDBY|CREATEDDATE|DESCRIPTION|EMAIL|FAX|
///          FIRSTNAME|ID|LASTNAME|MIDDLENAME|NAME|ORGANIZATION|PEERUSER|PHONE|
///          REGISTRAR|STATE|STATUS|TITLE|TRANSFERDATE|UPDATEDBY|UPDATEDDATE|USER|ZIP][0]
/// PROPERTY[STREET][0..n]      one row per street line
/// PROPERTY[VATID|IDNUMBER|IDAUTHORITY][0]  when set; then DISCLOSE and X- fields as given
/// ```
pub(super) fn status_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("CONTACT")?;
    args.finish()?;
    let contact = ctx.system.owned_contact(ctx.owner(), id, "CONTACT")?;
    let data = &contact.data;
    let mut response = Response::ok();
    response
        .push("AUTH", &contact.auth)
        .push("CITY", &data.city)
        .push("CLASS", "CONTACT")
        .push("COUNTRY", &data.country)
        .push("CREATEDBY", &contact.created_by)
        .push("CREATEDDATE", contact.created.datetime())
        .push("DESCRIPTION", &contact.id)
        .push("EMAIL", &data.email)
        .push("FAX", &data.fax)
        .push("FIRSTNAME", &data.first_name)
        .push("ID", &contact.id);
    if !data.id_authority.is_empty() {
        response.push("IDAUTHORITY", &data.id_authority);
    }
    if !data.id_number.is_empty() {
        response.push("IDNUMBER", &data.id_number);
    }
    response
        .push("LASTNAME", &data.last_name)
        .push("MIDDLENAME", &data.middle_name)
        .push("NAME", data.full_name())
        .push("ORGANIZATION", &data.organization)
        .push("PEERUSER", "")
        .push("PHONE", &data.phone)
        .push("REGISTRAR", "SYSTEM")
        .push("STATE", &data.state)
        .push("STATUS", "ACTIVE");
    for line in &data.street {
        response.push("STREET", line);
    }
    response
        .push("TITLE", &data.title)
        .push("TRANSFERDATE", crate::registry::DateTime(None))
        .push("UPDATEDBY", &contact.updated_by)
        .push("UPDATEDDATE", contact.updated.datetime())
        .push("USER", &contact.owner);
    if !data.vat_id.is_empty() {
        response.push("VATID", &data.vat_id);
    }
    response.push("ZIP", &data.zip);
    for (name, value) in &contact.extensions {
        response.push(name.clone(), value);
    }
    Ok(response)
}

/// Changes the fields sent; the others stay. An empty value clears an
/// optional field; CITY, ZIP, COUNTRY, PHONE, EMAIL and STREET cannot be
/// cleared. The result is validated as a whole, as AddContact does.
///
/// ```text
/// COMMAND = ModifyContact
/// CONTACT = <handle>
/// <any AddContact field but CONTACT and NEW> = <value or empty>
/// AUTH    = <text>          (empty: a new random code)
/// DELETE<n> = <optional field name>  (clears it, as sending it empty does)
/// ```
pub(super) fn modify_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("CONTACT")?;
    let auth = args.present("AUTH").then(|| args.optional("AUTH"));
    let mut sent = Sent::read(args, "");
    for (index, name) in args.list("DELETE") {
        sent.delete(&format!("DELETE{index}"), name)?;
    }
    let extensions = read_extensions(args)?;
    args.finish()?;
    change_contact(ctx, id, auth, sent, extensions)?;
    Ok(Response::ok())
}

/// ModifyContact after reading: checks the caller's handle `id` and the
/// change as a whole, then writes it. `auth`: `None` keeps the code,
/// `Some(None)` draws a new one. Extra fields sent empty are removed.
pub(super) fn change_contact(
    ctx: &mut Ctx<'_>,
    id: &str,
    auth: Option<Option<&str>>,
    sent: Sent,
    extensions: Vec<(String, String)>,
) -> Result<()> {
    let (data, auth) = checked_change(ctx, id, auth, sent)?;
    let old = ctx
        .system
        .contact(id)
        .map(|contact| contact.data.email.to_lowercase());
    let new_address = old.is_some_and(|old| old != data.email.to_lowercase());
    let (actor, now) = (ctx.actor(), ctx.now);
    ctx.system.modify_contact(id, |contact| {
        // A change that no longer names a holder unmarks CNR's validation.
        contact.validated &= data.names_a_holder();
        contact.data = data;
        contact.auth = auth;
        for (name, value) in extensions {
            if value.is_empty() {
                contact.extensions.shift_remove(&name);
            } else {
                contact.extensions.insert(name, value);
            }
        }
        contact.updated = now;
        contact.updated_by = actor;
    });
    if new_address {
        super::domain::ask_for_new_address(ctx, id);
    }
    Ok(())
}

/// The checks of [`change_contact`], changing nothing: the contact's data
/// and auth code as they would be after the change.
pub(super) fn checked_change(
    ctx: &mut Ctx<'_>,
    id: &str,
    auth: Option<Option<&str>>,
    sent: Sent,
) -> Result<(ContactData, String)> {
    let contact = ctx.system.owned_contact(ctx.owner(), id, "CONTACT")?;
    let (mut data, old_auth) = (contact.data.clone(), contact.auth.clone());
    if let Some(name) = sent.cleared_required() {
        return Err(Error::invalid(
            name,
            "is required and cannot be cleared (send a new value or leave it out)",
        ));
    }
    if let Some(Some(auth)) = auth {
        check_auth(auth)?;
    }
    sent.apply(&mut data);
    data.validate("")?;
    super::domain::check_contact_change(ctx.system, ctx.owner(), id, &data)?;
    let auth = match auth {
        None => old_auth,
        Some(Some(auth)) => auth.to_owned(),
        Some(None) => ctx.system.random_code(12),
    };
    Ok((data, auth))
}

/// Deletes one of the caller's contact handles that no domain uses: `506`
/// while a domain names it, an open backorder does (it registers its name
/// with it), or a deleted domain still restorable does (a restore needs
/// its contacts; once the clock purges it the handle is free).
///
/// ```text
/// COMMAND = DeleteContact
/// CONTACT = <handle>
/// ```
pub(super) fn delete_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("CONTACT")?;
    args.finish()?;
    ctx.system.owned_contact(ctx.owner(), id, "CONTACT")?;
    if let Some(why) = in_use(ctx, id) {
        return Err(Error::ObjectInUse(why));
    }
    ctx.system.remove_contact(id);
    Ok(Response::ok())
}

/// Why the contact `id` cannot be deleted, if something uses it: the roles
/// of live domains, else a pending transfer or trade that puts it on its
/// domain, else open backorders (REQUESTED or AUCTION-PENDING), else the
/// deleted domains still restorable at `ctx.now` (the one restorable
/// longest named). Both dialects' DeleteContact.
pub(super) fn in_use(ctx: &Ctx<'_>, id: &str) -> Option<String> {
    let usage = ctx.system.contact_usage(id);
    if usage > 0 {
        return Some(format!(
            "CONTACT: {id} is a contact of {usage} domain role(s); replace it there first (ModifyDomain)"
        ));
    }
    // Deleted, the handle would be free for another account's AddContact
    // CONTACT=<id> while the domain completes with it.
    let pending = [
        ("transfer", ctx.system.transfer_naming_contact(id)),
        ("trade", ctx.system.trade_naming_contact(id)),
    ];
    if let Some((what, domain)) = pending.into_iter().find_map(|(what, d)| Some((what, d?))) {
        return Some(format!(
            "CONTACT: {id} is a contact the pending {what} of {domain} will set; wait for it or cancel it first"
        ));
    }
    if let Some((count, first, name)) = ctx.system.open_backorders_with_contact(id) {
        let what = match count {
            1 => format!("the open backorder {first} of {name}"),
            _ => format!("{count} open backorders (the first, {first}, of {name})"),
        };
        return Some(format!(
            "CONTACT: {id} is a contact of {what}; a backorder registers its name with its contacts when the name drops, so withdraw it first (DeleteDomainApplication)"
        ));
    }
    let (count, last) = ctx.system.restorable_with_contact(id, ctx.now)?;
    let (name, until) = (&last.domain.name, last.restorable_until.datetime());
    let what = match count {
        1 => format!("the deleted domain {name}, restorable until {until}"),
        _ => format!("{count} deleted domains still restorable (the last, {name}, until {until})"),
    };
    Some(format!(
        "CONTACT: {id} is a contact of {what}; a restore needs its contacts, so it can be deleted after that"
    ))
}
