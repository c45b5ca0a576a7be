//! All data and rules of the sandbox: two systems (LIVE and OT&E), each with its
//! own accounts, sessions, domains, contacts and hosts. Plain data, no async, no
//! locks, no clock reads, no wire text: callers pass `now`, and random values come
//! from a seeded generator that is part of the state, so the same requests give
//! the same state.

mod account_name;
mod account_removal;
pub mod acl;
mod allow;
mod application;
mod assign;
mod backorder;
pub mod bundle;
pub mod catalogue;
pub mod clock;
mod contact;
mod contact_rules;
mod contacts;
mod creating;
mod credentials;
mod date;
mod deleted;
mod domain;
mod domain_fields;
mod entity;
pub mod environment;
pub mod event;
mod guard;
mod host;
pub mod invoice;
pub mod ledger;
pub mod lifecycle;
mod money;
mod name;
pub mod objectlog;
pub mod order;
pub mod otp;
pub mod outbox;
pub mod outbox_transfer;
mod outside;
mod predelegation;
pub mod pricing;
mod registry_lock;
mod role;
mod scenario;
mod serial;
mod session;
pub mod snapshot;
pub mod ssl;
pub mod ssl_csr;
mod ssl_validation;
#[cfg(test)]
pub(crate) mod test_calls;
pub mod tmch;
pub mod tmch_claims;
mod tmch_index;
pub mod trade;
mod transfer;
mod transfer_log;
mod transfer_rules;
mod tree;
mod trigger;
pub mod unrenew;
mod user;
pub mod user_class;
mod verification;
mod whois;
mod whois_text;
pub mod zone;

pub use account_name::AccountName;
pub use account_removal::{ACCOUNT_REMOVED, Created, NewAccount, account_currency};
pub use allow::AllowList;
pub use application::{Application, ApplicationStatus, REGISTRY_ACTOR};
pub use backorder::AUCTION_DAYS;
pub use contact::{Contact, ContactData};
pub use contact_rules::{check_printable, is_country, is_email_address, phone_number};
pub use contacts::{Contacts, Role};
pub use creating::{APPLICATION_REVIEW_SECONDS, REQUESTED_CREATE};
pub use credentials::CredentialChange;
pub use date::{DateTime, Period, ShortText, days_in_month};
pub use deleted::DeletedDomain;
pub use domain::{ADD_GRACE_DAYS, Domain, RenewalMode, SecDns};
pub use domain_fields::Extra;
pub use entity::{Entity, Timestamp, roid};
pub use guard::{Limits, MAX_ADDRESSES, QUOTA_RELATION, parse_quota};
pub use host::Host;
pub use invoice::{Invoice, InvoiceChange, InvoicePdf, InvoiceStatus, NewInvoice, Selection};
pub use ledger::{
    Item as LedgerItem, Kind as LedgerKind, MAX_PAYMENT, Manual as LedgerManual, PriceFor,
};
pub use money::{AmountText, Money, Percent};
pub use name::DomainName;
pub use outside::{OUTSIDE_AUTH, OUTSIDE_REGISTRAR};
pub use registry_lock::{
    REGISTRY_LOCK, SERVER_DELETE, SERVER_TRANSFER, SERVER_UPDATE, is_server_flag, relock,
};
pub use role::{
    MAX_ACL_LINES, MAX_ROLES, NewRole, RoleChanges, RoleUser, not_found as role_not_found,
};
pub use scenario::{
    AFTERMARKET_HANDOVER_SECONDS, Availability, NAMESERVER_SCENARIOS, NameserverScenario, Premium,
    SCENARIOS, Scenario, TEMPFAIL_REASON, temporary_failure,
};
pub use session::{MAX_SESSIONS, Session, SessionOptions};
pub use tmch::{Holder, Mark, MarkData, MarkLabel, MarkStatus};
pub use tmch_claims::Claim;
pub use trade::Trade;
pub use transfer::Transfer;
pub use transfer_log::DENIED as TRANSFER_DENIED;
pub use transfer_rules::PushedOut;
pub use tree::{MAX_DEPTH, NewSubuser};
pub use trigger::{TriggerKind, trigger_code};
pub(crate) use user::same_id;
pub use user::{
    Account, Login, PASSWORD_LENGTH, PasswordHash, Principal, User, is_acceptable_password,
    is_account_id, password_fault,
};
pub use verification::{DUE_DAYS, Verification, VerificationStatus};
pub use whois::Whois;
pub use zone::{CNR_NAMESERVERS, SANDBOX_NAMESERVERS, Zone};

