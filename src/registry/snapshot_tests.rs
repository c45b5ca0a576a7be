//! Unit tests of `snapshot.rs`: a system holding one of everything is
//! snapshot and restored, and answers every list and status exactly as
//! before; the same requests after a restore give the same answers (the
//! generator's state travels); a wrong file is refused with its reason.

use super::*;
use crate::registry::test_calls::{ADD_CONTACT, OWNER, call, ok};
use crate::registry::{DEMO_PASSWORD, NewAccount, Timestamp};

pub(super) const NOW: Timestamp = Timestamp(1_767_225_600);
pub(super) const DAY: u64 = 86_400;
pub(super) const PW: &str = "snap.passw0rd";

fn add_domain(registry: &mut Registry, now: Timestamp, login: &str, pw: &str, name: &str) {
    let domain = format!("DOMAIN={name}");
    let mut lines = vec!["COMMAND=AddDomain", &domain, "PERIOD=1"];
    lines.extend_from_slice(OWNER);
    ok(call(registry, now, login, pw, &lines));
}

/// `ci-snap` holds domains (one deleted), a contact, a nameserver, a zone,
/// a subuser, a role user, a setting and sessions; test.user2 asks for the
/// transfer of one of its domains (pending, a clock job).
fn fill(registry: &mut Registry) {
    let new = NewAccount {
        login: Some("ci-snap".into()),
        password: Some(PW.into()),
        ..NewAccount::default()
    };
    let system = registry.system_mut(Entity::Ote);
    system.create_account(new, NOW).expect("a free login");
    let at = Timestamp(NOW.0 + 70 * DAY);
    for name in ["snap-one.com", "snap-two.net", "snap-gone.org"] {
        add_domain(registry, at, "ci-snap", PW, name);
    }
    let delete = ["COMMAND=DeleteDomain", "DOMAIN=snap-gone.org"];
    ok(call(registry, at, "ci-snap", PW, &delete));
    // A .swiss application, pending the registry's review (a clock job).
    let mut apply = vec![
        "COMMAND=AddDomainApplication",
        "DOMAIN=snap-apply.swiss",
        "CLASS=GOLIVE",
        "PRICE=119.00",
        "CURRENCY=CHF",
        "X-SWISS-OWNER-TYPE=O",
        "X-SWISS-UID=CHE-123.456.789",
    ];
    apply.extend_from_slice(OWNER);
    ok(call(registry, at, "ci-snap", PW, &apply));
    let lines: &[&[&str]] = &[
        ADD_CONTACT,
        &[
            "COMMAND=AddNameserver",
            "NAMESERVER=ns1.snap-one.com",
            "IPADDRESS0=192.0.2.1",
        ],
        &[
            "COMMAND=CreateDNSZone",
            "DNSZONE=snap-zone.org",
            "RR0=@ A 192.0.2.1",
        ],
        &[
            "COMMAND=AddUser",
            "SUBUSER=snap.sub",
            "PASSWORD=sub.passw0rd",
            "CURRENCY=EUR",
            "VAT=19",
            "CREDIT=100",
        ],
        &[
            "COMMAND=CreateRoleUser",
            "ROLEID=ci",
            "PASSWORD=ci.passw0rd",
            "DEFAULTPOLICY=ALLOW",
            "ALLOWEDIP0=127.0.0.0/8",
        ],
        &[
            "COMMAND=SetEnvironment",
            "ENVIRONMENTKEY=user-info/contact/company",
            "ENVIRONMENTNAME=organization",
            "ENVIRONMENTVALUE=Example Ltd",
        ],
        &[
            "COMMAND=ModifyDomain",
            "DOMAIN=snap-one.com",
            "AUTH=Tr4nsfer-it",
        ],
        &["COMMAND=StartSession"],
    ];
    for lines in lines {
        ok(call(registry, at, "ci-snap", PW, lines));
    }
    let later = Timestamp(NOW.0 + 140 * DAY);
    let transfer = [
        "COMMAND=TransferDomain",
        "DOMAIN=snap-one.com",
        "AUTH=Tr4nsfer-it",
        "NAMESERVER0=ns1.gaining.example",
        "NAMESERVER1=ns2.gaining.example",
    ];
    ok(call(
        registry,
        later,
        "test.user2",
        DEMO_PASSWORD,
        &transfer,
    ));
}

