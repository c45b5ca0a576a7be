//! [`Row`]: a run of distinct column names fixed at compile time, with
//! their hashes, `seen` bits and HEXONET line heads (`PROPERTY[NAME][0]=`,
//! the encoder's form) worked out then (the name hash lives here, `const`
//! for them, and serves every push), and [`Response::push_row`], which
//! appends one value to each. A row whose names are all new (one test of
//! its bits against the response's, the usual case) is added without a
//! lookup per name, each value after its head while the answer keeps its
//! HEXONET lines (else the encoder writes each of its one-value columns as
//! its head and its value): wide answers such as StatusDomain push most of
//! their fifty-odd properties this way. Also [`Response::push_column`],
//! many values of one column with one lookup (a many-name check). Knows
//! nothing of what the names mean.

use super::{Column, Name, Response, SEEN_WORDS, Value};
use crate::wire::encode::{HEXONET_FIRST, HEXONET_HEAD, push_line_head, stack_head};

/// Column names known to be distinct, for [`Response::push_row`]. Made by
/// [`row!`](crate::wire::row) in a `const`, so two equal names fail the build.
#[derive(Debug)]
pub struct Row<const N: usize> {
    names: [&'static str; N],
    /// Each name's first HEXONET line up to its value: `\r\nPROPERTY[NAME][0]=`.
    lines: [&'static str; N],
    hashes: [u64; N],
    /// The `seen` bits of all the names.
    seen: [u64; SEEN_WORDS],
    /// The names' bytes, all together.
    name_bytes: usize,
    /// The line heads' bytes, all together.
    line_bytes: usize,
}

/// The longest line head a row holds: names up to 48 bytes.
const LINE: usize = HEXONET_HEAD.len() + 48 + 5;

/// The bytes of a row's line heads, each padded to 64 bytes: made
/// in a `const` of its own (`row!`), so that the row can refer to it.
pub type RowLines<const N: usize> = [[u8; LINE]; N];

/// `row!(NAMES)`: the [`Row`] of a `const` array of names, with its line
/// heads in a `const` of their own. Only in `const` items.
macro_rules! row {
    ($names:expr) => {{
        const N: usize = $names.len();
        const NAMES: [&str; N] = $names;
        const LINES: $crate::wire::RowLines<N> = $crate::wire::Row::lines_of(NAMES);
        $crate::wire::Row::new(NAMES, &LINES)
    }};
}
pub(crate) use row;

impl<const N: usize> Row<N> {
    /// The line heads of `names`, padded (see [`RowLines`]); panics (at
    /// compile time) for a name longer than 48 bytes.
    pub const fn lines_of(names: [&'static str; N]) -> RowLines<N> {
        let mut lines = [[0; LINE]; N];
        let mut at = 0;
        while at < N {
            let (line, name) = (&mut lines[at], names[at].as_bytes());
            assert!(name.len() <= 48, "a row's names are at most 48 bytes");
            let pieces = [HEXONET_HEAD.as_bytes(), name, HEXONET_FIRST.as_bytes()];
            let (mut piece, mut end) = (0, 0);
            while piece < pieces.len() {
                let mut byte = 0;
                while byte < pieces[piece].len() {
                    line[end] = pieces[piece][byte];
                    (byte, end) = (byte + 1, end + 1);
                }
                piece += 1;
            }
            at += 1;
        }
        lines
    }

    /// The row of `names`, whose line heads are `lines` ([`Row::lines_of`]
    /// of the same names, as `row!` makes it). Panics (at compile time in
    /// a `const`) when two names are equal.
    pub const fn new(names: [&'static str; N], lines: &'static RowLines<N>) -> Row<N> {
        let mut hashes = [0; N];
        let mut heads = [""; N];
        let mut seen = [0; SEEN_WORDS];
        let mut name_bytes = 0;
        let mut line_bytes = 0;
        let mut at = 0;
        while at < N {
            let mut before = 0;
            while before < at {
                assert!(!same(names[before], names[at]), "a row's names must differ");
                before += 1;
            }
            hashes[at] = hash(names[at]);
            let (word, mask) = seen_bit(hashes[at]);
            seen[word] |= mask;
            name_bytes += names[at].len();
            let length = HEXONET_HEAD.len() + names[at].len() + HEXONET_FIRST.len();
            line_bytes += length;
            heads[at] = match std::str::from_utf8(lines[at].split_at(length).0) {
                Ok(head) => head,
                Err(_) => panic!("a row's line heads are text"),
            };
            let (start, rest) = heads[at].split_at(HEXONET_HEAD.len());
            let (name, end) = rest.split_at(names[at].len());
            assert!(
                same(start, HEXONET_HEAD) && same(name, names[at]) && same(end, HEXONET_FIRST),
                "a row's line heads are its names'"
            );
            at += 1;
        }
        Row {
            names,
            lines: heads,
            hashes,
            seen,
            name_bytes,
            line_bytes,
        }
    }
}

/// Whether two names are equal (`==` is not `const`).
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut at = 0;
    while at < a.len() {
        if a[at] != b[at] {
            return false;
        }
        at += 1;
    }
    true
}

/// A column name's hash, from its length and its first and last two bytes:
/// equal names have equal hashes, and the names of one response seldom
/// share one (its top nine bits pick the `seen` bit). `const` for [`Row`].
/// Two names of an answer with the same bit cost a search of its columns
/// when the later one is pushed: the multiplier is the one of 30,000 drawn
/// at random under which the fixtures' HEXONET answers share the fewest
/// (65 in 877 answers, against 293 under the golden ratio's), and under
/// which a usual StatusDomain answer's fifty columns share none (a test
/// in `command/domain/status.rs` checks it).
#[inline(always)]
pub(super) const fn hash(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let (first, before, last) = match bytes.len() {
        0 => (0, 0, 0),
        1 => (bytes[0], 0, bytes[0]),
        n => (bytes[0], bytes[n - 2], bytes[n - 1]),
    };
    let key = (bytes.len() as u64 & 0xffff)
        | (first as u64) << 16
        | (before as u64) << 24
        | (last as u64) << 32;
    key.wrapping_mul(0x4A30_189B_B378_F0CB)
}

/// How many of `names` share their `seen` bit with an earlier one: the
/// searches pushing them as new columns would cost.
#[cfg(test)]
pub(crate) fn seen_clashes<'a>(names: impl IntoIterator<Item = &'a str>) -> usize {
    let mut seen = [0u64; SEEN_WORDS];
    let mut clashes = 0;
    for name in names {
        let (word, mask) = seen_bit(hash(name));
        clashes += usize::from(seen[word] & mask != 0);
        seen[word] |= mask;
    }
    clashes
}

/// The `seen` word and bit of a name's [`hash`]: its top nine bits.
#[inline(always)]
pub(super) const fn seen_bit(hash: u64) -> (usize, u64) {
    let bit = (hash >> 55) as usize;
    (bit / 64, 1u64 << (bit % 64))
}

impl Response {
    /// Appends each of `values` to the column `name`: the same as a
    /// [`Response::push_str`] per value, but the column is found (or made)
    /// once, not hashed and looked up again for each value (a 25-name
    /// check pushes seven columns of 25 values).
    pub fn push_column<'v>(
        &mut self,
        name: &'static str,
        values: impl IntoIterator<Item = &'v str>,
    ) -> &mut Response {
        let mut values = values.into_iter();
        let Some(first) = values.next() else {
            return self;
        };
        self.push_str(name, first);
        // The column the first value went to, and that value. The others
        // follow it in the value list: each is chained to the next place
        // as it is pushed, and the column's chain is mended once at the end.
        let (column, first) = (self.previous, self.values.len() - 1);
        // While the text is lines, each value's head: `\r\nPROPERTY[NAME][`
        // kept on the stack (written in pieces when too long), then its index.
        let lines = self.keeps_lines();
        let head = if lines { stack_head(name) } else { None };
        let mut index = self.columns[column].count as usize;
        for value in values {
            if lines {
                push_line_head(&mut self.text, head.as_deref(), name, index);
                index += 1;
            }
            let (start, at) = (self.text.len(), self.values.len());
            // Most of a many-name check's values are empty (CLASS, PRICE,
            // ... of a name that is simply available): no copy call for them.
            if !value.is_empty() {
                self.text.push_str(value);
            }
            self.values.push(Value {
                start,
                end: self.text.len(),
                column: column as u32,
                next: at as u32 + 1,
            });
        }
        let last = self.values.len() - 1;
        if last > first {
            self.values[first].next = first as u32 + 1;
            self.values[last].next = last as u32;
            let known = &mut self.columns[column];
            known.last = last as u32;
            known.count += (last - first) as u32;
            self.name_bytes += name.len() * (last - first);
        }
        self
    }

    /// Appends `values[i]` to the column `row`'s `i`-th name, for each `i`:
    /// the same as a [`Response::push_str`] per name, in order. When none of
    /// the row's `seen` bits is set yet, or the names whose bit is set are
    /// not columns after all (another name has the bit: one search each),
    /// the row is added in one go; otherwise it is pushed name by name.
    pub fn push_row<const N: usize>(&mut self, row: &Row<N>, values: [&str; N]) -> &mut Response {
        // One word of every bit both have (no array comparison: that was a
        // `memcmp` call).
        let clash =
            (self.seen.iter().zip(&row.seen)).fold(0, |clash, (seen, bits)| clash | (seen & bits));
        let known = |(name, hash): (&&str, &u64)| {
            let (word, mask) = seen_bit(*hash);
            self.seen[word] & mask != 0 && self.search(name, *hash).is_some()
        };
        if clash != 0 && row.names.iter().zip(&row.hashes).any(known) {
            for (name, value) in row.names.iter().zip(values) {
                self.push_str(*name, value);
            }
            return self;
        }
        if N == 0 {
            return self;
        }
        for (seen, bits) in self.seen.iter_mut().zip(&row.seen) {
            *seen |= bits;
        }
        self.name_bytes += row.name_bytes;
        let (first_value, first_column) = (self.values.len(), self.columns.len());
        self.columns
            .extend(
                row.lines
                    .iter()
                    .zip(&row.hashes)
                    .enumerate()
                    .map(|(at, (line, hash))| Column {
                        name: Name::Line(line),
                        hash: *hash,
                        first: (first_value + at) as u32,
                        last: (first_value + at) as u32,
                        count: 1,
                    }),
            );
        // While the text is lines, each value follows its line head. The
        // text first, then the values' records in one go (two plain loops
        // over `0..N`: no iterator chain, no branch per name).
        let lines = self.keeps_lines();
        let heads = if lines { row.line_bytes } else { 0 };
        self.text
            .reserve(heads + values.iter().map(|value| value.len()).sum::<usize>());
        let mut bounds = [(0, 0); N];
        if lines {
            for at in 0..N {
                self.text.push_str(row.lines[at]);
                let start = self.text.len();
                self.text.push_str(values[at]);
                bounds[at] = (start, self.text.len());
            }
        } else {
            for at in 0..N {
                let start = self.text.len();
                self.text.push_str(values[at]);
                bounds[at] = (start, self.text.len());
            }
        }
        self.values
            .extend(bounds.iter().enumerate().map(|(at, &(start, end))| Value {
                start,
                end,
                column: (first_column + at) as u32,
                next: (first_value + at) as u32,
            }));
        self.previous = first_column + N - 1;
        self
    }
}
