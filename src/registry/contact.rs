//! Contact handles: the [`Contact`] record, its fields ([`ContactData`]), and
//! the `System` operations on them (lookup, insert, change, removal, the
//! owner index). Validation of the fields is `contact_rules.rs`'s; whether a
//! command may touch a handle is decided by the commands. Must not touch domains or
//! hosts: the usage counts are `domain.rs`'s.

use indexmap::IndexMap;

use super::{Domain, Role, System, Timestamp};
use crate::error::{Error, Result};

/// The person or organisation data of a contact, as stored (validated).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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

impl ContactData {
    /// Whether a person or an organisation is named as CNR's `VALIDATION=1`
    /// wants it (FIRSTNAME and LASTNAME, or ORGANIZATION): what keeps a
    /// handle `validated` through a change in either dialect.
    pub fn names_a_holder(&self) -> bool {
        !self.organization.is_empty() || !(self.first_name.is_empty() || self.last_name.is_empty())
    }

    /// Whether `other` names the same person or organisation: first, middle
    /// and last name and organisation equal (address, phone and e-mail may
    /// differ). What a zone's `ZONEPOLICYREGISTRANTNAMECHANGEBY` is about.
    pub fn same_name(&self, other: &ContactData) -> bool {
        self.first_name == other.first_name
            && self.middle_name == other.middle_name
            && self.last_name == other.last_name
            && self.organization == other.organization
    }

    /// The name a mail addresses: first, middle and last name, else the
    /// organisation.
    pub fn person(&self) -> String {
        let parts = [&self.first_name, &self.middle_name, &self.last_name];
        let name = (parts.iter())
            .filter(|part| !part.is_empty())
            .map(|part| part.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            self.organization.clone()
        } else {
            name
        }
    }
}

/// A contact handle of one account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    /// The handle, e.g. `P-JOH1000001`.
    pub id: String,
    pub owner: String,
    pub data: ContactData,
    pub auth: String,
    pub created: Timestamp,
    pub created_by: String,
    pub updated: Timestamp,
    pub updated_by: String,
    /// `DISCLOSE`, `DISCLOSE-ELEMENTS` and `X-` fields as given (upper-case
    /// names, non-empty values), shown by StatusContact after the fields.
    #[serde(with = "crate::registry::serial::pairs")]
    pub extensions: IndexMap<String, String>,
    /// CNR `AUTODELETE`: `false` (the default, and `AUTODELETE=0`) is the
    /// KB's clientDeleteProhibited; otebox deletes no unused handle either way.
    pub auto_delete: bool,
    /// CNR `VALIDATION=1` found every field the KB names set (the contact
    /// was created or last changed with it).
    pub validated: bool,
}

impl Contact {
    /// Its repository object id as the CentralNic Reseller face shows it
    /// (`<digits>_CONTACT-KEYSYS`, [`roid`](super::roid)).
    pub fn roid(&self) -> String {
        super::roid(&self.id, self.created, "CONTACT")
    }
}

