//! Access control over real TCP (issue 8): the address an allow-list judges is
//! the loopback peer, or what a `--trusted-proxy` names in `s_remoteaddr` or
//! `X-Forwarded-For`; refusals name the address they saw, and the log line
//! and the inspector record it even when the login failed.

mod common;

use common::{Binary, Client, HttpResponse, Server, percent_encode};
use otebox::registry::Limits;
use otebox::server::Config;

const OTE: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";
const SUB: &str = "s_entity=1234&s_login=sub.loop&s_pw=sub.passw0rd";

fn call(server: &Server, headers: &str, body: &str) -> HttpResponse {
    server.connect().post("/api/call.cgi", headers, body)
}

fn command(text: &str) -> String {
    format!("s_command={}", percent_encode(text))
}

/// `test.user` creates the subuser `sub.loop` whose allow-list is `list`.
fn subuser_with_list(server: &Server, list: &str) {
    let added = call(
        server,
        "",
        &format!(
            "{OTE}&{}",
            command(
                "COMMAND=AddUser\nSUBUSER=sub.loop\nPASSWORD=sub.passw0rd\nVAT=19\nCURRENCY=EUR"
            )
        ),
    );
    assert_eq!(added.field("CODE"), Some("200"), "{}", added.body);
    set_list(server, list);
}

fn set_list(server: &Server, list: &str) {
    let modified = call(
        server,
        "",
        &format!(
            "{OTE}&{}",
            command(&format!(
                "COMMAND=ModifyUser\nSUBUSER=sub.loop\nALLOWEDIP0={list}"
            ))
        ),
    );
    assert_eq!(modified.field("CODE"), Some("200"), "{}", modified.body);
}

#[test]
fn an_allow_list_without_loopback_refuses_naming_127_0_0_1_until_it_holds_it() {
    let server = Server::start(Config::default());
    subuser_with_list(&server, "10.0.0.1");
    let status = format!("{SUB}&command=StatusAccount");
    let refused = call(&server, "", &status);
    assert_eq!(refused.field("CODE"), Some("530"), "{}", refused.body);
    let description = refused.field("DESCRIPTION").unwrap_or_default();
    assert!(
        description.starts_with(
            "Authentication failed; User not permitted from this IP address (127.0.0.1)"
        ) && description.contains("10.0.0.1"),
        "{description}"
    );
    set_list(&server, "127.0.0.0/8");
    let allowed = call(&server, "", &status);
    assert_eq!(allowed.field("CODE"), Some("200"), "{}", allowed.body);
}

#[test]
fn forwarding_fields_count_only_from_a_trusted_proxy() {
    let untrusted = Server::start(Config::default());
    subuser_with_list(&untrusted, "203.0.113.0/24");
    let forwarded = "X-Forwarded-For: 203.0.113.7\r\n";
    let status = format!("{SUB}&command=StatusAccount");
    let ignored = call(&untrusted, forwarded, &status);
    let description = ignored.field("DESCRIPTION").unwrap_or_default();
    assert!(
        description.contains("(127.0.0.1)")
            && description.contains("X-Forwarded-For ignored: 127.0.0.1 is not a --trusted-proxy"),
        "{description}"
    );
    let remote = format!("{SUB}&s_remoteaddr=203.0.113.9&command=StatusAccount");
    let ignored = call(&untrusted, "", &remote);
    assert!(
        ignored
            .field("DESCRIPTION")
            .unwrap_or_default()
            .contains("s_remoteaddr ignored"),
        "{}",
        ignored.body
    );

    let trusted = Server::start(Config {
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
        ..Config::default()
    });
    subuser_with_list(&trusted, "203.0.113.0/24");
    let through_header = call(&trusted, forwarded, &status);
    assert_eq!(
        through_header.field("CODE"),
        Some("200"),
        "{}",
        through_header.body
    );
    let through_field = call(&trusted, "", &remote);
    assert_eq!(
        through_field.field("CODE"),
        Some("200"),
        "{}",
        through_field.body
    );
    let outside = call(&trusted, "X-Forwarded-For: 198.51.100.1\r\n", &status);
    let description = outside.field("DESCRIPTION").unwrap_or_default();
    assert!(
        description.contains("(198.51.100.1)")
            && description.contains("set by the trusted proxy 127.0.0.1"),
        "{description}"
    );
}

