//! The log's unit tests: the line format, the digits, the drop count.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::writer::{self, BACKLOG_LIMIT, DEFERRED_LIMIT, write_batches};
use super::*;

/// A writer the test can read after the sink is closed.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A batch whose writer writes once, at once ([`write_batches`] on this thread).
fn closing() -> Shared {
    Shared {
        batch: Mutex::new(writer::Batch::default()),
        dropped: AtomicU64::new(0),
        closing: AtomicBool::new(true),
        writer: std::thread::current(),
        colour: false,
    }
}

/// The line layer writing to `sink` (spawned without colours).
fn layer(sink: &Sink) -> Lines {
    Lines {
        sink: sink.shared.clone(),
        fixed: true,
    }
}

#[test]
fn lines_are_formatted_escaped_and_all_written_on_close() {
    let out = Captured::default();
    let sink = Sink::spawn(out.clone(), false);
    let layer = layer(&sink);
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, || {
        for n in 0..1000u64 {
            tracing::info!(peer = %"127.0.0.1", login = "a\"b\nc", n, "Command completed successfully");
        }
        tracing::warn!("accept failed");
    });
    sink.close();
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1001, "{text}");
    let first = lines[0];
    assert!(
        first.ends_with(
            " INFO otebox::log::tests: Command completed successfully peer=127.0.0.1 login=\"a\\\"b\\nc\" n=0"
        ),
        "{first}"
    );
    assert_eq!(first.as_bytes()[10], b'T', "{first}");
    assert_eq!(first.as_bytes()[26], b'Z', "{first}");
    assert!(lines[1000].ends_with(" WARN otebox::log::tests: accept failed"));
    assert!(lines[999].ends_with(" n=999"), "{}", lines[999]);
}

#[test]
fn digits_are_padded_to_their_width() {
    let mut text = String::new();
    for (value, width) in [(0, 1), (7, 6), (123_456, 6), (u64::MAX, 1)] {
        push_digits(&mut text, value, width);
        text.push(' ');
    }
    assert_eq!(text, "0 000007 123456 18446744073709551615 ");
}

#[test]
fn a_full_backlog_drops_and_counts_lines_and_the_writer_says_so() {
    let shared = closing();
    let big = vec![b'x'; BACKLOG_LIMIT / 2];
    shared.push(&big);
    shared.push(b"second\n");
    shared.push(&big);
    shared.push(b"third\n");
    assert_eq!(shared.dropped.load(Ordering::Relaxed), 1);
    let mut out = Vec::new();
    write_batches(&shared, &mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("second\nthird\n"));
    assert!(
        text.ends_with(
            " otebox: 1 log lines dropped in all: the log writer fell behind its output\n"
        ),
        "{}",
        &text[text.len() - 100..]
    );
}

#[test]
fn plain_texts_are_told_eight_bytes_at_a_time_as_byte_by_byte() {
    let by_byte = |text: &str| {
        text.bytes()
            .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    };
    assert!(is_plain("StatusAccount") && is_plain("test.user!ci") && is_plain(""));
    for len in [1, 7, 8, 9, 15, 16, 17, 24] {
        for at in 0..len {
            for odd in (0u8..=255).filter(|b| b.is_ascii()) {
                let mut text = vec![b'a'; len];
                text[at] = odd;
                let text = String::from_utf8(text).unwrap();
                assert_eq!(is_plain(&text), by_byte(&text), "{text:?}");
            }
            let mut text = "b".repeat(len);
            text.replace_range(at..=at, "é");
            assert!(!is_plain(&text), "{text:?}");
        }
    }
}

#[test]
fn a_line_switch_asks_the_filter_until_the_log_is_installed() {
    // No `init` in unit tests: nothing is kept, every call asks.
    let switch = Enabled::new();
    let mut asked = 0;
    for answer in [true, false, true] {
        assert_eq!(
            switch.get(|| {
                asked += 1;
                answer
            }),
            answer
        );
    }
    assert_eq!(asked, 3);
}

/// A line the writer formats, as the request line is.
struct Later(u64);

impl Deferred for Later {
    fn at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_micros(self.0)
    }
    fn write(&self, line: &mut Line<'_>) {
        line.message("later");
        line.number(crate::key!("n"), self.0);
    }
}

#[test]
fn deferred_lines_are_formatted_by_the_writer_in_their_place() {
    let out = Captured::default();
    let sink = Sink::spawn(out.clone(), false);
    sink.shared.push(b"first\n");
    let deferred: Arc<dyn Deferred> = Arc::new(Later(1_764_115_200_000_007));
    assert!(
        sink.shared
            .defer(Level::INFO, "t", deferred.clone())
            .is_ok()
    );
    sink.shared.push(b"third\n");
    assert!(
        sink.shared
            .defer(Level::WARN, "u", Arc::new(Later(8)))
            .is_ok()
    );
    sink.close();
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        text,
        "first\n2025-11-26T00:00:00.000007Z  INFO t: later n=1764115200000007\nthird\n\
         1970-01-01T00:00:00.000008Z  WARN u: later n=8\n"
    );
    // The writer let go of what it wrote.
    assert_eq!(Arc::strong_count(&deferred), 1);
}

#[test]
fn a_full_batch_of_deferred_lines_gives_the_next_one_back() {
    let shared = closing();
    for n in 0..DEFERRED_LIMIT as u64 {
        assert!(shared.defer(Level::INFO, "t", Arc::new(Later(n))).is_ok());
    }
    assert!(shared.defer(Level::INFO, "t", Arc::new(Later(0))).is_err());
    let mut out = Vec::new();
    write_batches(&shared, &mut out);
    assert_eq!(out.iter().filter(|b| **b == b'\n').count(), DEFERRED_LIMIT);
    assert!(shared.defer(Level::INFO, "t", Arc::new(Later(0))).is_ok());
}

#[test]
fn a_message_cannot_break_its_line() {
    let mut text = String::new();
    Line(&mut text).message("unknown login evil\ncode=200\r\u{1b}[2J in OT&E \"quoted\" \\ é");
    assert_eq!(
        text,
        " unknown login evil\\ncode=200\\r\\u{1b}[2J in OT&E \"quoted\" \\ é"
    );
    let out = Captured::default();
    let sink = Sink::spawn(out.clone(), false);
    let layer = layer(&sink);
    tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
        tracing::warn!("bad {}", "a\nb");
    });
    sink.close();
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.ends_with(" WARN otebox::log::tests: bad a\\nb\n"),
        "{text}"
    );
}

#[test]
fn a_message_is_one_line_unless_it_holds_a_control_character() {
    use super::fields::is_one_line;
    for (message, one) in [
        ("Command completed successfully", true),
        ("", true),
        ("Authorization failed; dömäin é ✓", true),
        ("tab\there", false),
        ("delete\u{7f}", false),
        ("next line\u{85}", false),
        ("escape \u{1b}[2J", false),
        ("end\n", false),
    ] {
        assert_eq!(is_one_line(message), one, "{message:?}");
    }
}