use std::collections::BTreeSet;

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

use crate::error::{Error, Result};

/// The hash maps of the tables: foldhash instead of SipHash, because every
/// request hashes names several times and no table's order reaches a
/// response through its hasher (`IndexMap` keeps insertion order).
type Hasher = foldhash::fast::RandomState;
pub(crate) type IndexMap<K, V> = indexmap::IndexMap<K, V, Hasher>;
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, Hasher>;

/// The whole sandbox state: one [`System`] per entity.
#[derive(Debug)]
pub struct Registry {
    live: System,
    ote: System,
    /// Failed logins per client address (`guard.rs`).
    lockout: guard::Lockout,
}

impl Registry {
    /// A fresh sandbox holding the demo data of product.md; `seed` drives every
    /// random value (session ids, password salts). The abuse limits are the
    /// defaults; [`Registry::with_limits`] takes others.
    pub fn new(seed: u64) -> Registry {
        Registry::with_limits(seed, Limits::default())
    }

    pub fn system(&self, entity: Entity) -> &System {
        match entity {
            Entity::Live => &self.live,
            Entity::Ote => &self.ote,
        }
    }

    pub fn system_mut(&mut self, entity: Entity) -> &mut System {
        match entity {
            Entity::Live => &mut self.live,
            Entity::Ote => &mut self.ote,
        }
    }

    /// Forgets every session that has expired by `now`; returns how many.
    /// Stale lock-out entries go with them.
    /// Due jobs of the sandbox clocks run too, a batch each, so that a
    /// sandbox left alone keeps no backlog for its next request.
    pub fn sweep_sessions(&mut self, now: Timestamp) -> usize {
        self.sweep_lockout(now);
        self.live.tick(now, 1024);
        self.ote.tick(now, 1024);
        self.live.sweep_sessions(now) + self.ote.sweep_sessions(now)
    }
}

