//! Nameserver hosts (child nameservers with glue): the [`Host`] record and
//! the `System` operations on it (lookup, insert, rename, removal, the owner
//! index, the registered domain a host name lies under). Whether a command
//! may create or touch a host is decided by the commands. Must not change
//! domains: how many use a host is `domain.rs`'s `nameserver_usage`.

use std::net::IpAddr;

use super::domain::Domain;
use super::name::DomainName;
use super::{System, Timestamp};

/// A host object.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Host {
    pub name: DomainName,
    pub owner: String,
    /// The domain it lies under (held by `owner` when created).
    pub domain: String,
    pub addresses: Vec<IpAddr>,
    pub created: Timestamp,
    pub created_by: String,
    pub updated: Timestamp,
    pub updated_by: String,
}

impl System {
    /// The host called `name`, whoever holds it.
    pub fn host(&self, name: &str) -> Option<&Host> {
        self.hosts.get(name)
    }

    /// Adds a new host; the caller has checked that the name is free.
    pub fn insert_host(&mut self, host: Host) {
        self.owned_mut(&host.owner)
            .hosts
            .insert(host.name.as_str().to_owned());
        self.hosts_under
            .entry(host.domain.clone())
            .or_default()
            .insert(host.name.as_str().to_owned());
        self.hosts.insert(host.name.as_str().to_owned(), host);
    }

    /// Removes a host and returns it.
    pub fn remove_host(&mut self, name: &str) -> Option<Host> {
        let host = self.hosts.swap_remove(name)?;
        self.owned_mut(&host.owner).hosts.remove(name);
        if let Some(names) = self.hosts_under.get_mut(&host.domain) {
            names.remove(name);
            if names.is_empty() {
                self.hosts_under.remove(&host.domain);
            }
        }
        Some(host)
    }

    /// Removes the hosts under `domain`, whose name left the sandbox for
    /// good (purged after its restorable period, or pushed to another
    /// registrar): no account keeps glue under a name another account may
    /// register next. Domains naming them keep the names, as external ones.
    pub(super) fn drop_hosts_under(&mut self, domain: &str) {
        for name in self.hosts_under.remove(domain).unwrap_or_default() {
            self.remove_host(&name);
        }
    }

    /// The hosts that lie under the domain `domain` (as their parent), by name.
    pub fn hosts_under(&self, domain: &str) -> impl Iterator<Item = &Host> + '_ {
        self.hosts_under
            .get(domain)
            .into_iter()
            .flat_map(|names| names.iter())
            .filter_map(|name| self.hosts.get(name))
    }

    /// Mutable access to a host (its name, owner and parent domain must not
    /// change: `rename_host` moves a host).
    pub fn host_mut(&mut self, name: &str) -> Option<&mut Host> {
        self.hosts.get_mut(name)
    }

    /// Hosts held by `owner`, in name order.
    pub fn hosts_of(&self, owner: &str) -> impl DoubleEndedIterator<Item = &Host> + '_ {
        self.owned
            .get(owner)
            .into_iter()
            .flat_map(|owned| owned.hosts.iter())
            .filter_map(|name| self.hosts.get(name))
    }

    /// Gives a host a new name (the caller has checked that it is free and
    /// that no domain uses the old one), keeping everything else.
    pub fn rename_host(&mut self, name: &str, new_name: DomainName, parent: String) {
        if let Some(mut host) = self.remove_host(name) {
            host.name = new_name;
            host.domain = parent;
            self.insert_host(host);
        }
    }

    /// The longest registered domain `host` lies within (`example.com` for
    /// `ns1.sub.example.com`), whoever holds it: one hash lookup per label.
    pub fn parent_domain(&self, host: &DomainName) -> Option<&Domain> {
        let name = host.as_str();
        std::iter::once(name)
            .chain(name.match_indices('.').map(|(at, _)| &name[at + 1..]))
            .filter(|candidate| candidate.contains('.'))
            .find_map(|candidate| self.domain(candidate))
    }
}
