//! Unit tests of `account_removal.rs`: an account holding one of
//! everything is removed (or reset) and the system is as before it existed.

use super::*;
use crate::registry::test_calls::{ADD_CONTACT, OWNER, call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);
const DAY: u64 = 86_400;

fn add_domain(registry: &mut Registry, now: Timestamp, login: &str, pw: &str, name: &str) {
    let domain = format!("DOMAIN={name}");
    let mut lines = vec!["COMMAND=AddDomain", &domain, "PERIOD=1", "AUTH=Tr4nsfer-it"];
    lines.extend_from_slice(OWNER);
    ok(call(registry, now, login, pw, &lines));
}

/// What test.user sees and every index size: equal before and after.
fn picture(registry: &mut Registry, now: Timestamp) -> Vec<String> {
    let pw = DEMO_PASSWORD;
    let mut seen = Vec::new();
    for command in [
        "QueryDomainList",
        "QueryContactList",
        "QueryNameserverList",
        "QueryDNSZoneList",
        "QueryUserList",
        "StatusAccount",
    ] {
        let line = format!("COMMAND={command}");
        seen.push(call(registry, now, "test.user", pw, &[&line]));
    }
    let system = registry.system(Entity::Ote);
    seen.push(format!(
        "users {} sessions {} domains {} deleted {} contacts {} hosts {} zones {} owned {} \
         by_data {} hosts_under {} host_usage {} contact_usage {} deleted_contacts {} env {} \
         roles {} jobs {} transfers {} trades {} log {} events {} origins {}",
        system.users.len(),
        system.sessions.len(),
        system.domains.len(),
        system.deleted.len(),
        system.contacts.len(),
        system.hosts.len(),
        system.zones.len(),
        // test.user2 keeps an empty entry from its transfer request.
        system
            .owned
            .keys()
            .filter(|owner| *owner != "test.user2")
            .count(),
        system
            .contacts_by_data
            .values()
            .map(Vec::len)
            .sum::<usize>(),
        system.hosts_under.len(),
        system.host_usage.len(),
        system.contact_usage.len(),
        system.deleted_contacts.len(),
        system.environment.len(),
        system.roles.len(),
        system.pending_jobs(),
        system.transfers.len(),
        system.pending_trade("gone-traded.com").is_some(),
        system.log_of("ci-gone", None).count() + system.log_of("gone.sub", None).count(),
        system.events_of("ci-gone").count(),
        system.origins.len(),
    ));
    seen
}

/// `ci-gone` (with a subuser) holds one of everything, and asks for the
/// transfer of test.user's domain while test.user2 asks for one of its
/// (both pending for 5 days from day 197), and trades one of its domains.
fn fill(registry: &mut Registry) {
    let pw = "gone.passw0rd";
    let later = Timestamp(NOW.0 + 100 * DAY);
    add_domain(registry, later, "ci-gone", pw, "gone-one.com");
    add_domain(registry, later, "ci-gone", pw, "gone-two.com");
    add_domain(registry, later, "ci-gone", pw, "gone-traded.com");
    ok(call(
        registry,
        later,
        "ci-gone",
        pw,
        &["COMMAND=DeleteDomain", "DOMAIN=gone-two.com"],
    ));
    ok(call(registry, later, "ci-gone", pw, ADD_CONTACT));
    let host = [
        "COMMAND=AddNameserver",
        "NAMESERVER=ns1.gone-one.com",
        "IPADDRESS0=192.0.2.1",
    ];
    ok(call(registry, later, "ci-gone", pw, &host));
    let zone = [
        "COMMAND=CreateDNSZone",
        "DNSZONE=gone-zone.org",
        "RR0=@ A 192.0.2.1",
    ];
    ok(call(registry, later, "ci-gone", pw, &zone));
    let sub = [
        "COMMAND=AddUser",
        "SUBUSER=gone.sub",
        "PASSWORD=sub.passw0rd",
        "CURRENCY=EUR",
        "VAT=19",
        "CREDIT=100",
    ];
    ok(call(registry, later, "ci-gone", pw, &sub));
    add_domain(registry, later, "gone.sub", "sub.passw0rd", "gone-sub.com");
    let role = [
        "COMMAND=CreateRoleUser",
        "ROLEID=ci",
        "PASSWORD=ci.passw0rd",
        "DEFAULTPOLICY=ALLOW",
    ];
    ok(call(registry, later, "ci-gone", pw, &role));
    let env = [
        "COMMAND=SetEnvironment",
        "ENVIRONMENTKEY=user-info/contact/company",
        "ENVIRONMENTNAME=organization",
        "ENVIRONMENTVALUE=Example Ltd",
    ];
    ok(call(registry, later, "ci-gone", pw, &env));
    ok(call(
        registry,
        later,
        "ci-gone",
        pw,
        &["COMMAND=StartSession"],
    ));
    ok(call(
        registry,
        later,
        "ci-gone!ci",
        "ci.passw0rd",
        &["COMMAND=StartSession"],
    ));
    let transfer = [
        "COMMAND=TransferDomain",
        "DOMAIN=kept.com",
        "AUTH=Tr4nsfer-it",
    ];
    let much_later = Timestamp(NOW.0 + 197 * DAY);
    ok(call(registry, much_later, "ci-gone", pw, &transfer));
    let transfer = [
        "COMMAND=TransferDomain",
        "DOMAIN=gone-one.com",
        "AUTH=Tr4nsfer-it",
    ];
    ok(call(
        registry,
        much_later,
        "test.user2",
        DEMO_PASSWORD,
        &transfer,
    ));
    let owner: Vec<String> = OWNER
        .iter()
        .map(|line| line.replace("Erika", "Max"))
        .collect();
    let mut trade = vec!["COMMAND=TradeDomain", "DOMAIN=gone-traded.com"];
    trade.extend(owner.iter().map(String::as_str));
    ok(call(registry, much_later, "ci-gone", pw, &trade));
    assert!(
        registry
            .system(Entity::Ote)
            .pending_trade("gone-traded.com")
            .is_some()
    );
}

