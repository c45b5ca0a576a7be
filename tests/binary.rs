//! The shipped `otebox` binary: its start-up line, and its request log, which
//! must say why a request was refused and must never show a secret.

mod common;

use std::process::Command;

use common::{Binary, Client};

/// A TOTP secret sent in ModifyUserPassword: never in the log, debug lines included.
const OTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

const API: &str = "/api/call.cgi";
const WRONG_PASSWORD: &str = "Wr0ng-s3cret";

#[test]
fn the_request_log_explains_refusals_and_never_shows_secrets() {
    let binary = Binary::start(&["--log", "debug"], &[]);
    let (addr, banner) = (binary.addr, binary.banner.clone());
    let url = format!("http://{addr}{API}");
    assert!(
        banner.contains(&format!("curl -d 's_login=test.user&s_pw=test.passw0rd&s_entity=1234&command=StatusAccount' {url}")),
        "{banner}"
    );

    let mut client = Client::connect(addr);
    let refused = client.post(
        API,
        "",
        &format!("s_entity=1234&s_login=test.user&s_pw={WRONG_PASSWORD}&command=StatusAccount"),
    );
    assert_eq!(refused.field("CODE"), Some("530"), "{}", refused.body);
    let started = client.post(
        API,
        "",
        "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=StartSession",
    );
    let session = started
        .field("PROPERTY[SESSION][0]")
        .expect("a session")
        .to_owned();
    let by_session = client.post(
        API,
        "",
        &format!("s_entity=1234&s_session={session}&command=StatusAccount"),
    );
    assert_eq!(by_session.field("CODE"), Some("200"), "{}", by_session.body);
    let check = client.post(
        API,
        "",
        &format!("s_entity=1234&s_session={session}&command=CheckAuthentication&subuser=test.user&password={WRONG_PASSWORD}"),
    );
    assert_eq!(check.field("CODE"), Some("530"), "{}", check.body);
    let role = client.post(
        API,
        "",
        "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=CreateRoleUser&roleid=ci&password=ci.passw0rd&acl0=StatusAccount%5B%5D%3AALLOW",
    );
    assert_eq!(role.field("CODE"), Some("200"), "{}", role.body);
    let denied = client.post(
        API,
        "",
        "s_entity=1234&s_login=test.user%21ci&s_pw=ci.passw0rd&command=QueryDomainList",
    );
    assert_eq!(denied.field("CODE"), Some("531"), "{}", denied.body);
    let otp = client.post(
        API,
        "",
        &format!("s_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=ModifyUserPassword&otpsecret={OTP_SECRET}&otp=000000"),
    );
    assert_eq!(otp.field("CODE"), Some("541"), "{}", otp.body);
    let forged = client.post(
        API,
        "",
        "s_entity=1234&s_login=evil%0Acode%3D200&s_pw=x&command=StatusAccount",
    );
    assert_eq!(forged.field("CODE"), Some("530"), "{}", forged.body);
    // CNR's body form of StartSession: LOGIN and PASSWORD in the command.
    let cnr = client.post(
        "/cnr/api/call.cgi",
        "",
        &format!("s_command=command%3DStartSession%0Alogin%3Dtest.user%0Apassword%3D{WRONG_PASSWORD}&persistent=1"),
    );
    assert!(cnr.body.contains("code = 530"), "{}", cnr.body);
    // The CNR SDK's login(): `persistent=1` and no command at all.
    let cnr_login = client.post(
        "/cnr/api/call.cgi",
        "",
        "s_login=test.user&s_pw=test.passw0rd&persistent=1",
    );
    assert!(cnr_login.body.contains("code = 200"), "{}", cnr_login.body);
    drop(client);

    // SIGTERM: a graceful stop, which also flushes the log writer.
    let log = binary.stop();

    let lines: Vec<&str> = log.lines().collect();
    let refusal = lines
        .iter()
        .find(|line| line.contains("code=530") && line.contains("command=\"StatusAccount\""))
        .unwrap_or_else(|| panic!("no 530 line in:\n{log}"));
    assert!(
        refusal.contains(" INFO otebox::server::request: Authentication failed; wrong password for test.user in OT&E (s_entity=1234) peer=")
            && refusal.contains("login=\"test.user\"")
            && refusal.contains("entity=\"1234\""),
        "{refusal}"
    );
    assert!(
        lines.iter().any(|line| line.contains("code=530")
            && line.contains("command=\"StartSession\"")
            && line.contains("entity=\"1234\"")
            && line.contains("login=\"test.user\"")),
        "a refused CNR login names its system and the LOGIN it claimed:\n{log}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.contains("code=200") && line.contains("command=\"StartSession\"")),
        "{log}"
    );
    // HEXONET's StartSession and the CNR login without a command.
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.contains("code=200")
                && line.contains("command=\"StartSession\"")
                && line.contains("login=\"test.user\""))
            .count(),
        2,
        "the CNR login without a command is logged as StartSession:\n{log}"
    );
    assert!(
        lines.iter().any(|line| line.contains("parsed")),
        "debug lines: {log}"
    );
    assert!(
        lines.iter().any(|line| line.contains("code=531")
            && line.contains("login=\"test.user!ci\"")
            && line.contains("no ACL rule of test.user!ci names QueryDomainList")),
        "no ACL refusal line naming the role in:\n{log}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.contains("login=\"evil\\ncode=200\"")),
        "a login with a line break is escaped on its one line:\n{log}"
    );
    assert!(
        lines.iter().all(|line| !line.starts_with("code=200")),
        "a refusal's reason quoting that login does not break its line either:\n{log}"
    );
    for secret in [
        WRONG_PASSWORD,
        "test.passw0rd",
        "ci.passw0rd",
        OTP_SECRET,
        session.as_str(),
    ] {
        assert!(
            !log.contains(secret),
            "{secret:?} appears in the log:\n{log}"
        );
    }
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in a log that is not a terminal"
    );
}

