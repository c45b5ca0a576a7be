//! Unit tests of `ledger_manual.rs`: a manual entry moves the balance and
//! carries its own type; amending and striking move it back by the
//! difference; a refusal changes nothing; the registry's entries never
//! change; removal forgets the types; snapshots carry them.

use super::*;
use crate::registry::snapshot::read_snapshot;
use crate::registry::{Entity, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn manual<'a>(type_name: &'a str, cents: i64) -> Manual<'a> {
    Manual {
        type_name: Some(type_name),
        description: Some("bank transfer"),
        payment: Some(Money::from_cents(cents)),
        vat: None,
    }
}

fn balance(system: &System, id: &str) -> Money {
    system.user(id).expect("a user").account.amount
}

#[test]
fn book_amend_and_strike_move_the_balance_with_the_entry() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let start = balance(system, "test.user");
    let id = system
        .book("test.user", NOW, manual("PAYMENT", 15_000))
        .unwrap();
    assert_eq!(id, 800_001);
    let fee = system
        .book("test.user", NOW, manual("FEE", -1_250))
        .unwrap();
    assert_eq!(
        balance(system, "test.user").0 - start.0,
        Money::from_cents(13_750).0
    );
    let entry = system.ledger().entry("test.user", fee).unwrap();
    assert_eq!(system.ledger().type_name(entry), "FEE");
    assert_eq!(
        (entry.kind, entry.price()),
        (Kind::Manual, Money::from_cents(-1_250))
    );
    assert_eq!(entry.vat().to_string(), "19.00");
    let change = Manual {
        type_name: Some("SETUP_FEE"),
        payment: Some(Money::from_cents(-2_000)),
        vat: Some(Percent(rust_decimal::Decimal::ZERO)),
        ..Manual::default()
    };
    system.amend("test.user", fee, change).unwrap();
    assert_eq!(
        balance(system, "test.user").0 - start.0,
        Money::from_cents(13_000).0
    );
    let entry = system.ledger().entry("test.user", fee).unwrap();
    assert_eq!(system.ledger().type_name(entry), "SETUP_FEE");
    assert_eq!(entry.description(), "bank transfer");
    assert_eq!(entry.vat().to_string(), "0.00");
    system.strike("test.user", id).unwrap();
    assert_eq!(
        balance(system, "test.user").0 - start.0,
        Money::from_cents(-2_000).0
    );
    assert!(system.ledger().entry("test.user", id).is_none());
    let next = system
        .book("test.user", NOW, manual("PAYMENT", 100))
        .unwrap();
    assert_eq!(next, 800_003, "a struck id is not given again");
}

#[test]
fn refusals_change_nothing() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let price = Money::from_cents(1_090);
    let item = Item {
        kind: Kind::AddDomain,
        description: "books.com",
        months: 12,
        price,
        what: "a test charge",
        above: None,
    };
    system.charge("test.user", NOW, item).unwrap();
    let id = system
        .book("test.user", NOW, manual("PAYMENT", 500))
        .unwrap();
    let before = (balance(system, "test.user"), system.ledger().clone());
    let huge = Money::from_cents(-200_000_000_000_000);
    let change = Manual {
        payment: Some(huge),
        description: Some("changed"),
        ..Manual::default()
    };
    assert_eq!(
        system.amend("test.user", id, change).unwrap_err().code(),
        541
    );
    assert_eq!(
        system
            .amend("test.user", 800_001, change)
            .unwrap_err()
            .code(),
        541
    );
    assert_eq!(system.strike("test.user", 800_001).unwrap_err().code(), 541);
    assert_eq!(system.strike("test.user", 899_999).unwrap_err().code(), 545);
    assert_eq!(system.strike("test.user2", id).unwrap_err().code(), 545);
    let over = Money::from_cents(100_000_000_000_000);
    let booking = Manual {
        payment: Some(over),
        ..manual("PAYMENT", 0)
    };
    assert_eq!(
        system.book("test.user", NOW, booking).unwrap_err().code(),
        541
    );
    let after = (balance(system, "test.user"), system.ledger().clone());
    assert_eq!(after.0, before.0);
    assert_eq!(after.1.of("test.user"), before.1.of("test.user"));
    assert_eq!(after.1.manual, before.1.manual);
}

#[test]
fn striking_the_only_entry_leaves_an_empty_ledger() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let id = system
        .book("test.user", NOW, manual("PAYMENT", 500))
        .unwrap();
    system.strike("test.user", id).unwrap();
    assert!(system.ledger().is_empty());
    assert!(system.ledger().manual.is_empty());
}

#[test]
fn removal_forgets_the_manual_types() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    system
        .book("test.user", NOW, manual("PAYMENT", 500))
        .unwrap();
    system
        .book("test.user2", NOW, manual("VOUCHER", 500))
        .unwrap();
    assert!(system.reset_account("test.user", NOW));
    let kept: Vec<&str> = system
        .ledger()
        .manual
        .values()
        .map(|name| &**name)
        .collect();
    assert_eq!(kept, ["VOUCHER"]);
}

#[test]
fn snapshots_carry_the_manual_types() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let id = system
        .book("test.user", NOW, manual("CREDIT/NOTE", 500))
        .unwrap();
    let restored = read_snapshot(&system.snapshot(), Some(Entity::Ote)).expect("a snapshot");
    let entry = restored.ledger().entry("test.user", id).expect("the entry");
    assert_eq!(restored.ledger().type_name(entry), "CREDIT/NOTE");
    assert_eq!(
        balance(&restored, "test.user"),
        balance(system, "test.user")
    );
}
