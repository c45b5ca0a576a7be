//! Domain applications (AddDomainApplication: premium names, `.swiss`
//! GOLIVE registrations and backorders): the stored [`Application`], its
//! STATUS, the per-account index the lists walk, the index of backorders
//! still waiting for their name to drop (`backorder.rs` settles them), and
//! the index of applications still waiting for the registry, which `creating.rs` settles when the domain's
//! `Job::Create` confirms it (SUCCESSFUL) or the pending domain is removed
//! (FAILED). The status is stored, not derived from the domain: a domain
//! deleted long after its registration leaves its application SUCCESSFUL.
//! Owns the application table only; must not touch domains, money or the
//! clock queue (the commands register the domain first, then file the
//! application, which cannot fail).

use std::collections::{BTreeMap, BTreeSet};

use super::{DomainName, HashMap, Period, System, Timestamp};

/// Who UPDATEDBY names when the registry settled an application.
pub const REGISTRY_ACTOR: &str = "SYSTEM";

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ApplicationStatus {
    /// The domain it created still waits for the registry (REQUESTEDCREATE).
    Requested,
    /// The domain is registered.
    Successful,
    /// The domain never was (the pending domain was removed; a backorder
    /// whose name was restored, or whose account could not pay).
    Failed,
    /// A backorder's name dropped with backorders of several accounts on
    /// it: the auction runs (`backorder.rs`).
    AuctionPending,
    /// The backorder won the auction: the domain is its account's.
    AuctionWon,
    /// Another account's backorder won the auction.
    AuctionLost,
}

impl ApplicationStatus {
    /// The wire text (StatusDomainApplication's STATUS, which WHMCS reads).
    pub fn text(self) -> &'static str {
        match self {
            ApplicationStatus::Requested => "REQUESTED",
            ApplicationStatus::Successful => "SUCCESSFUL",
            ApplicationStatus::Failed => "FAILED",
            ApplicationStatus::AuctionPending => "AUCTION-PENDING",
            ApplicationStatus::AuctionWon => "AUCTION-WON",
            ApplicationStatus::AuctionLost => "AUCTION-LOST",
        }
    }

    /// Whether the application is still undecided (REQUESTED, or a
    /// backorder's AUCTION-PENDING).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Requested | ApplicationStatus::AuctionPending
        )
    }
}

/// One application, as AddDomainApplication filed it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Application {
    /// The number AddDomainApplication answered (the system's sequence).
    pub id: u64,
    pub domain: DomainName,
    /// `GOLIVE`, the premium class (`PREMIUM_..._A`), `BACKORDER` or
    /// `<TLD>_BACKORDER`, upper case.
    pub class: String,
    pub period: Period,
    /// The first handle of each role (owner, admin, tech, billing).
    pub contacts: [String; 4],
    pub nameservers: Vec<String>,
    /// The account it belongs to.
    pub owner: String,
    pub created: Timestamp,
    pub created_by: String,
    pub updated: Timestamp,
    pub updated_by: String,
    pub status: ApplicationStatus,
}

impl Application {
    /// Whether it is a backorder (CLASS `BACKORDER` or `<TLD>_BACKORDER`):
    /// it waits for its name to drop, not for a pending domain of its own.
    pub fn is_backorder(&self) -> bool {
        self.class.ends_with("BACKORDER")
    }
}

/// The application table of a system and its indexes.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Applications {
    by_id: BTreeMap<u64, Application>,
    /// Application ids per owning account: lists never walk another's.
    #[serde(with = "crate::registry::serial::sorted")]
    by_owner: HashMap<String, BTreeSet<u64>>,
    /// The REQUESTED application per pending domain name (ACE).
    #[serde(with = "crate::registry::serial::sorted")]
    waiting: HashMap<String, u64>,
    /// The open backorders (REQUESTED or AUCTION-PENDING) per name (ACE),
    /// by id: the order they were filed, which decides an auction.
    #[serde(with = "crate::registry::serial::sorted")]
    pub(super) backorders: HashMap<String, BTreeSet<u64>>,
}

impl System {
    /// Files an application (its id new; the caller registered its domain
    /// already). A REQUESTED one waits for its domain's confirmation; an
    /// open backorder whose account holds no such domain, for its name's drop.
    pub fn add_application(&mut self, application: Application) {
        // A backorder of a free name registered it at once: under a
        // slow-registry rule it waits for its own pending domain, not a drop.
        let registering = self
            .domain(application.domain.as_str())
            .is_some_and(|domain| domain.owner() == application.owner);
        let table = &mut self.applications;
        let id = application.id;
        table
            .by_owner
            .entry(application.owner.clone())
            .or_default()
            .insert(id);
        if application.is_backorder() && !registering {
            if application.status.is_open() {
                let name = application.domain.to_string();
                table.backorders.entry(name).or_default().insert(id);
            }
        } else if application.status == ApplicationStatus::Requested {
            table.waiting.insert(application.domain.to_string(), id);
        }
        table.by_id.insert(id, application);
    }

    /// The application `id`, whoever holds it (callers check the owner).
    pub fn application(&self, id: u64) -> Option<&Application> {
        self.applications.by_id.get(&id)
    }

