//! Unit tests of `snapshot.rs`, one kind of pending or derived state each:
//! a pending registration, a registrant verification, a subuser moved by
//! AssignUser, a zone INTERNALDNS made, a contact's CNR flags and a pending
//! transfer's `X-` fields survive a snapshot and restore
//! and go on as they would have (the helpers are `snapshot_tests.rs`').

use super::tests::{DAY, NOW, PW, filled};
use super::*;
use crate::registry::test_calls::{OWNER, call, call_with, ok};
use crate::registry::{DEMO_PASSWORD, Timestamp};

/// A registration a slow-registry rule left pending travels with the
/// snapshot: the restored system shows it REQUESTEDCREATE and its clock
/// job confirms it when time reaches it.
#[test]
fn a_pending_create_is_kept_by_a_snapshot() {
    let mut registry = Registry::new(7);
    let slow = crate::Meta {
        slow: Some(600),
        ..crate::Meta::loopback(NOW)
    };
    let mut lines = vec!["COMMAND=AddDomain", "DOMAIN=snap-slow.com", "PERIOD=1"];
    lines.extend_from_slice(OWNER);
    let answer = ok(call_with(
        &mut registry,
        &slow,
        "test.user",
        DEMO_PASSWORD,
        &lines,
    ));
    assert!(answer.contains("PENDING=1"), "{answer}");
    let file = registry.system(Entity::Ote).snapshot();
    let mut restored = Registry::new(7);
    restored.replace_system(read_snapshot(&file, None).expect("a good file"));
    assert_eq!(restored.system(Entity::Ote).snapshot(), file);
    let status = ["COMMAND=StatusDomain", "DOMAIN=snap-slow.com"];
    let before = Timestamp(NOW.0 + 599);
    let shown = ok(call(
        &mut restored,
        before,
        "test.user",
        DEMO_PASSWORD,
        &status,
    ));
    assert!(
        shown.contains("PROPERTY[STATUS][0]=REQUESTEDCREATE"),
        "{shown}"
    );
    let after = Timestamp(NOW.0 + 600);
    let shown = ok(call(
        &mut restored,
        after,
        "test.user",
        DEMO_PASSWORD,
        &status,
    ));
    assert!(shown.contains("PROPERTY[STATUS][0]=ACTIVE"), "{shown}");
}

/// A registrant verification travels: after a restore the domain's
/// verification is still open (OVERDUE), with its log, and its token approves it.
#[test]
fn a_registrant_verification_survives_a_snapshot() {
    let mut registry = filled();
    let at = Timestamp(NOW.0 + 71 * DAY);
    let status = [
        "COMMAND=StatusDomainRegistrantVerification",
        "DOMAIN=snap-one.com",
    ];
    let before = call(&mut registry, at, "ci-snap", PW, &status);
    // Open (the fill's later steps moved the clock past its due date).
    assert!(before.contains("PROPERTY[STATUS][0]=OVERDUE"), "{before}");
    let file = registry.system(Entity::Ote).snapshot();
    let mut fresh = Registry::new(7);
    fresh.replace_system(read_snapshot(&file, None).expect("a good file"));
    let after = call(&mut fresh, at, "ci-snap", PW, &status);
    assert_eq!(after, before);
    let token = after
        .split("TOKEN ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the [SEND] line names the token");
    let approve = [
        "COMMAND=ApproveDomainRegistrantVerificationEmail",
        &format!("TOKEN={token}"),
    ];
    ok(call(&mut fresh, at, "ci-snap", PW, &approve));
    let approved = call(&mut fresh, at, "ci-snap", PW, &status);
    assert!(
        approved.contains("PROPERTY[STATUS][0]=SUCCESSFUL"),
        "{approved}"
    );
}

/// A subuser moved by AssignUser stays where it went: parent, depth and
/// the children index travel in the snapshot (no format change: they are
/// the fields AddUser already fills).
#[test]
fn an_assigned_subuser_stays_moved_after_a_restore() {
    let mut registry = Registry::new(7);
    let pw = "test.passw0rd";
    let add = |registry: &mut Registry, login: &str, pw: &str, id: &str| {
        let id = format!("SUBUSER={id}");
        let lines = [
            "COMMAND=AddUser",
            &id,
            "PASSWORD=sub.passw0rd",
            "CURRENCY=EUR",
            "VAT=19",
            "RELATION0=ALLOW_SUBUSER:1",
        ];
        ok(call(registry, NOW, login, pw, &lines));
    };
    add(&mut registry, "test.user", pw, "sub1");
    add(&mut registry, "test.user", pw, "sub2");
    add(&mut registry, "sub1", "sub.passw0rd", "sub1a");
    let assign = ["COMMAND=AssignUser", "SUBUSER=sub1a", "USER=sub2"];
    ok(call(&mut registry, NOW, "test.user", pw, &assign));
    let picture = |registry: &mut Registry| -> Vec<String> {
        let reads: [&[&str]; 3] = [
            &["COMMAND=QueryUserList"],
            &["COMMAND=GetUserBranch", "SUBUSER=sub1a"],
            &[
                "COMMAND=StatusUser",
                "SUBUSER=sub2",
                "STATS=1",
                "RELATIONS=0",
            ],
        ];
        let mut answers: Vec<String> = reads
            .iter()
            .map(|lines| ok(call(registry, NOW, "test.user", pw, lines)))
            .collect();
        answers.push(format!("{:?}", registry.system(Entity::Ote).user("sub1a")));
        answers
    };
    let before = picture(&mut registry);
    assert!(
        before[1].contains("PROPERTY[USER][1]=sub2"),
        "{}",
        before[1]
    );
    let file = registry.system(Entity::Ote).snapshot();
    let mut fresh = Registry::new(7);
    fresh.replace_system(read_snapshot(&file, None).expect("a good file"));
    assert_eq!(picture(&mut fresh), before);
    assert_eq!(fresh.system(Entity::Ote).snapshot(), file);
}

