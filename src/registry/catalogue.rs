//! The embedded TLD catalogue: per zone its periods, prices, locks, grace and
//! restore periods, ID-protection support, `X-` fields, IDN support and
//! language tags (`catalogue/idn.rs`), label
//! rules and special registry rules; and the exchange rates prices are
//! converted with. Static data and lookups only: no accounts, no wire text.

use rust_decimal::{Decimal, RoundingStrategy};

use super::Money;
use super::date::Period;
use super::name::DomainName;

/// Prices of one zone in its own currency, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prices {
    pub setup: i64,
    pub annual: i64,
    pub transfer: i64,
    pub restore: i64,
    pub trade: i64,
}

/// How the registry keeps nameserver hosts (QueryDomainOptions `HOSTMANAGEDAS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostModel {
    Object,
    Attribute,
}

impl HostModel {
    /// Its name as the zone queries give it (`HOSTMANAGEDAS`).
    pub fn name(self) -> &'static str {
        match self {
            HostModel::Object => "OBJECT",
            HostModel::Attribute => "ATTRIBUTE",
        }
    }
}

/// A registry rule beyond the table's columns, checked by the domain commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    None,
    /// .de: the nameservers must answer for the zone (DENIC's predelegation
    /// check, `System::check_predelegation`).
    NameserversMustAnswer,
    /// .ca: nameserver hosts must exist as host objects first.
    HostsMustExist,
    /// .dk: an organisation registrant needs a VAT id.
    OrganisationNeedsVat,
    /// .eu, .fr: the registrant must be established in one of `countries`
    /// (ISO codes; `region` names them in a refusal), or, where `citizenship`
    /// names a field and its countries, be a citizen of one of those (.eu's
    /// `X-EU-REGISTRANT-CITIZENSHIP`; Appendix A lists the codes in lower
    /// case, the value is compared ignoring case).
    RegistrantIn {
        countries: &'static [&'static str],
        region: &'static str,
        citizenship: Option<(&'static str, &'static [&'static str])>,
    },
    /// .ngo: the first half of a bundle (PIR sells .ngo and .ong only as
    /// one): registering the .ngo also registers the .ong named here, and
    /// the two renew, delete, restore and transfer as one (`registry/bundle.rs`).
    Bundle(&'static str),
    /// .ong: the second half of the named zone's bundle, never registered
    /// on its own (AddDomain refuses it, CheckDomains says why).
    BundledWith(&'static str),
    /// .swiss: registered only by AddDomainApplication with this CLASS
    /// (`GOLIVE`), which leaves the domain pending for the registry's
    /// eligibility review (`creating.rs`, `APPLICATION_REVIEW_SECONDS`);
    /// AddDomain refuses the zone.
    Application(&'static str),
}

/// How a zone's transfers are authorised (registrar FAQ rules, design note §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthRule {
    /// The auth code of the domain must be sent.
    Required,
    /// No auth code: the registrant confirms with the registry (.dk);
    /// sending one is refused.
    Refused,
    /// The losing registrar releases the domain to the gaining registrar's
    /// tag (.uk, PushDomain); an auth code is ignored. Without the push the
    /// transfer fails at the end of the pending period.
    Tag(&'static str),
}

/// One zone of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tld {
    /// The zone without dots at the ends: `com`, `co.uk`.
    pub zone: &'static str,
    /// The price class of the relations (`PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL`): `COM`, `COUK`.
    pub class: &'static str,
    /// The registry account the sandbox registers under (`COM-OTE-1API1`).
    pub repository: &'static str,
    /// Currency of `prices`.
    pub currency: &'static str,
    pub prices: Prices,
    pub registration_periods: &'static [Period],
    pub renewal_periods: &'static [Period],
    pub transfer_periods: &'static [Period],
    /// Days after registration or transfer during which transfers are refused.
    pub transfer_lock_days: u32,
    /// Whether a transfer needs the auth code (QueryDomainOptions
    /// `REGISTRYTRANSFERREQUIREAUTHCODE`): `transfer_auth == Required`, a
    /// unit test keeps the two in step.
    pub auth_required: bool,
    /// What a transfer asks for instead of (or as) the auth code.
    pub transfer_auth: AuthRule,
    /// Where the auth code comes from when the registration gives none:
    /// the command that asks the registry for one (`None`: every domain
    /// has a code from its registration on, shown by StatusDomain).
    pub auth_on_request: Option<&'static str>,
    /// Days a requested transfer stays pending before it completes on the
    /// clock (the losing side may approve or deny meanwhile); `0`: the
    /// zone transfers in real time, inside the request.
    pub transfer_pending_days: u32,
    /// Days after expiry until the domain fails (FAILUREDATE − EXPIRATIONDATE).
    pub grace_days: u32,
    /// Days a deleted domain can be restored (`ZONEDELETIONRESTORABLEPERIOD`).
    pub restorable_days: u32,
    /// Whether `X-ACCEPT-WHOISTRUSTEE-TAC` (ID protection) is offered.
    pub id_protection: bool,
    /// `X-` fields a registration must carry.
    pub required_fields: &'static [&'static str],
    /// `X-` fields a registration may carry besides the generic ones.
    pub optional_fields: &'static [&'static str],
    /// Whether IDN (`xn--`) labels are accepted.
    pub idn: bool,
    /// Shortest second-level label the registry accepts.
    pub min_label: usize,
    /// `ZONEPOLICYREGISTRANTNAMECHANGEBY`: `ICANN-TRADE`, `TRADE` or `UPDATE`.
    pub registrant_change: &'static str,
    pub nameservers_min: u8,
    pub nameservers_max: u8,
    pub hosts: HostModel,
    pub rule: Rule,
    /// The premium channel of the zone's `premium-*` names, if it sells premiums.
    pub premium_channel: Option<&'static str>,
}

