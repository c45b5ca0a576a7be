//! Unit tests of `deleted.rs`: the contact index follows deletions,
//! restores, the restorable period's end and the purge, and a decoded
//! snapshot has the same index; the drop list reads every deleted name with
//! the second it is free, and peeking the seed draws nothing.

use super::*;
use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{ADD_CONTACT, call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);
const DAY: u64 = 86_400;

fn send(registry: &mut Registry, now: Timestamp, lines: &[&str]) -> String {
    ok(call(registry, now, "test.user", DEMO_PASSWORD, lines))
}

/// Registers `name` with `handle` in every role.
fn add_domain(registry: &mut Registry, name: &str, handle: &str) {
    let domain = format!("DOMAIN={name}");
    let roles =
        ["OWNER", "ADMIN", "TECH", "BILLING"].map(|role| format!("{role}CONTACT0={handle}"));
    let mut lines = vec!["COMMAND=AddDomain", domain.as_str()];
    lines.extend(roles.iter().map(String::as_str));
    send(registry, NOW, &lines);
}

/// The count and name `restorable_with_contact` gives.
fn restorable(registry: &Registry, id: &str, now: Timestamp) -> Option<(usize, String)> {
    let system = registry.system(Entity::Ote);
    let found = system.restorable_with_contact(id, now);
    found.map(|(count, last)| (count, last.domain.name.as_str().to_owned()))
}

#[test]
fn the_contact_index_follows_deletions_restores_and_the_purge() {
    let mut registry = Registry::new(1);
    let answer = send(&mut registry, NOW, ADD_CONTACT);
    let handle = answer
        .lines()
        .find_map(|line| line.strip_prefix("PROPERTY[CONTACT][0]="))
        .expect("a handle")
        .trim()
        .to_owned();
    add_domain(&mut registry, "held-a.com", &handle);
    add_domain(&mut registry, "held-b.com", &handle);
    assert_eq!(
        restorable(&registry, &handle, NOW),
        None,
        "live domains only"
    );
    let (first, second) = (Timestamp(NOW.0 + 7 * DAY), Timestamp(NOW.0 + 8 * DAY));
    send(
        &mut registry,
        first,
        &["COMMAND=DeleteDomain", "DOMAIN=held-a.com"],
    );
    assert_eq!(
        restorable(&registry, &handle, first),
        Some((1, "held-a.com".into()))
    );
    send(
        &mut registry,
        second,
        &["COMMAND=DeleteDomain", "DOMAIN=held-b.com"],
    );
    let both = Some((2, "held-b.com".to_owned()));
    assert_eq!(
        restorable(&registry, &handle, second),
        both,
        "the last restorable"
    );
    assert_eq!(restorable(&registry, "P-NONE", second), None);

    let system = registry.system(Entity::Ote);
    let decoded = read_snapshot(&system.snapshot(), None).expect("a good file");
    assert_eq!(decoded.deleted_contacts, system.deleted_contacts);
    assert_eq!(decoded.deleted_contacts[&handle].len(), 2);

    send(
        &mut registry,
        second,
        &["COMMAND=RestoreDomain", "DOMAIN=held-b.com"],
    );
    assert_eq!(
        restorable(&registry, &handle, second),
        Some((1, "held-a.com".into()))
    );
    let until = registry.system(Entity::Ote).deleted["held-a.com"].restorable_until;
    assert!(
        restorable(&registry, &handle, until).is_some(),
        "its last second counts"
    );
    let after = Timestamp(until.0 + 1);
    assert_eq!(
        restorable(&registry, &handle, after),
        None,
        "over, purged or not"
    );
    registry
        .advance(Entity::Ote, second, 40 * DAY)
        .expect("forward");
    let system = registry.system(Entity::Ote);
    assert!(system.deleted_domain("held-a.com").is_none(), "purged");
    assert!(
        system.deleted_contacts.is_empty(),
        "{:?}",
        system.deleted_contacts
    );
}

#[test]
fn peeking_the_seed_draws_nothing() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let seed = system.peek_seed();
    assert_eq!(system.peek_seed(), seed);
    // The peeked number is the one the generator gives next.
    let mut copy = system.rng.clone();
    assert_eq!(rand_core::Rng::next_u64(&mut copy), seed);
    system.random_code(4);
    assert_ne!(system.peek_seed(), seed);
}

#[test]
fn a_deleted_domain_is_free_the_second_after_its_last_restorable_one() {
    let mut registry = Registry::new(1);
    let answer = send(&mut registry, NOW, ADD_CONTACT);
    let handle = answer
        .lines()
        .find_map(|line| line.strip_prefix("PROPERTY[CONTACT][0]="))
        .expect("a handle")
        .to_owned();
    add_domain(&mut registry, "drop.com", &handle);
    send(
        &mut registry,
        NOW,
        &["COMMAND=DeleteDomain", "DOMAIN=drop.com"],
    );
    let system = registry.system(Entity::Ote);
    let listed: Vec<(&str, Timestamp)> = system
        .deleted_domains()
        .map(|(name, deleted)| (name, deleted.free_at()))
        .collect();
    let until = system
        .deleted_domain("drop.com")
        .expect("deleted")
        .restorable_until;
    assert_eq!(listed, vec![("drop.com", Timestamp(until.0 + 1))]);
}
