//! The log: a `tracing` layer that writes each event as one line, and the
//! writer thread that puts those lines on stderr in batches. Owns the line
//! format and the hand-off between request threads and the writer; it knows
//! nothing of requests, commands or HTTP (the server decides what to log).
//!
//! Why not `tracing_subscriber::fmt` with `tracing_appender`: at full load
//! the request log cost the shipped binary about 10% of its throughput
//! (BENCHMARKS.md, "The request log"). The generic formatter ran every field
//! through `fmt::Debug`, and the appender allocated a buffer per line and woke
//! its thread for nearly every line, on the same two cores as the server. Here
//! a line is written straight into a reused thread-local buffer, copied into
//! one shared batch under a short lock, and the writer thread is woken once
//! per batch: it waits [`BATCH_WINDOW`] for more lines, then writes them all
//! with one `write` call (`log/writer.rs`). The request line is not even
//! formatted by the thread that serves the request: [`defer`] hands the
//! writer what the line is made from, and the writer formats it in its place
//! among the others. How each field is written is `log/fields.rs`.

use std::fmt::{self, Write as _};
use std::io::IsTerminal;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

use crate::registry::Timestamp;

/// How long the writer waits after the first line of a batch before writing:
/// long enough that a busy server wakes it at most five hundred times a
/// second rather than once per request, short enough that a person watching
/// the terminal sees each request at once. Shorter batches are shorter
/// bursts of the writer's work on whichever core it runs: with 10 ms, wrk's
/// p99 against the baseline's was 1.20–1.60×, with 2 ms 1.16–1.41×, and
/// throughput the same (BENCHMARKS.md, sixth pass).
pub const BATCH_WINDOW: Duration = Duration::from_millis(2);

/// Installs the filter and the line layer as the global subscriber and starts
/// the writer thread. Keep the guard until the end of `main`: dropping it
/// writes what is left.
pub fn init(filter: &str) -> Guard {
    let sink = Sink::spawn(std::io::stderr(), std::io::stderr().is_terminal());
    let layer = Lines {
        sink: sink.shared.clone(),
        fixed: false,
    };
    let _ = DIRECT.set(Lines {
        sink: sink.shared.clone(),
        // Span and field directives (`[span]=...`) decide per event.
        fixed: !filter.contains('['),
    });
    tracing_subscriber::registry()
        .with(EnvFilter::new(quiet_libraries(filter)))
        .with(layer)
        .init();
    Guard(Some(sink))
}

/// `filter` with hickory-server's own per-query lines off below `debug`:
/// `--dns-listen` writes one line of ours per query instead (`dns.rs`). A
/// filter that names hickory itself is left as it is.
fn quiet_libraries(filter: &str) -> String {
    if filter.contains("hickory") || filter.trim() == "off" {
        filter.to_owned()
    } else {
        format!("{filter},hickory_server=warn")
    }
}

/// Writes the last batch and stops the writer thread when dropped.
pub struct Guard(Option<Sink>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(sink) = self.0.take() {
            sink.close();
        }
    }
}

/// The layer: formats each enabled event as
/// `2026-11-25T10:41:41.177664Z  INFO target: message key=value ...`.
struct Lines {
    /// The batch, and whether levels are written in colour.
    sink: Arc<Shared>,
    /// Whether the filter decides by target and level alone, so that a
    /// line's on/off can be kept ([`Enabled`]).
    fixed: bool,
}

/// The sink [`init`] installed, for lines written without `tracing`'s
/// field visitors ([`defer`]).
static DIRECT: OnceLock<Lines> = OnceLock::new();

thread_local! {
    /// The line being written, and the parts of the last line kept for the
    /// next ([`Kept`]).
    static LINE: std::cell::RefCell<(String, Kept)> =
        const { std::cell::RefCell::new((String::new(), Kept::new())) };
}

/// What the last line of a thread began with, mostly the same for the
/// next: the timestamp up to its second, and what follows the microseconds
/// (`Z`, the level, the target), with the level and target it is for.
struct Kept {
    second: u64,
    prefix: String,
    level: Level,
    target: String,
    head: String,
}

impl Kept {
    const fn new() -> Kept {
        Kept {
            second: u64::MAX,
            prefix: String::new(),
            level: Level::TRACE,
            target: String::new(),
            head: String::new(),
        }
    }
}

impl Lines {
    /// Writes one line (see [`format_line`]) in this thread's buffer and
    /// hands it to the writer.
    fn line(&self, level: Level, target: &str, at: SystemTime, body: impl FnOnce(&mut String)) {
        LINE.with(|line| {
            let Ok(mut line) = line.try_borrow_mut() else {
                return; // an event logged while formatting one: skip it
            };
            let (text, kept) = &mut *line;
            text.clear();
            format_line(text, kept, self.sink.colour, level, target, at, body);
            self.sink.push(text.as_bytes());
        });
    }
}

