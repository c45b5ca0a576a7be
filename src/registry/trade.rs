//! Pending trades (issue 12, design note §4.10): an ICANN trade (registrant
//! change) sent without both Designated-Agent confirmations waits for the
//! registrants, [`TRADE_DAYS`] on the sandbox clock, and is then confirmed
//! by the clock's `Job::Trade`: charged at the zone's trade price and
//! applied together, or failed (a `546`, the domain gone or moved) with
//! nothing changed but its log entry and event. Also owns the post-trade
//! transfer lock ([`TRADE_LOCK_DAYS`]) that an ICANN trade sets unless the
//! request opted out. Data and rules only: the wire parameters are read in
//! `command/domain/trade.rs`. Touches a domain only through
//! `modify_domain` and never a transfer.

use super::catalogue::{self, Tld};
use super::name::DomainName;
use super::objectlog::{LogEntry, Op, OpStatus, SUCCESS};
use super::{Domain, HashMap, Money, System, Timestamp};
use crate::error::{Error, Result};
use crate::registry::pricing::Action;
use crate::registry::{LedgerItem, LedgerKind};

/// Days the registrants have to confirm before the trade is auto-confirmed.
pub const TRADE_DAYS: u64 = 5;
/// Days an ICANN trade locks the domain against transfers (IRTP-C).
pub const TRADE_LOCK_DAYS: u64 = 60;

const CLASS: &str = "DOMAIN_TRADE";

/// A trade requested and not yet confirmed or cancelled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Trade {
    pub domain: DomainName,
    /// The account holding the domain at the request (it pays).
    pub account: String,
    /// Who acted for it (`account` or `account!role`).
    pub requested_by: String,
    pub requested: Timestamp,
    pub updated: Timestamp,
    /// When the clock confirms it.
    pub deadline: Timestamp,
    /// The contacts before the trade, per role.
    pub old_contacts: [Vec<String>; 4],
    /// The contacts after it, per role (roles not sent keep the old ones).
    pub contacts: [Vec<String>; 4],
    /// `X-` fields sent with the trade, set at confirmation.
    pub extensions: Vec<(String, String)>,
    /// `X-REQUEST-OPT-OUT-TRANSFERLOCK=1`: no post-trade lock.
    pub opt_out_lock: bool,
    /// TRANSFERLOG lines: `<date> [<STATE>] <text>`.
    pub log: Vec<String>,
    job: Option<(Timestamp, u64)>,
}

impl Trade {
    /// A trade of `domain` requested at `now` by `by` for the domain's
    /// owner, to `contacts`.
    pub fn new(domain: &Domain, by: String, now: Timestamp, contacts: [Vec<String>; 4]) -> Trade {
        let log = vec![
            format!("{} [REQUESTED] domain trade initiated", now.datetime()),
            format!(
                "{} [UNCONFIRMED] created APPROVE confirmation email for the old and the new registrant",
                now.datetime()
            ),
        ];
        Trade {
            domain: domain.name.clone(),
            account: domain.owner.to_string(),
            requested_by: by,
            requested: now,
            updated: now,
            deadline: now.plus_days(TRADE_DAYS),
            old_contacts: domain.contacts.to_lists(),
            contacts,
            extensions: Vec::new(),
            opt_out_lock: false,
            log,
            job: None,
        }
    }
}

/// A system's pending trades and post-trade locks.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Trades {
    #[serde(with = "crate::registry::serial::sorted")]
    pending: HashMap<String, Trade>,
    /// Lock end per domain name, with the creation date of the domain it
    /// was set on (a name deleted and registered again is not locked).
    #[serde(with = "crate::registry::serial::sorted")]
    locks: HashMap<String, (Timestamp, Timestamp)>,
}

