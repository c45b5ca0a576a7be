//! An escaped `s_command` read straight into its parameters: its lines and
//! their `=` found in the escaped text, and each key and value decoded on
//! its own (borrowed from the request when it has nothing to decode, as
//! `COMMAND` and `StatusAccount` have not), so the text is neither decoded
//! whole first nor walked a second time for its lines (issue 14: the two
//! walks were a fifth of parsing a request). Owns only this fast way: a text
//! it does not read (an escape of a byte above ASCII, a malformed escape, a
//! line that is not `KEY=VALUE`, blanks around the whole) is left to
//! `parse.rs`'s general way, which gives the same parameters or the refusal.

use arrayvec::ArrayString;

use super::decode::COMMAND_ON_STACK;
use super::{scan, trim_blanks, upper};
use crate::wire::Params;

/// Whether every `%` of `raw` (an escaped `s_command`) is a well-formed
/// escape of an ASCII byte: then its decoded text is UTF-8 and decoding it
/// cannot fail, so it may be read later, by [`read_lines`] (which checks
/// them itself on its way, for the request's last field).
pub(super) fn ascii_escapes(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let mut at = 0;
    while let Some(found) = scan::find(&bytes[at..], [b'%']) {
        at += found;
        match bytes.get(at + 1..at + 3) {
            Some(&[high, low]) if (b'0'..=b'7').contains(&high) && low.is_ascii_hexdigit() => {
                at += 3;
            }
            _ => return false,
        }
    }
    true
}

/// Reads the lines of `raw`, an escaped `s_command`, into `params`, as
/// `parse.rs`'s `command_line` reads them from the decoded text. `false`,
/// maybe after inserting some lines, when the text needs the general way (a
/// `%` that is not an escape of an ASCII byte among others): that way then
/// inserts the same lines again (a key's value in its place, unchanged) or
/// refuses.
pub(super) fn read_lines(raw: &str, params: &mut Params) -> bool {
    let bytes = raw.as_bytes();
    // The general way trims the whole text before splitting it, which a
    // line's own trimming does not match when its end is `\r` then blanks.
    if starts_blank(bytes) || ends_blank(bytes) {
        return false;
    }
    let mut key_buffer = ArrayString::<KEY_ON_STACK>::new();
    let mut value_buffer = ArrayString::<COMMAND_ON_STACK>::new();
    if bytes.len() > RESERVE_PAST {
        // Room for about as many lines as it holds, once.
        params.reserve((bytes.len() / LINE_GUESS).min(MOST_RESERVED));
    }
    let mut at = 0;
    loop {
        let Some(line) = split_line(bytes, at) else {
            return false;
        };
        match line.equals {
            Some((key_end, value_start)) => {
                // Bounds at ASCII bytes: `get` fails only on a text that
                // did not pass `ascii_escapes`.
                let (Some(key), Some(value)) =
                    (raw.get(at..key_end), raw.get(value_start..line.end))
                else {
                    return false;
                };
                let (Some(key), Some(value)) = (
                    decoded(key, line.escaped[0], &mut key_buffer),
                    decoded(value, line.escaped[1], &mut value_buffer),
                ) else {
                    return false;
                };
                let key = trim_blanks(key);
                if key.is_empty() {
                    return false;
                }
                let value = trim_blanks(value.strip_suffix('\r').unwrap_or(value));
                params.insert_inline(upper(key), value.into());
            }
            None => {
                let Some(text) = raw
                    .get(at..line.end)
                    .and_then(|text| decoded(text, line.escaped[0], &mut value_buffer))
                else {
                    return false;
                };
                let text = trim_blanks(text.strip_suffix('\r').unwrap_or(text));
                let skipped = text.is_empty()
                    || text.eq_ignore_ascii_case("[COMMAND]")
                    || text.eq_ignore_ascii_case("EOF");
                if !skipped {
                    return false;
                }
            }
        }
        match line.next {
            Some(next) => at = next,
            None => return true,
        }
    }
}

/// An escaped text longer than this (about five lines) gives its parameters
/// room for its lines before the first: a usual request's few need none.
const RESERVE_PAST: usize = 5 * LINE_GUESS;

/// About how long an escaped line is: `DOMAIN12%3Dexample-name.com%0A` is
/// 30 bytes, `OWNERCONTACT0FIRSTNAME%3DJohn%0A` 31 (a guess on the short side:
/// room to spare rather than the entries doubling).
const LINE_GUESS: usize = 24;

/// The most lines reserved for at once (past them, the entries double).
const MOST_RESERVED: usize = 256;

/// Keys with escapes up to this long are decoded on the stack (longer
/// ones take the general way).
const KEY_ON_STACK: usize = 64;

/// Where a line of the escaped text ends, where its first `=` is, and where
/// the next line starts.
struct Line {
    end: usize,
    /// The end of the key and the start of the value.
    equals: Option<(usize, usize)>,
    /// Whether the key (the line, without `=`) and the value have escapes.
    escaped: [bool; 2],
    next: Option<usize>,
}

/// The line of `bytes` starting at `at`: it ends at an LF, sent as it is or
/// as `%0A`, and its `=` may be sent as `%3D`. `None` at a `%` that is not
/// an escape of an ASCII byte.
fn split_line(bytes: &[u8], at: usize) -> Option<Line> {
    let mut equals = None;
    let mut escapes = [false; 2];
    let mut at = at;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| scan::find(rest, [b'\n', b'=', b'%', b'+']))
    {
        at += found;
        let (byte, width) = match bytes[at] {
            b'%' => (separator(bytes, at)?, 3),
            byte => (byte, 1),
        };
        match (byte, bytes[at]) {
            (b'\n', _) => {
                return Some(Line {
                    end: at,
                    equals,
                    escaped: escapes,
                    next: Some(at + width),
                });
            }
            (b'=', _) if equals.is_none() => equals = Some((at, at + width)),
            (_, b'%' | b'+') => escapes[usize::from(equals.is_some())] = true,
            _ => {}
        }
        at += width;
    }
    Some(Line {
        end: bytes.len(),
        equals,
        escaped: escapes,
        next: None,
    })
}

