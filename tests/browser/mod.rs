//! A real browser for the inspector's test: headless Chromium (Debian's
//! `chromium`, installed when missing) opened on a URL, driven over the
//! DevTools protocol with a minimal WebSocket client of its own (no
//! dependency): evaluate JavaScript in the page and read back a string, and
//! take a PNG screenshot. `--dump-dom` cannot serve here: an open
//! server-sent-events stream keeps its virtual time from ever running out.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A headless Chromium with one page open; killed when dropped.
pub struct Browser {
    page: Socket,
    next: u64,
    // Dropped last: the browser goes after the connection to it.
    process: Process,
}

/// The browser process and its profile, killed and removed when dropped,
/// also when starting it fails half-way (its other processes end with it).
struct Process {
    child: Child,
    profile: PathBuf,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Whether `chromium` runs.
pub fn present() -> bool {
    Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

impl Browser {
    /// Starts Chromium (profile in `profile`, emptied) on `url`.
    pub fn open(url: &str, profile: &Path) -> Browser {
        let _ = std::fs::remove_dir_all(profile);
        std::fs::create_dir_all(profile).unwrap();
        let child = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--remote-debugging-port=0",
                "--window-size=1400,1000",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        let process = Process {
            child,
            profile: profile.to_owned(),
        };
        // Chromium writes the port it chose into the profile.
        let port_file = profile.join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(30);
        let port: u16 = loop {
            let text = std::fs::read_to_string(&port_file).unwrap_or_default();
            if let Some(port) = text.lines().next().and_then(|line| line.parse().ok()) {
                break port;
            }
            assert!(
                Instant::now() < deadline,
                "chromium wrote no DevToolsActivePort"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let page = loop {
            let list = http_get(port, "/json/list");
            let found = list
                .split('{')
                .find(|target| {
                    target.contains("\"type\": \"page\"") || target.contains("\"type\":\"page\"")
                })
                .and_then(|target| string_at(target, "webSocketDebuggerUrl"));
            if let Some(url) = found {
                break url;
            }
            assert!(Instant::now() < deadline, "no page target in {list}");
            std::thread::sleep(Duration::from_millis(100));
        };
        Browser {
            page: Socket::connect(&page),
            next: 1,
            process,
        }
    }

    /// Sends one DevTools command and returns its answer (raw JSON).
    fn call(&mut self, method: &str, params: &str) -> String {
        let id = self.next;
        self.next += 1;
        self.page.send(&format!(
            "{{\"id\":{id},\"method\":\"{method}\",\"params\":{params}}}"
        ));
        let mine = format!("{{\"id\":{id},");
        loop {
            let message = self.page.receive();
            if message.starts_with(&mine) {
                return message;
            }
        }
    }

    /// `String(expression)` evaluated in the page.
    pub fn eval(&mut self, expression: &str) -> String {
        let mut quoted = String::new();
        quote(&mut quoted, &format!("String({expression})"));
        let answer = self.call(
            "Runtime.evaluate",
            &format!("{{\"expression\":{quoted},\"returnByValue\":true}}"),
        );
        string_at(&answer, "value").unwrap_or_else(|| panic!("no value in {answer}"))
    }

    /// Evaluates `expression` until `done` holds for it (at most 20 s).
    pub fn wait_for(&mut self, expression: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let value = self.eval(expression);
            if done(&value) {
                return value;
            }
            assert!(Instant::now() < deadline, "{expression} stayed {value:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A PNG of the page, written to `path`.
    pub fn screenshot(&mut self, path: &Path) {
        let answer = self.call("Page.captureScreenshot", "{\"format\":\"png\"}");
        let data = string_at(&answer, "data").expect("screenshot data");
        let png = base64(&data);
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::write(path, png).expect("screenshot written");
    }
}

/// A plain `GET` of the DevTools HTTP endpoint: the body (framed by its
/// Content-Length; the endpoint keeps the connection open).
fn http_get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let text = String::from_utf8_lossy(&data).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if body.len() >= length {
                return body.to_owned();
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&data).into_owned(),
            Ok(n) => data.extend_from_slice(&chunk[..n]),
        }
    }
}

/// A WebSocket client connection: text frames only, masked as a client's.
struct Socket {
    stream: TcpStream,
}

impl Socket {
    fn connect(url: &str) -> Socket {
        let rest = url.strip_prefix("ws://").expect("a ws:// URL");
        let (host, path) = rest.split_at(rest.find('/').expect("a path"));
        let mut stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("DevTools {url}: {e}"));
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).expect("handshake");
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        assert!(head.starts_with("HTTP/1.1 101"), "{head}");
        Socket { stream }
    }

    fn send(&mut self, text: &str) {
        let payload = text.as_bytes();
        let mut frame = vec![0x81u8];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mask = [0x5a, 0x17, 0xc3, 0x2e];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).expect("frame sent");
    }

    /// The next whole text message (continuation frames joined).
    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.stream.read_exact(&mut head).expect("frame head");
            let (fin, opcode) = (head[0] & 0x80 != 0, head[0] & 0x0f);
            let length = match head[1] & 0x7f {
                126 => {
                    let mut n = [0u8; 2];
                    self.stream.read_exact(&mut n).unwrap();
                    u16::from_be_bytes(n) as usize
                }
                127 => {
                    let mut n = [0u8; 8];
                    self.stream.read_exact(&mut n).unwrap();
                    u64::from_be_bytes(n) as usize
                }
                n => n as usize,
            };
            let mut payload = vec![0u8; length];
            self.stream.read_exact(&mut payload).expect("frame payload");
            assert_ne!(opcode, 8, "DevTools closed the connection");
            if opcode == 9 || opcode == 10 {
                continue; // ping or pong
            }
            message.extend_from_slice(&payload);
            if fin {
                return String::from_utf8(message).expect("text frame");
            }
        }
    }
}

/// `text` as a JSON string.
fn quote(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The string value of the first `"key":` in `json`, unescaped.
pub fn string_at(json: &str, key: &str) -> Option<String> {
    let start = json
        .find(&format!("\"{key}\":\""))
        .map(|at| at + key.len() + 4)
        .or_else(|| {
            json.find(&format!("\"{key}\": \""))
                .map(|at| at + key.len() + 5)
        })?;
    let mut out = String::new();
    let mut chars = json[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let unit = u32::from_str_radix(&hex, 16).ok()?;
                    out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Decodes standard base64 (padding optional).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | u32::from(d) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
