//! Load benchmark: otebox against a bare hyper server that answers a fixed
//! ISPAPI response without parsing (the speed-of-light baseline), both driven
//! in the same run by a built-in keep-alive HTTP/1.1 load generator.
//!
//! ```text
//! cargo bench --bench load
//! OTEBOX_BENCH_CONNECTIONS=64 OTEBOX_BENCH_SECONDS=5 OTEBOX_BENCH_SCENARIOS=status-sessionless cargo bench --bench load
//! ```
//!
//! Reports requests/second, p50/p99/p999 latency and otebox/baseline per
//! scenario against two baselines: the fixed small StatusAccount answer, and
//! one that answers exactly the bytes otebox answers to that scenario (the
//! speed of light for a response that size; "same" column, and that baseline
//! against the fixed one, "ceiling": the best ratio an answer of that size
//! allows), on a registry
//! holding about 1,000 domains, then the session and domain scenarios again
//! on one preloaded with 10,000 accounts, 1,000,000
//! domains and 100,000 open sessions, with the resident-set growth of each
//! (the true heap bytes per account, session and domain come from `cargo
//! bench --bench hotpath`: the allocator reuses memory freed earlier in the
//! run, so resident-set deltas undercount). `OTEBOX_BENCH_ACCOUNTS` changes
//! the 10,000.
//! No tracing subscriber is installed, so request logging is off. To measure
//! a running otebox instead (say the release binary with its default `info`
//! request log), give its address: `OTEBOX_BENCH_TARGET=127.0.0.1:8765`; the
//! scale part is then skipped.

use std::net::SocketAddr;
use std::ops::Range;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use otebox::registry::{Entity, Principal, Registry, SessionOptions, Timestamp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod baseline;
mod scenarios;
use scenarios::{SCENARIOS, Scenario, preload_domains_at, request_bytes};

const OTE: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";

struct Figures {
    rps: f64,
    p50: Duration,
    p99: Duration,
    p999: Duration,
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent; stay quick then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let settings = Settings {
        connections: env_number("OTEBOX_BENCH_CONNECTIONS", 64) as usize,
        seconds: Duration::from_secs(env_number("OTEBOX_BENCH_SECONDS", 3)),
        filter: std::env::var("OTEBOX_BENCH_SCENARIOS").unwrap_or_default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let baseline = start_baseline(Bytes::from_static(baseline::BODY.as_bytes())).await;
        println!(
            "connections={} seconds={}s per scenario, in {SLICE:?} slices alternating with the baseline",
            settings.connections,
            settings.seconds.as_secs()
        );
        println!(
            "\n{:<24} {:>10} {:>9} {:>9} {:>9} {:>10} {:>9} {:>7} {:>10} {:>7} {:>8}",
            "scenario",
            "req/s",
            "p50",
            "p99",
            "p999",
            "base req/s",
            "base p99",
            "ratio",
            "same req/s",
            "same",
            "ceiling"
        );
        if let Ok(target) = std::env::var("OTEBOX_BENCH_TARGET") {
            let target = target.parse().expect("OTEBOX_BENCH_TARGET is host:port");
            // A running server holds none of the preloaded domains.
            println!("(against the otebox at {target}; scenarios that need preloaded domains skipped)");
            let filter = if settings.filter.is_empty() {
                "status-,check-,wrong-,unknown-,php-,top-,get-,domain-check-"
            } else {
                &settings.filter
            };
            run_table(target, baseline, &settings, filter, "").await;
            return;
        }
        let mut registry = scenarios::registry();
        let contact = preload_domains_at(&mut registry, 10, wall_now());
        println!("(registry with {} domains)", registry.system(Entity::Ote).domain_count());
        let small = start_otebox(registry).await;
        run_table(small, baseline, &settings, &settings.filter, &contact).await;

        let accounts = env_number("OTEBOX_BENCH_ACCOUNTS", 10_000) as usize;
        let before = resident_bytes();
        let mut registry = scenarios::registry();
        let contact = preload_domains_at(&mut registry, accounts, wall_now());
        let after_accounts = resident_bytes();
        let now = wall_now();
        let principal = Principal {
            account: "test.user".into(),
            role: None,
        };
        for _ in 0..100_000 {
            let system = registry.system_mut(Entity::Ote);
            system
                .start_session(principal.clone(), SessionOptions::default(), now)
                .expect("session");
        }
        let after_sessions = resident_bytes();
        println!(
            "\npreloaded {accounts} accounts with {} domains (resident set +{} KiB) and 100,000 sessions (+{} KiB)",
            registry.system(Entity::Ote).domain_count(),
            after_accounts.saturating_sub(before) / 1024,
            after_sessions.saturating_sub(after_accounts) / 1024
        );
        let large = start_otebox(registry).await;
        let filter = if settings.filter.is_empty() {
            "status-,domain-"
        } else {
            &settings.filter
        };
        run_table(large, baseline, &settings, filter, &contact).await;
    });
}

