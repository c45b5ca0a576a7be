//! Unit tests of `ledger.rs`: what a charge and a refund record (commands,
//! transfer completion, auto-renewal, a rejected application), that a
//! refused charge records nothing, that one account never sees another's
//! entries, that removal and reset drop them, that snapshots carry them.

use super::*;
use crate::registry::snapshot::read_snapshot;
use crate::registry::test_calls::{OWNER, call, ok};
use crate::registry::{DEMO_PASSWORD, Entity, NewAccount, Registry};

const NOW: Timestamp = Timestamp(1_767_225_600);

fn item(kind: Kind, price: Money) -> Item<'static> {
    Item {
        kind,
        description: "ledger.com",
        months: 12,
        price,
        what: "a test charge",
        above: None,
    }
}

fn add_domain(registry: &mut Registry, login: &str, name: &str) {
    let domain = format!("DOMAIN={name}");
    let mut lines = vec!["COMMAND=AddDomain", &domain, "PERIOD=2"];
    lines.extend_from_slice(OWNER);
    ok(call(registry, NOW, login, DEMO_PASSWORD, &lines));
}

#[test]
fn a_charge_records_a_negative_entry_with_the_accounts_vat() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let price = Money::from_cents(1090);
    system
        .charge("test.user", NOW, item(Kind::AddDomain, price))
        .unwrap();
    let entries = system.ledger().of("test.user");
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(
        (entry.id, entry.kind, entry.at),
        (800_001, Kind::AddDomain, NOW)
    );
    assert_eq!(entry.price(), Money::from_cents(-1090));
    assert_eq!(entry.vat().to_string(), "19.00");
    assert_eq!(entry.vat_price(), Money::from_cents(-207));
    assert_eq!(
        (entry.years(0).as_str(), entry.description()),
        ("1", "ledger.com")
    );
    assert_eq!(entry.years(4), "1.0000");
    assert!(system.ledger().of("test.user2").is_empty());
}

#[test]
fn a_refused_charge_records_nothing() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let before = system.user("test.user").unwrap().account.amount;
    let too_much = Money::from_cents(1_000_000_000);
    let refusal = system
        .charge("test.user", NOW, item(Kind::RenewDomain, too_much))
        .unwrap_err();
    assert_eq!(refusal.code(), 546);
    assert!(system.ledger().is_empty());
    assert_eq!(system.user("test.user").unwrap().account.amount, before);
}

#[test]
fn a_refund_records_a_positive_entry_and_a_zero_one_nothing() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let zero = Money::from_cents(0);
    system.refund("test.user", NOW, item(Kind::RefundAddDomain, zero));
    assert!(system.ledger().is_empty());
    let back = Money::from_cents(500);
    system.refund("test.user", NOW, item(Kind::RefundAddDomain, back));
    let entry = &system.ledger().of("test.user")[0];
    assert_eq!((entry.kind, entry.price()), (Kind::RefundAddDomain, back));
}

/// A refund returns the VAT of the charge it gives back, though the
/// account's rate changed between the two (hunt 29F: a 7 % charge came back
/// at 19 %, leaving VAT in the sums of a reversed registration).
#[test]
fn a_refund_takes_the_vat_rate_of_its_charge() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let rate = |percent: i64| Percent(rust_decimal::Decimal::from(percent));
    let set_vat = |system: &mut System, vat| {
        system.users.get_mut("test.user").unwrap().account.vat = vat;
    };
    set_vat(system, rate(7));
    let price = Money::from_cents(1090);
    system
        .charge("test.user", NOW, item(Kind::AddDomain, price))
        .unwrap();
    set_vat(system, rate(19));
    system.refund("test.user", NOW, item(Kind::RefundAddDomain, price));
    // No charge of its kind for that domain: the rate now.
    system.refund("test.user", NOW, item(Kind::RefundRenewDomain, price));
    // An auto-renewal at 7 %, then one by hand at another price at 19 %:
    // the auto-renewal's refund is at its own rate.
    set_vat(system, rate(7));
    let auto = Money::from_cents(1200);
    system
        .charge("test.user", NOW, item(Kind::RenewDomain, auto))
        .unwrap();
    set_vat(system, rate(19));
    let by_hand = Money::from_cents(1500);
    system
        .charge("test.user", NOW, item(Kind::RenewDomain, by_hand))
        .unwrap();
    system.refund("test.user", NOW, item(Kind::RefundRenewDomain, auto));
    let entries = system.ledger().of("test.user");
    let vats: Vec<_> = entries.iter().map(|entry| entry.vat()).collect();
    assert_eq!(
        vats,
        [rate(7), rate(7), rate(19), rate(7), rate(19), rate(7)]
    );
    assert_eq!(
        entries[0].vat_price().0 + entries[1].vat_price().0,
        0.into()
    );
}

