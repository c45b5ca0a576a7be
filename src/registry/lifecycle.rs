//! The domain lifecycle on the sandbox clock (issue 12): a domain's billing
//! dates ([`Dates`]), the one point where it next falls due ([`next_due`]),
//! and what the clock's jobs do there: the auto-renewal (charged at
//! ACCOUNTINGDATE, retried once at FAILUREDATE, then the domain expires),
//! AUTOEXPIRE and AUTODELETE at FAILUREDATE, the registry catching up with a
//! renewal paid ahead, and the purge of a deleted domain after its
//! restorable period. Keeps the invariant that every live domain and every
//! deleted one has exactly one entry in the due queue, whose key it stores
//! ([`Lifecycle::due`]): `domain.rs` calls the hooks here from its insert,
//! change and removal functions. Knows no wire text and touches no other
//! object than the domain and its account's balance (and, through
//! `bundle.rs`, a bundle's second half, which follows its first).

use super::catalogue::{self, Tld};
use super::clock::Job;
use super::date::Period;
use super::objectlog::{LogEntry, Op, OpStatus, SUCCESS};
pub use super::pricing::{per_year, premium_renewal};
use super::unrenew::AutoRenewal;
use super::{Domain, Money, RenewalMode, System, Timestamp};
use crate::error::{Error, Result};
use crate::registry::{LedgerItem, LedgerKind};

/// Days before the paid-until date when the renewal is accounted (`ACCOUNTINGPERIOD`).
pub const ACCOUNTING_DAYS: u64 = 5;
/// Days after the paid-until date when the renewal is final (`FINALIZATIONPERIOD`).
pub const FINALIZATION_DAYS: u64 = 1;

/// The environment setting holding an account's default renewal mode
/// (`SetEnvironment ENVIRONMENTKEY=domain ENVIRONMENTNAME=renewalmode`).
pub const DEFAULT_MODE_SETTING: (&str, &str) = ("domain", "renewalmode");

/// A domain's place on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Lifecycle {
    /// The key of its one queue entry (a `Job::Domain` while it is live, a
    /// `Job::Purge` while it is deleted).
    pub due: (Timestamp, u64),
    /// What `DEFAULT` means for it: the account's default renewal mode when
    /// it was registered (later changes of the setting do not reach it).
    pub default_mode: RenewalMode,
    /// The auto-renewal at ACCOUNTINGDATE could not be paid: one more try at
    /// FAILUREDATE, then it expires.
    pub renew_failed: bool,
    /// The clock's latest auto-renewal, undoable in its grace period (`unrenew.rs`).
    pub auto_renewed: Option<AutoRenewal>,
}

impl Default for Lifecycle {
    fn default() -> Lifecycle {
        Lifecycle {
            due: (Timestamp(0), 0),
            default_mode: RenewalMode::AutoRenew,
            renew_failed: false,
            auto_renewed: None,
        }
    }
}

/// The billing dates of a domain with the recipe of whmcs-module.md §1.4:
/// EXPIRATIONDATE = REGISTRATIONEXPIRATIONDATE = the registry expiry,
/// PAIDUNTILDATE = paid until (the same, except after PayDomainRenewal
/// until the registry catches up), and from PAIDUNTILDATE: FINALIZATIONDATE
/// one day later, FAILUREDATE the zone's grace days later (at least one, so
/// FAILUREDATE > PAIDUNTILDATE and WHMCS shows exactly PAIDUNTILDATE),
/// ACCOUNTINGDATE five days before (the offsets of the doc's examples).
#[derive(Debug, Clone, Copy)]
pub struct Dates {
    pub accounting: Timestamp,
    pub expiration: Timestamp,
    pub paid_until: Timestamp,
    pub finalization: Timestamp,
    pub failure: Timestamp,
    pub grace_days: u64,
}

impl Dates {
    pub fn of(domain: &Domain, tld: &Tld) -> Dates {
        Dates::with_grace(domain, tld.grace_days)
    }

