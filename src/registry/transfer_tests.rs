//! Unit tests of `transfer.rs`: the pending record's indexes and due job,
//! and completion's all-or-nothing charge and move (the losing holder's
//! tags left behind).

use super::*;
use crate::registry::{Entity, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn held_by_user2(system: &mut System) -> Transfer {
    let mut domain = Domain::sample("move-me.com", &["ns1.x.net"], "P-NONE");
    domain.owner = "test.user2".into();
    domain.extra_mut().tags = vec!["losing-side".to_owned()];
    // Registered for a year: no lifecycle job falls due in these tests.
    domain.expires = NOW.plus(Period::years(1));
    domain.paid_until = domain.expires;
    system.insert_domain(domain.clone());
    let mut transfer = Transfer::new(&domain, "test.user", "test.user".into(), NOW, 5);
    transfer.period = Period::years(1);
    transfer
}

#[test]
fn a_pending_transfer_is_indexed_queued_and_taken_out_whole() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let transfer = held_by_user2(system);
    let lifecycle_jobs = system.pending_jobs();
    system.insert_transfer(transfer);
    assert_eq!(system.pending_jobs(), lifecycle_jobs + 1);
    assert_eq!(system.transfers_in("test.user").count(), 1);
    assert_eq!(system.transfers_out("test.user2").count(), 1);
    assert!(system.refuse_pending_transfer("move-me.com").is_err());
    assert!(system.take_transfer("move-me.com").is_some());
    assert_eq!(system.pending_jobs(), lifecycle_jobs);
    assert_eq!(system.transfers_in("test.user").count(), 0);
    assert_eq!(system.transfers_out("test.user2").count(), 0);
    assert!(system.refuse_pending_transfer("move-me.com").is_ok());
}

#[test]
fn completion_charges_and_moves_together_or_not_at_all() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let transfer = held_by_user2(system);
    let balance = |system: &System| system.user("test.user").unwrap().account.amount;
    let rich = balance(system);
    if let Some(user) = system.users.get_mut("test.user") {
        user.account.amount = Money::from_cents(0);
        user.account.credit = Money::from_cents(100);
    }
    let refusal = system.complete_transfer(&transfer, NOW).unwrap_err();
    assert_eq!(refusal.code(), 546);
    assert_eq!(system.domain("move-me.com").unwrap().owner, "test.user2");
    assert_eq!(balance(system), Money::from_cents(0));
    if let Some(user) = system.users.get_mut("test.user") {
        user.account.amount = rich;
    }
    // The deadline job completes it: charged the .com transfer price once.
    system.insert_transfer(transfer);
    let later = NOW.plus_days(5);
    system.set_target(NOW, later).unwrap();
    system.tick(NOW, 64);
    let domain = system.domain("move-me.com").unwrap();
    assert_eq!(domain.owner, "test.user");
    assert_eq!(domain.transferred(), Some(later));
    assert!(
        domain.tags().is_empty(),
        "the losing holder's tags stay behind"
    );
    assert_eq!(domain.expires, NOW.plus(Period::years(2)));
    assert_eq!(balance(system), Money(rich.0 - Money::from_cents(1090).0));
    assert_eq!(system.domain_count_of("test.user2"), 0);
    assert!(system.pending_transfer("move-me.com").is_none());
}

/// `transfer_pending` (StatusDomain's row) says what `refuse_pending_transfer`
/// refuses with 553, for the domain and for the half of a bundle.
#[test]
fn transfer_pending_matches_the_refusal() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let mut names = Vec::new();
    for name in ["move-me.ngo", "move-me.ong", "stay.ong", "stay.com"] {
        let mut domain = Domain::sample(name, &["ns1.x.net"], "P-NONE");
        domain.owner = "test.user2".into();
        domain.expires = NOW.plus(Period::years(1));
        domain.paid_until = domain.expires;
        system.insert_domain(domain);
        names.push(name);
    }
    let agree = |system: &System| {
        for name in &names {
            let domain = system.domain(name).unwrap();
            let tld = catalogue::find(&domain.name).unwrap();
            let refused = matches!(
                system.refuse_pending_transfer(name),
                Err(Error::PendingTransfer(_))
            );
            assert_eq!(system.transfer_pending(domain, tld), refused, "{name}");
        }
    };
    agree(system);
    let domain = system.domain("move-me.ngo").unwrap().clone();
    let mut transfer = Transfer::new(&domain, "test.user", "test.user".into(), NOW, 5);
    transfer.period = Period::years(1);
    system.insert_transfer(transfer);
    assert!(system.refuse_pending_transfer("move-me.ong").is_err());
    agree(system);
}
