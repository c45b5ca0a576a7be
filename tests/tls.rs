//! The HTTPS listener of the shipped binary (`--tls-listen`): curl with the
//! local CA, the hosts-file way (`--resolve`), clients that do not speak TLS
//! or stop mid-handshake, the CA kept in the data directory across starts,
//! `otebox ca`, and a data directory that cannot be made.

mod common;

mod shipped;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Client;
use shipped::{Otebox, code, curl, fresh_root};

const STATUS_ACCOUNT: &str =
    "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=StatusAccount";

/// A fresh (absent) data directory for one test, two levels deep so that
/// otebox has to create its parents too.
fn data_dir(name: &str) -> PathBuf {
    fresh_root(&format!("tls-{name}"))
        .join("data")
        .join("otebox")
}

/// A running `otebox --tls-listen 127.0.0.1:0`.
fn start(data_dir: &Path, header_timeout: u64) -> Otebox {
    let timeout = header_timeout.to_string();
    Otebox::start(
        data_dir,
        &["--tls-listen", "127.0.0.1:0", "--header-timeout", &timeout],
    )
}

/// The CA path the HTTPS start-up line's curl suggestion names.
fn cacert(server: &Otebox) -> String {
    let line = &server.lines[1];
    let suggestion = format!(
        "-d '{}' https://{}/api/call.cgi",
        try_line(),
        server.https()
    );
    line.split_once("try: curl --cacert ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(&suggestion))
        .unwrap_or_else(|| panic!("no curl --cacert suggestion in {line:?}"))
        .trim()
        .to_owned()
}

fn try_line() -> &'static str {
    "s_login=test.user&s_pw=test.passw0rd&s_entity=1234&command=StatusAccount"
}

#[test]
fn curl_gets_200_over_https_with_the_ca_and_by_host_name_with_resolve() {
    let dir = data_dir("curl");
    let server = start(&dir, 10);
    let ca = dir.join("ca.crt");
    assert_eq!(cacert(&server), ca.display().to_string());
    let ca = ca.to_str().expect("UTF-8 path");

    let url = format!("https://{}/api/call.cgi", server.https());
    let direct = curl(&["--cacert", ca, "-d", STATUS_ACCOUNT, &url]);
    assert_eq!(code(&direct).as_deref(), Some("200"), "{direct:?}");

    // The hosts-file way, as the WHMCS module and the SDKs call the real API.
    let port = server.https().port();
    let resolve = format!("api-ote.ispapi.net:{port}:127.0.0.1");
    let url = format!("https://api-ote.ispapi.net:{port}/api/call.cgi");
    let by_name = curl(&[
        "--resolve",
        &resolve,
        "--cacert",
        ca,
        "-d",
        STATUS_ACCOUNT,
        &url,
    ]);
    assert_eq!(code(&by_name).as_deref(), Some("200"), "{by_name:?}");
    let live = format!("https://api.ispapi.net:{port}/api/call.cgi");
    let resolve = format!("api.ispapi.net:{port}:127.0.0.1");
    let live = curl(&[
        "--resolve",
        &resolve,
        "--cacert",
        ca,
        "-d",
        STATUS_ACCOUNT,
        &live,
    ]);
    assert_eq!(code(&live).as_deref(), Some("200"), "{live:?}");

    // Without the CA the certificate is not trusted.
    let untrusted = curl(&["-d", STATUS_ACCOUNT, &url, "--resolve", &resolve]);
    assert!(!untrusted.status.success(), "{untrusted:?}");

    // The plain listener goes on serving beside it.
    let plain = curl(&[
        "-d",
        STATUS_ACCOUNT,
        &format!("http://{}/api/call.cgi", server.http),
    ]);
    assert_eq!(code(&plain).as_deref(), Some("200"), "{plain:?}");
}

#[test]
fn plain_http_to_the_https_port_is_told_to_use_https_and_serving_goes_on() {
    let dir = data_dir("plain");
    let server = start(&dir, 10);
    let mut client = Client::connect(server.https());
    let response = client.post("/api/call.cgi", "", STATUS_ACCOUNT);
    assert_eq!(response.status, 400, "{response:?}");
    assert!(response.body.contains("use https://"), "{response:?}");
    assert!(client.closed_within(Duration::from_secs(2)));

    let url = format!("https://{}/api/call.cgi", server.https());
    let after = curl(&["--cacert", &cacert(&server), "-d", STATUS_ACCOUNT, &url]);
    assert_eq!(code(&after).as_deref(), Some("200"), "{after:?}");
}