/// Appends one line to `text`: the timestamp, level and target (the parts
/// `kept` holds from the last line reused), then what `body` appends (a
/// leading space, the message, the fields), then LF. The serving threads
/// and the writer ([`Deferred`] lines) both write lines with it.
fn format_line(
    text: &mut String,
    kept: &mut Kept,
    colour: bool,
    level: Level,
    target: &str,
    at: SystemTime,
    body: impl FnOnce(&mut String),
) {
    let (now, micros) = since_epoch(at);
    if kept.second != now {
        kept.prefix.clear();
        let _ = write!(kept.prefix, "{}.", Timestamp(now).datetime());
        kept.prefix.replace_range(10..11, "T");
        kept.second = now;
    }
    if kept.level != level || kept.target != target {
        kept.head.clear();
        kept.head.push_str("Z ");
        kept.head.push_str(level_label(level, colour));
        kept.head.push(' ');
        kept.head.push_str(target);
        kept.head.push(':');
        kept.level = level;
        kept.target.clear();
        kept.target.push_str(target);
    }
    text.push_str(&kept.prefix);
    push_digits(text, u64::from(micros), 6);
    text.push_str(&kept.head);
    body(text);
    text.push('\n');
}

impl<S: Subscriber> Layer<S> for Lines {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let metadata = event.metadata();
        self.line(
            *metadata.level(),
            metadata.target(),
            SystemTime::now(),
            |text| {
                event.record(&mut Message(text));
                event.record(&mut Fields(text));
            },
        );
    }
}

/// A line the writer thread formats, from what the caller hands over whole
/// (the request's record: issue 14), so that the thread that serves a
/// request does not spend its time on the line. It is written in its place
/// among the other lines, in the format of every line, as a `tracing` event
/// with that message and those fields would be; the writer lets go of it
/// once written.
pub trait Deferred: Send + Sync {
    /// When it happened: the line's timestamp.
    fn at(&self) -> SystemTime;
    /// The message ([`Line::message`]) and the fields.
    fn write(&self, line: &mut Line<'_>);
}

/// Hands `line` to the writer thread to be formatted and written there (see
/// [`Deferred`]); when the writer has [`writer::DEFERRED_LIMIT`] of them
/// waiting, it is formatted here, as an event's line is. The caller asks
/// [`Enabled::get`] first; without [`init`] nothing is written.
pub fn defer(level: Level, target: &'static str, line: Arc<dyn Deferred>) {
    if let Some(lines) = DIRECT.get()
        && let Err(line) = lines.sink.defer(level, target, line)
    {
        lines.line(level, target, line.at(), |text| line.write(&mut Line(text)));
    }
}

fn level_label(level: Level, colour: bool) -> &'static str {
    match (level, colour) {
        (Level::ERROR, false) => "ERROR",
        (Level::WARN, false) => " WARN",
        (Level::INFO, false) => " INFO",
        (Level::DEBUG, false) => "DEBUG",
        (Level::TRACE, false) => "TRACE",
        (Level::ERROR, true) => "\x1b[31mERROR\x1b[0m",
        (Level::WARN, true) => "\x1b[33m WARN\x1b[0m",
        (Level::INFO, true) => "\x1b[32m INFO\x1b[0m",
        (Level::DEBUG, true) => "\x1b[34mDEBUG\x1b[0m",
        (Level::TRACE, true) => "\x1b[35mTRACE\x1b[0m",
    }
}

/// Seconds since the epoch and the microseconds within that second.
fn unix_now() -> (u64, u32) {
    since_epoch(SystemTime::now())
}

/// Seconds since the epoch of `at` and the microseconds within that second.
fn since_epoch(at: SystemTime) -> (u64, u32) {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    (since.as_secs(), since.subsec_micros())
}

/// Appends `value` in decimal, zero-padded to at least `width` digits,
/// without the formatting machinery (two of these are on every line).
fn push_digits(text: &mut String, value: u64, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(value);
    for _ in digits.len()..width {
        text.push('0');
    }
    text.push_str(digits);
}

/// Writes the `message` field, first on the line.
struct Message<'a>(&'a mut String);

impl Visit for Message<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0.push(' ');
            let start = self.0.len();
            let _ = write!(self.0, "{value:?}");
            if !fields::is_one_line(&self.0[start..]) {
                let message = self.0.split_off(start);
                fields::push_one_line(self.0, &message);
            }
        }
    }
}

/// Writes every other field as `name=value`, texts quoted and escaped as
/// Rust's `Debug` does, so that no value can break the line in two.
struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        push_text(self.0, field.name(), value);
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        push_name(self.0, field.name());
        push_digits(self.0, value, 1);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() != "message" {
            push_name(self.0, field.name());
            let _ = write!(self.0, "{value:?}");
        }
    }
}

mod fields;
mod writer;

pub use fields::{Enabled, Key, Line, is_plain};
use fields::{push_name, push_text};
use writer::{Shared, Sink};

#[cfg(test)]
mod tests;
