//! What every list command shares (protocol.md §4): the FIRST/LIMIT window,
//! ORDERBY with the `DESC` suffix, `*` patterns, and the FIRST, LAST, COUNT,
//! TOTAL, LIMIT counters. Knows no command and no object kind.

use super::Args;
use crate::error::{Error, Result};
use crate::registry::{DomainName, System, Timestamp};
use crate::wire::Response;

/// The largest LIMIT honoured; a larger one is answered with this one, so the
/// SDK pagers (which re-send the LIMIT they are told) still reach the end.
pub const MAX_LIMIT: usize = 10_000;

/// The requested window of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub first: usize,
    pub limit: usize,
}

impl Page {
    /// Reads FIRST (default 0) and LIMIT (default `default_limit`, at most
    /// [`MAX_LIMIT`]). `LIMIT=0` counts as absent: a zero limit would stall
    /// every SDK pager (protocol.md §4.3).
    pub fn read(args: &mut Args<'_>, default_limit: usize) -> Result<Page> {
        let first = count(args, "FIRST")?.unwrap_or(0);
        let limit = match count(args, "LIMIT")? {
            None | Some(0) => default_limit,
            Some(limit) => limit.min(MAX_LIMIT),
        };
        Ok(Page { first, limit })
    }

    /// The rows of this window out of `rows` (which may be lazy), and the total.
    pub fn take<T>(&self, rows: impl Iterator<Item = T>) -> (Vec<T>, usize) {
        let mut total = 0;
        let mut taken = Vec::new();
        for row in rows {
            if total >= self.first && taken.len() < self.limit {
                taken.push(row);
            }
            total += 1;
        }
        (taken, total)
    }

    /// The index of the last of `count` rows shown: an empty window reports
    /// LAST = FIRST, as the CNR captures do (protocol.md §4.2).
    pub fn last(&self, count: usize) -> usize {
        match count {
            0 => self.first,
            _ => self.first + count - 1,
        }
    }

    /// The window of `rows` (sorted ascending; reversed first when
    /// `descending`) and a `200` that already carries its counters: the tail
    /// every sorted list shares.
    pub fn answer<T>(&self, mut rows: Vec<T>, descending: bool) -> (Vec<T>, Response) {
        if descending {
            rows.reverse();
        }
        self.respond(rows.into_iter())
    }

    /// The window of `rows` (in the order shown) and a `200` that already
    /// carries its counters.
    pub fn respond<T>(&self, rows: impl Iterator<Item = T>) -> (Vec<T>, Response) {
        let (rows, total) = self.take(rows);
        let mut response = Response::ok();
        self.push_counters(&mut response, rows.len(), total);
        (rows, response)
    }

    /// Pushes FIRST, LAST ([`Page::last`]), COUNT, TOTAL and LIMIT.
    pub fn push_counters(&self, response: &mut Response, count: usize, total: usize) {
        response
            .push("FIRST", self.first)
            .push("LAST", self.last(count))
            .push("COUNT", count)
            .push("TOTAL", total)
            .push("LIMIT", self.limit);
    }
}

/// A FIRST or LIMIT of either dialect: digits only (`505` for a sign or
/// anything else), any length (past what fits a number is the largest, so a
/// FIRST past every row is an empty page, as protocol.md §4.3 asks); empty
/// is absent.
pub fn count(args: &mut Args<'_>, name: &str) -> Result<Option<usize>> {
    match args.optional(name) {
        None | Some("") => Ok(None),
        Some(text) if text.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(text.parse().unwrap_or(usize::MAX)))
        }
        Some(text) => Err(Error::syntax(name, text)),
    }
}

/// A sort key out of the command's allowed `keys`, with `DESC` for descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderBy {
    pub key: &'static str,
    pub descending: bool,
}

impl OrderBy {
    /// Reads ORDERBY; absent means `keys[0]` ascending; anything else is `506`.
    pub fn read(args: &mut Args<'_>, keys: &[&'static str]) -> Result<OrderBy> {
        let Some(text) = args.optional("ORDERBY") else {
            return Ok(OrderBy {
                key: keys[0],
                descending: false,
            });
        };
        let upper = text.to_ascii_uppercase();
        let (name, descending) = match upper.strip_suffix("DESC") {
            Some(name) if keys.contains(&name) => (name, true),
            _ => (upper.as_str(), false),
        };
        match keys.iter().find(|key| **key == name) {
            Some(key) => Ok(OrderBy { key, descending }),
            None => Err(Error::InvalidOption(format!(
                "ORDERBY: ({text}) is not one of {}, each optionally followed by DESC",
                keys.join(", ")
            ))),
        }
    }
}

