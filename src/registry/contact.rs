//! Contact handles: the [`Contact`] record, its fields ([`ContactData`]), and
//! the `System` operations on them (lookup, insert, change, removal, the
//! owner index). Validation of the fields lives here too; whether a command
//! may touch a handle is decided by the commands.

use super::{System, Timestamp};

/// The person or organisation data of a contact, as stored (validated).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ContactData {
    pub title: String,
    pub first_name: String,
    pub middle_name: String,
    pub last_name: String,
    pub organization: String,
    /// Street lines (STREET0..n); at least one.
    pub street: Vec<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// `+CC.NUMBER`.
    pub phone: String,
    /// `+CC.NUMBER` or empty.
    pub fax: String,
    pub email: String,
    pub vat_id: String,
    pub id_number: String,
    pub id_authority: String,
}

/// A contact handle of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The handle, e.g. `P-JDO1000001`.
    pub id: String,
    pub owner: String,
    pub data: ContactData,
    pub auth: String,
    pub created: Timestamp,
    pub created_by: String,
    pub updated: Timestamp,
    pub updated_by: String,
}

impl System {
    /// The contact with handle `id`, whoever holds it.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.get(id)
    }

    /// Adds a new contact; the caller has checked that the handle is free.
    pub fn insert_contact(&mut self, contact: Contact) {
        self.owned_mut(&contact.owner)
            .contacts
            .insert(contact.id.clone());
        self.contacts.insert(contact.id.clone(), contact);
    }

    /// Removes a contact and returns it.
    pub fn remove_contact(&mut self, id: &str) -> Option<Contact> {
        let contact = self.contacts.swap_remove(id)?;
        self.owned_mut(&contact.owner).contacts.remove(id);
        Some(contact)
    }

    /// Mutable access to a contact (its id and owner must not change).
    pub fn contact_mut(&mut self, id: &str) -> Option<&mut Contact> {
        self.contacts.get_mut(id)
    }

    /// The handle of `owner`'s contact with exactly `data`, if there is one
    /// (inline contacts and AddContact without NEW=1 reuse it).
    pub fn identical_contact(&self, owner: &str, data: &ContactData) -> Option<&str> {
        self.contacts_of(owner)
            .find(|contact| contact.data == *data)
            .map(|contact| contact.id.as_str())
    }

    /// A new handle for `data`: `P-` + three letters of the name + a number
    /// from the system's sequence (`P-JDO1000001`).
    pub fn new_contact_id(&mut self, data: &ContactData) -> String {
        let letters: String = [&data.first_name, &data.last_name, &data.organization]
            .into_iter()
            .flat_map(|part| part.chars())
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .chain(std::iter::repeat('X'))
            .take(3)
            .collect();
        format!("P-{letters}{}", self.next_sequence())
    }

    /// Contacts held by `owner`, in handle order.
    pub fn contacts_of(&self, owner: &str) -> impl DoubleEndedIterator<Item = &Contact> + '_ {
        self.owned
            .get(owner)
            .into_iter()
            .flat_map(|owned| owned.contacts.iter())
            .filter_map(|id| self.contacts.get(id))
    }
}

impl ContactData {
    /// Checks and normalises the data as the registry would: the required
    /// fields, the e-mail, the country (ISO 3166 alpha-2, upper case) and the
    /// phone and fax numbers (`+CC.NUMBER`; a bare national number gets the
    /// country's calling code, as WHMCS sends US numbers). `prefix` is put
    /// before field names in error details (`OWNERCONTACT0`).
    pub fn validate(&mut self, prefix: &str) -> crate::error::Result<()> {
        use crate::error::Error;
        let field = |name: &str| format!("{prefix}{name}");
        if self.first_name.is_empty() && self.last_name.is_empty() && self.organization.is_empty() {
            return Err(Error::missing(field("FIRSTNAME")));
        }
        for (name, value) in [
            ("CITY", &self.city),
            ("ZIP", &self.zip),
            ("COUNTRY", &self.country),
            ("PHONE", &self.phone),
            ("EMAIL", &self.email),
        ] {
            if value.is_empty() {
                return Err(Error::missing(field(name)));
            }
        }
        if self.street.iter().all(String::is_empty) {
            return Err(Error::missing(field("STREET")));
        }
        self.street.retain(|line| !line.is_empty());
        self.country = self.country.to_ascii_uppercase();
        let Some(calling_code) = calling_code(&self.country) else {
            return Err(Error::syntax_rule(
                &field("COUNTRY"),
                &self.country,
                "is not an ISO 3166-1 alpha-2 country code",
            ));
        };
        if !is_email(&self.email) {
            return Err(Error::syntax_rule(
                &field("EMAIL"),
                &self.email,
                "is not an e-mail address",
            ));
        }
        self.phone = normalise_phone(&self.phone, calling_code)
            .ok_or_else(|| phone_error(&field("PHONE"), &self.phone))?;
        if !self.fax.is_empty() {
            self.fax = normalise_phone(&self.fax, calling_code)
                .ok_or_else(|| phone_error(&field("FAX"), &self.fax))?;
        }
        Ok(())
    }
}

fn phone_error(name: &str, value: &str) -> crate::error::Error {
    crate::error::Error::syntax_rule(
        name,
        value,
        "is not a phone number (+CC.NUMBER, or the national number of the contact's country)",
    )
}

/// `local@domain.tld` with no spaces, one `@` and a dot in the domain.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

/// `+CC.NUMBER` from what clients send: `+49.1234`, `+49 1234`, `+491234`
/// (split after the calling code of the country when it matches), or a bare
/// national number (`2125550100`), which gets `calling_code`.
fn normalise_phone(text: &str, calling_code: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '/'))
        .collect();
    let (code, number) = match digits.strip_prefix('+') {
        Some(rest) => match rest.split_once('.') {
            Some((code, number)) => (code.to_owned(), number.to_owned()),
            None => match rest.strip_prefix(calling_code) {
                Some(number) => (calling_code.to_owned(), number.to_owned()),
                None => return None,
            },
        },
        None => {
            let national = digits.trim_start_matches('0');
            (calling_code.to_owned(), national.replace('.', ""))
        }
    };
    let valid = (1..=3).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && (4..=14).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| format!("+{code}.{number}"))
}

/// The international calling code of an ISO 3166-1 alpha-2 country.
fn calling_code(country: &str) -> Option<&'static str> {
    COUNTRIES
        .binary_search_by(|(code, _)| code.cmp(&country))
        .ok()
        .map(|index| COUNTRIES[index].1)
}

/// ISO 3166-1 alpha-2 codes with their calling codes, sorted by code.
static COUNTRIES: &[(&str, &str)] = &[
    ("AT", "43"),
    ("AU", "61"),
    ("BE", "32"),
    ("CA", "1"),
    ("CH", "41"),
    ("DE", "49"),
    ("DK", "45"),
    ("ES", "34"),
    ("FR", "33"),
    ("GB", "44"),
    ("IT", "39"),
    ("JP", "81"),
    ("NL", "31"),
    ("US", "1"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_phones_as_clients_send_them() {
        let cases = [
            ("+49.1234567890", "DE", Some("+49.1234567890")),
            ("2125550100", "US", Some("+1.2125550100")),
            ("+1 212 555 0100", "US", Some("+1.2125550100")),
            ("030 1234567", "DE", Some("+49.301234567")),
            ("+44.", "GB", None),
            ("call me", "DE", None),
        ];
        for (input, country, expected) in cases {
            let code = calling_code(country).unwrap();
            assert_eq!(normalise_phone(input, code).as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn countries_are_sorted() {
        assert!(COUNTRIES.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }
}
