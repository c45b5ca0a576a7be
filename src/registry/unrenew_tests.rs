//! Unit tests of `unrenew.rs`: the auto-renewal undone once within its
//! grace period (both halves of a bundle), never after it, and the record
//! kept through a snapshot.

use super::*;
use crate::registry::lifecycle::tests::assert_invariant;
use crate::registry::snapshot::read_snapshot;
use crate::registry::{Entity, Registry, catalogue};

const START: Timestamp = Timestamp(1_767_225_600);
const DAY: u64 = 86_400;

/// A domain of test.user registered at START for one year.
fn held(text: &str) -> Domain {
    let mut domain = Domain::sample(text, &[], "P-TEST1");
    domain.expires = START.plus(Period::years(1));
    domain.paid_until = domain.expires;
    domain
}

fn balance(system: &System) -> Money {
    system.user("test.user").unwrap().account.amount
}

/// A registry whose clock renewed `names` (registered at START) 361 days on.
fn renewed(names: &[&str]) -> Registry {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    for name in names {
        system.insert_domain(held(name));
    }
    registry.advance(Entity::Ote, START, 361 * DAY).unwrap();
    registry
}

#[test]
fn the_auto_renewal_is_undone_once_and_refunded() {
    let mut registry = renewed(&["a.com"]);
    let system = registry.system_mut(Entity::Ote);
    let now = system.sandbox_time(START);
    let renewal = system
        .domain("a.com")
        .unwrap()
        .lifecycle
        .auto_renewed
        .unwrap();
    assert_eq!(renewal.from, START.plus(Period::years(1)));
    assert_eq!(renewal.until, renewal.from.plus_days(44));
    let before = balance(system);
    assert!(system.unrenew("a.com", now, RenewalMode::AutoExpire));
    let domain = system.domain("a.com").unwrap();
    assert_eq!(domain.expires, START.plus(Period::years(1)));
    assert_eq!(domain.paid_until, domain.expires);
    assert_eq!(balance(system).0, before.0 + renewal.price.0);
    assert!(!system.unrenew("a.com", now, RenewalMode::AutoExpire));
    assert_eq!(balance(system).0, before.0 + renewal.price.0);
    assert_invariant(system);
}

#[test]
fn after_the_grace_period_nothing_is_undone() {
    let mut registry = renewed(&["a.com"]);
    let system = registry.system_mut(Entity::Ote);
    let renewal = system
        .domain("a.com")
        .unwrap()
        .lifecycle
        .auto_renewed
        .unwrap();
    let after = Timestamp(renewal.until.0 + 1);
    assert!(!system.unrenew("a.com", after, RenewalMode::AutoExpire));
    assert_eq!(
        system.domain("a.com").unwrap().expires,
        START.plus(Period::years(2))
    );
}

#[test]
fn a_bundle_goes_back_together_for_its_one_charge() {
    let mut registry = renewed(&["x.ngo", "x.ong"]);
    let system = registry.system_mut(Entity::Ote);
    let now = system.sandbox_time(START);
    assert!(
        system
            .domain("x.ong")
            .unwrap()
            .lifecycle
            .auto_renewed
            .is_none()
    );
    let renewal = system
        .domain("x.ngo")
        .unwrap()
        .lifecycle
        .auto_renewed
        .unwrap();
    let before = balance(system);
    assert!(system.unrenew("x.ngo", now, RenewalMode::AutoExpire));
    for half in ["x.ngo", "x.ong"] {
        let domain = system.domain(half).unwrap();
        assert_eq!(domain.expires, START.plus(Period::years(1)), "{half}");
    }
    assert_eq!(balance(system).0, before.0 + renewal.price.0);
    assert_invariant(system);
}

#[test]
fn zones_without_grace_days_keep_no_record_and_the_record_survives_a_snapshot() {
    let mut registry = renewed(&["a.de", "a.com"]);
    let system = registry.system_mut(Entity::Ote);
    assert_eq!(catalogue::zone_named("de").unwrap().grace_days, 0);
    assert!(
        system
            .domain("a.de")
            .unwrap()
            .lifecycle
            .auto_renewed
            .is_none()
    );
    let kept = system.domain("a.com").unwrap().lifecycle.auto_renewed;
    assert!(kept.is_some());
    let copy = read_snapshot(&system.snapshot(), Some(Entity::Ote)).unwrap();
    assert_eq!(copy.domain("a.com").unwrap().lifecycle.auto_renewed, kept);
}

#[test]
fn a_date_a_hand_renewal_moved_on_goes_back_by_the_period() {
    let renewal = AutoRenewal {
        until: START,
        from: Timestamp::parse("2028-02-29").unwrap(),
        period: Period::years(1),
        price: Money::from_cents(0),
        entry: None,
    };
    // The renewal's own end goes back to the day it started from...
    let end = renewal.from.plus(renewal.period);
    assert_eq!(renewal.undo(end), renewal.from);
    // ...a later one by the period.
    let later = end.plus(Period::years(1));
    assert_eq!(renewal.undo(later), end);
}
