//! Escaped form text → text: `+` and `%XX` decoded and the result read as
//! UTF-8, a field's plain text borrowed from its source, and `s_command`
//! decoded on the stack. Owns only the decoding; which field is which, and
//! what a refusal names, are `parse.rs`'s.

use std::ops::Range;

use arrayvec::{ArrayString, ArrayVec};

use super::scan;
use crate::error::{Error, Result};
use crate::wire::Text;

/// The text of `range` of `source`: borrowed from `text` (the source, when
/// it is UTF-8 as a whole) when there is nothing to decode, else decoded.
/// Inlined: a plain field (nearly all) is then a bounds check and a borrow,
/// not a call (issue 14: about 40 instructions a field).
#[inline(always)]
pub(super) fn decode<'a>(
    source: &'a [u8],
    text: Option<&'a str>,
    range: Range<usize>,
    escaped: bool,
    field: &[u8],
) -> Result<Value<'a>> {
    // Fields end at ASCII separators, so `get` finds character boundaries.
    match text
        .filter(|_| !escaped)
        .and_then(|text| text.get(range.clone()))
    {
        Some(plain) => Ok(Value::Plain(plain)),
        None => percent_decode(&source[range], field),
    }
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

/// A field's name as a refusal shows it: a parameter's upper-cased, as
/// every other refusal names it (`DOMAIN`); a transport field's (`s_pw`,
/// `persistent`) as sent.
#[cold]
fn shown_name(field: &[u8]) -> String {
    let name = String::from_utf8_lossy(field);
    if name.contains(' ') {
        // Not a name but what was being read ("field name").
        return name.into_owned();
    }
    match super::transport_field(field) {
        Some(_) => name.into_owned(),
        None => name.to_ascii_uppercase(),
    }
}

/// Decodes `+` and `%XX`, then reads the bytes as UTF-8. A `%` not followed by
/// two hex digits, or bytes that are not UTF-8, are a 505 naming the field.
///
/// ```text
/// encoded     = *(pct-encoded / "+" / any byte except "%" and "+")   ; "+" is a space
/// pct-encoded = "%" HEXDIG HEXDIG
/// ```
///
/// A byte loop rather than nom combinators: every request decodes its
/// `s_command` this way, and the combinators cost twice as much.
fn percent_decode<'a>(raw: &'a [u8], field: &[u8]) -> Result<Value<'a>> {
    let invalid = |why: &str| Error::InvalidSyntax {
        name: shown_name(field),
        value: why.to_owned(),
    };
    let Some(first) = scan::find(raw, [b'%', b'+']) else {
        return std::str::from_utf8(raw)
            .map(Value::Plain)
            .map_err(|e| invalid(&format!("invalid UTF-8 at byte {}", e.valid_up_to())));
    };
    // Decoded text is never longer than its escapes: a short one (most
    // `s_command`s, every value SDKs escape) is decoded on the stack and kept
    // inline in a `Text`, so it costs no allocation.
    let decoded = if raw.len() <= SHORT {
        let mut bytes = ArrayVec::<u8, SHORT>::new();
        unescape(raw, first, |run| {
            let _ = bytes.try_extend_from_slice(piece(raw, &run));
        })
        .map_err(|at| invalid(&format!("malformed percent-escape at byte {at}")))?;
        Text::from_utf8(&bytes).map_err(|e| e.valid_up_to())
    } else {
        let mut bytes = Vec::with_capacity(raw.len());
        unescape(raw, first, |run| bytes.extend_from_slice(piece(raw, &run)))
            .map_err(|at| invalid(&format!("malformed percent-escape at byte {at}")))?;
        String::from_utf8(bytes)
            .map(Text::from)
            .map_err(|e| e.utf8_error().valid_up_to())
    };
    decoded
        .map(Value::Decoded)
        .map_err(|at| invalid(&format!("invalid UTF-8 at byte {at}")))
}

/// Escaped fields up to this length are decoded on the stack.
const SHORT: usize = 64;