/// Hands `use_it` the TRADE_DOMAIN ledger entry of `name` (a zone of `tld`)
/// for `price`, each reseller above paying its own trade price: the one
/// entry the realtime trade charges, a pending trade's balance check asks
/// and its confirmation charges.
pub fn with_trade_item<R>(
    name: &str,
    tld: &'static Tld,
    price: Money,
    use_it: impl FnOnce(LedgerItem<'_>) -> R,
) -> R {
    let what = format!("the trade of {name}");
    let above = |system: &System, account: &str| system.domain_price(account, tld, Action::Trade);
    use_it(LedgerItem {
        kind: LedgerKind::TradeDomain,
        description: name,
        months: 12,
        price,
        what: &what,
        above: Some(&above),
    })
}

impl System {
    /// The pending trade of `name`.
    pub fn pending_trade(&self, name: &str) -> Option<&Trade> {
        self.trades.pending.get(name)
    }

    /// The pending trade (the first by name) that puts the contact `handle`
    /// on its domain once approved: DeleteContact waits for it.
    pub fn trade_naming_contact(&self, handle: &str) -> Option<&str> {
        self.trades
            .pending
            .iter()
            .filter(|(_, trade)| trade.contacts.iter().flatten().any(|c| c == handle))
            .map(|(name, _)| name.as_str())
            .min()
    }

    /// `553` when `name` has a trade pending (the writes a pending transfer
    /// forbids too).
    pub fn refuse_pending_trade(&self, name: &str) -> Result<()> {
        match self.trades.pending.get(name) {
            None => Ok(()),
            Some(trade) => Err(Error::PendingTransfer(format!(
                "{name} has a trade pending until {}; TradeDomain ACTION=cancel cancels it",
                trade.deadline.datetime()
            ))),
        }
    }

    /// `553` when `name` has a transfer or a trade pending: what writes on
    /// a domain check.
    pub fn refuse_pending_change(&self, name: &str) -> Result<()> {
        self.refuse_pending_transfer(name)?;
        self.refuse_pending_trade(name)
    }

    /// Records a pending trade and queues its confirmation; the caller has
    /// checked that none is pending for the name.
    pub fn insert_trade(&mut self, mut trade: Trade) {
        let name = trade.domain.as_str().to_owned();
        let job = super::clock::Job::Trade(name.as_str().into());
        trade.job = Some(self.schedule(trade.deadline, job));
        self.trades.pending.insert(name, trade);
    }

    /// Takes the pending trade of `name` out of the table and the queue.
    pub fn take_trade(&mut self, name: &str) -> Option<Trade> {
        let mut trade = self.trades.pending.remove(name)?;
        if let Some(key) = trade.job.take() {
            self.unschedule(key);
        }
        Some(trade)
    }

    /// Appends `line` to the pending trade's log; false if none is pending.
    pub fn log_trade(&mut self, name: &str, at: Timestamp, line: &str) -> bool {
        let Some(trade) = self.trades.pending.get_mut(name) else {
            return false;
        };
        trade.updated = at;
        trade.log.push(format!("{} {line}", at.datetime()));
        true
    }

    /// Locks `name` (created at `created`) against transfers for
    /// [`TRADE_LOCK_DAYS`] from `at`.
    pub fn set_trade_lock(&mut self, name: &str, created: Timestamp, at: Timestamp) {
        let until = at.plus_days(TRADE_LOCK_DAYS);
        self.trades.locks.insert(name.to_owned(), (until, created));
    }

    /// When the post-trade lock of `domain` ends, while it runs at `now`.
    pub fn trade_lock_until(&self, domain: &Domain, now: Timestamp) -> Option<Timestamp> {
        let (until, created) = *self.trades.locks.get(domain.name.as_str())?;
        (created == domain.created && now < until).then_some(until)
    }

    /// The clock's job: the registrants did not object within
    /// [`TRADE_DAYS`]; the trade is confirmed, or fails with nothing changed.
    pub(super) fn trade_due(&mut self, name: &str, at: Timestamp) {
        let text =
            format!("trade confirmed: the registrants did not object within {TRADE_DAYS} days");
        // The failure is the trade's log entry and event; no caller to answer.
        let _ = self.confirm_trade(name, at, &text);
    }

    /// Takes the pending trade of `name` out of the table and the queue and
    /// confirms it at `at` (`confirmed` says why, in its log entry and
    /// event), or fails it with nothing changed but the trade gone, its log
    /// entry and event: the clock's job. Nothing pending: `Ok`.
    pub(super) fn confirm_trade(
        &mut self,
        name: &str,
        at: Timestamp,
        confirmed: &str,
    ) -> Result<()> {
        let Some(trade) = self.take_trade(name) else {
            return Ok(());
        };
        let domain = format!("domain:{name}");
        match self.complete_trade(&trade, at) {
            Ok(()) => {
                self.trade_succeeded(&trade, at, confirmed);
                Ok(())
            }
            Err(error) => {
                let text = format!(
                    "{} {error}; the trade failed, nothing changed",
                    error.code()
                );
                self.trade_entry(at, &trade.account, name, OpStatus::Failed, &text);
                self.event(
                    at,
                    &trade.account,
                    (CLASS, "TRADE_FAILED"),
                    &[&domain],
                    &text,
                );
                Err(error)
            }
        }
    }

    /// The pending trade of `name` approved at `at` on a command's request
    /// (ActivateDomainTrade, ActivateDomainTransfer ACTION=APPROVE; `confirmed`
    /// says by whom, for the log and the event): confirmed now, as the
    /// clock's job would on the deadline (the job is unscheduled), except
    /// that a trade that cannot complete stays pending with nothing changed
    /// (no log entry, no event) and its error is the answer: the caller may
    /// mend the cause (a top-up) and ask again. Nothing pending: `Ok`.
    pub fn approve_trade_now(&mut self, name: &str, at: Timestamp, confirmed: &str) -> Result<()> {
        let Some(trade) = self.trades.pending.get(name).cloned() else {
            return Ok(());
        };
        self.complete_trade(&trade, at)?;
        self.take_trade(name);
        self.trade_succeeded(&trade, at, confirmed);
        Ok(())
    }

    /// The log entry and event of a confirmed trade.
    fn trade_succeeded(&mut self, trade: &Trade, at: Timestamp, text: &str) {
        let name = trade.domain.as_str();
        let domain = format!("domain:{name}");
        self.trade_entry(at, &trade.account, name, OpStatus::Successful, text);
        self.event(
            at,
            &trade.account,
            (CLASS, "TRADE_SUCCESSFUL"),
            &[&domain],
            text,
        );
    }

    /// Applies `trade` (taken out of the table, or still pending on a
    /// command's request) at `at`: the domain must be
    /// the requesting account's still and the new contacts exist; the charge
    /// is the last fallible step.
    fn complete_trade(&mut self, trade: &Trade, at: Timestamp) -> Result<()> {
        let name = trade.domain.as_str();
        let domain = match self.domains.get(name) {
            Some(domain) if domain.owner == trade.account => domain,
            _ => {
                return Err(Error::ObjectNotFound(format!(
                    "{name} is no longer held by {}",
                    trade.account
                )));
            }
        };
        // A transfer requested meanwhile wins: the trade would change a
        // domain that is about to move.
        if let Some(transfer) = self.transfers.get(name) {
            return Err(Error::PendingTransfer(format!(
                "{name} has a transfer pending until {}",
                transfer.deadline.datetime()
            )));
        }
        if let Some(gone) = trade
            .contacts
            .iter()
            .flatten()
            .find(|id| self.contacts.get(id.as_str()).is_none())
        {
            return Err(Error::ObjectNotFound(format!(
                "contact {gone} of the trade was deleted"
            )));
        }
        let tld = catalogue::find(&domain.name)
            .ok_or_else(|| Error::invalid("DOMAIN", format_args!("{name} has no zone")))?;
        let price = self.domain_price(&trade.account, tld, Action::Trade)?;
        let created = domain.created;
        // The roles the trade changes; the others as they are now (a
        // ModifyDomain of them may have come while the trade was pending).
        let mut contacts = domain.contacts.to_lists();
        for (role, new) in contacts.iter_mut().enumerate() {
            if trade.contacts[role] != trade.old_contacts[role] {
                new.clone_from(&trade.contacts[role]);
            }
        }
        let lock = tld.registrant_change == "ICANN-TRADE" && !trade.opt_out_lock;
        with_trade_item(name, tld, price, |item| {
            self.charge(&trade.account, at, item)
        })?;
        let extensions = &trade.extensions;
        let by = trade.requested_by.clone();
        self.modify_domain(name, |domain| {
            domain.contacts = contacts.into();
            for (field, value) in extensions {
                domain.set_extension(field, value);
            }
            domain.updated = at;
            domain.updated_by = by.into();
        });
        if lock {
            self.set_trade_lock(name, created, at);
        }
        self.ask_registrant_verification(name, at);
        Ok(())
    }

    /// One TRADE entry in `account`'s log, written by the platform.
    fn trade_entry(
        &mut self,
        at: Timestamp,
        account: &str,
        name: &str,
        status: OpStatus,
        text: &str,
    ) {
        let (code, description) = match status {
            OpStatus::Failed => (549, format!("Command failed; {text}")),
            _ => (200, format!("{SUCCESS}; {text}")),
        };
        let entry = LogEntry::job(
            at,
            account,
            name,
            (Op::Trade, status),
            "TRADE",
            code,
            &description,
        );
        self.log_object(entry);
    }
}

#[cfg(test)]
#[path = "trade_tests.rs"]
mod tests;
