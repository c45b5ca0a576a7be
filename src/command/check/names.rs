//! The name list of CheckDomains, ConvertIDN and QueryDomainOptions: the
//! three spellings clients send it in, read into one row per position.

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
        let index = key
            .strip_prefix("DOMAIN[")
            .and_then(|rest| rest.strip_suffix(']'))
            .filter(|digits| !digits.is_empty() && digits.len() <= 4)
            .and_then(|digits| digits.parse::<usize>().ok())
            .ok_or_else(|| Error::UnknownParameter(key.to_owned()))?;
        numbered.push((index, value));
    }
    numbered.sort_by_key(|(index, _)| *index);
    if let Some(pair) = numbered.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        return Err(Error::invalid(
            &format!("DOMAIN{}", pair[0].0),
            "is given twice (as DOMAINn and DOMAIN[n])",
        ));
    }
    let single = args.optional("DOMAIN");
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
