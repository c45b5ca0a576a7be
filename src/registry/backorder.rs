//! Backorders (AddDomainApplication CLASS=BACKORDER): what happens to the
//! open backorders of a name when it drops (the lifecycle's purge of a
//! deleted domain calls [`System::backorders_drop`]), the auction the
//! clock's `Job::Auction` ends when several accounts backordered it, and
//! the FAILED a restore of the name leaves. A backorder that wins is
//! registered here for its account: charged the zone's one-year
//! registration price (that account's, as AddDomain would charge it), its
//! contacts and nameservers those of the application. Touches the
//! application table, the ledger and the new domain only; knows no wire
//! text and reads no clock (`at` is the job's time).

use std::collections::BTreeSet;

use super::clock::Job;
use super::pricing::Action;
use super::{
    ADD_GRACE_DAYS, ApplicationStatus, Domain, DomainName, Extra, LedgerItem, LedgerKind,
    REGISTRY_ACTOR, RenewalMode, Scenario, System, Timestamp,
};
use super::{bundle, catalogue};
use crate::error::{Error, Result};

/// Sandbox days an auction between several accounts' backorders runs after
/// the name dropped: then the clock names the winner.
pub const AUCTION_DAYS: u64 = 3;

impl System {
    /// The open backorders (REQUESTED or AUCTION-PENDING) of the name, by id.
    pub fn open_backorders(&self, name: &str) -> Vec<u64> {
        let ids = self.applications.backorders.get(name);
        ids.into_iter().flatten().copied().collect()
    }

    /// The open backorders that name the contact `id` in a role (they
    /// register their name with it when it drops): how many, and the
    /// lowest id with its name. None when no open backorder does.
    pub fn open_backorders_with_contact(&self, id: &str) -> Option<(usize, u64, &str)> {
        let using: Vec<(u64, &str)> = (self.applications.backorders.iter())
            .flat_map(|(name, ids)| ids.iter().map(move |a| (*a, name.as_str())))
            .filter(|(a, _)| {
                self.application(*a)
                    .is_some_and(|a| a.contacts.iter().any(|handle| handle == id))
            })
            .collect();
        let (lowest, name) = using.iter().min()?;
        Some((using.len(), *lowest, name))
    }

    /// Whether the dropped name's backorders are in auction: the name is
    /// held for the winner (AddDomain and CheckDomains see it registered).
    pub(super) fn in_auction(&self, name: &str) -> bool {
        let table = &self.applications;
        table.backorders.get(name).is_some_and(|ids| {
            ids.iter().any(|id| {
                self.application(*id)
                    .is_some_and(|a| a.status == ApplicationStatus::AuctionPending)
            })
        })
    }

    /// The deleted domain `name` was purged at `at`: its name dropped, and
    /// its backorders are decided ([`System::backorders_drop`]). A bundle
    /// (`x.ngo` with `x.ong`) drops as one, once both halves are purged,
    /// and its backorders are those of the first half (the second takes none).
    pub(super) fn name_dropped(&mut self, name: &str, at: Timestamp) {
        let Ok(parsed) = DomainName::parse(name) else {
            return;
        };
        let main = bundle::first_half(&parsed).unwrap_or(parsed);
        let halves = [Some(main.clone()), bundle::second_half(&main)];
        let held = halves.iter().flatten().any(|half| {
            self.domain(half.as_str()).is_some() || self.deleted_domain(half.as_str()).is_some()
        });
        if !held {
            self.backorders_drop(main.as_str(), at);
        }
    }

