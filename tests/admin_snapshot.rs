//! The admin API's snapshots over a real socket: `GET /_admin/snapshot`
//! answers a file, changes after it are undone by `POST /_admin/restore`
//! (and a snapshot of the restored state is the same bytes); a wrong
//! magic, version, entity, a truncated file or a flipped byte is a `400`
//! that changes nothing; the token and loopback rules of every admin call;
//! and the shipped binary starting from snapshots with `--load` (both
//! systems, the flag or `OTEBOX_LOAD`; a bad file stops the start).

mod common;
mod shipped;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::Duration;

use common::Server;
use otebox::server::Config;
use shipped::{Otebox, fresh_root};

/// One HTTP/1.1 exchange on a connection of its own: status, head, body.
fn exchange(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &str,
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n{headers}\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("send");
    stream.write_all(body).expect("send");
    let mut all = Vec::new();
    stream.read_to_end(&mut all).expect("read");
    let end = all
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&all[..end]).into_owned();
    let status = head[9..12].parse().expect("a status");
    (status, head, all[end + 4..].to_vec())
}

fn snapshot(addr: SocketAddr, entity: &str) -> Vec<u8> {
    let target = format!("/_admin/snapshot?entity={entity}");
    let (status, head, file) = exchange(addr, "GET", &target, "", b"");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&file));
    assert!(
        head.contains("content-type: application/octet-stream"),
        "{head}"
    );
    assert!(file.starts_with(b"OTEBOX-SNAPSHOT\n"));
    file
}