/// Every list and status `ci-snap` and test.user2 see at `now`.
fn picture(registry: &mut Registry, now: Timestamp) -> Vec<String> {
    let mut seen = Vec::new();
    let ask: &[&[&str]] = &[
        &["COMMAND=QueryDomainList"],
        &["COMMAND=QueryContactList"],
        &["COMMAND=QueryNameserverList"],
        &["COMMAND=QueryDNSZoneList"],
        &["COMMAND=QueryUserList"],
        &["COMMAND=QueryRoleUserList"],
        &["COMMAND=QueryEnvironmentList"],
        &["COMMAND=QueryTransferList"],
        &["COMMAND=QueryObjectLogList"],
        &["COMMAND=QueryEventList"],
        &["COMMAND=QueryAccountingList"],
        &["COMMAND=StatusAccounting", "ACCOUNTINGID=800001"],
        &["COMMAND=StatusAccount"],
        &["COMMAND=StatusUser"],
        &["COMMAND=StatusDomain", "DOMAIN=snap-one.com"],
        &["COMMAND=StatusDomain", "DOMAIN=snap-two.net"],
        &["COMMAND=StatusDomainTransfer", "DOMAIN=snap-one.com"],
        &["COMMAND=StatusNameserver", "NAMESERVER=ns1.snap-one.com"],
        &["COMMAND=StatusDNSZone", "DNSZONE=snap-zone.org"],
        &["COMMAND=QueryDomainList", "WIDE=1"],
        &["COMMAND=QueryDomainPendingRegistrantVerificationList"],
        &[
            "COMMAND=StatusDomainRegistrantVerification",
            "DOMAIN=snap-one.com",
        ],
    ];
    for (login, pw) in [("ci-snap", PW), ("test.user2", DEMO_PASSWORD)] {
        for lines in ask {
            seen.push(call(registry, now, login, pw, lines));
        }
        let list = ["COMMAND=QueryDomainApplicationList", "WIDE=1"];
        let answer = call(registry, now, login, pw, &list);
        let id = answer
            .lines()
            .find_map(|line| line.strip_prefix("PROPERTY[APPLICATION][0]="))
            .map(|id| format!("APPLICATION={id}"));
        if let Some(id) = id {
            let status = ["COMMAND=StatusDomainApplication", id.as_str()];
            seen.push(call(registry, now, login, pw, &status));
        }
        seen.push(answer);
    }
    let system = registry.system(Entity::Ote);
    seen.push(format!("{:?}", system.outbox().collect::<Vec<_>>()));
    seen.push(format!(
        "jobs {} sessions {} users {}",
        system.pending_jobs(),
        system.session_count(),
        system.user_count()
    ));
    seen
}

pub(super) fn filled() -> Registry {
    let mut registry = Registry::new(7);
    fill(&mut registry);
    registry
}

#[test]
fn a_restored_system_answers_as_the_original_and_snapshots_to_the_same_bytes() {
    let mut registry = filled();
    let at = Timestamp(NOW.0 + 141 * DAY);
    let file = registry.system(Entity::Ote).snapshot();
    let restored = read_snapshot(&file, Some(Entity::Ote)).expect("a good file");
    assert_eq!(restored.snapshot(), file, "the same state, the same bytes");
    let before = picture(&mut registry, at);
    // Changes after the snapshot: gone with the restore.
    add_domain(&mut registry, at, "ci-snap", PW, "snap-later.com");
    let delete = ["COMMAND=DeleteDomain", "DOMAIN=snap-two.net"];
    ok(call(&mut registry, at, "ci-snap", PW, &delete));
    assert_ne!(picture(&mut registry, at), before);
    let restored = read_snapshot(&file, None).expect("a good file");
    let old = registry.replace_system(restored);
    assert_eq!(old.entity(), Entity::Ote);
    // The picture started from the snapshot's state too.
    assert_eq!(picture(&mut registry, at), before);
}