/// Whose objects a list shows (USERDEPTH): `SELF` the view's account,
/// `SUBUSER` its direct subusers, `ALL` the view and its whole subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserDepth {
    SelfOnly,
    Subuser,
    All,
}

impl UserDepth {
    pub fn read(args: &mut Args<'_>, default: UserDepth) -> Result<UserDepth> {
        match args
            .optional("USERDEPTH")
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            None => Ok(default),
            Some("SELF") => Ok(UserDepth::SelfOnly),
            Some("SUBUSER") => Ok(UserDepth::Subuser),
            Some("ALL") => Ok(UserDepth::All),
            Some(other) => Err(Error::InvalidOption(format!(
                "USERDEPTH: ({other}) is not SELF, SUBUSER or ALL"
            ))),
        }
    }
}

impl UserDepth {
    /// The accounts whose objects a list of `view` shows at this depth
    /// (the view first, then its subtree depth first): the cost grows with
    /// the view's own subtree only.
    pub fn owners<'s>(self, system: &'s System, view: &'s str) -> Vec<&'s str> {
        match self {
            UserDepth::SelfOnly => vec![view],
            UserDepth::Subuser => system.children_of(view).collect(),
            UserDepth::All => {
                let mut owners = vec![view];
                owners.extend(system.descendants(view));
                owners
            }
        }
    }
}

pub use crate::registry::glob;

/// A `*` pattern on domain or host names against a stored name (lower-case
/// ACE): its ACE form, or, for a pattern with non-ASCII letters (`bücher*`,
/// `ns1.BÜCHER.de`), its Unicode form too, in any case, so that a name
/// matches in either form the commands accept it in.
pub fn names_match(pattern: &str, name: &str) -> bool {
    glob(pattern, name)
        || (!pattern.is_ascii() && glob(&pattern.to_lowercase(), &DomainName::unicode_of(name)))
}

/// The compiled size a `…REGEX` filter may reach (the `regex` crate's own
/// default is 10 MiB); a larger one is refused as malformed.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// An optional `YYYY-MM-DD[ hh:mm:ss]` date (MINDATE, MAXDATE, ...):
/// `505` naming it if malformed; a date alone is its day's first second.
pub fn read_date(args: &mut Args<'_>, name: &str) -> Result<Option<Timestamp>> {
    // Empty is absent, as for FIRST and LIMIT ([`count`]).
    (args.optional(name).filter(|text| !text.is_empty()))
        .map(|text| date(name, text))
        .transpose()
}

/// `text`, the value of the date parameter `name`, read as
/// `YYYY-MM-DD[ hh:mm:ss]` (a date alone is its day's first second). The
/// `505` says which way it fails: not of that form, a year before
/// 1970, or no such day or time (`2026-02-30`, `24:00:00`). Every
/// command's date parameter is read here, so the texts agree.
pub fn date(name: &str, text: &str) -> Result<Timestamp> {
    Timestamp::parse(text).ok_or_else(|| {
        let shaped = |form: &str| {
            text.len() == form.len()
                && text.bytes().zip(form.bytes()).all(|(b, f)| match f {
                    b'9' => b.is_ascii_digit(),
                    _ => b == f,
                })
        };
        let rule = if !shaped("9999-99-99") && !shaped("9999-99-99 99:99:99") {
            "is not YYYY-MM-DD[ hh:mm:ss]"
        } else if text[..4] < *"1970" {
            "is before 1970"
        } else if text.len() == 10 {
            "is not a calendar date"
        } else {
            "is not a calendar date and time"
        };
        Error::syntax_rule(name, text, rule)
    })
}

