//! The last failed transfer per domain name (design note §3.2 `finished`,
//! §6): a transfer denied by the losing side, or whose completion failed
//! (the gaining side could not pay, the domain moved or was deleted), kept
//! with a `[FAILED]` log line so that the CentralNic Reseller face's
//! StatusDomainTransfer can answer `transferstatus = FAILED` to the account
//! that requested it (WHMCS compares the lower-cased value to `failed`).
//! One record per name, replaced by the next failure and dropped by the
//! next request: bounded by the names ever transferred. Must not touch
//! pending transfers (`transfer.rs`).

use super::{System, Timestamp, Transfer};

impl System {
    /// The last failed transfer of `name`, if no request came since.
    pub fn failed_transfer(&self, name: &str) -> Option<&Transfer> {
        self.failed_transfers.get(name)
    }

    /// Keeps `transfer` (already taken out of the pending table) as the
    /// last failed one of its name, its log ending in `[FAILED] reason`.
    pub fn record_failed_transfer(&mut self, mut transfer: Transfer, at: Timestamp, reason: &str) {
        transfer.updated = at;
        transfer
            .log
            .push(format!("{} [FAILED] {reason}", at.datetime()));
        let name = transfer.domain.as_str().to_owned();
        self.failed_transfers.insert(name, transfer);
    }

    /// A new request of `name` replaces its last failure.
    pub(super) fn forget_failed_transfer(&mut self, name: &str) {
        self.failed_transfers.remove(name);
    }
}
