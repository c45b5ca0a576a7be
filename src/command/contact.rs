//! Contact handles, and how domain commands name their contacts: a handle
//! (`OWNERCONTACT0=P-JDO1000001`) or inline fields
//! (`OWNERCONTACT0FIRSTNAME=...`, what WHMCS sends), which become a handle.
//! One function per wire command; contact data rules live in `registry::contact`.

use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Contact, ContactData};

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
    let mut any = false;
    let mut field = |args: &mut Args<'_>, name: &str| {
        let key = format!("{prefix}{name}");
        any |= args.present(&key);
        args.optional(&key).unwrap_or_default().trim().to_owned()
    };
    let mut data = ContactData {
        title: field(args, "TITLE"),
        first_name: field(args, "FIRSTNAME"),
        middle_name: field(args, "MIDDLENAME"),
        last_name: field(args, "LASTNAME"),
        organization: field(args, "ORGANIZATION"),
        street: Vec::new(),
        city: field(args, "CITY"),
        state: field(args, "STATE"),
        zip: field(args, "ZIP"),
        country: field(args, "COUNTRY"),
        phone: field(args, "PHONE"),
        fax: field(args, "FAX"),
        email: field(args, "EMAIL"),
        vat_id: field(args, "VATID"),
        id_number: field(args, "IDNUMBER"),
        id_authority: field(args, "IDAUTHORITY"),
    };
    let name = field(args, "NAME");
    if data.first_name.is_empty() && data.last_name.is_empty() && !name.is_empty() {
        let (first, last) = name.split_once(' ').unwrap_or((&name, ""));
        data.first_name = first.to_owned();
        data.last_name = last.trim().to_owned();
    }
    let street = field(args, "STREET");
    let key = format!("{prefix}STREET");
    let lines = args.list(&key);
    any |= !lines.is_empty();
    data.street = std::iter::once(street.as_str())
        .chain(lines.iter().map(|(_, line)| *line))
        .map(|line| line.trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect();
    if !any {
        return Ok(None);
    }
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
    if let Some(data) = read_data(args, &key)? {
        return Ok(Some(ContactSpec::Inline(Box::new(data))));
    }
    let Some(handle) = args.optional(&key) else {
        return Ok(None);
    };
    match ctx.system.contact(handle) {
        Some(contact) if contact.owner == ctx.owner() => {
            Ok(Some(ContactSpec::Handle(contact.id.clone())))
        }
        Some(_) => Err(Error::AuthorizationFailed(format!(
            "{key}: contact {handle} is not held by {}",
            ctx.owner()
        ))),
        None => Err(Error::ObjectNotFound(format!("{key}: contact {handle}"))),
    }
}

/// Turns a validated spec into a handle: inline data becomes the owner's
/// identical contact or a new one. Cannot fail; call it after every check.
pub(super) fn commit_contact(ctx: &mut Ctx<'_>, spec: ContactSpec) -> String {
    let data = match spec {
        ContactSpec::Handle(handle) => return handle,
        ContactSpec::Inline(data) => *data,
    };
    if let Some(id) = ctx.system.identical_contact(ctx.owner(), &data) {
        return id.to_owned();
    }
    let id = ctx.system.new_contact_id(&data);
    let auth = ctx.system.random_code(12);
    let actor = ctx.actor();
    ctx.system.insert_contact(Contact {
        id: id.clone(),
        owner: ctx.owner().to_owned(),
        data,
        auth,
        created: ctx.now,
        created_by: actor.clone(),
        updated: ctx.now,
        updated_by: actor,
    });
    id
}
