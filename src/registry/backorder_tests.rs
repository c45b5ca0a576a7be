//! Unit tests of `backorder.rs`, through the protocol: a waiting backorder
//! survives a snapshot round trip and is settled by the drop after it; an
//! account that cannot pay is FAILED and charged nothing; an auction's
//! winner is the earliest backorder whose account can pay; a bundle drops
//! as one to its first half's backorder; a free name's backorder under a
//! slow-registry rule is settled by its domain's confirmation; an auction
//! without a winner drops the name to a backorder filed during it, and so
//! does the removal of the account holding it.

use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{OWNER, call, call_with, ok};
use crate::registry::{
    AUCTION_DAYS, DEMO_PASSWORD, Entity, Money, NewAccount, Registry, Timestamp,
};

const NOW: Timestamp = Timestamp(1_767_225_600);
const DAY: u64 = 86_400;
const PW: &str = "poor.passw0rd";

fn at(days: u64) -> Timestamp {
    Timestamp(NOW.0 + days * DAY)
}

/// test.user2 registers `name` and deletes it at once (a drop 35-odd days later).
fn deleted(registry: &mut Registry, name: &str) {
    let domain = format!("DOMAIN={name}");
    let mut add = vec!["COMMAND=AddDomain", &domain];
    add.extend_from_slice(OWNER);
    ok(call(registry, NOW, "test.user2", DEMO_PASSWORD, &add));
    let delete = ["COMMAND=DeleteDomain", &domain];
    ok(call(registry, NOW, "test.user2", DEMO_PASSWORD, &delete));
}

/// `login` backorders `name`; the application id.
fn backorder(registry: &mut Registry, login: &str, pw: &str, name: &str) -> String {
    let domain = format!("DOMAIN={name}");
    let mut lines = vec![
        "COMMAND=AddDomainApplication",
        "NEW=1",
        "CLASS=BACKORDER",
        &domain,
    ];
    lines.extend_from_slice(OWNER);
    let answer = ok(call(registry, NOW, login, pw, &lines));
    let line = answer
        .lines()
        .find(|l| l.starts_with("PROPERTY[APPLICATION][0]="));
    line.expect("an id")
        .split('=')
        .nth(1)
        .unwrap()
        .trim()
        .to_owned()
}

fn status(registry: &mut Registry, when: Timestamp, login: &str, pw: &str, id: &str) -> String {
    let application = format!("APPLICATION={id}");
    let lines = ["COMMAND=StatusDomainApplication", &application];
    let answer = ok(call(registry, when, login, pw, &lines));
    let line = answer
        .lines()
        .find(|l| l.starts_with("PROPERTY[STATUS][0]="));
    line.expect("a status")
        .split('=')
        .nth(1)
        .unwrap()
        .trim()
        .to_owned()
}

fn poor_account(registry: &mut Registry) {
    let new = NewAccount {
        login: Some("ci-poor".into()),
        password: Some(PW.into()),
        balance: Some(Money::from_cents(0)),
        credit: Some(Money::from_cents(0)),
        ..NewAccount::default()
    };
    let system = registry.system_mut(Entity::Ote);
    system.create_account(new, NOW).expect("a free login");
}

#[test]
fn a_waiting_backorder_survives_a_snapshot_and_the_drop_settles_it() {
    let mut registry = Registry::new(1);
    deleted(&mut registry, "snap-drop.com");
    let id = backorder(&mut registry, "test.user", DEMO_PASSWORD, "snap-drop.com");
    let system = registry.system(Entity::Ote);
    let file = system.snapshot();
    registry.replace_system(read_snapshot(&file, None).expect("a good file"));
    let pw = DEMO_PASSWORD;
    assert_eq!(
        status(&mut registry, at(1), "test.user", pw, &id),
        "REQUESTED"
    );
    assert_eq!(
        status(&mut registry, at(60), "test.user", pw, &id),
        "SUCCESSFUL"
    );
    let system = registry.system(Entity::Ote);
    let domain = system.domain("snap-drop.com").expect("registered");
    assert_eq!(domain.owner, "test.user");
    assert!(system.open_backorders("snap-drop.com").is_empty());
}

