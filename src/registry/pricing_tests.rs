//! Unit tests of `pricing.rs`: the catalogue's prices unchanged for an
//! account without relations, an account's own relations (and their
//! currency) priced, and the checks of a relation's value.

use super::*;
use crate::registry::catalogue::TLDS;
use crate::registry::test_calls::{call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, Registry, Timestamp};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn com() -> &'static Tld {
    catalogue::zone_named("com").unwrap()
}

/// A registry whose test.user made subuser `priced.sub` (EUR) with `relations`.
fn with_subuser(relations: &[&str]) -> Registry {
    let mut registry = Registry::new(1);
    let mut lines = vec![
        "COMMAND=AddUser",
        "SUBUSER=priced.sub",
        "PASSWORD=priced.passw0rd",
        "CURRENCY=EUR",
        "VAT=19",
    ];
    let numbered: Vec<String> = relations
        .iter()
        .enumerate()
        .map(|(n, relation)| format!("RELATION{n}={relation}"))
        .collect();
    lines.extend(numbered.iter().map(String::as_str));
    ok(call(&mut registry, NOW, "test.user", DEMO_PASSWORD, &lines));
    registry
}

#[test]
fn without_relations_the_catalogue_prices_as_before() {
    let registry = Registry::new(1);
    let system = registry.system(Entity::Ote);
    let currency = system.user("test.user").unwrap().account.currency;
    for tld in TLDS {
        assert_eq!(system.price_sheet("test.user", tld), Sheet::catalogue(tld));
        let period = Period::years(3);
        let before =
            Money(Decimal::new(tld.prices.setup, 2) + per_year(tld.prices.annual, period).0);
        assert_eq!(
            system
                .domain_price("test.user", tld, Action::Register(period))
                .ok(),
            catalogue::convert(before, tld.currency, currency),
            ".{}",
            tld.zone
        );
        let renewal = per_year(tld.prices.annual, Period { months: 1 });
        assert_eq!(
            system
                .domain_price("test.user", tld, Action::Renew(Period { months: 1 }))
                .ok(),
            catalogue::convert(renewal, tld.currency, currency)
        );
    }
}

#[test]
fn own_relations_replace_the_class_prices_in_the_account_currency() {
    let registry = with_subuser(&[
        "PRICE_CLASS_DOMAIN_COM_ANNUAL:15",
        "PRICE_CLASS_DOMAIN_COM_SETUP:1.5",
        "PRICE_CLASS_DOMAIN_COM_RESTORE:40.00",
    ]);
    let system = registry.system(Entity::Ote);
    let price = |action| system.domain_price("priced.sub", com(), action).unwrap();
    assert_eq!(
        price(Action::Register(Period::years(2))).to_string(),
        "31.50"
    );
    assert_eq!(price(Action::Renew(Period::years(1))).to_string(), "15.00");
    assert_eq!(
        price(Action::Renew(Period { months: 1 })).to_string(),
        "1.25"
    );
    assert_eq!(price(Action::Restore).to_string(), "40.00");
    // Not set: the catalogue's price converted into the sheet's EUR.
    let transfer = catalogue::convert(Sheet::catalogue(com()).transfer, com().currency, "EUR");
    assert_eq!(Some(price(Action::Transfer)), transfer);
    let sheet = system.price_sheet("priced.sub", com());
    assert!(sheet.own);
    assert_eq!(sheet.currency, "EUR");
    // Another class keeps the catalogue.
    let net = catalogue::zone_named("net").unwrap();
    assert_eq!(system.price_sheet("priced.sub", net), Sheet::catalogue(net));
    // The parent is not priced by its subuser's relations.
    assert_eq!(
        system.price_sheet("test.user", com()),
        Sheet::catalogue(com())
    );
}

#[test]
fn a_relation_currency_is_converted_at_the_fixed_rates() {
    let registry = with_subuser(&[
        "PRICE_CLASS_DOMAIN_COM_ANNUAL:21.70",
        "PRICE_CLASS_DOMAIN_COM_CURRENCY:usd",
    ]);
    let system = registry.system(Entity::Ote);
    let sheet = system.price_sheet("priced.sub", com());
    assert_eq!(sheet.currency, "USD");
    let renew = system.domain_price("priced.sub", com(), Action::Renew(Period::years(1)));
    // 21.70 USD / 1.085 = 20.00 EUR.
    assert_eq!(renew.unwrap().to_string(), "20.00");
}

