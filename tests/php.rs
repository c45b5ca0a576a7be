//! PHP's own curl extension (`php-cli`, `php-curl` from Debian's packages)
//! set up as the HEXONET PHP SDK sets it up, with TLS verification on and
//! otebox's CA file: through the plain listener as an HTTP proxy (the WHMCS
//! "Proxy Server" field), and straight to `--tls-listen` by host name with
//! `CURLOPT_RESOLVE` (the hosts-file way). If `php -m` does not list curl the
//! test installs the packages with apt-get, and fails saying why when it
//! cannot: it never skips.

mod shipped;

use std::path::{Path, PathBuf};
use std::process::Command;

use shipped::{Otebox, ensure_installed, explain, fresh_root};

/// A fresh (absent) data directory for one test.
fn data_dir(name: &str) -> PathBuf {
    fresh_root(&format!("php-{name}")).join("otebox")
}

fn php_has_curl() -> bool {
    Command::new("php").arg("-m").output().is_ok_and(|out| {
        out.status.success()
            && String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|module| module.trim() == "curl")
    })
}

/// Makes sure `php` has the curl extension, installing `php-cli` and
/// `php-curl` with apt-get if not.
fn ensure_php_curl() {
    ensure_installed(
        "php with the curl extension",
        php_has_curl,
        &["php-cli", "php-curl"],
    );
}

/// Runs tests/php/status_account.php (`CAINFO proxy URL` or `CAINFO resolve
/// TLSPORT`) and asserts `CODE=200` in the body it prints.
fn status_account(ca: &Path, mode: &str, value: &str) {
    ensure_php_curl();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/php/status_account.php");
    let output = Command::new("php")
        .arg(script)
        .arg(ca)
        .args([mode, value])
        .output()
        .expect("php runs");
    let body = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && body.lines().any(|line| line == "CODE=200"),
        "{}",
        explain("PHP curl StatusAccount without CODE=200", &output)
    );
}

#[test]
fn php_curl_through_the_plain_listener_as_proxy_gets_200() {
    let dir = data_dir("proxy");
    let server = Otebox::start(&dir, &[]);
    // The CA is made at the first CONNECT; PHP's curl reads CURLOPT_CAINFO
    // when it sets up TLS inside the tunnel, after the proxy's 200.
    status_account(&dir.join("ca.crt"), "proxy", &server.proxy());
}

#[test]
fn php_curl_with_resolve_to_the_tls_listener_gets_200() {
    let dir = data_dir("resolve");
    let server = Otebox::start(&dir, &["--tls-listen", "127.0.0.1:0"]);
    let port = server.https().port();
    status_account(&dir.join("ca.crt"), "resolve", &port.to_string());
}

/// PHP's curl given an array of fields sends them as `multipart/form-data`
/// (a hand-written client's usual call): otebox reads them as the form they
/// are, a Unicode value and a two-line `s_command` included.
#[test]
fn php_curl_with_an_array_of_fields_sends_multipart_and_is_understood() {
    ensure_php_curl();
    let dir = data_dir("multipart");
    let server = Otebox::start(&dir, &[]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/php/array_fields.php");
    let output = Command::new("php")
        .arg(script)
        .arg(server.proxy())
        .output()
        .expect("php runs");
    let body = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success()
            && body.lines().any(|line| line == "CODE=200")
            && body
                .lines()
                .any(|line| line == "PROPERTY[ACE][0]=xn--mller-kva.com"),
        "{}",
        explain("PHP curl multipart ConvertIDN", &output)
    );
}
