//! The registrar-FAQ rules of transfers that differ by zone or by name
//! (design note §3.1, §4.6–§4.8, §7): which transfers fail at the end of
//! their pending period (`.uk` without the losing registrar's push,
//! `transfer-reject-*` names), the record of the last failed transfer of a
//! name (so that the failure stays visible), the auth-code validity (.de
//! AuthInfo1 expires), the registry lock of `transfer-locked-*` names, and
//! domains that leave the sandbox by PushDomain (kept as outside names).
//! Must not touch the pending-transfer indexes (`transfer.rs`) or the wire.

use super::catalogue::{self, AuthRule};
use super::scenario::Scenario;
use super::{Domain, System, Timestamp, Transfer};

/// The EPP status of a registry lock (`transfer-locked-*` names).
pub const REGISTRY_LOCK: &str = "serverTransferProhibited";

/// What the sandbox remembers of a domain that left it by PushDomain: its
/// real dates, which the other registrar's whois keeps showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PushedOut {
    pub created: Timestamp,
    pub expires: Timestamp,
}

impl Domain {
    /// Whether the registry itself forbids transfers (`transfer-locked-*`).
    pub fn registry_locked(&self) -> bool {
        self.flags.iter().any(|flag| flag == REGISTRY_LOCK)
    }

    /// Whether `code` is the domain's auth code at `now`: not empty, equal,
    /// and not expired (.de AuthInfo1 codes last 30 days).
    pub fn auth_matches(&self, code: &str, now: Timestamp) -> bool {
        !self.auth.is_empty()
            && self.auth == code
            && self.auth_expires.is_none_or(|until| now < until)
    }
}

impl System {
    /// Why a transfer ends as failed when its pending period is over, if it
    /// does: the losing registrar rejects (`transfer-reject-*`), or a `.uk`
    /// domain was not pushed to our tag.
    pub(super) fn fails_at_deadline(&self, transfer: &Transfer) -> Option<String> {
        if transfer.losing.is_none() && Scenario::of(&transfer.domain) == Some(Scenario::Reject) {
            return Some("rejected by the losing registrar".to_owned());
        }
        match catalogue::find(&transfer.domain)?.transfer_auth {
            AuthRule::Tag(tag) => Some(format!(
                "the losing registrar did not release the domain to {tag}"
            )),
            AuthRule::Required | AuthRule::Refused => None,
        }
    }

    /// Ends `transfer` (taken out of the table already) as failed at `at`
    /// for `reason`: nothing moves, nothing is charged; the record, its log
    /// ending in `[FAILED] <reason>`, stays as the name's last finished
    /// transfer (StatusDomainTransfer's 545 text and the CNR face's
    /// `transferstatus = FAILED` read it).
    ///
    /// Hook for the object log (design note §5.1): the gaining side's
    /// `INBOUND_TRANSFER/FAILED` and the losing side's
    /// `OUTBOUND_TRANSFER/DENIED|FAILED` entries, and the `TRANSFER_FAILED` /
    /// `TRANSFEROUT_FAILED` events, are written here once the log exists.
    pub fn fail_transfer(&mut self, mut transfer: Transfer, at: Timestamp, reason: &str) {
        transfer.updated = at;
        transfer
            .log
            .push(format!("{} [FAILED] {reason}", at.datetime()));
        let name = transfer.domain.as_str().to_owned();
        self.failed_transfers.insert(name, transfer);
    }

    /// The last transfer of `name` that failed, if no later one was
    /// requested since.
    pub fn failed_transfer(&self, name: &str) -> Option<&Transfer> {
        self.failed_transfers.get(name)
    }

    /// A new request replaces the record of the name's last failure.
    pub(super) fn forget_failed_transfer(&mut self, name: &str) {
        self.failed_transfers.remove(name);
    }

    /// Appends a TRANSFERLOG line to the pending transfer of `name`
    /// (ResendDomainTransferConfirmationEmails); `false` when none is pending.
    pub fn log_transfer(&mut self, name: &str, at: Timestamp, line: &str) -> bool {
        let Some(transfer) = self.transfers.get_mut(name) else {
            return false;
        };
        transfer.updated = at;
        transfer.log.push(format!("{} {line}", at.datetime()));
        true
    }

    /// The domain `name` leaves the sandbox at `at` (PushDomain to another
    /// registrar's tag or to DENIC's transit): it is removed from its
    /// account and held "at another registrar" from now on, with its dates.
    ///
    /// Hook for the object log: the losing side's
    /// `OUTBOUND_TRANSFER/SUCCESSFUL` entry (WHMCS Sync: "Transferred Away")
    /// and the `TRANSFEROUT_SUCCESSFUL` event belong here.
    pub fn push_out(&mut self, name: &str, _at: Timestamp) -> Option<Domain> {
        let domain = self.remove_domain(name)?;
        let kept = PushedOut {
            created: domain.created,
            expires: domain.expires,
        };
        self.pushed_out.insert(name.to_owned(), kept);
        Some(domain)
    }

    /// The dates of `name` if it left the sandbox by PushDomain.
    pub fn pushed_out(&self, name: &str) -> Option<PushedOut> {
        self.pushed_out.get(name).copied()
    }

    /// A pushed-out name came back (transferred in again).
    pub(super) fn forget_pushed_out(&mut self, name: &str) {
        self.pushed_out.remove(name);
    }
}