    fn with_grace(domain: &Domain, grace_days: u32) -> Dates {
        let grace_days = u64::from(grace_days.max(1));
        let paid_until = domain.paid_until;
        Dates {
            accounting: paid_until.minus_days(ACCOUNTING_DAYS),
            expiration: domain.expires,
            paid_until,
            finalization: paid_until.plus_days(FINALIZATION_DAYS),
            failure: paid_until.plus_days(grace_days),
            grace_days,
        }
    }
}

/// What happens at a domain's due point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The registry expiry catches up with a renewal paid ahead (no charge).
    CatchUp,
    /// The auto-renewal is charged (or tried again after a 546).
    Renew,
    /// AUTOEXPIRE: the domain expires into the restorable deleted state.
    Expire,
    /// AUTODELETE: the same move, as a deletion.
    Delete,
}

impl Domain {
    /// The renewal mode that acts: `DEFAULT` is the domain's default mode.
    pub fn acting_mode(&self) -> RenewalMode {
        match (self.renewal_mode, self.lifecycle.default_mode) {
            (RenewalMode::Default, RenewalMode::Default) => RenewalMode::AutoRenew,
            (RenewalMode::Default, mode) => mode,
            (mode, _) => mode,
        }
    }

    /// The period an automatic renewal adds: the domain's renewal period,
    /// one month for AUTORENEWMONTHLY, three for AUTORENEWQUARTERLY, else
    /// the zone's first renewal period.
    pub fn auto_renewal_period(&self, tld: &Tld) -> Period {
        match self.acting_mode() {
            RenewalMode::AutoRenewMonthly => return Period { months: 1 },
            RenewalMode::AutoRenewQuarterly => return Period { months: 3 },
            _ => {}
        }
        self.renewal_period()
            .or(tld.renewal_periods.first().copied())
            .unwrap_or(Period::years(1))
    }
}

/// When `domain` next falls due on the clock, and what happens then.
pub fn next_due(domain: &Domain, tld: Option<&Tld>) -> (Timestamp, Due) {
    if domain.paid_until > domain.expires {
        return (domain.expires, Due::CatchUp);
    }
    let dates = Dates::with_grace(domain, tld.map_or(1, |tld| tld.grace_days));
    match domain.acting_mode() {
        RenewalMode::AutoExpire | RenewalMode::ExpireAuction => (dates.failure, Due::Expire),
        RenewalMode::AutoDelete => (dates.failure, Due::Delete),
        _ if domain.lifecycle.renew_failed => (dates.failure, Due::Renew),
        _ => (dates.accounting, Due::Renew),
    }
}

/// What StatusDomain and the lists show as `NEXTACTION` / `NEXTACTIONDATE`:
/// `pay` at ACCOUNTINGDATE (at FAILUREDATE after a failed auto-renewal),
/// `expire` / `delete` at FAILUREDATE.
pub fn next_action(domain: &Domain, dates: &Dates) -> (&'static str, Timestamp) {
    match domain.acting_mode() {
        RenewalMode::AutoExpire | RenewalMode::ExpireAuction => ("expire", dates.failure),
        RenewalMode::AutoDelete => ("delete", dates.failure),
        _ if domain.lifecycle.renew_failed => ("pay", dates.failure),
        _ => ("pay", dates.accounting),
    }
}

/// How far ahead of now a domain may be registered, renewed, paid or moved
/// by a transfer: ten years (RenewDomain, PayDomainRenewal, transfers).
pub const MAX_YEARS: u32 = 10;

/// Checks a SetEnvironment value of [`DEFAULT_MODE_SETTING`] (other
/// settings pass): `541` unless it is AUTORENEW, AUTOEXPIRE, AUTODELETE or
/// RENEWONCE (any case; empty unsets it).
pub fn check_default_mode(key: &str, name: &str, value: Option<&str>, param: &str) -> Result<()> {
    let value = value.unwrap_or_default();
    if (key, name) != DEFAULT_MODE_SETTING || value.is_empty() {
        return Ok(());
    }
    match RenewalMode::parse(value) {
        Some(
            RenewalMode::AutoRenew
            | RenewalMode::AutoExpire
            | RenewalMode::AutoDelete
            | RenewalMode::RenewOnce,
        ) => Ok(()),
        _ => Err(Error::invalid(
            param,
            format_args!(
                "({}) is not AUTORENEW, AUTOEXPIRE, AUTODELETE or RENEWONCE \
                 (the default renewal mode of new domains)",
                // Echoed as letters and digits only, at most 32 (no brace tokens).
                value
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .take(32)
                    .collect::<String>()
            ),
        )),
    }
}

