//! Unit tests of `lifecycle.rs`: due points and the one-entry-per-domain invariant.

use super::*;
use crate::registry::clock::TICK_BUDGET;
use crate::registry::{Domain, Entity, Registry};

const START: Timestamp = Timestamp(1_767_225_600);
const DAY: u64 = 86_400;

/// A .com of test.user registered at START for one year.
fn com(name: &str) -> Domain {
    let mut domain = Domain::sample(name, &[], "P-TEST1");
    domain.expires = START.plus(Period::years(1));
    domain.paid_until = domain.expires;
    domain
}

fn balance(system: &System, owner: &str) -> Money {
    system.user(owner).map(|user| user.account.amount).unwrap()
}

/// Every live domain has exactly one `Job::Domain` entry, at its next due
/// point, and every deleted one exactly one `Job::Purge`; nothing else is
/// queued (`bundle_tests.rs` asks too).
pub(in crate::registry) fn assert_invariant(system: &System) {
    for (name, domain) in &system.domains {
        let key = domain.lifecycle.due;
        assert_eq!(
            system.queued(key),
            Some(Job::Domain(name.as_str().into())),
            "{name}"
        );
        assert_eq!(
            key.0,
            next_due(domain, catalogue::find(&domain.name)).0,
            "{name}"
        );
    }
    for (name, deleted) in &system.deleted {
        let key = deleted.domain.lifecycle.due;
        assert_eq!(
            system.queued(key),
            Some(Job::Purge(name.as_str().into())),
            "{name}"
        );
        assert_eq!(key.0, Timestamp(deleted.restorable_until.0 + 1), "{name}");
    }
    assert_eq!(
        system.pending_jobs(),
        system.domains.len() + system.deleted.len()
    );
}

#[test]
fn due_points_follow_the_mode_and_the_dates() {
    let tld = catalogue::zone_named("com").unwrap();
    let mut domain = com("a.com");
    let dates = Dates::of(&domain, tld);
    assert_eq!(next_due(&domain, Some(tld)), (dates.accounting, Due::Renew));
    domain.renewal_mode = RenewalMode::AutoExpire;
    assert_eq!(next_due(&domain, Some(tld)), (dates.failure, Due::Expire));
    domain.renewal_mode = RenewalMode::AutoDelete;
    assert_eq!(next_due(&domain, Some(tld)), (dates.failure, Due::Delete));
    domain.renewal_mode = RenewalMode::Default;
    domain.lifecycle.default_mode = RenewalMode::AutoExpire;
    assert_eq!(next_due(&domain, Some(tld)), (dates.failure, Due::Expire));
    assert_eq!(next_action(&domain, &dates), ("expire", dates.failure));
    domain.lifecycle.default_mode = RenewalMode::AutoRenew;
    domain.lifecycle.renew_failed = true;
    assert_eq!(next_due(&domain, Some(tld)), (dates.failure, Due::Renew));
    assert_eq!(next_action(&domain, &dates), ("pay", dates.failure));
    domain.lifecycle.renew_failed = false;
    domain.paid_until = domain.expires.plus(Period::years(1));
    assert_eq!(next_due(&domain, Some(tld)), (domain.expires, Due::CatchUp));
}

