//! The cursor over a request's parameters: typed `required` / `optional` /
//! `parsed` getters whose errors name the parameter, and `finish()`, which
//! rejects parameters nobody read. Must not know which command is running.

use crate::wire::Params;
use rust_decimal::Decimal;
use std::ops::RangeInclusive;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::registry::AllowList;

/// Parameters of one request, with a record of which ones a handler has read.
pub struct Args<'a> {
    params: &'a Params,
    read: Marks,
    finished: bool,
}

impl<'a> Args<'a> {
    /// A cursor over `params`; `COMMAND` counts as read.
    pub fn new(params: &'a Params) -> Args<'a> {
        Args::after_command(params, params.get_index_of("COMMAND"))
    }

    /// A cursor over `params` whose `COMMAND` the caller found already, at
    /// `command` (`dispatch` does: no second search of the parameters).
    pub fn after_command(params: &'a Params, command: Option<usize>) -> Args<'a> {
        let mut read = Marks::new(params.len());
        if let Some(index) = command {
            read.set(index);
        }
        Args {
            params,
            read,
            finished: false,
        }
    }

    /// A value that must be present and non-empty (`504` otherwise).
    pub fn required(&mut self, name: &'static str) -> Result<&'a str> {
        self.optional(name)
            .ok_or(Error::MissingParameter(name.into()))
    }

    /// A value that may be absent; an empty value counts as absent (NULL).
    pub fn optional(&mut self, name: &str) -> Option<&'a str> {
        let (index, _, value) = self.params.get_full(name)?;
        self.read.set(index);
        (!value.is_empty()).then_some(value.as_str())
    }

    /// An optional value read through `FromStr`; `505` naming it if malformed.
    pub fn parsed<T: FromStr>(&mut self, name: &str) -> Result<Option<T>> {
        let Some(text) = self.optional(name) else {
            return Ok(None);
        };
        text.parse().map(Some).map_err(|_| Error::InvalidSyntax {
            name: name.to_owned(),
            value: text.to_owned(),
        })
    }

    /// An optional whole number that must lie in `range` (`541` otherwise).
    pub fn int_in(&mut self, name: &str, range: RangeInclusive<u64>) -> Result<Option<u64>> {
        match self.parsed::<u64>(name)? {
            Some(value) if !range.contains(&value) => Err(Error::invalid(
                name,
                format_args!("{value} is outside {}..{}", range.start(), range.end()),
            )),
            value => Ok(value),
        }
    }

    /// How many parameters the request has, read or not: room for a
    /// handler that collects them in one pass (a list grown push by push
    /// from empty reallocates four times for a 25-name check).
    pub fn count(&self) -> usize {
        self.params.len()
    }

    /// Whether the parameter was sent at all (even empty).
    pub fn present(&self, name: &str) -> bool {
        self.params.contains_key(name)
    }

    /// Whether any parameter name extends `prefix` (`OWNERCONTACT0` →
    /// `OWNERCONTACT0FIRSTNAME`): a cheap test before reading a group of them.
    pub fn extends(&self, prefix: &str) -> bool {
        self.params
            .keys()
            .any(|key| key.len() > prefix.len() && key.starts_with(prefix))
    }

    /// A `0`/`1` flag; `None` when absent or empty, `505` for other values.
    pub fn flag(&mut self, name: &str) -> Result<Option<bool>> {
        match self.optional(name) {
            None => Ok(None),
            Some("0") => Ok(Some(false)),
            Some("1") => Ok(Some(true)),
            Some(other) => Err(Error::syntax_rule(name, other, "must be 0 or 1")),
        }
    }

    /// Every `STEM<n>` parameter (n in decimal digits, as the SDKs flatten
    /// arrays), sorted by n, empty values included (they mean "unset").
    pub fn list(&mut self, stem: &str) -> Vec<(usize, &'a str)> {
        let mut found = Vec::new();
        for (index, (key, value)) in self.params.iter().enumerate() {
            let Some(digits) = key.strip_prefix(stem) else {
                continue;
            };
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                continue;
            }
            if let Ok(n) = digits.parse::<usize>() {
                self.read.set(index);
                found.push((n, value.as_str()));
            }
        }
        found.sort_by_key(|(n, _)| *n);
        found
    }

    /// The allow-list sent as `ALLOWEDIP0..n` (`AllowList::parse`: `505`
    /// naming a malformed entry); `None` when no index was sent, an empty
    /// list when only empty values came (clear the list).
    pub fn allow_list(&mut self) -> Result<Option<AllowList>> {
        let entries = self.list("ALLOWEDIP");
        if entries.is_empty() {
            return Ok(None);
        }
        let named = entries
            .into_iter()
            .map(|(n, value)| (format!("ALLOWEDIP{n}"), value));
        AllowList::parse(named).map(Some)
    }

    /// The non-empty values of `STEM<n>` in index order.
    pub fn values(&mut self, stem: &str) -> Vec<&'a str> {
        self.list(stem)
            .into_iter()
            .filter_map(|(_, value)| (!value.is_empty()).then_some(value))
            .collect()
    }