/// The requests after a restore give the same answers as after the
/// snapshot in the original: session ids and auth codes come from the
/// restored generator, handles from the restored sequence, and the
/// transfer's clock job runs when time reaches it.
#[test]
fn the_same_requests_after_a_restore_give_the_same_answers() {
    let mut registry = filled();
    let file = registry.system(Entity::Ote).snapshot();
    let run = |registry: &mut Registry| -> Vec<String> {
        let at = Timestamp(NOW.0 + 150 * DAY);
        let mut answers = vec![
            ok(call(registry, at, "ci-snap", PW, &["COMMAND=StartSession"])),
            ok(call(
                registry,
                at,
                "ci-snap",
                PW,
                &[
                    "COMMAND=AddContact",
                    "FIRSTNAME=Max",
                    "LASTNAME=Doe",
                    "STREET=Main St 2",
                    "CITY=Berlin",
                    "ZIP=10115",
                    "COUNTRY=DE",
                    "PHONE=+49.301234568",
                    "EMAIL=max@example.net",
                ],
            )),
        ];
        add_domain(registry, at, "ci-snap", PW, "snap-three.com");
        answers.extend(picture(registry, at));
        answers.push(format!("{:?}", registry.system(Entity::Ote).snapshot()));
        answers
    };
    let first = run(&mut registry);
    registry.replace_system(read_snapshot(&file, None).expect("a good file"));
    let second = run(&mut registry);
    assert_eq!(first, second);
}

/// The nameservers sent with the pending transfer travel with it: the
/// restored system's clock completes the transfer and applies them.
#[test]
fn a_pending_transfers_nameservers_survive_a_restore() {
    let mut registry = filled();
    let file = registry.system(Entity::Ote).snapshot();
    registry.replace_system(read_snapshot(&file, None).expect("a good file"));
    let pending = Timestamp(NOW.0 + 141 * DAY);
    let status = ["COMMAND=StatusDomainTransfer", "DOMAIN=snap-one.com"];
    let answer = ok(call(
        &mut registry,
        pending,
        "test.user2",
        DEMO_PASSWORD,
        &status,
    ));
    assert!(
        answer.contains("PROPERTY[NAMESERVER][1]=ns2.gaining.example"),
        "{answer}"
    );
    let done = Timestamp(NOW.0 + 150 * DAY);
    let status = ["COMMAND=StatusDomain", "DOMAIN=snap-one.com"];
    let answer = ok(call(
        &mut registry,
        done,
        "test.user2",
        DEMO_PASSWORD,
        &status,
    ));
    assert!(
        answer.contains("PROPERTY[NAMESERVER][0]=ns1.gaining.example"),
        "{answer}"
    );
    assert!(
        answer.contains("PROPERTY[NAMESERVER][1]=ns2.gaining.example"),
        "{answer}"
    );
}

/// The outbox travels: the verification mails of the gTLD registrations
/// and the pending transfer's confirmation mail, ids and times included.
#[test]
fn the_outbox_is_kept_by_a_snapshot() {
    let registry = filled();
    let system = registry.system(Entity::Ote);
    let mails: Vec<_> = system.outbox().cloned().collect();
    let subjects: Vec<_> = mails.iter().map(|mail| mail.subject.as_str()).collect();
    assert!(
        subjects.contains(&"Transfer of snap-one.com: please confirm"),
        "{subjects:?}"
    );
    assert!(subjects.iter().any(|s| s.starts_with("Please verify")));
    let restored = read_snapshot(&system.snapshot(), None).expect("a good file");
    assert_eq!(restored.outbox().cloned().collect::<Vec<_>>(), mails);
}

