//! QueryDomainPendingDeleteList: the platform's drop list, every account's
//! deleted domains not yet purged (names, zones, scores and the second each
//! name is free again; never an owner), with the page's filters and orders.
//! Reads the deleted table (`registry/deleted.rs`) only: changes nothing,
//! draws nothing from the generator, and knows no other list's filters.

use super::list::{Page, date, read_date, read_end_date, regex};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{DomainName, Timestamp, catalogue};
use crate::wire::Response;

/// The ORDERBY keys (each but RANDOM optionally with `DESC`).
const ORDER_KEYS: &[&str] = &["NAME", "DELETIONDAY", "FINALIZATIONDATE", "SCORE", "RANDOM"];

/// One listed name.
struct Row<'s> {
    name: &'s str,
    zone: &'s str,
    /// Seconds of the deletion and of the name's release.
    deleted: Timestamp,
    free: Timestamp,
    score: u32,
}

/// A name's first label (what precedes its zone), ACE and Unicode forms.
struct Label<'s> {
    ace: &'s str,
    unicode: String,
}

impl<'s> Label<'s> {
    fn of(name: &'s str, zone: &str) -> Label<'s> {
        let ace = name
            .strip_suffix(zone)
            .and_then(|rest| rest.strip_suffix('.'))
            .unwrap_or(name);
        Label {
            ace,
            unicode: DomainName::unicode_of(ace).to_lowercase(),
        }
    }

    fn is_idn(&self) -> bool {
        self.ace.starts_with("xn--")
    }

    /// LENGTH: characters of the Unicode form.
    fn length(&self) -> u32 {
        u32::try_from(self.unicode.chars().count()).unwrap_or(u32::MAX)
    }

    /// SCORE, 0 to 10 (ARCHITECTURE.md): 10 up to three characters, one
    /// less per two more; 2 less per hyphen, 2 less for digits among
    /// letters, 3 less for an IDN.
    fn score(&self) -> u32 {
        let length = self.length();
        let mut score = 10i64 - i64::from(length.saturating_sub(3).div_ceil(2));
        let hyphens = self.unicode.matches('-').count();
        score -= 2 * i64::try_from(hyphens).unwrap_or(i64::MAX / 4);
        let digits = self.unicode.chars().any(|c| c.is_ascii_digit());
        let letters = self.unicode.chars().any(char::is_alphabetic);
        if digits && letters {
            score -= 2;
        }
        if self.is_idn() {
            score -= 3;
        }
        u32::try_from(score.clamp(0, 10)).unwrap_or(0)
    }

    /// Whether `test` holds for either form.
    fn either(&self, test: impl Fn(&str) -> bool) -> bool {
        test(self.ace) || test(&self.unicode)
    }
}

/// `STEM` and `STEM0..n`, non-empty values in that order.
fn many<'a>(args: &mut Args<'a>, stem: &str) -> Vec<&'a str> {
    let mut values: Vec<&str> = args.optional(stem).into_iter().collect();
    values.extend(args.values(stem));
    values
}

/// LENGTH/SCORE values: `N` or `N-M` (inclusive), `505` otherwise.
fn ranges(args: &mut Args<'_>, stem: &str) -> Result<Vec<(u32, u32)>> {
    let number = |text: &str| text.trim().parse::<u32>().ok();
    many(args, stem)
        .into_iter()
        .map(|text| {
            let range = match text.split_once('-') {
                Some((low, high)) => number(low).zip(number(high)),
                None => number(text).map(|n| (n, n)),
            };
            range.ok_or_else(|| Error::syntax_rule(stem, text, "is not a number N or a range N-M"))
        })
        .collect()
}

/// DELETIONDAY / FINALIZATIONDATE values: a day (matching its 86,400
/// seconds) or, where `datetime`, an exact second. `505` otherwise.
fn dates(args: &mut Args<'_>, stem: &str, datetime: bool) -> Result<Vec<(u64, u64)>> {
    many(args, stem)
        .into_iter()
        .map(|text| {
            let at = date(stem, text)?;
            match (text.contains(' '), datetime) {
                (false, _) => Ok((at.0, at.0 + 86_399)),
                (true, true) => Ok((at.0, at.0)),
                (true, false) => Err(Error::syntax_rule(stem, text, "is a day, without a time")),
            }
        })
        .collect()
}