struct Settings {
    connections: usize,
    seconds: Duration,
    filter: String,
}

/// Otebox and the baseline take turns in slices this long, so that both see
/// the same machine: on a shared host the throughput of either drifts by tens
/// of percent within seconds, and back-to-back runs would compare two moments.
const SLICE: Duration = Duration::from_millis(250);

async fn run_table(
    addr: SocketAddr,
    baseline: SocketAddr,
    settings: &Settings,
    filter: &str,
    contact: &str,
) {
    let session = start_session(addr).await;
    for scenario in SCENARIOS
        .iter()
        .filter(|s| filter.is_empty() || filter.split(',').any(|f| s.name.starts_with(f)))
    {
        let requests = Requests {
            scenario,
            session: &session,
            contact,
        };
        // A second baseline answers exactly the bytes otebox answers to this
        // scenario: the speed of light for the same response size.
        let same_size = start_baseline(sample_response(addr, &requests).await).await;
        let (mut ours, mut base, mut same) = (Load::default(), Load::default(), Load::default());
        let slices = (settings.seconds.as_millis() / SLICE.as_millis()).max(1);
        // The fixed baseline answers CODE=200 to everything; the same-size
        // one and otebox answer in the scenario's dialect.
        let ours_expected = expected_code(scenario, scenario.code);
        for _ in 0..slices {
            base.add(run_load(baseline, &requests, settings.connections, "CODE=200\r\n").await);
            same.add(run_load(same_size, &requests, settings.connections, &ours_expected).await);
            ours.add(run_load(addr, &requests, settings.connections, &ours_expected).await);
        }
        let (ours, base, same) = (ours.figures(), base.figures(), same.figures());
        // "ceiling": the same-size baseline against the fixed one, the best
        // "ratio" an answer of this size allows (a server that computes it
        // in no time still sends its bytes).
        println!(
            "{:<24} {:>10.0} {:>9.2?} {:>9.2?} {:>9.2?} {:>10.0} {:>9.2?} {:>7.2} {:>10.0} {:>7.2} {:>8.2}",
            scenario.name,
            ours.rps,
            ours.p50,
            ours.p99,
            ours.p999,
            base.rps,
            base.p99,
            ours.rps / base.rps,
            same.rps,
            ours.rps / same.rps,
            same.rps / base.rps
        );
    }
}

/// Latencies collected over one or more slices.
#[derive(Default)]
struct Load {
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Load {
    fn add(&mut self, other: Load) {
        self.latencies.extend(other.latencies);
        self.elapsed += other.elapsed;
    }

    fn figures(mut self) -> Figures {
        let all = &mut self.latencies;
        all.sort_unstable();
        let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
        Figures {
            rps: all.len() as f64 / self.elapsed.as_secs_f64(),
            p50: at(0.50),
            p99: at(0.99),
            p999: at(0.999),
        }
    }
}

/// The body otebox answers to the first request of a scenario (a pair is
/// sent whole, so the registry is left as the load will find it).
async fn sample_response(addr: SocketAddr, requests: &Requests<'_>) -> Bytes {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let seq = PAIRS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let make = |second| {
        request_bytes(
            requests.scenario,
            second,
            requests.session,
            requests.contact,
            0,
            seq,
        )
    };
    let mut buffer = Vec::new();
    stream.write_all(&make(false)).await.expect("write");
    let body = read_response(&mut stream, &mut buffer)
        .await
        .expect("response");
    let sample = Bytes::copy_from_slice(&buffer[body.clone()]);
    buffer.drain(..body.end);
    if requests.scenario.then.is_some() {
        stream.write_all(&make(true)).await.expect("write");
        read_response(&mut stream, &mut buffer)
            .await
            .expect("response");
    }
    sample
}

async fn start_session(addr: SocketAddr) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let body = format!("{OTE}&s_command=COMMAND%3DStartSession");
    let request = format!(
        "POST /api/call.cgi HTTP/1.1\r\nHost: b\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut buffer = Vec::new();
    let body = read_response(&mut stream, &mut buffer)
        .await
        .expect("response");
    String::from_utf8_lossy(&buffer[body])
        .lines()
        .find_map(|l| l.strip_prefix("PROPERTY[SESSION][0]="))
        .expect("a session")
        .trim()
        .to_owned()
}

/// What one scenario sends, with its placeholders' values.
struct Requests<'a> {
    scenario: &'static Scenario,
    session: &'a str,
    contact: &'a str,
}

