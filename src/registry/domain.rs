//! Domains: the [`Domain`] record, deleted (restorable) domains, and the
//! `System` operations that keep the owner index and the usage counts of
//! nameservers and contacts right on every insert, change and removal.
//! Data and invariants only; the commands decide what may change.

use indexmap::IndexMap;

use super::date::Period;
use super::name::DomainName;
use super::scenario::Premium;
use super::{Money, System, Timestamp};
use crate::error::{Error, Result};

/// The four contact roles of a domain, in the order responses list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Owner,
    Admin,
    Tech,
    Billing,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Tech, Role::Billing];

    /// The parameter and property stem: `OWNERCONTACT`, `ADMINCONTACT`, ...
    pub fn parameter(self) -> &'static str {
        match self {
            Role::Owner => "OWNERCONTACT",
            Role::Admin => "ADMINCONTACT",
            Role::Tech => "TECHCONTACT",
            Role::Billing => "BILLINGCONTACT",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// What happens at expiry (SetDomainRenewalMode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalMode {
    Default,
    AutoRenew,
    AutoExpire,
    AutoDelete,
    AutoRenewMonthly,
}

impl RenewalMode {
    pub fn parse(text: &str) -> Option<RenewalMode> {
        Some(match text.to_ascii_uppercase().as_str() {
            "DEFAULT" => RenewalMode::Default,
            "AUTORENEW" => RenewalMode::AutoRenew,
            "AUTOEXPIRE" => RenewalMode::AutoExpire,
            "AUTODELETE" => RenewalMode::AutoDelete,
            "AUTORENEWMONTHLY" => RenewalMode::AutoRenewMonthly,
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
        }
    }
}

/// DNSSEC data as given (DS and DNSKEY record texts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecDns {
    pub ds: Vec<String>,
    pub keys: Vec<String>,
    pub max_sig_life: Option<u64>,
}

/// A registered domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub name: DomainName,
    /// The account that holds it.
    pub owner: String,
    pub created: Timestamp,
    pub created_by: String,
    pub updated: Timestamp,
    pub updated_by: String,
    /// Registry expiry (`REGISTRATIONEXPIRATIONDATE`, `EXPIRATIONDATE`).
    pub expires: Timestamp,
    /// Paid until (`PAIDUNTILDATE`): the registry expiry, except in zones
    /// whose renewals are only paid (PayDomainRenewal), where it runs ahead.
    pub paid_until: Timestamp,
    /// When the domain last arrived by transfer.
    pub transferred: Option<Timestamp>,
    pub renewal_mode: RenewalMode,
    pub renewal_period: Option<Period>,
    /// `clientTransferProhibited`.
    pub transfer_lock: bool,
    /// Other EPP client flags set with ADDSTATUS/STATUS.
    pub flags: Vec<String>,
    pub auth: String,
    /// Nameserver host names in order, lower case.
    pub nameservers: Vec<String>,
    /// Contact handles per [`Role`] (index with `Role::index`).
    pub contacts: [Vec<String>; 4],
    /// Attribute-style hosts: `name ip [ip...]`.
    pub hosts: Vec<String>,
    /// `X-ACCEPT-WHOISTRUSTEE-TAC` (ID protection).
    pub id_protection: bool,
    /// Every other `X-` field as given, upper-case name.
    pub extensions: IndexMap<String, String>,
    pub secdns: SecDns,
    /// The premium class it was registered with (`SUBCLASS` for renewals).
    pub premium_class: Option<String>,
    /// The premium terms it was registered with (renewals charge their renewal price).
    pub premium: Option<Premium>,
    /// Until when a deletion refunds the registration, and how much (the
    /// add grace period); `None` once it has passed or for transfers.
    pub add_grace: Option<(Timestamp, Money)>,
    /// Whether the sandbox runs its DNS zone (INTERNALDNS).
    pub internal_dns: bool,
}

impl Domain {
    /// Nameserver and contact references, for the usage counts.
    fn references(&self) -> impl Iterator<Item = Reference<'_>> {
        let nameservers = self.nameservers.iter().map(|ns| Reference::Host(ns));
        let contacts = self
            .contacts
            .iter()
            .flatten()
            .map(|c| Reference::Contact(c));
        nameservers.chain(contacts)
    }
}

/// A domain deleted but still restorable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedDomain {
    pub domain: Domain,
    pub deleted: Timestamp,
    pub restorable_until: Timestamp,
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
            Some(domain) if domain.owner != owner => Err(Error::AuthorizationFailed(format!(
                "domain {name} is not held by {owner}"
            ))),
            Some(domain) => Ok(domain),
        }
    }

    /// Adds a new domain; the caller has checked that the name is free.
    pub fn insert_domain(&mut self, domain: Domain) {
        self.count_references(&domain, 1);
        self.owned_mut(&domain.owner)
            .domains
            .insert(domain.name.as_str().to_owned());
        self.deleted.swap_remove(domain.name.as_str());
        self.domains.insert(domain.name.as_str().to_owned(), domain);
    }

    /// Changes a domain through `change`, keeping indexes and counts right.
    /// `change` must not fail: validate before calling.
    pub fn modify_domain(&mut self, name: &str, change: impl FnOnce(&mut Domain)) {
        let Some(mut domain) = self.domains.get(name).cloned() else {
            return;
        };
        self.count_references(&domain, -1);
        let owner = domain.owner.clone();
        change(&mut domain);
        self.count_references(&domain, 1);
        if owner != domain.owner {
            self.owned_mut(&owner).domains.remove(name);
            self.owned_mut(&domain.owner)
                .domains
                .insert(name.to_owned());
        }
        self.domains.insert(name.to_owned(), domain);
    }

    /// Removes a domain and returns it.
    pub fn remove_domain(&mut self, name: &str) -> Option<Domain> {
        let domain = self.domains.swap_remove(name)?;
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

    /// How many domains `owner` holds.
    pub fn domain_count_of(&self, owner: &str) -> usize {
        self.owned.get(owner).map_or(0, |owned| owned.domains.len())
    }

    /// A deleted domain that is still listed (restorable or not yet purged).
    pub fn deleted_domain(&self, name: &str) -> Option<&DeletedDomain> {
        self.deleted.get(name)
    }

    /// Moves a domain to the deleted list, restorable until `restorable_until`.
    pub fn delete_domain(&mut self, name: &str, now: Timestamp, restorable_until: Timestamp) {
        if let Some(domain) = self.remove_domain(name) {
            let deleted = DeletedDomain {
                domain,
                deleted: now,
                restorable_until,
            };
            self.deleted.insert(name.to_owned(), deleted);
        }
    }

    /// Takes a domain off the deleted list (to restore it).
    pub fn take_deleted_domain(&mut self, name: &str) -> Option<DeletedDomain> {
        self.deleted.swap_remove(name)
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
        for reference in domain.references() {
            let (map, key) = match reference {
                Reference::Host(host) => (&mut self.host_usage, host),
                Reference::Contact(id) => (&mut self.contact_usage, id),
            };
            let count = map.entry(key.to_owned()).or_insert(0);
            *count = count.saturating_add_signed(delta);
            if *count == 0 {
                map.remove(key);
            }
        }
    }
}
