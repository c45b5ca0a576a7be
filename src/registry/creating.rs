//! Registrations the registry has not confirmed yet (issue 15, the
//! slow-registry fault preset): a domain created STATUS REQUESTEDCREATE,
//! the clock's `Job::Create` that confirms it (STATUS ACTIVE, a log entry
//! and a `DOMAIN_CREATE` event), and the one guard the domain writes go
//! through while it waits ([`System::refuse_pending_create`], called from
//! `refuse_pending_transfer`, which RenewDomain, ModifyDomain, DeleteDomain,
//! TradeDomain and the other writes already call). The pending state is
//! the queue key kept in the domain's rare fields (`Extra::requested_create`);
//! its dates stay those of the request. A `.swiss` GOLIVE application
//! waits the same way for the registry's eligibility review
//! ([`APPLICATION_REVIEW_SECONDS`]); the domain's application is settled
//! here too (`application.rs`). Knows no wire text and touches no other
//! object than the domain and its application.

use super::catalogue::{self, Rule};
use super::clock::Job;
use super::objectlog::{Op, OpStatus};
use super::scenario::{AFTERMARKET_CHANNEL, Scenario};
use super::{ApplicationStatus, Domain, DomainName, System, Timestamp};
use crate::error::{Error, Result};
use crate::registry::{LedgerItem, LedgerKind};

/// The STATUS of a domain whose registration waits for the registry
/// (HEXONET; the CentralNic Reseller dialect says `REQUESTED`).
pub const REQUESTED_CREATE: &str = "REQUESTEDCREATE";

/// Sandbox seconds the registry's eligibility review of a GOLIVE
/// application (`.swiss`, `Rule::Application`) takes: 24 hours, after
/// which the clock's `Job::Create` confirms the domain.
pub const APPLICATION_REVIEW_SECONDS: u64 = 24 * 3600;

/// Why the registration of `name` waits: its zone's review of applications,
/// or else a slow-registry fault rule.
fn pending_reason(name: &str) -> String {
    let label = name.split('.').next().unwrap_or(name);
    if Scenario::of_label(label) == Some(Scenario::Aftermarket) {
        return format!("the seller's hand-over of the {AFTERMARKET_CHANNEL} aftermarket purchase");
    }
    match catalogue::find_zone(name).map(|tld| (tld.zone, tld.rule)) {
        Some((zone, Rule::Application(_))) => format!("the .{zone} registry's eligibility review"),
        _ => "a slow-registry fault rule".to_owned(),
    }
}

/// Whether the registry's review turns the application for `name` down:
/// a `review-reject-*` name in a zone that reviews applications.
fn rejected_by_review(name: &str) -> bool {
    let reviewed =
        catalogue::find_zone(name).is_some_and(|tld| matches!(tld.rule, Rule::Application(_)));
    let label = name.split('.').next().unwrap_or(name);
    reviewed && Scenario::of_label(label) == Some(Scenario::ReviewReject)
}

impl Domain {
    /// When the registry confirms the registration, while it has not.
    pub fn requested_create(&self) -> Option<Timestamp> {
        let extra = self.extra.as_ref()?;
        extra.requested_create.map(|(at, _)| at)
    }
}

impl System {
    /// Leaves the domain `name`, just registered, pending until `at`, when
    /// the clock's `Job::Create` confirms it.
    pub fn request_create(&mut self, name: &str, at: Timestamp) {
        if !self.domains.contains_key(name) {
            return;
        }
        let key = self.schedule(at, Job::Create(name.into()));
        if let Some(domain) = self.domains.get_mut(name) {
            domain.extra_mut().requested_create = Some(key);
        }
    }

    /// `552` while the registration of `name` waits for the registry: the
    /// domain can be read, not changed, renewed, moved or deleted.
    pub fn refuse_pending_create(&self, name: &str) -> Result<()> {
        match self.domains.get(name).and_then(Domain::requested_create) {
            None => Ok(()),
            Some(at) => Err(Error::StatusProhibits(format!(
                "the registration of {name} is pending ({}): the registry confirms it at {} \
                 (sandbox time); until then the domain can only be read",
                pending_reason(name),
                at.datetime()
            ))),
        }
    }

    /// Takes a removed domain's confirmation job out of the queue (and its
    /// mark: a domain that comes back, restored, is not pending again); an
    /// application waiting for it has FAILED.
    pub(super) fn forget_create(&mut self, domain: &mut Domain) {
        if let Some(key) = domain
            .extra
            .as_mut()
            .and_then(|e| e.requested_create.take())
        {
            self.unschedule(key);
            domain.tidy_extra();
            let at = self.time_reached();
            self.settle_application(domain.name.as_str(), ApplicationStatus::Failed, at);
        }
    }

