//! The name list of CheckDomains, ConvertIDN and QueryDomainOptions: the
//! three spellings clients send it in, read into one row per position; and
//! CheckDomains' whole request read in one pass over its parameters.

use crate::command::Args;
use crate::error::{Error, Result};

/// Most names one CheckDomains, ConvertIDN or QueryDomainOptions call takes
/// (`DOMAIN0`..`DOMAIN255`): above WHMCS's batches (25 names per search, up to
/// 100 suggestions re-checked at once, 200 zones per TLD-sync call).
pub(super) const MAX_NAMES: usize = 256;

/// One row of a name list: a name, or an index left out or sent empty.
/// (`repr(u64)`: laid out as the `(index, value)` pairs `read_names` reads,
/// so a list without gaps becomes rows in the same allocation.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(super) enum Row<'a> {
    Name(&'a str),
    Missing(usize),
}

/// The names of a request, one row per position. Three spellings:
/// `DOMAIN0..n` (what the SDKs flatten a `DOMAIN` array into, in any line
/// order), `DOMAIN[n]` (the reference's own `DOMAIN[0..N]` notation), or one
/// `DOMAIN` holding a name or a list of names separated by commas or blanks.
/// Numbered rows keep their index: a gap or an empty value is a `Missing` row,
/// so row `i` always answers `DOMAINi`.
pub(super) fn read_names<'a>(args: &mut Args<'a>) -> Result<Vec<Row<'a>>> {
    let mut numbered = args.list("DOMAIN");
    for (key, value) in args.unread_with_prefix("DOMAIN[") {
        let index = bracket_index(key).ok_or_else(|| Error::UnknownParameter(key.to_owned()))?;
        numbered.push((index, value));
    }
    let single = args.optional("DOMAIN");
    rows_of(numbered, single)
}

/// The rows of a request, one row or a list (a one-name check allocates no list).
pub(super) enum Rows<'a> {
    One(Row<'a>),
    Many(Vec<Row<'a>>),
}

impl<'a> Rows<'a> {
    pub(super) fn as_slice(&self) -> &[Row<'a>] {
        match self {
            Rows::One(row) => std::slice::from_ref(row),
            Rows::Many(rows) => rows,
        }
    }
}

/// A request read in one pass by [`read_request`]: its rows, the values of the
/// named options (`None` when absent or empty) and the first parameter
/// nobody asked for, which [`Request::finish`] refuses.
pub(super) struct Request<'a, const N: usize> {
    pub(super) rows: Rows<'a>,
    pub(super) options: [Option<&'a str>; N],
    unknown: Option<&'a str>,
}

impl<const N: usize> Request<'_, N> {
    /// [`Args::finish`] for a request read by [`read_request`]: `503` naming
    /// the first parameter in request order that is neither a name nor an option.
    pub(super) fn finish(&self, args: &mut Args<'_>) -> Result<()> {
        if let Some(key) = self.unknown {
            return Err(Error::UnknownParameter(key.to_owned()));
        }
        args.finish()
    }
}

/// [`read_names`] and [`Args::optional`] for each of `options` in one pass
/// over the parameters instead of one per getter, with the same answers and
/// refusals in the same order (a malformed `DOMAIN[n]` first, then the list's
/// own); parameters neither names nor options are left for [`Request::finish`].
pub(super) fn read_request<'a, const N: usize>(
    args: &mut Args<'a>,
    options: [&str; N],
) -> Result<Request<'a, N>> {
    let (mut values, mut unknown) = ([None; N], None);
    // The list gets room for every parameter at its first push (grown from
    // empty it reallocated four times for 25 names); one name needs none.
    let room = args.count();
    let (mut numbered, mut single, mut first) = (Vec::new(), None, None);
    args.each_unread(|key, value| {
        match name_key(key) {
            NameKey::Single => single = Some(value).filter(|value| !value.is_empty()),
            NameKey::Index(index) => {
                // The first pair waits outside the list: one name needs none.
                if let Some(earlier) = first.replace((index, value)) {
                    if numbered.capacity() == 0 {
                        numbered.reserve(room);
                    }
                    numbered.push(earlier);
                }
            }
            NameKey::BadIndex => return Err(Error::UnknownParameter(key.to_owned())),
            NameKey::Other => match options.iter().position(|option| *option == key) {
                Some(at) => values[at] = Some(value).filter(|value| !value.is_empty()),
                None => {
                    unknown.get_or_insert(key);
                }
            },
        }
        Ok(())
    })?;
    let rows = match (first, single) {
        (Some((0, name)), None) if numbered.is_empty() && !name.is_empty() => {
            Rows::One(Row::Name(name))
        }
        (first, single) => {
            numbered.extend(first);
            Rows::Many(rows_of(numbered, single)?)
        }
    };
    Ok(Request {
        rows,
        options: values,
        unknown,
    })
}

/// What a parameter is to a name list.
enum NameKey {
    /// `DOMAIN`: one name or a list of them.
    Single,
    /// `DOMAINn` or `DOMAIN[n]`.
    Index(usize),
    /// `DOMAIN[` without a well-formed index: refused.
    BadIndex,
    /// Not a name (`DOMAIN` followed by more than four digits, or by a word).
    Other,
}

/// What `key` is to a name list, as [`Args::list`] and [`bracket_index`] read it.
fn name_key(key: &str) -> NameKey {
    let Some(rest) = key.strip_prefix("DOMAIN") else {
        return NameKey::Other;
    };
    match rest.as_bytes() {
        [] => NameKey::Single,
        [b'[', ..] => bracket_index(key).map_or(NameKey::BadIndex, NameKey::Index),
        digits if digits.len() <= 4 && digits.iter().all(u8::is_ascii_digit) => NameKey::Index(
            digits
                .iter()
                .fold(0, |index, digit| index * 10 + usize::from(digit - b'0')),
        ),
        _ => NameKey::Other,
    }
}

