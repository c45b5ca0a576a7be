//! The helpers of `tests/durable.rs`: the shipped binary started with a
//! data directory and its log in a file (killed with SIGKILL or stopped
//! with SIGTERM), a failed start's stderr, one HTTP exchange per
//! connection, HEXONET calls as test.user and what the tests read from
//! the answers (code, properties, balance, contact count).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `otebox --durable` whose log goes to `<root>/log-N`.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    log: PathBuf,
}

impl Server {
    pub fn start(root: &Path, args: &[&str]) -> Server {
        let log = next_log(root);
        let mut child = Command::new(env!("CARGO_BIN_EXE_otebox"))
            .args(["--listen", "127.0.0.1:0", "--seed", "7", "--data-dir"])
            .arg(root.join("data"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("otebox starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("start-up line");
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}; log: {}", read(&log)));
        let addr = url["http://".len()..url.len() - "/api/call.cgi".len()]
            .parse()
            .expect("host:port");
        Server { child, addr, log }
    }

    /// SIGKILL: no shutdown, no compaction.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        read(&self.log)
    }

    /// SIGTERM: a clean shutdown.
    pub fn stop(mut self) -> String {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        let _ = self.child.wait();
        read(&self.log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn next_log(root: &Path) -> PathBuf {
    std::fs::create_dir_all(root).expect("a directory");
    (0..)
        .map(|n| root.join(format!("log-{n}")))
        .find(|p| !p.exists())
        .expect("a name")
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The stderr of a start that fails.
pub fn failed_start(root: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_otebox"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(root.join("data"))
        .args(args)
        .output()
        .expect("otebox runs");
    assert!(!output.status.success(), "the start should fail");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// One HTTP/1.1 exchange on a connection of its own: status and body, or
/// `None` when the server is gone.
pub fn exchange(
    addr: SocketAddr,
    method: &str,
    target: &str,
    body: &[u8],
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut all = Vec::new();
    stream.read_to_end(&mut all).ok()?;
    let end = all.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&all[..end]).into_owned();
    let status = head.get(9..12)?.parse().ok()?;
    Some((
        status,
        String::from_utf8_lossy(&all[end + 4..]).into_owned(),
    ))
}

/// One HEXONET command on 1234 (`auth` is the login part); the answer.
pub fn call(addr: SocketAddr, auth: &str, command: &str) -> Option<String> {
    let body = format!("s_entity=1234&{auth}&{command}");
    exchange(addr, "POST", "/api/call.cgi", body.as_bytes()).map(|(_, text)| text)
}

pub const USER: &str = "s_login=test.user&s_pw=test.passw0rd";

pub fn api(addr: SocketAddr, command: &str) -> String {
    call(addr, USER, command).expect("an answer")
}

pub fn code(answer: &str) -> u16 {
    property(answer, "CODE")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

pub fn property<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    answer.lines().find_map(|line| {
        line.strip_prefix(&format!("PROPERTY[{name}][0]="))
            .or_else(|| line.strip_prefix(&format!("{name}=")))
    })
}

pub fn add_domain(name: &str, tag: &str) -> String {
    format!(
        "command=AddDomain&DOMAIN={name}&PERIOD=1&OWNERCONTACT0FIRSTNAME=Erika\
         &OWNERCONTACT0LASTNAME=Muster&OWNERCONTACT0STREET=2+Example+Road\
         &OWNERCONTACT0CITY=Springfield&OWNERCONTACT0STATE=NY&OWNERCONTACT0ZIP=10001\
         &OWNERCONTACT0COUNTRY=US&OWNERCONTACT0PHONE=2125550199\
         &OWNERCONTACT0EMAIL=erika-{tag}%40example.net"
    )
}

pub fn register(addr: SocketAddr, name: &str) {
    let answer = api(addr, &add_domain(name, name));
    assert_eq!(code(&answer), 200, "{answer}");
}

pub fn status_domain(addr: SocketAddr, name: &str) -> u16 {
    code(&api(addr, &format!("command=StatusDomain&DOMAIN={name}")))
}

pub fn amount(addr: SocketAddr) -> f64 {
    let answer = api(addr, "command=StatusAccount");
    property(&answer, "AMOUNT")
        .and_then(|a| a.parse().ok())
        .expect("AMOUNT")
}

pub fn contacts(addr: SocketAddr) -> u64 {
    let answer = api(addr, "command=QueryContactList&LIMIT=1");
    property(&answer, "TOTAL")
        .and_then(|t| t.parse().ok())
        .expect("TOTAL")
}

/// `GET /_admin/snapshot?entity=1234`'s body, raw (it is binary).
pub fn snapshot_bytes(addr: SocketAddr) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(
            b"GET /_admin/snapshot?entity=1234 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .expect("send");
    let mut all = Vec::new();
    stream.read_to_end(&mut all).expect("read");
    let end = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head")
        + 4;
    all[end..].to_vec()
}
