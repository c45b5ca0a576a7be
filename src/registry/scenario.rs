//! Whether a name can be registered: the sandbox's own domains, the
//! catalogue, and the scenario names (reserved label prefixes that make any
//! TLD take a chosen path, like a payment provider's test card numbers).
//! Checks and AddDomain both ask [`System::availability`], so they agree;
//! what a bundle adds (`.ngo` with `.ong`) is `bundle.rs`'s.

use super::catalogue::{self, Rule, Tld};
use super::name::DomainName;
use super::{Money, System, Timestamp};
use crate::error::Error;

/// The label prefixes and the path each one takes (README, "Scenario names").
pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("taken-", Scenario::Taken),
    ("transfer-reject-", Scenario::Reject),
    ("transfer-locked-", Scenario::Locked),
    ("premium-", Scenario::Premium),
    ("reserved-", Scenario::Reserved),
    ("blocked-", Scenario::Blocked),
    ("collision-", Scenario::Collision),
    ("review-reject-", Scenario::ReviewReject),
    ("aftermarket-", Scenario::Aftermarket),
    ("tempfail-", Scenario::TempFail),
];

/// The aftermarket channel `aftermarket-*` names are listed on (SEDO, the
/// channel HEXONET's aftermarket offers came through; one fixed channel so
/// a CLASS `AFTERMARKET_PURCHASE_SEDO` can be written in a test).
pub(super) const AFTERMARKET_CHANNEL: &str = "SEDO";

/// The CLASS an aftermarket purchase sends (the ispapi module's
/// `"AFTERMARKET_PURCHASE_" . PREMIUMCHANNEL`).
pub(super) const AFTERMARKET_CLASS: &str = "AFTERMARKET_PURCHASE_SEDO";

/// Sandbox seconds the seller takes to hand a bought aftermarket name over:
/// 5 days, the add grace period, so a purchase is final once it is confirmed.
pub const AFTERMARKET_HANDOVER_SECONDS: u64 = 5 * 24 * 3600;

/// The nameserver host prefixes and the path each one takes in the `.de`
/// predelegation check (README, "Scenario names"; `predelegation.rs`).
/// Hosts of no prefix answer, except the sandbox's own nameservers, which
/// answer only for zones the sandbox hosts.
pub const NAMESERVER_SCENARIOS: &[(&str, NameserverScenario)] =
    &[("lame-", NameserverScenario::Refused)];

/// A path chosen by a nameserver host's first label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameserverScenario {
    /// The host answers every query with RCODE REFUSED (a lame delegation):
    /// DENIC's `901 Unexpected RCODE`.
    Refused,
}

impl NameserverScenario {
    /// The scenario of a nameserver host (lower case), by the prefix of its
    /// first label: `lame-ns1.example.net`; an IDN label as written
    /// (`xn--lame-bcher-feb` is `lame-bücher`), as [`Scenario::of_label`].
    pub fn of(host: &str) -> Option<NameserverScenario> {
        let label = host.split('.').next().unwrap_or(host);
        let decoded = label
            .strip_prefix("xn--")
            .and_then(idna::punycode::decode_to_string);
        let label = decoded.as_deref().unwrap_or(label);
        NAMESERVER_SCENARIOS
            .iter()
            .find(|(prefix, _)| label.starts_with(prefix) && label.len() > prefix.len())
            .map(|(_, scenario)| *scenario)
    }
}

/// A path chosen by a name's first label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// Registered at another registrar.
    Taken,
    /// Registered at another registrar, which rejects every transfer at
    /// the end of its pending period.
    Reject,
    /// Registered at another registrar and locked by the registry
    /// (`serverTransferProhibited`).
    Locked,
    /// A premium name with class, channel, price and currency.
    Premium,
    /// Reserved by the registry.
    Reserved,
    /// Blocked (a DPML-style block).
    Blocked,
    /// On the registry's name-collision list.
    Collision,
    /// Free; in a zone that reviews applications (`.swiss`) the review
    /// rejects it: the pending domain goes, the application FAILS, the
    /// charge is refunded (`creating.rs`). Elsewhere an ordinary name.
    ReviewReject,
    /// Registered at another registrar and listed for sale on the
    /// [`AFTERMARKET_CHANNEL`]: taken to every command but a CheckDomains
    /// with PREMIUMCHANNELS (the offer) and AddDomainApplication with the
    /// [`AFTERMARKET_CLASS`] (the purchase, pending for the hand-over).
    Aftermarket,
    /// A name the registry cannot answer for right now, every time: its
    /// check row and every command that asks the registry about it (checks,
    /// registration, transfer, WHOIS) answer `421` ([`Availability::Unanswered`]).
    TempFail,
}

