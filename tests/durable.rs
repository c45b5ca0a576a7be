//! `--durable` with the shipped binary: the state survives a clean restart
//! and a SIGKILL (domains, an admin-created account, the clock, a session,
//! registrant verifications);
//! a SIGKILL during a burst of registrations loses no acknowledged one and
//! leaves nothing half done; a torn last record is dropped with a warning,
//! a corrupt middle one stops the start naming the file and offset; the
//! journal is compacted so that a restart replays few records; kills in
//! a row replay every segment in order; a restore is kept, abuse counters
//! (a lock-out) are not; without the flag a restart is a fresh sandbox.

mod durable_support;
mod shipped;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use durable_support::*;
use shipped::fresh_root;

#[test]
fn the_state_survives_a_restart_and_a_kill() {
    let root = fresh_root("durable-restart");
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    register(addr, "kept-one.com");
    register(addr, "kept-two.net");
    let created = exchange(
        addr,
        "POST",
        "/_admin/accounts",
        br#"{"login":"ci.job1","password":"ci.passw0rd1"}"#,
    )
    .expect("an answer");
    assert_eq!(created.0, 200, "{}", created.1);
    let session = api(addr, "command=StartSession");
    let session = property(&session, "SESSION").expect("a session").to_owned();
    let advanced = exchange(addr, "POST", "/_admin/clock?advance=30d", b"").expect("an answer");
    assert_eq!(advanced.0, 200, "{}", advanced.1);
    let before = (
        amount(addr),
        contacts(addr),
        api(addr, "command=QueryDomainList&WIDE=1"),
    );
    let verifications = "command=QueryDomainPendingRegistrantVerificationList";
    let open = api(addr, verifications);
    assert!(
        open.contains("=kept-two.net") && open.contains("=OVERDUE"),
        "{open}"
    );
    let log = server.stop();
    assert!(log.contains("durable state compacted"), "{log}");

    // A clean restart, then a kill after one more change.
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    let list = api(addr, "command=QueryDomainList&WIDE=1");
    assert_eq!((amount(addr), contacts(addr)), (before.0, before.1));
    let strip = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("RUNTIME") && !l.starts_with("QUEUETIME"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&list), strip(&before.2));
    assert_eq!(strip(&api(addr, verifications)), strip(&open));
    register(addr, "kept-three.org");
    drop(server.kill());

    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    for name in ["kept-one.com", "kept-two.net", "kept-three.org"] {
        assert_eq!(status_domain(addr, name), 200, "{name}");
    }
    // The registration replayed from the journal asked for its verification again.
    let replayed = api(addr, verifications);
    assert!(replayed.contains("[COUNT][0]=3"), "{replayed}");
    let job = call(
        addr,
        "s_login=ci.job1&s_pw=ci.passw0rd1",
        "command=StatusAccount",
    )
    .expect("an answer");
    assert_eq!(code(&job), 200, "{job}");
    let by_session = call(
        addr,
        &format!("s_session={session}"),
        "command=StatusAccount",
    )
    .expect("an answer");
    assert_eq!(code(&by_session), 200, "{by_session}");
    let clock = exchange(addr, "GET", "/_admin/clock?entity=1234", b"").expect("an answer");
    assert!(
        clock.1.contains("\"offset_seconds\":2592000"),
        "{}",
        clock.1
    );
    let metrics = exchange(addr, "GET", "/metrics", b"").expect("an answer");
    assert!(metrics.1.contains("otebox_journal_bytes "), "{}", metrics.1);
}

