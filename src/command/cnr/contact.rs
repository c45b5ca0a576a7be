//! The CentralNic Reseller contact commands, AddContact, StatusContact,
//! ModifyContact, DeleteContact and CheckContacts (cnr-commands.md §12–§16):
//! the CNR parameter lists and property names over the same contact core as
//! HEXONET's (`command::contact`, `contact_fields`, `registry::contact`:
//! validation, phone rules, reuse of identical data). Must not touch domains
//! ("in use" is HEXONET's `contact::in_use`) nor change HEXONET's answers.

use indexmap::IndexMap;

use super::super::contact::{change_contact, checked_change, create, in_use, reusable};
use super::super::contact_fields::{Sent, check_handle};
use super::super::{Args, Ctx};
use super::contact_list::{bit, validated, verification};
use super::{columns, rows};
use crate::error::{Error, Result};
use crate::registry::{Contact, ContactData, System};
use crate::wire::Response;

/// Street lines the platform takes: `STREET0`..`STREET2` (and `STREET`).
const MAX_STREET: usize = 2;
/// Status lists of ModifyContact: `STATUS0`..`STATUS4` and the ADD/DEL forms.
const MAX_STATUS: usize = 4;

/// The `X-VERIFICATION-…#` stems of AddContact and ModifyContact: externally
/// performed verifications, accepted and not kept (otebox verifies nothing).
const VERIFICATION: &[&str] = &[
    "X-VERIFICATION-DATA",
    "X-VERIFICATION-TRUSTFRAMEWORK",
    "X-VERIFICATION-METHOD",
    "X-VERIFICATION-REFERENCE",
    "X-VERIFICATION-EVIDENCE",
    "X-VERIFICATION-TIMESTAMP",
    "X-VERIFICATION-RESULT",
];

const AVAILABLE: &str = "214 Contact available";
const NOT_AVAILABLE: &str = "215 Contact not available";
const INVALID: &str = "541 Invalid attribute value";

/// `STEM0`..`STEM<max>`; a higher index is a parameter the platform does
/// not know (`503 Invalid attribute name; STREET3`).
fn indexed(args: &mut Args<'_>, stem: &str, max: usize) -> Result<()> {
    match args.list(stem).into_iter().find(|(index, _)| *index > max) {
        Some((index, _)) => Err(Error::UnknownParameter(format!("{stem}{index}"))),
        None => Ok(()),
    }
}

/// The contact fields both writing commands take, read without judging
/// them (a 503 comes before any 504, as recorded): the data, the street
/// lines, and the options whose value is checked later with [`flag`].
struct Fields<'a> {
    sent: Sent,
    flags: Vec<(&'static str, &'a str)>,
}

fn read_fields<'a>(args: &mut Args<'a>, options: &[&'static str]) -> Result<Fields<'a>> {
    indexed(args, "STREET", MAX_STREET)?;
    let sent = Sent::read_cnr(args);
    let flags = options
        .iter()
        .filter_map(|name| args.optional(name).map(|value| (*name, value)))
        .collect();
    for stem in VERIFICATION {
        args.list(stem);
    }
    Ok(Fields { sent, flags })
}

impl Fields<'_> {
    /// Every option sent must be `0` or `1`; the value of `name`, if sent.
    fn flag(&self, name: &str) -> Result<Option<bool>> {
        if let Some((bad, value)) = self
            .flags
            .iter()
            .find(|(_, value)| !matches!(*value, "0" | "1"))
        {
            return Err(Error::syntax_rule(bad, value, "must be 0 or 1"));
        }
        Ok(self
            .flags
            .iter()
            .find(|(flag, _)| *flag == name)
            .map(|(_, value)| *value == "1"))
    }
}

/// The name rule in CNR words (no NAME parameter here): a person or an
/// organisation must be named before the rest is validated.
fn check_named(data: &ContactData) -> Result<()> {
    if data.first_name.is_empty() && data.last_name.is_empty() && data.organization.is_empty() {
        return Err(Error::missing("FIRSTNAME (or ORGANIZATION)"));
    }
    Ok(())
}