impl Scenario {
    /// The scenario of a name, by the prefix of its first label.
    pub fn of(name: &DomainName) -> Option<Scenario> {
        Scenario::of_label(name.first_label())
    }

    /// [`Scenario::of`] of a name's first label. An IDN label is held in its
    /// ACE form (`xn--taken-bcher-zhb`): the prefix is looked for in the
    /// label the tester wrote (`taken-bücher`).
    pub fn of_label(label: &str) -> Option<Scenario> {
        match label.strip_prefix("xn--") {
            Some(ace) => Scenario::of_text(&idna::punycode::decode_to_string(ace)?),
            None => Scenario::of_text(label),
        }
    }

    /// [`Scenario::of_label`] of a label in the form it was written.
    fn of_text(label: &str) -> Option<Scenario> {
        let label = label.as_bytes();
        // The first byte rules out nearly every prefix without comparing it
        // (every name of a CheckDomains call goes through here), and most
        // names without looking at the table.
        let first = *label.first()?;
        if FIRST_BYTES.checked_shr(u32::from(first)).unwrap_or(0) & 1 == 0 {
            return None;
        }
        SCENARIOS
            .iter()
            .find(|(prefix, _)| {
                let prefix = prefix.as_bytes();
                prefix.first() == Some(&first)
                    && label.len() > prefix.len()
                    && label.starts_with(prefix)
            })
            .map(|(_, scenario)| *scenario)
    }
}

/// A bit for each byte a [`SCENARIOS`] prefix starts with (all ASCII).
const FIRST_BYTES: u128 = {
    let mut bits = 0u128;
    let mut at = 0;
    while at < SCENARIOS.len() {
        bits |= 1 << SCENARIOS[at].0.as_bytes()[0];
        at += 1;
    }
    bits
};

/// A premium name's terms: what CheckDomains reports and AddDomainApplication charges.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Premium {
    /// `PREMIUM_<ZONE CLASS>_A`, what registrations must echo as CLASS.
    pub class: String,
    #[serde(with = "crate::registry::serial::name")]
    pub channel: crate::registry::serial::Static,
    /// Registration price for one year, in `currency`.
    pub price: Money,
    /// Renewal and transfer price per year, in `currency`.
    pub renewal: Money,
    #[serde(with = "crate::registry::serial::name")]
    pub currency: crate::registry::serial::Static,
}

impl Premium {
    /// The terms of a zone's `premium-*` names (also its premium price relations).
    pub(crate) fn of(tld: &Tld) -> Premium {
        Premium {
            class: format!("PREMIUM_{}_A", tld.class),
            channel: tld.premium_channel.unwrap_or("REGISTRY"),
            price: Money::from_cents(tld.prices.annual * 100),
            renewal: Money::from_cents(tld.prices.annual * 10),
            currency: tld.currency,
        }
    }

    /// The asking terms of a zone's `aftermarket-*` names: 20 times the
    /// zone's one-year price, further years at its standard price; the
    /// class is the one the purchase sends (CheckDomains shows CLASS empty).
    pub(crate) fn aftermarket(tld: &Tld) -> Premium {
        Premium {
            class: AFTERMARKET_CLASS.to_owned(),
            channel: AFTERMARKET_CHANNEL,
            price: Money::from_cents(tld.prices.annual * 20),
            renewal: Money::from_cents(tld.prices.annual),
            currency: tld.currency,
        }
    }
}