#[test]
fn garbage_and_stalled_handshakes_are_dropped_while_others_are_served() {
    let dir = data_dir("stall");
    let server = start(&dir, 1);
    let opened = Instant::now();
    // Silent after connecting; the start of a ClientHello and then nothing;
    // bytes that are no TLS at all.
    let mut silent = Client::connect(server.https());
    let mut stalled = Client::connect(server.https());
    stalled.send(&[
        0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
    ]);
    let mut garbage = Client::connect(server.https());
    garbage.send(b"\x00\xff\x13\x37 no TLS here \r\n\r\n");

    // Others are served meanwhile, well within the handshake timeout.
    let url = format!("https://{}/api/call.cgi", server.https());
    for _ in 0..3 {
        let served = curl(&["--cacert", &cacert(&server), "-d", STATUS_ACCOUNT, &url]);
        assert_eq!(code(&served).as_deref(), Some("200"), "{served:?}");
    }
    assert!(
        garbage.closed_within(Duration::from_secs(3)),
        "garbage kept"
    );
    assert!(
        opened.elapsed() < Duration::from_secs(1),
        "the curls and the garbage took {:?}",
        opened.elapsed()
    );
    assert!(
        stalled.closed_within(Duration::from_secs(5)),
        "stalled kept"
    );
    assert!(silent.closed_within(Duration::from_secs(5)), "silent kept");
    let waited = opened.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(4),
        "dropped after {waited:?}, the handshake timeout is 1s"
    );

    // A client whose socket the server dropped mid-handshake gets an error,
    // not a hang; a new one is served.
    let mut raw = TcpStream::connect(server.https()).expect("connect");
    raw.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    raw.write_all(&[0x16, 0x03, 0x01]).expect("write");
    let mut rest = Vec::new();
    let _ = raw.read_to_end(&mut rest);
    let served = curl(&["--cacert", &cacert(&server), "-d", STATUS_ACCOUNT, &url]);
    assert_eq!(code(&served).as_deref(), Some("200"), "{served:?}");
}

#[test]
fn the_ca_is_created_once_and_reused_and_otebox_ca_prints_it() {
    let dir = data_dir("reuse");
    let first = start(&dir, 10);
    let cert = std::fs::read(dir.join("ca.crt")).expect("ca.crt written");
    let key = std::fs::read(dir.join("ca.key")).expect("ca.key written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("ca.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "ca.key mode {mode:o}");
    }
    drop(first);

    let second = start(&dir, 10);
    assert_eq!(std::fs::read(dir.join("ca.crt")).unwrap(), cert, "a new CA");
    assert_eq!(std::fs::read(dir.join("ca.key")).unwrap(), key, "a new key");
    // The second start's new server certificate chains to the same CA.
    let url = format!("https://{}/api/call.cgi", second.https());
    let served = curl(&["--cacert", &cacert(&second), "-d", STATUS_ACCOUNT, &url]);
    assert_eq!(code(&served).as_deref(), Some("200"), "{served:?}");

    let ca = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_otebox"))
            .args(args)
            .arg("--data-dir")
            .arg(&dir)
            .output()
            .expect("otebox ca runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    assert_eq!(ca(&["ca", "--pem"]).as_bytes(), cert);
    let text = ca(&["ca"]);
    let path = dir.join("ca.crt").display().to_string();
    for line in [
        format!("otebox CA certificate: {path}"),
        format!(
            "sudo cp {path} /usr/local/share/ca-certificates/otebox.crt && sudo update-ca-certificates"
        ),
        format!(
            "sudo cp {path} /etc/pki/ca-trust/source/anchors/otebox.crt && sudo update-ca-trust"
        ),
        format!(
            "sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {path}"
        ),
    ] {
        assert!(text.contains(&line), "{line:?} not in:\n{text}");
    }
    assert_eq!(std::fs::read(dir.join("ca.crt")).unwrap(), cert);
}

#[test]
fn a_data_dir_that_cannot_be_made_is_a_clear_error_at_start_up() {
    // A path under a regular file cannot be made, even by root.
    let dir = data_dir("unwritable");
    let root = dir.parent().unwrap().parent().unwrap();
    std::fs::create_dir_all(root).unwrap();
    let file = root.join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let bad = file.join("otebox");
    for args in [
        &["--listen", "127.0.0.1:0", "--tls-listen", "127.0.0.1:0"][..],
        &["ca"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_otebox"))
            .args(args)
            .arg("--data-dir")
            .arg(&bad)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("otebox starts");
        let started = Instant::now();
        while child.try_wait().expect("wait").is_none() {
            if started.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                panic!("{args:?}: still running with data dir {}", bad.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let output = child.wait_with_output().expect("output");
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?}: {output:?}");
        assert!(
            error.contains(&format!(
                "cannot create the data directory {}",
                bad.display()
            )),
            "{args:?}: {error}"
        );
        assert!(!error.contains("panicked"), "{error}");
        assert!(output.stdout.is_empty(), "{output:?}");
    }
}

/// The curl lines of README's "HTTPS" section, as printed there: with the
/// ports of the test's server for 8443 and 8765 (the proxy line) and its data
/// directory for the default.
#[test]
fn the_readme_https_recipe_works_as_printed() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("\n### HTTPS\n")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("README has an HTTPS section");
    let lines: Vec<&str> = section
        .lines()
        .filter(|line| line.starts_with("curl "))
        .collect();
    assert_eq!(lines.len(), 3, "{section}");
    assert!(section.contains("cargo run --release -- --tls-listen 127.0.0.1:8443"));
    let dir = data_dir("readme");
    let server = start(&dir, 10);
    let port = server.https().port().to_string();
    let proxy = server.http.port().to_string();
    for line in lines {
        let line = line
            .replace("8443", &port)
            .replace("8765", &proxy)
            .replace("~/.local/share/otebox", dir.to_str().expect("UTF-8"));
        let words = shell_words(&line);
        let output = curl(&words[1..].iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(code(&output).as_deref(), Some("200"), "{line}: {output:?}");
    }
}

/// Splits a command line into words: spaces separate, single quotes keep.
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => words.extend((!word.is_empty()).then(|| std::mem::take(&mut word))),
            _ => word.push(c),
        }
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}