/// DeleteDomain within the add grace period: the registration and its
/// refund, and the balance where it started.
#[test]
fn the_add_grace_refund_is_an_entry() {
    let mut registry = Registry::new(1);
    let start = registry
        .system(Entity::Ote)
        .user("test.user")
        .unwrap()
        .account
        .amount;
    add_domain(&mut registry, "test.user", "grace-ledger.com");
    let delete = ["COMMAND=DeleteDomain", "DOMAIN=grace-ledger.com"];
    ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &delete,
    ));
    let system = registry.system(Entity::Ote);
    let kinds: Vec<(Kind, String, u32)> = system
        .ledger()
        .of("test.user")
        .iter()
        .map(|entry| (entry.kind, entry.price().to_string(), entry.id))
        .collect();
    assert_eq!(
        kinds,
        [
            (Kind::AddDomain, "-21.80".to_owned(), 800_001),
            (Kind::RefundAddDomain, "21.80".to_owned(), 800_002),
        ]
    );
    assert_eq!(system.user("test.user").unwrap().account.amount, start);
}

#[test]
fn accounts_see_only_their_own_entries() {
    let mut registry = Registry::new(1);
    add_domain(&mut registry, "test.user", "mine-ledger.com");
    add_domain(&mut registry, "test.user2", "theirs-ledger.com");
    let ledger = registry.system(Entity::Ote).ledger();
    let [mine] = ledger.of("test.user") else {
        panic!("one entry")
    };
    let [theirs] = ledger.of("test.user2") else {
        panic!("one entry")
    };
    assert_eq!(mine.description(), "mine-ledger.com");
    assert!(ledger.entry("test.user2", mine.id).is_none());
    assert!(ledger.entry("test.user", theirs.id).is_none());
    assert_eq!(ledger.entry("test.user2", theirs.id), Some(theirs));
    let status = format!("ACCOUNTINGID={}", mine.id);
    let answer = call(
        &mut registry,
        NOW,
        "test.user2",
        DEMO_PASSWORD,
        &["COMMAND=StatusAccounting", &status],
    );
    assert!(answer.contains("CODE=545"), "{answer}");
}

#[test]
fn removal_and_reset_drop_the_accounts_entries() {
    let mut registry = Registry::new(1);
    let new = NewAccount {
        login: Some("ci-ledger".into()),
        password: Some(DEMO_PASSWORD.into()),
        ..NewAccount::default()
    };
    let system = registry.system_mut(Entity::Ote);
    system.create_account(new, NOW).expect("a free login");
    add_domain(&mut registry, "ci-ledger", "removed-ledger.com");
    add_domain(&mut registry, "test.user", "reset-ledger.com");
    let system = registry.system_mut(Entity::Ote);
    assert_eq!(system.ledger().len(), 2);
    assert!(system.remove_account("ci-ledger", NOW));
    assert!(system.ledger().of("ci-ledger").is_empty());
    assert!(system.reset_account("test.user", NOW));
    assert!(system.ledger().is_empty());
}