#[test]
fn auto_renewal_charges_and_renew_once_then_expires_and_is_purged() {
    let mut registry = Registry::new(1);
    let tld = catalogue::zone_named("com").unwrap();
    let system = registry.system_mut(Entity::Ote);
    let mut domain = com("a.com");
    domain.renewal_mode = RenewalMode::RenewOnce;
    system.insert_domain(domain);
    assert_invariant(system);
    let before = balance(system, "test.user");
    let price = system
        .renewal_price_for(system.domain("a.com").unwrap(), tld, Period::years(1))
        .unwrap();
    // One job ran (and queued the next due point): the count says so.
    assert_eq!(registry.advance(Entity::Ote, START, 360 * DAY), Ok(1));
    let system = registry.system_mut(Entity::Ote);
    let domain = system.domain("a.com").unwrap();
    assert_eq!(domain.expires, START.plus(Period::years(2)));
    assert_eq!(domain.renewal_mode, RenewalMode::AutoExpire);
    assert_eq!(balance(system, "test.user").0, before.0 - price.0);
    assert_invariant(system);
    // At the next FAILUREDATE it expires, restorable, then is purged.
    let dates = Dates::of(system.domain("a.com").unwrap(), tld);
    let to_failure = dates.failure.0 - system.sandbox_time(START).0;
    registry
        .advance(Entity::Ote, START, to_failure - 1)
        .unwrap();
    let system = registry.system_mut(Entity::Ote);
    assert!(system.domain("a.com").is_some());
    registry.advance(Entity::Ote, START, 1).unwrap();
    let system = registry.system_mut(Entity::Ote);
    assert!(system.domain("a.com").is_none());
    assert!(system.deleted_domain("a.com").is_some());
    assert_invariant(system);
    let restorable = DAY * u64::from(tld.restorable_days);
    registry.advance(Entity::Ote, START, restorable).unwrap();
    let system = registry.system_mut(Entity::Ote);
    assert!(system.deleted_domain("a.com").is_some());
    registry.advance(Entity::Ote, START, 1).unwrap();
    let system = registry.system_mut(Entity::Ote);
    assert!(system.deleted_domain("a.com").is_none());
    assert_eq!(system.pending_jobs(), 0);
}

#[test]
fn an_unpaid_renewal_is_tried_again_at_failuredate_then_the_domain_expires() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    system.insert_domain(com("a.com"));
    let now = START;
    system.modify_user("test.user", now, |user| {
        user.account.amount = Money(-user.account.credit.0)
    });
    let accounting = Dates::of(
        system.domain("a.com").unwrap(),
        catalogue::zone_named("com").unwrap(),
    );
    system.set_target(START, accounting.accounting).unwrap();
    system.tick(START, TICK_BUDGET);
    let domain = system.domain("a.com").unwrap();
    assert!(domain.lifecycle.renew_failed);
    assert_eq!(domain.expires, START.plus(Period::years(1)));
    assert_invariant(system);
    system.set_target(START, accounting.failure).unwrap();
    system.tick(START, TICK_BUDGET);
    assert!(system.domain("a.com").is_none());
    let deleted = system.deleted_domain("a.com").unwrap();
    assert!(!deleted.domain.lifecycle.renew_failed);
    assert_invariant(system);
}

#[test]
fn paid_ahead_expiry_catches_up_without_a_charge() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let mut domain = com("a.de");
    domain.paid_until = domain.expires.plus(Period::years(1));
    system.insert_domain(domain);
    let before = balance(system, "test.user");
    registry.advance(Entity::Ote, START, 366 * DAY).unwrap();
    let system = registry.system_mut(Entity::Ote);
    let domain = system.domain("a.de").unwrap();
    assert_eq!(domain.expires, START.plus(Period::years(2)));
    assert_eq!(domain.paid_until, domain.expires);
    assert_eq!(balance(system, "test.user"), before);
    assert_invariant(system);
}

/// One step of the invariant property.
#[derive(Debug, Clone)]
enum Op {
    Add(usize),
    Mode(usize, u8),
    Renew(usize),
    PayAhead(usize),
    Delete(usize, u32),
    Restore(usize),
    Poor(bool),
    Advance(u32),
    /// Another account takes the domain over with a fresh lifecycle (as a
    /// transfer's completion will).
    Move(usize),
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
    use proptest::prelude::*;
    prop_oneof![
        (0..4usize).prop_map(Op::Add),
        (0..4usize, 0..6u8).prop_map(|(n, m)| Op::Mode(n, m)),
        (0..4usize).prop_map(Op::Renew),
        (0..4usize).prop_map(Op::PayAhead),
        (0..4usize, 0..40u32).prop_map(|(n, d)| Op::Delete(n, d)),
        (0..4usize).prop_map(Op::Restore),
        any::<bool>().prop_map(Op::Poor),
        (0..800u32).prop_map(Op::Advance),
        (0..4usize).prop_map(Op::Move),
    ]
}

const NAMES: [&str; 4] = ["a.com", "b.net", "c.de", "d.org"];
const MODES: [RenewalMode; 6] = [
    RenewalMode::Default,
    RenewalMode::AutoRenew,
    RenewalMode::AutoExpire,
    RenewalMode::AutoDelete,
    RenewalMode::RenewOnce,
    RenewalMode::AutoRenewMonthly,
];