    /// Every not yet read parameter whose name starts with `prefix` (the
    /// `X-` fields), in request order, empty values included. An `X-` name
    /// must be letters, digits, hyphens and underscores after the prefix, and
    /// a command takes at most [`MAX_FIELDS`] of them: any other is left
    /// unread for [`Args::finish`] to refuse (`503`), so that no stored
    /// name can carry a line break or a `{...}` token into an answer that
    /// echoes it (StatusDomain, StatusContact).
    pub fn unread_with_prefix(&mut self, prefix: &str) -> Vec<(&'a str, &'a str)> {
        let fields = prefix == "X-";
        let mut found = Vec::new();
        for (index, (key, value)) in self.params.iter().enumerate() {
            if !self.read.get(index) && key.starts_with(prefix) {
                if fields && (found.len() >= MAX_FIELDS || !is_field_name(key)) {
                    continue;
                }
                self.read.set(index);
                found.push((key.as_str(), value.as_str()));
            }
        }
        found
    }

    /// Hands every not yet read parameter to `visit` in request order,
    /// marking it read, without collecting them (a handler that reads its
    /// whole request in one pass); stops at `visit`'s first error.
    pub fn each_unread(
        &mut self,
        mut visit: impl FnMut(&'a str, &'a str) -> Result<()>,
    ) -> Result<()> {
        for (index, (key, value)) in self.params.iter().enumerate() {
            if self.read.mark(index) {
                visit(key.as_str(), value.as_str())?;
            }
        }
        Ok(())
    }

    /// Ends reading: a parameter no getter asked for is a `503` naming it.
    /// Handlers call this after reading and before changing anything.
    /// (Inlined: when all was read, as almost always, a test of one word.)
    #[inline]
    pub fn finish(&mut self) -> Result<()> {
        self.finished = true;
        match self.read.first_unset(self.params.len()) {
            Some(index) => Err(self.unknown(index)),
            None => Ok(()),
        }
    }

    #[cold]
    fn unknown(&self, index: usize) -> Error {
        // The name as sent: `Response::refusal` shows its control
        // characters as `\xNN`, as it does a value's.
        Error::UnknownParameter(
            self.params
                .get_index(index)
                .map(|(key, _)| key.to_string())
                .unwrap_or_default(),
        )
    }

    /// The COMMAND value as sent (a handler that serves more than one
    /// command, as ORDER=CREATE's does, finds which one it serves).
    pub fn command(&self) -> Option<&'a str> {
        self.params.get("COMMAND").map(|value| value.as_str())
    }

    /// Whether `finish` was called (dispatch checks it in debug builds).
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

/// The most `X-` fields one command takes (Appendix A's busiest zones send
/// a dozen or two).
pub(super) const MAX_FIELDS: usize = 100;

/// Whether `key` is an `X-` field name: `X-`, then letters, digits,
/// hyphens and underscores (the parser has upper-cased it).
fn is_field_name(key: &str) -> bool {
    let rest = key.as_bytes().get(2..).unwrap_or_default();
    !rest.is_empty()
        && rest
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-' || *byte == b'_')
}

/// Which parameters a handler has read: the bits of one word for up to 64
/// parameters (almost every request: no allocation), one flag each beyond.
enum Marks {
    Word(u64),
    Flags(Vec<bool>),
}

impl Marks {
    fn new(len: usize) -> Marks {
        match len <= 64 {
            true => Marks::Word(0),
            false => Marks::Flags(vec![false; len]),
        }
    }

    fn set(&mut self, index: usize) {
        match self {
            Marks::Word(word) => *word |= 1 << index,
            Marks::Flags(flags) => flags[index] = true,
        }
    }

    /// Marks parameter `index` read: whether it was not read before (one
    /// test and set, for a pass over every parameter).
    #[inline(always)]
    fn mark(&mut self, index: usize) -> bool {
        match self {
            Marks::Word(word) => {
                let unread = *word & 1 << index == 0;
                *word |= 1 << index;
                unread
            }
            Marks::Flags(flags) => flags
                .get_mut(index)
                .is_some_and(|read| !std::mem::replace(read, true)),
        }
    }

    fn get(&self, index: usize) -> bool {
        match self {
            Marks::Word(word) => *word & 1 << index != 0,
            Marks::Flags(flags) => flags[index],
        }
    }

    /// The first of `len` parameters not read.
    #[inline]
    fn first_unset(&self, len: usize) -> Option<usize> {
        match self {
            Marks::Word(word) => Some((!*word).trailing_zeros() as usize).filter(|at| *at < len),
            Marks::Flags(flags) => flags.iter().position(|read| !read),
        }
    }
}

/// `text`, the value of `name`, as a decimal written plainly: digits with at
/// most one point and digits on both sides of it (`1090`, `1090.5`), after
/// a `-` where `signed`. `505` with `rule` unless it is of that form, `541`
/// if it is too large for any amount (past 28 digits). Every amount,
/// percentage and payment a command takes is read here.
pub(crate) fn plain_decimal(name: &str, text: &str, signed: bool, rule: &str) -> Result<Decimal> {
    let unsigned = match signed {
        true => text.strip_prefix('-').unwrap_or(text),
        false => text,
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    if !digits(whole) || !digits(fraction) {
        return Err(Error::syntax_rule(name, text, rule));
    }
    text.parse::<Decimal>()
        .map_err(|_| Error::invalid(name, format_args!("{text} is too large")))
}

/// Parameters from `(key, value)` pairs, for the unit tests of handlers and readers.
#[cfg(test)]
pub(crate) fn params(pairs: &[(&str, &str)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect()
}

#[cfg(test)]
mod tests;
