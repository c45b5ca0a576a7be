//! Interop with real clients: the official Python SDK (`hexonet.apiconnector`
//! from PyPI, pinned in `tests/sdk/requirements.txt`) runs `tests/sdk/interop.py`
//! (gateway), `tests/sdk/domains.py` (the domain lifecycle, a renewal order) and
//! `tests/sdk/access.py` (role users, 2FA, views, allow-lists),
//! `tests/sdk/dns.py` (zones as libdns/hexonet reads and writes them),
//! `tests/sdk/transfers.py` (a transfer on the moved clock), `tests/sdk/faults.py`
//! (a fault rule seen on exactly the matched command), the CentralNic
//! `tests/sdk/transfers.py` (a transfer on the moved clock), `tests/sdk/subuser_prices.py`
//! (a subuser charged the prices its parent set), `tests/sdk/accounts.py`
//! (a CI job's own account: created, reset, deleted), `tests/sdk/invoices.py`
//! (an invoice PDF uploaded and read back), the CentralNic
//! Reseller SDK (`centralnicreseller-apiconnector`, `tests/sdk/requirements-cnr.txt`)
//! runs `tests/sdk/cnr.py` and the `rrpproxy` client `tests/sdk/rrpproxy_client.py`,
//! and the official Node SDK (`@hexonet/ispapi-apiconnector` from npm, pinned in
//! `tests/sdk/node/package-lock.json`) runs `tests/sdk/node/interop.mjs`, each
//! against a running otebox. Both are installed on first use under cargo's
//! target directory, so a fresh machine needs only python3, node and npm and
//! their registries.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Server;
use otebox::server::Config;

/// A virtualenv with the pinned HEXONET SDK installed, created if missing.
fn python_with_sdk() -> PathBuf {
    python_with("sdk-venv", "tests/sdk/requirements.txt")
}

/// A virtualenv with the pinned CentralNic Reseller SDK and the `rrpproxy`
/// client: a venv of its own,
/// because its pinned dependencies conflict with the HEXONET SDK's.
fn python_with_cnr_sdk() -> PathBuf {
    python_with("cnr-sdk-venv", "tests/sdk/requirements-cnr.txt")
}

/// The virtualenv `name` with `requirements` installed, created if missing.
/// Tests run in parallel threads and several share a venv: one lock makes
/// the first create it while the others wait (a second `venv --clear` under
/// a running `pip install` broke a fresh machine's run).
fn python_with(name: &str, requirements: &str) -> PathBuf {
    static CREATING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _creating = CREATING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let python = venv.join("bin").join("python");
    let requirements = Path::new(env!("CARGO_MANIFEST_DIR")).join(requirements);
    let stamp = venv.join("installed-requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).expect("the SDK requirements file");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) && python.exists() {
        return python;
    }
    let created = Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(&venv)
        .status();
    assert!(
        created.is_ok_and(|s| s.success()),
        "python3 -m venv failed: python3 with venv is required"
    );
    let installed = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements)
        .status();
    assert!(
        installed.is_ok_and(|s| s.success()),
        "pip install of the SDK from PyPI failed"
    );
    std::fs::write(&stamp, wanted).expect("write stamp");
    python
}

/// A directory with the pinned Node SDK installed by `npm ci`, created if missing.
fn node_dir_with_sdk() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-sdk");
    let pinned = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/node");
    let lock = std::fs::read_to_string(pinned.join("package-lock.json"))
        .expect("tests/sdk/node/package-lock.json");
    let stamp = dir.join("installed-package-lock.json");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(lock.as_str()) {
        return dir;
    }
    std::fs::create_dir_all(&dir).expect("create node-sdk dir");
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(pinned.join(file), dir.join(file)).expect("copy package files");
    }
    let installed = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(&dir)
        .status();
    assert!(
        installed.is_ok_and(|s| s.success()),
        "npm ci of the Node SDK failed: node and npm with the npm registry are required"
    );
    std::fs::write(&stamp, lock).expect("write stamp");
    dir
}

/// Runs one interop script against a fresh server and checks its summary line.
fn run_interop(command: Command, what: &str) {
    let server = Server::start(Config::default());
    run_against(command, what, &[&server]);
}