/// The generic zones of ICANN's rounds before 2012 (a zone of the catalogue
/// that is neither one of these nor a country code is a new gTLD).
const LEGACY_GTLDS: &[&str] = &["biz", "com", "info", "net", "org", "pro"];

impl Tld {
    /// Whether the zone is a country code's (a last label of two letters:
    /// `de`, `co.uk`); every other zone is a generic one under ICANN.
    pub fn is_country_code(&self) -> bool {
        let last = self.zone.rsplit('.').next().unwrap_or(self.zone);
        last.len() == 2
    }

    /// Whether the zone is a new gTLD (ICANN's 2012 round): not a country
    /// code and not one of the older gTLDs.
    pub fn is_new_gtld(&self) -> bool {
        !self.is_country_code() && !LEGACY_GTLDS.contains(&self.zone)
    }

    /// Whether the zone follows ICANN's transfer and change-of-registrant
    /// policy (`ZONEPOLICYREGISTRANTNAMECHANGEBY` `ICANN-TRADE`): the FOA
    /// confirmations of transfers and the trade confirmations.
    pub fn icann_trade(&self) -> bool {
        self.registrant_change == "ICANN-TRADE"
    }

    /// Whether a domain of the zone holds an auth code from its
    /// registration (or transfer) on: not where the registry issues codes
    /// on request (.de, .eu, .be), nor where transfers take none (.uk's tag
    /// push, .dk's registrant confirmation).
    pub fn codes_from_registration(&self) -> bool {
        self.auth_on_request.is_none() && self.transfer_auth == AuthRule::Required
    }
}

mod fields;
mod idn;
mod tlds;

pub use fields::{FieldRule, field_rule};
pub use idn::{IdnTag, idn_tag, idn_tags};
pub use tlds::TLDS;

/// The zone of a name: the longest catalogue zone it ends with
/// (`example.co.uk` → `co.uk`, not `uk`), if the label left is one label.
pub fn find(name: &DomainName) -> Option<&'static Tld> {
    find_zone(name.as_str())
}

/// [`find`] on a name's normalised text (lower-case ACE, no trailing dot),
/// for a command that has not made a [`DomainName`] of it.
pub fn find_zone(name: &str) -> Option<&'static Tld> {
    // Everything after the first dot: a longer zone would leave no label, a
    // shorter one more than one (`www.example.com` has none).
    let dot = name.bytes().position(|b| b == b'.')?;
    zone_named(&name[dot + 1..])
}

/// The catalogue row of a zone (`com`, `co.uk`), ignoring case.
pub fn zone_named(zone: &str) -> Option<&'static Tld> {
    let wanted = zone_key(zone.as_bytes())?;
    ZONE_KEYS.binary_search(&wanted).ok().map(|at| &TLDS[at])
}

/// The most bytes a catalogue zone has (`com.au`, `online`: a unit test checks).
const ZONE_KEY_BYTES: usize = 8;

/// A zone of up to eight bytes as one number, lower-cased, first byte
/// highest and zero-padded, so that keys sort as the zones do: the
/// catalogue lookup (two or three per domain command) compares numbers,
/// not strings. `None` for a longer text, which is no zone.
const fn zone_key(zone: &[u8]) -> Option<u64> {
    if zone.len() > ZONE_KEY_BYTES {
        return None;
    }
    let mut key = 0u64;
    let mut at = 0;
    while at < ZONE_KEY_BYTES {
        let byte = if at < zone.len() {
            zone[at].to_ascii_lowercase()
        } else {
            0
        };
        key = key << 8 | byte as u64;
        at += 1;
    }
    Some(key)
}

/// [`zone_key`] of every catalogue zone, in catalogue order.
static ZONE_KEYS: [u64; TLDS.len()] = {
    let mut keys = [0; TLDS.len()];
    let mut at = 0;
    while at < TLDS.len() {
        keys[at] = match zone_key(TLDS[at].zone.as_bytes()) {
            Some(key) => key,
            None => panic!("a catalogue zone is longer than ZONE_KEY_BYTES"),
        };
        at += 1;
    }
    keys
};

/// EUR-based exchange rates (units of the currency per 1 EUR), as
/// `(currency, mantissa, scale)`: fixed, so that prices are the same on every run.
pub static RATES: &[(&str, i64, u32)] = &[
    ("AUD", 16500, 4),
    ("CAD", 14800, 4),
    ("CHF", 9400, 4),
    ("CNY", 78000, 4),
    ("DKK", 74600, 4),
    ("GBP", 8650, 4),
    ("JPY", 1625000, 4),
    ("USD", 10850, 4),
];

