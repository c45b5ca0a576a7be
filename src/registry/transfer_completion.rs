//! Completing a transfer (design note §3.4) and a USERTRANSFER: the checks,
//! the charge, and the move of the domain with its bundle partner, contacts
//! and child hosts from the losing account to the gaining one. A child of
//! `transfer.rs`, which keeps the records, their indexes and the price; must
//! not touch the object log or events (their callers write those).

use super::super::catalogue;
use super::super::date::Period;
use super::super::{RenewalMode, System, Timestamp};
use super::{MAX_YEARS, Transfer};
use crate::error::{Error, Result};
use crate::registry::{LedgerItem, LedgerKind};

impl System {
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
        let item = LedgerItem {
            kind: LedgerKind::TransferDomain,
            description: name,
            months: transfer.period.months,
            price,
            what: &what,
            above: Some(&|system: &System, account: &str| {
                let domain = system.domain(name).ok_or(Error::ServerError)?;
                system.transfer_price(domain, tld, transfer.period, account)
            }),
        };
        self.charge(&transfer.gaining, at, item)?;
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
        // Codes of .de/.eu/.be come on request only, .uk and .dk have none
        // (`Tld::codes_from_registration`).
        let auth = match tld.is_none_or(|tld| tld.codes_from_registration()) {
            true => self.random_code(12),
            false => String::new(),
        };
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
            // What the losing account paid ahead (PayDomainRenewal) is its
            // own billing: the gaining account has paid up to the expiry.
            domain.paid_until = domain.expires;
            domain.owner = gaining.as_str().into();
            // Who brought it into this account (as from outside): the
            // losing account's login is no business of the gaining one.
            domain.created_by = gaining.as_str().into();
            domain.updated = at;
            domain.updated_by = gaining.into();
            domain.extra_mut().transferred = Some(at);
            domain.contacts = contacts.into();
            domain.auth = auth;
            domain.extra_mut().auth_expires = None;
            domain.extra_mut().auth2 = None;
            domain.extra_mut().tags.clear();
            transfer.apply_nameservers(domain);
            transfer.apply_extensions(domain);
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
        self.transferred_verification(name, Some(losing), at);
    }

    /// USERTRANSFER: `transfer.gaining` takes the domain over at once, with
    /// no charge; expiry, auth code and the age lock stay as they are, the
    /// nameservers sent replace the domain's, contacts are copied into the
    /// gaining account as at completion. The
    /// add grace period's refund ends, as at a completion: the gaining
    /// account never paid the registration it would give back.
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
                transfer.apply_nameservers(domain);
                transfer.apply_extensions(domain);
                domain.owner = gaining.as_str().into();
                domain.created_by = gaining.as_str().into();
                domain.updated = at;
                domain.updated_by = gaining.into();
                domain.contacts = contacts.into();
                domain.extra_mut().tags.clear();
                domain.add_grace = None;
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
    pub(in crate::registry) fn copy_contact(
        &mut self,
        id: &str,
        owner: &str,
        at: Timestamp,
    ) -> String {
        let Some(contact) = self.contacts.get(id) else {
            return id.to_owned();
        };
        if contact.owner == owner {
            return id.to_owned();
        }
        let (data, extensions) = (contact.data.clone(), contact.extensions.clone());
        if let Some(same) = self.identical_contact(owner, &data, &extensions, None) {
            return same.to_owned();
        }
        let new_id = self.new_contact_id(&data);
        self.insert_owned_contact(new_id.clone(), owner, data, extensions, at);
        new_id
    }

    /// Subordinate hosts the losing account held under `domain` follow it.
    pub(in crate::registry) fn move_hosts_under(
        &mut self,
        domain: &str,
        losing: &str,
        gaining: &str,
        at: Timestamp,
    ) {
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
