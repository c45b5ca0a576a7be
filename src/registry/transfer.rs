//! Domain transfers between the sandbox's accounts (issue 12): the pending
//! [`Transfer`] records (one per domain name) with the gaining and losing
//! accounts' indexes, the deadline job of the clock, the age lock, the
//! transfer price, and completion, in which the charge and the move of
//! ownership happen together or not at all. Data and rules only: the wire
//! parameters are read in `command/transfer.rs`. Must not touch the object
//! log or events (not recorded yet).

use super::catalogue::{self, Rule, Tld};
use super::date::Period;
use super::name::DomainName;
use super::{Contact, Domain, Money, RenewalMode, System, Timestamp};
use crate::error::{Error, Result};

/// How far a transfer may push the expiry: ten years from its completion.
const MAX_YEARS: u32 = 10;

/// A transfer requested and not yet completed, denied or cancelled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Transfer {
    pub domain: DomainName,
    /// The requesting account (the gaining side).
    pub gaining: String,
    /// Who acted for it (`account` or `account!role`).
    pub requested_by: String,
    /// The account holding the domain (the losing side); `None`: another
    /// registrar (`taken-` names, `outside.rs`).
    pub losing: Option<String>,
    pub requested: Timestamp,
    pub updated: Timestamp,
    /// The end of the pending period: completes then unless answered.
    pub deadline: Timestamp,
    /// Renewal the transfer adds (`0Y` zones: none).
    pub period: Period,
    /// Nameservers as sent (shown by StatusDomainTransfer).
    pub nameservers: Vec<String>,
    /// Contact handles of the gaining account per role, as sent.
    pub contacts: [Option<String>; 4],
    pub internal_dns: bool,
    /// The transfer lock the domain gets at completion (CNR `TRANSFERLOCK`).
    pub transfer_lock: bool,
    /// TRANSFERLOG lines: `<date> [<STATE>] <text>`.
    pub log: Vec<String>,
    /// The key of the deadline job, while queued.
    job: Option<(Timestamp, u64)>,
}

impl Transfer {
    /// A new transfer of `domain` requested at `now` by `gaining`, pending
    /// for `days`. The losing side is the domain's owner; a domain without
    /// one is held at another registrar ([`System::outside_domain`]).
    pub fn new(domain: &Domain, gaining: &str, by: String, now: Timestamp, days: u32) -> Transfer {
        let seconds = u64::from(days) * 86_400;
        Transfer::pending_for(domain, gaining, by, now, seconds)
    }

    /// [`Transfer::new`] pending for `seconds` (a slow-registry fault rule's).
    pub fn pending_for(
        domain: &Domain,
        gaining: &str,
        by: String,
        now: Timestamp,
        seconds: u64,
    ) -> Transfer {
        let deadline = Timestamp(now.0.saturating_add(seconds));
        let log = vec![
            format!("{} [INITIATED] domain transfer initiated", now.datetime()),
            format!(
                "{} [PENDING] waiting for the losing registrar until {}",
                now.datetime(),
                deadline.datetime()
            ),
        ];
        Transfer {
            domain: domain.name.clone(),
            gaining: gaining.to_owned(),
            requested_by: by,
            losing: (!domain.owner.is_empty()).then(|| domain.owner.to_string()),
            requested: now,
            updated: now,
            deadline,
            period: Period::years(1),
            nameservers: Vec::new(),
            contacts: [None, None, None, None],
            internal_dns: false,
            transfer_lock: false,
            log,
            job: None,
        }
    }
}

impl Domain {
    /// When the age lock ends: the zone's `transfer_lock_days` after the
    /// registration or the last transfer (`None`: the zone has none).
    pub fn age_lock_until(&self, tld: &Tld) -> Option<Timestamp> {
        (tld.transfer_lock_days > 0).then(|| {
            let since = self
                .transferred()
                .map_or(self.created, |t| t.max(self.created));
            since.plus_days(u64::from(tld.transfer_lock_days))
        })
    }

    /// Whether the age lock still runs at `now` (`serverTransferProhibited`).
    pub fn age_locked(&self, tld: &Tld, now: Timestamp) -> bool {
        self.age_lock_until(tld).is_some_and(|until| now < until)
    }
}

