//! Unit tests of `ledger.rs`: what a charge and a refund record, that a
//! refused charge records nothing, that one account never sees another's
//! entries, that removal and reset drop them, that snapshots carry them.

use super::*;
use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{OWNER, call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, NewAccount, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn item(kind: Kind, price: Money) -> Item<'static> {
    Item {
        kind,
        description: "ledger.com",
        months: 12,
        price,
        what: "a test charge",
    }
}

fn add_domain(registry: &mut Registry, login: &str, name: &str) {
    let domain = format!("DOMAIN={name}");
    let mut lines = vec!["COMMAND=AddDomain", &domain, "PERIOD=2"];
    lines.extend_from_slice(OWNER);
    ok(call(registry, NOW, login, DEMO_PASSWORD, &lines));
}

#[test]
fn a_charge_records_a_negative_entry_with_the_accounts_vat() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let price = Money::from_cents(1090);
    system
        .charge("test.user", NOW, item(Kind::AddDomain, price))
        .unwrap();
    let entries = system.ledger().of("test.user");
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(
        (entry.id, entry.kind, entry.at),
        (800_001, Kind::AddDomain, NOW)
    );
    assert_eq!(entry.price(), Money::from_cents(-1090));
    assert_eq!(entry.vat().to_string(), "19.00");
    assert_eq!(entry.vat_price(), Money::from_cents(-207));
    assert_eq!(
        (entry.years(0).as_str(), entry.description()),
        ("1", "ledger.com")
    );
    assert_eq!(entry.years(4), "1.0000");
    assert!(system.ledger().of("test.user2").is_empty());
}

#[test]
fn a_refused_charge_records_nothing() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let before = system.user("test.user").unwrap().account.amount;
    let too_much = Money::from_cents(1_000_000_000);
    let refusal = system
        .charge("test.user", NOW, item(Kind::RenewDomain, too_much))
        .unwrap_err();
    assert_eq!(refusal.code(), 546);
    assert!(system.ledger().is_empty());
    assert_eq!(system.user("test.user").unwrap().account.amount, before);
}

#[test]
fn a_refund_records_a_positive_entry_and_a_zero_one_nothing() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let zero = Money::from_cents(0);
    system.refund("test.user", NOW, item(Kind::RefundAddDomain, zero));
    assert!(system.ledger().is_empty());
    let back = Money::from_cents(500);
    system.refund("test.user", NOW, item(Kind::RefundAddDomain, back));
    let entry = &system.ledger().of("test.user")[0];
    assert_eq!((entry.kind, entry.price()), (Kind::RefundAddDomain, back));
}

/// DeleteDomain within the add grace period: the registration and its
/// refund, and the balance where it started.
#[test]
fn the_add_grace_refund_is_an_entry() {
    let mut registry = Registry::new(1);
    let start = registry
        .system(Entity::Ote)
        .user("test.user")
        .unwrap()
        .account
        .amount;
    add_domain(&mut registry, "test.user", "grace-ledger.com");
    let delete = ["COMMAND=DeleteDomain", "DOMAIN=grace-ledger.com"];
    ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &delete,
    ));
    let system = registry.system(Entity::Ote);
    let kinds: Vec<(Kind, String, u32)> = system
        .ledger()
        .of("test.user")
        .iter()
        .map(|entry| (entry.kind, entry.price().to_string(), entry.id))
        .collect();
    assert_eq!(
        kinds,
        [
            (Kind::AddDomain, "-21.80".to_owned(), 800_001),
            (Kind::RefundAddDomain, "21.80".to_owned(), 800_002),
        ]
    );
    assert_eq!(system.user("test.user").unwrap().account.amount, start);
}

#[test]
fn accounts_see_only_their_own_entries() {
    let mut registry = Registry::new(1);
    add_domain(&mut registry, "test.user", "mine-ledger.com");
    add_domain(&mut registry, "test.user2", "theirs-ledger.com");
    let ledger = registry.system(Entity::Ote).ledger();
    let [mine] = ledger.of("test.user") else {
        panic!("one entry")
    };
    let [theirs] = ledger.of("test.user2") else {
        panic!("one entry")
    };
    assert_eq!(mine.description(), "mine-ledger.com");
    assert!(ledger.entry("test.user2", mine.id).is_none());
    assert!(ledger.entry("test.user", theirs.id).is_none());
    assert_eq!(ledger.entry("test.user2", theirs.id), Some(theirs));
    let status = format!("ACCOUNTINGID={}", mine.id);
    let answer = call(
        &mut registry,
        NOW,
        "test.user2",
        DEMO_PASSWORD,
        &["COMMAND=StatusAccounting", &status],
    );
    assert!(answer.contains("CODE=545"), "{answer}");
}

#[test]
fn removal_and_reset_drop_the_accounts_entries() {
    let mut registry = Registry::new(1);
    let new = NewAccount {
        login: Some("ci-ledger".into()),
        password: Some(DEMO_PASSWORD.into()),
        ..NewAccount::default()
    };
    let system = registry.system_mut(Entity::Ote);
    system.create_account(new, NOW).expect("a free login");
    add_domain(&mut registry, "ci-ledger", "removed-ledger.com");
    add_domain(&mut registry, "test.user", "reset-ledger.com");
    let system = registry.system_mut(Entity::Ote);
    assert_eq!(system.ledger().len(), 2);
    assert!(system.remove_account("ci-ledger", NOW));
    assert!(system.ledger().of("ci-ledger").is_empty());
    assert!(system.reset_account("test.user", NOW));
    assert!(system.ledger().is_empty());
}

/// A snapshot carries the entries and the counter: the next id after a
/// restore is the one the original would have given.
#[test]
fn snapshots_carry_the_ledger() {
    let mut registry = Registry::new(1);
    add_domain(&mut registry, "test.user", "snap-ledger.com");
    let file = registry.system(Entity::Ote).snapshot();
    let mut restored = read_snapshot(&file, Some(Entity::Ote)).expect("a sound snapshot");
    let original = registry.system_mut(Entity::Ote);
    assert_eq!(
        restored.ledger().of("test.user"),
        original.ledger().of("test.user")
    );
    let price = Money::from_cents(100);
    for system in [&mut restored, original] {
        system
            .charge("test.user", NOW, item(Kind::TradeDomain, price))
            .unwrap();
    }
    assert_eq!(
        restored.ledger().of("test.user"),
        original.ledger().of("test.user")
    );
    assert_eq!(restored.ledger().of("test.user")[1].id, 800_002);
}

#[test]
fn an_entry_is_dense() {
    assert_eq!(std::mem::size_of::<Entry>(), 40);
}