/// A stable stand-in for randomness: `name` mixed with `seed` (FNV-1a,
/// then splitmix64's finaliser).
fn shuffle_key(seed: u64, name: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for byte in name.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// Lists the deleted domains of the whole platform that are not yet free
/// again, by name unless ordered otherwise.
///
/// ```text
/// COMMAND             = QueryDomainPendingDeleteList
/// KEYWORD[n]          = <text>                   (on the first label, either form)
/// KEYWORDCATENATION   = AND | OR                 (default OR)
/// KEYWORDMATCH        = BEGIN | END | ANY        (default ANY)
/// ZONE[n]             = <zone>                   (com, co.uk; a leading dot allowed)
/// DELETIONDAY[n]      = <YYYY-MM-DD>
/// FINALIZATIONDATE[n] = <YYYY-MM-DD[ hh:mm:ss]>  (a day, or that second)
/// MIN/MAXFINALIZATIONDATE = <YYYY-MM-DD[ hh:mm:ss]> (inclusive; a day alone as MAX is 23:59:59)
/// LENGTH[n], SCORE[n] = <N> | <N-M>
/// FILTER[n]           = NOHYPHENS | NONUMBERS | NOIDNS
/// REGEXP              = <regular expression on the first label>
/// ORDERBY             = NAME | DELETIONDAY | FINALIZATIONDATE | SCORE, each [DESC]; RANDOM
/// FIRST, LIMIT        = <window>                 (LIMIT default 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[COLUMN][0..3] = DOMAIN, FINALIZATIONDATE, SCORE, SUBCLASS
/// PROPERTY[DOMAIN|FINALIZATIONDATE|SCORE|SUBCLASS][n]
/// ```
pub(in crate::command) fn query_domain_pending_delete_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let keywords: Vec<String> = many(args, "KEYWORD")
        .into_iter()
        .map(str::to_lowercase)
        .collect();
    let all = match args
        .optional("KEYWORDCATENATION")
        .map(str::to_ascii_uppercase)
    {
        None => false,
        Some(word) if word == "OR" => false,
        Some(word) if word == "AND" => true,
        Some(word) => {
            return Err(Error::invalid(
                "KEYWORDCATENATION",
                format_args!("({word}) is not AND or OR"),
            ));
        }
    };
    let place = match args.optional("KEYWORDMATCH").map(str::to_ascii_uppercase) {
        None => "ANY".to_owned(),
        Some(word) if ["BEGIN", "END", "ANY"].contains(&word.as_str()) => word,
        Some(word) => {
            return Err(Error::invalid(
                "KEYWORDMATCH",
                format_args!("({word}) is not BEGIN, END or ANY"),
            ));
        }
    };
    let zones: Vec<String> = many(args, "ZONE")
        .into_iter()
        .map(|zone| zone.trim_start_matches('.').to_lowercase())
        .collect();
    let days = dates(args, "DELETIONDAY", false)?;
    let finals = dates(args, "FINALIZATIONDATE", true)?;
    let min = read_date(args, "MINFINALIZATIONDATE")?;
    let max = read_end_date(args, "MAXFINALIZATIONDATE")?;
    let lengths = ranges(args, "LENGTH")?;
    let scores = ranges(args, "SCORE")?;
    let (mut no_hyphens, mut no_numbers, mut no_idns) = (false, false, false);
    for word in many(args, "FILTER") {
        match word.to_ascii_uppercase().as_str() {
            "NOHYPHENS" => no_hyphens = true,
            "NONUMBERS" => no_numbers = true,
            "NOIDNS" => no_idns = true,
            _ => {
                return Err(Error::invalid(
                    "FILTER",
                    format_args!("({word}) is not NOHYPHENS, NONUMBERS or NOIDNS"),
                ));
            }
        }
    }
    let pattern = match args.optional("REGEXP") {
        Some(text) => Some(regex("REGEXP", text)?),
        None => None,
    };
    let order = read_order(args)?;
    let page = Page::read(args, 100)?;
    args.finish()?;
    let within = |value: u32, ranges: &[(u32, u32)]| {
        ranges.is_empty()
            || ranges
                .iter()
                .any(|(low, high)| (*low..=*high).contains(&value))
    };
    let on = |at: Timestamp, windows: &[(u64, u64)]| {
        windows.is_empty()
            || windows
                .iter()
                .any(|(from, to)| (*from..=*to).contains(&at.0))
    };
    let keyword_ok = |label: &Label<'_>| {
        let hit = |keyword: &String| {
            label.either(|form| match place.as_str() {
                "BEGIN" => form.starts_with(keyword.as_str()),
                "END" => form.ends_with(keyword.as_str()),
                _ => form.contains(keyword.as_str()),
            })
        };
        keywords.is_empty()
            || match all {
                true => keywords.iter().all(hit),
                false => keywords.iter().any(hit),
            }
    };
    let mut rows: Vec<Row<'_>> = Vec::new();
    for (name, deleted) in ctx.system.deleted_domains() {
        let zone = catalogue::find(&deleted.domain.name).map_or_else(
            || name.split_once('.').map_or(name, |(_, zone)| zone),
            |tld| tld.zone,
        );
        let label = Label::of(name, zone);
        let free = deleted.free_at();
        let score = label.score();
        let keep = (zones.is_empty() || zones.iter().any(|wanted| wanted == zone))
            && on(deleted.deleted, &days)
            && on(free, &finals)
            && min.is_none_or(|min| free >= min)
            && max.is_none_or(|max| free <= max)
            && within(label.length(), &lengths)
            && within(score, &scores)
            && !(no_hyphens && label.unicode.contains('-'))
            && !(no_numbers && label.unicode.chars().any(|c| c.is_ascii_digit()))
            && !(no_idns && label.is_idn())
            && pattern
                .as_ref()
                .is_none_or(|pattern| label.either(|form| pattern.is_match(form)))
            && keyword_ok(&label);
        if keep {
            rows.push(Row {
                name,
                zone,
                deleted: deleted.deleted,
                free,
                score,
            });
        }
    }
    let (key, descending) = order;
    if key == "RANDOM" {
        let seed = ctx.system.peek_seed();
        rows.sort_by_cached_key(|row| (shuffle_key(seed, row.name), row.name));
    } else {
        // Equal keys stay by name, whichever the direction.
        rows.sort_by(|a, b| {
            let by_key = sort_key(key, a).cmp(&sort_key(key, b));
            match descending {
                true => by_key.reverse(),
                false => by_key,
            }
            .then(a.name.cmp(b.name))
        });
    }
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::with_room(rows.len() * 4 + 9, rows.len() * 60);
    page.push_counters(&mut response, rows.len(), total);
    for column in ["DOMAIN", "FINALIZATIONDATE", "SCORE", "SUBCLASS"] {
        response.push_str("COLUMN", column);
    }
    for row in &rows {
        response.push_str("DOMAIN", row.name);
    }
    for row in &rows {
        response.push("FINALIZATIONDATE", row.free.datetime());
    }
    for row in &rows {
        response.push("SCORE", row.score);
    }
    for row in &rows {
        response.push_str("SUBCLASS", &row.zone.to_ascii_uppercase());
    }
    Ok(response)
}