/// The code line a response to `scenario` must carry: `CODE=<code>`, or
/// `code = <code>` in the CentralNic Reseller layout (`/cnr/`).
fn expected_code(scenario: &Scenario, code: &str) -> String {
    if scenario.target.starts_with("/cnr/") {
        format!("\ncode = {code}\n")
    } else {
        format!("CODE={code}\r\n")
    }
}

/// Pairs sent so far in this run: every pair gets its own `$SEQ`.
static PAIRS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Drives `connections` keep-alive connections for one slice; every response
/// must contain `expected` (see [`expected_code`]). Connection `n` fills in `$CONN` with `n` and,
/// for a scenario with a `then` request, alternates the two, each pair with
/// a new `$SEQ`.
async fn run_load(
    addr: SocketAddr,
    requests: &Requests<'_>,
    connections: usize,
    expected: &str,
) -> Load {
    let expected = expected.to_owned();
    let started = Instant::now();
    let deadline = started + SLICE;
    let mut tasks = Vec::new();
    for connection in 0..connections {
        let scenario: &'static Scenario = requests.scenario;
        let (session, contact) = (requests.session.to_owned(), requests.contact.to_owned());
        let make =
            move |second, seq| request_bytes(scenario, second, &session, &contact, connection, seq);
        let mut pair = [make(false, 0), make(true, 0)];
        let paired = scenario.then.is_some();
        let expected = expected.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await.expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            let mut buffer = Vec::new();
            let mut latencies = Vec::new();
            let mut turn = 0;
            // A pair always ends on its second request, so the next slice
            // starts from the same state (a deleted domain, say).
            while Instant::now() < deadline || (paired && turn % 2 == 1) {
                if paired && turn % 2 == 0 {
                    let seq = PAIRS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    pair = [make(false, seq), make(true, seq)];
                }
                let started = Instant::now();
                let request = &pair[turn % 2];
                turn += 1;
                stream.write_all(request).await.expect("write");
                let body = read_response(&mut stream, &mut buffer)
                    .await
                    .expect("response");
                latencies.push(started.elapsed());
                let text = &buffer[body.clone()];
                assert!(
                    find(text, expected.as_bytes()).is_some(),
                    "expected {expected:?} in {}",
                    String::from_utf8_lossy(text)
                );
                buffer.drain(..body.end);
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("load task"));
    }
    Load {
        latencies,
        elapsed: started.elapsed(),
    }
}

/// Reads until `buffer` starts with one whole Content-Length framed response;
/// returns the range of its body. The caller drains the response.
async fn read_response(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Range<usize>> {
    loop {
        if let Some(head_end) = find(buffer, b"\r\n\r\n") {
            let end = head_end + 4 + content_length(&buffer[..head_end]);
            if buffer.len() >= end {
                return Some(head_end + 4..end);
            }
        }
        buffer.reserve(16 * 1024);
        if stream.read_buf(buffer).await.ok()? == 0 {
            return None;
        }
    }
}

/// Where `needle` first occurs in `haystack`. The load generator shares the
/// machine with the servers it measures, so it searches as an ordinary one
/// would (`memchr`'s vectorised search): a byte-window scan cost it about
/// as much per 2 KB answer as the baseline spends serving one, which held
/// the ratios of large answers down (BENCHMARKS.md, "the load generator").
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The Content-Length of a response head (0 when absent).
fn content_length(head: &[u8]) -> usize {
    head.split(|&b| b == b'\n')
        .find_map(|line| {
            let colon = line.iter().position(|&b| b == b':')?;
            let (name, value) = line.split_at(colon);
            if !name.eq_ignore_ascii_case(b"content-length") {
                return None;
            }
            std::str::from_utf8(&value[1..]).ok()?.trim().parse().ok()
        })
        .unwrap_or(0)
}

async fn start_otebox(registry: Registry) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    // The loopback client is a trusted proxy: access-locked-out names its
    // locked address in s_remoteaddr.
    let config = otebox::server::Config {
        trusted_proxies: vec!["127.0.0.1/32".parse().expect("a subnet")],
        ..otebox::server::Config::default()
    };
    tokio::spawn(otebox::server::serve(
        listener,
        config,
        registry,
        std::future::pending(),
    ));
    addr
}

/// The speed-of-light server: reads the body, answers the fixed `body`.
async fn start_baseline(body: Bytes) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(baseline::serve(listener, body));
    addr
}

/// Resident set size of this process, from /proc (0 where unavailable).
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm
        .split_whitespace()
        .nth(1)
        .and_then(|pages| pages.parse::<u64>().ok())
        .unwrap_or(0)
        * 4096
}

/// The wall time, as the served registry's clock reads it.
fn wall_now() -> Timestamp {
    Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("clock")
            .as_secs(),
    )
}
