//! The registrar-FAQ rules of transfers that differ by zone or by name
//! (design note §3.1, §4.6–§4.8, §7): which transfers fail at the end of
//! their pending period (`.uk` without the losing registrar's push,
//! `transfer-reject-*` names), the record of the last failed transfer of a
//! name (so that the failure stays visible), the auth-code validity (.de
//! AuthInfo1 and AuthInfo2 expire), and domains that leave the sandbox by PushDomain
//! (kept as outside names). The registry lock is `registry_lock.rs`'s.
//! Must not touch the pending-transfer indexes (`transfer.rs`) or the wire.

use super::catalogue::{self, AuthRule};
use super::scenario::Scenario;
use super::{Domain, System, Timestamp, Transfer};

/// What the sandbox remembers of a domain that left it by PushDomain: its
/// real dates, which the other registrar's whois keeps showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PushedOut {
    pub created: Timestamp,
    pub expires: Timestamp,
}

impl Domain {
    /// Whether `code` is the domain's auth code at `now`: not empty, equal,
    /// and not expired (.de AuthInfo1 codes last 30 days), or DENIC's
    /// AuthInfo2 of a .de domain while it lasts (30 days too).
    pub fn auth_matches(&self, code: &str, now: Timestamp) -> bool {
        let auth1 = !self.auth.is_empty()
            && self.auth == code
            && self.auth_expires().is_none_or(|until| now < until);
        auth1
            || self
                .auth2()
                .is_some_and(|(auth2, until)| auth2 == code && now < until)
    }
}

impl System {
    /// The pending period of the transfer of `name` ended at `at` (a job of
    /// the clock): the transfer completes, or fails (rejected by the losing
    /// registrar, the domain moved or was deleted meanwhile, or the gaining
    /// side cannot pay): nothing moves then, the failure is recorded.
    pub(super) fn transfer_deadline(&mut self, name: &str, at: Timestamp) {
        // The job has run; unscheduling its key again is a no-op.
        let Some(transfer) = self.take_transfer(name) else {
            return;
        };
        if let Some(reason) = self.fails_at_deadline(&transfer) {
            return self.fail_transfer(transfer, at, &reason);
        }
        if let Err(error) = self.complete_transfer(&transfer, at) {
            let reason = format!("{} {error}", error.code());
            self.fail_transfer(transfer, at, &reason);
        }
    }

