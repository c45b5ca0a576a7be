//! [`Response`]: an API answer before encoding, built by the handlers one
//! property value at a time. Values are copied into one text buffer as they
//! come; each column keeps its values as a chain through the value list, so
//! the HEXONET layout (columns in first-push order, each column's values in
//! push order) and the CentralNic Reseller layout (push order) are both one
//! pass in the encoder (`encode.rs`), which reads these buffers directly,
//! without sorting or copying. An answer built for the HEXONET layout
//! (`spare::answer_in`) writes each value's line head before it while the
//! push order is the HEXONET order (each push to the previous column or a
//! new one: nearly every answer but a list's), so that the encoder copies
//! the text as it is. Finding a value's column is one pointer
//! comparison when the handler pushes to the previous column again, one bit
//! test when the column is new (the two usual cases), and a search of the
//! columns only when neither settles it; a [`Row`] of static names known
//! at compile time (`row.rs`) is added without looking up each name.

use std::borrow::Cow;
use std::fmt::{self, Write};
use std::time::Duration;

use super::encode::{HEXONET_FIRST, HEXONET_HEAD, push_head};
use super::spare;
use crate::dialect::Dialect;
use crate::error::Error;

/// An API response before encoding: code, description, and properties, each
/// a column of values (`PROPERTY[NAME][0..n]`) in the order first pushed.
///
/// Values live in one text buffer and column names are usually `'static`, so
/// a typical response costs three allocations (which grow with it, and which
/// come from the thread's spares, `spare.rs`) instead of a `String` and a
/// `Vec` per value, which the profile showed costing about five percent of
/// throughput (BENCHMARKS.md, "Profile").
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    pub code: u16,
    pub description: Cow<'static, str>,
    /// `PENDING=1`: accepted, finishes later (protocol.md §2.1).
    pub pending: bool,
    /// Wall time spent on the request; the server fills it in, fixtures keep 0.
    pub runtime: Duration,
    /// The layout it is written in: HEXONET's, or CentralNic Reseller's
    /// (lower-case keys, ` = `, LF, properties in push order).
    pub dialect: Dialect,
    /// Whether the CentralNic Reseller layout writes `runtime` and
    /// `queuetime`: its validation refusals (503, 504, 505) carry neither.
    pub timed: bool,
    /// The columns in the order each was first pushed.
    pub(super) columns: Vec<Column>,
    /// Every value in push order.
    pub(super) values: Vec<Value>,
    /// The values' text, in push order: back to back, or while it keeps
    /// its lines each after its HEXONET line head.
    pub(super) text: String,
    /// `None` while `text` is the HEXONET property lines of all the values,
    /// in order (`\r\nPROPERTY[NAME][i]=value` each): an answer built for
    /// that layout, until the first push that breaks its order. Then where
    /// the lines ended: the text's length and how many values had a head
    /// (none for an answer built for the other layout).
    lines_end: Option<LinesEnd>,
    /// One bit per column-name hash seen ([`hash`]): a name whose bit is
    /// clear is a new column without any search, the usual case in wide
    /// answers such as StatusDomain's fifty-odd columns.
    seen: [u64; SEEN_WORDS],
    /// The column of the last push: rows of one column (STATUS, NAMESERVER,
    /// list columns) are pushed one after the other.
    previous: usize,
    /// The bytes of the column names of all the lines (a name once per
    /// value), for the encoder's reservation.
    pub(super) name_bytes: usize,
}

const SEEN_WORDS: usize = 8;

/// One column: its name, and its values as a chain through `values`. It
/// owns nothing, so a response's buffers are cleared without a drop per
/// column. Indexes are 32-bit, as in [`Value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Column {
    pub(super) name: Name,
    /// The name's [`hash`], compared before the name when searching.
    hash: u64,
    /// The column's first value (an index into `values`).
    pub(super) first: u32,
    /// Its last value, where the next one is chained.
    pub(super) last: u32,
    /// How many values it has.
    pub(super) count: u32,
}

/// A column's name: `'static` (nearly every handler's), within a row's
/// `'static` HEXONET line head (`\r\nPROPERTY[NAME][0]=`, which the
/// encoder writes as it is), or built by the handler
/// (`REPOSITORYOWNERCONTACT`, a domain's `X-` fields) and then copied into
/// the response's text, at `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Name {
    Static(&'static str),
    Line(&'static str),
    Text(usize, usize),
}

/// Where a response's HEXONET lines ended (`Response::lines_end`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct LinesEnd {
    /// The text's length then.
    text: usize,
    /// How many values the response had then, each after its head.
    values: usize,
}