#[test]
fn relation_values_are_checked() {
    let amount = |value| check_relation("RELATION0", "PRICE_CLASS_DOMAIN_COM_ANNUAL", value);
    assert_eq!(amount("15").unwrap(), "15.00");
    assert_eq!(amount("0.5").unwrap(), "0.50");
    for bad in [
        "abc",
        "-1",
        "1.234",
        "1e3",
        "1.",
        ".5",
        "+3",
        "1,00",
        "1234567890",
    ] {
        let error = amount(bad).unwrap_err();
        assert_eq!(error.code(), 505, "{bad}");
    }
    let premium = "PRICE_CLASS_DOMAIN_PREMIUM_COM_A_TRANSFER";
    assert_eq!(
        check_relation("RELATION0", premium, "9.00")
            .unwrap_err()
            .code(),
        541
    );
    let currency = |value| check_relation("RELATION0", "PRICE_CLASS_DOMAIN_COM_CURRENCY", value);
    assert_eq!(currency("chf").unwrap(), "CHF");
    assert_eq!(currency("XYZ").unwrap_err().code(), 541);
    assert_eq!(
        check_relation("RELATION0", "ZONES", "com,net").unwrap(),
        "com,net"
    );
    assert_eq!(
        check_relation("RELATION0", "PRICE_CLASS_DOMAIN_COM_A_MARKUP_FIX", "x").unwrap(),
        "x"
    );
}

#[test]
fn the_clock_renews_at_the_relation_price() {
    let mut registry = with_subuser(&[
        "PRICE_CLASS_DOMAIN_COM_SETUP:2.00",
        "PRICE_CLASS_DOMAIN_COM_ANNUAL:15.00",
    ]);
    ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &["COMMAND=ModifyUser", "SUBUSER=priced.sub", "CREDIT=100"],
    ));
    let mut lines = vec!["COMMAND=AddDomain", "DOMAIN=clock-priced.com", "PERIOD=1"];
    lines.extend_from_slice(crate::registry::test_calls::OWNER);
    ok(call(
        &mut registry,
        NOW,
        "priced.sub",
        "priced.passw0rd",
        &lines,
    ));
    let amount = |registry: &Registry| {
        registry
            .system(Entity::Ote)
            .user("priced.sub")
            .unwrap()
            .account
            .amount
    };
    assert_eq!(amount(&registry).to_string(), "-17.00");
    let parent = registry
        .system(Entity::Ote)
        .user("test.user")
        .unwrap()
        .account
        .amount;
    registry.advance(Entity::Ote, NOW, 366 * 86_400).unwrap();
    assert_eq!(amount(&registry).to_string(), "-32.00");
    // The reseller above pays its own (the catalogue's) renewal price.
    let system = registry.system(Entity::Ote);
    let paid = Money(parent.0 - system.user("test.user").unwrap().account.amount.0);
    assert_eq!(paid.to_string(), "10.90");
}

#[test]
fn a_relation_no_check_would_store_prices_as_unset() {
    // A snapshot's relations are not checked when it is read: a value
    // AddUser/ModifyUser refuse is priced (and shown) as not set, so a
    // too large amount cannot overflow a charge, nor a negative one pay.
    let mut registry = with_subuser(&["PRICE_CLASS_DOMAIN_COM_SETUP:1.00"]);
    let system = registry.system_mut(Entity::Ote);
    let catalogue = Sheet::catalogue(com());
    for value in [
        "9999999999999999999999999999",
        "-5.00",
        "1e3",
        "7.777",
        "abc",
    ] {
        let user = system.users.get_mut("priced.sub").unwrap();
        let name = "PRICE_CLASS_DOMAIN_COM_ANNUAL".to_owned();
        user.relations.insert(name, value.to_owned());
        let sheet = system.price_sheet("priced.sub", com());
        assert_eq!(sheet.annual, catalogue.annual, "{value}");
        let renew = system.domain_price("priced.sub", com(), Action::Renew(Period::years(10)));
        assert_eq!(
            renew.ok(),
            Some(Money(catalogue.annual.0 * Decimal::TEN)),
            "{value}"
        );
    }
}