#[test]
fn an_account_that_cannot_pay_fails_and_the_auction_goes_to_the_next() {
    let mut registry = Registry::new(1);
    poor_account(&mut registry);
    deleted(&mut registry, "alone-drop.com");
    let poor = backorder(&mut registry, "ci-poor", PW, "alone-drop.com");
    deleted(&mut registry, "auction-drop.com");
    let first = backorder(&mut registry, "ci-poor", PW, "auction-drop.com");
    let second = backorder(
        &mut registry,
        "test.user",
        DEMO_PASSWORD,
        "auction-drop.com",
    );
    let system = registry.system(Entity::Ote);
    let drop = system
        .deleted_domain("auction-drop.com")
        .expect("deleted")
        .free_at();
    let when = Timestamp(drop.0 + DAY);
    assert_eq!(status(&mut registry, when, "ci-poor", PW, &poor), "FAILED");
    assert!(
        registry
            .system(Entity::Ote)
            .domain("alone-drop.com")
            .is_none()
    );
    assert_eq!(
        status(&mut registry, when, "ci-poor", PW, &first),
        "AUCTION-PENDING"
    );
    let end = Timestamp(drop.0 + AUCTION_DAYS * DAY);
    assert_eq!(status(&mut registry, end, "ci-poor", PW, &first), "FAILED");
    let pw = DEMO_PASSWORD;
    assert_eq!(
        status(&mut registry, end, "test.user", pw, &second),
        "AUCTION-WON"
    );
    let system = registry.system(Entity::Ote);
    assert_eq!(
        system.domain("auction-drop.com").unwrap().owner,
        "test.user"
    );
}

#[test]
fn a_bundle_drops_as_one_to_its_first_halfs_backorder() {
    let mut registry = Registry::new(1);
    let tac = "X-NGO-ACCEPT-REGISTRATION-TAC=1";
    let mut add = vec!["COMMAND=AddDomain", "DOMAIN=drop-bundle.ngo", tac];
    add.extend_from_slice(OWNER);
    ok(call(&mut registry, NOW, "test.user2", DEMO_PASSWORD, &add));
    let delete = ["COMMAND=DeleteDomain", "DOMAIN=drop-bundle.ngo"];
    ok(call(
        &mut registry,
        NOW,
        "test.user2",
        DEMO_PASSWORD,
        &delete,
    ));
    let mut lines = vec![
        "COMMAND=AddDomainApplication",
        "CLASS=BACKORDER",
        "DOMAIN=drop-bundle.ngo",
        tac,
    ];
    lines.extend_from_slice(OWNER);
    ok(call(&mut registry, NOW, "test.user", DEMO_PASSWORD, &lines));
    // Both halves purged (the clock runs every job due on the way).
    let check = ["COMMAND=CheckDomains", "DOMAIN0=drop-bundle.ong"];
    ok(call(
        &mut registry,
        at(60),
        "test.user",
        DEMO_PASSWORD,
        &check,
    ));
    let system = registry.system(Entity::Ote);
    for name in ["drop-bundle.ngo", "drop-bundle.ong"] {
        let domain = system.domain(name).expect("registered");
        assert_eq!(domain.owner, "test.user", "{name}");
    }
    // Both halves have the drop's CREATE entry, as AddDomain logs both.
    let log = ["COMMAND=QueryObjectLogList", "OPERATIONTYPE=CREATE"];
    let answer = ok(call(
        &mut registry,
        at(60),
        "test.user",
        DEMO_PASSWORD,
        &log,
    ));
    for name in ["drop-bundle.ngo", "drop-bundle.ong"] {
        let row = format!("={name}");
        let logged =
            (answer.lines()).any(|l| l.starts_with("PROPERTY[OBJECTID]") && l.ends_with(&row));
        assert!(logged, "{name} not logged:\n{answer}");
    }
}