/// [`read_date`] for the end of a window (MAXDATE): a date alone is its
/// day's last second.
pub fn read_end_date(args: &mut Args<'_>, name: &str) -> Result<Option<Timestamp>> {
    let date_only = args.optional(name).is_some_and(|text| !text.contains(' '));
    let at = read_date(args, name)?;
    Ok(at.map(|at| match date_only {
        true => Timestamp(at.0 + 86_399),
        false => at,
    }))
}

/// A `…REGEX` filter value as a regular expression (the `regex` crate's
/// syntax, which has POSIX ERE's anchors, classes and repetitions),
/// case-insensitive like the `*` patterns, matched anywhere in the value
/// unless anchored. `505` naming the parameter and the first error if it
/// does not compile.
pub fn regex(name: &str, text: &str) -> Result<regex::Regex> {
    regex::RegexBuilder::new(text)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|error| {
            let why = match &error {
                // The parser's text draws the expression with a caret; its
                // last line names the error.
                regex::Error::Syntax(text) => text
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .trim_start_matches("error: ")
                    .to_owned(),
                regex::Error::CompiledTooBig(_) => "is too large".to_owned(),
                other => other.to_string(),
            };
            Error::syntax_rule(
                name,
                text,
                format_args!("is not a regular expression ({why})"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::command::args::params;

    #[test]
    fn globs_like_the_list_filters() {
        assert!(glob("*.com", "example.com"));
        assert!(glob("A*.DE", "abc.de"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("a*b*c", "axxbyy"));
        assert!(glob("example.com", "EXAMPLE.com"));
        assert!(!glob("*.com", "example.net"));
        assert!(!glob("1", "12"));
        assert!(glob("?", "?") && !glob("?", "a"), "only * is special");
    }

    #[test]
    fn names_match_in_ace_and_unicode_form() {
        let host = "ns1.xn--bcher-kva.de";
        assert!(names_match("NS1.XN--BCHER-KVA.DE", host));
        assert!(names_match("ns1.bücher.de", host));
        assert!(names_match("*BÜCHER*", host));
        assert!(!names_match("*bücher.com", host));
        assert!(!names_match("ns1.bucher.de", host));
    }

    #[test]
    fn regexes_match_anywhere_in_any_case_and_name_their_error() {
        let starts = regex("DOMAINREGEX", "^per").unwrap();
        assert!(starts.is_match("per-one.com") && starts.is_match("PER.net"));
        assert!(!starts.is_match("super.com"));
        assert!(regex("X", "shop").unwrap().is_match("myshop.com"));
        let error = regex("DOMAINREGEX", "^per(").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Invalid attribute value syntax; DOMAINREGEX: (^per() \
             is not a regular expression (unclosed group)"
        );
        assert_eq!(regex("X", "a{1000}{1000}").unwrap_err().code(), 505);
    }

    #[test]
    fn windows_and_counters() {
        let page = Page { first: 2, limit: 2 };
        let (rows, total) = page.take(0..5);
        assert_eq!((rows, total), (vec![2, 3], 5));
        let mut response = Response::ok();
        page.push_counters(&mut response, 2, 5);
        let lines: Vec<_> = response
            .lines()
            .map(|(n, _, v)| format!("{n}={v}"))
            .collect();
        assert_eq!(
            lines,
            ["FIRST=2", "LAST=3", "COUNT=2", "TOTAL=5", "LIMIT=2"]
        );
        let past = Page { first: 9, limit: 2 };
        let mut response = Response::ok();
        past.push_counters(&mut response, 0, 5);
        assert_eq!(response.first("LAST"), Some("9"));
    }

    #[test]
    fn reads_orderby_with_desc_and_refuses_others() {
        let map = params(&[("ORDERBY", "domaindesc")]);
        let mut args = Args::new(&map);
        let order = OrderBy::read(&mut args, &["DOMAIN", "CREATEDDATE"]).unwrap();
        assert_eq!((order.key, order.descending), ("DOMAIN", true));
        let map = params(&[("ORDERBY", "COLOUR")]);
        let mut args = Args::new(&map);
        assert_eq!(
            OrderBy::read(&mut args, &["DOMAIN"]).unwrap_err().code(),
            506
        );
        let map = params(&[("LIMIT", "0"), ("FIRST", "x")]);
        let mut args = Args::new(&map);
        assert_eq!(Page::read(&mut args, 100).unwrap_err().code(), 505);
    }
}