fn restore(addr: SocketAddr, entity: &str, file: &[u8]) -> (u16, String) {
    let target = format!("/_admin/restore?entity={entity}");
    let (status, _, body) = exchange(addr, "POST", &target, "", file);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// One HEXONET command as test.user on `entity`; the response text.
fn api(addr: SocketAddr, entity: &str, command: &str) -> String {
    let body = format!("s_entity={entity}&s_login=test.user&s_pw=test.passw0rd&{command}");
    let headers = "Content-Type: application/x-www-form-urlencoded\r\n";
    let (status, _, answer) = exchange(addr, "POST", "/api/call.cgi", headers, body.as_bytes());
    assert_eq!(status, 200);
    String::from_utf8(answer).expect("text")
}

fn register(addr: SocketAddr, entity: &str, name: &str) {
    let answer = api(
        addr,
        entity,
        &format!(
            "command=AddDomain&DOMAIN={name}&PERIOD=1&{}",
            common::INLINE_OWNER
        ),
    );
    assert!(answer.contains("CODE=200"), "{answer}");
}

/// What test.user sees of its domains and account on `entity`.
fn picture(addr: SocketAddr, entity: &str) -> Vec<String> {
    ["command=QueryDomainList&WIDE=1", "command=StatusAccount"]
        .iter()
        .map(|command| {
            let answer = api(addr, entity, command);
            // Drop the timing lines, which differ from call to call.
            answer
                .lines()
                .filter(|line| !line.starts_with("RUNTIME") && !line.starts_with("QUEUETIME"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

#[test]
fn a_restore_brings_the_snapshot_state_back() {
    let server = Server::start(Config::default());
    let addr = server.addr;
    register(addr, "1234", "snap-kept.com");
    register(addr, "1234", "snap-deleted.com");
    let before = picture(addr, "1234");
    let live = snapshot(addr, "54cd");
    let file = snapshot(addr, "1234");
    let deleted = api(addr, "1234", "command=DeleteDomain&DOMAIN=snap-deleted.com");
    assert!(deleted.contains("CODE=200"), "{deleted}");
    register(addr, "1234", "snap-later.com");
    assert_ne!(picture(addr, "1234"), before);
    let (status, answer) = restore(addr, "1234", &file);
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer.starts_with("{\"entity\":\"1234\",\"restored\":true,\"bytes\":"),
        "{answer}"
    );
    assert_eq!(
        snapshot(addr, "1234"),
        file,
        "the same state, the same bytes"
    );
    assert_eq!(snapshot(addr, "54cd"), live, "LIVE untouched");
    assert_eq!(picture(addr, "1234"), before);
    let check = api(addr, "1234", "command=CheckDomains&DOMAIN0=snap-later.com");
    assert!(check.contains("DOMAINCHECK][0]=210 "), "{check}");
}

#[test]
fn a_wrong_file_is_a_400_and_changes_nothing() {
    let server = Server::start(Config::default());
    let addr = server.addr;
    register(addr, "1234", "snap-one.com");
    let file = snapshot(addr, "1234");
    register(addr, "1234", "snap-two.com");
    let now = snapshot(addr, "1234");
    let mut magic = file.clone();
    magic[3] = b'x';
    let mut version = file.clone();
    version[16] = 99;
    let mut flipped = file.clone();
    let middle = 64 + (file.len() - 64) / 2;
    flipped[middle] ^= 0x01;
    let cases: [(&str, &[u8], &str); 7] = [
        ("1234", b"", "not an otebox snapshot"),
        ("1234", &magic, "not an otebox snapshot"),
        (
            "1234",
            &version,
            "format version 99; this otebox reads version 26 only",
        ),
        (
            "54cd",
            &file,
            "the snapshot is of entity 1234, not 54cd: restore it with entity=1234",
        ),
        (
            "1234",
            &file[..file.len() - 10],
            "the snapshot is truncated",
        ),
        ("1234", &flipped, "checksum does not match its content"),
        (
            "12345",
            &file,
            "entity: \"12345\" is not 1234 (OT&E) or 54cd (LIVE)",
        ),
    ];
    for (entity, body, text) in cases {
        let (status, why) = restore(addr, entity, body);
        assert_eq!(status, 400, "{why}");
        assert!(why.contains(text), "{why} lacks {text}");
        assert_eq!(why.lines().count(), 1, "{why}");
        assert_eq!(snapshot(addr, "1234"), now, "changed by {text}");
    }
    let (status, _, why) = exchange(addr, "GET", "/_admin/snapshot?login=x", "", b"");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&why).contains("\"login\" is not a parameter here"));
    let (status, head, _) = exchange(addr, "PUT", "/_admin/snapshot", "", b"");
    assert_eq!(status, 405);
    assert!(head.contains("allow: GET"), "{head}");
    let (status, head, _) = exchange(addr, "GET", "/_admin/restore", "", b"");
    assert_eq!(status, 405);
    assert!(head.contains("allow: POST"), "{head}");
}

#[test]
fn a_token_guards_snapshots_and_restores() {
    let server = Server::start(Config {
        admin_token: Some("s3cret-token".into()),
        ..Config::default()
    });
    let addr = server.addr;
    let text = "admin token missing or wrong (Authorization: Bearer …)\n";
    for headers in ["", "Authorization: Bearer wrong\r\n"] {
        for (method, target) in [("GET", "/_admin/snapshot"), ("POST", "/_admin/restore")] {
            let (status, head, body) = exchange(addr, method, target, headers, b"OTEBOX");
            assert_eq!(status, 401);
            assert!(head.contains("www-authenticate: Bearer"), "{head}");
            assert_eq!(String::from_utf8_lossy(&body), text);
        }
    }
    let right = "Authorization: Bearer s3cret-token\r\n";
    let (status, _, file) = exchange(addr, "GET", "/_admin/snapshot", right, b"");
    assert_eq!(status, 200);
    let (status, _, answer) = exchange(addr, "POST", "/_admin/restore", right, &file);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
}

#[test]
fn without_a_token_a_peer_off_loopback_is_refused() {
    let Some(server) = Server::start_off_loopback() else {
        eprintln!("skipped: this machine has no non-loopback address");
        return;
    };
    let addr = server.addr;
    let text = "the admin API answers loopback peers only unless --admin-token is set\n";
    for (method, target) in [("GET", "/_admin/snapshot"), ("POST", "/_admin/restore")] {
        let (status, _, body) = exchange(addr, method, target, "", b"");
        assert_eq!(status, 403);
        assert_eq!(String::from_utf8_lossy(&body), text);
    }
}

#[test]
fn the_shipped_binary_starts_from_snapshots() {
    let server = Server::start(Config::default());
    let addr = server.addr;
    register(addr, "1234", "loaded-ote.com");
    register(addr, "54cd", "loaded-live.com");
    let (ote, live) = (picture(addr, "1234"), picture(addr, "54cd"));
    let root = fresh_root("admin-snapshot-load");
    std::fs::create_dir_all(&root).expect("a directory");
    let ote_file = root.join("ote.snapshot");
    let live_file = root.join("live.snapshot");
    std::fs::write(&ote_file, snapshot(addr, "1234")).expect("written");
    std::fs::write(&live_file, snapshot(addr, "54cd")).expect("written");
    let (ote_path, live_path) = (ote_file.to_str().unwrap(), live_file.to_str().unwrap());
    let data = root.join("data");
    let otebox = Otebox::start(&data, &["--load", ote_path, "--load", live_path]);
    assert_eq!(picture(otebox.http, "1234"), ote);
    assert_eq!(picture(otebox.http, "54cd"), live);
    drop(otebox);
    // A bad file, or two of one system, stop the start with the reason.
    let bad = root.join("bad.snapshot");
    std::fs::write(&bad, b"not a snapshot").expect("written");
    let start = |args: &[&str], env: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_otebox"));
        command.args(["--listen", "127.0.0.1:0", "--data-dir"]);
        command.arg(&data).args(args);
        if let Some(env) = env {
            command.env("OTEBOX_LOAD", env);
        }
        let output = command.output().expect("otebox runs");
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let bad = bad.to_str().unwrap();
    let why = start(&["--load", bad], None);
    assert!(why.contains("not an otebox snapshot"), "{why}");
    assert!(why.contains(bad), "{why}");
    let why = start(&[], Some(&format!("{ote_path},{bad}")));
    assert!(why.contains("not an otebox snapshot"), "{why}");
    let why = start(&["--load", ote_path, "--load", ote_path], None);
    assert!(
        why.contains("another file holds system 1234 already"),
        "{why}"
    );
}