/// A free name's backorder under a slow-registry rule is a pending
/// registration like AddDomainApplication's: SUCCESSFUL once the clock
/// confirms the domain, not a backorder waiting for a drop.
#[test]
fn a_slow_registration_of_a_free_name_is_settled_by_its_confirmation() {
    let mut registry = Registry::new(1);
    let slow = crate::Meta {
        slow: Some(600),
        ..crate::Meta::loopback(NOW)
    };
    let mut lines = vec![
        "COMMAND=AddDomainApplication",
        "CLASS=BACKORDER",
        "DOMAIN=slow-free.com",
    ];
    lines.extend_from_slice(OWNER);
    let answer = call_with(&mut registry, &slow, "test.user", DEMO_PASSWORD, &lines);
    let answer = ok(answer);
    assert!(answer.contains("PENDING=1"), "{answer}");
    let line = answer
        .lines()
        .find(|l| l.starts_with("PROPERTY[APPLICATION][0]="));
    let id = line.expect("an id").split('=').nth(1).unwrap().trim();
    assert!(
        registry
            .system(Entity::Ote)
            .open_backorders("slow-free.com")
            .is_empty()
    );
    let pw = DEMO_PASSWORD;
    assert_eq!(
        status(&mut registry, at(1), "test.user", pw, id),
        "SUCCESSFUL"
    );
}

/// An auction nobody can pay for leaves the name free: a backorder filed
/// during it (waiting for "the next drop") gets the name then.
#[test]
fn an_auction_without_a_winner_drops_the_name_to_the_later_backorder() {
    let mut registry = Registry::new(1);
    poor_account(&mut registry);
    let new = NewAccount {
        login: Some("ci-poor2".into()),
        password: Some(PW.into()),
        balance: Some(Money::from_cents(0)),
        credit: Some(Money::from_cents(0)),
        ..NewAccount::default()
    };
    let system = registry.system_mut(Entity::Ote);
    system.create_account(new, NOW).expect("a free login");
    deleted(&mut registry, "nobody-pays.com");
    let first = backorder(&mut registry, "ci-poor", PW, "nobody-pays.com");
    backorder(&mut registry, "ci-poor2", PW, "nobody-pays.com");
    let system = registry.system(Entity::Ote);
    let drop = system
        .deleted_domain("nobody-pays.com")
        .expect("deleted")
        .free_at();
    let during = Timestamp(drop.0 + DAY);
    assert_eq!(
        status(&mut registry, during, "ci-poor", PW, &first),
        "AUCTION-PENDING"
    );
    let domain = "DOMAIN=nobody-pays.com";
    let mut lines = vec!["COMMAND=AddDomainApplication", "CLASS=BACKORDER", domain];
    lines.extend_from_slice(OWNER);
    let pw = DEMO_PASSWORD;
    let answer = ok(call(&mut registry, during, "test.user", pw, &lines));
    assert!(answer.contains("PROPERTY[STATUS][0]=REQUESTED"), "{answer}");
    let end = Timestamp(drop.0 + (AUCTION_DAYS + 1) * DAY);
    assert_eq!(status(&mut registry, end, "ci-poor", PW, &first), "FAILED");
    let system = registry.system(Entity::Ote);
    let domain = system.domain("nobody-pays.com").expect("registered");
    assert_eq!(domain.owner, "test.user");
    assert!(system.open_backorders("nobody-pays.com").is_empty());
}

/// A removed account's names are free at once (no purge comes): each is a
/// drop for the backorders waiting on it.
#[test]
fn a_removed_accounts_names_drop_to_their_backorders() {
    let mut registry = Registry::new(1);
    let new = NewAccount {
        login: Some("ci-seller".into()),
        password: Some(PW.into()),
        ..NewAccount::default()
    };
    let system = registry.system_mut(Entity::Ote);
    system.create_account(new, NOW).expect("a free login");
    let mut add = vec!["COMMAND=AddDomain", "DOMAIN=gone-seller.com"];
    add.extend_from_slice(OWNER);
    ok(call(&mut registry, NOW, "ci-seller", PW, &add));
    let pw = DEMO_PASSWORD;
    let id = backorder(&mut registry, "test.user", pw, "gone-seller.com");
    let system = registry.system_mut(Entity::Ote);
    assert!(system.remove_account("ci-seller", at(1)));
    assert_eq!(
        status(&mut registry, at(1), "test.user", pw, &id),
        "SUCCESSFUL"
    );
    let system = registry.system(Entity::Ote);
    let domain = system.domain("gone-seller.com").expect("registered");
    assert_eq!(domain.owner, "test.user");
}
