//! Starts a real otebox server on a loopback port for a test, on its own thread
//! and runtime, and a minimal blocking HTTP/1.1 client to talk to it byte by byte.

#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use otebox::registry::{Limits, Registry};
use otebox::server::{self, Config};

/// A running server; dropping it shuts it down.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl Server {
    pub fn start(config: Config) -> Server {
        Server::start_with(config, otebox::execute)
    }

    /// A server whose registry has `limits` (the flags of sessions per
    /// account, lock-out and quota).
    pub fn start_with_limits(config: Config, limits: Limits) -> Server {
        Server::start_serving(config, limits, otebox::execute)
    }

    /// A server that runs `execute` instead of `otebox::execute` (see `serve_with`).
    pub fn start_with(config: Config, execute: server::ExecuteFn) -> Server {
        Server::start_serving(config, Limits::default(), execute)
    }

    fn start_serving(config: Config, limits: Limits, execute: server::ExecuteFn) -> Server {
        let registry = Registry::with_limits(config.seed, limits);
        Server::start_registry(config, registry, execute)
    }

    /// A server on a registry the test prepared (e.g. jobs on the clock).
    pub fn start_with_registry(config: Config, registry: Registry) -> Server {
        Server::start_registry(config, registry, otebox::execute)
    }

    fn start_registry(config: Config, registry: Registry, execute: server::ExecuteFn) -> Server {
        Server::start_at(
            "127.0.0.1".parse().expect("an address"),
            config,
            registry,
            execute,
        )
    }

    /// A default server on this machine's own address that is not loopback
    /// (found by connecting a UDP socket, which sends nothing), to be reached
    /// from a peer the admin API sees as non-loopback; `None` when the
    /// machine has no such address.
    pub fn start_off_loopback() -> Option<Server> {
        let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
        socket.connect("192.0.2.1:9").ok()?;
        let ip = socket.local_addr().ok()?.ip();
        if ip.is_loopback() || ip.is_unspecified() {
            return None;
        }
        Some(Server::start_at(
            ip,
            Config::default(),
            Registry::new(0),
            otebox::execute,
        ))
    }

    fn start_at(
        ip: std::net::IpAddr,
        config: Config,
        registry: Registry,
        execute: server::ExecuteFn,
    ) -> Server {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind((ip, 0)).await?;
                ready_tx
                    .send(listener.local_addr()?)
                    .expect("test is waiting");
                server::serve_with(listener, config, registry, execute, async {
                    let _ = stop_rx.await;
                })
                .await
            })
        });
        let addr = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("server started");
        Server {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/api/call.cgi", self.addr)
    }

    pub fn connect(&self) -> Client {
        Client::connect(self.addr)
    }

    /// Stops the server and waits until `serve` has returned.
    pub fn stop(mut self) -> io::Result<()> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join().expect("server thread panicked"),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

/// One parsed HTTP response.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl HttpResponse {
    /// The value of a top-level `KEY=value` line of an API response body.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.body
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// A blocking HTTP/1.1 client over one connection.
pub struct Client {
    pub stream: TcpStream,
    buffer: Vec<u8>,
}

impl Client {
    pub fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Client {
            stream,
            buffer: Vec::new(),
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write");
    }

    /// `POST path` with the given extra header lines and body.
    pub fn post(&mut self, path: &str, headers: &str, body: &str) -> HttpResponse {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.send(request.as_bytes());
        self.read_response().expect("a response")
    }

    pub fn get(&mut self, target: &str) -> HttpResponse {
        self.get_with(target, "")
    }