/// A zone INTERNALDNS=1 made keeps its mark through a snapshot: the restored
/// system's first bare CreateDNSZone claims it (200), the next is `540`.
#[test]
fn an_internaldns_zone_stays_claimable_after_a_restore() {
    let mut registry = Registry::new(7);
    let mut lines = vec![
        "COMMAND=AddDomain",
        "DOMAIN=snap-internal.com",
        "PERIOD=1",
        "INTERNALDNS=1",
    ];
    lines.extend_from_slice(OWNER);
    ok(call(&mut registry, NOW, "test.user", DEMO_PASSWORD, &lines));
    let file = registry.system(Entity::Ote).snapshot();
    let mut restored = Registry::new(7);
    restored.replace_system(read_snapshot(&file, None).expect("a good file"));
    assert_eq!(restored.system(Entity::Ote).snapshot(), file);
    let create = ["COMMAND=CreateDNSZone", "DNSZONE=snap-internal.com."];
    let first = call(&mut restored, NOW, "test.user", DEMO_PASSWORD, &create);
    assert!(first.contains("CODE=200"), "{first}");
    let again = call(&mut restored, NOW, "test.user", DEMO_PASSWORD, &create);
    assert!(again.contains("CODE=540"), "{again}");
}

/// A contact's CNR AUTODELETE and VALIDATION=1 mark travel with the
/// snapshot (format 22).
#[test]
fn a_contacts_auto_delete_and_validated_survive_a_snapshot() {
    let mut registry = Registry::new(7);
    let system = registry.system_mut(Entity::Ote);
    let data = crate::registry::ContactData {
        first_name: "Jo".to_owned(),
        ..crate::registry::ContactData::default()
    };
    for (id, flag) in [("P-SNAPA", true), ("P-SNAPB", false)] {
        system.insert_owned_contact(
            id.to_owned(),
            "test.user",
            data.clone(),
            Default::default(),
            NOW,
        );
        system.modify_contact(id, |contact| {
            contact.auto_delete = flag;
            contact.validated = !flag;
        });
    }
    let file = registry.system(Entity::Ote).snapshot();
    let mut restored = Registry::new(7);
    restored.replace_system(read_snapshot(&file, None).expect("a good file"));
    let system = restored.system(Entity::Ote);
    for (id, flag) in [("P-SNAPA", true), ("P-SNAPB", false)] {
        let contact = system.contact(id).expect("the contact is restored");
        assert_eq!(
            (contact.auto_delete, contact.validated),
            (flag, !flag),
            "{id}"
        );
    }
    assert_eq!(system.snapshot(), file);
}

/// A zone's DNS query counts travel with the snapshot (format 23).
#[test]
fn a_zones_query_counts_survive_a_snapshot() {
    let mut registry = Registry::new(7);
    let create = ["COMMAND=CreateDNSZone", "DNSZONE=snap-stats.com."];
    ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &create,
    ));
    let system = registry.system_mut(Entity::Ote);
    system.answer_dns("snap-stats.com", "SOA", NOW);
    system.answer_dns("gone.snap-stats.com", "A", NOW);
    let file = registry.system(Entity::Ote).snapshot();
    let mut restored = Registry::new(7);
    restored.replace_system(read_snapshot(&file, None).expect("a good file"));
    let system = restored.system(Entity::Ote);
    let zone = system.owned_zone("test.user", "snap-stats.com").unwrap();
    let at = system.sandbox_time(NOW);
    let counts = zone.queries.between(at, at.plus_days(1));
    assert_eq!((counts.responses, counts.errors), (2, 1));
    assert_eq!(system.snapshot(), file);
}

/// A pending transfer's `X-` fields travel with the snapshot: after a
/// restore the transfer completes at its deadline and sets them on the
/// domain.
#[test]
fn a_pending_transfers_fields_survive_a_snapshot() {
    let mut registry = Registry::new(7);
    let request = [
        "COMMAND=TransferDomain",
        "DOMAIN=taken-snap.us",
        "AUTH=otebox-transfer",
        "X-US-NEXUS-CATEGORY=C11",
        "X-US-NEXUS-APPPURPOSE=P1",
    ];
    let answer = ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &request,
    ));
    assert!(answer.contains("PENDING=1"), "{answer}");
    let file = registry.system(Entity::Ote).snapshot();
    let mut restored = Registry::new(7);
    restored.replace_system(read_snapshot(&file, None).expect("a good file"));
    assert_eq!(restored.system(Entity::Ote).snapshot(), file);
    let status = ["COMMAND=StatusDomain", "DOMAIN=taken-snap.us"];
    let later = Timestamp(NOW.0 + 10 * DAY);
    let shown = ok(call(
        &mut restored,
        later,
        "test.user",
        DEMO_PASSWORD,
        &status,
    ));
    assert!(
        shown.contains("PROPERTY[X-US-NEXUS-CATEGORY][0]=C11")
            && shown.contains("PROPERTY[X-US-NEXUS-APPPURPOSE][0]=P1"),
        "{shown}"
    );
}
