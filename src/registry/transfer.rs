//! Domain transfers between the sandbox's accounts (issue 12): the pending
//! [`Transfer`] records (one per domain name) with the gaining and losing
//! accounts' indexes, the deadline job of the clock, the age lock and the
//! transfer price; completion, in which the charge and the move of
//! ownership happen together or not at all, is its child
//! `transfer_completion.rs`. Data and rules only: the wire
//! parameters are read in `command/transfer.rs`. Must not touch the object
//! log or events (not recorded yet).

use super::catalogue::{self, Tld};
use super::date::Period;
use super::lifecycle::MAX_YEARS;
use super::name::DomainName;
use super::{Domain, Money, System, Timestamp};
use crate::error::{Error, Result};
use crate::registry::pricing::Action;

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
    /// TransferDomain's `EMAIL*` customisation of the confirmation mail.
    pub mail: Option<Box<super::outbox_transfer::TransferMail>>,
    /// The domain's `X-` fields sent with the request (checked then), set
    /// on the domain at completion as a trade's are.
    #[serde(default)]
    pub extensions: Vec<(String, String)>,
    /// The key of the deadline job, while queued.
    job: Option<(Timestamp, u64)>,
}

impl Transfer {
    /// The nameservers sent with the request replace `domain`'s at
    /// completion (the reference: "assigned to the domain after the transfer
    /// is finished"); none sent keeps them.
    pub(super) fn apply_nameservers(&self, domain: &mut Domain) {
        if !self.nameservers.is_empty() {
            domain.nameservers.clone_from(&self.nameservers);
        }
    }

    /// The `X-` fields sent with the request are set on the transferred
    /// domain itself (not on a bundle partner, whose zone has its own
    /// fields); the domain's other fields stay.
    pub(super) fn apply_extensions(&self, domain: &mut Domain) {
        if domain.name != self.domain {
            return;
        }
        for (field, value) in &self.extensions {
            domain.set_extension(field, value);
        }
    }

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
            mail: None,
            extensions: Vec::new(),
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

    /// The pending transfer (the first by name) whose domain takes `host`
    /// as a nameserver on completion: DeleteNameserver and a rename of the
    /// host wait for it, as they wait for the domains using it.
    pub fn transfer_naming_host(&self, host: &str) -> Option<&str> {
        self.transfers
            .iter()
            .filter(|(_, transfer)| {
                transfer
                    .nameservers
                    .iter()
                    .any(|ns| ns.eq_ignore_ascii_case(host))
            })
            .map(|(name, _)| name.as_str())
            .min()
    }

    /// The pending transfer (the first by name) that puts the contact
    /// `handle` on its domain on completion: DeleteContact waits for it, as
    /// it waits for the domains using the handle.
    pub fn transfer_naming_contact(&self, handle: &str) -> Option<&str> {
        self.transfers
            .iter()
            .filter(|(_, transfer)| transfer.contacts.iter().flatten().any(|c| c == handle))
            .map(|(name, _)| name.as_str())
            .min()
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

    /// Whether `domain` (of zone `tld`), or the bundle it moves with, has
    /// a transfer pending: [`System::refuse_pending_transfer`]'s `553` for
    /// a domain in hand, without looking it or its zone up again
    /// (StatusDomain asks on every call).
    pub fn transfer_pending(&self, domain: &Domain, tld: &Tld) -> bool {
        if self.transfers.is_empty() || domain.requested_create().is_some() {
            return false;
        }
        self.transfers.contains_key(domain.name.as_str())
            || (matches!(tld.rule, catalogue::Rule::BundledWith(_))
                && self
                    .bundle_main(&domain.name, &domain.owner)
                    .is_some_and(|main| self.transfers.contains_key(&main)))
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
        match &domain.premium {
            Some(premium) => {
                let years = (period.months / 12).max(1);
                let amount = premium.renewal.0 * rust_decimal::Decimal::from(years);
                self.in_currency_of(gaining, Money(amount), premium.currency)
            }
            None => self.domain_price(gaining, tld, Action::Transfer),
        }
    }
}

#[path = "transfer_completion.rs"]
mod completion;

#[cfg(test)]
#[path = "transfer_tests.rs"]
mod tests;