    /// The review's `Job::Create` turns the application down at `at`: the
    /// application FAILED, the registration called off as a withdrawal
    /// calls it off ([`Self::call_off_registration`]), the object log's
    /// CREATE entry FAILED and the event `DOMAIN_CREATE` / `CREATE_FAILED`.
    fn reject_application(&mut self, name: &str, at: Timestamp) {
        let months = self
            .waiting_application(name)
            .map_or(12, |application| application.period.months);
        self.settle_application(name, ApplicationStatus::Failed, at);
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        let (domain, owner) = (domain.name.clone(), domain.owner.to_string());
        let what = "the rejected application's refund";
        self.call_off_registration(&domain, &owner, months, at, what);
        let info = "the registry's eligibility review rejected the application";
        let text = format!("Command failed; {info}");
        let entry = (Op::Create, OpStatus::Failed, "CREATE", 549, text.as_str());
        let data = format!("domain:{name}");
        let event = ("DOMAIN_CREATE", "CREATE_FAILED", &[data.as_str()][..], info);
        self.job_outcome(at, &owner, name, entry, event);
    }

    /// DeleteDomainApplication: withdraws the application `id` (its
    /// account's: the caller checked) and returns its domain name. While
    /// REQUESTED the registration is withdrawn before the registry decides:
    /// the pending domain removed (with its bundle's second half; nothing
    /// left to restore), its charge refunded, the application gone. A
    /// FAILED (or AUCTION-LOST) one, or a backorder still waiting for its
    /// name, is only forgotten; one in an auction is `552`. A
    /// SUCCESSFUL one is `552`: its domain is registered, and DeleteDomain
    /// is what removes it. The refund is a ledger entry at `at`.
    pub fn withdraw_application(&mut self, id: u64, at: Timestamp) -> Result<DomainName> {
        let Some(application) = self.application(id) else {
            return Err(Error::ObjectNotFound(format!("APPLICATION {id}")));
        };
        let (name, months) = (application.domain.clone(), application.period.months);
        match application.status {
            ApplicationStatus::Successful | ApplicationStatus::AuctionWon => {
                return Err(Error::StatusProhibits(format!(
                    "application {id} succeeded: {name} is registered (DeleteDomain deletes it)"
                )));
            }
            ApplicationStatus::AuctionPending => {
                return Err(Error::StatusProhibits(format!(
                    "application {id} is in the auction of {name}; the auction decides it"
                )));
            }
            ApplicationStatus::Failed | ApplicationStatus::AuctionLost => {}
            // A backorder waiting for a drop holds no domain and was
            // charged nothing (one registering a free name does).
            ApplicationStatus::Requested
                if application.is_backorder()
                    && self
                        .waiting_application(name.as_str())
                        .is_none_or(|a| a.id != id) => {}
            ApplicationStatus::Requested => {
                let owner = application.owner.clone();
                let what = "the withdrawn application's refund";
                self.call_off_registration(&name, &owner, months, at, what);
            }
        }
        self.forget_application(id);
        Ok(name)
    }

    /// CancelDomainRegistration: withdraws `owner`'s registration of `name`
    /// while the registry has not confirmed it. An application waiting on
    /// it is withdrawn as DeleteDomainApplication withdraws it
    /// ([`Self::withdraw_application`]); without one the pending domain (and
    /// its bundle's second half) is removed and its charge refunded the same
    /// way, for the months its ADD_DOMAIN entry charged. `545`/`531` as
    /// [`Self::owned_domain`]; `552` for a bundle's second half (its first
    /// half is cancelled) or a domain that is not pending.
    pub fn cancel_registration(
        &mut self,
        owner: &str,
        name: &DomainName,
        at: Timestamp,
    ) -> Result<()> {
        let pending = self.owned_domain(owner, name.as_str())?.requested_create();
        if let Some(main) = self.bundle_main(name, owner) {
            return Err(Error::StatusProhibits(format!(
                "{name} was registered together with {main}; cancel {main} (both go)"
            )));
        }
        if pending.is_none() {
            return Err(Error::StatusProhibits(format!(
                "{name} is not a pending registration (STATUS ACTIVE); DeleteDomain deletes it"
            )));
        }
        let waiting = self
            .waiting_application(name.as_str())
            .filter(|application| application.status == ApplicationStatus::Requested)
            .map(|application| application.id);
        if let Some(id) = waiting {
            return self.withdraw_application(id, at).map(|_| ());
        }
        let months = self
            .ledger()
            .last_months(owner, LedgerKind::AddDomain, name.as_str())
            .unwrap_or(12);
        let what = "the cancelled registration's refund";
        self.call_off_registration(name, owner, months, at, what);
        Ok(())
    }

