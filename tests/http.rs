//! End-to-end checks over a real loopback socket: every request form real
//! clients send, and the HTTP edge (limits, timeouts, methods, paths, keep-alive).

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::Server;
use otebox::server::Config;

const OTE: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";

fn server() -> Server {
    Server::start(Config::default())
}

#[test]
fn every_request_form_reaches_the_command() {
    let server = server();
    let mut client = server.connect();
    let sdk = format!("{OTE}&s_command=COMMAND%3DStatusAccount");
    let forms: Vec<(&str, String, String)> = vec![
        (
            "PHP SDK: text/html",
            "Content-Type: text/html; charset=UTF-8\r\nExpect:\r\n".into(),
            sdk.clone(),
        ),
        (
            "node-fetch: text/plain",
            "Content-Type: text/plain;charset=UTF-8\r\n".into(),
            sdk.clone(),
        ),
        ("no Content-Type", String::new(), sdk.clone()),
        (
            "PY SDK: form",
            "Content-Type: application/x-www-form-urlencoded\r\n".into(),
            sdk.clone(),
        ),
        (
            "curl: top-level fields",
            String::new(),
            format!("{OTE}&command=statusaccount"),
        ),
        (
            "plus and %20 spaces, CRLF lines",
            String::new(),
            format!("{OTE}&s_command=command+%3D%20StatusAccount%0D%0A"),
        ),
        (
            "pasted plain form",
            String::new(),
            format!("{OTE}&s_command=%5BCOMMAND%5D%0Acommand+%3D+StatusAccount%0AEOF"),
        ),
    ];
    for (name, headers, body) in &forms {
        for path in ["/api/call.cgi", "/api/call"] {
            let response = client.post(path, headers, body);
            assert_eq!(response.status, 200, "{name} {path}");
            assert_eq!(
                response.field("CODE"),
                Some("200"),
                "{name} {path}: {}",
                response.body
            );
            assert!(
                response.body.contains("PROPERTY[CURRENCY][0]=EUR\r\n"),
                "{name}"
            );
        }
    }
    let get = client.get(&format!("/api/call.cgi?{OTE}&COMMAND=StatusAccount"));
    assert_eq!(get.field("CODE"), Some("200"), "GET with a query string");
    let get_with_body = format!(
        "GET /api/call.cgi HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\n\r\n{sdk}",
        sdk.len()
    );
    client.send(get_with_body.as_bytes());
    assert_eq!(
        client.read_response().unwrap().field("CODE"),
        Some("200"),
        "GET with a body"
    );
}

#[test]
fn responses_are_canonical_http_200_text() {
    let server = server();
    let mut client = server.connect();
    for body in [
        format!("{OTE}&command=StatusAccount"),
        "s_entity=1234&s_login=test.user&s_pw=x&command=StatusAccount".to_owned(),
        "command=Nope".to_owned(),
    ] {
        let response = client.post("/api/call.cgi", "", &body);
        assert_eq!(response.status, 200, "API errors are HTTP 200 too");
        assert_eq!(
            response.header("content-type"),
            Some("text/plain; charset=UTF-8")
        );
        assert!(
            response.body.starts_with("[RESPONSE]\r\n") && response.body.ends_with("\r\nEOF\r\n")
        );
        assert!(!response.field("DESCRIPTION").unwrap_or_default().is_empty());
        assert!(
            response
                .body
                .split("\r\n")
                .all(|line| !line.contains(" = ")),
            "no spaces around ="
        );
        assert!(
            response
                .field("RUNTIME")
                .is_some_and(|t| t.len() == 5 && t.contains('.'))
        );
    }
}