/// Entries left of what the trusted proxy appended were written by the
/// client: one that is not an address must not make otebox drop the whole
/// header and judge the proxy's own address (here allow-listed) instead of
/// the client the proxy saw.
#[test]
fn a_client_written_entry_that_is_no_address_does_not_hide_the_client() {
    let trusted = Server::start(Config {
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
        ..Config::default()
    });
    subuser_with_list(&trusted, "127.0.0.1");
    let status = format!("{SUB}&command=StatusAccount");
    for header in [
        "X-Forwarded-For: junk, 198.51.100.1\r\n",
        "X-Forwarded-For: 1.2.3.4:80, 198.51.100.1, 127.0.0.2\r\n",
        "X-Forwarded-For: junk\r\nX-Forwarded-For: 198.51.100.1\r\n",
    ] {
        let refused = call(&trusted, header, &status);
        assert_eq!(
            refused.field("CODE"),
            Some("530"),
            "{header}: {}",
            refused.body
        );
        let description = refused.field("DESCRIPTION").unwrap_or_default();
        assert!(
            description.contains("(198.51.100.1)")
                && description.contains("set by the trusted proxy 127.0.0.1"),
            "{header}: {description}"
        );
    }
    // Every entry a trusted proxy's: the leftmost, here allowed.
    let proxies = call(
        &trusted,
        "X-Forwarded-For: 127.0.0.1, 127.0.0.3\r\n",
        &status,
    );
    assert_eq!(proxies.field("CODE"), Some("200"), "{}", proxies.body);
}

/// The client entry a trusted proxy wrote with a port (Azure's and IIS's
/// form) is that address; one that names no address (`unknown`) is judged
/// as no address, never as the proxy's own (allow-listed) one.
#[test]
fn a_client_entry_with_a_port_or_no_address_is_not_the_proxy() {
    let trusted = Server::start(Config {
        trusted_proxies: vec!["127.0.0.0/8".parse().unwrap()],
        ..Config::default()
    });
    subuser_with_list(&trusted, "127.0.0.1\nALLOWEDIP1=10.0.0.0/8");
    let status = format!("{SUB}&command=StatusAccount");
    let cases = [
        ("X-Forwarded-For: 203.0.113.5:5555\r\n", "(203.0.113.5)"),
        ("X-Forwarded-For: [2001:db8::5]:443\r\n", "(2001:db8::5)"),
        ("X-Forwarded-For: unknown\r\n", "names no address"),
        ("X-Forwarded-For: 203.0.113.5, unknown\r\n", "(0.0.0.0)"),
    ];
    for (header, shown) in cases {
        let refused = call(&trusted, header, &status);
        let description = refused.field("DESCRIPTION").unwrap_or_default();
        assert!(
            refused.field("CODE") == Some("530") && description.contains(shown),
            "{header}: {}",
            refused.body
        );
    }
    for header in [
        "X-Forwarded-For: 10.1.1.1:5555\r\n",
        // An empty entry (a chained proxy's trailing comma) names no one.
        "X-Forwarded-For: 10.1.1.1,\r\n",
    ] {
        let inside = call(&trusted, header, &status);
        assert_eq!(
            inside.field("CODE"),
            Some("200"),
            "{header}: {}",
            inside.body
        );
    }
}

