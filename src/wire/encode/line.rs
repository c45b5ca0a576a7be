//! The lines of a HEXONET column after its first, and property indexes:
//! the encoder's per-line work in a many-value answer (a 25-name check
//! writes seven columns of 25 lines). A line is its head
//! `\r\nPROPERTY[NAME][` (kept on the stack for a long column: one copy),
//! its index and `]=` (from 10 to 99 a four-byte copy from
//! [`HEXONET_INDEXES`], below 10 two stores: no `memcpy` call and no
//! `itoa`), and its value. The same heads serve a HEXONET answer that
//! keeps its lines as it is built ([`push_head`]).

use arrayvec::ArrayString;

use super::super::response::Column;
use super::{HEXONET_FIRST, HEXONET_HEAD, Response, push_number, push_value};

/// The lines after the first of a column of several values: its head
/// `\r\nPROPERTY[NAME][` (from a copy on the stack for a long column, one
/// copy instead of two, else in pieces), the index, and the value. A column pushed value after value
/// (a many-name check's) is a slice of the values.
pub(super) fn push_more(out: &mut String, response: &Response, column: &Column, fold: bool) {
    let name = response.name(column);
    let head = match column.count {
        ..KEEP_FROM => None,
        _ => stack_head(name),
    };
    let kept = head.as_deref();
    let (first, last) = (column.first as usize, column.last as usize);
    if last - first + 1 == column.count as usize
        && let Some(values) = response.values.get(first + 1..=last)
    {
        // Their texts are back to back too: each is cut from the front of
        // the rest (one check of a character boundary, not three).
        let mut at = values.first().map_or(0, |value| value.start);
        let mut rest = response.text.get(at..).unwrap_or_default();
        for (index, value) in (1..).zip(values) {
            let text = match rest.split_at_checked(value.end.wrapping_sub(at)) {
                Some((text, after)) if value.start == at => {
                    (rest, at) = (after, value.end);
                    text
                }
                _ => response.value(value),
            };
            push_line(out, kept, name, index, text, fold);
        }
        return;
    }
    let mut at = response
        .values
        .get(first)
        .map_or(usize::MAX, |value| value.next as usize);
    for index in 1..column.count as usize {
        let Some(value) = response.values.get(at) else {
            break;
        };
        push_line(out, kept, name, index, response.value(value), fold);
        at = value.next as usize;
    }
}

/// A HEXONET property line after a column's first: its head (`kept`, or
/// else written from `name`), `index` and `value`.
#[inline(always)]
fn push_line(
    out: &mut String,
    kept: Option<&str>,
    name: &str,
    index: usize,
    value: &str,
    fold: bool,
) {
    push_line_head(out, kept, name, index);
    push_value(out, value, fold);
}

/// The head of a HEXONET property line after a column's first, up to its
/// value: `\r\nPROPERTY[NAME][` (`kept`, or else written from `name`),
/// `index` and `]=`. Also what a column pushed while its answer keeps its
/// lines writes before each value (`Response::push_column`).
#[inline(always)]
pub(in crate::wire) fn push_line_head(
    out: &mut String,
    kept: Option<&str>,
    name: &str,
    index: usize,
) {
    match kept {
        Some(kept) => out.push_str(kept),
        None => {
            out.push_str(HEXONET_HEAD);
            out.push_str(name);
            out.push_str("][");
        }
    }
    push_hexonet_index(out, index);
}

/// Appends the head of a HEXONET property line up to its value,
/// `\r\nPROPERTY[NAME][index]=`, and returns where `name` starts in `out`.
#[inline(always)]
pub(in crate::wire) fn push_head(out: &mut String, name: &str, index: u32) -> usize {
    let at = out.len() + HEXONET_HEAD.len();
    if index == 0 {
        out.push_str(HEXONET_HEAD);
        out.push_str(name);
        out.push_str(HEXONET_FIRST);
    } else {
        push_line_head(out, None, name, index as usize);
    }
    at
}

/// The room on the stack for a line head, `\r\nPROPERTY[NAME][`: names of
/// up to 100 bytes (longer ones are written in pieces on every line).
pub(super) const HEAD_ROOM: usize = 112;
/// The fewest values for which a column's line head is kept on the stack:
/// for two (STATUS, NAMESERVER) the copy and its check as text cost more
/// than writing the head in pieces again.
const KEEP_FROM: u32 = 4;

/// The line head `\r\nPROPERTY[NAME][` of `name` on the stack, or `None`
/// when it does not fit (texts joined: no check of the bytes as UTF-8).
pub(in crate::wire) fn stack_head(name: &str) -> Option<ArrayString<HEAD_ROOM>> {
    let mut head = ArrayString::new();
    head.try_push_str(HEXONET_HEAD).ok()?;
    head.try_push_str(name).ok()?;
    head.try_push_str("][").ok()?;
    Some(head)
}

/// Appends `index` and then `then`: one or two digits written one by one
/// (a byte store each, where a copy from a table of texts was a `memcpy`
/// call), longer ones by [`push_number`].
#[inline(always)]
pub(super) fn push_index(out: &mut String, index: usize, then: &str) {
    if index < 10 {
        out.push(digit(index));
    } else if index < 100 {
        out.push(digit(index / 10));
        out.push(digit(index % 10));
    } else {
        push_number(out, index as u64);
    }
    out.push_str(then);
}

/// The decimal digit of `number` (below ten).
#[inline(always)]
fn digit(number: usize) -> char {
    char::from(b'0' + (number % 10) as u8)
}

/// Appends `index` and `]=`: from 10 to 99 from [`HEXONET_INDEXES`], a
/// copy of four bytes that needs no `memcpy` call (a copy of three or four
/// did); one digit and `]=` as two stores.
#[inline(always)]
pub(super) fn push_hexonet_index(out: &mut String, index: usize) {
    if let Some(at) = index.checked_sub(10)
        && let Some(text) = HEXONET_INDEXES.get(at * 4..at * 4 + 4)
    {
        out.push_str(text);
    } else {
        push_index(out, index, "]=");
    }
}

/// `10]=` to `99]=`, back to back.
pub(super) const HEXONET_INDEXES: &str = match std::str::from_utf8(&INDEX_BYTES) {
    Ok(text) => text,
    Err(_) => panic!("digits are text"),
};
const INDEX_BYTES: [u8; 360] = {
    let mut bytes = [0; 360];
    let mut index = 10;
    while index < 100 {
        let at = (index - 10) * 4;
        bytes[at] = b'0' + (index / 10) as u8;
        bytes[at + 1] = b'0' + (index % 10) as u8;
        bytes[at + 2] = b']';
        bytes[at + 3] = b'=';
        index += 1;
    }
    bytes
};