impl System {
    /// The pending transfer of `name`, whoever requested it.
    pub fn pending_transfer(&self, name: &str) -> Option<&Transfer> {
        self.transfers.get(name)
    }

    /// `553` when `name` has a transfer pending: the writes EPP forbids
    /// while a transfer runs (design note §4.9); `552` while its
    /// registration waits for the registry (`creating.rs`).
    pub fn refuse_pending_transfer(&self, name: &str) -> Result<()> {
        self.refuse_pending_create(name)?;
        // Most systems have no transfer pending: no lookups then (StatusDomain
        // asks on every call).
        if self.transfers.is_empty() {
            return Ok(());
        }
        // The second half of a bundle moves with the first (`x.ong`, `x.ngo`).
        let pending = self.transfers.get(name).or_else(|| {
            let domain = self.domains.get(name)?;
            self.transfers
                .get(&self.bundle_main(&domain.name, &domain.owner)?)
        });
        let Some(transfer) = pending else {
            return Ok(());
        };
        let until = transfer.deadline.datetime();
        Err(Error::PendingTransfer(
            if transfer.domain.as_str() == name {
                format!("{name} has a transfer pending until {until}")
            } else {
                let main = &transfer.domain;
                format!("{name} moves with {main}, which has a transfer pending until {until}")
            },
        ))
    }

