//! Response → response text: the canonical form of protocol.md §2.4 and the only
//! place that form lives. Must not decide codes, know commands or touch the registry.
//!
//! Both layouts are one pass over the response's buffers into an output
//! reserved once from their sizes, with no formatting machinery: the HEXONET
//! one walks each column's chain of values, the CentralNic Reseller one the
//! values in push order. A line is a few copies: its head (a row's whole
//! `\r\nPROPERTY[NAME][0]=`, or a long column's `\r\nPROPERTY[NAME][` kept
//! on the stack, `line.rs`), its index, and its value. Values are copied as
//! they are unless the response's text holds a byte that may start a line
//! break (one scan of it all, which the compiler vectorises): only then is
//! each value folded onto one line.

use std::time::Duration;

use super::response::Name;
use super::{Response, SUCCESS};
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
    let mut out = String::new();
    encode_into(response, &mut out);
    out
}

/// [`encode`] into `out`, replacing what it held: the server encodes into
/// the buffer of the answer a request's record held before (issue 14: an
/// allocation and a free per request, more for a large answer).
pub fn encode_into(response: &Response, out: &mut String) {
    out.clear();
    match response.dialect {
        Dialect::Hexonet => hexonet(response, out),
        Dialect::Cnr => cnr(response, out),
    }
}

/// What starts a HEXONET property line, after the previous line's CRLF.
pub(super) const HEXONET_HEAD: &str = "\r\nPROPERTY[";
/// Bytes of a property line besides its name, index and value:
/// `PROPERTY[` `][` `]=` CRLF, and `property[` `][` `] = ` LF.
const HEXONET_LINE: usize = 15;
const CNR_LINE: usize = 16;
/// What follows a name up to the value on a column's first line.
pub(super) const HEXONET_FIRST: &str = "][0]=";
/// Bytes of either layout's head and tail besides the description.
const FRAME: usize = 128;

fn hexonet(response: &Response, out: &mut String) {
    let fold = must_fold(response);
    // Each line's CRLF is written with the next line's start.
    if response.keeps_lines() && !fold {
        // Built as lines (`response.rs`): the text as it is.
        out.reserve(FRAME + response.description.len() + response.text.len());
        out.push_str("[RESPONSE]");
        out.push_str(&response.text);
    } else {
        out.reserve(size(response, HEXONET_LINE));
        out.push_str("[RESPONSE]");
        hexonet_lines(response, out, fold);
    }
    if succeeded(response) && !response.pending {
        // Answered within the millisecond (nearly always): the rest is fixed.
        if response.runtime < Duration::from_millis(1) {
            out.push_str(HEXONET_SUCCESS_AT_ONCE);
            return;
        }
        out.push_str(HEXONET_SUCCESS);
    } else {
        out.push_str("\r\nDESCRIPTION=");
        push_line_value(out, &response.description);
        out.push_str("\r\nCODE=");
        push_number(out, response.code.into());
        out.push_str("\r\n");
        if response.pending {
            out.push_str("PENDING=1\r\n");
        }
        out.push_str("QUEUETIME=0\r\nRUNTIME=");
    }
    push_seconds(out, response.runtime);
    out.push_str("\r\nEOF\r\n");
}

/// The property lines of `response` from its columns: each column's first
/// line, then the others (`line.rs`).
fn hexonet_lines(response: &Response, out: &mut String, fold: bool) {
    for column in &response.columns {
        let Some(first) = response.values.get(column.first as usize) else {
            continue;
        };
        // The first line's head, `\r\nPROPERTY[NAME][0]=`: a row's as it is
        // (`row.rs`), another name's as a push writes it.
        match column.name {
            Name::Line(head) => out.push_str(head),
            _ => {
                push_head(out, response.name(column), 0);
            }
        }
        push_value(out, response.value(first), fold);
        // Most columns have one value: no more lines.
        if column.count > 1 {
            push_more(out, response, column, fold);
        }
    }
}

/// What follows the properties of a `200 Command completed successfully`
/// (not pending) up to the runtime, in each layout: one copy.
const HEXONET_SUCCESS: &str =
    "\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=";
/// [`HEXONET_SUCCESS`] to the end for a runtime under a millisecond.
const HEXONET_SUCCESS_AT_ONCE: &str = "\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.000\r\nEOF\r\n";
const CNR_SUCCESS: &str = "[RESPONSE]\ncode = 200\ndescription = Command completed successfully";