#[test]
fn the_session_cap_binds_one_account_and_not_the_others() {
    let limits = Limits {
        max_sessions_per_account: 3,
        ..Limits::default()
    };
    let server = Server::start_with_limits(Config::default(), limits);
    for _ in 0..3 {
        let started = call(&server, "", &format!("{OTE}&command=StartSession"));
        assert_eq!(started.field("CODE"), Some("200"), "{}", started.body);
    }
    let refused = call(&server, "", &format!("{OTE}&command=StartSession"));
    assert_eq!(refused.field("CODE"), Some("521"), "{}", refused.body);
    let description = refused.field("DESCRIPTION").unwrap_or_default();
    assert!(
        description.starts_with("Too many sessions open. Server closing connection; test.user")
            && description.contains("--max-sessions-per-account"),
        "{description}"
    );
    let other = "s_entity=1234&s_login=test.user2&s_pw=test.passw0rd&command=StartSession";
    let started = call(&server, "", other);
    assert_eq!(started.field("CODE"), Some("200"), "{}", started.body);
}

#[test]
fn failed_logins_lock_the_address_out_even_with_the_right_password() {
    let limits = Limits {
        lockout_failures: 3,
        ..Limits::default()
    };
    let server = Server::start_with_limits(Config::default(), limits);
    let session = call(&server, "", &format!("{OTE}&command=StartSession"));
    let id = session
        .field("PROPERTY[SESSION][0]")
        .unwrap_or_default()
        .to_owned();
    assert_eq!(id.len(), 64, "{}", session.body);
    let wrong = "s_entity=1234&s_login=test.user&s_pw=wrong&command=StatusAccount";
    for _ in 0..3 {
        let refused = call(&server, "", wrong);
        assert_eq!(refused.field("CODE"), Some("530"), "{}", refused.body);
    }
    let locked = call(&server, "", &format!("{OTE}&command=StatusAccount"));
    assert_eq!(locked.field("CODE"), Some("425"), "{}", locked.body);
    let description = locked.field("DESCRIPTION").unwrap_or_default();
    assert!(
        description.starts_with(
            "Service temporarily locked; usage exceeded; 3 failed logins from 127.0.0.1"
        ),
        "{description}"
    );
    let by_session = call(
        &server,
        "",
        &format!("s_entity=1234&s_session={id}&command=StatusAccount"),
    );
    assert_eq!(by_session.field("CODE"), Some("200"), "{}", by_session.body);
}

/// A login refused before there is a caller (a wrong password from the
/// client a trusted proxy names) still records the address it was judged by
/// and counted against: the log line's `client=` and the inspector's
/// `client`, so that a tester finds the failed logins behind a lock-out of
/// that address. No password is written.
#[test]
fn a_refused_login_records_the_client_address_it_counted_against() {
    let binary = Binary::start(
        &["--trusted-proxy", "127.0.0.1", "--lockout-failures", "2"],
        &[],
    );
    let mut client = Client::connect(binary.addr);
    let wrong = "s_entity=1234&s_login=test.user&s_pw=wrong.guess&s_remoteaddr=203.0.113.7\
                 &command=StatusAccount";
    for _ in 0..2 {
        let refused = client.post("/api/call.cgi", "", wrong);
        assert_eq!(refused.field("CODE"), Some("530"), "{}", refused.body);
    }
    let right = format!("{OTE}&s_remoteaddr=203.0.113.7&command=StatusAccount");
    let locked = client.post("/api/call.cgi", "", &right);
    assert_eq!(locked.field("CODE"), Some("425"), "{}", locked.body);
    let detail = client.get("/_admin/requests/1").body;
    assert!(
        detail.contains("\"client\":\"203.0.113.7 (s_remoteaddr of trusted proxy 127.0.0.1)\"")
            && detail.contains("wrong password for test.user"),
        "{detail}"
    );
    assert!(!detail.contains("wrong.guess"), "{detail}");
    drop(client);
    let log = binary.stop();
    let refusals: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("code=530") || line.contains("code=425"))
        .collect();
    assert_eq!(refusals.len(), 3, "{log}");
    for line in refusals {
        assert!(
            line.contains(" peer=127.0.0.1 client=203.0.113.7 "),
            "no client address in {line}"
        );
        assert!(!line.contains("wrong.guess"), "{line}");
    }
}
