//! Unit tests of `assign.rs`: a moved domain leaves every index and usage
//! count right and survives a snapshot; a refused AssignObject leaves the
//! state byte for byte as it was. Touches no other module's state.

use super::*;
use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{OWNER, call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, Registry, Role};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn registry_with_a_domain() -> Registry {
    let mut registry = Registry::new(7);
    let pw = DEMO_PASSWORD;
    let add_user = [
        "COMMAND=AddUser",
        "SUBUSER=sub1",
        "PASSWORD=sub.passw0rd",
        "CURRENCY=EUR",
        "VAT=19",
    ];
    ok(call(&mut registry, NOW, "test.user", pw, &add_user));
    let mut lines = vec!["COMMAND=AddDomain", "DOMAIN=moved.com", "INTERNALDNS=1"];
    lines.extend_from_slice(OWNER);
    ok(call(&mut registry, NOW, "test.user", pw, &lines));
    registry
}

fn assign(registry: &mut Registry, id: &str, user: &str) -> String {
    let (id, user) = (format!("OBJECTID={id}"), format!("USER={user}"));
    let lines = ["COMMAND=AssignObject", "OBJECTCLASS=DOMAIN", &id, &user];
    call(registry, NOW, "test.user", DEMO_PASSWORD, &lines)
}

#[test]
fn a_moved_domain_leaves_the_indexes_right() {
    let mut registry = registry_with_a_domain();
    let old = {
        let system = registry.system(Entity::Ote);
        let domain = system.domain("moved.com").unwrap();
        domain.contacts[Role::Owner.index()][0].clone()
    };
    ok(assign(&mut registry, "moved.com", "sub1"));
    let system = registry.system(Entity::Ote);
    let domain = system.domain("moved.com").unwrap();
    assert_eq!(domain.owner(), "sub1");
    let new = domain.contacts[Role::Owner.index()][0].clone();
    assert_ne!(new, old);
    assert_eq!(system.contact(&new).unwrap().owner, "sub1");
    assert_eq!(
        (system.contact_usage(&old), system.contact_usage(&new)),
        (0, 4)
    );
    assert!(!system.owned["test.user"].domains.contains("moved.com"));
    assert!(system.owned["sub1"].domains.contains("moved.com"));
    assert!(system.owned["sub1"].zones.contains("moved.com"));
    assert_eq!(system.zone("moved.com").unwrap().owner, "sub1");
    // The snapshot carries the move as it is.
    let file = system.snapshot();
    let loaded = read_snapshot(&file, Some(Entity::Ote)).unwrap();
    assert_eq!(loaded.encode(), system.encode());
}

#[test]
fn a_refused_assignment_changes_nothing() {
    let mut registry = registry_with_a_domain();
    let before = registry.system(Entity::Ote).encode();
    let answer = assign(&mut registry, "moved.com", "test.user2");
    assert!(answer.contains("CODE=531"), "{answer}");
    let answer = assign(&mut registry, "moved.ong", "sub1");
    assert!(answer.contains("CODE=545"), "{answer}");
    assert_eq!(registry.system(Entity::Ote).encode(), before);
}
