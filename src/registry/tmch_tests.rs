//! Unit tests of `tmch.rs` and `tmch_claims.rs`: IDs from the date and the
//! system's number, expiry on the sandbox clock, who may see a mark,
//! renaming and removal carry the marks, the claims key is the same for
//! the same marks, and a snapshot round trip keeps marks and their number.

use super::*;
use crate::registry::snapshot::read_snapshot;
use crate::registry::{Entity, Registry};

/// 2026-01-01 00:00:00.
const NOW: Timestamp = Timestamp(1_767_225_600);

fn data(label: &str) -> MarkData {
    MarkData {
        name: "Testmark".to_owned(),
        goods: vec!["ISP".to_owned()],
        jurisdiction: "DE".to_owned(),
        classes: vec![8, 9],
        number: "1231231".to_owned(),
        registered: "1964-03-15".to_owned(),
        holder: Holder {
            entitlement: "owner".to_owned(),
            organization: "Testmark GmbH".to_owned(),
            street: "Teststr. 27".to_owned(),
            city: "Homburg".to_owned(),
            zip: "66424".to_owned(),
            email: "tm@example.com".to_owned(),
            ..Holder::default()
        },
        labels: vec![MarkLabel {
            label: label.to_owned(),
            smd: false,
            claims: true,
        }],
    }
}

fn system() -> Registry {
    Registry::new(1)
}

#[test]
fn ids_carry_the_date_and_the_systems_number_and_marks_expire_on_the_clock() {
    let mut registry = system();
    let system = registry.system_mut(Entity::Ote);
    let later = Timestamp(NOW.0 + 3600 * 5);
    let first = system
        .create_mark("test.user", data("testmark"), 1, later)
        .unwrap();
    assert_eq!(first.id, "0005582601010001-1");
    assert_eq!(first.expires, Timestamp(NOW.0).plus(Period::years(1)));
    let second = system
        .create_mark("test.user2", data("other"), 3, NOW)
        .unwrap();
    assert_eq!(second.id, "0005582601010002-1");
    let mark = system.mark("test.user", "0005582601010001-1").unwrap();
    assert_eq!(mark.status(NOW), MarkStatus::Verified);
    let expires = mark.expires;
    assert_eq!(mark.status(expires), MarkStatus::Expired);
    assert!(
        system
            .renew_mark("test.user", "0005582601010001-1", 1, expires)
            .is_err()
    );
    system
        .renew_mark("test.user", "0005582601010001-1", 5, NOW)
        .unwrap();
    let mark = system.mark("test.user", "0005582601010001-1").unwrap();
    assert_eq!(mark.expires, expires.plus(Period::years(5)));
    assert!(
        system
            .renew_mark("test.user", "0005582601010001-1", 2, NOW)
            .is_err()
    );
}

#[test]
fn another_accounts_mark_is_531_and_an_unknown_one_545() {
    let mut registry = system();
    let system = registry.system_mut(Entity::Ote);
    let id = system
        .create_mark("test.user", data("testmark"), 1, NOW)
        .unwrap()
        .id
        .clone();
    assert_eq!(system.mark("test.user2", &id).unwrap_err().code(), 531);
    assert_eq!(
        system
            .mark("test.user", "0005589901010001-1")
            .unwrap_err()
            .code(),
        545
    );
    let change = data("changed");
    assert_eq!(
        system
            .update_mark("test.user2", &id, change, NOW)
            .unwrap_err()
            .code(),
        531
    );
    assert_eq!(
        system.mark("test.user", &id).unwrap().data.labels[0].label,
        "testmark"
    );
}

#[test]
fn renaming_and_removal_carry_the_marks() {
    let mut registry = system();
    let system = registry.system_mut(Entity::Ote);
    let id = system
        .create_mark("test.user", data("testmark"), 1, NOW)
        .unwrap()
        .id
        .clone();
    system.marks.rename("test.user", "test.user9");
    assert_eq!(system.mark("test.user9", &id).unwrap().owner, "test.user9");
    system.marks.forget("test.user9");
    assert_eq!(system.mark("test.user9", &id).unwrap_err().code(), 545);
}

#[test]
fn a_live_claims_label_has_one_key_for_every_mark_on_it() {
    let mut registry = system();
    let system = registry.system_mut(Entity::Ote);
    assert!(system.claim_on("testmark", NOW).is_none());
    system
        .create_mark("test.user", data("testmark"), 1, NOW)
        .unwrap();
    system
        .create_mark("test.user2", data("testmark"), 1, NOW)
        .unwrap();
    let mut quiet = data("quiet");
    quiet.labels[0].claims = false;
    system.create_mark("test.user", quiet, 1, NOW).unwrap();
    assert!(system.claim_on("quiet", NOW).is_none());
    let claim = system.claim_on("TESTMARK", NOW).unwrap();
    assert_eq!(claim.marks.len(), 2);
    assert!(claim.key.starts_with("2026010101/"), "{}", claim.key);
    assert!(claim.key.ends_with("-0000000001"), "{}", claim.key);
    let key = claim.key.clone();
    assert_eq!(system.claim_by_key(&key, NOW).unwrap().label, "testmark");
    let expired = NOW.plus(Period::years(1));
    assert!(system.claim_on("testmark", expired).is_none());
    assert_eq!(system.claim_by_key(&key, expired).unwrap_err().code(), 545);
}

#[test]
fn a_snapshot_round_trip_keeps_the_marks_and_their_number() {
    let mut registry = system();
    let system = registry.system_mut(Entity::Ote);
    let id = system
        .create_mark("test.user", data("testmark"), 3, NOW)
        .unwrap()
        .id
        .clone();
    system
        .update_mark("test.user", &id, data("renamed"), NOW)
        .unwrap();
    let mut restored = read_snapshot(&system.snapshot(), Some(Entity::Ote)).expect("a snapshot");
    assert_eq!(
        restored.mark("test.user", &id).unwrap(),
        system.mark("test.user", &id).unwrap()
    );
    assert_eq!(restored.snapshot(), system.snapshot());
    let next = restored
        .create_mark("test.user", data("x"), 1, NOW)
        .unwrap();
    assert_eq!(next.id, "0005582601010002-1");
}
