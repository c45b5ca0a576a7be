//! Domains held at "another registrar" (design note §3.1): the `taken-`,
//! `transfer-reject-` and `transfer-locked-` names no sandbox account
//! holds, and domains that left by PushDomain. Their whois facts are fixed
//! (created 2020-06-01 — pushed-out names keep their dates —, the next
//! anniversary as expiry, two nameservers, the auth code
//! [`OUTSIDE_AUTH`]), so a tester can transfer one in; completion
//! inserts the domain into the gaining account with an `AUTO-` contact
//! (with its bundle's second half, when that is outside too).
//! Must not touch sandbox-held domains: those are `transfer.rs`'s.

use super::AccountName;
use super::bundle;
use super::catalogue::{self, Rule};
use super::date::Period;
use super::lifecycle::MAX_YEARS;
use super::name::DomainName;
use super::scenario::Scenario;
use super::{ContactData, Domain, REGISTRY_LOCK, RenewalMode, System, Timestamp, Transfer};
use crate::error::{Error, Result};
use crate::registry::{LedgerItem, LedgerKind};

/// The auth code of every outside name (README).
pub const OUTSIDE_AUTH: &str = "otebox-transfer";

/// The registrar outside names are held at (CheckDomainTransfer REGISTRAR).
pub const OUTSIDE_REGISTRAR: &str = "Example Registrar, Inc.";

/// 2020-06-01 00:00:00, the creation date of every outside name.
const OUTSIDE_CREATED: Timestamp = Timestamp(1_590_969_600);

const OUTSIDE_NAMESERVERS: [&str; 2] = ["ns1.example-registrar.net", "ns2.example-registrar.net"];

impl System {
    /// The whois view of `name` if it is held at another registrar at
    /// `now`: a `taken-` name no sandbox account holds. Its `owner` is
    /// empty (no account of the sandbox).
    pub fn outside_domain(&self, name: &DomainName, now: Timestamp) -> Option<Domain> {
        if self.domains.contains_key(name.as_str()) {
            return None;
        }
        let mut flags = Vec::new();
        let (created, mut expires) = match (self.pushed_out(name.as_str()), Scenario::of(name)) {
            (Some(kept), _) => (kept.created, kept.expires),
            (None, Some(Scenario::Taken | Scenario::Reject | Scenario::Aftermarket)) => {
                (OUTSIDE_CREATED, OUTSIDE_CREATED.plus(Period::years(1)))
            }
            (None, Some(Scenario::Locked)) => {
                flags.extend(REGISTRY_LOCK.iter().map(|flag| (*flag).to_owned()));
                (OUTSIDE_CREATED, OUTSIDE_CREATED.plus(Period::years(1)))
            }
            _ => return None,
        };
        // The other registrar renews it: the next anniversary after `now`.
        while expires <= now {
            expires = expires.plus(Period::years(1));
        }
        Some(Domain {
            name: name.clone(),
            owner: AccountName::default(),
            created,
            created_by: AccountName::default(),
            updated: created,
            updated_by: AccountName::default(),
            expires,
            paid_until: expires,
            renewal_mode: RenewalMode::Default,
            transfer_lock: false,
            flags,
            auth: OUTSIDE_AUTH.to_owned(),
            nameservers: OUTSIDE_NAMESERVERS.map(str::to_owned).to_vec(),
            contacts: Default::default(),
            id_protection: false,
            extra: None,
            secdns: None,
            premium: None,
            add_grace: None,
            internal_dns: false,
            lifecycle: Default::default(),
        })
    }