    /// Why a transfer ends as failed when its pending period is over, if it
    /// does: the losing registrar rejects (`transfer-reject-*`), or a `.uk`
    /// domain a sandbox account holds was not pushed to our tag. The other
    /// registrar of an outside `.uk` name (`taken-`, pushed out) releases it
    /// to our tag by then, as it approves the other zones' transfers: such a
    /// name comes back (README, Transfers).
    pub fn fails_at_deadline(&self, transfer: &Transfer) -> Option<String> {
        if transfer.losing.is_none() {
            let rejects = Scenario::of(&transfer.domain) == Some(Scenario::Reject);
            return rejects.then(|| "rejected by the losing registrar".to_owned());
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
    /// Writes the gaining side's `INBOUND_TRANSFER/FAILED` and the losing
    /// side's `OUTBOUND_TRANSFER/DENIED|FAILED` entries and events.
    pub fn fail_transfer(&mut self, mut transfer: Transfer, at: Timestamp, reason: &str) {
        let denied = reason == super::transfer_log::DENIED;
        self.log_transfer_failed(&transfer, at, reason, denied);
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
    /// The losing side gets its `OUTBOUND_TRANSFER/SUCCESSFUL` entry (WHMCS
    /// Sync: "Transferred Away") and its event.
    pub fn push_out(&mut self, name: &str, at: Timestamp) -> Option<Domain> {
        let domain = self.remove_domain(name)?;
        self.drop_hosts_under(name);
        self.log_pushed_out(name, &domain.owner, at);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{DomainName, Entity, Period, Registry};

    const NOW: Timestamp = Timestamp(1_767_225_600);

    fn transfer_of(system: &mut System, name: &str, owner: &str) -> Transfer {
        let mut domain = Domain::sample(name, &["ns1.x.net"], "P-NONE");
        domain.owner = owner.into();
        domain.expires = NOW.plus(Period::years(1));
        domain.paid_until = domain.expires;
        if !owner.is_empty() {
            system.insert_domain(domain.clone());
        }
        Transfer::new(&domain, "test.user", "test.user".into(), NOW, 5)
    }

    #[test]
    fn reject_names_and_unpushed_uk_fail_at_the_deadline_and_stay_visible() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        for name in ["transfer-reject-x.com", "kept.co.uk"] {
            let owner = if name.ends_with(".com") {
                ""
            } else {
                "test.user2"
            };
            let transfer = transfer_of(system, name, owner);
            system.insert_transfer(transfer);
            system.transfer_deadline(name, NOW.plus_days(5));
            assert!(system.pending_transfer(name).is_none());
            let failed = system.failed_transfer(name).expect("kept");
            assert!(failed.log.last().unwrap().contains("[FAILED]"), "{name}");
        }
        assert_eq!(system.domain("kept.co.uk").unwrap().owner, "test.user2");
        // A new request replaces the record of the failure.
        let again = transfer_of(system, "transfer-reject-x.com", "");
        system.insert_transfer(again);
        assert!(system.failed_transfer("transfer-reject-x.com").is_none());
    }

    #[test]
    fn expired_codes_do_not_match() {
        let mut domain = Domain::sample("x.de", &[], "P-NONE");
        assert!(!domain.auth_matches("", NOW));
        domain.auth = "code-1234".to_owned();
        domain.extra_mut().auth_expires = Some(NOW.plus_days(30));
        assert!(domain.auth_matches("code-1234", NOW.plus_days(29)));
        assert!(!domain.auth_matches("code-1234", NOW.plus_days(30)));
        assert!(!domain.auth_matches("other", NOW));
        // DENIC's AuthInfo2 is taken beside the AuthInfo1, while it lasts.
        domain.extra_mut().auth2 = Some(("posted-code".to_owned(), NOW.plus_days(30)));
        assert!(domain.auth_matches("posted-code", NOW.plus_days(29)));
        assert!(domain.auth_matches("code-1234", NOW));
        assert!(!domain.auth_matches("posted-code", NOW.plus_days(30)));
    }

    /// The AuthInfo2 is state a snapshot keeps (format 13).
    #[test]
    fn an_auth_info2_survives_a_snapshot() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        transfer_of(system, "posted.de", "test.user2");
        let code = ("posted-code".to_owned(), NOW.plus_days(30));
        system.modify_domain("posted.de", |domain| domain.extra_mut().auth2 = Some(code));
        let file = system.snapshot();
        let restored = crate::registry::snapshot::read_snapshot(&file, None).expect("a good file");
        let domain = restored.domain("posted.de").expect("kept");
        assert_eq!(domain.auth2(), Some(("posted-code", NOW.plus_days(30))));
        assert_eq!(restored.snapshot(), file);
    }

    #[test]
    fn a_pushed_out_domain_is_registered_elsewhere_with_its_dates() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        transfer_of(system, "leaving.co.uk", "test.user2");
        assert!(system.push_out("leaving.co.uk", NOW).is_some());
        assert!(system.domain("leaving.co.uk").is_none());
        let name = DomainName::parse("leaving.co.uk").unwrap();
        let outside = system.outside_domain(&name, NOW).expect("elsewhere");
        assert_eq!(outside.created, Domain::sample("a.com", &[], "P").created);
        assert!(outside.owner.is_empty());
        assert_eq!(
            system.availability(&name, NOW),
            crate::registry::Availability::Registered
        );
    }
}
