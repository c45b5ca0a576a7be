//! Unit tests of `registry_lock.rs` through the whole protocol: a registry
//! lock, and a lock opened for one change, survive a snapshot/restore (same
//! answers, same bytes: the statuses are the domain's flags, no format
//! change); the one change a TradeDomain makes closes the lock again.

use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{OWNER, call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, Registry, Timestamp};

const NOW: Timestamp = Timestamp(1_767_225_600);
const USER: &str = "test.user";

fn send(registry: &mut Registry, lines: &[&str]) -> String {
    call(registry, NOW, USER, DEMO_PASSWORD, lines)
}

/// A fresh registry with `name` registered and registry-locked.
fn locked(name: &str) -> Registry {
    let mut registry = Registry::new(7);
    let domain = format!("DOMAIN={name}");
    let mut add = vec!["COMMAND=AddDomain", &domain, "PERIOD=1"];
    add.extend_from_slice(OWNER);
    ok(send(&mut registry, &add));
    ok(send(
        &mut registry,
        &["COMMAND=AddDomainRegistrylock", &domain],
    ));
    registry
}

fn restored(registry: &Registry) -> Registry {
    let file = registry.system(Entity::Ote).snapshot();
    let mut fresh = Registry::new(7);
    fresh.replace_system(read_snapshot(&file, None).expect("a good file"));
    assert_eq!(fresh.system(Entity::Ote).snapshot(), file);
    fresh
}

#[test]
fn a_registry_lock_and_its_one_change_survive_a_restore() {
    let mut registry = locked("lock-snap.com");
    let status = ["COMMAND=StatusDomain", "DOMAIN=lock-snap.com"];
    let modify = [
        "COMMAND=ModifyDomain",
        "DOMAIN=lock-snap.com",
        "ADDSTATUS0=clientHold",
    ];
    let before = ok(send(&mut registry, &status));
    assert!(before.contains("=serverUpdateProhibited\r\n"), "{before}");
    let mut fresh = restored(&registry);
    assert_eq!(send(&mut fresh, &status), before);
    assert!(send(&mut fresh, &modify).contains("CODE=552"));

    let open = ["COMMAND=ModifyDomainRegistrylock", "DOMAIN=lock-snap.com"];
    ok(send(&mut fresh, &open));
    let mut again = restored(&fresh);
    let shown = ok(send(&mut again, &status));
    assert!(!shown.contains("serverUpdateProhibited"), "{shown}");
    assert!(shown.contains("=serverDeleteProhibited\r\n"), "{shown}");
    ok(send(&mut again, &modify));
    let closed = send(&mut again, &modify);
    assert!(closed.contains("CODE=552"), "{closed}");
}

#[test]
fn a_trade_through_an_opened_lock_closes_it() {
    let mut registry = locked("lock-trade.com");
    let mut trade = vec!["COMMAND=TradeDomain", "DOMAIN=lock-trade.com"];
    trade.extend_from_slice(&[
        "OWNERCONTACT0FIRSTNAME=Jane",
        "OWNERCONTACT0LASTNAME=Roe",
        "OWNERCONTACT0STREET=1 Example Street",
        "OWNERCONTACT0CITY=Springfield",
        "OWNERCONTACT0STATE=NY",
        "OWNERCONTACT0ZIP=10001",
        "OWNERCONTACT0COUNTRY=US",
        "OWNERCONTACT0PHONE=2125550100",
        "OWNERCONTACT0EMAIL=jane.roe@example.net",
        "X-CONFIRM-DA-OLD-REGISTRANT=1",
        "X-CONFIRM-DA-NEW-REGISTRANT=1",
    ]);
    let refused = send(&mut registry, &trade);
    assert!(refused.contains("CODE=552"), "{refused}");
    let open = ["COMMAND=ModifyDomainRegistrylock", "DOMAIN=lock-trade.com"];
    ok(send(&mut registry, &open));
    ok(send(&mut registry, &trade));
    let status = ok(send(
        &mut registry,
        &["COMMAND=StatusDomain", "DOMAIN=lock-trade.com"],
    ));
    assert!(status.contains("=serverUpdateProhibited\r\n"), "{status}");
}