    /// The name dropped at `at` (its deleted domain purged): one account's
    /// backorder gets it at once (SUCCESSFUL, or FAILED if that account
    /// cannot pay); several accounts' go to auction (AUCTION-PENDING, the
    /// clock's `Job::Auction` in [`AUCTION_DAYS`]). An account's later
    /// backorders of the same name (filed with NEW=1) are FAILED: its
    /// first one stands for it.
    pub(super) fn backorders_drop(&mut self, name: &str, at: Timestamp) {
        let mut bidders: Vec<u64> = Vec::new();
        let mut owners = BTreeSet::new();
        for id in self.open_backorders(name) {
            let Some(application) = self.application(id) else {
                continue;
            };
            if application.status != ApplicationStatus::Requested {
                continue;
            }
            if owners.insert(application.owner.clone()) {
                bidders.push(id);
            } else {
                self.settle_backorder(id, ApplicationStatus::Failed, at);
            }
        }
        match bidders.as_slice() {
            [] => {}
            [only] => {
                let status = match self.register_backorder(*only, at) {
                    Ok(()) => ApplicationStatus::Successful,
                    Err(_) => ApplicationStatus::Failed,
                };
                self.settle_backorder(*only, status, at);
            }
            several => {
                for &id in several {
                    let application = self.applications.get_mut(id);
                    if let Some(application) = application {
                        application.status = ApplicationStatus::AuctionPending;
                        application.updated = at;
                        application.updated_by = REGISTRY_ACTOR.to_owned();
                    }
                }
                self.schedule(at.plus_days(AUCTION_DAYS), Job::Auction(name.into()));
            }
        }
    }

    /// A `Job::Auction`: the auction of `name` ends. The earliest backorder
    /// (the lowest id: first come, first served) whose account can pay wins
    /// (AUCTION-WON, the domain registered to it); the backorders before it
    /// that could not pay are FAILED, the ones after it AUCTION-LOST. If
    /// the name was registered meanwhile (AddDomain of the free name), or
    /// no account can pay, every one is FAILED; in the latter case the
    /// backorders filed during the auction then get the name as at a drop.
    pub(super) fn auction_due(&mut self, name: &str, at: Timestamp) {
        let bidders: Vec<u64> = self
            .open_backorders(name)
            .into_iter()
            .filter(|id| {
                self.application(*id)
                    .is_some_and(|a| a.status == ApplicationStatus::AuctionPending)
            })
            .collect();
        let taken = self.domain(name).is_some() || self.deleted_domain(name).is_some();
        let mut won = false;
        for id in bidders {
            let status = if won {
                ApplicationStatus::AuctionLost
            } else if !taken && self.register_backorder(id, at).is_ok() {
                won = true;
                ApplicationStatus::AuctionWon
            } else {
                ApplicationStatus::Failed
            };
            self.settle_backorder(id, status, at);
        }
        // Nobody got it: the name is free now, and the backorders filed
        // during the auction catch it as at a drop.
        if !won && !taken {
            self.backorders_drop(name, at);
        }
    }

    /// The deleted domain `name` was restored (RestoreDomain) at `at`
    /// instead of dropping: its waiting backorders are FAILED.
    pub fn fail_backorders(&mut self, name: &str, at: Timestamp) {
        for id in self.open_backorders(name) {
            self.settle_backorder(id, ApplicationStatus::Failed, at);
        }
    }

    /// Decides the backorder `id`: `status`, UPDATEDDATE `at`, UPDATEDBY
    /// SYSTEM, off the open backorders of its name.
    fn settle_backorder(&mut self, id: u64, status: ApplicationStatus, at: Timestamp) {
        let table = &mut self.applications;
        let Some(application) = table.get_mut(id) else {
            return;
        };
        application.status = status;
        application.updated = at;
        application.updated_by = REGISTRY_ACTOR.to_owned();
        let name = application.domain.to_string();
        table.unlist_backorder(&name, id);
    }

