//! Domains: the [`Domain`] record and the `System` operations that keep the
//! owner index and the usage counts of nameservers and contacts right on
//! every insert, change and removal (deleted domains are `deleted.rs`'s).
//! Data and invariants only; the commands decide what may change. The
//! compact fields and their accessors are `domain_fields.rs`.

use super::account_name::AccountName;
use super::contacts::Contacts;
use super::domain_fields::Extra;
use super::lifecycle::Lifecycle;
use super::name::DomainName;
use super::scenario::Premium;
use super::{HashMap, Money, System, Timestamp};
use crate::error::{Error, Result};

/// Days after a registration during which deleting the domain refunds it
/// (the ICANN add grace period; the sandbox applies it to every zone).
pub const ADD_GRACE_DAYS: u64 = 5;

/// What happens at expiry (SetDomainRenewalMode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RenewalMode {
    Default,
    AutoRenew,
    AutoExpire,
    AutoDelete,
    AutoRenewMonthly,
    /// `RENEWONCE` (the CentralNic Reseller mode WHMCS-CNIC sends): renewed
    /// once at ACCOUNTINGDATE, then `AUTOEXPIRE` (`lifecycle.rs`: back to an
    /// auto-renewing DEFAULT would renew forever).
    RenewOnce,
    /// `EXPIREAUCTION` (CentralNic Reseller, the big gTLDs and .me): let
    /// expire, for the registry's auction; on the clock as `AUTOEXPIRE`.
    ExpireAuction,
    /// `AUTORENEWQUARTERLY` (CentralNic Reseller, .nl): renewed three
    /// months at a time.
    AutoRenewQuarterly,
}

impl RenewalMode {
    pub fn parse(text: &str) -> Option<RenewalMode> {
        Some(match text.to_ascii_uppercase().as_str() {
            "DEFAULT" => RenewalMode::Default,
            "AUTORENEW" => RenewalMode::AutoRenew,
            "AUTOEXPIRE" => RenewalMode::AutoExpire,
            "AUTODELETE" => RenewalMode::AutoDelete,
            "AUTORENEWMONTHLY" => RenewalMode::AutoRenewMonthly,
            "RENEWONCE" => RenewalMode::RenewOnce,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RenewalMode::Default => "DEFAULT",
            RenewalMode::AutoRenew => "AUTORENEW",
            RenewalMode::AutoExpire => "AUTOEXPIRE",
            RenewalMode::AutoDelete => "AUTODELETE",
            RenewalMode::AutoRenewMonthly => "AUTORENEWMONTHLY",
            RenewalMode::RenewOnce => "RENEWONCE",
            RenewalMode::ExpireAuction => "EXPIREAUCTION",
            RenewalMode::AutoRenewQuarterly => "AUTORENEWQUARTERLY",
        }
    }
}

/// DNSSEC data as given (DS and DNSKEY record texts).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SecDns {
    pub ds: Vec<String>,
    pub keys: Vec<String>,
    pub max_sig_life: Option<u64>,
}

/// A registered domain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Domain {
    pub name: DomainName,
    /// The account that holds it ([`Domain::owner`] reads it as a `&str`).
    pub owner: AccountName,
    pub created: Timestamp,
    pub created_by: AccountName,
    pub updated: Timestamp,
    pub updated_by: AccountName,
    /// Registry expiry (`REGISTRATIONEXPIRATIONDATE`, `EXPIRATIONDATE`).
    pub expires: Timestamp,
    /// Paid until (`PAIDUNTILDATE`): the registry expiry, except in zones
    /// whose renewals are only paid (PayDomainRenewal), where it runs ahead.
    pub paid_until: Timestamp,
    pub renewal_mode: RenewalMode,
    /// `clientTransferProhibited`.
    pub transfer_lock: bool,
    /// Other EPP client flags set with ADDSTATUS/STATUS.
    pub flags: Vec<String>,
    pub auth: String,
    /// Nameserver host names in order, lower case.
    pub nameservers: Vec<String>,
    /// Contact handles per [`Role`] (index with `Role::index`, or
    /// [`Domain::contacts`]).
    pub contacts: Contacts,
    /// `X-ACCEPT-WHOISTRUSTEE-TAC` (ID protection).
    pub id_protection: bool,
    /// The rarely set fields (transfer date, renewal period, auth expiry,
    /// attribute hosts, `X-` fields), `None` while none is (`domain_fields.rs`).
    pub extra: Option<Box<Extra>>,
    /// DNSSEC data; `None` when there is none (most domains: kept out of line
    /// so that a domain stays small, ARCHITECTURE.md "The object model").
    pub secdns: Option<Box<SecDns>>,
    /// The premium terms it was registered with (its class is StatusDomain's
    /// SUBCLASS; renewals charge the premium renewal price). Out of line, as `secdns`.
    pub premium: Option<Box<Premium>>,
    /// Until when a deletion refunds the registration, and how much (the
    /// add grace period); `None` once it has passed or for transfers.
    pub add_grace: Option<(Timestamp, Money)>,
    /// Whether the sandbox runs its DNS zone (INTERNALDNS).
    pub internal_dns: bool,
    /// Its place on the sandbox clock (`lifecycle.rs`).
    pub lifecycle: Lifecycle,
}