/// One value: its column, where its text is, and the next value of its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Value {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Its column (an index into `columns`). This and `next` are 32-bit to
    /// keep a value in 24 bytes: four billion values would take 96 GiB.
    pub(super) column: u32,
    /// The next value of the same column (an index into `values`); the last
    /// value's is never read (its column's `count` ends the chain).
    pub(super) next: u32,
}

/// The success text shared by nearly every command (protocol.md §3.2).
pub const SUCCESS: &str = "Command completed successfully";

impl Response {
    /// `200 Command completed successfully` with no properties yet.
    pub fn ok() -> Response {
        let spare::Buffers {
            columns,
            values,
            text,
        } = spare::take();
        Response {
            code: 200,
            description: Cow::Borrowed(SUCCESS),
            pending: false,
            runtime: Duration::ZERO,
            dialect: Dialect::Hexonet,
            timed: true,
            columns,
            values,
            text,
            lines_end: match spare::hexonet() {
                true => None,
                false => Some(LinesEnd::default()),
            },
            seen: [0; SEEN_WORDS],
            previous: usize::MAX,
            name_bytes: 0,
        }
    }

    /// `200` with room for `values` property values of `text` bytes in all,
    /// for handlers that know their answer is large (StatusDomain, lists):
    /// the buffers then never grow while the answer is built.
    pub fn with_room(values: usize, text: usize) -> Response {
        let mut response = Response::ok();
        response.columns.reserve_exact(values.min(64));
        response.values.reserve_exact(values);
        // Line heads are about 25 bytes.
        let heads = if response.keeps_lines() {
            values * 25
        } else {
            0
        };
        response.text.reserve_exact(text + heads);
        response
    }

    /// A success with its own code and text, such as `210 Domain name
    /// available` or `219 Request is not available; <reason>` (2xx answers).
    pub fn status(code: u16, description: impl Into<Cow<'static, str>>) -> Response {
        let mut response = Response::ok();
        response.code = code;
        response.description = description.into();
        response
    }

    /// Appends one value to the column `name`. The value is written straight
    /// into the response's text, so numbers and amounts need no `String`.
    pub fn push(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl fmt::Display,
    ) -> &mut Response {
        self.push_with(name.into(), |text| {
            // Writing into a `String` cannot fail.
            let _ = write!(text, "{value}");
        })
    }

    /// [`Response::push`] for a value that is text already: copied as it is,
    /// without the formatting machinery (which costs more than the copy in
    /// wide answers such as StatusDomain and CheckDomains).
    pub fn push_str(&mut self, name: impl Into<Cow<'static, str>>, value: &str) -> &mut Response {
        self.push_with(name.into(), |text| text.push_str(value))
    }

    /// Finds the column `name`, writes the line head (while the text keeps its lines), then
    /// the value (`write`), and records it.
    #[inline(always)]
    fn push_with(
        &mut self,
        name: Cow<'static, str>,
        write: impl FnOnce(&mut String),
    ) -> &mut Response {
        let hash = hash(&name);
        let column = self.find(&name, hash);
        let name_at = self.head(&name, column);
        let start = self.text.len();
        write(&mut self.text);
        self.add(name, hash, column, start, name_at)
    }

    /// Writes the line head of a value about to be pushed to `column`
    /// (`None`: a new one) while the text is lines, and returns where the
    /// name starts in it; a push to an earlier column ends the lines.
    #[inline(always)]
    fn head(&mut self, name: &str, column: Option<usize>) -> Option<usize> {
        if !self.keeps_lines() {
            return None;
        }
        let index = match column {
            None => 0,
            Some(column) if column == self.previous => self.columns[column].count,
            Some(_) => {
                self.lines_end = Some(LinesEnd {
                    text: self.text.len(),
                    values: self.values.len(),
                });
                return None;
            }
        };
        Some(push_head(&mut self.text, name, index))
    }