/// Units of `currency` per 1 EUR; `None` for a currency otebox does not know.
pub fn rate(currency: &str) -> Option<Decimal> {
    if currency == "EUR" {
        return Some(Decimal::ONE);
    }
    RATES
        .iter()
        .find(|(code, _, _)| *code == currency)
        .map(|&(_, mantissa, scale)| Decimal::new(mantissa, scale))
}

/// `amount` in `from` converted to `to` through EUR, rounded to cents;
/// `None` for a currency without a rate or an amount past what a decimal
/// holds.
pub fn convert(amount: Money, from: &str, to: &str) -> Option<Money> {
    if from == to {
        return Some(amount);
    }
    let euros = amount.0.checked_div(rate(from)?)?;
    let converted = euros.checked_mul(rate(to)?)?;
    Some(Money(converted.round_dp_with_strategy(
        2,
        RoundingStrategy::MidpointAwayFromZero,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_keys_sort_as_the_zones() {
        assert!(ZONE_KEYS.is_sorted());
        assert_eq!(zone_named("CO.UK").map(|t| t.zone), Some("co.uk"));
        assert_eq!(zone_named("co").map(|t| t.zone), Some("co"));
        for text in ["", "c", "co.u", "com.auu", "c0m", "example.com", "xn--zone"] {
            assert_eq!(zone_named(text), None, "{text}");
        }
        for tld in TLDS {
            assert_eq!(zone_named(tld.zone).map(|t| t.zone), Some(tld.zone));
            assert_eq!(
                zone_named(&tld.zone.to_uppercase()).map(|t| t.zone),
                Some(tld.zone)
            );
        }
    }

    #[test]
    fn catalogue_is_sorted_and_unique() {
        for pair in TLDS.windows(2) {
            assert!(
                pair[0].zone < pair[1].zone,
                "{} before {}",
                pair[0].zone,
                pair[1].zone
            );
        }
    }

    #[test]
    fn every_zone_is_complete() {
        for tld in TLDS {
            assert!(!tld.class.is_empty(), "{} has no class", tld.zone);
            assert!(!tld.repository.is_empty(), "{} has no repository", tld.zone);
            assert!(
                !tld.registration_periods.is_empty(),
                "{} has no registration period",
                tld.zone
            );
            assert!(rate(tld.currency).is_some(), "{} currency", tld.zone);
            assert!(tld.nameservers_min <= tld.nameservers_max, "{}", tld.zone);
            assert_eq!(
                tld.auth_required,
                tld.transfer_auth == AuthRule::Required,
                "{} auth_required",
                tld.zone
            );
            // The two halves of a bundle name each other.
            if let Rule::Bundle(other) = tld.rule {
                let second = zone_named(other).map(|other| other.rule);
                assert_eq!(second, Some(Rule::BundledWith(tld.zone)), "{}", tld.zone);
            }
            if let Rule::BundledWith(other) = tld.rule {
                let first = zone_named(other).map(|other| other.rule);
                assert_eq!(first, Some(Rule::Bundle(tld.zone)), "{}", tld.zone);
            }
        }
    }

    #[test]
    fn finds_the_longest_zone_and_one_label_only() {
        let name = |text| DomainName::parse(text).unwrap();
        assert_eq!(find(&name("example.com")).map(|t| t.zone), Some("com"));
        assert_eq!(find(&name("www.example.com")), None);
        assert_eq!(find(&name("example.invalid")), None);
        assert_eq!(find(&name("example.co.uk")).map(|t| t.zone), Some("co.uk"));
        assert_eq!(find(&name("example.uk")).map(|t| t.zone), Some("uk"));
        assert_eq!(
            find(&name("example.com.au")).map(|t| t.zone),
            Some("com.au")
        );
        assert_eq!(find(&name("example.au")), None);
    }

    #[test]
    fn cctlds_run_as_gtlds_are_country_codes_without_icann_trade() {
        for zone in ["cc", "pw", "tv"] {
            let tld = zone_named(zone).unwrap();
            assert!(tld.is_country_code() && !tld.is_new_gtld(), "{zone}");
            assert!(!tld.icann_trade() && tld.id_protection, "{zone}");
            assert_eq!((tld.transfer_lock_days, tld.grace_days), (60, 43), "{zone}");
        }
        for zone in ["cloud", "site", "store", "tech", "top"] {
            let tld = zone_named(zone).unwrap();
            assert!(tld.is_new_gtld() && tld.icann_trade(), "{zone}");
            assert_eq!(tld.grace_days, 44, "{zone}");
        }
    }

    #[test]
    fn converts_through_euro() {
        let usd = convert(Money::from_cents(10850), "USD", "EUR").unwrap();
        assert_eq!(usd, Money::from_cents(10000));
        assert_eq!(
            convert(Money::from_cents(100), "EUR", "EUR"),
            Some(Money::from_cents(100))
        );
        assert_eq!(convert(Money::from_cents(100), "XXX", "EUR"), None);
    }
}