impl System {
    /// The contact with handle `id`, whoever holds it.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.get(id)
    }

    /// The registrant of `domain`: its first owner contact (while the
    /// handle exists), whose address mails and verifications use.
    pub fn registrant(&self, domain: &Domain) -> Option<&Contact> {
        let handle = domain.contacts.get(Role::Owner).first()?;
        self.contact(handle)
    }

    /// The contact `id` if `owner` holds it: `545` if nobody does, `531` if
    /// another account does. `parameter` names the request parameter.
    pub fn owned_contact(&self, owner: &str, id: &str, parameter: &str) -> Result<&Contact> {
        match self.contacts.get(id) {
            None => Err(Error::ObjectNotFound(format!("{parameter}: contact {id}"))),
            Some(contact) if contact.owner != owner => {
                Err(self.not_held(owner, &contact.owner, format!("{parameter}: contact {id}")))
            }
            Some(contact) => Ok(contact),
        }
    }

    /// Adds a new contact; the caller has checked that the handle is free.
    pub fn insert_contact(&mut self, contact: Contact) {
        self.owned_mut(&contact.owner)
            .contacts
            .insert(contact.id.clone());
        self.contacts_by_data
            .entry(data_print(&contact.owner, &contact.data))
            .or_default()
            .push(contact.id.clone());
        self.contacts.insert(contact.id.clone(), contact);
    }

    /// A contact the registry makes for `owner` itself (a transfer's copy of
    /// the losing side's contact, a holder from an outside registrar): made
    /// and last changed by `owner` at `at`, with a fresh auth code.
    pub(super) fn insert_owned_contact(
        &mut self,
        id: String,
        owner: &str,
        data: ContactData,
        extensions: IndexMap<String, String>,
        at: Timestamp,
    ) {
        let auth = self.random_code(12);
        self.insert_contact(Contact {
            id,
            owner: owner.to_owned(),
            data,
            auth,
            created: at,
            created_by: owner.to_owned(),
            updated: at,
            updated_by: owner.to_owned(),
            extensions,
            auto_delete: false,
            validated: false,
        });
    }

    /// Removes a contact and returns it.
    pub fn remove_contact(&mut self, id: &str) -> Option<Contact> {
        let contact = self.contacts.swap_remove(id)?;
        self.owned_mut(&contact.owner).contacts.remove(id);
        self.unindex_data(&contact);
        Some(contact)
    }

    /// Changes a contact through `change` (its id and owner must stay),
    /// keeping the data index right. `change` must not fail.
    pub fn modify_contact(&mut self, id: &str, change: impl FnOnce(&mut Contact)) {
        let Some(mut contact) = self.contacts.swap_remove(id) else {
            return;
        };
        self.unindex_data(&contact);
        change(&mut contact);
        self.contacts_by_data
            .entry(data_print(&contact.owner, &contact.data))
            .or_default()
            .push(contact.id.clone());
        self.contacts.insert(id.to_owned(), contact);
    }

    /// `owner`'s contacts whose data is exactly `data`, in handle order (a
    /// lookup by fingerprint, whatever the account holds).
    pub fn contacts_with_data(&self, owner: &str, data: &ContactData) -> Vec<&Contact> {
        let mut found: Vec<&Contact> = self
            .contacts_by_data
            .get(&data_print(owner, data))
            .into_iter()
            .flatten()
            .filter_map(|id| self.contacts.get(id))
            .filter(|contact| contact.owner == owner && contact.data == *data)
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found
    }

    /// The handle of `owner`'s contact with exactly `data` and exactly the
    /// extra fields `extensions` (DISCLOSE, `X-`) and, when `auth` is given,
    /// that auth code, if there is one: what inline contacts, AddContact
    /// without NEW=1 and a transfer's contact copies reuse. A contact with
    /// extra fields is not identical to data sent without them (it would
    /// publish what the client never asked to).
    pub fn identical_contact(
        &self,
        owner: &str,
        data: &ContactData,
        extensions: &IndexMap<String, String>,
        auth: Option<&str>,
    ) -> Option<&str> {
        self.contacts_with_data(owner, data)
            .into_iter()
            .find(|contact| {
                contact.extensions == *extensions && auth.is_none_or(|auth| contact.auth == auth)
            })
            .map(|contact| contact.id.as_str())
    }

    fn unindex_data(&mut self, contact: &Contact) {
        let print = data_print(&contact.owner, &contact.data);
        if let Some(ids) = self.contacts_by_data.get_mut(&print) {
            ids.retain(|id| *id != contact.id);
            if ids.is_empty() {
                self.contacts_by_data.remove(&print);
            }
        }
    }

    /// A new, free handle for `data`: `P-` + the first three letters of
    /// first name, last name and organisation run together + a number from
    /// the system's sequence (`P-JOH1000001` for John Doe). Fixtures of the
    /// domain commands rely on this form.
    pub fn new_contact_id(&mut self, data: &ContactData) -> String {
        let letters: String = [&data.first_name, &data.last_name, &data.organization]
            .into_iter()
            .flat_map(|part| part.chars())
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .chain(std::iter::repeat('X'))
            .take(3)
            .collect();
        loop {
            let id = format!("P-{letters}{}", self.next_sequence());
            // A handle chosen with AddContact CONTACT=... may hold the number.
            if !self.contacts.contains_key(&id) {
                return id;
            }
        }
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

/// The fingerprint of an account's contact data in `contacts_by_data`
/// (collisions are told apart by comparing the data itself).
fn data_print(owner: &str, data: &ContactData) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one((owner, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: &str, owner: &str, city: &str) -> Contact {
        let now = crate::registry::Timestamp(0);
        Contact {
            id: id.to_owned(),
            owner: owner.to_owned(),
            data: ContactData {
                first_name: "Jo".to_owned(),
                city: city.to_owned(),
                ..ContactData::default()
            },
            extensions: Default::default(),
            auth: String::new(),
            created: now,
            created_by: owner.to_owned(),
            updated: now,
            updated_by: owner.to_owned(),
            auto_delete: false,
            validated: false,
        }
    }

    #[test]
    fn the_data_index_follows_inserts_changes_and_removals() {
        let mut registry = crate::registry::Registry::new(1);
        let system = registry.system_mut(crate::registry::Entity::Ote);
        let bonn = contact("P-B", "test.user", "Bonn").data;
        let none = IndexMap::new();
        system.insert_contact(contact("P-B", "test.user", "Bonn"));
        system.insert_contact(contact("P-A", "test.user", "Bonn"));
        system.insert_contact(contact("P-C", "test.user2", "Bonn"));
        assert_eq!(
            system.identical_contact("test.user", &bonn, &none, None),
            Some("P-A")
        );
        system.modify_contact("P-A", |c| c.data.city = "Köln".to_owned());
        assert_eq!(
            system.identical_contact("test.user", &bonn, &none, None),
            Some("P-B")
        );
        system.remove_contact("P-B");
        assert_eq!(
            system.identical_contact("test.user", &bonn, &none, None),
            None
        );
        assert_eq!(
            system.identical_contact("test.user2", &bonn, &none, None),
            Some("P-C")
        );
        let koeln = system.contact("P-A").map(|c| c.data.clone()).unwrap();
        assert_eq!(
            system.identical_contact("test.user", &koeln, &none, None),
            Some("P-A")
        );
        // Extra fields are part of what makes two contacts identical.
        system.modify_contact("P-C", |c| {
            c.extensions.insert("DISCLOSE".to_owned(), "1".to_owned());
        });
        assert_eq!(
            system.identical_contact("test.user2", &bonn, &none, None),
            None
        );
        let disclosed = system.contact("P-C").map(|c| c.extensions.clone()).unwrap();
        assert_eq!(
            system.identical_contact("test.user2", &bonn, &disclosed, None),
            Some("P-C")
        );
    }
}