    /// Records the value written at `start..` of the text under `column`
    /// (`None`: a new column `name`, whose hash is `hash` and which the
    /// line head holds at `name_at` if it was written).
    #[inline(always)]
    fn add(
        &mut self,
        name: Cow<'static, str>,
        hash: u64,
        column: Option<usize>,
        start: usize,
        name_at: Option<usize>,
    ) -> &mut Response {
        let at = self.values.len();
        let end = self.text.len();
        self.name_bytes += name.len();
        let column = match column {
            Some(column) => {
                self.chain(column, at);
                column
            }
            None => {
                if self.columns.capacity() == 0 {
                    // Room for a typical response in one allocation each.
                    self.columns.reserve_exact(8);
                    self.values.reserve_exact(8);
                    self.text.reserve(128);
                }
                let name = match (name, name_at) {
                    (Cow::Borrowed(name), _) => Name::Static(name),
                    (Cow::Owned(name), Some(at)) => Name::Text(at, at + name.len()),
                    (Cow::Owned(name), None) => {
                        self.text.push_str(&name);
                        Name::Text(end, self.text.len())
                    }
                };
                self.columns.push(Column {
                    name,
                    hash,
                    first: at as u32,
                    last: at as u32,
                    count: 1,
                });
                self.columns.len() - 1
            }
        };
        self.values.push(Value {
            start,
            end,
            column: column as u32,
            next: at as u32,
        });
        self.previous = column;
        self
    }

    /// Makes value `at` (about to be pushed) the last of `column`'s chain.
    #[inline(always)]
    fn chain(&mut self, column: usize, at: usize) {
        let known = &mut self.columns[column];
        let last = std::mem::replace(&mut known.last, at as u32);
        known.count += 1;
        self.values[last as usize].next = at as u32;
    }

    /// The index of the column `name` (whose [`hash`] is `hash`), if it has one.
    #[inline(always)]
    fn find(&mut self, name: &str, hash: u64) -> Option<usize> {
        if let Some(previous) = self.columns.get(self.previous)
            && previous.hash == hash
            && let known = self.name(previous)
            && known.len() == name.len()
            && (known.as_ptr() == name.as_ptr() || known == name)
        {
            return Some(self.previous);
        }
        let (word, mask) = seen_bit(hash);
        if self.seen[word] & mask == 0 {
            self.seen[word] |= mask;
            return None;
        }
        self.search(name, hash)
    }

    /// The index of the column `name` (whose [`hash`] is `hash`), searched for.
    fn search(&self, name: &str, hash: u64) -> Option<usize> {
        self.columns
            .iter()
            .rposition(|column| column.hash == hash && self.name(column) == name)
    }

    /// Appends one value to the column `name` and returns the response, for chaining.
    pub fn with(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl fmt::Display,
    ) -> Response {
        self.push(name, value);
        self
    }
}

/// A response's buffers go back to its thread's spares (`spare.rs`).
impl Drop for Response {
    fn drop(&mut self) {
        spare::give_back(spare::Buffers {
            columns: std::mem::take(&mut self.columns),
            values: std::mem::take(&mut self.values),
            text: std::mem::take(&mut self.text),
        });
    }
}

impl From<Error> for Response {
    /// The error in the HEXONET layout (see [`Response::refusal`]).
    fn from(error: Error) -> Response {
        Response::refusal(&error, Dialect::Hexonet)
    }
}

impl Response {
    /// The error's text in `dialect` ([`Error::describe`]), with braces
    /// written as parentheses (details echo request values, and the SDKs
    /// delete `{...}` tokens from answers) and control characters other
    /// than line breaks (which the encoder folds) as `\xNN`: a NUL or ESC
    /// sent in a value is not sent back raw.
    pub fn refusal(error: &Error, dialect: Dialect) -> Response {
        let mut text = error.describe(dialect);
        if text.contains(['{', '}']) {
            text = Cow::Owned(text.replace('{', "(").replace('}', ")"));
        }
        if let Cow::Owned(shown) = printable(&text) {
            text = Cow::Owned(shown);
        }
        let mut response = Response::ok();
        response.code = error.code();
        response.description = text;
        response.dialect = dialect;
        response.timed = !error.is_validation();
        // CheckAuthentication documents the flag (protocol.md §5.3, without its space).
        if matches!(error, Error::QuotaExceeded(_)) {
            response.push("QUOTAEXCEEDED", 1);
        }
        response
    }
}

/// A control character an error's text shows as `\xNN`: every one but
/// the tab and the line breaks, which the encoder folds into blanks.
fn escaped(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{85}')
}

/// `text` with its control characters (but tab and line breaks) as
/// `\xNN`: for a request's value echoed in an error text or a REASON, so a
/// NUL or ESC sent is not sent back raw. Borrowed when there is none.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.contains(escaped) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            let _ = write!(shown, "\\x{:02X}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

mod read;
mod row;
pub(crate) use row::row;
#[cfg(test)]
pub(crate) use row::seen_clashes;
pub use row::{Row, RowLines};
use row::{hash, seen_bit};

#[cfg(test)]
mod tests;