/// A snapshot carries the entries and the counter: the next id after a
/// restore is the one the original would have given.
#[test]
fn snapshots_carry_the_ledger() {
    let mut registry = Registry::new(1);
    add_domain(&mut registry, "test.user", "snap-ledger.com");
    let file = registry.system(Entity::Ote).snapshot();
    let mut restored = read_snapshot(&file, Some(Entity::Ote)).expect("a sound snapshot");
    let original = registry.system_mut(Entity::Ote);
    assert_eq!(
        restored.ledger().of("test.user"),
        original.ledger().of("test.user")
    );
    let price = Money::from_cents(100);
    for system in [&mut restored, original] {
        system
            .charge("test.user", NOW, item(Kind::TradeDomain, price))
            .unwrap();
    }
    assert_eq!(
        restored.ledger().of("test.user"),
        original.ledger().of("test.user")
    );
    assert_eq!(restored.ledger().of("test.user")[1].id, 800_002);
}

#[test]
fn an_entry_is_dense() {
    assert_eq!(std::mem::size_of::<Entry>(), 40);
}

/// A transfer's completion (the clock's deadline job) records the charge
/// on the gaining account at the job's time; the losing account has none.
#[test]
fn a_completed_transfer_is_an_entry_of_the_gaining_account() {
    use crate::registry::{Domain, Period, Transfer};
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let mut domain = Domain::sample("moved-ledger.com", &["ns1.x.net"], "P-NONE");
    domain.owner = "test.user2".into();
    domain.expires = NOW.plus(Period::years(1));
    domain.paid_until = domain.expires;
    system.insert_domain(domain.clone());
    let mut transfer = Transfer::new(&domain, "test.user", "test.user".into(), NOW, 5);
    transfer.period = Period::years(1);
    system.insert_transfer(transfer);
    let later = NOW.plus_days(5);
    system.set_target(NOW, later).unwrap();
    system.tick(NOW, 64);
    let [entry] = system.ledger().of("test.user") else {
        panic!("one entry: {:?}", system.ledger().of("test.user"))
    };
    assert_eq!((entry.kind, entry.at), (Kind::TransferDomain, later));
    assert_eq!(entry.price(), Money::from_cents(-1090));
    assert_eq!(entry.description(), "moved-ledger.com");
    assert!(system.ledger().of("test.user2").is_empty());
}

/// The clock's auto-renewal records RENEW_DOMAIN at the job's sandbox
/// time, which StatusAccount's balance agrees with.
#[test]
fn an_auto_renewal_is_an_entry_at_the_jobs_time() {
    let mut registry = Registry::new(1);
    add_domain(&mut registry, "test.user", "renewed-ledger.com");
    registry
        .advance(Entity::Ote, NOW, 2 * 365 * 86_400)
        .expect("a forward move");
    let system = registry.system(Entity::Ote);
    let entries = system.ledger().of("test.user");
    let renewal = entries
        .iter()
        .find(|entry| entry.kind == Kind::RenewDomain)
        .expect("an auto-renewal");
    assert!(renewal.at > NOW, "{renewal:?}");
    assert_eq!(renewal.description(), "renewed-ledger.com");
    let start = Money::from_cents(10_000_000).0;
    let moved: rust_decimal::Decimal = entries.iter().map(|entry| entry.price().0).sum();
    let amount = system.user("test.user").unwrap().account.amount;
    assert_eq!(amount, Money(start + moved));
}

/// The review turning a `.swiss` application down refunds its charge (kept
/// in `add_grace`) as an entry at the review's end.
#[test]
fn a_rejected_application_is_refunded_as_an_entry() {
    use crate::registry::Domain;
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let name = "review-reject-y.swiss";
    let mut domain = Domain::sample(name, &[], "P-1");
    domain.owner = "test.user".into();
    // Registered for a year: no auto-renewal falls due in this test.
    domain.expires = NOW.plus(crate::registry::Period::years(1));
    domain.paid_until = domain.expires;
    let review = Timestamp(NOW.0 + 86_400);
    domain.add_grace = Some((Timestamp(NOW.0 + 5 * 86_400), Money::from_cents(11_900)));
    system.insert_domain(domain);
    system.request_create(name, review);
    system.set_target(NOW, review).unwrap();
    system.tick(NOW, 64);
    assert!(system.domain(name).is_none(), "turned down");
    let [entry] = system.ledger().of("test.user") else {
        panic!("one entry: {:?}", system.ledger().of("test.user"))
    };
    assert_eq!((entry.kind, entry.at), (Kind::RefundAddDomain, review));
    assert_eq!(entry.price(), Money::from_cents(11_900));
}

