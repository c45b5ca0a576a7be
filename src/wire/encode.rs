//! Response → response text: the canonical form of protocol.md §2.4 and the only
//! place that form lives. Must not decide codes, know commands or touch the registry.
//!
//! Both layouts are one pass over the response's buffers into an output
//! reserved once from their sizes, with no formatting machinery: the HEXONET
//! one walks each column's chain of values, the CentralNic Reseller one the
//! values in push order. Values are copied as they are unless the response's
//! text holds a byte that may start a line break (one scan of it all, which
//! the compiler vectorises): only then is each value folded onto one line.

use super::Response;
use super::response::Name;
use crate::dialect::Dialect;

/// Encodes a response in the canonical form every SDK parses (protocol.md §2.4):
///
/// ```text
/// response = "[RESPONSE]" CRLF *prop-line "DESCRIPTION=" text CRLF "CODE=" 3DIGIT CRLF
///            ["PENDING=1" CRLF] "QUEUETIME=0" CRLF "RUNTIME=" seconds CRLF "EOF" CRLF
/// prop-line = "PROPERTY[" NAME "][" index "]=" value CRLF   ; index 0..n-1 per NAME
/// ```
///
/// Values cannot carry line breaks (the line grammar has no escape), so CR, LF,
/// NEL and the Unicode line/paragraph separators (which JavaScript's `.` does
/// not match, so the Node SDK would drop the line) are written as spaces.
pub fn encode(response: &Response) -> String {
    match response.dialect {
        Dialect::Hexonet => hexonet(response),
        Dialect::Cnr => cnr(response),
    }
}

/// What starts a HEXONET property line, after the previous line's CRLF.
pub(super) const HEXONET_HEAD: &str = "\r\nPROPERTY[";
/// Bytes of a property line besides its name, index and value:
/// `PROPERTY[` `][` `]=` CRLF, and `property[` `][` `] = ` LF.
const HEXONET_LINE: usize = 15;
const CNR_LINE: usize = 16;
/// What follows a name up to the value, for the indexes 0 to 9 (most of
/// them): one copy instead of three.
pub(super) const HEXONET_INDEX: [&str; 10] = [
    "][0]=", "][1]=", "][2]=", "][3]=", "][4]=", "][5]=", "][6]=", "][7]=", "][8]=", "][9]=",
];
const CNR_INDEX: [&str; 10] = [
    "][0] = ", "][1] = ", "][2] = ", "][3] = ", "][4] = ", "][5] = ", "][6] = ", "][7] = ",
    "][8] = ", "][9] = ",
];
/// Bytes of either layout's head and tail besides the description.
const FRAME: usize = 128;

fn hexonet(response: &Response) -> String {
    let mut out = String::with_capacity(size(response, HEXONET_LINE));
    let fold = may_break(response.text.as_bytes());
    // Each line's CRLF is written with the next line's start.
    out.push_str("[RESPONSE]");
    for column in &response.columns {
        let mut at = column.first as usize;
        // Most columns have one value: no loop, and a row's line head
        // (`row.rs`) written as it is.
        if column.count == 1
            && let Some(value) = response.values.get(at)
        {
            match column.name {
                Name::Line(head) => {
                    out.push_str(head);
                    push_value(&mut out, response.value(value), fold);
                }
                _ => {
                    let name = response.name(column);
                    push_hexonet_line(&mut out, name, 0, response.value(value), fold);
                }
            }
            continue;
        }
        let name = response.name(column);
        for index in 0..column.count as usize {
            let Some(value) = response.values.get(at) else {
                break;
            };
            push_hexonet_line(&mut out, name, index, response.value(value), fold);
            at = value.next as usize;
        }
    }
    out.push_str("\r\nDESCRIPTION=");
    push_line_value(&mut out, &response.description);
    out.push_str("\r\nCODE=");
    push_number(&mut out, response.code.into());
    out.push_str("\r\n");
    if response.pending {
        out.push_str("PENDING=1\r\n");
    }
    // Seconds with three decimals, rounded down to the millisecond.
    let millis = response.runtime.as_millis().min(u128::from(u64::MAX)) as u64;
    out.push_str("QUEUETIME=0\r\nRUNTIME=");
    push_seconds(&mut out, millis);
    out.push_str("\r\nEOF\r\n");
    out
}

