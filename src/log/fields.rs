//! The fields of the log's lines: how a name and a value are written
//! (texts quoted and escaped unless plain, numbers as digits), the [`Line`]
//! that a [`Deferred`](super::Deferred) line writes, and [`Enabled`], a call
//! site's on/off kept once the filter is installed. Knows nothing of the
//! writer thread or of what is logged.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU8, Ordering};

use super::DIRECT;

/// Whether the lines of one call site of [`defer`](super::defer) are on: the filter is
/// asked (`tracing::enabled!`, which looks the subscriber up each time) until
/// [`init`](super::init) has installed it, then once, and the answer kept: the filter
/// never changes after [`init`](super::init). A filter with span or field directives is
/// asked every time.
pub struct Enabled(AtomicU8);

impl Enabled {
    const UNKNOWN: u8 = 0;
    const OFF: u8 = 1;
    const ON: u8 = 2;

    pub const fn new() -> Enabled {
        Enabled(AtomicU8::new(Enabled::UNKNOWN))
    }

    /// The kept answer, else what `ask` says (`tracing::enabled!` of the site).
    #[inline]
    pub fn get(&self, ask: impl FnOnce() -> bool) -> bool {
        match self.0.load(Ordering::Relaxed) {
            Enabled::OFF => false,
            Enabled::ON => true,
            _ => {
                let on = ask();
                if DIRECT.get().is_some_and(|lines| lines.fixed) {
                    let kept = if on { Enabled::ON } else { Enabled::OFF };
                    self.0.store(kept, Ordering::Relaxed);
                }
                on
            }
        }
    }
}

impl Default for Enabled {
    fn default() -> Enabled {
        Enabled::new()
    }
}

/// The message and fields of a [`Deferred`](super::Deferred) line, in the layer's format.
pub struct Line<'a>(pub(super) &'a mut String);

/// A field's ` name=` as written, space and `=` included: one constant
/// piece per field rather than three (`crate::key!("code")` makes one).
#[derive(Clone, Copy)]
pub struct Key(pub &'static str);

/// The [`Key`] of a field name given as a literal.
#[macro_export]
macro_rules! key {
    ($name:literal) => {
        $crate::log::Key(concat!(" ", $name, "="))
    };
}

impl Line<'_> {
    /// The message, first after the target: unquoted, with control characters escaped ([`push_one_line`]).
    #[inline]
    pub fn message(&mut self, message: &str) {
        self.0.push(' ');
        if is_one_line(message) {
            self.0.push_str(message);
        } else {
            push_one_line(self.0, message);
        }
    }

    /// `name="value"`, escaped as `record_str` does.
    #[inline]
    pub fn text(&mut self, key: Key, value: &str) {
        self.0.push_str(key.0);
        push_value(self.0, value);
    }

    /// `name="value"` for a value known to be plain ([`is_plain`]): a
    /// system's code.
    #[inline]
    pub fn quoted(&mut self, key: Key, value: &str) {
        self.0.push_str(key.0);
        push_quoted(self.0, value);
    }

    /// `name=value`, the value written as it is (addresses, quoted logins).
    #[inline]
    pub fn plain(&mut self, key: Key, value: &str) {
        self.0.push_str(key.0);
        self.0.push_str(value);
    }

    /// `name=value` through `Display`.
    pub fn display(&mut self, key: Key, value: &dyn fmt::Display) {
        self.0.push_str(key.0);
        let _ = write!(self.0, "{value}");
    }

    /// `name=digits`.
    #[inline]
    pub fn number(&mut self, key: Key, value: u64) {
        self.0.push_str(key.0);
        self.0.push_str(itoa::Buffer::new().format(value));
    }
}

/// ` name=`: inlined, so that a literal name is written as constant bytes.
#[inline(always)]
pub(super) fn push_name(text: &mut String, name: &str) {
    text.push(' ');
    text.push_str(name);
    text.push('=');
}

fn push_quoted(text: &mut String, value: &str) {
    text.push('"');
    text.push_str(value);
    text.push('"');
}

/// `name="value"`, texts quoted and escaped as Rust's `Debug` does unless
/// plain, so that no value can break the line in two.
#[inline]
pub(super) fn push_text(text: &mut String, name: &str, value: &str) {
    push_name(text, name);
    push_value(text, value);
}

/// `"value"`, escaped as [`push_text`] says.
#[inline]
fn push_value(text: &mut String, value: &str) {
    if is_plain(value) {
        push_quoted(text, value);
    } else {
        let _ = write!(text, "{value:?}");
    }
}

/// Whether `message` holds no control character, so that it can be written
/// unquoted as it is: it cannot break the line or rewrite the terminal.
pub(super) fn is_one_line(message: &str) -> bool {
    // Printable ASCII (nearly every message) in one branch-free pass; only
    // a message with other bytes is read as characters.
    let printable = message
        .bytes()
        .fold(true, |all, byte| all & (b' '..=b'~').contains(&byte));
    printable || !message.chars().any(char::is_control)
}

/// `message` with its control characters escaped as Rust writes them
/// (`\n`, `\u{1b}`), the rest as it is: a refusal's reason quotes what
/// the request sent (a login with a line break), and a message must not
/// forge a line of its own.
pub(super) fn push_one_line(text: &mut String, message: &str) {
    for c in message.chars() {
        if c.is_control() {
            text.extend(c.escape_default());
        } else {
            text.push(c);
        }
    }
}

/// Whether `value` can be written between quotes as it is: printable ASCII
/// without `"` or `\\`. Eight bytes at a time (the last eight overlapping
/// the ones before), a byte table below eight.
pub fn is_plain(value: &str) -> bool {
    const PLAIN: [bool; 256] = {
        let mut plain = [false; 256];
        let mut byte = b' ';
        while byte <= b'~' {
            plain[byte as usize] = byte != b'"' && byte != b'\\';
            byte += 1;
        }
        plain
    };
    let bytes = value.as_bytes();
    if bytes.len() < 8 {
        return bytes.iter().all(|b| PLAIN[usize::from(*b)]);
    }
    let (words, _) = bytes.as_chunks::<8>();
    let last = bytes.len() - 8;
    words
        .iter()
        .all(|word| plain_word(u64::from_le_bytes(*word)))
        && bytes[last..]
            .first_chunk::<8>()
            .is_some_and(|word| plain_word(u64::from_le_bytes(*word)))
}

/// Whether none of the eight bytes of `word` is below a space, above `~`,
/// `"` or `\\` (exact for "any": the borrows of the tests below can only
/// mark bytes above one that really matched).
fn plain_word(word: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let odd = word & HIGH
        | control
        | zero(word ^ (ONES * 0x7f))
        | zero(word ^ (ONES * u64::from(b'"')))
        | zero(word ^ (ONES * u64::from(b'\\')));
    odd == 0
}