/// A subuser `name` of test.user in EUR with 19 % VAT and a credit line of 1,000.
fn add_reseller_customer(registry: &mut Registry, name: &str) {
    let subuser = format!("SUBUSER={name}");
    let add_user = [
        "COMMAND=AddUser",
        &subuser,
        "PASSWORD=sub.passw0rd",
        "CURRENCY=EUR",
        "VAT=19",
        "CREDIT=1000",
    ];
    ok(call(registry, NOW, "test.user", DEMO_PASSWORD, &add_user));
}

#[test]
fn a_reseller_is_refunded_its_part_of_the_refunded_bill() {
    let mut registry = Registry::new(1);
    add_reseller_customer(&mut registry, "refund-sub");
    let system = registry.system_mut(Entity::Ote);
    let (one_year, five_years) = (Money::from_cents(700), Money::from_cents(3500));
    let auto = |_: &System, _: &str| Ok(one_year);
    let by_hand = |_: &System, _: &str| Ok(five_years);
    fn renewal(price: Money, above: PriceFor<'_>) -> Item<'_> {
        Item {
            above: Some(above),
            ..item(Kind::RenewDomain, price)
        }
    }
    let later = Timestamp(NOW.0 + 60);
    (system.charge("refund-sub", NOW, renewal(Money::from_cents(1000), &auto))).unwrap();
    (system.charge(
        "refund-sub",
        later,
        renewal(Money::from_cents(5000), &by_hand),
    ))
    .unwrap();
    let before = system.user("test.user").unwrap().account.amount;
    // The auto-renewal is given back: the reseller its 7.00 of that bill,
    // not its latest (the 35.00 of the renewal by hand, which stays).
    let refund = item(Kind::RefundRenewDomain, Money::from_cents(1000));
    system.refund("refund-sub", Timestamp(NOW.0 + 120), refund);
    let after = system.user("test.user").unwrap().account.amount;
    assert_eq!(Money(after.0 - before.0), one_year);
    let again = item(Kind::RefundRenewDomain, Money::from_cents(1000));
    system.refund("refund-sub", Timestamp(NOW.0 + 180), again);
    let twice = system.user("test.user").unwrap().account.amount;
    assert_eq!(twice, after, "a bill is given back once");
}

#[test]
fn an_auto_renewal_refund_gives_back_its_own_bill_after_a_renewal_by_hand_at_the_same_price() {
    let mut registry = Registry::new(1);
    add_reseller_customer(&mut registry, "same-price-sub");
    let system = registry.system_mut(Entity::Ote);
    // The holder pays 10.00 both times; its parent's price changed between.
    let (then, now) = (Money::from_cents(4000), Money::from_cents(400));
    let auto = |_: &System, _: &str| Ok(then);
    let by_hand = |_: &System, _: &str| Ok(now);
    fn renewal(above: PriceFor<'_>) -> Item<'_> {
        Item {
            above: Some(above),
            ..item(Kind::RenewDomain, Money::from_cents(1000))
        }
    }
    system
        .charge("same-price-sub", NOW, renewal(&auto))
        .unwrap();
    let origin = (system
        .ledger
        .charged_at("same-price-sub", Kind::RenewDomain, "ledger.com", NOW))
    .map(|entry| entry.id);
    assert!(
        origin.is_some(),
        "the auto-renewal's entry is found by its time"
    );
    let later = Timestamp(NOW.0 + 60);
    system
        .charge("same-price-sub", later, renewal(&by_hand))
        .unwrap();
    let before = system.user("test.user").unwrap().account.amount;
    let refund = item(Kind::RefundRenewDomain, Money::from_cents(1000));
    system.refund_of("same-price-sub", Timestamp(NOW.0 + 120), refund, origin);
    let after = system.user("test.user").unwrap().account.amount;
    assert_eq!(
        Money(after.0 - before.0),
        then,
        "the auto-renewal's 40.00, not 4.00"
    );
}