impl System {
    /// The lifecycle of a domain `owner` registers now: its DEFAULT follows
    /// the account's default renewal mode as set now.
    pub fn new_lifecycle(&self, owner: &str) -> Lifecycle {
        let (key, name) = DEFAULT_MODE_SETTING;
        let default_mode = self
            .environment_value(owner, key, name, 0)
            .and_then(RenewalMode::parse)
            .unwrap_or(RenewalMode::AutoRenew);
        Lifecycle {
            default_mode,
            ..Lifecycle::default()
        }
    }

    /// (Re)queues the live domain `name` at its next due point, replacing
    /// whatever entry it had.
    pub(super) fn queue_domain(&mut self, name: &str) {
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        let (at, _) = next_due(domain, catalogue::find(&domain.name));
        let old = domain.lifecycle.due;
        self.unschedule(old);
        let key = self.schedule(at, Job::Domain(name.into()));
        if let Some(domain) = self.domains.get_mut(name) {
            domain.lifecycle.due = key;
        }
    }

    /// After a change of `name`: moves its entry if its due point moved.
    pub(super) fn requeue_domain(&mut self, name: &str) {
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        let (at, _) = next_due(domain, catalogue::find(&domain.name));
        if at != domain.lifecycle.due.0 {
            self.queue_domain(name);
        }
    }

    /// Queues the purge of the deleted domain `name` one second after its
    /// last restorable second (RestoreDomain and the availability check
    /// count `restorable_until` itself as restorable).
    pub(super) fn queue_purge(&mut self, name: &str) {
        let Some(deleted) = self.deleted.get(name) else {
            return;
        };
        let at = deleted.free_at();
        let old = deleted.domain.lifecycle.due;
        self.unschedule(old);
        let key = self.schedule(at, Job::Purge(name.into()));
        if let Some(deleted) = self.deleted.get_mut(name) {
            deleted.domain.lifecycle.due = key;
        }
    }

    /// A `Job::Domain`: the domain reached its due point at `at`.
    pub(super) fn domain_due(&mut self, name: &str, at: Timestamp) {
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        // A bundle falls due as one, its first half's job doing both (`bundle.rs`).
        if let Some(main) = self.bundle_main(&domain.name, &domain.owner) {
            return self.second_half_due(name, &main, at);
        }
        let partner = self.bundle_partner(&domain.name, &domain.owner);
        let tld = catalogue::find(&domain.name);
        let (due, what) = next_due(domain, tld);
        if due > at {
            // Not yet (cannot happen while the invariant holds): queue it again.
            return self.queue_domain(name);
        }
        let Some(tld) = tld else {
            return self.queue_domain(name);
        };
        match what {
            Due::CatchUp => self.catch_up(name, tld),
            Due::Renew => self.auto_renew(name, tld, at),
            Due::Expire => self.expire(name, tld, at, "AUTOEXPIRE"),
            Due::Delete => self.expire(name, tld, at, "AUTODELETE"),
        }
        if let Some(partner) = partner {
            self.carry_due(name, &partner, what, at);
        }
    }

    /// The registry renews a domain whose renewal was paid ahead, up to the
    /// paid-until date; nothing is charged.
    fn catch_up(&mut self, name: &str, tld: &Tld) {
        if let Some(domain) = self.domains.get_mut(name) {
            let period = domain.auto_renewal_period(tld);
            domain.expires = domain.expires.plus(period).min(domain.paid_until);
        }
        self.queue_domain(name);
    }

