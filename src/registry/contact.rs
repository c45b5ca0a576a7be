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

    /// Contacts held by `owner`, in handle order.
    pub fn contacts_of(&self, owner: &str) -> impl DoubleEndedIterator<Item = &Contact> + '_ {
        self.owned
            .get(owner)
            .into_iter()
            .flat_map(|owned| owned.contacts.iter())
            .filter_map(|id| self.contacts.get(id))
    }
}