/// KB `VALIDATION=1`: "explicit validation if all required fields are set:
/// (FIRSTNAME LASTNAME or ORGANIZATION) STREET0 CITY ZIP COUNTRY PHONE
/// EMAIL". The others are required anyway; the name rule is stricter than
/// [`check_named`] (a first name alone is not enough).
fn check_validation(data: &ContactData) -> Result<()> {
    if data.names_a_holder() {
        return Ok(());
    }
    Err(Error::missing(if data.first_name.is_empty() {
        "FIRSTNAME (or ORGANIZATION)"
    } else {
        "LASTNAME (or ORGANIZATION)"
    }))
}

/// The verification state otebox reports: `validated` after `VALIDATION=1`;
/// `verified` once the account's registrant verification of the contact's
/// address was approved, `verification requested` once one was asked for
/// (a gTLD registration naming it, or `PREVERIFY=1`; `registry/verification.rs`).
fn push_verification(response: &mut Response, system: &System, contact: &Contact) {
    let (asked, verified) = verification(system, contact);
    response
        .push_str("validated", validated(contact))
        .push_str("verified", bit(verified))
        .push_str("verification requested", bit(asked));
}

/// `PREVERIFY=1`: asks for the verification of the contact's address now
/// (its mail goes to the outbox), unless the account verified it already.
fn preverify(ctx: &mut Ctx<'_>, id: &str) {
    let Some(contact) = ctx.system.contact(id) else {
        return;
    };
    let (owner, email, person) = (
        contact.owner.clone(),
        contact.data.email.clone(),
        contact.data.person(),
    );
    ctx.system
        .ask_verification(&owner, None, (&email, &person), ctx.now);
}

/// Creates a contact handle, or returns the caller's identical one (unless
/// `NEW=1`). `CHECKONLY=1` validates and creates nothing (an empty 200).
/// The fields are always validated in full; `VALIDATION=1` also wants a
/// first and last name or an organisation ([`check_validation`]) and marks
/// the handle `validated`. `AUTODELETE` (default `0`) is kept for
/// StatusContact; a reused handle takes the AUTODELETE and VALIDATION sent
/// (an update of it when they change it).
///
/// ```text
/// COMMAND      = AddContact
/// FIRSTNAME, LASTNAME = <text>        (or ORGANIZATION)
/// MIDDLENAME, TITLE, ORGANIZATION, STATE, FAX = <text> (optional)
/// STREET0..STREET2 = <text>           (or STREET; STREET0 required)
/// CITY, ZIP    = <text>
/// COUNTRY      = <ISO 3166-1 alpha-2>
/// PHONE        = <+CC.NUMBER>         (the HEXONET phone rules)
/// EMAIL        = <e-mail>
/// NEW, PREVERIFY, AUTODELETE, VALIDATION, CHECKONLY = 0|1 (optional)
/// X-VERIFICATION-DATA#, -TRUSTFRAMEWORK#, -METHOD#, -REFERENCE#,
///   -EVIDENCE#, -TIMESTAMP#, -RESULT# = <text> (accepted, not kept)
/// ---
/// property[auth][0]         property[contact][0]  property[created date][0]
/// property[roid][0]         property[validated][0]    property[verified][0]
/// ```
pub(super) fn add_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let fields = read_fields(
        args,
        &["NEW", "PREVERIFY", "AUTODELETE", "VALIDATION", "CHECKONLY"],
    )?;
    args.finish()?;
    let always_new = fields.flag("NEW")?.unwrap_or(false);
    let verify_now = fields.flag("PREVERIFY")?.unwrap_or(false);
    let check_only = fields.flag("CHECKONLY")?.unwrap_or(false);
    let auto_delete = fields.flag("AUTODELETE")?;
    let validation = fields.flag("VALIDATION")?.unwrap_or(false);
    let mut data = ContactData::default();
    fields.sent.apply(&mut data);
    check_named(&data)?;
    data.validate("")?;
    if validation {
        check_validation(&data)?;
    }
    if check_only {
        return Ok(Response::ok());
    }
    let none = IndexMap::new();
    let reused = (!always_new)
        .then(|| reusable(ctx, &data, &none, None))
        .flatten();
    let id = match reused {
        Some(id) => id,
        None => {
            let id = ctx.system.new_contact_id(&data);
            create(ctx, id.clone(), data, None, none);
            id
        }
    };
    let (now, actor) = (ctx.now, ctx.actor());
    ctx.system.modify_contact(&id, |contact| {
        let auto_delete = auto_delete.unwrap_or(contact.auto_delete);
        if (contact.auto_delete, contact.validated) != (auto_delete, contact.validated | validation)
        {
            // A reused handle whose flags change is updated (UPDATEDDATE).
            (contact.updated, contact.updated_by) = (now, actor);
        }
        contact.auto_delete = auto_delete;
        contact.validated |= validation;
    });
    if verify_now {
        preverify(ctx, &id);
    }
    let contact = ctx.system.owned_contact(ctx.owner(), &id, "CONTACT")?;
    let (_, verified) = verification(ctx.system, contact);
    Ok(Response::ok()
        .with("auth", &contact.auth)
        .with("contact", &contact.id)
        .with("created date", contact.created.datetime())
        .with("roid", contact.roid())
        .with("validated", validated(contact))
        .with("verified", bit(verified)))
}