/// What ORDERBY `key` sorts `row` by (NAME: the name alone).
fn sort_key<'s>(key: &str, row: &Row<'s>) -> (u64, &'s str) {
    match key {
        "DELETIONDAY" => (row.deleted.0 / 86_400, ""),
        "FINALIZATIONDATE" => (row.free.0, ""),
        "SCORE" => (u64::from(row.score), ""),
        _ => (0, row.name),
    }
}

/// ORDERBY: one of [`ORDER_KEYS`] with an optional `DESC` (RANDOM without),
/// default NAME; anything else `541` (the page lists no 506).
fn read_order(args: &mut Args<'_>) -> Result<(&'static str, bool)> {
    let Some(text) = args.optional("ORDERBY") else {
        return Ok(("NAME", false));
    };
    let upper = text.to_ascii_uppercase();
    let (name, descending) = match upper.strip_suffix("DESC") {
        Some(name) => (name, true),
        None => (upper.as_str(), false),
    };
    match ORDER_KEYS.iter().find(|key| **key == name) {
        Some(key) if !(descending && *key == "RANDOM") => Ok((key, descending)),
        _ => Err(Error::invalid(
            "ORDERBY",
            format_args!(
                "({text}) is not one of NAME, DELETIONDAY, FINALIZATIONDATE, SCORE (each optionally followed by DESC) or RANDOM"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{Label, shuffle_key};

    fn score(name: &str, zone: &str) -> u32 {
        Label::of(name, zone).score()
    }

    #[test]
    fn score_follows_the_documented_rule() {
        assert_eq!(score("abc.com", "com"), 10);
        assert_eq!(score("abcd.com", "com"), 9);
        assert_eq!(score("abcdef.co.uk", "co.uk"), 8);
        assert_eq!(score("zz9.co", "co"), 8);
        assert_eq!(score("123.com", "com"), 10);
        assert_eq!(score("my-shop24.net", "net"), 3);
        assert_eq!(score("xn--bcher-kva.com", "com"), 5);
        assert_eq!(score("a-b-c-d-e.com", "com"), 0);
        assert_eq!(score("abcdefghijklmnopqrstuvw.com", "com"), 0);
    }

    #[test]
    fn label_lengths_count_unicode_characters() {
        assert_eq!(Label::of("xn--bcher-kva.com", "com").length(), 6);
        assert_eq!(Label::of("abc.co.uk", "co.uk").ace, "abc");
    }

    #[test]
    fn the_random_order_depends_on_seed_and_name_only() {
        assert_eq!(shuffle_key(7, "abc.com"), shuffle_key(7, "abc.com"));
        assert_ne!(shuffle_key(7, "abc.com"), shuffle_key(8, "abc.com"));
        assert_ne!(shuffle_key(7, "abc.com"), shuffle_key(7, "abd.com"));
    }
}
