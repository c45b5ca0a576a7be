//! The cursor over a request's parameters: typed `required` / `optional` /
//! `parsed` getters whose errors name the parameter, and `finish()`, which
//! rejects parameters nobody read. Must not know which command is running.

use indexmap::IndexMap;
use std::ops::RangeInclusive;
use std::str::FromStr;

use crate::error::{Error, Result};

/// Parameters of one request, with a record of which ones a handler has read.
pub struct Args<'a> {
    params: &'a IndexMap<String, String>,
    read: Vec<bool>,
    finished: bool,
}

impl<'a> Args<'a> {
    /// A cursor over `params`; `COMMAND` counts as read.
    pub fn new(params: &'a IndexMap<String, String>) -> Args<'a> {
        let read = params.keys().map(|key| key == "COMMAND").collect();
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
    pub fn optional(&mut self, name: &'static str) -> Option<&'a str> {
        let (index, _, value) = self.params.get_full(name)?;
        self.read[index] = true;
        (!value.is_empty()).then_some(value.as_str())
    }

    /// An optional value read through `FromStr`; `505` naming it if malformed.
    pub fn parsed<T: FromStr>(&mut self, name: &'static str) -> Result<Option<T>> {
        let Some(text) = self.optional(name) else {
            return Ok(None);
        };
        text.parse().map(Some).map_err(|_| Error::InvalidSyntax {
            name: name.to_owned(),
            value: text.to_owned(),
        })
    }

    /// An optional whole number that must lie in `range` (`541` otherwise).
    pub fn int_in(
        &mut self,
        name: &'static str,
        range: RangeInclusive<u64>,
    ) -> Result<Option<u64>> {
        match self.parsed::<u64>(name)? {
            Some(value) if !range.contains(&value) => Err(Error::invalid(
                name,
                format_args!("{value} is outside {}..{}", range.start(), range.end()),
            )),
            value => Ok(value),
        }
    }

    /// Ends reading: a parameter no getter asked for is a `503` naming it.
    /// Handlers call this after reading and before changing anything.
    pub fn finish(&mut self) -> Result<()> {
        self.finished = true;
        match self.read.iter().position(|read| !read) {
            Some(index) => Err(Error::UnknownParameter(
                self.params
                    .get_index(index)
                    .map(|(k, _)| k.clone())
                    .unwrap_or_default(),
            )),
            None => Ok(()),
        }
    }

    /// Whether `finish` was called (dispatch checks it in debug builds).
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn typed_getters_name_the_parameter_in_their_errors() {
        let map = params(&[
            ("COMMAND", "X"),
            ("TIMEOUT", "abc"),
            ("MAXTTL", "30"),
            ("EMPTY", ""),
        ]);
        let mut args = Args::new(&map);
        assert_eq!(
            args.required("MISSING"),
            Err(Error::MissingParameter("MISSING".into()))
        );
        assert_eq!(
            args.required("EMPTY"),
            Err(Error::MissingParameter("EMPTY".into()))
        );
        assert_eq!(
            args.parsed::<u64>("TIMEOUT").unwrap_err().to_string(),
            "Invalid attribute value syntax; TIMEOUT: (abc)"
        );
        assert_eq!(
            args.int_in("MAXTTL", 60..=86_400).unwrap_err().to_string(),
            "Invalid attribute value; MAXTTL: 30 is outside 60..86400"
        );
        assert_eq!(args.finish(), Ok(()));
    }

    #[test]
    fn finish_rejects_the_first_unread_parameter() {
        let map = params(&[
            ("COMMAND", "X"),
            ("TYPE", "API"),
            ("FOO", "1"),
            ("BAR", "2"),
        ]);
        let mut args = Args::new(&map);
        assert_eq!(args.optional("TYPE"), Some("API"));
        assert_eq!(args.finish(), Err(Error::UnknownParameter("FOO".into())));
    }
}
