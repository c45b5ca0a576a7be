//! The figures of `--durable` (issue 15): what the journal costs per write
//! command, and how long a restart replays. Starts the shipped binary
//! (`OTEBOX_BIN`, default `target/release/otebox`) without and with
//! `--durable`, drives AddDomain+DeleteDomain pairs over keep-alive
//! connections (one session and one contact per connection) for a few
//! seconds each, and prints pairs per second and latency; then fills a
//! journal of N records (AddDomain+DeleteDomain, compaction off), kills the server with SIGKILL
//! and times the restart (the server's own `durable state read` line).
//!
//! ```text
//! cargo run --release --example durable_figures -- [CONNECTIONS] [SECONDS] [RECORDS]
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USER: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .map(|text| text.parse().expect("a number"))
        .unwrap_or(default)
}

fn start(data: &Path, args: &[&str], log: &Path) -> (Child, SocketAddr) {
    let bin = std::env::var("OTEBOX_BIN").unwrap_or_else(|_| "target/release/otebox".into());
    let mut child = Command::new(bin)
        .args(["--listen", "127.0.0.1:0", "--seed", "1", "--data-dir"])
        .arg(data)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).expect("a log"))
        .spawn()
        .expect("otebox starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a start-up line");
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .expect("a URL");
    let addr = url["http://".len()..url.len() - "/api/call.cgi".len()]
        .parse()
        .expect("host:port");
    (child, addr)
}

/// A keep-alive connection.
struct Client(BufReader<TcpStream>);

impl Client {
    fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Client(BufReader::new(stream))
    }

    fn call(&mut self, body: &str) -> String {
        let head = format!(
            "POST /api/call.cgi HTTP/1.1\r\nHost: bench\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.0.get_mut().write_all(head.as_bytes()).expect("send");
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.0.read_line(&mut line).expect("a header");
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().expect("a length");
            }
        }
        let mut answer = vec![0; length];
        self.0.read_exact(&mut answer).expect("the body");
        String::from_utf8(answer).expect("text")
    }
}

fn property<'a>(answer: &'a str, name: &str) -> &'a str {
    answer
        .lines()
        .find_map(|line| line.strip_prefix(&format!("PROPERTY[{name}][0]=")))
        .unwrap_or_else(|| panic!("no {name} in {answer}"))
}

/// Pairs per second and the p50/p99 of one command, over `connections`
/// connections for `seconds`.
fn pairs(addr: SocketAddr, connections: u64, seconds: u64) -> (f64, Duration, Duration) {
    let until = Instant::now() + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..connections)
        .map(|conn| {
            std::thread::spawn(move || {
                let mut client = Client::connect(addr);
                let session = client.call(&format!("{USER}&command=StartSession"));
                let session = property(&session, "SESSION").to_owned();
                let contact = client.call(&format!(
                    "s_entity=1234&s_session={session}&command=AddContact&FIRSTNAME=Bench&LASTNAME=Mark\
                     &STREET=1+Road&CITY=Town&ZIP=10001&COUNTRY=US&PHONE=%2B1.2125550100&EMAIL=b%40example.net"
                ));
                let contact = property(&contact, "CONTACT").to_owned();
                let mut latencies = Vec::new();
                let mut seq = 0;
                while Instant::now() < until {
                    seq += 1;
                    let name = format!("durable-bench-{conn}-{seq}.com");
                    let sent = Instant::now();
                    let added = client.call(&format!(
                        "s_entity=1234&s_session={session}&command=AddDomain&DOMAIN={name}\
                         &OWNERCONTACT0={contact}&ADMINCONTACT0={contact}&TECHCONTACT0={contact}&BILLINGCONTACT0={contact}"
                    ));
                    latencies.push(sent.elapsed());
                    assert!(added.contains("CODE=200"), "{added}");
                    let sent = Instant::now();
                    let deleted = client.call(&format!(
                        "s_entity=1234&s_session={session}&command=DeleteDomain&DOMAIN={name}"
                    ));
                    latencies.push(sent.elapsed());
                    assert!(deleted.contains("CODE=200"), "{deleted}");
                }
                latencies
            })
        })
        .collect();
    let started = Instant::now();
    let mut all: Vec<Duration> = threads
        .into_iter()
        .flat_map(|thread| thread.join().expect("a client"))
        .collect();
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    ((all.len() / 2) as f64 / elapsed, at(0.5), at(0.99))
}