fn gone_account(registry: &mut Registry) {
    let system = registry.system_mut(Entity::Ote);
    let new = NewAccount {
        login: Some("ci-gone".into()),
        password: Some("gone.passw0rd".into()),
        ..NewAccount::default()
    };
    let created = system.create_account(new, NOW).expect("a free login");
    assert_eq!(created.balance, Money::from_cents(10_000_000));
}

#[test]
fn removing_an_account_leaves_the_system_as_before_it_existed() {
    let mut registry = Registry::new(7);
    add_domain(&mut registry, NOW, "test.user", DEMO_PASSWORD, "kept.com");
    let at = Timestamp(NOW.0 + 200 * DAY);
    let before = picture(&mut registry, Timestamp(NOW.0 + 90 * DAY));
    gone_account(&mut registry);
    fill(&mut registry);
    assert_ne!(picture(&mut registry, at), before);
    let system = registry.system_mut(Entity::Ote);
    assert!(system.pending_transfer("kept.com").is_some());
    assert!(system.remove_account("ci-gone", at));
    assert!(!system.remove_account("ci-gone", at));
    assert!(system.user("gone.sub").is_none());
    // The transfer of its domain failed for test.user2, who was told.
    let failed = system.failed_transfer("gone-one.com").expect("recorded");
    assert!(failed.log.last().unwrap().ends_with(ACCOUNT_REMOVED));
    assert_eq!(picture(&mut registry, at), before);
    // test.user was told its domain's transfer was cancelled.
    let system = registry.system(Entity::Ote);
    let told = system
        .log_of("test.user", Some("kept.com"))
        .last()
        .unwrap()
        .1;
    assert_eq!(told.status, crate::registry::objectlog::OpStatus::Cancelled);
    // Its names are free: registered again by another account.
    add_domain(
        &mut registry,
        at,
        "test.user2",
        DEMO_PASSWORD,
        "gone-two.com",
    );
    let answer = call(
        &mut registry,
        at,
        "ci-gone",
        "gone.passw0rd",
        &["COMMAND=StatusAccount"],
    );
    assert!(answer.contains("CODE=530"), "{answer}");
}

#[test]
fn resetting_an_account_keeps_its_login_and_password_and_nothing_else() {
    let mut registry = Registry::new(7);
    add_domain(&mut registry, NOW, "test.user", DEMO_PASSWORD, "kept.com");
    let at = Timestamp(NOW.0 + 200 * DAY);
    gone_account(&mut registry);
    let early = Timestamp(NOW.0 + 90 * DAY);
    let fresh = call(
        &mut registry,
        early,
        "ci-gone",
        "gone.passw0rd",
        &["COMMAND=StatusAccount"],
    );
    let before = picture(&mut registry, early);
    fill(&mut registry);
    let system = registry.system_mut(Entity::Ote);
    assert!(system.reset_account("ci-gone", at));
    assert!(system.user("gone.sub").is_none());
    assert_eq!(system.sessions.len(), 0);
    assert_eq!(picture(&mut registry, at), before);
    let after = call(
        &mut registry,
        at,
        "ci-gone",
        "gone.passw0rd",
        &["COMMAND=StatusAccount"],
    );
    assert_eq!(after, fresh);
}

#[test]
fn generated_credentials_come_from_the_seeded_generator() {
    let draw = || {
        let mut registry = Registry::new(3);
        let system = registry.system_mut(Entity::Ote);
        let new = NewAccount {
            currency: Some("USD"),
            ..NewAccount::default()
        };
        system.create_account(new, NOW).expect("free")
    };
    let (one, two) = (draw(), draw());
    assert_eq!(one, two);
    assert!(
        one.login.starts_with("ci-") && one.login.len() == 11,
        "{}",
        one.login
    );
    assert!(
        one.login[3..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    assert_eq!(one.password.len(), 16);
    assert_eq!(one.currency, "USD");
    assert_eq!(one.balance, Money::from_cents(10_850_000));
    let mut registry = Registry::new(3);
    let system = registry.system_mut(Entity::Ote);
    let taken = NewAccount {
        login: Some("test.user".into()),
        ..NewAccount::default()
    };
    assert!(system.create_account(taken, NOW).is_none());
}

#[test]
fn a_system_reset_is_the_start_up_state() {
    let mut registry = Registry::new(5);
    add_domain(&mut registry, NOW, "test.user", DEMO_PASSWORD, "kept.com");
    gone_account(&mut registry);
    registry.reset_system(Entity::Ote, 5);
    let fresh = Registry::new(5);
    let (a, b) = (registry.system(Entity::Ote), fresh.system(Entity::Ote));
    assert_eq!(a.user_count(), b.user_count());
    assert_eq!(a.domain_count(), 0);
    assert_eq!(a.session_count(), 0);
    assert_eq!(a.clock_offset(), 0);
    // Same seed, same generator state: the next draw is the same.
    let (mut a, mut b) = (registry, fresh);
    let x = a.system_mut(Entity::Ote).random_code(8);
    assert_eq!(x, b.system_mut(Entity::Ote).random_code(8));
}