    /// `GET target` with the given extra header lines (each ending `\r\n`).
    pub fn get_with(&mut self, target: &str, headers: &str) -> HttpResponse {
        self.send(format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n").as_bytes());
        self.read_response().expect("a response")
    }

    /// Reads one response (Content-Length framed); `None` if the server closed first.
    pub fn read_response(&mut self) -> Option<HttpResponse> {
        let head_end = loop {
            if let Some(at) = find(&self.buffer, b"\r\n\r\n") {
                break at;
            }
            if !self.fill() {
                return None;
            }
        };
        let head = String::from_utf8_lossy(&self.buffer[..head_end]).into_owned();
        let status = head.split(' ').nth(1)?.parse().ok()?;
        let mut response = HttpResponse {
            status,
            head,
            body: String::new(),
        };
        let length: usize = response
            .header("content-length")
            .map_or(0, |v| v.parse().unwrap());
        let body_start = head_end + 4;
        while self.buffer.len() < body_start + length {
            if !self.fill() {
                return None;
            }
        }
        response.body =
            String::from_utf8_lossy(&self.buffer[body_start..body_start + length]).into_owned();
        self.buffer.drain(..body_start + length);
        Some(response)
    }

    /// Whether the server closes the connection within `timeout` (EOF or reset).
    pub fn closed_within(&mut self, timeout: Duration) -> bool {
        self.stream.set_read_timeout(Some(timeout)).unwrap();
        let mut chunk = [0u8; 8192];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return true,
                Ok(_) => continue,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return false;
                }
                Err(_) => return true,
            }
        }
    }

    fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk) {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                true
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// RFC 3986 encoding as the PHP and Node SDKs write form values: everything
/// but `A-Za-z0-9-._~` as `%XX`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// An admin API refusal: `status`, and `text` as its one plain-text line.
pub fn assert_refused(response: &HttpResponse, status: u16, text: &str) {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(response.body, format!("{text}\n"));
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
}

/// The shipped binary in a process of its own (`--listen 127.0.0.1:0 --seed
/// 7`, then `args`; `envs` set), its log on a pipe for the test to read.
pub struct Binary {
    child: std::process::Child,
    pub addr: SocketAddr,
    /// The start-up line it printed.
    pub banner: String,
}

impl Binary {
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> Binary {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut command = Command::new(env!("CARGO_BIN_EXE_otebox"));
        command
            .args(["--listen", "127.0.0.1:0", "--seed", "7"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in envs {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("otebox starts");
        let mut banner = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut banner)
            .expect("start-up line");
        let url = banner
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {banner:?}"));
        let addr = url["http://".len()..url.len() - "/api/call.cgi".len()]
            .parse()
            .expect("host:port");
        Binary {
            child,
            addr,
            banner,
        }
    }

    /// SIGTERM, a graceful stop that also flushes the log writer; the whole
    /// log, once the process has exited cleanly.
    pub fn stop(mut self) -> String {
        let stopped = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(stopped.success());
        let mut log = String::new();
        self.child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut log)
            .expect("log");
        assert!(self.child.wait().expect("exit").success(), "{log}");
        log
    }
}

/// The first request line of `log` for `command` (its `command="..."` field).
pub fn request_line<'a>(log: &'a str, command: &str) -> &'a str {
    log.lines()
        .find(|line| line.contains(&format!("command=\"{command}\" ")))
        .unwrap_or_else(|| panic!("no {command} line in {log}"))
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An owner contact inline, form-encoded as WHMCS sends it with AddDomain.
pub const INLINE_OWNER: &str = "OWNERCONTACT0FIRSTNAME=Erika&OWNERCONTACT0LASTNAME=Muster\
     &OWNERCONTACT0STREET=2+Example+Road&OWNERCONTACT0CITY=Springfield\
     &OWNERCONTACT0STATE=NY&OWNERCONTACT0ZIP=10001&OWNERCONTACT0COUNTRY=US\
     &OWNERCONTACT0PHONE=2125550199&OWNERCONTACT0EMAIL=erika%40example.net";

/// The Content-Type of a form body.
pub const FORM: &str = "Content-Type: application/x-www-form-urlencoded\r\n";

/// One HEXONET command (`command=...&...`) as the demo account `login`
/// (password `test.passw0rd`) on OT&E.
pub fn demo_call(client: &mut Client, login: &str, command: &str) -> HttpResponse {
    let auth = format!("s_entity=1234&s_login={login}&s_pw=test.passw0rd");
    client.post("/api/call.cgi", FORM, &format!("{auth}&{command}"))
}

/// [`demo_call`] that must answer `CODE=200`.
pub fn demo_ok(client: &mut Client, login: &str, command: &str) -> HttpResponse {
    let answer = demo_call(client, login, command);
    assert_eq!(answer.field("CODE"), Some("200"), "{}", answer.body);
    answer
}

/// `GET /_admin/outbox?query`'s JSON, checked to be a `200` JSON answer.
pub fn outbox(client: &mut Client, query: &str) -> String {
    let answer = client.get(&format!("/_admin/outbox?{query}"));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    answer.body
}

/// How many mails the outbox JSON `json` lists.
pub fn count(json: &str) -> usize {
    json.matches("{\"id\":").count()
}

/// test.user's CreateSSLCert of `src/registry/ssl_test.csr`'s certificate
/// (COMODO_ESSENTIALSSL, EMAIL-validated by admin@shop.com): its SSLCERTID.
pub fn create_email_certificate(client: &mut Client) -> String {
    let csr = include_str!("../../src/registry/ssl_test.csr");
    let lines: Vec<String> = csr
        .lines()
        .enumerate()
        .map(|(n, line)| format!("CSR{n}={}", percent_encode(line)))
        .collect();
    let create = format!(
        "command=CreateSSLCert&SSLCERTCLASS=COMODO_ESSENTIALSSL&EMAIL={}&{}",
        percent_encode("admin@shop.com"),
        lines.join("&")
    );
    let created = demo_ok(client, "test.user", &create);
    created.field("PROPERTY[SSLCERTID][0]").unwrap().to_owned()
}

/// The `len` characters after `marker` in `json` (the outbox lists the
/// newest mail first), each of them `valid`.
pub fn mail_code<'a>(json: &'a str, marker: &str, len: usize, valid: fn(&u8) -> bool) -> &'a str {
    let at = json
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {json}"))
        + marker.len();
    let code = &json[at..at + len];
    assert!(code.as_bytes().iter().all(valid), "{json}");
    code
}

/// The 7 digits after `TRIGGER: ` in the newest mail of `json`.
pub fn trigger(json: &str) -> &str {
    mail_code(json, "TRIGGER: ", 7, u8::is_ascii_digit)
}

/// [`INLINE_OWNER`] as Max (max@example.net): a trade's new registrant.
pub fn new_owner() -> String {
    INLINE_OWNER
        .replace("Erika", "Max")
        .replace("erika%40", "max%40")
}
