//! Hot-path profile, in process, with a counting global allocator: per
//! scenario, the time and heap allocations of the three stages of a request,
//! `wire::parse`, `execute` (the only part run under the registry lock, so its
//! time is the lock hold time) and `wire::encode`; the cost of one password
//! check; and the heap bytes one account and one session really take (the load
//! benchmark can only show resident-set deltas).
//!
//! ```text
//! cargo bench --bench hotpath
//! ```
//!
//! Times include the allocator counting (two relaxed atomic adds per
//! allocation), so they are a little above what the server pays.

use std::alloc::{GlobalAlloc, Layout, System as SystemAllocator};
use std::hint::black_box;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use otebox::registry::{DEMO_PASSWORD, Entity, Principal, Registry, SessionOptions, Timestamp};
use otebox::{Meta, execute, handle, wire};

mod scenarios;
use scenarios::{SCENARIOS, fill, preload_domains, query_and_body};

/// Counts allocations, bytes requested and bytes live.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicI64 = AtomicI64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        ALLOCATED.fetch_add(layout.size() as u64, Relaxed);
        LIVE.fetch_add(layout.size() as i64, Relaxed);
        unsafe { SystemAllocator.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        ALLOCATED.fetch_add(layout.size() as u64, Relaxed);
        LIVE.fetch_add(layout.size() as i64, Relaxed);
        unsafe { SystemAllocator.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as i64, Relaxed);
        unsafe { SystemAllocator.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        ALLOCATED.fetch_add(new_size as u64, Relaxed);
        LIVE.fetch_add(new_size as i64 - layout.size() as i64, Relaxed);
        unsafe { SystemAllocator.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes requested while `f` runs `runs` times, per run.
fn allocations(runs: u64, mut f: impl FnMut()) -> (f64, f64) {
    let (count, bytes) = (ALLOCATIONS.load(Relaxed), ALLOCATED.load(Relaxed));
    for _ in 0..runs {
        f();
    }
    let count = ALLOCATIONS.load(Relaxed) - count;
    let bytes = ALLOCATED.load(Relaxed) - bytes;
    (count as f64 / runs as f64, bytes as f64 / runs as f64)
}

/// Nanoseconds per run of `f`: the best of three rounds after a warm-up, so
/// that a frequency ramp or a neighbour's burst does not count.
fn nanos(runs: u64, mut f: impl FnMut()) -> f64 {
    for _ in 0..runs / 10 {
        f();
    }
    (0..3)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..runs {
                f();
            }
            started.elapsed().as_nanos() as f64 / runs as f64
        })
        .fold(f64::INFINITY, f64::min)
}

const NOW: Timestamp = Timestamp(1_767_225_600);

/// The route a scenario's target reaches, as the server picks it.
fn route_of(target: &str) -> otebox::dialect::Route {
    if target.starts_with("/cnr/") {
        otebox::dialect::Route::Cnr
    } else {
        otebox::dialect::Route::DEFAULT
    }
}

fn main() {
    // `cargo test --benches` runs bench targets without `--bench`; stay quick then.
    let runs = if std::env::args().any(|a| a == "--bench") {
        100_000
    } else {
        100
    };
    let meta = Meta {
        peer: [127, 0, 0, 1].into(),
        now: NOW,
        route: otebox::dialect::Route::DEFAULT,
        forwarded: None,
        trusted_proxy: false,
        slow: None,
    };
    println!(
        "{:<24} {:>9} {:>7} {:>11} {:>7} {:>9} {:>7} {:>10}",
        "scenario", "parse", "allocs", "execute", "allocs", "encode", "allocs", "bytes/req"
    );
    // OTEBOX_BENCH_SCENARIOS=a,b runs only the scenarios whose names start so
    // (and skips the memory figures), as in the load benchmark.
    let filter = std::env::var("OTEBOX_BENCH_SCENARIOS").unwrap_or_default();
    let chosen = |name: &str| filter.is_empty() || filter.split(',').any(|f| name.starts_with(f));
    // OTEBOX_BENCH_ACCOUNTS=n preloads n more accounts of 100 domains each.
    let accounts = std::env::var("OTEBOX_BENCH_ACCOUNTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for scenario in SCENARIOS.iter().filter(|s| chosen(s.name)) {
        let mut registry = scenarios::registry();
        let contact = preload_domains(&mut registry, accounts);
        let start = handle(
            &mut registry,
            &meta,
            b"",
            b"s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStartSession",
        );
        let session = start
            .response
            .first("SESSION")
            .expect("a session")
            .to_owned();
        let (query, body) = query_and_body(scenario, &session, &contact);
        let (query, body) = (query.as_bytes(), body.as_bytes());
        // As in the load benchmark, the client is a trusted proxy.
        let meta = Meta {
            route: route_of(scenario.target),
            forwarded: None,
            trusted_proxy: true,
            ..meta
        };
        let request = wire::parse(query, body).expect("parses");
        // A pair (AddDomain, DeleteDomain; two failed logins) runs both
        // halves per round, each round with a new name (a deleted domain
        // stays registered while it can be restored) or client address (the
        // eleventh failure from one is locked out); its execute figures are
        // for the pair and include building and parsing its two requests.
        let mut seq = 0;
        let mut pair = |registry: &mut Registry| {
            seq += 1;
            let then = scenario.then.expect("a pair");
            let add = fill(scenario.body, &session, &contact, 0, seq);
            let delete = fill(then, &session, &contact, 0, seq);
            let add = wire::parse(b"", add.as_bytes()).expect("parses");
            let delete = wire::parse(b"", delete.as_bytes()).expect("parses");
            let added = execute(registry, &meta, &add);
            let deleted = execute(registry, &meta, &delete);
            let codes = (added.response.code, deleted.response.code);
            let wanted = scenario.code.parse().expect("a code");
            assert_eq!(codes, (wanted, wanted), "{}", scenario.name);
            added
        };
        let response = match scenario.then {
            Some(_) => pair(&mut registry).response,
            None => execute(&mut registry, &meta, &request).response,
        };
        assert_eq!(
            response.code.to_string(),
            scenario.code,
            "{}: {response:?}",
            scenario.name,
        );
        let parse = || wire::parse(black_box(query), black_box(body));
        let parse_nanos = nanos(runs, || drop(black_box(parse())));
        let parse_allocs = allocations(1_000, || drop(black_box(parse())));
        let mut run = || match scenario.then {
            Some(_) => pair(&mut registry),
            None => execute(&mut registry, &meta, black_box(&request)),
        };
        let execute_nanos = nanos(runs, || drop(black_box(run())));
        let execute_allocs = allocations(1_000, || drop(black_box(run())));
        let encode = || wire::encode(black_box(&response));
        let encode_nanos = nanos(runs, || drop(black_box(encode())));
        let encode_allocs = allocations(1_000, || drop(black_box(encode())));
        println!(
            "{:<24} {:>6.0} ns {:>7.1} {:>8.0} ns {:>7.1} {:>6.0} ns {:>7.1} {:>10.0}",
            scenario.name,
            parse_nanos,
            parse_allocs.0,
            execute_nanos,
            execute_allocs.0,
            encode_nanos,
            encode_allocs.0,
            parse_allocs.1 + execute_allocs.1 + encode_allocs.1,
        );
    }

    let registry = Registry::new(1);
    let user = registry
        .system(Entity::Ote)
        .user("test.user")
        .expect("demo user");
    let verify = nanos(runs, || {
        black_box(user.password.verify(black_box(DEMO_PASSWORD)));
    });
    println!("\npassword check (salted SHA-256, constant-time compare): {verify:.0} ns");

    if filter.is_empty() {
        memory();
    }
    if filter.is_empty() || filter.contains("advance") {
        clock_advance();
    }
}

/// A year of the sandbox clock over 10,000 and over 1,000,000 domains, of
/// which 1,000 fall due (one-year registrations: auto-renewed and charged;
/// the rest are two-year ones). Runs as the admin endpoint does, in batches
/// of 1,024 jobs (the lock is free between them): the total time should
/// follow the due jobs, not the domains, and the longest batch bounds how
/// long a request may wait for the lock.
fn clock_advance() {
    const DUE: usize = 1_000;
    println!();
    for total in [10_000, 1_000_000] {
        let mut registry = Registry::new(1);
        let meta = Meta::loopback(NOW);
        let contact = "%0AFIRSTNAME%3DBench%0ALASTNAME%3DUser%0ASTREET%3DMain%20St%201%0ACITY%3DBerlin%0AZIP%3D10115%0ACOUNTRY%3DDE%0APHONE%3D%2B49.301234567%0AEMAIL%3Dbench%40example.net";
        for account in 0..total / 100 {
            let login = format!("year.user{account}");
            registry
                .system_mut(Entity::Ote)
                .add_user(&login, "pw")
                .expect("new bench user");
            let auth = format!("s_entity=1234&s_login={login}&s_pw=pw&s_command=COMMAND%3D");
            let added = handle(
                &mut registry,
                &meta,
                b"",
                format!("{auth}AddContact{contact}").as_bytes(),
            );
            let handle_id = added
                .response
                .first("CONTACT")
                .expect("a contact")
                .to_owned();
            for n in 0..100 {
                let period = if account * 100 + n < DUE { 1 } else { 2 };
                let body = format!(
                    "{auth}AddDomain%0ADOMAIN%3Dyear{account}-{n}.com%0APERIOD%3D{period}%0AOWNERCONTACT0%3D{handle_id}%0AADMINCONTACT0%3D{handle_id}%0ATECHCONTACT0%3D{handle_id}%0ABILLINGCONTACT0%3D{handle_id}"
                );
                assert_eq!(handle_request(&mut registry, &meta, &body), 200);
            }
        }
        let system = registry.system_mut(Entity::Ote);
        let target = Timestamp(NOW.0 + 365 * 86_400);
        let started = Instant::now();
        system.set_target(NOW, target).expect("forward");
        let (before, mut longest) = (system.jobs_ran(), Duration::ZERO);
        while system.jobs_due(NOW) {
            let batch = Instant::now();
            system.tick(NOW, 1_024);
            longest = longest.max(batch.elapsed());
        }
        let elapsed = started.elapsed();
        println!(
            "advance 365d over {total} domains: {} jobs ran in {:.2} ms (longest batch of 1,024: {:.2} ms)",
            system.jobs_ran() - before,
            elapsed.as_secs_f64() * 1e3,
            longest.as_secs_f64() * 1e3
        );
    }
}

/// Heap bytes per account and per session, as the live-byte delta of adding
/// 10,000 accounts and 100,000 sessions (map growth included).
fn memory() {
    // The benches' registry: one account may hold the 100,000 sessions.
    let mut registry = scenarios::registry();
    let before = LIVE.load(Relaxed);
    for i in 0..10_000 {
        registry
            .system_mut(Entity::Ote)
            .add_user(&format!("bench.user{i}"), "pw")
            .expect("new user");
    }
    let accounts = LIVE.load(Relaxed);
    let principal = Principal {
        account: "test.user".into(),
        role: None,
    };
    for _ in 0..100_000 {
        registry
            .system_mut(Entity::Ote)
            .start_session(principal.clone(), SessionOptions::default(), NOW)
            .expect("session");
    }
    let sessions = LIVE.load(Relaxed);
    println!(
        "heap per account: {} bytes (10,000 added); per session: {} bytes (100,000 open)",
        (accounts - before) / 10_000,
        (sessions - accounts) / 100_000
    );
    drop(registry);

    // Domains: 1,000 accounts with 100 domains each first, then the marginal
    // cost of 100,000 more (record, name index, owner index, usage counts).
    let mut registry = Registry::new(1);
    let contact_of = |registry: &Registry, login: &str| {
        registry
            .system(Entity::Ote)
            .domain(&format!("{login}-0.com"))
            .map(|domain| domain.contacts[0][0].to_string())
            .expect("a preloaded domain")
    };
    preload_domains(&mut registry, 1_000);
    let meta = Meta {
        peer: [127, 0, 0, 1].into(),
        now: NOW,
        route: otebox::dialect::Route::DEFAULT,
        forwarded: None,
        trusted_proxy: false,
        slow: None,
    };
    let before = LIVE.load(Relaxed);
    for i in 0..1_000 {
        let handle = contact_of(&registry, &format!("bench{i}"));
        for n in 0..100 {
            let body = format!(
                "s_entity=1234&s_login=bench.user{i}&s_pw=pw&s_command=COMMAND%3DAddDomain%0ADOMAIN%3Dmore{i}-{n}.com%0AOWNERCONTACT0%3D{handle}%0AADMINCONTACT0%3D{handle}%0ATECHCONTACT0%3D{handle}%0ABILLINGCONTACT0%3D{handle}%0ANAMESERVER0%3Dns1.example.net%0ANAMESERVER1%3Dns2.example.net"
            );
            let outcome = handle_request(&mut registry, &meta, &body);
            assert_eq!(outcome, 200);
        }
    }
    let after = LIVE.load(Relaxed);
    println!(
        "heap per domain: {} bytes (100,000 added to 100,000, two nameservers each)",
        (after - before) / 100_000
    );
}

fn handle_request(registry: &mut Registry, meta: &Meta, body: &str) -> u16 {
    handle(registry, meta, b"", body.as_bytes()).response.code
}