/// One system (LIVE or OT&E): its accounts, sessions, objects and generator.
///
/// Objects live in one table per kind keyed by name or handle (lookups are
/// hashes, whatever the size); `owned` keeps each account's names sorted, so
/// lists page through one account's objects without touching anyone else's.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct System {
    entity: Entity,
    #[serde(with = "crate::registry::serial::pairs")]
    users: IndexMap<String, User>,
    #[serde(with = "crate::registry::serial::pairs")]
    sessions: IndexMap<String, Session>,
    #[serde(with = "crate::registry::serial::pairs")]
    domains: IndexMap<String, Domain>,
    #[serde(with = "crate::registry::serial::pairs")]
    deleted: IndexMap<String, DeletedDomain>,
    #[serde(with = "crate::registry::serial::pairs")]
    contacts: IndexMap<String, Contact>,
    #[serde(with = "crate::registry::serial::pairs")]
    hosts: IndexMap<String, Host>,
    /// Hosted DNS zones by name (ACE, no trailing dot; `zone/`).
    #[serde(with = "crate::registry::serial::pairs")]
    zones: IndexMap<String, Zone>,
    #[serde(with = "crate::registry::serial::sorted")]
    owned: HashMap<String, Owned>,
    /// Contact handles per (owner, data) fingerprint: finding the account's
    /// identical contact (inline contacts, AddContact) is a lookup, not a walk.
    #[serde(with = "crate::registry::serial::sorted")]
    contacts_by_data: HashMap<u64, Vec<String>>,
    /// Host names per parent domain (StatusDomain's HOST rows, DeleteDomain's `532`).
    #[serde(with = "crate::registry::serial::sorted")]
    hosts_under: HashMap<String, BTreeSet<String>>,
    /// Domains per nameserver host name (DeleteNameserver's `532`).
    #[serde(with = "crate::registry::serial::sorted")]
    host_usage: HashMap<String, u32>,
    /// Domain roles per contact handle (DeleteContact's `506`).
    #[serde(with = "crate::registry::serial::sorted")]
    contact_usage: HashMap<String, u32>,
    /// Deleted domains per contact handle, sorted (`deleted.rs`); rebuilt on load.
    #[serde(skip)]
    deleted_contacts: HashMap<String, Vec<String>>,
    /// Environment settings per account (`environment.rs`).
    #[serde(with = "crate::registry::serial::sorted")]
    environment: HashMap<String, environment::Environment>,
    /// Role users per account, by ROLEID (`role.rs`).
    #[serde(with = "crate::registry::serial::sorted")]
    roles: HashMap<String, role::Roles>,
    /// Abuse limits and their counters (`guard.rs`).
    guard: guard::SystemGuard,
    /// Subusers per parent, retired ids (`tree.rs`).
    tree: tree::Tree,
    /// The sandbox clock and its due jobs (`clock.rs`).
    clock: clock::Clock,
    /// Pending transfers by domain name (`transfer.rs`).
    #[serde(with = "crate::registry::serial::sorted")]
    transfers: HashMap<String, Transfer>,
    /// The last failed transfer per name; domains that left by PushDomain
    /// (`transfer_rules.rs`).
    #[serde(with = "crate::registry::serial::sorted")]
    failed_transfers: HashMap<String, Transfer>,
    #[serde(with = "crate::registry::serial::sorted")]
    pushed_out: HashMap<String, PushedOut>,
    /// Pending trades and post-trade locks (`trade.rs`).
    trades: trade::Trades,
    /// Domain applications, per account and waiting (`application.rs`).
    applications: application::Applications,
    /// ICANN registrant verifications per account (`verification.rs`).
    verifications: verification::Verifications,
    /// The mails the platform would have sent (`outbox.rs`).
    outbox: outbox::Outbox,
    /// The object log and events (`objectlog.rs`, `event.rs`), with their own ids.
    objectlog: objectlog::ObjectLog,
    events: event::Events,
    /// Queued commands (USER/ORDER), with their own ids (`order.rs`).
    orders: order::Orders,
    /// Every charge and refund per account, with its own ids (`ledger.rs`).
    ledger: ledger::Ledger,
    /// Invoices per issuer, their ledger entries, next IDs (`invoice.rs`).
    invoices: invoice::Invoices,
    /// Trademark Clearinghouse marks per account, with their own numbers (`tmch.rs`).
    marks: tmch::Marks,
    /// User classes per account and the class of each subuser (`user_class.rs`).
    classes: user_class::UserClasses,
    /// The last number handed out for handles and log entries.
    sequence: u64,
    /// The last USERINDEX given (`User::index`; 1 is the platform user).
    last_user_index: u32,
    rng: ChaCha20Rng,
    /// The starting state of accounts the admin API created (`account_removal.rs`).
    #[serde(with = "crate::registry::serial::sorted")]
    origins: HashMap<String, User>,
}

/// The names of the objects one account holds, sorted.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Owned {
    /// The account's name, shared by its domains' name fields (`domain.rs`).
    name: AccountName,
    domains: BTreeSet<String>,
    contacts: BTreeSet<String>,
    hosts: BTreeSet<String>,
    zones: BTreeSet<String>,
    /// Domains with a pending transfer this account requested / must answer.
    transfers_in: BTreeSet<String>,
    transfers_out: BTreeSet<String>,
}

/// The demo password of both demo accounts (product.md, "Built-in demo data").
pub const DEMO_PASSWORD: &str = "test.passw0rd";

