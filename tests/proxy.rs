//! The plain listener as an HTTP proxy for exactly the API hosts, with the
//! shipped binary and curl: `CONNECT` tunnels served with TLS from the local
//! CA (made at the first `CONNECT` when there is no HTTPS listener),
//! absolute-form requests, `403` for every other host or port, and
//! CentralNic Reseller's hosts answering in its dialect.

mod shipped;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use shipped::{Otebox, code, curl, fresh_root};

const STATUS_ACCOUNT: &str =
    "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=StatusAccount";

/// A fresh (absent) data directory for one test.
fn data_dir(name: &str) -> PathBuf {
    fresh_root(&format!("proxy-{name}")).join("otebox")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Sends `head` on a new connection and returns all the proxy answers.
fn raw(server: &Otebox, head: &str) -> String {
    let mut stream = TcpStream::connect(server.http).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(head.as_bytes()).expect("sends");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn curl_through_the_proxy_reaches_the_api_hosts_over_tls_from_the_local_ca() {
    let dir = data_dir("connect");
    let server = Otebox::start(&dir, &[]);
    // No HTTPS listener: the CA is made at the first CONNECT, not at start.
    assert!(!dir.join("ca.crt").exists());
    let proxy = server.proxy();
    let tunnel = curl(&[
        "--proxy",
        &proxy,
        "--cacert",
        &dir.join("ca.crt").display().to_string(),
        "https://api-ote.ispapi.net/api/call.cgi",
        "-d",
        STATUS_ACCOUNT,
    ]);
    // curl reads the CA file when it sets up TLS, after the proxy's 200.
    assert_eq!(code(&tunnel).as_deref(), Some("200"), "{tunnel:?}");
    assert!(dir.join("ca.crt").exists());

    // A second connection, a kept-alive tunnel with two requests.
    let ca = dir.join("ca.crt").display().to_string();
    let url = "https://api.ispapi.net/api/call.cgi";
    let twice = curl(&[
        "--proxy",
        &proxy,
        "--cacert",
        &ca,
        "-d",
        STATUS_ACCOUNT,
        url,
        "--next",
        "--proxy",
        &proxy,
        "--cacert",
        &ca,
        "-d",
        STATUS_ACCOUNT,
        url,
    ]);
    assert_eq!(stdout(&twice).matches("CODE=200").count(), 2, "{twice:?}");
}

#[test]
fn the_proxy_refuses_other_hosts_and_ports_with_403_naming_the_api_hosts() {
    let dir = data_dir("refuse");
    let server = Otebox::start(&dir, &[]);
    let proxy = server.proxy();
    let other = curl(&["-v", "--proxy", &proxy, "https://example.com/"]);
    assert!(!other.status.success(), "{other:?}");
    let verbose = String::from_utf8_lossy(&other.stderr);
    assert!(verbose.contains("< HTTP/1.1 403"), "{verbose}");

    for target in [
        "example.com:443",
        "api-ote.ispapi.net:80",
        "api-ote.ispapi.net:8443",
        "127.0.0.1:443",
        "localhost:443",
    ] {
        let answer = raw(
            &server,
            &format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n"),
        );
        assert!(answer.starts_with("HTTP/1.1 403"), "{target}: {answer}");
        assert!(
            answer.contains("api-ote.ispapi.net") && answer.contains("api-ote.rrpproxy.net"),
            "{answer}"
        );
    }
    // Nothing to tunnel to: no CA was made for refused CONNECTs.
    assert!(!dir.join("ca.crt").exists());

    let absolute = curl(&[
        "-i",
        "--proxy",
        &proxy,
        "http://example.com/api/call.cgi",
        "-d",
        STATUS_ACCOUNT,
    ]);
    let text = stdout(&absolute);
    assert!(text.starts_with("HTTP/1.1 403"), "{text}");
    assert!(text.contains("not an open proxy"), "{text}");
}

#[test]
fn absolute_form_requests_for_the_api_hosts_are_served_directly() {
    let dir = data_dir("absolute");
    let server = Otebox::start(&dir, &[]);
    let proxy = server.proxy();
    let direct = curl(&[
        "--proxy",
        &proxy,
        "http://api-ote.ispapi.net/api/call.cgi",
        "-d",
        STATUS_ACCOUNT,
    ]);
    assert_eq!(code(&direct).as_deref(), Some("200"), "{direct:?}");
    let answer = raw(
        &server,
        &format!(
            "POST http://API.ISPAPI.NET/api/call.cgi HTTP/1.1\r\nHost: api.ispapi.net\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{STATUS_ACCOUNT}",
            STATUS_ACCOUNT.len()
        ),
    );
    assert!(answer.contains("CODE=200"), "{answer}");
}

#[test]
fn the_rrpproxy_hosts_speak_the_cnr_dialect_at_the_shared_address() {
    let dir = data_dir("cnr");
    let server = Otebox::start(&dir, &[]);
    let proxy = server.proxy();
    let login = "s_login=test.user&s_pw=test.passw0rd&command=StatusAccount";
    let tunnel = curl(&[
        "--proxy",
        &proxy,
        "--cacert",
        &dir.join("ca.crt").display().to_string(),
        "https://api-ote.rrpproxy.net/api/call.cgi",
        "-d",
        login,
    ]);
    assert!(stdout(&tunnel).contains("code = 200"), "{tunnel:?}");
    let absolute = curl(&[
        "--proxy",
        &proxy,
        "http://api.rrpproxy.net/api/call.cgi",
        "-d",
        login,
    ]);
    assert!(stdout(&absolute).contains("code = 200"), "{absolute:?}");
    // The same request by the ISPAPI host answers in HEXONET's layout.
    let hexonet = curl(&[
        "--proxy",
        &proxy,
        "http://api-ote.ispapi.net/api/call.cgi",
        "-d",
        login,
    ]);
    assert_eq!(code(&hexonet).as_deref(), Some("200"), "{hexonet:?}");
    // And by the Host header alone (the hosts-file way).
    let url = format!("http://{}/api/call.cgi", server.http);
    let by_host = curl(&["-H", "Host: api-ote.rrpproxy.net", "-d", login, &url]);
    assert!(stdout(&by_host).contains("code = 200"), "{by_host:?}");
}

/// A CA certificate of an older otebox names fewer hosts in its name
/// constraints: the same key certifies itself anew, so the rrpproxy hosts
/// verify with the file the client was told to trust.
#[test]
fn an_older_ca_certificate_is_issued_anew_for_the_rrpproxy_hosts() {
    use rcgen::{
        BasicConstraints, CertificateParams, GeneralSubtree, IsCa, KeyPair, NameConstraints,
    };
    let dir = data_dir("older-ca");
    let made = Command::new(env!("CARGO_BIN_EXE_otebox"))
        .arg("--data-dir")
        .arg(&dir)
        .args(["ca", "--pem"])
        .output()
        .expect("otebox ca runs");
    assert!(made.status.success(), "{made:?}");
    let key = KeyPair::from_pem(&std::fs::read_to_string(dir.join("ca.key")).expect("key"))
        .expect("key parses");
    let mut params = CertificateParams::default();
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.name_constraints = Some(NameConstraints {
        permitted_subtrees: ["api.ispapi.net", "api-ote.ispapi.net", "localhost"]
            .map(|host| GeneralSubtree::DnsName(host.to_owned()))
            .to_vec(),
        excluded_subtrees: Vec::new(),
    });
    let older = params.self_signed(&key).expect("signs").pem();
    std::fs::write(dir.join("ca.crt"), &older).expect("writes");

    let server = Otebox::start(&dir, &[]);
    let ca = dir.join("ca.crt").display().to_string();
    let tunnel = curl(&[
        "--proxy",
        &server.proxy(),
        "--cacert",
        &ca,
        "https://api.rrpproxy.net/api/call.cgi",
        "-d",
        "s_login=test.user&s_pw=test.passw0rd&command=StatusAccount",
    ]);
    assert!(stdout(&tunnel).contains("code = 200"), "{tunnel:?}");
    let now = std::fs::read_to_string(dir.join("ca.crt")).expect("reads");
    assert_ne!(now, older);
}