/// `otebox otp` gives a tester the current code of a secret they chose, the
/// same code the server accepts (the RFC 6238 key at 2026-01-01 00:00:00 UTC).
#[test]
fn otp_prints_the_code_of_a_secret() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_otebox"))
            .arg("otp")
            .args(args)
            .output()
            .expect("otebox otp runs")
    };
    let shown = run(&[OTP_SECRET, "--at", "1767225600"]);
    assert!(shown.status.success(), "{shown:?}");
    // The code alone on stdout (what `$(otebox otp …)` captures), the rest on stderr.
    assert_eq!(String::from_utf8_lossy(&shown.stdout), "745690\n");
    assert_eq!(
        String::from_utf8_lossy(&shown.stderr).trim(),
        "(30 s left; for 2026-01-01 00:00:00 UTC)"
    );
    let refused = run(&["not-base32"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("not base32"),
        "{refused:?}"
    );
}

/// A flag value the server cannot run with stops it at once with clap's
/// message naming the flag, before it listens: `--workers 0` (no thread
/// would serve) is refused, not quietly taken as 1. A server that starts
/// anyway is killed after ten seconds and fails the test.
#[test]
fn workers_zero_is_refused_before_listening() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_otebox"))
        .args(["--workers", "0", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("otebox runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("otebox --workers 0 started serving");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let refused = child.wait_with_output().expect("output");
    assert!(!refused.status.success(), "{refused:?}");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--workers"), "{stderr}");
}

/// A start-up check that fails after the listeners are bound (here
/// `--durable` with a data directory that is a file) exits without having
/// announced a server: "listening" is printed only once every check passed.
#[test]
fn a_failed_start_announces_no_server() {
    let file = std::env::temp_dir().join(format!("otebox-not-a-dir-{}", std::process::id()));
    std::fs::write(&file, b"a file, not a directory").expect("temp file");
    let output = Command::new(env!("CARGO_BIN_EXE_otebox"))
        .args(["--durable", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&file)
        .output()
        .expect("otebox runs");
    std::fs::remove_file(&file).ok();
    assert!(!output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("listening"), "{stdout}");
    assert!(!String::from_utf8_lossy(&output.stderr).is_empty());
}
