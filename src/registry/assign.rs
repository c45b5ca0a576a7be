//! AssignObject's moves inside one account tree: a domain (with its bundle
//! partner, contacts copied as at a USERTRANSFER, child hosts, its DNS zone
//! and an open registrant verification), a contact, a DNS zone, a domain
//! application. Each goes through its kind's own insert/modify/remove, so
//! the owner index and usage counts stay right. Checks are the command's
//! (`command/assign.rs`); these moves cannot fail. Must not touch money,
//! orders, the object log or events.

use super::{System, Timestamp};

impl System {
    /// Moves the domain `name` (and its bundle partner the same account
    /// holds) from its holder to `to` at `at`, changed by `actor`. Per
    /// domain: contacts become `to`'s copies (an identical contact of `to`
    /// if it has one: `copy_contact`, as a USERTRANSFER), subordinate
    /// hosts and the zone of that name follow when the losing account
    /// holds them, the add-grace refund ends (the gaining account paid no
    /// registration) and DEFAULT renews as `to`'s setting says; an open
    /// registrant verification of the losing account lets the domain go
    /// and `to` is asked (its own open one joined, nothing if `to` verified
    /// the address). Expiry, auth code, locks, flags and renewal mode stay.
    pub fn assign_domain(&mut self, name: &str, to: &str, at: Timestamp, actor: &str) {
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        let losing = domain.owner.to_string();
        let partner = self.bundle_partner(&domain.name, &losing);
        for part in std::iter::once(name.to_owned()).chain(partner) {
            self.assign_one_domain(&part, &losing, to, at, actor);
        }
    }

    fn assign_one_domain(
        &mut self,
        name: &str,
        losing: &str,
        to: &str,
        at: Timestamp,
        actor: &str,
    ) {
        let current = match self.domains.get(name) {
            Some(domain) => domain.contacts.to_lists(),
            None => return,
        };
        let contacts: [Vec<String>; 4] = current.map(|handles| {
            let copies = handles.iter().map(|id| self.copy_contact(id, to, at));
            copies.collect()
        });
        let lifecycle = self.new_lifecycle(to);
        self.modify_domain(name, |domain| {
            domain.owner = to.into();
            domain.updated = at;
            domain.updated_by = actor.into();
            domain.contacts = contacts.into();
            domain.add_grace = None;
            domain.lifecycle = lifecycle;
        });
        self.move_hosts_under(name, losing, to, at);
        if self.zone(name).is_some_and(|zone| zone.owner == losing) {
            self.assign_zone(name, to, at, actor);
        }
        // An open verification goes with the domain; a verified address
        // stays verified where it was, and the new holder is not asked.
        let note = format!("[REMOVED] domain {name} assigned to {to}");
        if self.release_verification(name, losing, (at, &note)) {
            self.ask_registrant_verification(name, at);
        }
    }

    /// Moves the contact `id` to `to` (the command checked that no domain
    /// uses it). Its handle, data and auth code stay.
    pub fn assign_contact(&mut self, id: &str, to: &str, at: Timestamp, actor: &str) {
        let Some(mut contact) = self.remove_contact(id) else {
            return;
        };
        contact.owner = to.to_owned();
        contact.updated = at;
        contact.updated_by = actor.to_owned();
        self.insert_contact(contact);
    }

    /// Moves the DNS zone `name` to `to`, records and serial unchanged.
    pub fn assign_zone(&mut self, name: &str, to: &str, at: Timestamp, actor: &str) {
        let Some(mut zone) = self.remove_zone(name) else {
            return;
        };
        zone.owner = to.to_owned();
        zone.updated = at;
        zone.updated_by = actor.to_owned();
        self.insert_zone(zone);
    }
}

#[cfg(test)]
#[path = "assign_tests.rs"]
mod tests;
