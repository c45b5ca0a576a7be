//! Unit tests of `objectlog.rs`: the caps, the OPERATIONINFO lines against
//! WHMCS's regex, the entry's size.
use super::*;
use crate::registry::Entity;
use crate::registry::Registry;

#[test]
fn caps_per_object_and_per_account_drop_the_oldest() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let (op, ok) = (Op::Update, OpStatus::Successful);
    for n in 0..(PER_OBJECT + 5) {
        system.log_object(LogEntry::new(Timestamp(n as u64), "a", "x.com", op, ok));
    }
    let kept: Vec<u64> = system
        .log_of("a", Some("x.com"))
        .map(|(id, _)| id)
        .collect();
    assert_eq!(kept.len(), PER_OBJECT);
    assert_eq!(kept[0], FIRST_INDEX + 5);
    assert!(system.log_entry(FIRST_INDEX).is_none());
    for n in 0..PER_ACCOUNT {
        let name = format!("d{n}.com");
        system.log_object(LogEntry::new(Timestamp(200), "a", &name, op, ok));
    }
    assert_eq!(system.log_of("a", None).count(), PER_ACCOUNT);
    assert_eq!(system.log_of("a", Some("x.com")).count(), 0);
    assert!(
        !system
            .objectlog
            .by_object
            .contains_key(&object_key("a", "x.com"))
    );
    assert_eq!(system.log_of("b", None).count(), 0);
    // A one-entry object leaves the index with its entry.
    system.log_object(LogEntry::new(Timestamp(300), "a", "y.com", op, ok));
    assert_eq!(system.log_of("a", Some("d0.com")).count(), 0);
    assert!(
        !system
            .objectlog
            .by_object
            .contains_key(&object_key("a", "d0.com"))
    );
    assert_eq!(system.log_of("a", Some("d1.com")).count(), 1);
    assert_eq!(system.log_of("b", Some("d1.com")).count(), 0);
}

#[test]
fn lines_end_with_eof_and_the_command_block_is_what_whmcs_reads() {
    let info = Info::lines(
        Some(("test.user", "192.0.2.10")),
        [
            ("COMMAND", "TransferDomain"),
            ("DOMAIN", "x.com"),
            ("AUTH", "***"),
        ],
        200,
        "Command completed successfully",
        true,
    );
    let lines = info.render("x.com");
    assert_eq!(lines.last().map(String::as_str), Some("EOF"));
    let text = lines.join("\r\n");
    // WHMCS: /\[COMMAND\]\r\n(.+)\r\nEOF\r\n/ms, greedy: the last
    // "\r\nEOF\r\n" after [COMMAND] must be the command's own.
    let start = text.find("[COMMAND]\r\n").expect("command block") + 11;
    let body = &text[start..];
    let matches: Vec<_> = body.match_indices("\r\nEOF\r\n").collect();
    assert_eq!(matches.len(), 1, "{text}");
    let captured = &body[..matches[0].0];
    let pairs: Vec<_> = captured
        .split("\r\n")
        .filter_map(|line| line.split_once('='))
        .collect();
    assert_eq!(
        pairs,
        [
            ("COMMAND", "TransferDomain"),
            ("DOMAIN", "x.com"),
            ("AUTH", "***")
        ]
    );
    let short = Info::Short {
        command: "AddDomain",
        pending: false,
    };
    let lines = short.render("x.com");
    assert_eq!(
        lines[..3],
        ["[COMMAND]", "COMMAND=AddDomain", "DOMAIN=x.com"]
    );
    assert_eq!(lines.last().map(String::as_str), Some("EOF"));
    assert_eq!(lines.iter().filter(|l| *l == "EOF").count(), 2);
}

#[test]
fn entry_stays_small() {
    assert!(
        std::mem::size_of::<Stored>() <= 40,
        "{}",
        std::mem::size_of::<Stored>()
    );
    assert!(
        std::mem::size_of::<LogEntry>() <= 88,
        "{}",
        std::mem::size_of::<LogEntry>()
    );
}

#[test]
fn an_old_entry_does_not_pin_the_dropped_slots_after_it() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let (op, ok) = (Op::Update, OpStatus::Successful);
    // "a" logs once; "b" churns through its 100-entry bound of one object.
    let kept = system
        .log_object(LogEntry::new(Timestamp(1), "a", "x.com", op, ok))
        .expect("not held");
    for n in 0..(3 * SLACK + 500) {
        system.log_object(LogEntry::new(Timestamp(n as u64), "b", "y.com", op, ok));
    }
    let log = &system.objectlog;
    assert!(
        log.entries.len() <= 2 * log.live + SLACK,
        "{}",
        log.entries.len()
    );
    assert_eq!(log.live + log.stragglers.len(), PER_OBJECT + 1);
    assert!(log.stragglers.contains_key(&kept));
    let entry = system.log_entry(kept).expect("a's entry is kept");
    assert_eq!((entry.account, entry.object), ("a", "x.com"));
    assert_eq!(system.log_of("a", None).count(), 1);
    assert_eq!(system.log_of("a", Some("x.com")).count(), 1);
    let b: Vec<u64> = system.log_of("b", None).map(|(id, _)| id).collect();
    assert_eq!(b.len(), PER_OBJECT);
    assert!(b.iter().all(|id| system.log_entry(*id).is_some()));
    assert!(system.log_entry(b[0] - 1).is_none());
    // Each account's name is kept once.
    assert_eq!(system.objectlog.accounts.len(), 2);
}

#[test]
fn a_kept_entry_reads_back_as_it_was_written() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let (op, ok) = (Op::Transfer, OpStatus::Request);
    let short = |pending| Info::Short {
        command: "TransferDomain",
        pending,
    };
    let written = [
        LogEntry {
            info: short(true),
            ..LogEntry::new(Timestamp(5), "a", "x.com", op, ok)
        }
        .by("a", "ops"),
        LogEntry {
            info: short(false),
            ..LogEntry::new(Timestamp(6), "a", "x.com", op, ok)
        },
        LogEntry::job(Timestamp(7), "a", "x.com", (op, ok), "JOB", 200, "done"),
    ];
    for entry in written.clone() {
        system.log_object(entry);
    }
    let read: Vec<_> = system.log_of("a", Some("x.com")).collect();
    assert_eq!(read.len(), 3);
    for ((_, got), want) in read.iter().zip(&written) {
        assert_eq!(
            (got.date, got.account, got.object, got.op, got.status),
            (want.date, "a", "x.com", want.op, want.status)
        );
        assert_eq!((got.user(), got.role()), (want.user(), want.role()));
        assert_eq!(got.lines(), want.info.render("x.com"));
    }
    assert!(read[0].1.lines().iter().any(|line| line == "PENDING=1"));
    assert_eq!(read[0].1.role(), "ops");
}