/// An escaped `s_command` up to this length is decoded on the stack.
pub(super) const COMMAND_ON_STACK: usize = 512;

/// Decodes an escaped `raw` of at most [`COMMAND_ON_STACK`] bytes into `out`
/// (replacing what it held), with [`percent_decode`]'s refusals. `plain` is
/// `raw` as text when its source is UTF-8 as a whole.
pub(super) fn decode_on_stack(
    raw: &[u8],
    plain: Option<&str>,
    field: &[u8],
    out: &mut ArrayString<COMMAND_ON_STACK>,
) -> Result<()> {
    let invalid = |why: String| Error::InvalidSyntax {
        name: shown_name(field),
        value: why,
    };
    let first = scan::find(raw, [b'%', b'+']).unwrap_or(raw.len());
    out.clear();
    if let Some(plain) = plain {
        // Runs between escapes are copied as text, escapes of ASCII bytes
        // pushed as characters, so the decoded text needs no second UTF-8
        // check (issue 14: about 130 instructions a request) and no copy.
        // An escape of a byte above ASCII (part of a character: `%C3%B6`)
        // takes the byte way below, which checks the whole.
        let mut ascii = true;
        unescape(raw, first, |run| match run {
            Run::Raw(range) => match plain.get(range) {
                Some(text) => {
                    let _ = out.try_push_str(text);
                }
                None => ascii = false,
            },
            Run::Byte(byte) if byte.is_ascii() => {
                let _ = out.try_push(char::from(byte));
            }
            Run::Byte(_) => ascii = false,
        })
        .map_err(|at| invalid(format!("malformed percent-escape at byte {at}")))?;
        if ascii {
            return Ok(());
        }
    }
    let mut bytes = ArrayVec::<u8, COMMAND_ON_STACK>::new();
    unescape(raw, first, |run| {
        let _ = bytes.try_extend_from_slice(piece(raw, &run));
    })
    .map_err(|at| invalid(format!("malformed percent-escape at byte {at}")))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| invalid(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    out.clear();
    // Decoded text is never longer than its escapes, so it fits.
    let _ = out.try_push_str(text);
    Ok(())
}

/// A piece of decoded text: a run of `raw` as it came, or an escape's byte.
enum Run {
    Raw(Range<usize>),
    Byte(u8),
}

/// The bytes of `run` of `raw`.
fn piece<'a>(raw: &'a [u8], run: &'a Run) -> &'a [u8] {
    match run {
        Run::Raw(range) => &raw[range.clone()],
        Run::Byte(byte) => std::slice::from_ref(byte),
    }
}

/// Hands `raw`'s decoded text to `out` in runs (its first escape at
/// `first`); `Err` with the position of a malformed escape.
fn unescape(raw: &[u8], first: usize, mut out: impl FnMut(Run)) -> Result<(), usize> {
    out(Run::Raw(0..first));
    let mut at = first;
    while let Some(&byte) = raw.get(at) {
        match byte {
            b'+' => out(Run::Byte(b' ')),
            b'%' => match raw.get(at + 1..at + 3) {
                Some(&[high, low]) if high.is_ascii_hexdigit() && low.is_ascii_hexdigit() => {
                    out(Run::Byte((hex_value(high) << 4) | hex_value(low)));
                    at += 2;
                }
                _ => return Err(at),
            },
            _ => {
                // The run up to the next escape in one copy, not byte by byte.
                let run = scan::find(&raw[at..], [b'%', b'+']).unwrap_or(raw.len() - at);
                out(Run::Raw(at..at + run));
                at += run;
                continue;
            }
        }
        at += 1;
    }
    Ok(())
}

/// A field's text: borrowed from the request when it had nothing to decode.
pub(super) enum Value<'a> {
    Plain(&'a str),
    Decoded(Text),
}

impl std::ops::Deref for Value<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Value::Plain(text) => text,
            Value::Decoded(text) => text,
        }
    }
}