/// What [`Domain::secdns`] shows for a domain without DNSSEC data.
static NO_SECDNS: SecDns = SecDns {
    ds: Vec::new(),
    keys: Vec::new(),
    max_sig_life: None,
};

impl Domain {
    /// Its repository object id as the CentralNic Reseller face shows it
    /// (`<digits>_DOMAIN-KEYSYS`, [`roid`](super::roid)).
    pub fn roid(&self) -> String {
        super::roid(self.name.as_str(), self.created, "DOMAIN")
    }

    /// The domain's DNSSEC data (empty when it has none).
    pub fn secdns(&self) -> &SecDns {
        self.secdns.as_deref().unwrap_or(&NO_SECDNS)
    }

    /// The value of an `X-` field, if set.
    pub fn extension(&self, field: &str) -> Option<&str> {
        self.extensions()
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
    }

    /// Sets an `X-` field; an empty value removes it.
    pub fn set_extension(&mut self, field: &str, value: &str) {
        let at = self.extensions().iter().position(|(name, _)| name == field);
        match (at, value.is_empty()) {
            (Some(at), true) => {
                self.extra_mut().extensions.remove(at);
            }
            (Some(at), false) => self.extra_mut().extensions[at].1 = value.to_owned(),
            (None, false) => self
                .extra_mut()
                .extensions
                .push((field.to_owned(), value.to_owned())),
            (None, true) => {}
        }
    }

    /// Nameserver and contact references, for the usage counts.
    fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        let nameservers = self.nameservers.iter().map(|ns| Reference::Host(ns));
        let contacts = self.contacts.all().map(Reference::Contact);
        nameservers.chain(contacts)
    }
}

