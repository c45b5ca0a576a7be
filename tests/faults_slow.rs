//! The slow-registry fault preset over a real loopback socket: a rule for
//! one login leaves that account's AddDomain pending (`PENDING=1`, STATUS
//! REQUESTEDCREATE) and no one else's; the listing shows the preset and its
//! seconds; `/_admin/clock` moving past them confirms the registration;
//! the binary's log line of a slowed request names the rule (`fault=N`); a
//! `pending` rule answers a ModifyDomain that ran as accepted but pending.
//! The rule's checks are unit tests (`src/server/faults/tests.rs`).

mod common;

use common::{Binary, Client, FORM, HttpResponse, Server, demo_call as api};
use otebox::server::Config;

const JSON: &str = "Content-Type: application/json\r\n";

fn add_domain(client: &mut Client, login: &str, name: &str) -> HttpResponse {
    let answer = api(
        client,
        login,
        &format!("command=AddDomain&DOMAIN={name}&{}", common::INLINE_OWNER),
    );
    assert_eq!(answer.field("CODE"), Some("200"), "{}", answer.body);
    answer
}

fn status(client: &mut Client, login: &str, name: &str) -> String {
    let answer = api(
        client,
        login,
        &format!("command=StatusDomain&DOMAIN={name}"),
    );
    assert_eq!(answer.field("CODE"), Some("200"), "{}", answer.body);
    answer
        .field("PROPERTY[STATUS][0]")
        .unwrap_or("none")
        .to_owned()
}

#[test]
fn a_slow_registry_rule_leaves_the_matched_registrations_pending_until_the_clock_confirms_them() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let rule =
        r#"{"preset":"slow-registry","seconds":600,"login":"test.user","command":"AddDomain"}"#;
    let added = client.post("/_admin/faults", JSON, rule);
    assert_eq!(added.body, "{\"id\":1}\n", "{}", added.body);
    let listed = client.get("/_admin/faults");
    assert!(
        listed.body.contains(
            "\"preset\":\"slow-registry\",\"command\":\"AddDomain\",\"login\":\"test.user\",\
             \"seconds\":600,\"fired\":0"
        ),
        "{}",
        listed.body
    );

    let slow = add_domain(&mut client, "test.user", "slow-over-http.com");
    assert_eq!(slow.field("PENDING"), Some("1"), "{}", slow.body);
    assert_eq!(
        slow.field("DESCRIPTION"),
        Some("Command completed successfully; action pending")
    );
    assert_eq!(slow.field("PROPERTY[STATUS][0]"), Some("REQUESTEDCREATE"));
    // Another login, and another command of the same login: not slowed.
    let other = add_domain(&mut client, "test.user2", "fast-over-http.com");
    assert_eq!(other.field("PENDING"), None, "{}", other.body);
    assert_eq!(other.field("PROPERTY[STATUS][0]"), Some("ACTIVE"));
    assert_eq!(
        status(&mut client, "test.user", "slow-over-http.com"),
        "REQUESTEDCREATE"
    );
    let renew = api(
        &mut client,
        "test.user",
        "command=RenewDomain&DOMAIN=slow-over-http.com&PERIOD=1",
    );
    assert_eq!(renew.field("CODE"), Some("552"), "{}", renew.body);
    assert!(
        client.get("/_admin/faults").body.contains("\"fired\":1,"),
        "the rule fired once"
    );

    let moved = client.post("/_admin/clock", FORM, "advance=601");
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(
        status(&mut client, "test.user", "slow-over-http.com"),
        "ACTIVE"
    );
    let events = api(&mut client, "test.user", "command=QueryEventList&WIDE=1");
    assert_eq!(
        events.field("PROPERTY[EVENTCLASS][0]"),
        Some("DOMAIN_CREATE"),
        "{}",
        events.body
    );
}

#[test]
fn the_log_line_of_a_slowed_request_names_its_rule() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let rule = r#"{"preset":"slow-registry","seconds":60}"#;
    let added = client.post("/_admin/faults", JSON, rule);
    assert_eq!(added.body, "{\"id\":1}\n", "{}", added.body);
    let slow = add_domain(&mut client, "test.user", "slow-logged.com");
    assert_eq!(slow.field("PENDING"), Some("1"), "{}", slow.body);
    status(&mut client, "test.user", "slow-logged.com");
    drop(client);
    let log = binary.stop();
    let line = |command: &str| common::request_line(&log, command);
    assert!(line("AddDomain").contains(" code=200 fault=1 "), "{log}");
    assert!(!line("StatusDomain").contains("fault="), "{log}");
}

#[test]
fn a_pending_rule_answers_the_changes_it_lets_run_as_pending() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    add_domain(&mut client, "test.user", "pending-modify.com");
    let rule = r#"{"command":"ModifyDomain","login":"test.user","pending":true}"#;
    let added = client.post("/_admin/faults", JSON, rule);
    assert_eq!(added.body, "{\"id\":1}\n", "{}", added.body);
    let modify = "command=ModifyDomain&DOMAIN=pending-modify.com&TRANSFERLOCK=1";
    let answer = api(&mut client, "test.user", modify);
    assert_eq!(answer.field("CODE"), Some("200"), "{}", answer.body);
    assert_eq!(answer.field("PENDING"), Some("1"), "{}", answer.body);
    assert_eq!(
        answer.field("DESCRIPTION"),
        Some("Command completed successfully; action pending")
    );
    // The change was made: the rule changes the answer, not the registry.
    let shown = api(
        &mut client,
        "test.user",
        "command=StatusDomain&DOMAIN=pending-modify.com",
    );
    assert_eq!(
        shown.field("PROPERTY[TRANSFERLOCK][0]"),
        Some("1"),
        "{}",
        shown.body
    );
    assert_eq!(shown.field("PENDING"), None, "StatusDomain is not matched");
    // A refusal stays a refusal.
    let refused = api(
        &mut client,
        "test.user",
        "command=ModifyDomain&DOMAIN=not-mine.com",
    );
    assert_eq!(refused.field("CODE"), Some("545"), "{}", refused.body);
    assert_eq!(refused.field("PENDING"), None);
}