/// The separator that the escape at `at` stands for, `\n` (`%0A`) or `=`
/// (`%3D`), else `%` (any other escape of an ASCII byte: a line's only care
/// is whether it holds one); `None` when it is no such escape. The two
/// separators are known by comparing two bytes, not by decoding them.
#[inline(always)]
fn separator(bytes: &[u8], at: usize) -> Option<u8> {
    match bytes.get(at + 1..at + 3)? {
        [b'0', b'A' | b'a'] => Some(b'\n'),
        [b'3', b'D' | b'd'] => Some(b'='),
        &[high, low] if (b'0'..=b'7').contains(&high) && low.is_ascii_hexdigit() => Some(b'%'),
        _ => None,
    }
}

/// The byte of the escape at `at` (checked by [`ascii_escapes`] or
/// [`split_line`]).
fn escaped(bytes: &[u8], at: usize) -> u8 {
    let digit = |at: usize| match bytes.get(at) {
        Some(&digit @ b'0'..=b'9') => digit - b'0',
        Some(&digit) => (digit | 0x20).wrapping_sub(b'a' - 10),
        None => 0,
    };
    (digit(at + 1) << 4) | digit(at + 2)
}

/// Whether the decoded text starts with a space or a tab.
fn starts_blank(bytes: &[u8]) -> bool {
    matches!(bytes.first(), Some(b' ' | b'\t' | b'+'))
        || bytes.starts_with(b"%20")
        || bytes.starts_with(b"%09")
        // A byte-order mark (`read_text` drops it): `%EF%BB%BF`, any case.
        || bytes.get(..3).is_some_and(|start| start.eq_ignore_ascii_case(b"%EF"))
}

/// Whether the decoded text ends with a space or a tab (a `%` three bytes
/// from the end always starts an escape: hex digits are not `%`).
fn ends_blank(bytes: &[u8]) -> bool {
    matches!(bytes.last(), Some(b' ' | b'\t' | b'+'))
        || bytes.ends_with(b"%20")
        || bytes.ends_with(b"%09")
}

/// `raw` decoded: itself when it has no escape, else decoded into `buffer`;
/// `None` when it does not fit.
#[inline(always)]
fn decoded<'a, const N: usize>(
    raw: &'a str,
    escaped: bool,
    buffer: &'a mut ArrayString<N>,
) -> Option<&'a str> {
    match escaped {
        false => Some(raw),
        true => piece(raw, buffer),
    }
}

/// `raw`, which has an escape, decoded into `buffer`; `None` when it does
/// not fit.
fn piece<'a, const N: usize>(raw: &'a str, buffer: &'a mut ArrayString<N>) -> Option<&'a str> {
    let bytes = raw.as_bytes();
    let mut at = scan::find(bytes, [b'%', b'+']).unwrap_or(bytes.len());
    buffer.clear();
    buffer.try_push_str(&raw[..at]).ok()?;
    while at < bytes.len() {
        let (byte, width) = match bytes[at] {
            b'+' => (b' ', 1),
            _ => (escaped(bytes, at), 3),
        };
        // Escapes of ASCII bytes only (checked by `ascii_escapes` or
        // `split_line`).
        if !byte.is_ascii() {
            return None;
        }
        buffer.try_push(char::from(byte)).ok()?;
        at += width;
        let run = scan::find(&bytes[at.min(bytes.len())..], [b'%', b'+'])
            .map_or(bytes.len(), |found| at + found);
        // Escapes and `+` are ASCII, so `at` and `run` are character boundaries.
        buffer.try_push_str(raw.get(at..run)?).ok()?;
        at = run;
    }
    Some(buffer.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Option<Vec<(String, String)>> {
        let mut params = Params::new();
        read_lines(raw, &mut params).then(|| {
            params
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect()
        })
    }

    fn pairs(pairs: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(pairs.iter().map(|&(k, v)| (k.into(), v.into())).collect())
    }

    #[test]
    fn reads_lines_split_by_escaped_or_plain_separators() {
        assert_eq!(
            read("COMMAND%3DStatusAccount"),
            pairs(&[("COMMAND", "StatusAccount")])
        );
        assert_eq!(
            read("command%3dX%0aDOMAIN=a.com\nK%3D+v%20w+%0D%0AEOF%0A"),
            pairs(&[("COMMAND", "X"), ("DOMAIN", "a.com"), ("K", "v w")])
        );
        assert_eq!(
            read("%5BCOMMAND%5D%0AA%3Db%3Dc%0A%0A"),
            pairs(&[("A", "b=c")])
        );
        assert_eq!(read("A%3D%25%2B%26"), pairs(&[("A", "%+&")]));
    }

    #[test]
    fn leaves_other_texts_to_the_general_way() {
        for raw in [
            "+A%3D1",
            "A%3D1+",
            "%20A=1",
            "A=1%09",
            "A%3D1%0Ajunk",
            "%3D1",
            "A%3D%C3%B6",
            // Not passed by `ascii_escapes`, but no panic either.
            "A%3D1%0",
            "A%3D1%",
            "A%",
        ] {
            assert_eq!(read(raw), None, "{raw}");
        }
        assert!(ascii_escapes("A%3D%7e+b"));
        for raw in ["A%3D%C3%B6", "A%3", "A%G0", "%"] {
            assert!(!ascii_escapes(raw), "{raw}");
        }
    }
}
