//! Unit tests of `user_class.rs`: names, a subuser priced by its class
//! unless its own relations set the zone class, deletion refused while a
//! subuser is in the class, rename and removal carry the classes, AssignUser
//! puts a moved subuser back in DEFAULT, removing an account forgets its classes, and a snapshot round trip keeps
//! the classes and their members, and the most classes an account may define.

use super::*;
use crate::registry::catalogue;
use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{call, ok};
use crate::registry::{Entity, Money, Registry, Timestamp};

/// 2026-01-01 00:00:00.
const NOW: Timestamp = Timestamp(1_767_225_600);
const PW: &str = "test.passw0rd";

fn relations(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// test.user with the class GOLD (.com ANNUAL 5.00) and subuser gold.sub in it.
fn registry() -> Registry {
    let mut registry = Registry::new(1);
    let add = [
        "COMMAND=AddUser",
        "SUBUSER=gold.sub",
        "PASSWORD=gold.passw0rd",
        "CURRENCY=EUR",
        "VAT=0",
    ];
    ok(call(&mut registry, NOW, "test.user", PW, &add));
    let system = registry.system_mut(Entity::Ote);
    let gold = relations(&[("PRICE_CLASS_DOMAIN_COM_ANNUAL", "5.00")]);
    system.set_user_class("test.user", "GOLD", gold).unwrap();
    system.set_class_of("gold.sub", Some("GOLD".to_owned()));
    registry
}

fn com() -> &'static catalogue::Tld {
    catalogue::TLDS
        .iter()
        .find(|tld| tld.zone == "com")
        .unwrap()
}

#[test]
fn names_are_checked_and_default_is_the_platforms() {
    assert_eq!(
        class_name("USERCLASS", "gold-1_x").unwrap().unwrap(),
        "GOLD-1_X"
    );
    assert_eq!(class_name("USERCLASS", "default").unwrap(), None);
    for bad in ["", "a b", "gold!", &"x".repeat(65)] {
        assert_eq!(
            class_name("USERCLASS", bad).unwrap_err().code(),
            505,
            "{bad}"
        );
    }
}

#[test]
fn a_subuser_pays_its_class_unless_it_set_the_zone_class_itself() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    let sheet = system.price_sheet("gold.sub", com());
    assert_eq!(sheet.annual, Money::from_cents(500));
    assert!(sheet.own);
    // The parent itself is not in its own class.
    assert!(!system.price_sheet("test.user", com()).own);
    system.modify_user("gold.sub", NOW, |user| {
        user.relations
            .insert("PRICE_CLASS_DOMAIN_COM_SETUP".to_owned(), "1.00".to_owned());
    });
    let sheet = system.price_sheet("gold.sub", com());
    // Its own relations win for the whole zone class: ANNUAL is the catalogue's.
    assert_eq!(sheet.setup, Money::from_cents(100));
    assert_eq!(sheet.annual, Money::from_cents(com().prices.annual));
}

#[test]
fn a_class_with_members_is_not_deleted_and_an_unknown_empty_one_is_545() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    let refused = system.set_user_class("test.user", "GOLD", IndexMap::default());
    assert_eq!(refused.unwrap_err().code(), 541);
    let unknown = system.set_user_class("test.user", "NONE", IndexMap::default());
    assert_eq!(unknown.unwrap_err().code(), 545);
    system.set_class_of("gold.sub", None);
    system
        .set_user_class("test.user", "GOLD", IndexMap::default())
        .unwrap();
    assert_eq!(system.user_classes_of("test.user").count(), 0);
}

#[test]
fn an_account_defines_at_most_a_hundred_classes_and_may_still_change_them() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    let price = || relations(&[("PRICE_CLASS_DOMAIN_COM_ANNUAL", "6.00")]);
    for n in 1..MAX_CLASSES {
        let name = format!("C{n}");
        system.set_user_class("test.user", &name, price()).unwrap();
    }
    assert_eq!(system.user_classes_of("test.user").count(), MAX_CLASSES);
    let refused = system.set_user_class("test.user", "ONE-MORE", price());
    assert_eq!(refused.unwrap_err().code(), 549);
    assert!(system.user_class("test.user", "ONE-MORE").is_none());
    // An existing class still changes, and emptying one makes room.
    system.set_user_class("test.user", "GOLD", price()).unwrap();
    (system.set_user_class("test.user", "C1", IndexMap::default())).unwrap();
    system
        .set_user_class("test.user", "ONE-MORE", price())
        .unwrap();
}

#[test]
fn rename_and_removal_carry_the_classes() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    system.rename_user("gold.sub", "gold.two");
    assert_eq!(system.class_of("gold.two"), Some("GOLD"));
    assert_eq!(system.class_of("gold.sub"), None);
    system.classes.rename("test.user", "test.renamed");
    assert!(system.user_class("test.renamed", "GOLD").is_some());
    system.classes.forget("test.renamed");
    assert_eq!(system.user_classes_of("test.renamed").count(), 0);
}

#[test]
fn removing_the_account_forgets_its_classes_and_assign_user_leaves_the_class() {
    let mut registry = registry();
    let system = registry.system_mut(Entity::Ote);
    system.assign_user("gold.sub", "test.user", NOW).unwrap();
    assert_eq!(
        system.class_of("gold.sub"),
        Some("GOLD"),
        "same parent: kept"
    );
    let add = [
        "COMMAND=AddUser",
        "SUBUSER=other.sub",
        "PASSWORD=gold.passw0rd",
        "CURRENCY=EUR",
        "VAT=0",
    ];
    ok(call(&mut registry, NOW, "test.user", PW, &add));
    let system = registry.system_mut(Entity::Ote);
    system.assign_user("gold.sub", "other.sub", NOW).unwrap();
    assert_eq!(system.class_of("gold.sub"), None);
    assert!(!system.price_sheet("gold.sub", com()).own);
    system.set_class_of("other.sub", Some("GOLD".to_owned()));
    assert!(system.remove_account("test.user", NOW));
    assert_eq!(system.user_classes_of("test.user").count(), 0);
    assert_eq!(system.class_of("other.sub"), None);
}

#[test]
fn a_snapshot_round_trip_keeps_classes_and_members() {
    let registry = registry();
    let system = registry.system(Entity::Ote);
    let restored = read_snapshot(&system.snapshot(), Some(Entity::Ote)).expect("a snapshot");
    assert_eq!(
        restored.user_class("test.user", "GOLD"),
        system.user_class("test.user", "GOLD")
    );
    assert_eq!(restored.class_of("gold.sub"), Some("GOLD"));
    assert_eq!(
        restored.price_sheet("gold.sub", com()),
        system.price_sheet("gold.sub", com())
    );
    assert_eq!(restored.snapshot(), system.snapshot());
}
