//! Reading contact fields from a request for the contact commands and for
//! inline domain contacts: which fields were sent (and which sent empty),
//! NAME split into FIRSTNAME/LASTNAME, STREET and STREET0..n as lines, the
//! DISCLOSE and `X-` extras, handle and auth code syntax. No registry access.

use super::Args;
use crate::error::{Error, Result};
use crate::registry::{ContactData, check_printable};

/// The contact fields one request sent: `None` = not sent, `Some("")` = sent
/// empty (ModifyContact: clear it). Values are trimmed.
#[derive(Default, Clone)]
pub(super) struct Sent {
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

/// The fields the CentralNic Reseller contact commands take: all of
/// [`FIELDS`] but VATID, IDNUMBER and IDAUTHORITY (cnr-commands.md §12, §14).
const CNR_FIELDS: &[&str] = FIELDS.split_at(12).0;

impl Sent {
    /// The HEXONET fields `<prefix><FIELD>`, NAME and STREET/STREET0..n.
    pub(super) fn read(args: &mut Args<'_>, prefix: &str) -> Sent {
        Sent::read_fields(args, prefix, FIELDS, true)
    }

    /// The CentralNic Reseller fields (no prefix, no NAME): the others stay
    /// unread, so `finish` answers 503 for them.
    pub(super) fn read_cnr(args: &mut Args<'_>) -> Sent {
        Sent::read_fields(args, "", CNR_FIELDS, false)
    }

    fn read_fields(
        args: &mut Args<'_>,
        prefix: &str,
        names: &[&'static str],
        with_name: bool,
    ) -> Sent {
        let value = |args: &mut Args<'_>, name: &str| {
            let key = format!("{prefix}{name}");
            args.present(&key)
                .then(|| args.optional(&key).unwrap_or_default().trim().to_owned())
        };
        let fields = names
            .iter()
            .map(|name| (*name, value(args, name)))
            .collect();
        let name = if with_name { value(args, "NAME") } else { None };
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

    pub(super) fn any(&self) -> bool {
        self.name.is_some()
            || self.street.is_some()
            || self.fields.iter().any(|(_, value)| value.is_some())
    }

    /// The first required field sent empty, for ModifyContact's refusal.
    pub(super) fn cleared_required(&self) -> Option<&'static str> {
        if self.street.as_ref().is_some_and(Vec::is_empty) {
            return Some("STREET");
        }
        self.fields
            .iter()
            .find(|(name, value)| REQUIRED.contains(name) && value.as_deref() == Some(""))
            .map(|(name, _)| *name)
    }

    /// ModifyContact's `DELETE<n>=<FIELD>` (`key` = `DELETE<n>`), what the
    /// Terraform provider sends for an empty optional field: clears FIELD as
    /// sending it empty does. 541 naming it for a required field, a name that
    /// is no single contact field, or a field this request also sets.
    pub(super) fn delete(&mut self, key: &str, name: &str) -> Result<()> {
        let name = name.trim().to_ascii_uppercase();
        if name == "STREET" || REQUIRED.contains(&name.as_str()) {
            return Err(Error::invalid(
                key,
                format_args!("{name} is required and cannot be cleared"),
            ));
        }
        let Some((_, value)) = self.fields.iter_mut().find(|(field, _)| *field == name) else {
            return Err(Error::invalid(
                key,
                format_args!("({name}) is not a contact field that can be cleared"),
            ));
        };
        if value.as_deref().is_some_and(|value| !value.is_empty()) {
            return Err(Error::invalid(
                key,
                format_args!("{name} is also sent with a value; send one or the other"),
            ));
        }
        *value = Some(String::new());
        Ok(())
    }

    /// Writes what was sent over `data`. NAME fills FIRSTNAME/LASTNAME (split
    /// at the first space) when neither of those was sent with a value.
    pub(super) fn apply(self, data: &mut ContactData) {
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

/// DISCLOSE, DISCLOSE-ELEMENTS and the `X-` fields, checked ([`check_extension`]); empty values
/// kept (ModifyContact removes those). Read last: takes every unread `X-`.
pub(super) fn read_extensions(args: &mut Args<'_>) -> Result<Vec<(String, String)>> {
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
        check_elements("DISCLOSE-ELEMENTS", value, &elements)?;
        found.push(("DISCLOSE-ELEMENTS".to_owned(), value.to_owned()));
    }
    for (name, value) in args.unread_with_prefix("X-") {
        let value = value.trim();
        check_extension(name, value)?;
        found.push((name.to_owned(), value.to_owned()));
    }
    Ok(found)
}

/// The contact `X-` fields protocol.md §8 gives a closed list of values
/// (AddContact, ModifyContact), and the printable-text rule every field
/// has: `505` naming the field. An empty value (NULL) is always taken.
fn check_extension(name: &str, value: &str) -> Result<()> {
    check_printable(name, value)?;
    let flag: &[&str] = &["0", "1"];
    let allowed: &[&str] = match name.trim_end_matches(|c: char| c.is_ascii_digit()) {
        "X-AFNIC-DISCLOSE" | "X-CAT-DISCLOSE-FLAG" | "X-CZ-DISCLOSE" => flag,
        "X-CAT-DISCLOSE-TYPE" => &["VOICE", "EMAIL"],
        "X-DE-TYPE" => &["PERSON", "ORGANIZATION", "ROLE"],
        "X-CZ-DISCLOSE-ELEMENTS" => {
            let elements = [
                "ADDR",
                "VOICE",
                "FAX",
                "EMAIL",
                "VAT",
                "IDENT",
                "NOTIFYEMAIL",
            ];
            return check_elements(name, value, &elements);
        }
        _ => return Ok(()),
    };
    match value.is_empty() || allowed.contains(&value) {
        true => Ok(()),
        false => Err(Error::syntax_rule(
            name,
            value,
            format_args!("must be {}", allowed.join(" or ")),
        )),
    }
}

/// A space-separated subset of `elements` (DISCLOSE-ELEMENTS and its
/// registries' variants), else `505` naming the first one not among them.
fn check_elements(name: &str, value: &str, elements: &[&str]) -> Result<()> {
    match value.split_whitespace().find(|e| !elements.contains(e)) {
        None => Ok(()),
        Some(bad) => Err(Error::syntax_rule(
            name,
            value,
            format_args!("has {bad}; allowed are {}", elements.join(" ")),
        )),
    }
}

/// A handle as AddContact accepts it: 3..64 letters, digits, `-`, `_`, `.`.
pub(super) fn check_handle(handle: &str) -> Result<()> {
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
pub(super) fn check_auth(auth: &str) -> Result<()> {
    if auth.chars().count() <= 64 && !auth.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Ok(())
    } else {
        Err(Error::syntax_rule(
            "AUTH",
            auth,
            "must be at most 64 characters without spaces",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cnr_fields_are_the_hexonet_ones_without_the_id_fields() {
        assert_eq!(CNR_FIELDS.first(), Some(&"TITLE"));
        assert_eq!(CNR_FIELDS.last(), Some(&"EMAIL"));
        assert!(!CNR_FIELDS.contains(&"VATID"));
        assert_eq!(CNR_FIELDS.len() + 3, FIELDS.len());
    }
}
