//! The shipped binary in a process of its own, for the tests that reach it
//! from outside (tls, proxy, php, dns): started on free loopback ports with a data
//! directory, its real addresses read from the start-up lines it prints,
//! killed when dropped; fresh data directories; and curl. Knows no protocol
//! beyond finding a response's `CODE=` line.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;

/// `CARGO_TARGET_TMPDIR/<name>`, emptied: the root of one test's data directory.
pub fn fresh_root(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    root
}

/// A running `otebox --listen 127.0.0.1:0 --data-dir DIR [args]`.
pub struct Otebox {
    child: Child,
    pub http: SocketAddr,
    https: Option<SocketAddr>,
    dns: Option<SocketAddr>,
    /// The start-up lines: the plain listener's, then the HTTPS one's and
    /// the DNS one's if any.
    pub lines: Vec<String>,
}

impl Otebox {
    /// Starts the binary with `args` after the listener and data directory;
    /// with `--tls-listen` among them it reads the HTTPS start-up line too.
    pub fn start(data_dir: &Path, args: &[&str]) -> Otebox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_otebox"))
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("otebox starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let tls = args.contains(&"--tls-listen");
        let dns = args.contains(&"--dns-listen");
        let mut lines = Vec::new();
        for _ in 0..1 + usize::from(tls) + usize::from(dns) {
            let mut line = String::new();
            stdout.read_line(&mut line).expect("start-up line");
            lines.push(line);
        }
        let http = address(&lines[0], "http://");
        let https = tls.then(|| address(&lines[1], "https://"));
        let dns = dns.then(|| {
            let line = lines.last().expect("the DNS line");
            line.split_once("answering DNS on ")
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .and_then(|at| at.parse().ok())
                .unwrap_or_else(|| panic!("no DNS address in {line:?}"))
        });
        Otebox {
            child,
            http,
            https,
            dns,
            lines,
        }
    }

    /// The HTTPS listener's address (the server was started with `--tls-listen`).
    pub fn https(&self) -> SocketAddr {
        self.https.expect("started with --tls-listen")
    }

    /// The DNS listener's address (the server was started with `--dns-listen`).
    pub fn dns(&self) -> SocketAddr {
        self.dns.expect("started with --dns-listen")
    }

    /// The plain listener as a proxy URL (`http://127.0.0.1:PORT`).
    pub fn proxy(&self) -> String {
        format!("http://{}", self.http)
    }
}

impl Drop for Otebox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `host:port` of the `scheme` URL a start-up line prints.
fn address(line: &str, scheme: &str) -> SocketAddr {
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with(scheme))
        .unwrap_or_else(|| panic!("no {scheme} URL in {line:?}"));
    url[scheme.len()..url.len() - "/api/call.cgi".len()]
        .parse()
        .expect("host:port")
}

/// Runs curl (quietly, errors shown, at most ten seconds) and returns its output.
pub fn curl(args: &[&str]) -> Output {
    Command::new("curl")
        .args(["-sS", "--max-time", "10"])
        .args(args)
        .output()
        .expect("curl runs")
}

/// The `CODE=` of a HEXONET response curl printed.
pub fn code(output: &Output) -> Option<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("CODE="))
        .map(str::to_owned)
}

/// `what (status):` and the output, for assertion messages.
pub fn explain(what: &str, output: &Output) -> String {
    format!(
        "{what} ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn apt_get(what: &str, args: &[&str]) -> Output {
    Command::new("apt-get")
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .unwrap_or_else(|error| {
            panic!("{what} is missing and apt-get cannot run ({error}): install it")
        })
}

/// Makes sure `what` is there (`present`), installing Debian's `packages`
/// with apt-get if not, and fails saying why when it cannot: the tests that
/// need a real client never skip. Tests run in parallel threads: one lock
/// makes the first install while the others wait.
pub fn ensure_installed(what: &str, present: fn() -> bool, packages: &[&str]) {
    static INSTALLING: Mutex<()> = Mutex::new(());
    let _guard = INSTALLING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if present() {
        return;
    }
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend_from_slice(packages);
    let mut installed = apt_get(what, &install);
    if !installed.status.success() {
        // A fresh machine (or container) may have no package lists yet.
        let updated = apt_get(what, &["update"]);
        assert!(
            updated.status.success(),
            "{what} is missing and cannot be installed: {} \
             (root and network access are needed, or install {})",
            explain("apt-get update failed", &updated),
            packages.join(" ")
        );
        installed = apt_get(what, &install);
    }
    assert!(
        installed.status.success(),
        "{what} is missing and cannot be installed: {} \
         (root and network access are needed, or install {})",
        explain("apt-get install failed", &installed),
        packages.join(" ")
    );
    assert!(
        present(),
        "{} were installed but {what} is still missing",
        packages.join(" ")
    );
}
