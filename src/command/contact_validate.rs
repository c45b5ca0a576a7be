//! ValidateContact: the .AU registry's identity validation of a private
//! registrant, for an existing handle of the caller or for inline contact
//! data checked as AddContact checks it (`contact::read_data`,
//! `ContactData::validate`). Reads only: must not store a contact or
//! change one (inline data names the caller's identical handle if there is
//! one, and nothing is made otherwise).

use super::contact::{read_data, reusable};
use super::contact_fields::{check_auth, read_extensions};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{ContactData, days_in_month};
use crate::wire::Response;

/// The registries ValidateContact knows (the reference: "currently only AU").
const REGISTRIES: &[&str] = &["AU"];

/// Validates a contact for the .AU registry: its data as AddContact would
/// take it, a registrant in Australia, and the identity document the
/// `X-AU-OWNER-*` fields describe. Nothing is stored.
///
/// ```text
/// COMMAND   = ValidateContact
/// REGISTRY  = AU
/// CONTACT   = <handle>            (or the AddContact fields inline, not both)
/// X-AU-OWNER-ACCEPT-VALIDATION-TERMS = 1
/// X-AU-OWNER-IDTYPE   = 1 | 2 | 3 | 4 | 5 | 6
/// X-AU-OWNER-DOB      = YYYY-MM-DD (before today)
/// X-AU-OWNER-IDNUMBER = <text>    (IDTYPE 1..5)
/// X-AU-OWNER-IDDATE   = YYYY-MM-DD (IDTYPE 1, 2)
/// X-AU-OWNER-IDISSUER = <text>    (IDTYPE 3, 6)
/// X-AU-OWNER-CARDNUMBER = <text>  (IDTYPE 3 issued by ACT, NSW, NT, SA, TAS or WA)
/// AUTH, NEW, DISCLOSE, DISCLOSE-ELEMENTS, X-... = as AddContact (accepted)
/// ---
/// PROPERTY[CONTACT][0]              the handle (inline data: the caller's identical one, if any)
/// PROPERTY[X-AU-VALIDATED][0]       = 1
/// PROPERTY[X-AU-VALIDATED-UNTIL][0] = one year from now
/// ```
pub(super) fn validate_contact(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let registry = args.required("REGISTRY")?;
    let handle = args.optional("CONTACT");
    let accepted = args.flag("X-AU-OWNER-ACCEPT-VALIDATION-TERMS")?;
    let document = Document::read(args);
    let auth = args.optional("AUTH");
    args.flag("NEW")?;
    let inline = read_data(args, "")?;
    read_extensions(args)?;
    args.finish()?;
    if !REGISTRIES.iter().any(|r| r.eq_ignore_ascii_case(registry)) {
        return Err(Error::invalid(
            "REGISTRY",
            format_args!("({registry}) is not a registry that validates contacts; AU is"),
        ));
    }
    if let Some(auth) = auth {
        check_auth(auth)?;
    }
    let (data, id) = match (inline, handle) {
        (Some(_), Some(handle)) => {
            return Err(Error::invalid(
                "CONTACT",
                format_args!("give the handle ({handle}) or inline contact data, not both"),
            ));
        }
        (Some(data), None) => {
            let id = reusable(ctx, &data, &Default::default(), None);
            (data, id)
        }
        (None, Some(handle)) => {
            let contact = ctx.system.owned_contact(ctx.owner(), handle, "CONTACT")?;
            (contact.data.clone(), Some(contact.id.clone()))
        }
        (None, None) => {
            // Nothing sent: name the first missing field, as AddContact does.
            ContactData::default().validate("")?;
            return Err(Error::missing("CONTACT"));
        }
    };
    if !data.country.eq_ignore_ascii_case("AU") {
        return Err(Error::invalid(
            "COUNTRY",
            format_args!(
                "({}) the .AU validation is for a private registrant resident in Australia (AU)",
                data.country
            ),
        ));
    }
    if accepted != Some(true) {
        return Err(Error::missing("X-AU-OWNER-ACCEPT-VALIDATION-TERMS"));
    }
    document.check(&ctx.now.datetime().to_string()[..10])?;
    let mut response = Response::ok();
    if let Some(id) = id {
        response.push("CONTACT", id);
    }
    response
        .push_str("X-AU-VALIDATED", "1")
        .push("X-AU-VALIDATED-UNTIL", ctx.now.plus_months(12).datetime());
    Ok(response)
}

