//! Unit tests of `bundle.rs`: what a bundle does to availability, and the
//! two halves on the clock (one charge, the same dates, gone together).

use super::*;
use crate::registry::lifecycle::tests::assert_invariant;
use crate::registry::{Entity, Period, Registry, RenewalMode};

const START: Timestamp = Timestamp(1_767_225_600);
const DAY: u64 = 86_400;

fn name(text: &str) -> DomainName {
    DomainName::parse(text).unwrap()
}

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

#[test]
fn the_halves_name_each_other() {
    assert_eq!(second_half(&name("x.ngo")), Some(name("x.ong")));
    assert_eq!(first_half(&name("x.ong")), Some(name("x.ngo")));
    assert_eq!(first_half(&name("x.ngo")), None);
    assert_eq!(second_half(&name("x.ong")), None);
    assert_eq!(second_half(&name("x.com")), None);
}

#[test]
fn the_second_half_is_never_free_alone_and_the_first_only_with_it() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let at = |system: &System, text: &str| system.availability(&name(text), START);
    assert!(matches!(at(system, "x.ngo"), Availability::Available(_)));
    assert_eq!(
        at(system, "x.ong"),
        Availability::BundleOnly("x.ngo".into())
    );
    // A premium first half takes its premium second half with it.
    assert!(matches!(
        at(system, "premium-x.ngo"),
        Availability::Premium(..)
    ));
    assert_eq!(at(system, "taken-x.ong"), Availability::Registered);
    // A second half held alone (a state older versions could make) takes
    // the first half with it: CheckDomains and AddDomain both say so.
    system.insert_domain(held("lone.ong"));
    assert_eq!(
        at(system, "lone.ngo"),
        Availability::BundleTaken("lone.ong".into())
    );
    assert_eq!(at(system, "lone.ong"), Availability::Registered);
}

#[test]
fn the_clock_renews_a_bundle_once_and_keeps_its_dates_equal() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    system.insert_domain(held("x.ong"));
    system.insert_domain(held("x.ngo"));
    let before = balance(system);
    let tld = catalogue::zone_named("ngo").unwrap();
    let one = system
        .renewal_price_for(system.domain("x.ngo").unwrap(), tld, Period::years(1))
        .unwrap();
    registry.advance(Entity::Ote, START, 364 * DAY).unwrap();
    let system = registry.system_mut(Entity::Ote);
    assert_eq!(balance(system).0, before.0 - one.0);
    for half in ["x.ngo", "x.ong"] {
        let domain = system.domain(half).unwrap();
        assert_eq!(domain.expires, START.plus(Period::years(2)), "{half}");
        assert_eq!(domain.paid_until, domain.expires, "{half}");
    }
    assert_invariant(system);
}

#[test]
fn a_second_half_out_of_step_follows_its_first_and_expires_with_it() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let mut first = held("x.ngo");
    first.renewal_mode = RenewalMode::AutoExpire;
    system.insert_domain(first);
    // Out of step, as RenewDomain of one half used to leave it: its own
    // due point comes first and charges nothing.
    let mut second = held("x.ong");
    second.expires = START.plus_days(100);
    second.paid_until = second.expires;
    system.insert_domain(second);
    let before = balance(system);
    registry.advance(Entity::Ote, START, 100 * DAY).unwrap();
    let system = registry.system_mut(Entity::Ote);
    let second = system.domain("x.ong").unwrap();
    assert_eq!(second.expires, START.plus(Period::years(1)));
    assert_eq!(second.renewal_mode, RenewalMode::AutoExpire);
    assert_eq!(balance(system), before);
    assert_invariant(system);
    // FAILUREDATE is 409 days after START, the purge 30 days later.
    registry.advance(Entity::Ote, START, 320 * DAY).unwrap();
    let system = registry.system_mut(Entity::Ote);
    assert!(system.domain("x.ngo").is_none() && system.domain("x.ong").is_none());
    assert!(system.deleted_domain("x.ong").is_some());
    assert_eq!(balance(system), before);
    assert_invariant(system);
}