/// What a registration of a name would meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// Free, at the zone's standard prices.
    Available(&'static Tld),
    /// Free as a premium name.
    Premium(&'static Tld, Premium),
    /// Held in this sandbox (by any account, or deleted and still in its
    /// restore period) or by "another registrar" (`taken-*`,
    /// `transfer-reject-*`, `transfer-locked-*`, names pushed out).
    Registered,
    Reserved,
    Blocked,
    Collision,
    /// The zone is not in the catalogue.
    UnknownZone,
    /// The zone refuses the label (too short, IDN where not offered); the text says why.
    Refused(&'static Tld, String),
    /// Free, but in the second zone of a bundle (`.ong`): registered only
    /// with the bundle's first half, named here (`x.ngo`).
    BundleOnly(String),
    /// Free itself, but the other half of its bundle, named here (`x.ong`),
    /// is held: the bundle cannot be registered.
    BundleTaken(String),
    /// The registry cannot answer for the name right now (`tempfail-*`,
    /// every time): checks and commands on it answer `421`
    /// ([`temporary_failure`]), nothing is created or charged.
    Unanswered,
}

/// The `421` of a `tempfail-*` name, for every command that asks about one
/// (CheckDomain, AddDomain, TransferDomain, ...): the detail names the scenario.
pub fn temporary_failure(name: &str) -> Error {
    Error::TemporaryFailure(format!("{name}: {TEMPFAIL_REASON}"))
}

/// Why a `tempfail-*` name has no answer: CheckDomains' REASON and the
/// detail of [`temporary_failure`].
pub const TEMPFAIL_REASON: &str = "Temporary failure: the registry cannot answer for this name now \
     (otebox's scenario name tempfail-, every time)";

impl System {
    /// Whether `name` could be registered at `now`, and on which terms.
    pub fn availability(&self, name: &DomainName, now: Timestamp) -> Availability {
        self.availability_of(name.as_str(), now)
    }

    /// [`System::availability`] of a name's normalised text
    /// ([`DomainName::normalise`]), for a check that makes no `DomainName`.
    pub fn availability_of(&self, name: &str, now: Timestamp) -> Availability {
        match name.bytes().position(|b| b == b'.') {
            Some(dot) => self.availability_at(name, dot, now),
            None => Availability::UnknownZone,
        }
    }

    /// [`System::availability_of`] of a name whose first dot is at `dot`
    /// (which [`DomainName::normalise_label`] says): the first label and the
    /// zone after it, split without looking for the dot again.
    pub fn availability_at(&self, name: &str, dot: usize, now: Timestamp) -> Availability {
        let own = self.standing_at(name, dot, now);
        let tld = match &own {
            Availability::Available(tld) | Availability::Premium(tld, _) => *tld,
            _ => return own,
        };
        match (tld.rule, name.get(..dot)) {
            (Rule::Bundle(_) | Rule::BundledWith(_), Some(label)) => {
                self.bundle_availability(tld, label, own, now)
            }
            _ => own,
        }
    }

    /// [`System::availability_at`] of the name alone, without its bundle:
    /// whether it is held, or free, reserved or refused by its own label.
    pub(super) fn standing_at(&self, name: &str, dot: usize, now: Timestamp) -> Availability {
        let (Some(label), Some(zone)) = (name.get(..dot), name.get(dot + 1..)) else {
            return Availability::UnknownZone;
        };
        let Some(tld) = catalogue::zone_named(zone) else {
            return Availability::UnknownZone;
        };
        if catalogue::zone_named(name).is_some() {
            return Availability::Refused(
                tld,
                format!(
                    "{name} is a registry zone itself, not a name in .{}",
                    tld.zone
                ),
            );
        }
        if label.len() < tld.min_label {
            return Availability::Refused(
                tld,
                format!(
                    ".{} needs at least {} characters before the dot",
                    tld.zone, tld.min_label
                ),
            );
        }
        if label.starts_with("xn--") && !tld.idn {
            return Availability::Refused(tld, format!(".{} offers no IDN names", tld.zone));
        }
        if self.held(name, now) {
            return Availability::Registered;
        }
        match Scenario::of_label(label) {
            None | Some(Scenario::ReviewReject) => Availability::Available(tld),
            Some(Scenario::Taken | Scenario::Reject | Scenario::Locked | Scenario::Aftermarket) => {
                Availability::Registered
            }
            Some(Scenario::Premium) => Availability::Premium(tld, Premium::of(tld)),
            Some(Scenario::Reserved) => Availability::Reserved,
            Some(Scenario::Blocked) => Availability::Blocked,
            Some(Scenario::Collision) => Availability::Collision,
            Some(Scenario::TempFail) => Availability::Unanswered,
        }
    }

    /// Whether the sandbox holds `name` at `now`: by an account, in its
    /// restore period, dropped into its backorders' auction, or pushed out to another registrar. Each map is
    /// asked only while the answer is open (the restore period's and the
    /// push's are empty in most sandboxes).
    fn held(&self, name: &str, now: Timestamp) -> bool {
        self.domain(name).is_some()
            || self.in_auction(name)
            || self
                .deleted_domain(name)
                .is_some_and(|deleted| now <= deleted.restorable_until)
            || self.pushed_out(name).is_some()
    }

    /// The terms an `aftermarket-*` name (normalised text) is offered on at
    /// `now`: none once the sandbox holds it (bought, or any other way),
    /// nor for a name of no zone or a label the zone refuses.
    pub fn aftermarket_offer(&self, name: &str, now: Timestamp) -> Option<Premium> {
        let dot = name.find('.')?;
        if Scenario::of_label(&name[..dot]) != Some(Scenario::Aftermarket) {
            return None;
        }
        match self.standing_at(name, dot, now) {
            Availability::Registered if !self.held(name, now) => {
                catalogue::zone_named(&name[dot + 1..]).map(Premium::aftermarket)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_choose_the_path() {
        let name = |text| DomainName::parse(text).unwrap();
        assert_eq!(
            Scenario::of(&name("premium-shop.com")),
            Some(Scenario::Premium)
        );
        assert_eq!(Scenario::of(&name("taken-x.net")), Some(Scenario::Taken));
        assert_eq!(Scenario::of(&name("taken.net")), None);
        assert_eq!(
            Scenario::of(&name("aftermarket-shop.com")),
            Some(Scenario::Aftermarket)
        );
        assert_eq!(
            Scenario::of(&name("transfer-reject-x.com")),
            Some(Scenario::Reject)
        );
        assert_eq!(
            Scenario::of(&name("transfer-locked-x.com")),
            Some(Scenario::Locked)
        );
        assert_eq!(Scenario::of(&name("mytaken-x.net")), None);
        assert_eq!(Scenario::of(&name("example.com")), None);
        assert_eq!(Scenario::of(&name("lame-x.com")), None);
        assert_eq!(
            Scenario::of(&name("taken-bücher.de")),
            Some(Scenario::Taken)
        );
        assert_eq!(
            Scenario::of(&name("tempfail-x.com")),
            Some(Scenario::TempFail)
        );
        assert_eq!(
            Scenario::of(&name("tempfail-bücher.de")),
            Some(Scenario::TempFail)
        );
        assert_eq!(
            Scenario::of_label("xn--tempfail-bcher-psb"),
            Some(Scenario::TempFail)
        );
        // The prefix alone, or not at the start, is an ordinary label.
        assert_eq!(Scenario::of_label("tempfail-"), None);
        assert_eq!(Scenario::of(&name("tempfail.com")), None);
        assert_eq!(Scenario::of(&name("no-tempfail-x.com")), None);
        // Its ASCII letters spell `taken-x`, the label does not.
        assert_eq!(Scenario::of(&name("tüaken-x.com")), None);
    }

    #[test]
    fn an_aftermarket_name_is_offered_until_the_sandbox_holds_it() {
        use crate::registry::{Domain, Entity, Registry};
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let now = Timestamp(1_767_225_600);
        let offer = system.aftermarket_offer("aftermarket-x.com", now).unwrap();
        assert_eq!(
            (offer.channel, offer.class.as_str()),
            ("SEDO", AFTERMARKET_CLASS)
        );
        assert_eq!(
            system.availability_of("aftermarket-x.com", now),
            Availability::Registered
        );
        assert_eq!(system.aftermarket_offer("taken-x.com", now), None);
        assert_eq!(system.aftermarket_offer("aftermarket-x.invalid", now), None);
        system.insert_domain(Domain::sample("aftermarket-x.com", &[], "P-1"));
        assert_eq!(system.aftermarket_offer("aftermarket-x.com", now), None);
    }

    #[test]
    fn nameserver_prefixes_choose_the_path() {
        assert_eq!(
            NameserverScenario::of("lame-ns1.example.net"),
            Some(NameserverScenario::Refused)
        );
        assert_eq!(NameserverScenario::of("lame-.example.net"), None);
        assert_eq!(NameserverScenario::of("ns1.lame-example.net"), None);
        assert_eq!(NameserverScenario::of("ns1.example.net"), None);
        assert_eq!(
            NameserverScenario::of("xn--lame-bcher-feb.example.net"),
            Some(NameserverScenario::Refused)
        );
    }
}