enum Reference<'a> {
    Host(&'a str),
    Contact(&'a str),
}

impl System {
    /// The domain called `name`, whoever holds it.
    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.get(name)
    }

    /// The domain `name` if `owner` holds it: `545` if nobody does, `531`
    /// if another account does (WHMCS reads that as "transferred away").
    pub fn owned_domain(&self, owner: &str, name: &str) -> Result<&Domain> {
        match self.domains.get(name) {
            None => Err(Error::ObjectNotFound(format!(
                "DOMAIN NAME NOT FOUND; {name}"
            ))),
            Some(domain) if domain.owner != owner => {
                Err(self.not_held(owner, &domain.owner, format!("domain {name}")))
            }
            Some(domain) => Ok(domain),
        }
    }

    /// Adds a new domain; the caller has checked that the name is free.
    /// It is queued on the clock at its next due point (`lifecycle.rs`).
    pub fn insert_domain(&mut self, mut domain: Domain) {
        // A key carried in (a restored or cloned domain) is not this domain's entry.
        domain.lifecycle.due = Lifecycle::default().due;
        domain.tidy_extra();
        self.count_references(&domain, 1);
        let owned = self.owned_mut(&domain.owner);
        owned.domains.insert(domain.name.as_str().to_owned());
        domain.share_names(&owned.name);
        // A deleted entry of the name (its last restorable second) goes.
        self.take_deleted_domain(domain.name.as_str());
        let name = domain.name.as_str().to_owned();
        self.domains.insert(name.clone(), domain);
        self.queue_domain(&name);
    }

    /// Changes a domain through `change`, keeping indexes, counts and its
    /// place on the clock right.
    /// `change` must not fail: validate before calling.
    pub fn modify_domain(&mut self, name: &str, change: impl FnOnce(&mut Domain)) {
        let Some(domain) = self.domains.get_mut(name) else {
            return;
        };
        // Counts that drop to zero here are kept until the end, so that a
        // reference the change keeps is not removed and inserted again.
        let dropped = count(&mut self.host_usage, &mut self.contact_usage, domain, -1);
        let owner = domain.owner.clone();
        let due = domain.lifecycle.due;
        let paid_until = domain.paid_until;
        change(domain);
        domain.tidy_extra();
        // The queue key is the clock's: a change cannot move it, only requeue.
        domain.lifecycle.due = due;
        // A renewal paid meanwhile (RenewDomain, PayDomainRenewal, a
        // transfer) ends a failed auto-renewal's wait for its retry: the next
        // one is due at ACCOUNTINGDATE again.
        if domain.paid_until > paid_until {
            domain.lifecycle.renew_failed = false;
        }
        count(&mut self.host_usage, &mut self.contact_usage, domain, 1);
        let held_by = domain.owner.clone();
        let new_owner = (owner != held_by).then(|| held_by.clone());
        for (is_host, key) in dropped {
            let map = if is_host {
                &mut self.host_usage
            } else {
                &mut self.contact_usage
            };
            if map.get(&key) == Some(&0) {
                map.remove(&key);
            }
        }
        if let Some(new_owner) = new_owner {
            self.owned_mut(&owner).domains.remove(name);
            self.owned_mut(&new_owner).domains.insert(name.to_owned());
        }
        let shared = self.owned_mut(&held_by).name.clone();
        if let Some(domain) = self.domains.get_mut(name) {
            domain.share_names(&shared);
        }
        self.requeue_domain(name);
    }

    /// Removes a domain and returns it.
    pub fn remove_domain(&mut self, name: &str) -> Option<Domain> {
        let mut domain = self.domains.swap_remove(name)?;
        self.unschedule(domain.lifecycle.due);
        self.forget_create(&mut domain);
        self.count_references(&domain, -1);
        self.owned_mut(&domain.owner).domains.remove(name);
        Some(domain)
    }

    /// Domain names held by `owner`, in name order.
    pub fn domains_of(&self, owner: &str) -> impl DoubleEndedIterator<Item = &Domain> + '_ {
        self.owned
            .get(owner)
            .into_iter()
            .flat_map(|owned| owned.domains.iter())
            .filter_map(|name| self.domains.get(name))
    }

    /// `owner`'s domains whose registrant (first owner contact) is the
    /// handle `id`; none without a walk when no domain uses the handle.
    pub fn domains_with_registrant<'s>(
        &'s self,
        owner: &str,
        id: &'s str,
    ) -> impl Iterator<Item = &'s Domain> + 's {
        let used = self.contact_usage(id) > 0;
        let domains = used.then(|| self.domains_of(owner)).into_iter().flatten();
        domains.filter(move |domain| {
            let owners = domain.contacts(super::Role::Owner);
            owners.first().is_some_and(|first| &**first == id)
        })
    }

    /// How many domains `owner` holds.
    pub fn domain_count_of(&self, owner: &str) -> usize {
        self.owned.get(owner).map_or(0, |owned| owned.domains.len())
    }

    /// How many domains use `host` as a nameserver.
    pub fn nameserver_usage(&self, host: &str) -> u32 {
        self.host_usage.get(host).copied().unwrap_or(0)
    }

    /// How many domain roles use the contact handle `id`.
    pub fn contact_usage(&self, id: &str) -> u32 {
        self.contact_usage.get(id).copied().unwrap_or(0)
    }

    pub fn domain_count(&self) -> usize {
        self.domains.len()
    }

    fn count_references(&mut self, domain: &Domain, delta: i32) {
        let dropped = count(&mut self.host_usage, &mut self.contact_usage, domain, delta);
        for (is_host, key) in dropped {
            let map = if is_host {
                &mut self.host_usage
            } else {
                &mut self.contact_usage
            };
            map.remove(&key);
        }
    }
}

/// Adds `delta` to the usage count of every reference of `domain` (a name
/// is copied only the first time it is counted). Returns the references
/// whose count reached zero (`true` for hosts), for the caller to remove.
fn count(
    hosts: &mut HashMap<String, u32>,
    contacts: &mut HashMap<String, u32>,
    domain: &Domain,
    delta: i32,
) -> Vec<(bool, String)> {
    let mut dropped = Vec::new();
    for reference in domain.references() {
        let (map, key, is_host) = match reference {
            Reference::Host(host) => (&mut *hosts, host, true),
            Reference::Contact(id) => (&mut *contacts, id, false),
        };
        match map.get_mut(key) {
            Some(uses) => {
                *uses = uses.saturating_add_signed(delta);
                if *uses == 0 {
                    dropped.push((is_host, key.to_owned()));
                }
            }
            None if delta > 0 => {
                map.insert(key.to_owned(), delta.unsigned_abs());
            }
            None => {}
        }
    }
    dropped
}

#[cfg(test)]
#[path = "domain_tests.rs"]
mod tests;