    /// Charges the auto-renewal; on `546` tries once more at FAILUREDATE,
    /// then lets the domain expire.
    fn auto_renew(&mut self, name: &str, tld: &Tld, at: Timestamp) {
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        let period = domain.auto_renewal_period(tld);
        let owner = domain.owner.clone();
        let retry = domain.lifecycle.renew_failed;
        let price = self.renewal_price_for(domain, tld, period);
        let what = format!("the renewal of {name} for {period}");
        let outcome = match price {
            Some(price) => {
                let item = LedgerItem {
                    kind: LedgerKind::RenewDomain,
                    description: name,
                    months: period.months,
                    price,
                    what: &what,
                    above: Some(&|system: &System, account: &str| {
                        system.renewal_price_by_name(name, tld, period, account)
                    }),
                };
                self.charge(&owner, at, item).map(|()| price)
            }
            None => Err(Error::CommandFailed(format!("no price for {what}"))),
        };
        let charged = outcome.as_ref().ok().copied();
        self.log_renewal(name, &owner, at, period, outcome);
        if charged.is_none() && retry {
            return self.expire(name, tld, at, "expired after the failed renewal");
        }
        let entry = charged.and_then(|_| {
            (self
                .ledger
                .charged_at(&owner, LedgerKind::RenewDomain, name, at))
            .map(|entry| entry.id)
        });
        if let Some(domain) = self.domains.get_mut(name) {
            if let Some(price) = charged {
                let from = domain.expires;
                domain.lifecycle.auto_renewed =
                    AutoRenewal::new(tld, at, from, period, (price, entry));
                domain.expires = domain.expires.plus(period);
                domain.paid_until = domain.paid_until.plus(period);
                domain.lifecycle.renew_failed = false;
                // RENEWONCE, set or as what DEFAULT means, renews once.
                if domain.acting_mode() == RenewalMode::RenewOnce {
                    domain.renewal_mode = RenewalMode::AutoExpire;
                }
            } else {
                domain.lifecycle.renew_failed = true;
            }
        }
        self.queue_domain(name);
    }

    /// The domain leaves its account into the deleted table, restorable for
    /// the zone's restorable days, nothing refunded.
    pub(super) fn expire(&mut self, name: &str, tld: &Tld, at: Timestamp, why: &str) {
        let Some(domain) = self.domains.get_mut(name) else {
            return;
        };
        domain.lifecycle.renew_failed = false;
        let owner = domain.owner.clone();
        // A transfer pending on the name ends with it: the domain is not the
        // losing side's to give any more (a restore would not revive it).
        if let Some(transfer) = self.take_transfer(name) {
            let reason = format!("{name} was deleted at the losing registrar ({why})");
            self.fail_transfer(transfer, at, &reason);
        }
        let until = at.plus_days(u64::from(tld.restorable_days));
        self.delete_domain(name, at, until, Money::from_cents(0));
        let (op, kind) = match why {
            "AUTODELETE" => (Op::Delete, ("DOMAIN_DELETION", "DELETION_SUCCESSFUL")),
            _ => (Op::Expire, ("DOMAIN_EXPIRATION", "EXPIRED")),
        };
        let text = format!("{SUCCESS}; {why}");
        // AUTOEXPIRE / AUTODELETE, or the failed auto-renewal's last step.
        let job = if why.contains(' ') { "AUTORENEW" } else { why };
        let ok = (op, OpStatus::Successful);
        let entry = LogEntry::job(at, &owner, name, ok, job, 200, &text);
        self.log_object(entry);
        self.deletion_event(name, kind, why);
    }

    /// A `Job::Purge`: the deleted domain `name` is gone for good (CheckDomains
    /// answers it free, QueryObjectList DELETEDDOMAIN no longer lists it).
    pub(super) fn purge_due(&mut self, name: &str, at: Timestamp) {
        if self
            .deleted
            .get(name)
            .is_some_and(|deleted| deleted.restorable_until < at)
            && let Some(gone) = self.unlist_deleted(name)
        {
            let owner = &gone.domain.owner;
            let info = "restorable period over; the name is free";
            let text = format!("{SUCCESS}; {info}");
            let entry = (Op::Delete, OpStatus::Final, "PURGE", 200, text.as_str());
            let data = format!("domain:{name}");
            let event = (
                "DOMAIN_DELETION",
                "DELETION_FINAL",
                &[data.as_str()][..],
                info,
            );
            self.job_outcome(at, owner, name, entry, event);
            self.drop_hosts_under(name);
            self.name_dropped(name, at);
        }
    }
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
pub(super) mod tests;
