//! Unit tests of `accounting.rs`: the sums agree with StatusAccount, a page's
//! opening balance is the balance before its first entry, subusers' entries
//! carry their id as the reference, and SUBUSER reads a subuser's ledger.

use crate::registry::test_calls::{OWNER, call, ok};
use crate::registry::{DEMO_PASSWORD, Registry, Timestamp};

const NOW: Timestamp = Timestamp(1_767_225_600);

/// An answer's property lines, read back from its text.
struct Answer(String);

impl Answer {
    fn column(&self, name: &str) -> Vec<&str> {
        let head = format!("PROPERTY[{name}][");
        self.0
            .lines()
            .filter_map(|line| line.strip_prefix(head.as_str()))
            .filter_map(|rest| rest.split_once("]=").map(|(_, value)| value))
            .collect()
    }

    fn first(&self, name: &str) -> Option<&str> {
        self.column(name).first().copied()
    }
}

fn ask(registry: &mut Registry, lines: &[&str]) -> Answer {
    Answer(ok(call(registry, NOW, "test.user", DEMO_PASSWORD, lines)))
}

fn add_domain(registry: &mut Registry, view: Option<&str>, name: &str) {
    let domain = format!("DOMAIN={name}");
    let user = view.map(|id| format!("s_user={id}"));
    let mut lines = vec!["COMMAND=AddDomain", &domain, "PERIOD=1"];
    lines.extend(user.as_deref());
    lines.extend_from_slice(OWNER);
    ok(call(registry, NOW, "test.user", DEMO_PASSWORD, &lines));
}

fn value<'r>(response: &'r Answer, name: &str) -> &'r str {
    response.first(name).unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn sums_agree_with_status_account_and_pages_open_where_they_start() {
    let mut registry = Registry::new(1);
    for name in ["sum-one.com", "sum-two.net", "sum-three.org"] {
        add_domain(&mut registry, None, name);
    }
    let renew = ["COMMAND=RenewDomain", "DOMAIN=sum-one.com", "PERIOD=2"];
    ok(call(&mut registry, NOW, "test.user", DEMO_PASSWORD, &renew));
    let amount = ask(&mut registry, &["COMMAND=StatusAccount"]);
    let amount = value(&amount, "AMOUNT").to_owned();
    let all = ask(&mut registry, &["COMMAND=QueryAccountingList"]);
    assert_eq!(value(&all, "TOTAL"), "4");
    assert_eq!(value(&all, "SUMPRICE"), amount);
    assert_eq!(value(&all, "OPENINGBALANCE"), "100000.00");
    // The second page of two opens with the balance after the first two.
    let page = ask(
        &mut registry,
        &["COMMAND=QueryAccountingList", "FIRST=2", "LIMIT=2"],
    );
    let first_two: f64 = all
        .column("ACCOUNTINGPRICE")
        .iter()
        .take(2)
        .map(|p| p.parse::<f64>().unwrap())
        .sum();
    let opening: f64 = value(&page, "OPENINGBALANCE").parse().unwrap();
    assert!(
        (opening - (100_000.0 + first_two)).abs() < 0.001,
        "{opening}"
    );
    assert_eq!(value(&page, "SUMPRICE"), amount);
    let nosum = ask(&mut registry, &["COMMAND=QueryAccountingList", "NOSUM=1"]);
    assert!(nosum.first("SUM").is_none() && nosum.first("OPENINGBALANCE").is_none());
}

#[test]
fn subusers_entries_carry_their_id_and_subuser_reads_their_ledger() {
    let mut registry = Registry::new(1);
    let add_user = [
        "COMMAND=AddUser",
        "SUBUSER=ledger-sub",
        "PASSWORD=sub.passw0rd",
        "CURRENCY=EUR",
        "CREDIT=100.00",
        "VAT=16",
    ];
    ok(call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &add_user,
    ));
    add_domain(&mut registry, None, "parent-ledger.com");
    add_domain(&mut registry, Some("ledger-sub"), "sub-ledger.com");
    // The reseller pays its own price for its subuser's registration too.
    let own = ask(&mut registry, &["COMMAND=QueryAccountingList"]);
    assert_eq!(
        own.column("ACCOUNTINGDESCRIPTION"),
        ["parent-ledger.com", "sub-ledger.com"]
    );
    let all = ask(
        &mut registry,
        &["COMMAND=QueryAccountingList", "USERDEPTH=ALL"],
    );
    assert_eq!(all.column("ACCOUNTINGREFERENCE"), ["", "ledger-sub", ""]);
    assert_eq!(all.column("ACCOUNTINGVAT"), ["19.00", "16.00", "19.00"]);
    let sub = ask(
        &mut registry,
        &["COMMAND=QueryAccountingList", "SUBUSER=ledger-sub"],
    );
    assert_eq!(sub.column("ACCOUNTINGDESCRIPTION"), ["sub-ledger.com"]);
    assert_eq!(sub.column("ACCOUNTINGREFERENCE"), [""]);
    assert_eq!(value(&sub, "OPENINGBALANCE"), "0.00");
    assert_eq!(value(&sub, "SUMPRICE"), "-10.90");
    let id = format!("ACCOUNTINGID={}", value(&sub, "ACCOUNTINGID"));
    let mine = call(
        &mut registry,
        NOW,
        "test.user",
        DEMO_PASSWORD,
        &["COMMAND=StatusAccounting", &id],
    );
    assert!(mine.contains("CODE=545"), "not the caller's own: {mine}");
    let status = ask(
        &mut registry,
        &["COMMAND=StatusAccounting", &id, "SUBUSER=ledger-sub"],
    );
    assert_eq!(value(&status, "DESCRIPTION"), "sub-ledger.com");
    assert_eq!(value(&status, "PAYMENT"), "-10.90");
}