    /// Pending transfers `owner` requested, by domain name.
    pub fn transfers_in(&self, owner: &str) -> impl DoubleEndedIterator<Item = &Transfer> + '_ {
        self.owned
            .get(owner)
            .into_iter()
            .flat_map(|owned| owned.transfers_in.iter())
            .filter_map(|name| self.transfers.get(name))
    }

    /// Pending transfers of domains `owner` holds, by domain name.
    pub fn transfers_out(&self, owner: &str) -> impl DoubleEndedIterator<Item = &Transfer> + '_ {
        self.owned
            .get(owner)
            .into_iter()
            .flat_map(|owned| owned.transfers_out.iter())
            .filter_map(|name| self.transfers.get(name))
    }

    /// Records a pending transfer and queues its deadline; the caller has
    /// checked that none is pending for the name.
    pub fn insert_transfer(&mut self, mut transfer: Transfer) {
        let name = transfer.domain.as_str().to_owned();
        self.forget_failed_transfer(&name);
        let job = super::clock::Job::Transfer(name.as_str().into());
        transfer.job = Some(self.schedule(transfer.deadline, job));
        self.owned_mut(&transfer.gaining)
            .transfers_in
            .insert(name.clone());
        if let Some(losing) = &transfer.losing {
            self.owned_mut(losing).transfers_out.insert(name.clone());
        }
        self.log_transfer_requested(&transfer);
        self.transfers.insert(name, transfer);
    }

    /// Takes the pending transfer of `name` out of the table, the indexes
    /// and the due queue (completion, DENY, CANCEL).
    pub fn take_transfer(&mut self, name: &str) -> Option<Transfer> {
        let mut transfer = self.transfers.remove(name)?;
        if let Some(key) = transfer.job.take() {
            self.unschedule(key);
        }
        self.owned_mut(&transfer.gaining).transfers_in.remove(name);
        if let Some(losing) = &transfer.losing {
            self.owned_mut(losing).transfers_out.remove(name);
        }
        Some(transfer)
    }

    /// What the transfer of `domain` for `period` costs `gaining`, in its
    /// currency: the zone's transfer price, or for premium names the
    /// premium renewal price per year of the period (one year for `0Y`).
    pub fn transfer_price(
        &self,
        domain: &Domain,
        tld: &Tld,
        period: Period,
        gaining: &str,
    ) -> Result<Money> {
        let (amount, currency) = match &domain.premium {
            Some(premium) => {
                let years = (period.months / 12).max(1);
                let amount = premium.renewal.0 * rust_decimal::Decimal::from(years);
                (Money(amount), premium.currency)
            }
            None => (Money::from_cents(tld.prices.transfer), tld.currency),
        };
        let to = self
            .users
            .get(gaining)
            .map_or("EUR", |u| u.account.currency);
        catalogue::convert(amount, currency, to).ok_or_else(|| {
            Error::CommandFailed(format!("no exchange rate from {currency} to {to}"))
        })
    }

    /// Completes `transfer` at `at` (design note §3.4): checks that the
    /// domain is still the losing side's, charges the gaining account (the
    /// last fallible step: `546` moves nothing), then moves the domain. The
    /// record must have been taken out of the table already.
    pub fn complete_transfer(&mut self, transfer: &Transfer, at: Timestamp) -> Result<()> {
        let Some(losing) = transfer.losing.as_deref() else {
            self.complete_outside(transfer, at)?;
            self.log_transfer_completed(transfer, at);
            return Ok(());
        };
        let name = transfer.domain.as_str();
        let domain = match self.domains.get(name) {
            Some(domain) if domain.owner == losing => domain,
            _ => {
                return Err(Error::ObjectNotFound(format!(
                    "{name} is no longer held by the losing side; the transfer failed"
                )));
            }
        };
        let tld = catalogue::find(&domain.name)
            .ok_or_else(|| Error::invalid("DOMAIN", format_args!("{name} has no zone")))?;
        let price = self.transfer_price(domain, tld, transfer.period, &transfer.gaining)?;
        let what = format!("the transfer of {name}");
        self.charge(&transfer.gaining, price, &what)
            .map_err(|error| self.credit_hint(&transfer.gaining, error))?;
        let partner = self.bundle_partner(&transfer.domain, losing);
        for part in std::iter::once(name.to_owned()).chain(partner) {
            self.move_in(&part, transfer, losing, at);
        }
        // INTERNALDNS=1: the zone, unless another account holds it (nothing to refuse now).
        if transfer.internal_dns
            && self
                .check_internal_zone(&transfer.gaining, &transfer.domain)
                .is_ok()
        {
            self.ensure_internal_zone(&transfer.gaining, &transfer.domain, at, &transfer.gaining);
        }
        self.log_transfer_completed(transfer, at);
        Ok(())
    }

    /// Moves one domain of a completed transfer into the gaining account
    /// (the §3.4 table of the design note).
    fn move_in(&mut self, name: &str, transfer: &Transfer, losing: &str, at: Timestamp) {
        let contacts = self.gaining_contacts(name, transfer, at);
        let tld = self
            .domains
            .get(name)
            .and_then(|domain| catalogue::find(&domain.name));
        // Codes of .de/.eu/.be come on request only; sent nameservers are
        // applied only where the registry applies them (.de .dk .nl).
        let auth = match tld.and_then(|tld| tld.auth_on_request) {
            Some(_) => String::new(),
            None => self.random_code(12),
        };
        let nameservers = tld
            .filter(|tld| tld.transfer_applies_nameservers && !transfer.nameservers.is_empty())
            .map(|_| transfer.nameservers.clone());
        let gaining = transfer.gaining.clone();
        let (period, internal_dns) = (transfer.period, transfer.internal_dns);
        let transfer_lock = transfer.transfer_lock;
        // The gaining account's default renewal mode from now on; the queue
        // key is kept by modify_domain.
        let lifecycle = self.new_lifecycle(&gaining);
        self.modify_domain(name, |domain| {
            if period.months > 0 {
                let limit = at.plus(Period::years(MAX_YEARS));
                domain.expires = domain.expires.plus(period).min(limit);
            }
            domain.paid_until = domain.paid_until.max(domain.expires);
            domain.owner = gaining.as_str().into();
            domain.updated = at;
            domain.updated_by = gaining.into();
            domain.extra_mut().transferred = Some(at);
            domain.contacts = contacts.into();
            domain.auth = auth;
            domain.extra_mut().auth_expires = None;
            if let Some(nameservers) = nameservers {
                domain.nameservers = nameservers;
            }
            domain.transfer_lock = transfer_lock;
            domain.flags.clear();
            domain.renewal_mode = RenewalMode::Default;
            domain.extra_mut().renewal_period = None;
            domain.id_protection = false;
            domain.internal_dns = internal_dns;
            domain.add_grace = None;
            domain.lifecycle = lifecycle;
        });
        self.move_hosts_under(name, losing, &transfer.gaining, at);
    }

    /// The second half of `name`'s bundle (`x.ong` for `x.ngo`) if `owner`
    /// holds it: it moves with the first.
    pub fn bundle_partner(&self, name: &DomainName, owner: &str) -> Option<String> {
        let Rule::Bundle(zone) = catalogue::find(name)?.rule else {
            return None;
        };
        let partner = format!("{}.{zone}", name.first_label());
        self.domains
            .get(&partner)
            .is_some_and(|domain| domain.owner == owner)
            .then_some(partner)
    }

    /// The first half of the bundle `name` (held by `owner`) is the second
    /// half of: `x.ngo` for `x.ong`, if `owner` holds it.
    pub fn bundle_main(&self, name: &DomainName, owner: &str) -> Option<String> {
        let tld = catalogue::find(name)?;
        let main = catalogue::TLDS
            .iter()
            .find(|other| other.rule == Rule::Bundle(tld.zone))?;
        let main = format!("{}.{}", name.first_label(), main.zone);
        self.domains
            .get(&main)
            .is_some_and(|domain| domain.owner == owner)
            .then_some(main)
    }

    /// USERTRANSFER: `transfer.gaining` takes the domain over at once, with
    /// no charge; expiry, auth code and the age lock stay as they are,
    /// contacts are copied into the gaining account as at completion.
    pub fn user_transfer(&mut self, transfer: &Transfer, at: Timestamp) {
        let Some(losing) = transfer.losing.as_deref() else {
            return;
        };
        let partner = self.bundle_partner(&transfer.domain, losing);
        for name in std::iter::once(transfer.domain.as_str().to_owned()).chain(partner) {
            let contacts = self.gaining_contacts(&name, transfer, at);
            let gaining = transfer.gaining.clone();
            let lifecycle = self.new_lifecycle(&gaining);
            self.modify_domain(&name, |domain| {
                domain.owner = gaining.as_str().into();
                domain.updated = at;
                domain.updated_by = gaining.into();
                domain.contacts = contacts.into();
                domain.lifecycle = lifecycle;
            });
            self.move_hosts_under(&name, losing, &transfer.gaining, at);
        }
        self.log_user_transfer(transfer.domain.as_str(), losing, &transfer.gaining, at);
    }

    /// The contacts a transferred domain gets: per role the handle sent
    /// with the request, else copies of the losing side's contacts in the
    /// gaining account (an identical contact of it if there is one).
    fn gaining_contacts(
        &mut self,
        name: &str,
        transfer: &Transfer,
        at: Timestamp,
    ) -> [Vec<String>; 4] {
        let current = self
            .domains
            .get(name)
            .map(|domain| domain.contacts.to_lists())
            .unwrap_or_default();
        let mut roles: [Vec<String>; 4] = Default::default();
        for (index, handles) in current.into_iter().enumerate() {
            roles[index] = match &transfer.contacts[index] {
                Some(sent) => vec![sent.clone()],
                None => handles
                    .iter()
                    .map(|id| self.copy_contact(id, &transfer.gaining, at))
                    .collect(),
            };
        }
        roles
    }

    /// The handle of a copy of contact `id` held by `owner` (the contact
    /// itself if `owner` holds it already).
    pub(super) fn copy_contact(&mut self, id: &str, owner: &str, at: Timestamp) -> String {
        let Some(contact) = self.contacts.get(id) else {
            return id.to_owned();
        };
        if contact.owner == owner {
            return id.to_owned();
        }
        let (data, extensions) = (contact.data.clone(), contact.extensions.clone());
        if let Some(same) = self.identical_contact(owner, &data) {
            return same.to_owned();
        }
        let new_id = self.new_contact_id(&data);
        let auth = self.random_code(12);
        self.insert_contact(Contact {
            id: new_id.clone(),
            owner: owner.to_owned(),
            data,
            auth,
            created: at,
            created_by: owner.to_owned(),
            updated: at,
            updated_by: owner.to_owned(),
            extensions,
        });
        new_id
    }

    /// Subordinate hosts the losing account held under `domain` follow it.
    fn move_hosts_under(&mut self, domain: &str, losing: &str, gaining: &str, at: Timestamp) {
        let names: Vec<String> = self
            .hosts_under(domain)
            .filter(|host| host.owner == losing)
            .map(|host| host.name.as_str().to_owned())
            .collect();
        for name in names {
            if let Some(mut host) = self.remove_host(&name) {
                host.owner = gaining.to_owned();
                host.updated = at;
                host.updated_by = gaining.to_owned();
                self.insert_host(host);
            }
        }
    }
}

#[cfg(test)]
#[path = "transfer_tests.rs"]
mod tests;
