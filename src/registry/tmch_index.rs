//! The claims index of the TMCH marks: per CLAIMSNOTIFY label the numbers
//! of the marks that carry it, and every mark's ID by its number (a claims
//! key's tail), so a claims lookup costs the marks on its label, not every
//! mark. Derived state: `tmch.rs` keeps it beside the marks on every change
//! and rebuilds it after a snapshot load (it is not in the snapshot). Holds
//! expired marks too (expiry is the reader's check against its `now`);
//! knows no owner, so renaming an account leaves it as it is. Must not
//! decide what a claim is (`tmch_claims.rs`) nor change a mark.

use std::collections::{BTreeSet, HashMap};

use super::Mark;

/// The marks by CLAIMSNOTIFY label and by number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ClaimsIndex {
    /// Per label (lower case, as stored), the numbers of the marks whose
    /// CLAIMSNOTIFY label it is, in mark order; no empty set.
    labels: HashMap<String, BTreeSet<u32>>,
    /// Every mark's ID by its number.
    ids: HashMap<u32, String>,
}

impl ClaimsIndex {
    /// The index of `marks`, from scratch (after a snapshot load).
    pub(super) fn of<'m>(marks: impl IntoIterator<Item = &'m Mark>) -> ClaimsIndex {
        let mut index = ClaimsIndex::default();
        for mark in marks {
            index.add(mark);
        }
        index
    }

    /// Files `mark` (created, or its new data after an update).
    pub(super) fn add(&mut self, mark: &Mark) {
        self.ids.insert(mark.serial, mark.id.clone());
        for label in mark.data.labels.iter().filter(|label| label.claims) {
            (self.labels.entry(label.label.clone()).or_default()).insert(mark.serial);
        }
    }

    /// Unfiles `mark` as it is now (before an update replaces its data, or
    /// when it goes with its account).
    pub(super) fn remove(&mut self, mark: &Mark) {
        self.ids.remove(&mark.serial);
        for label in mark.data.labels.iter().filter(|label| label.claims) {
            if let Some(serials) = self.labels.get_mut(&label.label) {
                serials.remove(&mark.serial);
                if serials.is_empty() {
                    self.labels.remove(&label.label);
                }
            }
        }
    }

    /// The numbers of the marks claiming `label` (lower case), ascending,
    /// expired ones included.
    pub(super) fn claiming<'s>(&'s self, label: &str) -> impl Iterator<Item = u32> + use<'s> {
        self.labels.get(label).into_iter().flatten().copied()
    }

    /// The ID of mark number `serial`.
    pub(super) fn id(&self, serial: u32) -> Option<&str> {
        self.ids.get(&serial).map(String::as_str)
    }
}
