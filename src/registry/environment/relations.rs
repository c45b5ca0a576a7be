//! The user classes and their price relations (`PRICE_CLASS_DOMAIN_<CLASS>_<ITEM>`),
//! derived from the catalogue by iteration, so they follow it as it grows.
//! Static data only: no accounts, no wire text.

use std::fmt;

use crate::registry::Money;
use crate::registry::catalogue::{self, TLDS, Tld};

/// The one user class (price class) every account is in: the catalogue's prices.
pub const DEFAULT_CLASS: &str = "DEFAULT";

/// Every user class, sorted.
pub const USER_CLASSES: &[&str] = &[DEFAULT_CLASS];

/// What a price relation prices (the last part of its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Setup,
    Annual,
    Transfer,
    Restore,
    Trade,
    Currency,
}

impl Item {
    fn name(self) -> &'static str {
        match self {
            Item::Setup => "SETUP",
            Item::Annual => "ANNUAL",
            Item::Transfer => "TRANSFER",
            Item::Restore => "RESTORE",
            Item::Trade => "TRADE",
            Item::Currency => "CURRENCY",
        }
    }
}

/// One price relation of a user class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relation {
    pub tld: &'static Tld,
    /// The zone's premium class (`PREMIUM_<CLASS>_A`) rather than its own.
    pub premium: bool,
    pub item: Item,
    pub value: RelationValue,
}

/// A relation's value: an amount or a currency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationValue {
    Amount(Money),
    Currency(&'static str),
}

/// `PRICE_CLASS_DOMAIN_COM_ANNUAL`, `PRICE_CLASS_DOMAIN_PREMIUM_COM_A_ANNUAL`.
impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let item = self.item.name();
        match self.premium {
            false => write!(f, "PRICE_CLASS_DOMAIN_{}_{item}", self.tld.class),
            true => write!(f, "PRICE_CLASS_DOMAIN_PREMIUM_{}_A_{item}", self.tld.class),
        }
    }
}

impl fmt::Display for RelationValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelationValue::Amount(amount) => amount.fmt(f),
            RelationValue::Currency(code) => f.write_str(code),
        }
    }
}

/// A zone's premium terms as `scenario::Premium` sets them for `premium-*`
/// names: (registration price, renewal and transfer price), in the zone's
/// currency.
fn premium_terms(tld: &Tld) -> (Money, Money) {
    let premium = crate::registry::Premium::of(tld);
    (premium.price, premium.renewal)
}

/// The price relations of [`DEFAULT_CLASS`], zone by zone in catalogue
/// order: SETUP, ANNUAL, TRANSFER, RESTORE, TRADE and CURRENCY of the zone's
/// class, then SETUP, ANNUAL, TRANSFER and CURRENCY of its premium class
/// (SETUP + ANNUAL = the premium registration price CheckDomains quotes).
/// Amounts are in the zone's currency, or converted to `currency` (which
/// must be EUR or a currency of [`catalogue::RATES`]).
pub fn price_relations(currency: Option<&'static str>) -> impl Iterator<Item = Relation> {
    TLDS.iter().flat_map(move |tld| {
        let to = currency.unwrap_or(tld.currency);
        let amount = move |cents: Money| {
            let converted = catalogue::convert(cents, tld.currency, to).unwrap_or(cents);
            RelationValue::Amount(converted)
        };
        let cents = Money::from_cents;
        let (premium_price, premium_renewal) = premium_terms(tld);
        let standard = [
            (Item::Setup, amount(cents(tld.prices.setup))),
            (Item::Annual, amount(cents(tld.prices.annual))),
            (Item::Transfer, amount(cents(tld.prices.transfer))),
            (Item::Restore, amount(cents(tld.prices.restore))),
            (Item::Trade, amount(cents(tld.prices.trade))),
            (Item::Currency, RelationValue::Currency(to)),
        ]
        .map(|(item, value)| Relation {
            tld,
            premium: false,
            item,
            value,
        });
        let premium = [
            (
                Item::Setup,
                amount(Money(premium_price.0 - premium_renewal.0)),
            ),
            (Item::Annual, amount(premium_renewal)),
            (Item::Transfer, amount(premium_renewal)),
            (Item::Currency, RelationValue::Currency(to)),
        ]
        .map(|(item, value)| Relation {
            tld,
            premium: true,
            item,
            value,
        });
        standard.into_iter().chain(premium)
    })
}

/// The currency code as a `'static` string if prices can be converted to it.
pub fn known_currency(code: &str) -> Option<&'static str> {
    if code == "EUR" {
        return Some("EUR");
    }
    catalogue::RATES
        .iter()
        .find(|(known, _, _)| *known == code)
        .map(|(known, _, _)| *known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Availability, DomainName, Entity, Registry};

    #[test]
    fn premium_relations_follow_the_scenario_terms() {
        let registry = Registry::new(1);
        let system = registry.system(Entity::Ote);
        for tld in TLDS {
            let name = DomainName::parse(&format!("premium-probe.{}", tld.zone)).unwrap();
            // The name alone: a bundle's second half (.ong) is registered
            // only with its first, on the first half's terms.
            let dot = "premium-probe".len();
            let Availability::Premium(_, premium) =
                system.standing_at(name.as_str(), dot, crate::registry::Timestamp(0))
            else {
                panic!("premium-probe.{} is not premium", tld.zone);
            };
            assert_eq!(premium.class, format!("PREMIUM_{}_A", tld.class));
            assert_eq!((premium.price, premium.renewal), premium_terms(tld));
            assert_eq!(premium.currency, tld.currency);
        }
    }

    #[test]
    fn every_catalogue_currency_has_a_rate() {
        for tld in TLDS {
            assert!(
                known_currency(tld.currency).is_some(),
                ".{} is priced in {}, which has no exchange rate",
                tld.zone,
                tld.currency
            );
        }
    }

    #[test]
    fn ten_relations_per_zone_named_after_its_class() {
        let relations: Vec<_> = price_relations(None).collect();
        assert_eq!(relations.len(), TLDS.len() * 10);
        let first = relations[1];
        assert_eq!(
            first.to_string(),
            format!("PRICE_CLASS_DOMAIN_{}_ANNUAL", TLDS[0].class)
        );
        assert_eq!(
            relations[7].to_string(),
            format!("PRICE_CLASS_DOMAIN_PREMIUM_{}_A_ANNUAL", TLDS[0].class)
        );
    }
}