#[test]
fn a_wrong_file_is_refused_with_its_reason() {
    let registry = filled();
    let file = registry.system(Entity::Ote).snapshot();
    let refused = |bytes: &[u8], entity: Option<Entity>| match read_snapshot(bytes, entity) {
        Ok(_) => panic!("accepted"),
        Err(why) => why,
    };
    assert!(refused(b"hello", None).contains("not an otebox snapshot"));
    let mut magic = file.clone();
    magic[0] = b'X';
    assert!(refused(&magic, None).contains("not an otebox snapshot"));
    let mut version = file.clone();
    version[16] = 99;
    let why = refused(&version, None);
    assert!(why.contains("format version 99"), "{why}");
    let why = refused(&file, Some(Entity::Live));
    assert!(why.contains("restore it with entity=1234"), "{why}");
    let why = refused(&file[..file.len() - 1], None);
    assert!(why.contains("truncated"), "{why}");
    let why = refused(&file[..40], None);
    assert!(why.contains("truncated"), "{why}");
    let mut flipped = file.clone();
    let middle = HEADER + (file.len() - HEADER) / 2;
    flipped[middle] ^= 0x20;
    let why = refused(&flipped, None);
    assert!(why.contains("checksum"), "{why}");
    let mut longer = file.clone();
    longer.push(0);
    assert!(refused(&longer, None).contains("longer"));
    // Content that passes the checksum but is not a state.
    let mut garbage = file[..HEADER].to_vec();
    garbage.extend_from_slice(&[0xff; 10]);
    let digest = Sha256::digest(&garbage[HEADER..]);
    garbage[24..32].copy_from_slice(&10u64.to_le_bytes());
    garbage[32..HEADER].copy_from_slice(&digest);
    assert!(refused(&garbage, None).contains("does not decode"));
    // A LIVE header over OT&E content.
    let mut entity = file.clone();
    entity[20..24].copy_from_slice(b"54cd");
    let why = refused(&entity, None);
    assert!(why.contains("content is of 1234"), "{why}");
}

#[test]
fn a_clock_past_the_latest_time_is_refused_though_the_checksum_holds() {
    let mut registry = filled();
    let system = registry.system_mut(Entity::Ote);
    let (latest, earliest) = (super::super::clock::LATEST, super::EARLIEST_WALL);
    system.force_clock_offset(latest.0 - earliest.0 + 1);
    let file = system.snapshot();
    match read_snapshot(&file, None) {
        Ok(_) => panic!("accepted"),
        Err(why) => assert!(why.contains("past 9979-12-31 23:59:59"), "{why}"),
    }
}

#[test]
fn the_running_limits_stay_and_the_other_system_is_untouched() {
    let mut registry = Registry::new(3);
    let live = registry.system(Entity::Live).snapshot();
    let file = registry.system(Entity::Ote).snapshot();
    fill(&mut registry);
    registry.replace_system(read_snapshot(&file, None).expect("a good file"));
    assert_eq!(registry.system(Entity::Ote).snapshot(), file);
    assert_eq!(registry.system(Entity::Live).snapshot(), live);
    assert_eq!(
        registry.system(Entity::Ote).guard.limits,
        registry.system(Entity::Live).guard.limits
    );
}

/// The sandbox clock stops at the latest time: the wall clock running on
/// after an advance to it does not carry it past (a state past it would
/// be refused as corrupt), and the snapshot taken then loads again.
#[test]
fn a_clock_at_the_latest_time_stays_there_and_its_snapshot_loads() {
    use super::super::clock::{LATEST, MAX_ADVANCE, TICK_BUDGET};
    let mut registry = filled();
    let wall = super::EARLIEST_WALL;
    while registry.advance(Entity::Ote, wall, MAX_ADVANCE).is_ok() {}
    let system = registry.system_mut(Entity::Ote);
    system
        .set_target(wall, LATEST)
        .expect("the latest time itself is reachable");
    let a_year_later = Timestamp(wall.0 + 365 * 86_400);
    assert_eq!(system.tick(a_year_later, TICK_BUDGET), LATEST);
    assert_eq!(system.sandbox_time(a_year_later), LATEST);
    let file = system.snapshot();
    let loaded = read_snapshot(&file, None).expect("a state at the latest time loads");
    assert_eq!(loaded.sandbox_time(a_year_later), LATEST);
}