/// Whether `response` is `200` with [`SUCCESS`] as its text (the same text
/// is usually the same pointer: no comparison then).
fn succeeded(response: &Response) -> bool {
    let text: &str = &response.description;
    response.code == 200
        && text.len() == SUCCESS.len()
        && (std::ptr::eq(text.as_ptr(), SUCCESS.as_ptr()) || text == SUCCESS)
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
fn cnr(response: &Response, out: &mut String) {
    out.reserve(size(response, CNR_LINE));
    let fold = must_fold(response);
    // Each line's LF is written with the next line's start.
    if succeeded(response) {
        out.push_str(CNR_SUCCESS);
    } else {
        out.push_str("[RESPONSE]\ncode = ");
        push_number(out, response.code.into());
        out.push_str("\ndescription = ");
        push_line_value(out, &response.description);
    }
    if response.timed {
        out.push_str("\nruntime = ");
        push_seconds(out, response.runtime);
        out.push_str("\nqueuetime = 0");
    }
    response.each_as_pushed(|name, index, value| {
        out.push_str("\nproperty[");
        out.push_str(name);
        out.push_str("][");
        push_index(out, index, "] = ");
        push_value(out, value, fold);
    });
    out.push_str("\nEOF\n");
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

/// A runtime as seconds with three decimals, rounded down to the
/// millisecond: `1.234`. Under a second (nearly every answer), from
/// [`SECONDS`].
fn push_seconds(out: &mut String, runtime: Duration) {
    let millis = runtime.as_millis().min(u128::from(u64::MAX)) as u64;
    if millis < 1000
        && let at = millis as usize * 5
        && let Some(text) = SECONDS.get(at..at + 5)
    {
        out.push_str(text);
        return;
    }
    push_number(out, millis / 1000);
    out.push('.');
    let fraction = millis % 1000;
    out.push(char::from(b'0' + (fraction / 100) as u8));
    out.push(char::from(b'0' + (fraction / 10 % 10) as u8));
    out.push(char::from(b'0' + (fraction % 10) as u8));
}

/// `0.000` to `0.999`, back to back: the runtimes under a second.
const SECONDS: &str = match std::str::from_utf8(&SECONDS_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("digits are text"),
};
const SECONDS_BYTES: [u8; 5000] = {
    let mut bytes = [0; 5000];
    let mut millis = 0;
    while millis < 1000 {
        let at = millis * 5;
        bytes[at] = b'0';
        bytes[at + 1] = b'.';
        bytes[at + 2] = b'0' + (millis / 100) as u8;
        bytes[at + 3] = b'0' + (millis / 10 % 10) as u8;
        bytes[at + 4] = b'0' + (millis % 10) as u8;
        millis += 1;
    }
    bytes
};

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

/// Whether some value of `response` may hold a line break, which the
/// encoder must then fold. Where the text holds line heads, whether it has
/// more bytes that are controls or not ASCII ([`unprintable`]) than the CR
/// and LF of its heads (any other such byte takes the longer way too, which
/// folds only what needs it: [`push_line_value`]); after them (an answer
/// built for the other layout, or a list's rows after its first), whether it
/// holds a byte that may start one ([`may_break`]).
fn must_fold(response: &Response) -> bool {
    let (lines, headed, rest) = response.split_at_lines();
    (headed > 0 && unprintable(lines.as_bytes()) != 2 * headed) || may_break(rest.as_bytes())
}

/// How many of `bytes` are controls or not ASCII: below 0x20 as a signed
/// byte. Each of a block's 32 bytes is counted in a lane of its own (a byte
/// per lane, so at most 255 blocks before the lanes are summed), which the
/// compiler turns into two vector compares and two subtractions per block:
/// a count per block had to add up each block's bits, about twice the work.
fn unprintable(bytes: &[u8]) -> usize {
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut count = 0;
    loop {
        let mut lanes = [0u8; BLOCK];
        let mut taken = 0;
        for block in blocks.by_ref().take(usize::from(u8::MAX)) {
            for (lane, &byte) in lanes.iter_mut().zip(block) {
                *lane += u8::from((byte as i8) < 0x20);
            }
            taken += 1;
        }
        count += lanes.iter().map(|&lane| usize::from(lane)).sum::<usize>();
        if taken < usize::from(u8::MAX) {
            break;
        }
    }
    let rest = blocks.remainder();
    let mut last = [b' '; BLOCK];
    last[..rest.len()].copy_from_slice(rest);
    count + last.iter().filter(|&&byte| (byte as i8) < 0x20).count()
}

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

mod line;
#[cfg(test)]
use line::{HEAD_ROOM, HEXONET_INDEXES, push_hexonet_index};
pub(super) use line::{push_head, push_line_head, stack_head};
use line::{push_index, push_more};

#[cfg(test)]
mod tests;