/// Shows one of the caller's contact handles, in the LIVE order with the
/// KB fields placed among them (cnr-design.md §3). `auto delete` is the
/// AUTODELETE last sent (`0` if none; otebox deletes no unused handle by
/// itself either way), `validated` `1` after `VALIDATION=1`.
///
/// ```text
/// COMMAND = StatusContact
/// CONTACT = <handle>
/// AUTH    = <auth code>     (optional, not needed by the holder)
/// ---
/// property[created by]  property[created date]  property[updated by]
/// property[updated date] property[contact]  property[roid]  property[title]
/// property[organization] property[first name] property[middle name]
/// property[last name]   property[street][0..2]  property[city]  property[state]
/// property[zip]  property[country]  property[phone]  property[fax]
/// property[email]  property[auto delete]  property[validated]
/// property[verified]  property[verification requested]
/// ```
pub(super) fn status_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.optional("CONTACT");
    args.optional("AUTH");
    args.finish()?;
    let id = id.ok_or(Error::MissingParameter("CONTACT".into()))?;
    let contact = ctx.system.owned_contact(ctx.owner(), id, "CONTACT")?;
    Ok(status(ctx.system, contact))
}

fn status(system: &System, contact: &Contact) -> Response {
    let data = &contact.data;
    let mut response = Response::with_room(24, 256);
    response
        .push_str("created by", &contact.created_by)
        .push("created date", contact.created.datetime())
        .push_str("updated by", &contact.updated_by)
        .push("updated date", contact.updated.datetime())
        .push_str("contact", &contact.id)
        .push("roid", contact.roid())
        .push_str("title", &data.title)
        .push_str("organization", &data.organization)
        .push_str("first name", &data.first_name)
        .push_str("middle name", &data.middle_name)
        .push_str("last name", &data.last_name);
    for line in &data.street {
        response.push_str("street", line);
    }
    response
        .push_str("city", &data.city)
        .push_str("state", &data.state)
        .push_str("zip", &data.zip)
        .push_str("country", &data.country)
        .push_str("phone", &data.phone)
        .push_str("fax", &data.fax)
        .push_str("email", &data.email)
        .push_str("auto delete", if contact.auto_delete { "1" } else { "0" });
    push_verification(&mut response, system, contact);
    response
}

