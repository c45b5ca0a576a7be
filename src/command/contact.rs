//! Contact handles: AddContact, StatusContact, ModifyContact, DeleteContact
//! (QueryContactList is in `contact_list.rs`), and how domain commands name
//! their contacts: a handle (`OWNERCONTACT0=P-JDO1000001`) or inline fields
//! (`OWNERCONTACT0FIRSTNAME=...`, what WHMCS sends), which become a handle.
//! One function per wire command; contact data rules live in `registry::contact`.
//! Must not touch domains: "in use" comes from `System::contact_usage`.

use indexmap::IndexMap;

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

/// The contact fields one request sent: `None` = not sent, `Some("")` = sent
/// empty (ModifyContact: clear it). Values are trimmed.
#[derive(Default)]
struct Sent {
    fields: Vec<(&'static str, Option<String>)>,
    name: Option<String>,
    /// STREET and STREET0..n together, when any was sent (non-empty lines).
    street: Option<Vec<String>>,
}

/// The single-valued fields in the order StatusContact shows them.
const FIELDS: &[&str] = &[
    "TITLE",
    "FIRSTNAME",
    "MIDDLENAME",
    "LASTNAME",
    "ORGANIZATION",
    "CITY",
    "STATE",
    "ZIP",
    "COUNTRY",
    "PHONE",
    "FAX",
    "EMAIL",
    "VATID",
    "IDNUMBER",
    "IDAUTHORITY",
];

/// Fields a contact cannot be without (ModifyContact refuses to clear them).
const REQUIRED: &[&str] = &["CITY", "ZIP", "COUNTRY", "PHONE", "EMAIL"];

fn slot<'d>(data: &'d mut ContactData, name: &str) -> Option<&'d mut String> {
    Some(match name {
        "TITLE" => &mut data.title,
        "FIRSTNAME" => &mut data.first_name,
        "MIDDLENAME" => &mut data.middle_name,
        "LASTNAME" => &mut data.last_name,
        "ORGANIZATION" => &mut data.organization,
        "CITY" => &mut data.city,
        "STATE" => &mut data.state,
        "ZIP" => &mut data.zip,
        "COUNTRY" => &mut data.country,
        "PHONE" => &mut data.phone,
        "FAX" => &mut data.fax,
        "EMAIL" => &mut data.email,
        "VATID" => &mut data.vat_id,
        "IDNUMBER" => &mut data.id_number,
        "IDAUTHORITY" => &mut data.id_authority,
        _ => return None,
    })
}

impl Sent {
    fn read(args: &mut Args<'_>, prefix: &str) -> Sent {
        let value = |args: &mut Args<'_>, name: &str| {
            let key = format!("{prefix}{name}");
            args.present(&key)
                .then(|| args.optional(&key).unwrap_or_default().trim().to_owned())
        };
        let fields = FIELDS
            .iter()
            .map(|name| (*name, value(args, name)))
            .collect();
        let name = value(args, "NAME");
        let single = value(args, "STREET");
        let lines = args.list(&format!("{prefix}STREET"));
        let street = (single.is_some() || !lines.is_empty()).then(|| {
            single
                .iter()
                .map(String::as_str)
                .chain(lines.iter().map(|(_, line)| *line))
                .map(|line| line.trim().to_owned())
                .filter(|line| !line.is_empty())
                .collect()
        });
        Sent {
            fields,
            name,
            street,
        }
    }

    fn any(&self) -> bool {
        self.name.is_some()
            || self.street.is_some()
            || self.fields.iter().any(|(_, value)| value.is_some())
    }

    /// The first required field sent empty, for ModifyContact's refusal.
    fn cleared_required(&self) -> Option<&'static str> {
        if self.street.as_ref().is_some_and(Vec::is_empty) {
            return Some("STREET");
        }
        self.fields
            .iter()
            .find(|(name, value)| REQUIRED.contains(name) && value.as_deref() == Some(""))
            .map(|(name, _)| *name)
    }

    /// Writes what was sent over `data`. NAME fills FIRSTNAME/LASTNAME (split
    /// at the first space) when neither of those was sent with a value.
    fn apply(self, data: &mut ContactData) {
        let named = |wanted: &str| {
            self.fields.iter().any(|(name, value)| {
                *name == wanted && value.as_ref().is_some_and(|v| !v.is_empty())
            })
        };
        let split_name = !named("FIRSTNAME") && !named("LASTNAME");
        for (name, value) in self.fields {
            if let (Some(value), Some(slot)) = (value, slot(data, name)) {
                *slot = value;
            }
        }
        if let Some(name) = self.name.filter(|name| split_name && !name.is_empty()) {
            let (first, last) = name.split_once(' ').unwrap_or((&name, ""));
            data.first_name = first.to_owned();
            data.last_name = last.trim().to_owned();
        }
        if let Some(street) = self.street {
            data.street = street;
        }
    }
}

