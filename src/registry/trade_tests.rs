//! Unit tests of `trade.rs`: a pending trade is queued, confirmed or
//! failed whole, and the post-trade lock.

use super::*;
use crate::registry::{Entity, Period, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn traded(system: &mut System, new_owner: &str) -> Trade {
    let mut domain = Domain::sample("trade-me.com", &["ns1.x.net"], "P-OLD");
    // Registered for a year: no lifecycle job falls due in these tests.
    domain.expires = NOW.plus(Period::years(1));
    domain.paid_until = domain.expires;
    system.insert_domain(domain.clone());
    let mut contacts = domain.contacts.to_lists();
    contacts[0] = vec![new_owner.to_owned()];
    Trade::new(&domain, "test.user".into(), NOW, contacts)
}

#[test]
fn a_pending_trade_is_queued_refuses_writes_and_is_taken_out_whole() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let trade = traded(system, "P-NEW");
    let jobs = system.pending_jobs();
    system.insert_trade(trade);
    assert_eq!(system.pending_jobs(), jobs + 1);
    assert_eq!(
        system
            .refuse_pending_change("trade-me.com")
            .unwrap_err()
            .code(),
        553
    );
    assert!(system.log_trade("trade-me.com", NOW, "[EMAIL_SENT] again"));
    assert_eq!(system.pending_trade("trade-me.com").unwrap().log.len(), 3);
    assert!(system.take_trade("trade-me.com").is_some());
    assert_eq!(system.pending_jobs(), jobs);
    assert!(system.refuse_pending_change("trade-me.com").is_ok());
    assert!(!system.log_trade("trade-me.com", NOW, "none pending"));
}

#[test]
fn a_trade_that_cannot_complete_changes_nothing_but_its_log_and_event() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    // The new registrant's contact does not exist (deleted meanwhile).
    let trade = traded(system, "P-GONE");
    system.insert_trade(trade);
    let later = NOW.plus_days(TRADE_DAYS);
    system.set_target(NOW, later).unwrap();
    system.tick(NOW, 64);
    let domain = system.domain("trade-me.com").unwrap();
    assert_eq!(domain.contacts.to_lists()[0], vec!["P-OLD".to_owned()]);
    assert_eq!(domain.updated, NOW);
    assert!(system.pending_trade("trade-me.com").is_none());
    assert!(system.trade_lock_until(domain, later).is_none());
    let subclasses: Vec<&str> = system
        .events_of("test.user")
        .map(|(_, event)| event.subclass)
        .collect();
    assert_eq!(subclasses, ["TRADE_FAILED"]);
}

#[test]
fn the_post_trade_lock_runs_sixty_days_on_the_domain_it_was_set_on() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    traded(system, "P-NEW");
    let domain = system.domain("trade-me.com").unwrap().clone();
    system.set_trade_lock("trade-me.com", domain.created, NOW);
    let until = NOW.plus_days(TRADE_LOCK_DAYS);
    assert_eq!(system.trade_lock_until(&domain, NOW), Some(until));
    assert_eq!(system.trade_lock_until(&domain, until), None);
    // The name registered again later is another domain: not locked.
    let mut again = domain.clone();
    again.created = NOW.plus_days(1);
    assert_eq!(system.trade_lock_until(&again, NOW.plus_days(2)), None);
}
