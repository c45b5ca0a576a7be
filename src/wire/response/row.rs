//! [`Row`]: a run of distinct column names fixed at compile time, with
//! their hashes and `seen` bits worked out then, and [`Response::push_row`],
//! which appends one value to each. A row whose names are all new (one test
//! of its bits against the response's, the usual case) is added without a
//! lookup per name: wide answers such as StatusDomain push most of their
//! fifty-odd properties this way. Knows nothing of what the names mean.

use super::{Column, Name, Response, SEEN_WORDS, Value, hash, seen_bit};

/// Column names known to be distinct, for [`Response::push_row`]. Made in
/// a `const`, so two equal names fail the build.
#[derive(Debug)]
pub struct Row<const N: usize> {
    names: [&'static str; N],
    hashes: [u64; N],
    /// The `seen` bits of all the names.
    seen: [u64; SEEN_WORDS],
    /// The names' bytes, all together.
    name_bytes: usize,
}

impl<const N: usize> Row<N> {
    /// The row of `names`. Panics (at compile time in a `const`) when two are equal.
    pub const fn new(names: [&'static str; N]) -> Row<N> {
        let mut hashes = [0; N];
        let mut seen = [0; SEEN_WORDS];
        let mut name_bytes = 0;
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
            at += 1;
        }
        Row {
            names,
            hashes,
            seen,
            name_bytes,
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

impl Response {
    /// Appends `values[i]` to the column `row`'s `i`-th name, for each `i`:
    /// the same as a [`Response::push_str`] per name, in order. When none of
    /// the row's `seen` bits is set yet, every name is a new column and the
    /// row is added in one go; otherwise only the names whose bit was set
    /// take the usual path (a search), the others are added as new.
    pub fn push_row<const N: usize>(&mut self, row: &Row<N>, values: [&str; N]) -> &mut Response {
        let mut clash = [0; SEEN_WORDS];
        for ((clash, seen), bits) in clash.iter_mut().zip(&mut self.seen).zip(row.seen) {
            *clash = *seen & bits;
            *seen |= bits;
        }
        if N == 0 {
            return self;
        }
        if clash != [0; SEEN_WORDS] {
            for ((name, hash), value) in row.names.iter().zip(row.hashes).zip(values) {
                let (word, mask) = seen_bit(hash);
                match clash[word] & mask {
                    0 => self.add_new(name, hash, value),
                    _ => self.push_str(*name, value),
                };
            }
            return self;
        }
        self.name_bytes += row.name_bytes;
        let (first_value, first_column) = (self.values.len(), self.columns.len());
        self.columns
            .extend(
                row.names
                    .iter()
                    .zip(row.hashes)
                    .enumerate()
                    .map(|(at, (name, hash))| Column {
                        name: Name::Static(name),
                        hash,
                        first: (first_value + at) as u32,
                        last: (first_value + at) as u32,
                        count: 1,
                    }),
            );
        self.text
            .reserve(values.iter().map(|value| value.len()).sum());
        let mut end = self.text.len();
        self.values
            .extend(values.iter().enumerate().map(|(at, value)| {
                let start = end;
                end += value.len();
                Value {
                    start,
                    end,
                    column: (first_column + at) as u32,
                    next: (first_value + at) as u32,
                }
            }));
        for value in values {
            self.text.push_str(value);
        }
        self.previous = first_column + N - 1;
        self
    }

    /// Adds the column `name` (whose hash is `hash`), known to be new, with
    /// `value`; its `seen` bit is set already.
    fn add_new(&mut self, name: &'static str, hash: u64, value: &str) -> &mut Response {
        let (at, column) = (self.values.len(), self.columns.len());
        let start = self.text.len();
        self.text.push_str(value);
        self.name_bytes += name.len();
        self.columns.push(Column {
            name: Name::Static(name),
            hash,
            first: at as u32,
            last: at as u32,
            count: 1,
        });
        self.values.push(Value {
            start,
            end: self.text.len(),
            column: column as u32,
            next: at as u32,
        });
        self.previous = column;
        self
    }
}