/// The identity document of the `X-AU-OWNER-*` fields (empty = not sent).
struct Document<'a> {
    kind: &'a str,
    birth: &'a str,
    number: &'a str,
    date: &'a str,
    issuer: &'a str,
    card: &'a str,
}

impl<'a> Document<'a> {
    fn read(args: &mut Args<'a>) -> Document<'a> {
        let mut field = |name: &str| args.optional(name).unwrap_or_default().trim();
        Document {
            kind: field("X-AU-OWNER-IDTYPE"),
            birth: field("X-AU-OWNER-DOB"),
            number: field("X-AU-OWNER-IDNUMBER"),
            date: field("X-AU-OWNER-IDDATE"),
            issuer: field("X-AU-OWNER-IDISSUER"),
            card: field("X-AU-OWNER-CARDNUMBER"),
        }
    }

    /// The reference's rules: which fields each IDTYPE needs; dates as
    /// `YYYY-MM-DD`, the birth date before `today`.
    fn check(&self, today: &str) -> Result<()> {
        if self.kind.is_empty() {
            return Err(Error::missing("X-AU-OWNER-IDTYPE"));
        }
        let Ok(kind @ 1..=6) = self.kind.parse::<u8>() else {
            return Err(Error::invalid(
                "X-AU-OWNER-IDTYPE",
                format_args!("({}) is not one of 1, 2, 3, 4, 5, 6", self.kind),
            ));
        };
        if self.birth.is_empty() {
            return Err(Error::missing("X-AU-OWNER-DOB"));
        }
        check_date("X-AU-OWNER-DOB", self.birth)?;
        if self.birth >= today {
            return Err(Error::invalid(
                "X-AU-OWNER-DOB",
                format_args!("({}) is not before today ({today})", self.birth),
            ));
        }
        let needs = [
            ("X-AU-OWNER-IDNUMBER", self.number, kind <= 5),
            ("X-AU-OWNER-IDDATE", self.date, kind <= 2),
            ("X-AU-OWNER-IDISSUER", self.issuer, kind == 3 || kind == 6),
        ];
        if let Some((name, ..)) = needs
            .iter()
            .find(|(_, value, needed)| *needed && value.is_empty())
        {
            return Err(Error::missing(format!("{name} (X-AU-OWNER-IDTYPE {kind})")));
        }
        if !self.date.is_empty() {
            check_date("X-AU-OWNER-IDDATE", self.date)?;
        }
        let states = ["ACT", "NSW", "NT", "SA", "TAS", "WA"];
        let card_state = states.iter().any(|s| s.eq_ignore_ascii_case(self.issuer));
        if kind == 3 && card_state && self.card.is_empty() {
            return Err(Error::missing(format!(
                "X-AU-OWNER-CARDNUMBER (a licence issued by {})",
                self.issuer
            )));
        }
        Ok(())
    }
}

/// `505` unless `value` is a calendar date written `YYYY-MM-DD`.
fn check_date(name: &str, value: &str) -> Result<()> {
    let bytes = value.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    let number = |range| value.get(range).and_then(|n: &str| n.parse::<u32>().ok());
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let calendar = match (year, month, day) {
        (Some(year), Some(month @ 1..=12), Some(day)) => {
            // Four digits: the year fits an i32.
            (1..=days_in_month(year as i32, month)).contains(&day)
        }
        _ => false,
    };
    if shape && calendar {
        Ok(())
    } else {
        Err(Error::syntax_rule(name, value, "must be a date YYYY-MM-DD"))
    }
}