/// Reads the contact data fields `<prefix><FIELD>` (prefix empty for
/// AddContact, `OWNERCONTACT0` inline); `None` when no field was sent.
pub(super) fn read_data(args: &mut Args<'_>, prefix: &str) -> Result<Option<ContactData>> {
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
    if let Some(id) = ctx.system.identical_contact(ctx.owner(), &data) {
        return id.to_owned();
    }
    let id = ctx.system.new_contact_id(&data);
    create(ctx, id.clone(), data, None, IndexMap::new());
    id
}

fn create(
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
    });
}

/// DISCLOSE, DISCLOSE-ELEMENTS and the `X-` fields, checked; empty values
/// kept (ModifyContact removes those). Read last: takes every unread `X-`.
fn read_extensions(args: &mut Args<'_>) -> Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    if args.present("DISCLOSE") {
        let value = args
            .flag("DISCLOSE")?
            .map_or("", |on| if on { "1" } else { "0" });
        found.push(("DISCLOSE".to_owned(), value.to_owned()));
    }
    if args.present("DISCLOSE-ELEMENTS") {
        let value = args.optional("DISCLOSE-ELEMENTS").unwrap_or_default();
        let elements = ["NAME", "ORG", "ADDR", "VOICE", "FAX", "EMAIL"];
        if let Some(bad) = value.split_whitespace().find(|e| !elements.contains(e)) {
            return Err(Error::syntax_rule(
                "DISCLOSE-ELEMENTS",
                value,
                format_args!("has {bad}; allowed are {}", elements.join(" ")),
            ));
        }
        found.push(("DISCLOSE-ELEMENTS".to_owned(), value.to_owned()));
    }
    for (name, value) in args.unread_with_prefix("X-") {
        found.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok(found)
}

/// A handle as AddContact accepts it: 3..64 letters, digits, `-`, `_`, `.`.
fn check_handle(handle: &str) -> Result<()> {
    let ok = (3..=64).contains(&handle.len())
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::syntax_rule(
            "CONTACT",
            handle,
            "must be 3 to 64 letters, digits, '-', '_' or '.'",
        ))
    }
}

/// An auth code: 1..64 characters without spaces.
fn check_auth(auth: &str) -> Result<()> {
    if auth.len() <= 64 && !auth.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Ok(())
    } else {
        Err(Error::syntax_rule(
            "AUTH",
            auth,
            "must be at most 64 characters without spaces",
        ))
    }
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
                .then(|| {
                    ctx.system.contacts_of(ctx.owner()).find(|contact| {
                        contact.data == data
                            && contact.extensions == extensions
                            && auth.is_none_or(|auth| contact.auth == auth)
                    })
                })
                .flatten();
            match identical {
                Some(contact) => (contact.id.clone(), false),
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
/// ```
pub(super) fn modify_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("CONTACT")?;
    let auth = args.present("AUTH").then(|| args.optional("AUTH"));
    let sent = Sent::read(args, "");
    let extensions = read_extensions(args)?;
    args.finish()?;
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
    let auth = match auth {
        None => old_auth,
        Some(Some(auth)) => auth.to_owned(),
        Some(None) => ctx.system.random_code(12),
    };
    let (actor, now) = (ctx.actor(), ctx.now);
    if let Some(contact) = ctx.system.contact_mut(id) {
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
    }
    Ok(Response::ok())
}

/// Deletes one of the caller's contact handles that no domain uses.
///
/// ```text
/// COMMAND = DeleteContact
/// CONTACT = <handle>
/// ```
pub(super) fn delete_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("CONTACT")?;
    args.finish()?;
    ctx.system.owned_contact(ctx.owner(), id, "CONTACT")?;
    let usage = ctx.system.contact_usage(id);
    if usage > 0 {
        return Err(Error::ObjectInUse(format!(
            "CONTACT: {id} is a contact of {usage} domain role(s); replace it there first (ModifyDomain)"
        )));
    }
    ctx.system.remove_contact(id);
    Ok(Response::ok())
}
