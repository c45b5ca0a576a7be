//! The registry lock: the three EPP statuses the registry sets on a domain
//! (serverUpdateProhibited, serverDeleteProhibited,
//! serverTransferProhibited), kept in the domain's `flags` beside the client
//! flags, so StatusDomain, snapshots and the journal carry them as they are.
//! A `transfer-locked-*` name at another registrar shows them
//! (`outside.rs`); AddDomainRegistrylock sets them on a sandbox domain,
//! ModifyDomainRegistrylock lifts serverUpdateProhibited for one change
//! (the next ModifyDomain puts it back), DeleteDomainRegistrylock removes
//! all three. Must not touch the client flags, the wire or money.

use super::{Domain, System};

/// The registry forbids changes of the domain (ModifyDomain, TradeDomain).
pub const SERVER_UPDATE: &str = "serverUpdateProhibited";
/// The registry forbids the deletion (DeleteDomain).
pub const SERVER_DELETE: &str = "serverDeleteProhibited";
/// The registry forbids transfers away (TransferDomain, PushDomain).
pub const SERVER_TRANSFER: &str = "serverTransferProhibited";

/// The EPP statuses of a registry lock, in the order StatusDomain shows them.
pub const REGISTRY_LOCK: [&str; 3] = [SERVER_UPDATE, SERVER_DELETE, SERVER_TRANSFER];

impl Domain {
    /// Whether the domain carries the EPP status `status`.
    pub fn has_flag(&self, status: &str) -> bool {
        self.flags.iter().any(|flag| flag == status)
    }

    /// Whether the registry locks the domain (`transfer-locked-*` names,
    /// AddDomainRegistrylock), also while one change is let through.
    pub fn registry_locked(&self) -> bool {
        self.has_flag(SERVER_DELETE) || self.has_flag(SERVER_TRANSFER)
    }

    /// Whether ModifyDomainRegistrylock let one change through: locked,
    /// and serverUpdateProhibited lifted until the next ModifyDomain.
    pub fn registry_lock_open(&self) -> bool {
        self.registry_locked() && !self.has_flag(SERVER_UPDATE)
    }
}

/// Whether `status` is one of the registry lock's (a registrar cannot set
/// or remove it with ModifyDomain's STATUS lists).
pub fn is_server_flag(status: &str) -> bool {
    REGISTRY_LOCK.contains(&status)
}

impl System {
    /// Sets the three statuses on `name` (AddDomainRegistrylock; the caller
    /// checked it is held and not locked).
    pub fn add_registry_lock(&mut self, name: &str) {
        self.modify_domain(name, |domain| {
            domain.flags.retain(|flag| !is_server_flag(flag));
            domain
                .flags
                .extend(REGISTRY_LOCK.iter().map(|flag| (*flag).to_owned()));
        });
    }

    /// Lifts serverUpdateProhibited of a locked `name` for one change
    /// (ModifyDomainRegistrylock).
    pub fn open_registry_lock(&mut self, name: &str) {
        self.modify_domain(name, |domain| {
            domain.flags.retain(|flag| flag != SERVER_UPDATE)
        });
    }

    /// Puts serverUpdateProhibited back on `name` when ModifyDomainRegistrylock
    /// let a change through (TradeDomain made it): the three statuses in
    /// their order again, as a ModifyDomain through the lock leaves them.
    pub fn close_registry_lock(&mut self, name: &str) {
        if self.domain(name).is_some_and(Domain::registry_lock_open) {
            self.add_registry_lock(name);
        }
    }

    /// Removes the three statuses from `name` (DeleteDomainRegistrylock).
    pub fn remove_registry_lock(&mut self, name: &str) {
        self.modify_domain(name, |domain| {
            domain.flags.retain(|flag| !is_server_flag(flag))
        });
    }
}

/// The flags a change leaves on a domain: `wanted` (the client flags after
/// the change, server statuses filtered out), then the registry lock's
/// statuses as the registry keeps them, with serverUpdateProhibited back
/// on when the change went through a lock ModifyDomainRegistrylock opened.
pub fn relock(domain: &Domain, wanted: Vec<String>) -> Vec<String> {
    let mut flags: Vec<String> = wanted.into_iter().filter(|f| !is_server_flag(f)).collect();
    if domain.registry_locked() {
        flags.extend(REGISTRY_LOCK.iter().map(|flag| (*flag).to_owned()));
    }
    flags
}

#[cfg(test)]
#[path = "registry_lock_tests.rs"]
mod tests;