/// The index of a `DOMAIN[n]` key (up to four digits), if well-formed.
fn bracket_index(key: &str) -> Option<usize> {
    key.strip_prefix("DOMAIN[")
        .and_then(|rest| rest.strip_suffix(']'))
        .filter(|digits| !digits.is_empty() && digits.len() <= 4)
        .and_then(|digits| digits.parse::<usize>().ok())
}

/// The rows of the numbered names (`DOMAINn` and `DOMAIN[n]`, any order) or
/// of the single `DOMAIN` list (`None` when absent or empty).
fn rows_of<'a>(
    mut numbered: Vec<(usize, &'a str)>,
    single: Option<&'a str>,
) -> Result<Vec<Row<'a>>> {
    numbered.sort_by_key(|(index, _)| *index);
    if let Some(pair) = numbered.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        return Err(Error::invalid(
            &format!("DOMAIN{}", pair[0].0),
            "is given twice (DOMAINn, DOMAIN[n] and DOMAIN0n are one index)",
        ));
    }
    let rows = match (single, numbered.last()) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "DOMAIN",
                "send the names either as DOMAIN or as DOMAIN0..n, not both",
            ));
        }
        (Some(list), None) => list
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|name| !name.is_empty())
            .map(Row::Name)
            .collect(),
        (None, Some(&(last, _))) => {
            if last >= MAX_NAMES {
                return Err(Error::invalid(
                    &format!("DOMAIN{last}"),
                    format_args!(
                        "at most {MAX_NAMES} names per call (DOMAIN0..DOMAIN{})",
                        MAX_NAMES - 1
                    ),
                ));
            }
            let row = |(index, value): (usize, &'a str)| match value {
                "" => Row::Missing(index),
                name => Row::Name(name),
            };
            if last + 1 == numbered.len() {
                // No gaps (the indexes are unique): each pair becomes its row in place.
                numbered.into_iter().map(row).collect()
            } else {
                let mut rows: Vec<Row<'a>> = (0..=last).map(Row::Missing).collect();
                for (index, value) in numbered {
                    rows[index] = row((index, value));
                }
                rows
            }
        }
        (None, None) => Vec::new(),
    };
    if rows.len() > MAX_NAMES {
        return Err(Error::invalid(
            "DOMAIN",
            format_args!("at most {MAX_NAMES} names per call, got {}", rows.len()),
        ));
    }
    if !rows.iter().any(|row| matches!(row, Row::Name(_))) {
        return Err(Error::missing("DOMAIN0"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::args::params;

    const OPTIONS: [&str; 2] = ["PREMIUMCHANNELS", "PHASE"];

    /// What the getters one by one make of a request: rows, options, finish.
    fn by_getters(pairs: &[(&str, &str)]) -> Result<(Vec<String>, Vec<Option<String>>)> {
        let params = params(pairs);
        let mut args = Args::new(&params);
        let rows = read_names(&mut args)?;
        let options = OPTIONS.map(|name| args.optional(name).map(str::to_owned));
        args.finish()?;
        Ok((
            rows.iter().map(|row| format!("{row:?}")).collect(),
            options.to_vec(),
        ))
    }

    /// The same request read in one pass.
    fn in_one_pass(pairs: &[(&str, &str)]) -> Result<(Vec<String>, Vec<Option<String>>)> {
        let params = params(pairs);
        let mut args = Args::new(&params);
        let request = read_request(&mut args, OPTIONS)?;
        request.finish(&mut args)?;
        let rows = request.rows.as_slice().iter().map(|row| format!("{row:?}"));
        Ok((
            rows.collect(),
            request.options.map(|o| o.map(str::to_owned)).to_vec(),
        ))
    }

    #[test]
    fn one_pass_reads_what_the_getters_read() {
        let cases: &[&[(&str, &str)]] = &[
            &[("COMMAND", "CheckDomains"), ("DOMAIN0", "a.com")],
            &[("DOMAIN0", "")],
            &[("DOMAIN1", "a.com")],
            &[
                ("DOMAIN0", "a.com"),
                ("PREMIUMCHANNELS", "*"),
                ("PHASE", ""),
            ],
            &[
                ("DOMAIN2", "c.com"),
                ("DOMAIN0", "a.com"),
                ("DOMAIN[1]", "b.com"),
            ],
            &[("DOMAIN0", "a.com"), ("DOMAIN[0]", "b.com")],
            &[("DOMAIN00", "a.com"), ("DOMAIN0", "b.com")],
            &[("DOMAIN[x]", "a.com"), ("BOGUS", "1")],
            &[("BOGUS", "1"), ("DOMAIN[12345]", "a.com")],
            &[("DOMAIN", "a.com, b.com c.com")],
            &[("DOMAIN", "a.com"), ("DOMAIN0", "b.com")],
            &[("DOMAIN", ""), ("DOMAIN0", "b.com")],
            &[("DOMAIN256", "a.com")],
            &[("DOMAIN00001", "a.com"), ("DOMAIN0", "a.com")],
            &[("DOMAINX", "a.com"), ("DOMAIN0", "a.com"), ("OTHER", "")],
            &[("PHASE", "claims")],
            &[],
        ];
        for pairs in cases {
            assert_eq!(in_one_pass(pairs), by_getters(pairs), "{pairs:?}");
        }
    }
}