/// The CentralNic Reseller layout of the same response (cnr-dialect.md §5):
///
/// ```text
/// response  = "[RESPONSE]" LF "code = " 3DIGIT LF "description = " text LF
///             ["runtime = " seconds LF "queuetime = 0" LF] *prop-line "EOF" LF
/// prop-line = "property[" name "][" index "] = " value LF   ; in push order
/// ```
///
/// Properties are written in the order the handler pushed them, each index
/// counted within its name: the handler decides the recorded order (sorted
/// names, rows interleaved), so nothing is sorted or copied here. Validation
/// refusals carry no `runtime` and `queuetime` (`timed` is false).
fn cnr(response: &Response) -> String {
    let mut out = String::with_capacity(size(response, CNR_LINE));
    let fold = may_break(response.text.as_bytes());
    // Each line's LF is written with the next line's start.
    out.push_str("[RESPONSE]\ncode = ");
    push_number(&mut out, response.code.into());
    out.push_str("\ndescription = ");
    push_line_value(&mut out, &response.description);
    if response.timed {
        let millis = response.runtime.as_millis().min(u128::from(u64::MAX)) as u64;
        out.push_str("\nruntime = ");
        push_seconds(&mut out, millis);
        out.push_str("\nqueuetime = 0");
    }
    response.each_as_pushed(|name, index, value| {
        out.push_str("\nproperty[");
        out.push_str(name);
        push_index(&mut out, index, &CNR_INDEX, "] = ");
        push_value(&mut out, value, fold);
    });
    out.push_str("\nEOF\n");
    out
}

/// At least the encoded size of `response` with `line` bytes of frame per
/// property line: the output is reserved once and never grows (folding a
/// line break never lengthens a value). No index has more digits than the
/// number of lines.
fn size(response: &Response, line: usize) -> usize {
    let lines = response.values.len();
    FRAME
        + response.description.len()
        + response.text.len()
        + response.name_bytes
        + lines * (line + digits(lines))
}

/// How many decimal digits `number` has (at least one).
fn digits(mut number: usize) -> usize {
    let mut digits = 1;
    while number >= 10 {
        number /= 10;
        digits += 1;
    }
    digits
}

/// One HEXONET property line, `PROPERTY[NAME][index]=value`, after the
/// previous line's CRLF.
#[inline(always)]
fn push_hexonet_line(out: &mut String, name: &str, index: usize, value: &str, fold: bool) {
    out.push_str(HEXONET_HEAD);
    out.push_str(name);
    push_index(out, index, &HEXONET_INDEX, "]=");
    push_value(out, value, fold);
}

/// Appends `index` between its brackets and `then`: from `small` (the
/// texts for 0 to 9, which end with `then`) when it has one digit.
#[inline(always)]
fn push_index(out: &mut String, index: usize, small: &[&str; 10], then: &str) {
    match small.get(index) {
        Some(text) => out.push_str(text),
        None => {
            out.push_str("][");
            push_number(out, index as u64);
            out.push_str(then);
        }
    }
}

/// Milliseconds as seconds with three decimals: `1.234`.
fn push_seconds(out: &mut String, millis: u64) {
    push_number(out, millis / 1000);
    out.push('.');
    let fraction = millis % 1000;
    out.push(char::from(b'0' + (fraction / 100) as u8));
    out.push(char::from(b'0' + (fraction / 10 % 10) as u8));
    out.push(char::from(b'0' + (fraction % 10) as u8));
}

/// Appends a decimal number: a single digit as it is (most property
/// indexes), longer ones by `itoa` (the formatter cost more than the line's
/// text).
#[inline]
fn push_number(out: &mut String, number: u64) {
    if number < 10 {
        out.push(char::from(b'0' + number as u8));
    } else {
        out.push_str(itoa::Buffer::new().format(number));
    }
}

/// Characters that end a line for some SDK's parser.
const LINE_BREAKS: [char; 5] = ['\r', '\n', '\u{85}', '\u{2028}', '\u{2029}'];

/// Whether `bytes` hold a byte that starts a line break in UTF-8: CR, LF,
/// C2 (U+0085 is C2 85) or E2 (U+2028/U+2029 are E2 80 A8/A9). Branch-free
/// within blocks of 32 bytes (the last one padded), so the compiler turns
/// each block into a few vector compares; most answers hold none of these
/// bytes at all.
fn may_break(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(BLOCK);
    if blocks.any(block_may_break) {
        return true;
    }
    let rest = blocks.remainder();
    let mut last = [0u8; BLOCK];
    last[..rest.len()].copy_from_slice(rest);
    block_may_break(&last)
}

const BLOCK: usize = 32;

#[inline(always)]
fn block_may_break(block: &[u8]) -> bool {
    let found = block.iter().fold(0u8, |found, &byte| {
        found | u8::from(byte == b'\r') | u8::from(byte == b'\n') | u8::from(byte | 0x20 == 0xE2)
    });
    found != 0
}

/// Appends a property value: as it is, or folded onto one line when the
/// response may hold a line break (`fold`, from [`may_break`]).
#[inline]
fn push_value(out: &mut String, value: &str, fold: bool) {
    if fold {
        push_line_value(out, value);
    } else {
        out.push_str(value);
    }
}