#[test]
fn health_unknown_paths_and_bad_methods() {
    let server = server();
    let mut client = server.connect();
    let health = client.get("/healthz");
    assert_eq!((health.status, health.body.as_str()), (200, "ok\n"));
    assert_eq!(client.get("/api/other").status, 404);
    client.send(b"PUT /api/call.cgi HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
    let put = client.read_response().unwrap();
    assert_eq!((put.status, put.header("allow")), (405, Some("GET, POST")));
    let after = client.post("/api/call.cgi", "", &format!("{OTE}&command=StatusAccount"));
    assert_eq!(
        after.field("CODE"),
        Some("200"),
        "the connection survives HTTP errors"
    );
}

/// `HEAD` is `GET` without the body (RFC 9110 §9.3.2): a monitor's
/// `HEAD /healthz` got `404 not found`.
#[test]
fn head_asks_health_and_metrics_as_get_does() {
    let server = server();
    for path in ["/healthz", "/metrics"] {
        let mut client = server.connect();
        client.send(
            format!("HEAD {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let mut all = String::new();
        client.stream.read_to_string(&mut all).unwrap();
        assert!(all.starts_with("HTTP/1.1 200 "), "{path}: {all}");
        assert!(all.ends_with("\r\n\r\n"), "{path}: a body: {all}");
    }
}

/// A request answered without its body (`404`, `405`) has that body read
/// and dropped, so the connection serves the next request: hyper closed it,
/// unannounced, once the body was more than it had buffered.
#[test]
fn a_body_a_404_or_405_leaves_unread_does_not_end_the_connection() {
    let server = server();
    let mut client = server.connect();
    let body = "x".repeat(200_000);
    let missing = client.post("/api/other", "", &body);
    assert_eq!((missing.status, missing.header("connection")), (404, None));
    client.send(
        format!(
            "PUT /api/call.cgi HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    let put = client.read_response().expect("the 405");
    assert_eq!((put.status, put.header("connection")), (405, None));
    let after = client.post("/api/call.cgi", "", &format!("{OTE}&command=StatusAccount"));
    assert_eq!(after.field("CODE"), Some("200"), "{}", after.body);
    // Waiting for `100 Continue`: not asked for the body; closed, as it says.
    let mut waiting = server.connect();
    waiting.send(b"POST /api/other HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 200000\r\n\r\n");
    let missing = waiting.read_response().expect("the 404");
    assert_eq!(
        (missing.status, missing.header("connection")),
        (404, Some("close"))
    );
    assert!(waiting.closed_within(Duration::from_secs(5)));
}

#[test]
fn oversized_body_gets_a_protocol_error_not_a_reset() {
    let server = Server::start(Config {
        body_limit: 1024,
        ..Config::default()
    });
    let mut client = server.connect();
    let body = format!("{OTE}&command=StatusAccount&NOTE={}", "x".repeat(200_000));
    let response = client.post("/api/call.cgi", "", &body);
    assert_eq!(response.status, 200);
    assert_eq!(response.field("CODE"), Some("507"));
    assert!(
        response
            .field("DESCRIPTION")
            .unwrap()
            .contains("exceeds the limit of 1024 bytes")
    );
    let mut fresh = server.connect();
    let ok = fresh.post("/api/call.cgi", "", &format!("{OTE}&command=StatusAccount"));
    assert_eq!(
        ok.field("CODE"),
        Some("200"),
        "a body at the limit still works"
    );
}

#[test]
fn expect_100_continue_is_honoured() {
    let server = server();
    let mut client = server.connect();
    let body = format!("{OTE}&command=StatusAccount");
    client.send(
        format!("POST /api/call.cgi HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n", body.len())
            .as_bytes(),
    );
    let interim = client.read_response().expect("100 Continue");
    assert_eq!(interim.status, 100);
    client.send(body.as_bytes());
    assert_eq!(client.read_response().unwrap().field("CODE"), Some("200"));
}

#[test]
fn keep_alive_serves_many_requests_on_one_connection() {
    let server = server();
    let mut client = server.connect();
    let start = client.post("/api/call.cgi", "", &format!("{OTE}&command=StartSession"));
    let session = start
        .body
        .lines()
        .find_map(|l| l.strip_prefix("PROPERTY[SESSION][0]="))
        .unwrap()
        .to_owned();
    for i in 0..500 {
        let body = if i % 2 == 0 {
            format!("s_entity=1234&s_session={session}&command=StatusAccount")
        } else {
            format!("{OTE}&command=StatusAccount")
        };
        let response = client.post("/api/call.cgi", "", &body);
        assert_eq!(response.field("CODE"), Some("200"), "request {i}");
    }
}

#[test]
fn slow_clients_are_cut_off() {
    let config = Config {
        header_timeout: Duration::from_millis(500),
        body_timeout: Duration::from_millis(500),
        ..Config::default()
    };
    let server = Server::start(config);

    let mut half_body = server.connect();
    half_body.send(
        b"POST /api/call.cgi HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\ns_login=test.user",
    );
    let started = Instant::now();
    let response = half_body
        .read_response()
        .expect("an answer, not a dropped connection");
    assert_eq!(response.field("CODE"), Some("420"));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(response.header("connection"), Some("close"));

    let mut half_head = server.connect();
    half_head.send(b"POST /api/call.cgi HTTP/1.1\r\nHost: t\r\n");
    assert!(
        half_head.closed_within(Duration::from_secs(5)),
        "half-open header is dropped"
    );

    let mut idle = server.connect();
    assert_eq!(idle.get("/healthz").status, 200);
}

#[test]
fn shutdown_lets_the_server_return() {
    let server = server();
    let mut client = server.connect();
    assert_eq!(client.get("/healthz").status, 200);
    drop(client);
    assert!(server.stop().is_ok());
}

/// The CentralNic Reseller address always answers in its layout; on the shared
/// address an ambiguous request gets the listener's default (`--default-dialect`).
#[test]
fn the_cnr_address_and_the_default_dialect_pick_the_layout() {
    const AMBIGUOUS: &str = "s_login=test.user&s_pw=test.passw0rd&command=StatusAccount";
    let server = server();
    let mut client = server.connect();
    for path in ["/cnr/api/call.cgi", "/cnr/api/call"] {
        let cnr = client.post(path, "", AMBIGUOUS);
        assert!(
            cnr.body.starts_with("[RESPONSE]\ncode = 200\n") && cnr.body.ends_with("\nEOF\n"),
            "{path}: {}",
            cnr.body
        );
    }
    let shared = client.post("/api/call.cgi", "", AMBIGUOUS);
    assert_eq!(shared.field("CODE"), Some("200"), "{}", shared.body);

    let cnr_default = Server::start(Config {
        default_dialect: otebox::dialect::Dialect::Cnr,
        ..Config::default()
    });
    let mut client = cnr_default.connect();
    let ambiguous = client.post("/api/call.cgi", "", AMBIGUOUS);
    assert!(
        ambiguous
            .body
            .contains("\nproperty[registrar][0] = test.user\n"),
        "{}",
        ambiguous.body
    );
    let hexonet = client.post("/api/call.cgi", "", &format!("{OTE}&command=StatusAccount"));
    assert_eq!(
        hexonet.field("CODE"),
        Some("200"),
        "s_entity still means HEXONET"
    );
    let mixed = client.post(
        "/api/call.cgi",
        "",
        &format!("{OTE}&s_sessionid=x&command=StatusAccount"),
    );
    assert!(mixed.body.contains("code = 505\n"), "{}", mixed.body);
}

/// A HEXONET field sent to an rrpproxy.net host is refused, and the refusal
/// says why: it named only `/cnr/api/call.cgi` and told the client to use
/// `/api/call.cgi`, the path it had used.
#[test]
fn a_hexonet_field_at_an_rrpproxy_host_is_refused_naming_the_host() {
    let server = server();
    let mut client = server.connect();
    let body = format!("{OTE}&command=StatusAccount");
    client.send(
        format!(
            "POST /api/call.cgi HTTP/1.1\r\nHost: api-ote.rrpproxy.net\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    let refused = client.read_response().expect("an answer");
    assert!(refused.body.contains("\ncode = 505\n"), "{}", refused.body);
    assert!(
        refused
            .body
            .contains("or any API path at an rrpproxy.net host): send HEXONET requests to /api/call.cgi at a host other than rrpproxy.net"),
        "{}",
        refused.body
    );
}

/// `GET /metrics` counts answered API requests by dialect, table command name
/// and code (a typo is `unknown`, never the client's text) and shows the
/// registry's sizes, without a token and without any secret.
#[test]
fn metrics_count_requests_without_secrets() {
    let server = server();
    let mut client = server.connect();
    for _ in 0..3 {
        let ok = client.post("/api/call.cgi", "", &format!("{OTE}&command=statusaccount"));
        assert_eq!(ok.field("CODE"), Some("200"));
    }
    let wrong = "s_entity=1234&s_login=test.user&s_pw=hunter2-secret&command=StatusAccount";
    client.post("/api/call.cgi", "", wrong);
    client.post(
        "/api/call.cgi",
        "",
        &format!("{OTE}&command=Secret-Typo-Command"),
    );
    client.post(
        "/cnr/api/call.cgi",
        "",
        "s_login=test.user&s_pw=test.passw0rd&command=StatusAccount",
    );
    let metrics = client.get("/metrics");
    assert_eq!(metrics.status, 200);
    let text = &metrics.body;
    for line in [
        r#"otebox_api_requests_total{dialect="hexonet",command="StatusAccount",code="200"} 3"#,
        r#"otebox_api_requests_total{dialect="hexonet",command="StatusAccount",code="530"} 1"#,
        r#"otebox_api_requests_total{dialect="hexonet",command="unknown",code="500"} 1"#,
        r#"otebox_api_requests_total{dialect="cnr",command="StatusAccount",code="200"} 1"#,
        "otebox_api_request_duration_seconds_count 6",
        r#"otebox_domains{entity="1234"} 0"#,
        r#"otebox_open_sessions{entity="54cd"} 0"#,
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
    }
    assert!(!text.contains("hunter2") && !text.contains("Typo") && !text.contains("test.user"));
}