    /// `owner`'s applications, by id (the order they were filed).
    pub fn applications_of(
        &self,
        owner: &str,
    ) -> impl DoubleEndedIterator<Item = &Application> + '_ {
        let table = &self.applications;
        table
            .by_owner
            .get(owner)
            .into_iter()
            .flat_map(|ids| ids.iter())
            .filter_map(|id| table.by_id.get(id))
    }

    /// The REQUESTED application waiting on the pending domain `name`.
    pub(super) fn waiting_application(&self, name: &str) -> Option<&Application> {
        let table = &self.applications;
        table.waiting.get(name).and_then(|id| table.by_id.get(id))
    }

    /// The registry's outcome for the application waiting on the domain
    /// `name`, if one is: its status, UPDATEDDATE `at`, UPDATEDBY SYSTEM.
    pub(super) fn settle_application(
        &mut self,
        name: &str,
        status: ApplicationStatus,
        at: Timestamp,
    ) {
        let table = &mut self.applications;
        let Some(id) = table.waiting.remove(name) else {
            return;
        };
        if let Some(application) = table.by_id.get_mut(&id) {
            application.status = status;
            application.updated = at;
            application.updated_by = REGISTRY_ACTOR.to_owned();
        }
    }

    /// Drops the application `id` from the table and its indexes.
    pub(super) fn forget_application(&mut self, id: u64) {
        let table = &mut self.applications;
        let Some(gone) = table.by_id.remove(&id) else {
            return;
        };
        if let Some(ids) = table.by_owner.get_mut(&gone.owner) {
            ids.remove(&id);
            if ids.is_empty() {
                table.by_owner.remove(&gone.owner);
            }
        }
        if table.waiting.get(gone.domain.as_str()) == Some(&id) {
            table.waiting.remove(gone.domain.as_str());
        }
        table.unlist_backorder(gone.domain.as_str(), id);
    }

    /// Moves `from`'s applications to `to` (ModifyUser NEWSUBUSER renames
    /// the account); a later account named `from` starts with none.
    pub(super) fn rename_applications_of(&mut self, from: &str, to: &str) {
        let table = &mut self.applications;
        let Some(ids) = table.by_owner.remove(from) else {
            return;
        };
        for id in &ids {
            if let Some(application) = table.by_id.get_mut(id) {
                application.owner = to.to_owned();
            }
        }
        table.by_owner.insert(to.to_owned(), ids);
    }

    /// Moves the application `id` to `to` (AssignObject; the command
    /// refused a REQUESTED one): UPDATEDDATE `at`, UPDATEDBY `actor`.
    pub fn assign_application(&mut self, id: u64, to: &str, at: Timestamp, actor: &str) {
        let table = &mut self.applications;
        let Some(application) = table.by_id.get_mut(&id) else {
            return;
        };
        let from = std::mem::replace(&mut application.owner, to.to_owned());
        application.updated = at;
        application.updated_by = actor.to_owned();
        if let Some(ids) = table.by_owner.get_mut(&from) {
            ids.remove(&id);
            if ids.is_empty() {
                table.by_owner.remove(&from);
            }
        }
        table.by_owner.entry(to.to_owned()).or_default().insert(id);
    }

    /// ModifyDomainApplication's change to the application `id` (the command
    /// changed its pending domain first and refused a decided one): the
    /// first handle of each role and the nameservers as that domain now has
    /// them, UPDATEDDATE `at`, UPDATEDBY `actor`.
    pub fn modify_application(
        &mut self,
        id: u64,
        contacts: [String; 4],
        nameservers: Vec<String>,
        at: Timestamp,
        actor: &str,
    ) {
        let Some(application) = self.applications.by_id.get_mut(&id) else {
            return;
        };
        application.contacts = contacts;
        application.nameservers = nameservers;
        application.updated = at;
        application.updated_by = actor.to_owned();
    }

    /// Drops every application of `owner` (its account removed or reset).
    pub(super) fn forget_applications_of(&mut self, owner: &str) {
        let table = &mut self.applications;
        for id in table.by_owner.remove(owner).unwrap_or_default() {
            if let Some(gone) = table.by_id.remove(&id) {
                if table.waiting.get(gone.domain.as_str()) == Some(&id) {
                    table.waiting.remove(gone.domain.as_str());
                }
                table.unlist_backorder(gone.domain.as_str(), id);
            }
        }
    }

    /// How many applications the system holds.
    pub fn application_count(&self) -> usize {
        self.applications.by_id.len()
    }
}

impl Applications {
    /// Takes the backorder `id` off the open backorders of `name`.
    pub(super) fn unlist_backorder(&mut self, name: &str, id: u64) {
        if let Some(ids) = self.backorders.get_mut(name) {
            ids.remove(&id);
            if ids.is_empty() {
                self.backorders.remove(name);
            }
        }
    }

    /// The application `id`, to change (`backorder.rs`).
    pub(super) fn get_mut(&mut self, id: u64) -> Option<&mut Application> {
        self.by_id.get_mut(&id)
    }
}

#[cfg(test)]
#[path = "application_tests.rs"]
mod tests;