/// Appends `value` with every line break replaced by a space, so one value stays one line.
fn push_line_value(out: &mut String, value: &str) {
    if may_break(value.as_bytes()) && value.contains(LINE_BREAKS) {
        out.extend(
            value
                .chars()
                .map(|c| if LINE_BREAKS.contains(&c) { ' ' } else { c }),
        );
    } else {
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn matches_the_sdk_fixture_shape() {
        let mut response = Response::ok().with("SESSION", "abc");
        response.runtime = Duration::from_millis(169);
        assert_eq!(
            encode(&response),
            "[RESPONSE]\r\nPROPERTY[SESSION][0]=abc\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.169\r\nEOF\r\n"
        );
    }

    #[test]
    fn writes_the_runtime_in_seconds_with_three_decimals_rounded_down() {
        for (micros, shown) in [(0, "0.000"), (5_999, "0.005"), (12_040_000, "12.040")] {
            let mut response = Response::ok();
            response.runtime = Duration::from_micros(micros);
            let text = encode(&response);
            assert!(text.contains(&format!("\r\nRUNTIME={shown}\r\n")), "{text}");
        }
    }

    /// The recorded OT&E bytes of cnr-dialect.md A.2.6, rebuilt by pushing the
    /// properties in wire order.
    #[test]
    fn writes_the_cnr_layout_as_recorded() {
        let mut response = Response::ok();
        response.dialect = Dialect::Cnr;
        response.runtime = Duration::from_millis(21);
        response
            .push_str("column", "domaincheck")
            .push_str("column", "domainchecktime");
        for _ in 0..2 {
            response
                .push_str("domaincheck", "211 Domain name not available")
                .push_str("domainchecktime", "0");
        }
        assert_eq!(
            encode(&response),
            "[RESPONSE]\ncode = 200\ndescription = Command completed successfully\nruntime = 0.021\nqueuetime = 0\nproperty[column][0] = domaincheck\nproperty[column][1] = domainchecktime\nproperty[domaincheck][0] = 211 Domain name not available\nproperty[domainchecktime][0] = 0\nproperty[domaincheck][1] = 211 Domain name not available\nproperty[domainchecktime][1] = 0\nEOF\n"
        );
        let refusal = Response::refusal(
            &crate::error::Error::UnknownParameter("LIMIT".into()),
            Dialect::Cnr,
        );
        assert_eq!(
            encode(&refusal),
            "[RESPONSE]\ncode = 503\ndescription = Invalid attribute name; LIMIT\nEOF\n"
        );
        let missing = Response::refusal(
            &crate::error::Error::ObjectNotFound("NAMESERVER ns1.example".into()),
            Dialect::Cnr,
        );
        assert_eq!(
            encode(&missing),
            "[RESPONSE]\ncode = 545\ndescription = Entity reference not found\nruntime = 0.000\nqueuetime = 0\nEOF\n"
        );
    }

    #[test]
    fn writes_columns_in_index_order_and_pending() {
        let mut response = Response::ok().with("A", "1").with("B", "x").with("A", "2");
        response.pending = true;
        let text = encode(&response);
        assert!(text.contains("PROPERTY[A][0]=1\r\nPROPERTY[A][1]=2\r\nPROPERTY[B][0]=x\r\n"));
        assert!(text.contains("CODE=200\r\nPENDING=1\r\nQUEUETIME=0\r\n"));
    }

    #[test]
    fn writes_numbers_of_any_width() {
        for number in [0, 7, 10, 99, 100, 12345, u64::MAX] {
            let mut out = String::new();
            push_number(&mut out, number);
            assert_eq!(out, number.to_string());
        }
    }

    #[test]
    fn finds_a_line_break_start_anywhere_in_any_length() {
        for length in 0..80 {
            assert!(!may_break(&vec![b'a'; length]), "{length}");
            for at in 0..length {
                for byte in [b'\r', b'\n', 0xC2, 0xE2] {
                    let mut bytes = vec![b'a'; length];
                    bytes[at] = byte;
                    assert!(may_break(&bytes), "{length} {at} {byte}");
                }
            }
        }
    }

    /// The output is reserved once: no line layout outgrows [`size`].
    #[test]
    fn never_writes_more_than_it_reserved() {
        let mut response = Response::ok();
        for n in 0..120 {
            response.push("N", n).push_str("NOTE", "a\r\nb\u{2028}");
        }
        response.description = "a long description\r\nover two lines".into();
        response.pending = true;
        response.runtime = std::time::Duration::from_secs(u64::MAX);
        for dialect in [Dialect::Hexonet, Dialect::Cnr] {
            response.dialect = dialect;
            let line = match dialect {
                Dialect::Hexonet => HEXONET_LINE,
                Dialect::Cnr => CNR_LINE,
            };
            let text = encode(&response);
            assert!(text.len() <= size(&response, line), "{dialect:?}");
            assert!(text.capacity() == size(&response, line), "{dialect:?}");
        }
    }

    #[test]
    fn keeps_every_value_on_one_line() {
        let response = Response::ok().with("NOTE", "a\r\nb\nc\u{2028}d\u{2029}e\u{85}f");
        assert!(encode(&response).contains("PROPERTY[NOTE][0]=a  b c d e f\r\n"));
    }
}