    /// Completes the transfer of an outside name: charges the gaining
    /// account (the last fallible step), then inserts the domain there with
    /// the contacts sent, or one `AUTO-` contact with the whois data. The
    /// second half of its bundle, when it is at the other registrar too,
    /// comes with it (`x.ong` with `x.ngo`), on the same terms and dates.
    pub(super) fn complete_outside(&mut self, transfer: &Transfer, at: Timestamp) -> Result<()> {
        let name = &transfer.domain;
        let Some(domain) = self.outside_domain(name, at) else {
            return Err(Error::ObjectNotFound(format!(
                "{name} is no longer at another registrar; the transfer failed"
            )));
        };
        let tld = catalogue::find(name)
            .ok_or_else(|| Error::invalid("DOMAIN", format_args!("{name} has no zone")))?;
        let price = self.transfer_price(&domain, tld, transfer.period, &transfer.gaining)?;
        let what = format!("the transfer of {name}");
        let item = LedgerItem {
            kind: LedgerKind::TransferDomain,
            description: name.as_str(),
            months: transfer.period.months,
            price,
            what: &what,
            above: Some(&|system: &System, account: &str| {
                system.transfer_price(&domain, tld, transfer.period, account)
            }),
        };
        self.charge(&transfer.gaining, at, item)?;
        let gaining = transfer.gaining.as_str();
        let mut auto = None;
        let mut lists: [Vec<String>; 4] = Default::default();
        for (index, sent) in transfer.contacts.iter().enumerate() {
            let handle = match sent {
                Some(handle) => handle.clone(),
                None => auto
                    .get_or_insert_with(|| self.auto_contact(name, gaining, at))
                    .clone(),
            };
            lists[index] = vec![handle];
        }
        let partner = bundle::second_half(name).and_then(|half| self.outside_domain(&half, at));
        let expires = match transfer.period.months {
            0 => domain.expires,
            _ => (domain.expires.plus(transfer.period)).min(at.plus(Period::years(MAX_YEARS))),
        };
        for mut domain in std::iter::once(domain).chain(partner) {
            domain.contacts = lists.clone().into();
            domain.expires = expires;
            domain.paid_until = expires;
            transfer.apply_nameservers(&mut domain);
            transfer.apply_extensions(&mut domain);
            domain.owner = gaining.into();
            domain.created_by = gaining.into();
            domain.updated = at;
            domain.updated_by = gaining.into();
            domain.extra_mut().transferred = Some(at);
            if tld.codes_from_registration() {
                domain.auth = self.random_code(12);
            } else {
                domain.auth.clear();
            }
            domain.flags.clear();
            domain.internal_dns = transfer.internal_dns;
            domain.transfer_lock = transfer.transfer_lock;
            domain.lifecycle = self.new_lifecycle(gaining);
            self.forget_pushed_out(domain.name.as_str());
            let name = domain.name.as_str().to_owned();
            self.insert_domain(domain);
            self.transferred_verification(&name, None, at);
        }
        Ok(())
    }

    /// A new `AUTO-` contact of `owner` with the registrant data the other
    /// registrar's whois shows for `name`: a holder the zone's registrant
    /// rule accepts (it stands for one the registry accepted), so a
    /// ModifyContact of it after the transfer is judged on its own change.
    fn auto_contact(&mut self, name: &DomainName, owner: &str, at: Timestamp) -> String {
        let tld = catalogue::find(name);
        let rule = tld.map_or(Rule::None, |tld| tld.rule);
        let own = tld.map_or(String::new(), |tld| tld.zone.to_ascii_uppercase());
        let country = match rule {
            // The zone's own country if the rule lists it, else Germany.
            Rule::RegistrantIn { countries, .. } => [own.as_str(), "DE"]
                .into_iter()
                .find(|country| countries.contains(country))
                .or(countries.first().copied())
                .unwrap_or("US"),
            Rule::OrganisationNeedsVat => own.as_str(),
            _ => "US",
        };
        let (city, state, zip, phone) = match country {
            "DE" => ("Berlin", "", "10115", "+49.30555010"),
            "FR" => ("Paris", "", "75001", "+33.140000100"),
            "DK" => ("Kobenhavn", "", "1050", "+45.33550100"),
            _ => ("Springfield", "NY", "10001", "+1.2125550100"),
        };
        // A .dk organisation needs a VAT id, which the whois does not show:
        // the holder is a person there.
        let organization = match rule {
            Rule::OrganisationNeedsVat => String::new(),
            _ => OUTSIDE_REGISTRAR.to_owned() + " customer",
        };
        let data = ContactData {
            first_name: "Domain".to_owned(),
            last_name: "Holder".to_owned(),
            organization,
            street: vec!["1 Registrar Way".to_owned()],
            city: city.to_owned(),
            state: state.to_owned(),
            zip: zip.to_owned(),
            country: country.to_owned(),
            phone: phone.to_owned(),
            email: format!("holder@{name}"),
            ..ContactData::default()
        };
        let id = loop {
            let id = format!("AUTO-{}", self.next_sequence());
            if self.contact(&id).is_none() {
                break id;
            }
        };
        self.insert_owned_contact(id.clone(), owner, data, Default::default(), at);
        id
    }
}
