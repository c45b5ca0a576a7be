//! Unit tests of the subuser tree (`tree.rs`): subtrees, chains, depth and
//! moves. Touches nothing outside a fresh registry.

use super::*;
use crate::registry::{Entity, Money, Registry};

fn sub(id: &str, parent: &str) -> NewSubuser {
    NewSubuser {
        id: id.to_owned(),
        parent: parent.to_owned(),
        password: "pw".to_owned(),
        account: Account {
            amount: Money::from_cents(0),
            ..User::demo("x", PasswordHash::new("", &mut rand_seed())).account
        },
        comments: Vec::new(),
        relations: Vec::new(),
        allowed: Default::default(),
        tax_rates: None,
    }
}

fn rand_seed() -> rand_chacha::ChaCha20Rng {
    rand_core::SeedableRng::seed_from_u64(1)
}

#[test]
fn subtrees_chains_and_isolation() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let now = Timestamp(1);
    system.add_subuser(sub("sub1", "test.user"), now).unwrap();
    system.add_subuser(sub("sub1a", "sub1"), now).unwrap();
    system.add_subuser(sub("sub2", "test.user2"), now).unwrap();
    assert!(system.in_subtree("test.user", "sub1a"));
    assert!(system.in_subtree("sub1", "sub1"));
    assert!(
        !system.in_subtree("test.user", "sub2"),
        "a parent cannot reach a foreign account's subuser"
    );
    assert!(
        !system.in_subtree("sub1", "test.user"),
        "a subuser cannot reach its parent"
    );
    assert!(!system.in_subtree("sub1a", "sub1"));
    assert!(!system.in_subtree("test.user", "nobody"));
    assert_eq!(system.peer_chain("test.user", "sub1a"), "sub1 sub1a");
    assert_eq!(system.peer_chain("test.user", "test.user"), "");
    assert_eq!(system.peer_chain("test.user", "sub2"), "");
    assert_eq!(system.descendants("test.user"), ["sub1", "sub1a"]);
    assert_eq!(
        system.delete_blocker("sub1").as_deref(),
        Some("sub1 has subusers: sub1a")
    );
    system.modify_user("sub1a", now, |u| u.account.amount = Money::from_cents(1200));
    assert_eq!(
        system.delete_blocker("sub1a").as_deref(),
        Some("balance of sub1a is 12.00 EUR, must be 0.00")
    );
    system.modify_user("sub1a", now, |u| u.account.amount = Money::from_cents(0));
    system.remove_user("sub1a");
    assert!(system.delete_blocker("sub1").is_none());
    assert_eq!(system.descendants("test.user"), ["sub1"]);
}

#[test]
fn subusers_go_at_most_eight_levels_deep() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let mut parent = "test.user".to_owned();
    for level in 1..=MAX_DEPTH {
        let id = format!("level{level}");
        system.add_subuser(sub(&id, &parent), Timestamp(1)).unwrap();
        parent = id;
    }
    let refused = system.add_subuser(sub("level9", &parent), Timestamp(1));
    assert_eq!(refused.unwrap_err().code(), 549);
    assert_eq!(
        system.peer_chain("level6", "level8"),
        "level7 level8",
        "a chain from a view inside the tree"
    );
}

#[test]
fn assign_moves_a_subtree_and_refuses_cycles_and_depth_without_change() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let now = Timestamp(1);
    system.add_subuser(sub("sub1", "test.user"), now).unwrap();
    system.add_subuser(sub("sub1a", "sub1"), now).unwrap();
    system.add_subuser(sub("sub2", "test.user"), now).unwrap();
    let refused = system.assign_user("sub1", "sub1a", Timestamp(2));
    assert_eq!(refused.unwrap_err().code(), 541, "under its own subuser");
    assert_eq!(
        system.assign_user("sub1", "sub1", now).unwrap_err().code(),
        541
    );
    system.assign_user("sub1", "sub2", Timestamp(3)).unwrap();
    assert_eq!(system.peer_chain("test.user", "sub1a"), "sub2 sub1 sub1a");
    assert_eq!(system.user("sub1").unwrap().depth, 2);
    assert_eq!(system.user("sub1a").unwrap().depth, 3);
    assert_eq!(system.user("sub1").unwrap().updated, Timestamp(3));
    assert_eq!(system.descendants("test.user"), ["sub2", "sub1", "sub1a"]);
    // Eight levels below test.user: sub2 at 1, then level2..level8 below it.
    let mut parent = "sub2".to_owned();
    for level in 2..=MAX_DEPTH {
        let id = format!("level{level}");
        system.add_subuser(sub(&id, &parent), now).unwrap();
        parent = id;
    }
    let before = system.encode();
    let refused = system.assign_user("sub1", "level7", Timestamp(4));
    assert_eq!(refused.unwrap_err().code(), 549, "sub1a would lie 10 deep");
    assert!(system.encode() == before, "a refused move changes nothing");
    system.assign_user("sub1a", "level7", Timestamp(4)).unwrap();
    assert_eq!(system.user("sub1a").unwrap().depth, MAX_DEPTH);
    assert_eq!(system.children_of("sub1").count(), 0);
}