/// Changes the fields sent; the others stay. As HEXONET's ModifyContact, an
/// empty value clears an optional field and CITY, ZIP, COUNTRY, PHONE, EMAIL
/// and the street cannot be cleared; an empty AUTH keeps the code. The
/// STATUS lists and PREVERIFY are accepted; otebox keeps no client
/// statuses. `AUTODELETE` is kept when sent. `VALIDATION=1` checks the data
/// as it would be ([`check_validation`], `504` changes nothing) and marks
/// the handle `validated`; a change that breaks that rule unmarks it.
/// `CHECKONLY=1` validates and changes nothing.
///
/// ```text
/// COMMAND = ModifyContact
/// CONTACT = <handle>
/// <any AddContact field but NEW> = <value or empty>
/// AUTH    = <auth code>                (optional)
/// STATUS0..4, ADDSTATUS0..4, DELSTATUS0..4 = <status> (accepted, not kept)
/// ---
/// property[validated][0]  property[verified][0]  property[verification requested][0]
/// ```
pub(super) fn modify_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.optional("CONTACT");
    let auth = args.optional("AUTH");
    for stem in ["STATUS", "ADDSTATUS", "DELSTATUS"] {
        indexed(args, stem, MAX_STATUS)?;
    }
    let fields = read_fields(
        args,
        &["AUTODELETE", "VALIDATION", "CHECKONLY", "PREVERIFY"],
    )?;
    args.finish()?;
    let id = id.ok_or(Error::MissingParameter("CONTACT".into()))?;
    let check_only = fields.flag("CHECKONLY")?.unwrap_or(false);
    let auto_delete = fields.flag("AUTODELETE")?;
    let validation = fields.flag("VALIDATION")?.unwrap_or(false);
    let verify_now = fields.flag("PREVERIFY")?.unwrap_or(false);
    // The data as it would be: CHECKONLY's answer, and what VALIDATION=1
    // holds to the KB's rule before anything is written.
    if check_only || validation {
        let (data, _) = checked_change(ctx, id, auth.map(Some), fields.sent.clone())?;
        if validation {
            check_validation(&data)?;
        }
    }
    if !check_only {
        // change_contact unmarks a handle the change leaves without a holder.
        change_contact(ctx, id, auth.map(Some), fields.sent, Vec::new())?;
        ctx.system.modify_contact(id, |contact| {
            contact.auto_delete = auto_delete.unwrap_or(contact.auto_delete);
            contact.validated |= validation;
        });
    }
    if !check_only && verify_now {
        preverify(ctx, id);
    }
    let contact = ctx.system.owned_contact(ctx.owner(), id, "CONTACT")?;
    let mut response = Response::ok();
    push_verification(&mut response, ctx.system, contact);
    Ok(response)
}

/// Deletes one of the caller's handles that no domain uses.
///
/// ```text
/// COMMAND = DeleteContact
/// CONTACT = <handle>
/// ---
/// (code only; 561 Resource still in use while a domain names it, or a
/// deleted domain that is still restorable)
/// ```
pub(super) fn delete_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.optional("CONTACT");
    args.finish()?;
    let id = id.ok_or(Error::MissingParameter("CONTACT".into()))?;
    ctx.system.owned_contact(ctx.owner(), id, "CONTACT")?;
    if let Some(why) = in_use(ctx, id) {
        return Err(Error::ResourceInUse(why));
    }
    ctx.system.remove_contact(id);
    Ok(Response::ok())
}

/// Whether handles exist, whoever holds them: `214 Contact available` when
/// the handle does not exist, `215 Contact not available` when it does; a
/// handle no contact could have reads `541 Invalid attribute value`.
///
/// ```text
/// COMMAND = CheckContacts
/// CONTACT0..n = <handle>
/// ---
/// property[column][0] = contactcheck
/// property[contactcheck][i] = 214 Contact available | 215 Contact not available
/// ```
pub(super) fn check_contacts(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let handles = args.list("CONTACT");
    args.finish()?;
    let rows = rows("CONTACT", handles)?;
    let mut response = Response::with_room(1 + rows.len(), 16 + 32 * rows.len());
    columns(&mut response, &["contactcheck"]);
    for handle in rows {
        let text = if check_handle(handle).is_err() {
            INVALID
        } else if ctx.system.contact(handle).is_some() {
            NOT_AVAILABLE
        } else {
            AVAILABLE
        };
        response.push_str("contactcheck", text);
    }
    Ok(response)
}

/// Whether one handle is free, as the top-level code (cnr-commands.md §16).
///
/// ```text
/// COMMAND = CheckContact
/// CONTACT = <handle>
/// ---
/// 214 Contact available (no such handle) | 215 Contact not available
/// (541 for a malformed handle)
/// ```
pub(super) fn check_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let handle = args.required("CONTACT")?;
    args.finish()?;
    check_handle(handle)?;
    Ok(match ctx.system.contact(handle) {
        Some(_) => Response::status(215, "Contact not available"),
        None => Response::status(214, "Contact available"),
    })
}