fn apply(registry: &mut Registry, op: Op) {
    let system = registry.system_mut(Entity::Ote);
    let now = system.sandbox_time(START);
    match op {
        Op::Add(n) if system.domain(NAMES[n]).is_none() => {
            let mut domain = com(NAMES[n]);
            domain.expires = now.plus(Period::years(1));
            domain.paid_until = domain.expires;
            system.insert_domain(domain);
        }
        Op::Mode(n, m) => system.modify_domain(NAMES[n], |d| d.renewal_mode = MODES[m as usize]),
        Op::Renew(n) => system.modify_domain(NAMES[n], |d| {
            d.expires = d.expires.plus(Period::years(1));
            d.paid_until = d.paid_until.max(d.expires);
        }),
        Op::PayAhead(n) => system.modify_domain(NAMES[n], |d| {
            d.paid_until = d.paid_until.plus(Period::years(1))
        }),
        Op::Delete(n, days) => {
            let until = now.plus_days(u64::from(days));
            system.delete_domain(NAMES[n], now, until, Money::from_cents(0));
        }
        Op::Restore(n) if system.domain(NAMES[n]).is_none() => {
            if let Some(deleted) = system.take_deleted_domain(NAMES[n]) {
                system.insert_domain(deleted.domain);
            }
        }
        Op::Poor(poor) => system.modify_user("test.user", START, |user| {
            user.account.amount = if poor {
                Money(-user.account.credit.0)
            } else {
                Money::from_cents(10_000_000)
            }
        }),
        Op::Advance(days) => {
            registry
                .advance(Entity::Ote, START, u64::from(days) * DAY)
                .unwrap();
        }
        Op::Move(n) => system.modify_domain(NAMES[n], |d| {
            d.owner = "test.user2".into();
            d.renewal_mode = RenewalMode::Default;
            d.lifecycle = Lifecycle::default();
        }),
        _ => {}
    }
}

/// What the clock's jobs leave behind, without the queue keys (whose
/// insertion numbers depend on how the time was split).
fn state(registry: &Registry) -> Vec<String> {
    let system = registry.system(Entity::Ote);
    let mut rows: Vec<String> = system
        .domains
        .values()
        .map(|d| {
            let life = (d.lifecycle.default_mode, d.lifecycle.renew_failed);
            let dates = (d.expires, d.paid_until, d.renewal_mode, &d.owner);
            format!("live {} {dates:?} {life:?}", d.name)
        })
        .chain(system.deleted.values().map(|d| {
            let dates = (d.domain.expires, d.deleted, d.restorable_until);
            format!("deleted {} {dates:?}", d.domain.name)
        }))
        .collect();
    rows.sort();
    for owner in ["test.user", "test.user2"] {
        rows.push(format!("{owner} {}", balance(system, owner)));
    }
    rows
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever happens to the domains and the clock, every live domain keeps
    /// exactly one queue entry at its next due point, every deleted one its
    /// purge, and nothing due is left behind.
    #[test]
    fn one_queue_entry_per_domain(ops in proptest::collection::vec(op(), 1..40)) {
        let mut registry = Registry::new(1);
        for op in ops {
            apply(&mut registry, op);
            let system = registry.system(Entity::Ote);
            assert_invariant(system);
            let now = system.sandbox_time(START);
            for domain in system.domains.values() {
                let (due, _) = next_due(domain, catalogue::find(&domain.name));
                proptest::prop_assert!(due > now || system.jobs_due(START));
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Moving the clock in one step or in two gives the same domains, dates
    /// and balances: exactly as if the time had passed.
    #[test]
    fn split_advances_give_the_same_state(
        ops in proptest::collection::vec(op(), 1..30),
        cut in 0..800u32,
    ) {
        let mut whole = Registry::new(1);
        let mut split = Registry::new(1);
        for op in ops {
            apply(&mut whole, op.clone());
            match op {
                Op::Advance(days) => {
                    let first = cut.min(days);
                    apply(&mut split, Op::Advance(first));
                    apply(&mut split, Op::Advance(days - first));
                }
                other => apply(&mut split, other),
            }
            proptest::prop_assert_eq!(state(&whole), state(&split));
        }
    }
}