    /// Calls off the pending registration of `name`, `owner`'s, before the
    /// registry decides: the domain removed with its bundle's second half
    /// (`x.ong` of `x.ngo`, pending with it and paid by the same charge;
    /// nothing left to restore), its charge refunded at `at` as an
    /// AddDomain refund of `months`.
    fn call_off_registration(
        &mut self,
        name: &DomainName,
        owner: &str,
        months: u32,
        at: Timestamp,
        what: &'static str,
    ) {
        if let Some(partner) = self.bundle_partner(name, owner) {
            self.remove_domain(&partner);
            self.drop_hosts_under(&partner);
        }
        // The name is free at once: no host stays under it.
        self.drop_hosts_under(name.as_str());
        if let Some(domain) = self.remove_domain(name.as_str())
            && let Some((_, price)) = domain.add_grace
        {
            let item = LedgerItem {
                kind: LedgerKind::RefundAddDomain,
                description: name.as_str(),
                months,
                price,
                what,
                above: None,
            };
            self.refund(&domain.owner.to_string(), at, item);
        }
    }

    /// A `Job::Create`: the registry confirms the registration of `name`
    /// at `at`: STATUS ACTIVE, the object log's CREATE entry (JOB=CREATE)
    /// and the event `DOMAIN_CREATE` / `CREATE_SUCCESSFUL` with the domain
    /// and its expiration (the dates stay those of the request).
    pub(super) fn create_due(&mut self, name: &str, at: Timestamp) {
        let Some(domain) = self.domains.get_mut(name) else {
            return;
        };
        if domain.requested_create().is_none_or(|due| due > at) {
            return;
        }
        if rejected_by_review(name) {
            self.reject_application(name, at);
            return;
        }
        domain.extra_mut().requested_create = None;
        domain.tidy_extra();
        let owner = domain.owner.to_string();
        let info = "the registry confirmed the registration";
        self.created_by_job(at, &owner, name, "CREATE", info);
        self.settle_application(name, ApplicationStatus::Successful, at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Entity, Registry};

    const NOW: Timestamp = Timestamp(1_767_225_600);

    #[test]
    fn a_pending_create_refuses_writes_until_its_job_confirms_it() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let mut domain = Domain::sample("slow.com", &[], "P-1");
        domain.expires = NOW.plus_days(365);
        domain.paid_until = domain.expires;
        system.insert_domain(domain);
        let jobs = system.pending_jobs();
        system.request_create("slow.com", Timestamp(NOW.0 + 600));
        assert_eq!(system.pending_jobs(), jobs + 1);
        let why = system.refuse_pending_transfer("slow.com").unwrap_err();
        assert_eq!(why.code(), 552);
        assert!(
            why.to_string()
                .contains("registration of slow.com is pending"),
            "{why}"
        );
        system.set_target(NOW, Timestamp(NOW.0 + 599)).unwrap();
        system.tick(NOW, 64);
        assert!(
            system
                .domain("slow.com")
                .unwrap()
                .requested_create()
                .is_some()
        );
        system.set_target(NOW, Timestamp(NOW.0 + 600)).unwrap();
        system.tick(NOW, 64);
        let domain = system.domain("slow.com").unwrap();
        assert_eq!((domain.requested_create(), domain.created), (None, NOW));
        assert!(
            domain.extra.is_none(),
            "the emptied rare fields are dropped"
        );
        assert!(system.refuse_pending_change("slow.com").is_ok());
        let (_, event) = system.events_of("test.user").last().unwrap();
        assert_eq!(
            (event.class, event.subclass),
            ("DOMAIN_CREATE", "CREATE_SUCCESSFUL")
        );
        assert_eq!(system.pending_jobs(), jobs);
    }

    #[test]
    fn a_cancelled_registration_is_gone_with_its_job() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let jobs = system.pending_jobs();
        system.insert_domain(Domain::sample("wait.com", &[], "P-1"));
        let name = DomainName::parse("wait.com").unwrap();
        let why = system
            .cancel_registration("test.user", &name, NOW)
            .unwrap_err();
        assert_eq!(why.code(), 552);
        system.request_create("wait.com", Timestamp(NOW.0 + 60));
        system.cancel_registration("test.user", &name, NOW).unwrap();
        assert!(system.domain("wait.com").is_none());
        assert_eq!(system.pending_jobs(), jobs);
        let why = system
            .cancel_registration("test.user", &name, NOW)
            .unwrap_err();
        assert_eq!(why.code(), 545);
    }

    #[test]
    fn a_removed_pending_domain_leaves_no_job() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let jobs = system.pending_jobs();
        system.insert_domain(Domain::sample("gone.com", &[], "P-1"));
        system.request_create("gone.com", Timestamp(NOW.0 + 60));
        system.remove_domain("gone.com");
        assert_eq!(system.pending_jobs(), jobs);
    }
}
