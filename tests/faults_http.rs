//! Fault rules' HTTP failures (`close`, `502`, `503`, `truncate`) as a raw
//! `TcpStream` and curl see them, and the binary's request log line naming
//! the rule that changed a request (`fault=N`). The rest of `/_admin/faults`:
//! `tests/faults.rs`.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use common::{Binary, Client, HttpResponse, Server};
use otebox::server::Config;

const OTE: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";
const FORM: &str = "Content-Type: application/x-www-form-urlencoded\r\n";
const FAULTS: &str = "/_admin/faults";

fn add(client: &mut Client, json: &str) {
    let added = client.post(FAULTS, "Content-Type: application/json\r\n", json);
    assert_eq!(added.status, 200, "{json}: {}", added.body);
}

fn api(client: &mut Client, command: &str) -> HttpResponse {
    client.post("/api/call.cgi", FORM, &format!("{OTE}&{command}"))
}

fn code(response: &HttpResponse) -> &str {
    response.field("CODE").unwrap_or("none")
}

/// Sends one API request on a fresh connection (`Connection: close`) and
/// reads until the server closes it (or 5 seconds pass): every byte the
/// client got.
fn raw(addr: SocketAddr, command: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let body = format!("{OTE}&{command}");
    let request = format!(
        "POST /api/call.cgi HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{FORM}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("write");
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return got,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
        }
    }
}

#[test]
fn each_http_failure_reaches_a_raw_client() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    add(&mut client, r#"{"command":"StatusAccount","http":"close"}"#);
    add(&mut client, r#"{"command":"StatusUser","http":"502"}"#);
    add(&mut client, r#"{"command":"QueryDomainList","http":"503"}"#);
    add(
        &mut client,
        r#"{"command":"CheckDomain","http":"truncate"}"#,
    );
    assert!(
        raw(server.addr, "command=StatusAccount").is_empty(),
        "closed without an answer"
    );

    for (command, status) in [
        ("command=StatusUser", 502),
        ("command=QueryDomainList", 503),
    ] {
        let got = String::from_utf8(raw(server.addr, command)).expect("text");
        assert!(got.starts_with(&format!("HTTP/1.1 {status} ")), "{got}");
        assert!(
            got.ends_with(&format!("(otebox fault rule {})\n", status - 500)),
            "{got}"
        );
    }

    let got =
        String::from_utf8_lossy(&raw(server.addr, "command=CheckDomain&DOMAIN=a.com")).into_owned();
    let (head, body) = got.split_once("\r\n\r\n").expect("a head");
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    let length: usize = head
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .expect("a Content-Length")
        .parse()
        .unwrap();
    assert!(body.starts_with("[RESPONSE]\r\n"), "{body}");
    assert_eq!(body.len(), length / 2, "half of {length}: {body:?}");

    // Other commands on the same server are untouched.
    let mut client = server.connect();
    let other = api(&mut client, "command=CheckDomains&DOMAIN0=a.com");
    assert_eq!(code(&other), "200", "{}", other.body);
    let listed = client.get(FAULTS).body;
    assert_eq!(listed.matches("\"fired\":1").count(), 4, "{listed}");
}

#[test]
fn curl_sees_each_http_failure() {
    let present = std::process::Command::new("curl").arg("--version").output();
    if !present.is_ok_and(|out| out.status.success()) {
        eprintln!("curl is not installed: each_http_failure_reaches_a_raw_client covers it");
        return;
    }
    let server = Server::start(Config::default());
    let mut client = server.connect();
    add(&mut client, r#"{"command":"StatusAccount","http":"close"}"#);
    add(
        &mut client,
        r#"{"command":"CheckDomain","http":"truncate"}"#,
    );
    add(&mut client, r#"{"command":"StatusUser","http":"503"}"#);
    let curl = |command: &str| {
        std::process::Command::new("curl")
            .args([
                "-sS",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--max-time",
                "10",
                "-d",
            ])
            .arg(format!("{OTE}&{command}"))
            .arg(server.url())
            .output()
            .expect("curl runs")
    };
    // curl's exit codes: 52 empty reply, 18 partial file.
    assert_eq!(curl("command=StatusAccount").status.code(), Some(52));
    assert_eq!(
        curl("command=CheckDomain&DOMAIN=a.com").status.code(),
        Some(18)
    );
    let unavailable = curl("command=StatusUser");
    assert_eq!(String::from_utf8_lossy(&unavailable.stdout), "503");
}

#[test]
fn the_binarys_request_log_names_the_rule_that_changed_a_request() {
    let binary = Binary::start(&[], &[]);
    let addr = binary.addr;
    let mut client = Client::connect(addr);
    add(&mut client, r#"{"command":"StatusAccount","code":421}"#);
    add(&mut client, r#"{"command":"StatusUser","delay_ms":1}"#);
    add(&mut client, r#"{"command":"CheckDomain","http":"502"}"#);
    assert_eq!(code(&api(&mut client, "command=StatusAccount")), "421");
    assert_eq!(code(&api(&mut client, "command=StatusUser")), "200");
    assert_eq!(code(&api(&mut client, "command=QueryDomainList")), "200");
    assert!(!raw(addr, "command=CheckDomain&DOMAIN=a.com").is_empty());
    drop(client);

    let log = binary.stop();
    let line = |command: &str| common::request_line(&log, command);
    assert!(
        line("StatusAccount").contains(" code=421 fault=1 "),
        "{log}"
    );
    assert!(line("StatusUser").contains(" code=200 fault=2 "), "{log}");
    assert!(!line("QueryDomainList").contains("fault="), "{log}");
    assert!(line("CheckDomain").contains(" code=0 fault=3 "), "{log}");
    assert!(log.contains("admin faults added 1"), "{log}");
}
