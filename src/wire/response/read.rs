//! Reading a [`Response`] back: a column's first value, its lines in the
//! HEXONET order or in push order, and how it shows in a test's failure.
//! The encoder's view of the buffers (`name`, `value`, where the line heads
//! end) lives here too; building them is `response.rs`'s and `row.rs`'s.

use std::fmt;

use super::{Column, HEXONET_FIRST, HEXONET_HEAD, Name, Response, Value};

impl Response {
    /// The first value of the column `name`, if any.
    pub fn first(&self, name: &str) -> Option<&str> {
        let column = self
            .columns
            .iter()
            .find(|column| self.name(column) == name)?;
        self.values
            .get(column.first as usize)
            .map(|value| self.value(value))
    }

    /// Every property line in the canonical order, as (name, index, value):
    /// columns in the order first pushed, each column's values in push order.
    pub fn lines(&self) -> impl Iterator<Item = (&str, usize, &str)> {
        self.columns.iter().flat_map(move |column| {
            let mut at = column.first as usize;
            (0..column.count as usize).map(move |index| {
                let value = &self.values[at];
                at = value.next as usize;
                (self.name(column), index, self.value(value))
            })
        })
    }

    /// Calls `each` with every property line in push order, as (name, index,
    /// value), each index counted within its column: the CentralNic Reseller
    /// layout, where the handler pushes properties in wire order and rows cell
    /// by cell. The counters live on the stack for up to 64 columns.
    pub fn each_as_pushed(&self, mut each: impl FnMut(&str, usize, &str)) {
        let mut small = [0usize; 64];
        let mut large = Vec::new();
        let counts: &mut [usize] = match self.columns.len() {
            n if n <= small.len() => &mut small[..n],
            n => {
                large.resize(n, 0);
                &mut large
            }
        };
        for value in &self.values {
            let column = value.column as usize;
            let index = counts[column];
            counts[column] += 1;
            each(self.name(&self.columns[column]), index, self.value(value));
        }
    }

    /// How many property lines the response has.
    pub fn line_count(&self) -> usize {
        self.values.len()
    }

    /// Whether the text is still the HEXONET lines of all the values.
    #[inline(always)]
    pub(in crate::wire) fn keeps_lines(&self) -> bool {
        self.lines_end.is_none()
    }

    /// The text up to where its line heads end (all of it while it keeps
    /// its lines), how many values have a head there, and the rest.
    pub(in crate::wire) fn split_at_lines(&self) -> (&str, usize, &str) {
        match self.lines_end {
            None => (&self.text, self.values.len(), ""),
            Some(end) => {
                let (lines, rest) = self.text.split_at(end.text);
                (lines, end.values, rest)
            }
        }
    }

    pub(in crate::wire) fn value(&self, value: &Value) -> &str {
        &self.text[value.start..value.end]
    }

    /// The name of `column`.
    #[inline]
    pub(in crate::wire) fn name<'a>(&'a self, column: &'a Column) -> &'a str {
        match column.name {
            Name::Static(name) => name,
            Name::Line(line) => &line[HEXONET_HEAD.len()..line.len() - HEXONET_FIRST.len()],
            Name::Text(start, end) => &self.text[start..end],
        }
    }
}

/// Shows the properties as columns, the way they will be encoded.
impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .lines()
            .map(|(name, index, value)| format!("{name}[{index}]={value}"))
            .collect();
        f.debug_struct("Response")
            .field("code", &self.code)
            .field("description", &self.description)
            .field("pending", &self.pending)
            .field("runtime", &self.runtime)
            .field("properties", &lines)
            .finish()
    }
}
