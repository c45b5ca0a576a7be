//! Deleted domains: the [`DeletedDomain`] record (taken out of its account,
//! restorable until `restorable_until`, purged by the clock after it) and
//! the `System` operations on the deleted table, which keep its index of
//! contact handles right: a restore needs the domain's contacts back, so
//! DeleteContact asks [`System::restorable_with_contact`] and refuses while
//! one is restorable; the system-wide read of the table the drop list
//! (QueryDomainPendingDeleteList) walks, and the generator's next number
//! peeked without moving it. Data and invariants only; the commands decide.

use rand_core::Rng;

use super::domain::Domain;
use super::{Money, System, Timestamp};

/// A domain deleted but still restorable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeletedDomain {
    pub domain: Domain,
    pub deleted: Timestamp,
    pub restorable_until: Timestamp,
    /// What the deletion refunded (add grace period): a restore charges it again.
    pub refunded: Money,
}

impl DeletedDomain {
    /// When the name is free again: the purge's second, one after the last
    /// restorable one (QueryDomainPendingDeleteList's FINALIZATIONDATE).
    pub fn free_at(&self) -> Timestamp {
        Timestamp(self.restorable_until.0 + 1)
    }
}

impl System {
    /// Every deleted domain not yet purged, of every account, by ACE name
    /// (the platform's drop list reads names and dates only).
    pub fn deleted_domains(&self) -> impl Iterator<Item = (&str, &DeletedDomain)> {
        self.deleted
            .iter()
            .map(|(name, deleted)| (name.as_str(), deleted))
    }

    /// The number the system's generator would give next, drawn from a
    /// copy: the generator itself does not move, so a read-only command
    /// can order "randomly" and still answer the same state the same way.
    pub fn peek_seed(&self) -> u64 {
        self.rng.clone().next_u64()
    }

    /// A deleted domain that is still listed (restorable or not yet purged).
    pub fn deleted_domain(&self, name: &str) -> Option<&DeletedDomain> {
        self.deleted.get(name)
    }

    /// Moves a domain to the deleted list, restorable until `restorable_until`.
    pub fn delete_domain(
        &mut self,
        name: &str,
        now: Timestamp,
        restorable_until: Timestamp,
        refunded: Money,
    ) {
        if let Some(domain) = self.remove_domain(name) {
            let deleted = DeletedDomain {
                domain,
                deleted: now,
                restorable_until,
                refunded,
            };
            index_contacts(&mut self.deleted_contacts, name, &deleted.domain);
            self.deleted.insert(name.to_owned(), deleted);
            self.queue_purge(name);
        }
    }

    /// Takes a domain off the deleted list (to restore it, or because its
    /// name is registered again or its account removed), with its clock job.
    pub fn take_deleted_domain(&mut self, name: &str) -> Option<DeletedDomain> {
        let deleted = self.unlist_deleted(name)?;
        self.unschedule(deleted.domain.lifecycle.due);
        Some(deleted)
    }

    /// Takes a domain off the deleted list, its clock job left alone (the
    /// purge job that is running).
    pub(super) fn unlist_deleted(&mut self, name: &str) -> Option<DeletedDomain> {
        let deleted = self.deleted.swap_remove(name)?;
        for handle in deleted.domain.contacts.all() {
            if let Some(names) = self.deleted_contacts.get_mut(handle) {
                names.retain(|known| known != name);
                if names.is_empty() {
                    self.deleted_contacts.remove(handle);
                }
            }
        }
        Some(deleted)
    }

    /// The deleted domains still restorable at `now` that name the contact
    /// `id`: how many, and the one restorable longest (the first by name
    /// among equals), for DeleteContact's refusal. O(domains naming it).
    pub fn restorable_with_contact(
        &self,
        id: &str,
        now: Timestamp,
    ) -> Option<(usize, &DeletedDomain)> {
        let restorable = self
            .deleted_contacts
            .get(id)?
            .iter()
            .filter_map(|name| self.deleted.get(name))
            .filter(|deleted| deleted.restorable_until >= now);
        let (mut count, mut last) = (0, None::<&DeletedDomain>);
        for deleted in restorable {
            count += 1;
            if last.is_none_or(|last| deleted.restorable_until > last.restorable_until) {
                last = Some(deleted);
            }
        }
        last.map(|last| (count, last))
    }

    /// The contact index made again from the deleted table (a decoded
    /// snapshot carries the table, not the index).
    pub(super) fn index_deleted_contacts(&mut self) {
        self.deleted_contacts.clear();
        for (name, deleted) in &self.deleted {
            index_contacts(&mut self.deleted_contacts, name, &deleted.domain);
        }
    }
}

/// Files the deleted domain `name` under each of its contact handles, once
/// each, keeping every handle's names sorted (the same state, the same index).
fn index_contacts(index: &mut super::HashMap<String, Vec<String>>, name: &str, domain: &Domain) {
    for handle in domain.contacts.all() {
        let names = index.entry(handle.to_owned()).or_default();
        if let Err(at) = names.binary_search_by(|known| known.as_str().cmp(name)) {
            names.insert(at, name.to_owned());
        }
    }
}

#[cfg(test)]
#[path = "deleted_tests.rs"]
mod tests;