    /// Registers the backorder `id`'s name (a bundle's first half with its
    /// second, as AddDomain stores them) to its account at `at`: charged the zone's registration price (the last fallible step:
    /// a refusal leaves nothing), then the domain, its log entry and its
    /// `DOMAIN_CREATE` event, and a gTLD's registrant verification.
    /// `Err` if the name is held or premium, a contact is gone
    /// or the account cannot pay.
    fn register_backorder(&mut self, id: u64, at: Timestamp) -> Result<()> {
        let Some(application) = self.application(id).cloned() else {
            return Err(Error::ServerError);
        };
        let name = application.domain.as_str();
        // A bundle's first half is registered with its second (`x.ong` of `x.ngo`).
        let partner = bundle::second_half(&application.domain);
        let halves = [Some(name), partner.as_ref().map(DomainName::as_str)];
        for half in halves.into_iter().flatten() {
            if self.domain(half).is_some() || self.deleted_domain(half).is_some() {
                return Err(Error::AlreadyRegistered(format!("{half} is registered")));
            }
        }
        // A premium name is not sold at the standard price (AddDomainApplication
        // files no backorder of one).
        if Scenario::of(&application.domain) == Some(Scenario::Premium) {
            let why = format_args!("{name} is a premium name");
            return Err(Error::invalid("DOMAIN", why));
        }
        let tld = catalogue::find(&application.domain)
            .ok_or_else(|| Error::invalid("DOMAIN", format_args!("{name} has no zone")))?;
        let owner = application.owner.as_str();
        let gone = application.contacts.iter().find(|handle| {
            !handle.is_empty() && self.contact(handle).is_none_or(|c| c.owner != owner)
        });
        if let Some(handle) = gone {
            return Err(Error::ObjectNotFound(format!("CONTACT {handle}")));
        }
        let period = application.period;
        let price = self.domain_price(owner, tld, Action::Register(period))?;
        let what = format!("the backorder of {name}");
        let item = LedgerItem {
            kind: LedgerKind::AddDomain,
            description: name,
            months: period.months,
            price,
            what: &what,
            above: Some(&|system: &System, account: &str| {
                system.domain_price(account, tld, Action::Register(period))
            }),
        };
        self.charge(owner, at, item)?;
        let auth = if tld.codes_from_registration() {
            self.random_code(12)
        } else {
            String::new()
        };
        let contacts = application.contacts.clone().map(|handle| {
            let owner_handle = application.contacts[0].clone();
            vec![if handle.is_empty() {
                owner_handle
            } else {
                handle
            }]
        });
        let domain = Domain {
            name: application.domain.clone(),
            owner: owner.into(),
            created: at,
            created_by: application.created_by.as_str().into(),
            updated: at,
            updated_by: application.created_by.as_str().into(),
            expires: at.plus(period),
            paid_until: at.plus(period),
            renewal_mode: RenewalMode::Default,
            transfer_lock: false,
            flags: Vec::new(),
            auth,
            nameservers: application.nameservers.clone(),
            contacts: contacts.into(),
            id_protection: false,
            extra: Some(Box::new(Extra::default())),
            secdns: None,
            premium: None,
            add_grace: Some((at.plus_days(ADD_GRACE_DAYS), price)),
            internal_dns: false,
            lifecycle: self.new_lifecycle(owner),
        };
        if let Some(partner) = partner.clone() {
            let mut bundled = domain.clone();
            bundled.name = partner;
            bundled.add_grace = None;
            if tld.codes_from_registration() {
                bundled.auth = self.random_code(12);
            }
            self.insert_domain(bundled);
        }
        self.insert_domain(domain);
        let info = format!("backorder application {id}: the dropped name is registered");
        let owner = owner.to_owned();
        self.created_by_job(at, &owner, name, "BACKORDER", &info);
        // The bundle's second half gets its own entry, as AddDomain logs both.
        if let Some(partner) = partner {
            let info = format!("backorder application {id}: registered with {name}, its bundle");
            self.created_by_job(at, &owner, partner.as_str(), "BACKORDER", &info);
        }
        // As after any registration: a gTLD asks the registrant's address.
        self.ask_registrant_verification(name, at);
        Ok(())
    }
}

#[cfg(test)]
#[path = "backorder_tests.rs"]
mod tests;