impl System {
    fn new(entity: Entity, seed: u64) -> System {
        let mut system = System {
            entity,
            users: IndexMap::default(),
            sessions: IndexMap::default(),
            domains: IndexMap::default(),
            deleted: IndexMap::default(),
            contacts: IndexMap::default(),
            hosts: IndexMap::default(),
            zones: IndexMap::default(),
            owned: HashMap::default(),
            contacts_by_data: HashMap::default(),
            hosts_under: HashMap::default(),
            host_usage: HashMap::default(),
            contact_usage: HashMap::default(),
            deleted_contacts: HashMap::default(),
            environment: HashMap::default(),
            roles: HashMap::default(),
            guard: guard::SystemGuard::default(),
            tree: tree::Tree::default(),
            clock: clock::Clock::default(),
            transfers: HashMap::default(),
            failed_transfers: HashMap::default(),
            pushed_out: HashMap::default(),
            trades: trade::Trades::default(),
            applications: application::Applications::default(),
            verifications: verification::Verifications::default(),
            outbox: outbox::Outbox::default(),
            objectlog: objectlog::ObjectLog::default(),
            events: event::Events::default(),
            orders: order::Orders::default(),
            ledger: ledger::Ledger::default(),
            invoices: invoice::Invoices::default(),
            marks: tmch::Marks::default(),
            classes: user_class::UserClasses::default(),
            sequence: 1_000_000,
            last_user_index: 1,
            rng: ChaCha20Rng::seed_from_u64(seed),
            origins: HashMap::default(),
        };
        for id in ["test.user", "test.user2"] {
            let password = PasswordHash::new(DEMO_PASSWORD, &mut system.rng);
            system.insert_user(id.to_owned(), User::demo(id, password));
        }
        system
    }

    pub fn entity(&self) -> Entity {
        self.entity
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.get(id)
    }

    /// `id`'s user and where it is in the table (a hint for [`System::user_at`]).
    pub fn user_entry(&self, id: &str) -> Option<(usize, &User)> {
        self.users.get_full(id).map(|(at, _, user)| (at, user))
    }

    /// `id`'s user, looked for first at `hint` (where [`System::user_entry`]
    /// found it): one comparison of ids instead of hashing one when the table
    /// has not changed since, and a lookup when it has.
    pub fn user_at(&self, id: &str, hint: usize) -> Option<&User> {
        match self.users.get_index(hint) {
            Some((key, user)) if key == id => Some(user),
            _ => self.users.get(id),
        }
    }

    /// The account above `account` as StatusUser and the lists show it
    /// (PARENTUSER): top-level accounts hang under the platform user.
    pub fn parent_of(&self, account: &str) -> &str {
        self.users
            .get(account)
            .and_then(|user| user.parent.as_deref())
            .unwrap_or(environment::PLATFORM_USER)
    }

    /// Adds an account with the demo balance; the id must be new.
    pub fn add_user(&mut self, id: &str, password: &str) -> Result<()> {
        if self.users.contains_key(id) {
            return Err(Error::invalid("USER", format_args!("{id} exists already")));
        }
        let password = PasswordHash::new(password, &mut self.rng);
        self.insert_user(id.to_owned(), User::demo(id, password));
        Ok(())
    }

    /// The next number of the system's sequence (handles, log entries).
    pub fn next_sequence(&mut self) -> u64 {
        self.sequence += 1;
        self.sequence
    }

    /// A random code of `length` letters and digits (auth codes), from the
    /// system's seeded generator.
    pub fn random_code(&mut self, length: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        (0..length)
            .map(|_| ALPHABET[(self.rng.next_u32() as usize) % ALPHABET.len()] as char)
            .collect()
    }

    fn owned_mut(&mut self, owner: &str) -> &mut Owned {
        if !self.owned.contains_key(owner) {
            self.owned.insert(
                owner.to_owned(),
                Owned {
                    name: owner.into(),
                    ..Owned::default()
                },
            );
        }
        self.owned.get_mut(owner).expect("inserted above")
    }

    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of
/// characters; ASCII case ignored: the one rule of the list filters and of role-user ACLs.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    let (mut p, mut t) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            resume = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p].eq_ignore_ascii_case(&text[t]) {
            p += 1;
            t += 1;
        } else if let Some((star, at)) = resume {
            p = star + 1;
            t = at + 1;
            resume = Some((star, at + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}