#[test]
fn a_kill_during_a_burst_loses_no_acknowledged_registration() {
    let root = fresh_root("durable-crash");
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    let (amount0, contacts0) = (amount(addr), contacts(addr));
    register(addr, "price-probe.com");
    let price = amount0 - amount(addr);
    assert_eq!(
        contacts(addr),
        contacts0 + 1,
        "one contact per registration"
    );
    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let attempted = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..4)
        .map(|thread| {
            let (acknowledged, attempted, stop) =
                (acknowledged.clone(), attempted.clone(), stop.clone());
            std::thread::spawn(move || {
                for i in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let name = format!("burst-{thread}-{i}.com");
                    attempted.lock().unwrap().push(name.clone());
                    match call(addr, USER, &add_domain(&name, &name)) {
                        Some(answer) if code(&answer) == 200 => {
                            acknowledged.lock().unwrap().insert(name);
                        }
                        Some(answer) if code(&answer) == 0 => break,
                        Some(answer) => panic!("{name}: {answer}"),
                        None => break,
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    drop(server.kill());
    stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread.join().expect("a client thread");
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let attempted = attempted.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 20,
        "only {} acknowledged",
        acknowledged.len()
    );

    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    let mut registered = 1; // price-probe.com
    for name in &attempted {
        let status = status_domain(addr, name);
        if acknowledged.contains(name) {
            assert_eq!(status, 200, "{name} was acknowledged");
        }
        if status == 200 {
            registered += 1;
        } else {
            let check = api(addr, &format!("command=CheckDomains&DOMAIN0={name}"));
            assert!(
                check.contains("PROPERTY[DOMAINCHECK][0]=210"),
                "{name}: {check}"
            );
        }
    }
    let charged = amount0 - amount(addr);
    assert!(
        (charged - price * registered as f64).abs() < 0.001,
        "charged {charged} for {registered}"
    );
    assert_eq!(contacts(addr), contacts0 + registered as u64);
}

/// The highest journal segment of a data directory.
fn last_segment(root: &Path) -> PathBuf {
    let mut segments: Vec<PathBuf> = std::fs::read_dir(root.join("data/durable"))
        .expect("the durable directory")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "log"))
        .collect();
    segments.sort();
    segments.pop().expect("a segment")
}

#[test]
fn a_torn_last_record_is_dropped_with_a_warning() {
    let root = fresh_root("durable-torn");
    let server = Server::start(&root, &["--durable"]);
    register(server.addr, "torn-one.com");
    register(server.addr, "torn-two.com");
    drop(server.kill());
    let segment = last_segment(&root);
    let mut bytes = std::fs::read(&segment).expect("the segment");
    let good = bytes.len();
    // A record cut short: its head announces more than follows.
    bytes.extend_from_slice(&[200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, b's', b'_']);
    std::fs::write(&segment, &bytes).expect("written");
    let server = Server::start(&root, &["--durable"]);
    assert_eq!(status_domain(server.addr, "torn-one.com"), 200);
    assert_eq!(status_domain(server.addr, "torn-two.com"), 200);
    register(server.addr, "torn-three.com");
    // A clean stop: the log writer writes its last batch (a kill may cut it).
    let log = server.stop();
    assert!(log.contains("torn last record"), "{log}");
    assert!(log.contains(&format!("offset={good}")), "{log}");
}

#[test]
fn a_corrupt_record_in_the_middle_names_file_and_offset() {
    let root = fresh_root("durable-corrupt");
    let server = Server::start(&root, &["--durable"]);
    register(server.addr, "mid-one.com");
    register(server.addr, "mid-two.com");
    drop(server.kill());
    let segment = last_segment(&root);
    let mut bytes = std::fs::read(&segment).expect("the segment");
    bytes[16 + 12 + 20] ^= 0x55;
    std::fs::write(&segment, &bytes).expect("written");
    let why = failed_start(&root, &["--durable"]);
    assert!(why.contains(&segment.display().to_string()), "{why}");
    assert!(why.contains("byte offset 16"), "{why}");
    assert!(why.contains("corrupt"), "{why}");
}

/// A second otebox on a durable directory in use is refused at start (the
/// directory's lock file), and the first goes on serving; after the first
/// is killed, the directory opens again (the OS drops the lock with it).
#[test]
fn a_second_process_on_the_same_directory_is_refused() {
    let root = fresh_root("durable-lock");
    let first = Server::start(&root, &["--durable"]);
    register(first.addr, "held.com");
    let why = failed_start(&root, &["--durable"]);
    assert!(
        why.contains("another otebox process is using this directory"),
        "{why}"
    );
    assert_eq!(status_domain(first.addr, "held.com"), 200);
    drop(first.kill());
    let second = Server::start(&root, &["--durable"]);
    assert_eq!(status_domain(second.addr, "held.com"), 200);
}

#[test]
fn the_journal_is_compacted_and_replay_stays_short() {
    let root = fresh_root("durable-compact");
    let args = ["--durable", "--durable-compact-records", "25"];
    let server = Server::start(&root, &args);
    for i in 0..120 {
        register(server.addr, &format!("many-{i}.com"));
    }
    // The compactor runs on its own thread: give it a moment.
    std::thread::sleep(Duration::from_millis(500));
    drop(server.kill());
    // Compactions started new segments (the start made number 1).
    let last = last_segment(&root);
    let name = last
        .file_name()
        .and_then(|name| name.to_str())
        .expect("a name");
    assert!(name > "journal-0000000003.log", "{name}");
    let started = Instant::now();
    let server = Server::start(&root, &args);
    let elapsed = started.elapsed();
    for i in (0..120).step_by(7) {
        assert_eq!(status_domain(server.addr, &format!("many-{i}.com")), 200);
    }
    let log = server.stop();
    let replayed: u64 = log
        .split("replayed=")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no replayed= in {log}"));
    assert!(replayed < 50, "replayed {replayed} records: {log}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[test]
fn without_durable_a_restart_is_a_fresh_sandbox() {
    let root = fresh_root("durable-off");
    let server = Server::start(&root, &[]);
    register(server.addr, "gone-after.com");
    drop(server.stop());
    assert!(!root.join("data/durable").exists());
    let server = Server::start(&root, &[]);
    let check = api(server.addr, "command=CheckDomains&DOMAIN0=gone-after.com");
    assert!(check.contains("PROPERTY[DOMAINCHECK][0]=210"), "{check}");
}

#[test]
fn kills_in_a_row_replay_every_segment_in_order() {
    let root = fresh_root("durable-kills");
    let names = ["row-one.com", "row-two.com", "row-three.com"];
    for (round, name) in names.iter().enumerate() {
        let server = Server::start(&root, &["--durable"]);
        for earlier in &names[..round] {
            assert_eq!(status_domain(server.addr, earlier), 200, "{earlier}");
        }
        register(server.addr, name);
        // Changed after it was created: the replay keeps the order.
        let answer = api(
            server.addr,
            &format!("command=ModifyDomain&DOMAIN={name}&TRANSFERLOCK=1"),
        );
        assert_eq!(code(&answer), 200, "{answer}");
        drop(server.kill());
    }
    let server = Server::start(&root, &["--durable"]);
    for name in names {
        let answer = api(server.addr, &format!("command=StatusDomain&DOMAIN={name}"));
        assert_eq!(property(&answer, "TRANSFERLOCK"), Some("1"), "{answer}");
    }
    let segments = std::fs::read_dir(root.join("data/durable"))
        .expect("the directory")
        .count();
    assert!(
        segments >= 4,
        "one segment per run and the state file: {segments}"
    );
}

#[test]
fn a_restore_is_kept_and_abuse_counters_are_not() {
    let root = fresh_root("durable-restore");
    let args = ["--durable", "--lockout-failures", "3"];
    let server = Server::start(&root, &args);
    let addr = server.addr;
    register(addr, "before-snapshot.com");
    let file = snapshot_bytes(addr);
    register(addr, "after-snapshot.com");
    let (status, text) =
        exchange(addr, "POST", "/_admin/restore?entity=1234", &file).expect("an answer");
    assert_eq!(status, 200, "{text}");
    // Three wrong passwords lock test.user out (for a while).
    for _ in 0..3 {
        let answer = call(
            addr,
            "s_login=test.user&s_pw=wrong",
            "command=StatusAccount",
        )
        .expect("an answer");
        assert_eq!(code(&answer), 530, "{answer}");
    }
    let locked = api(addr, "command=StatusAccount");
    assert_ne!(code(&locked), 200, "locked out: {locked}");
    drop(server.kill());

    let server = Server::start(&root, &args);
    assert_eq!(status_domain(server.addr, "before-snapshot.com"), 200);
    let check = api(
        server.addr,
        "command=CheckDomains&DOMAIN0=after-snapshot.com",
    );
    assert!(check.contains("PROPERTY[DOMAINCHECK][0]=210"), "{check}");
    // The lock-out was not replayed: abuse counters start at rest.
    let answer = api(server.addr, "command=StatusAccount");
    assert_eq!(code(&answer), 200, "{answer}");
}