/// Runs one interop script with the URLs of `servers` and checks its summary line.
fn run_against(mut command: Command, what: &str, servers: &[&Server]) {
    let output = command
        .args(servers.iter().map(|server| server.url()))
        .output()
        .expect(what);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    println!("{stdout}");
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("interop: ") && summary.ends_with(" passed, 0 failed"),
        "unexpected summary {summary:?}\n{stdout}"
    );
}

#[test]
fn python_sdk_talks_to_otebox() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/interop.py"));
    run_interop(command, "interop.py");
}

/// The domain lifecycle through the Python SDK: bulk check with an IDN name,
/// registration with inline contacts, status, nameservers, renewal, a list
/// walked by `requestAllResponsePages`, delete and restore, and the balance
/// moved by exactly the prices the account's relations state.
#[test]
fn python_sdk_runs_the_domain_lifecycle() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/domains.py"));
    run_interop(command, "domains.py");
}

/// Domain applications through the Python SDK as the WHMCS module files
/// them: a `.swiss` GOLIVE application without PRICE, REQUESTED while the
/// registry reviews it, listed by QueryDomainList VERSION=2, a second one
/// withdrawn with its charge refunded, SUCCESSFUL after the sandbox clock
/// moves a day.
#[test]
fn python_sdk_files_and_withdraws_domain_applications() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/applications.py"));
    run_interop(command, "applications.py");
}

/// A reseller's own prices through the Python SDK: AddUser with RELATION
/// price relations (a non-amount refused), StatusUser in the subuser's view
/// shows them, AddDomain and RenewDomain charge exactly them, a zone without
/// relations the catalogue's, QueryDomainList's RENEWALPRICE agrees, and the
/// parent's balance stays.
#[test]
fn python_sdk_charges_a_subuser_its_relation_prices() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/subuser_prices.py"));
    run_interop(command, "subuser_prices.py");
}

/// The Python SDK's client-side features that reach the server:
/// `saveSession`/`reuseSession`, `setUserView` over a session,
/// `loginExtended` options, `setOTP` on sessionless calls of a 2FA role,
/// form-special characters in values and passwords, lists past ten entries
/// and its ConvertIDN of them, `requestNextResponsePage` with the Response
/// paging helpers, `getCommandPlain`, debug mode, user agent, referer and
/// `setProxy` with otebox as the proxy.
#[test]
fn python_sdk_client_features_reach_otebox() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/client.py"));
    run_interop(command, "client.py");
}

/// Hosted DNS through the Python SDK sending what the Go provider
/// libdns/hexonet sends (Caddy's ACME DNS-01): StartSession,
/// QueryDNSZoneRRList with `dnszone`, every RR parsed by libdns's regex,
/// UpdateDNSZone `addrr0`/`delrr0` with relative names and sanitised TXT,
/// read back after each change.
#[test]
fn python_sdk_drives_dns_zones_as_libdns_does() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/dns.py"));
    run_interop(command, "dns.py");
}

