//! What a transfer leaves in the object log and the event lists of both
//! sides (design note §5.1, §5.3): the losing side learns of a request, both
//! sides of the completion, failure or cancellation, the losing side of a
//! push out of the sandbox. The request's own `TRANSFER/REQUEST` entry, with
//! the full command WHMCS TransferSync reads, is written by the handler
//! through `Ctx::log`. Writes entries and events only; never changes a
//! transfer or a domain.

use super::objectlog::{LogEntry, Op, OpStatus, SUCCESS};
use super::{System, Timestamp, Transfer};

const CLASS: &str = "DOMAIN_TRANSFER";

/// The reason of a transfer the losing side denied.
pub const DENIED: &str = "denied by the losing registrar";

impl System {
    /// A transfer was requested: the losing side's entry and event, and the
    /// gaining side's event.
    pub(super) fn log_transfer_requested(&mut self, transfer: &Transfer) {
        let (name, at) = (transfer.domain.as_str(), transfer.requested);
        let until = transfer.deadline.datetime();
        let data = [format!("domain:{name}")];
        let data: Vec<&str> = data.iter().map(String::as_str).collect();
        self.event(
            at,
            &transfer.gaining,
            (CLASS, "TRANSFER_PENDING"),
            &data,
            &format!("REQUEST: pending until {until}"),
        );
        if let Some(losing) = transfer.losing.clone() {
            let text = format!(
                "transfer requested; it completes at {until} unless approved or denied first"
            );
            self.transfer_entry(
                at,
                &losing,
                name,
                Op::OutboundTransfer,
                OpStatus::Request,
                &text,
            );
            self.event(
                at,
                &losing,
                (CLASS, "TRANSFEROUT_REQUESTED"),
                &data,
                &format!(
                    "approve or deny with TransferDomain ACTION=APPROVE or DENY until {until}; otherwise it completes"
                ),
            );
        }
    }

    /// The transfer completed at `at`: entries and events on both sides,
    /// saying how (at once, approved, or at the end of the pending period).
    pub(super) fn log_transfer_completed(&mut self, transfer: &Transfer, at: Timestamp) {
        let how = if transfer.deadline == transfer.requested {
            "completed at once: the registry has no pending period for this zone"
        } else if at >= transfer.deadline {
            "auto-approved at the end of the pending period"
        } else {
            "approved by the losing registrar"
        };
        let name = transfer.domain.as_str();
        let expiration = self
            .domains
            .get(name)
            .map(|domain| format!("expiration:{}", domain.expires.datetime()))
            .unwrap_or_default();
        let domain = format!("domain:{name}");
        self.transfer_entry(
            at,
            &transfer.gaining,
            name,
            Op::InboundTransfer,
            OpStatus::Successful,
            how,
        );
        self.event(
            at,
            &transfer.gaining,
            (CLASS, "TRANSFER_SUCCESSFUL"),
            &[&domain, &expiration],
            how,
        );
        if let Some(losing) = transfer.losing.clone() {
            self.transfer_entry(
                at,
                &losing,
                name,
                Op::OutboundTransfer,
                OpStatus::Successful,
                how,
            );
            self.event(
                at,
                &losing,
                (CLASS, "TRANSFEROUT_SUCCESSFUL"),
                &[&domain],
                how,
            );
        }
    }

    /// The transfer failed at `at` for `reason` (`denied`: by the losing
    /// side). The losing side is not told the gaining side's amounts.
    pub(super) fn log_transfer_failed(
        &mut self,
        transfer: &Transfer,
        at: Timestamp,
        reason: &str,
        denied: bool,
    ) {
        let name = transfer.domain.as_str();
        let domain = format!("domain:{name}");
        self.transfer_entry(
            at,
            &transfer.gaining,
            name,
            Op::InboundTransfer,
            OpStatus::Failed,
            reason,
        );
        self.event(
            at,
            &transfer.gaining,
            (CLASS, "TRANSFER_FAILED"),
            &[&domain],
            reason,
        );
        if let Some(losing) = transfer.losing.clone() {
            let (status, text) = if denied {
                (OpStatus::Denied, reason)
            } else {
                (
                    OpStatus::Failed,
                    "the gaining registrar could not complete the transfer",
                )
            };
            self.transfer_entry(at, &losing, name, Op::OutboundTransfer, status, text);
            self.event(at, &losing, (CLASS, "TRANSFEROUT_FAILED"), &[&domain], text);
        }
    }

    /// The gaining side cancelled the pending transfer at `at`.
    pub fn log_transfer_cancelled(&mut self, transfer: &Transfer, at: Timestamp) {
        let name = transfer.domain.as_str();
        let text = "cancelled by the gaining registrar";
        self.transfer_entry(
            at,
            &transfer.gaining,
            name,
            Op::Transfer,
            OpStatus::Cancelled,
            text,
        );
        if let Some(losing) = transfer.losing.clone() {
            self.transfer_entry(
                at,
                &losing,
                name,
                Op::OutboundTransfer,
                OpStatus::Cancelled,
                text,
            );
            let domain = format!("domain:{name}");
            self.event(
                at,
                &losing,
                (CLASS, "TRANSFEROUT_CANCELLED"),
                &[&domain],
                text,
            );
        }
    }

    /// `name` moved at once from `from` to `to` (USERTRANSFER).
    pub(super) fn log_user_transfer(&mut self, name: &str, from: &str, to: &str, at: Timestamp) {
        let text = format!("USERTRANSFER: {from} -> {to}");
        self.transfer_entry(at, to, name, Op::UserTransfer, OpStatus::Successful, &text);
        self.transfer_entry(
            at,
            from,
            name,
            Op::UserTransfer,
            OpStatus::Successful,
            &text,
        );
        let domain = format!("domain:{name}");
        self.event(
            at,
            from,
            (CLASS, "USERTRANSFER_SUCCESSFUL"),
            &[&domain],
            &text,
        );
    }

    /// `name` left the sandbox by PushDomain (WHMCS Sync reads the entry
    /// as "Transferred Away").
    pub(super) fn log_pushed_out(&mut self, name: &str, owner: &str, at: Timestamp) {
        let text = "pushed to another registrar";
        self.transfer_entry(
            at,
            owner,
            name,
            Op::OutboundTransfer,
            OpStatus::Successful,
            text,
        );
        let domain = format!("domain:{name}");
        self.event(
            at,
            owner,
            (CLASS, "TRANSFEROUT_SUCCESSFUL"),
            &[&domain],
            text,
        );
    }

    /// One entry in `account`'s log, written by the platform; its
    /// OPERATIONINFO answers `200 Command completed successfully; <text>`,
    /// or `549 Command failed; <text>` for a failure or a denial.
    fn transfer_entry(
        &mut self,
        at: Timestamp,
        account: &str,
        name: &str,
        op: Op,
        status: OpStatus,
        text: &str,
    ) {
        let (code, description) = match status {
            OpStatus::Failed | OpStatus::Denied => (549, format!("Command failed; {text}")),
            _ => (200, format!("{SUCCESS}; {text}")),
        };
        let entry = LogEntry::job(
            at,
            account,
            name,
            (op, status),
            "TRANSFER",
            code,
            &description,
        );
        self.log_object(entry);
    }
}