fn main() {
    let connections = arg(1, 16);
    let seconds = arg(2, 5);
    let records = arg(3, 100_000);
    let root = std::env::temp_dir().join("otebox-durable-figures");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("a directory");
    println!("AddDomain+DeleteDomain pairs, {connections} connections, {seconds}s each:");
    let mut figures = Vec::new();
    for (what, args) in [("in memory", vec![]), ("--durable", vec!["--durable"])] {
        let (mut child, addr) = start(&root.join("data"), &args, &root.join("log-bench"));
        let (rate, p50, p99) = pairs(addr, connections, seconds);
        println!("  {what:<10} {rate:>9.0} pairs/s  p50 {p50:>10.1?}  p99 {p99:>10.1?}");
        figures.push(rate);
        let _ = child.kill();
        let _ = child.wait();
    }
    println!("  durable/in-memory: {:.3}", figures[1] / figures[0]);

    // A journal of `records` records, no compaction, then SIGKILL and a restart.
    let data = root.join("replay");
    let compact = (records * 4).to_string();
    let args = ["--durable", "--durable-compact-records", &compact];
    let (mut child, addr) = start(&data, &args, &root.join("log-fill"));
    let filled = Instant::now();
    let per = records / 2 / connections;
    let threads: Vec<_> = (0..connections)
        .map(|conn| {
            std::thread::spawn(move || {
                let mut client = Client::connect(addr);
                for i in 0..per {
                    let name = format!("fill-{conn}-{i}.com");
                    let answer = client.call(&format!(
                        "{USER}&command=AddDomain&DOMAIN={name}&OWNERCONTACT0FIRSTNAME=A&OWNERCONTACT0LASTNAME=B\
                         &OWNERCONTACT0STREET=1+Road&OWNERCONTACT0CITY=Town&OWNERCONTACT0ZIP=1&OWNERCONTACT0COUNTRY=US\
                         &OWNERCONTACT0PHONE=%2B1.2125550100&OWNERCONTACT0EMAIL=a%40example.net"
                    ));
                    assert!(answer.contains("CODE=200"), "{answer}");
                    let answer = client.call(&format!("{USER}&command=DeleteDomain&DOMAIN={name}"));
                    assert!(answer.contains("CODE=200"), "{answer}");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a filler");
    }
    let journal: u64 = std::fs::read_dir(data.join("durable"))
        .expect("the durable directory")
        .filter_map(|entry| entry.ok()?.metadata().ok())
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len())
        .sum();
    println!(
        "\nfilled {} records (AddDomain+DeleteDomain pairs of {} domains) in {:.1?}; durable directory {} KiB",
        per * 2 * connections,
        per * connections,
        filled.elapsed(),
        journal / 1024
    );
    let _ = child.kill();
    let _ = child.wait();
    let log = root.join("log-restart");
    let started = Instant::now();
    let (mut child, addr) = start(&data, &["--durable"], &log);
    // The listener is bound before the replay: the first answer comes after it.
    let answer = Client::connect(addr).call(&format!("{USER}&command=StatusAccount"));
    assert!(answer.contains("CODE=200"), "{answer}");
    let ready = started.elapsed();
    let stop = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(stop.is_ok_and(|status| status.success()));
    let _ = child.wait();
    let line = std::fs::read_to_string(&log).unwrap_or_default();
    let read = line
        .lines()
        .find(|line| line.contains("durable state read"))
        .unwrap_or("(no line: the log was cut by the kill)");
    println!("restart after SIGKILL: first answer after {ready:.1?} (read and replay)\n  {read}");
}