/// The CentralNic Reseller dialect through its official Python SDK
/// (`centralnicreseller-apiconnector` 6.0.0): persistent login, StatusAccount,
/// CheckDomains with a Unicode name, the domain lifecycle, transfers, an event
/// poller, logout, and the credentials-on-every-call
/// mode of the WHMCS `cnic` module.
#[test]
fn cnr_python_sdk_talks_to_otebox() {
    let mut command = Command::new(python_with_cnr_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/cnr.py"));
    run_interop(command, "cnr.py");
}

/// The CentralNic Reseller SDK's client-side features that reach the
/// server: `setRoleCredentials` (`account:role`) with and without a session,
/// `saveSession`/`reuseSession`, `setUserView` (`SUBUSER` on every command,
/// also after a `login()` in the view), its own IDN conversion of
/// `NAMESERVER`, `requestNextResponsePage` and `setProxy` with otebox as the
/// proxy for the rrpproxy host.
#[test]
fn cnr_python_sdk_client_features_reach_otebox() {
    let mut command = Command::new(python_with_cnr_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/cnr_client.py"));
    run_interop(command, "cnr_client.py");
}

/// The third-party `rrpproxy` client (GET with lower-case keys, `s_opmode`),
/// which reads the CNR layout's keys with their case.
#[test]
fn rrpproxy_client_talks_to_otebox() {
    let mut command = Command::new(python_with_cnr_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/rrpproxy_client.py"));
    run_interop(command, "rrpproxy_client.py");
}

/// A transfer between two accounts through the Python SDK, with the sandbox
/// clock moved through `/_admin/clock`: 219 while young, 218 after 61 days,
/// pending, completed after 5 more, the new owner, expiry and both balances.
#[test]
fn python_sdk_transfers_a_domain_between_accounts() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/transfers.py"));
    run_interop(command, "transfers.py");
}

/// Access control through the Python SDK: `setRoleCredentials`, an ACL
/// denial, `login(otp)` of a role with two-factor authentication,
/// `setUserView`, and `setRemoteIPAddress` against a plain server and one
/// started with `--trusted-proxy 127.0.0.0/8`.
#[test]
fn python_sdk_exercises_access_control() {
    let plain = Server::start(Config::default());
    let trusting = Server::start(Config {
        trusted_proxies: vec!["127.0.0.0/8".parse().expect("a subnet")],
        ..Config::default()
    });
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/access.py"));
    run_against(command, "access.py", &[&plain, &trusting]);
}

#[test]
fn node_sdk_talks_to_otebox() {
    let dir = node_dir_with_sdk();
    // Run from the install directory so that the SDK import resolves.
    let script = dir.join("interop.mjs");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/node/interop.mjs"),
        &script,
    )
    .expect("copy interop.mjs");
    let mut command = Command::new("node");
    command.arg(script);
    run_interop(command, "interop.mjs");
}

/// What DNSControl's CentralNic Reseller provider does, through the CNR
/// Python SDK: StatusDNSZone (545) → AddDNSZone, the two-step record read
/// (`ORDERBY=type FIRST=0 LIMIT=1` for the total, then `WIDE=1`),
/// ModifyDNSZone with its ADDRR/DELRR strings (an MX deleted by its target
/// alone, NS without IN), the rows read back as the provider parses them,
/// and a web forwarding's locked row.
#[test]
fn dns_cnr_python_sdk_runs_the_dnscontrol_flow() {
    let mut command = Command::new(python_with_cnr_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/dns_cnr.py"));
    run_interop(command, "dns_cnr.py");
}

/// Fault injection through the Python SDK: a rule on test.user's AddDomain
/// (`/_admin/faults`) makes the SDK see `421` on exactly that command, in a
/// `login()` session and with credentials, and nowhere else; nothing is
/// created; removed, AddDomain succeeds. The slow-registry preset: the SDK's
/// `isPending()` is true on the slowed AddDomain only.
#[test]
fn python_sdk_sees_an_injected_fault_on_the_matched_command_only() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/faults.py"));
    run_interop(command, "faults.py");
}

/// Invoice PDFs through the Python SDK: a 200 KB upload in the SDK's
/// flattened `PDF0..n` and GetInvoicePDF's rows joined back to the same bytes.
#[test]
fn python_sdk_uploads_and_reads_an_invoice_pdf() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/invoices.py"));
    run_interop(command, "invoices.py");
}

/// Accounts on demand as a CI job uses them (issue 15), through the Python
/// SDK and the admin API: its own account, domains it registers that a
/// second job's account does not see, a reset of its account (domains
/// gone and free, balance back), then its deletion.
#[test]
fn python_sdk_job_creates_resets_and_deletes_its_account() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/accounts.py"));
    run_interop(command, "accounts.py");
}

/// Snapshots as a CI job uses them (issue 15), through the Python SDK and
/// the admin API: its own account and domains, `GET /_admin/snapshot`,
/// changes, a damaged file refused with nothing changed, `POST
/// /_admin/restore`, and the snapshot's domains and balance are back.
#[test]
fn python_sdk_job_restores_its_snapshot() {
    let mut command = Command::new(python_with_sdk());
    command.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/snapshot.py"));
    run_interop(command, "snapshot.py");
}
