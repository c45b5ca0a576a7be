//! QueryDomainSuggestionList: deterministic suggestions for a keyword (the
//! keyword and a few fixed variations over the requested zones, or a default
//! set when none is named), never a name that is registered, reserved or
//! otherwise not free.
//! Read-only; owns no state.

use std::net::IpAddr;

use crate::command::list::Page;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, Tld};
use crate::registry::{Availability, DomainName, Premium, System};
use crate::wire::Response;

/// The zones suggested from when the request names none.
const DEFAULT_ZONES: &[&str] = &["com", "net", "org", "info", "online", "shop", "xyz", "app"];

/// The labels tried for a keyword, in order: `{}` is the keyword.
const VARIATIONS: &[(&str, &str)] = &[
    ("", ""),
    ("my", ""),
    ("get", ""),
    ("", "online"),
    ("the", ""),
    ("", "hq"),
    ("", "shop"),
    ("", "app"),
];

/// The categories `SOURCE=ISPAPI-CATEGORIES` lists.
const CATEGORIES: &[&str] = &[
    "business",
    "community",
    "generic",
    "geographic",
    "shopping",
    "technology",
];

/// The default LIMIT (WHMCS sends its own, 100 or 500).
const DEFAULT_LIMIT: usize = 100;

/// Suggests free names for a keyword, paged with FIRST/LIMIT.
///
/// ```text
/// COMMAND        = QueryDomainSuggestionList
/// KEYWORD        = <text>            (letters and digits are kept; Unicode becomes ACE)
/// ZONE0..n       = <zone>            (optional; only these zones; those otebox does
///                                     not serve have no suggestions)
/// SOURCE         = ISPAPI-SUGGESTIONS | ISPAPI-CATEGORIES | <empty>
/// FIRST, LIMIT   = <paging>          (LIMIT default 100)
/// IPADDRESS      = <ip>              (optional, accepted)
/// LANGUAGE0..n   = <ISO 639-1>       (optional, accepted)
/// CATEGORY0..n   = <category>        (optional, accepted)
/// ---
/// PROPERTY[DOMAIN][i], PROPERTY[PREMIUMCHANNEL][i], PROPERTY[PRICE][i], PROPERTY[CURRENCY][i]
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// ```
pub(in crate::command) fn query_domain_suggestion_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let keyword_text = args.required("KEYWORD")?;
    let zones = args.list("ZONE");
    let categories_only = match args.optional("SOURCE") {
        None => false,
        Some(source) if source.eq_ignore_ascii_case("ISPAPI-SUGGESTIONS") => false,
        Some(source) if source.eq_ignore_ascii_case("ISPAPI-CATEGORIES") => true,
        Some(other) => {
            return Err(Error::invalid(
                "SOURCE",
                format_args!("({other}) is not ISPAPI-SUGGESTIONS, ISPAPI-CATEGORIES or empty"),
            ));
        }
    };
    let page = Page::read(args, DEFAULT_LIMIT)?;
    if let Some(ip) = args.optional("IPADDRESS")
        && ip.parse::<IpAddr>().is_err()
    {
        return Err(Error::syntax_rule(
            "IPADDRESS",
            ip,
            "is not an IPv4 or IPv6 address",
        ));
    }
    args.list("LANGUAGE");
    args.list("CATEGORY");
    let keyword = keyword_label(keyword_text)
        .map_err(|rule| Error::syntax_rule("KEYWORD", keyword_text, rule))?;
    args.finish()?;

    let mut response = Response::ok();
    if categories_only {
        let (rows, total) = page.take(CATEGORIES.iter());
        for category in &rows {
            response.push("CATEGORY", category);
        }
        page.push_counters(&mut response, rows.len(), total);
        return Ok(response);
    }
    let tlds = suggestion_zones(&zones)?;
    let (rows, total) = page.take(suggestions(ctx.system, ctx.now, &keyword, &tlds));
    for (name, premium) in &rows {
        response.push("DOMAIN", name);
        match premium {
            Some(premium) => response
                .push("PREMIUMCHANNEL", premium.channel)
                .push("PRICE", premium.price)
                .push("CURRENCY", premium.currency),
            None => response
                .push("PREMIUMCHANNEL", "")
                .push("PRICE", "")
                .push("CURRENCY", ""),
        };
    }
    page.push_counters(&mut response, rows.len(), total);
    Ok(response)
}

/// The catalogue zones `ZONE0..n` names, in request order without repeats
/// (a leading dot allowed, any case, Unicode or ACE); the default zones when
/// it names none (no index, or only empty values). ZONE means "only show
/// domains with a zone stated here": a zone otebox does not serve has no
/// suggestions, so a request naming only such zones gets an empty list. A
/// value that cannot be a zone (`sh*p`, `com..`) is `505` naming its index.
pub(in crate::command) fn suggestion_zones(zones: &[(usize, &str)]) -> Result<Vec<&'static Tld>> {
    let mut named = false;
    let mut tlds: Vec<&'static Tld> = Vec::new();
    for (index, text) in zones {
        if text.is_empty() {
            continue;
        }
        named = true;
        let zone = zone_text(text)
            .map_err(|rule| Error::syntax_rule(&format!("ZONE{index}"), text, rule))?;
        if let Some(tld) = catalogue::zone_named(&zone)
            && !tlds.contains(&tld)
        {
            tlds.push(tld);
        }
    }
    if !named {
        tlds = DEFAULT_ZONES
            .iter()
            .filter_map(|zone| catalogue::zone_named(zone))
            .collect();
    }
    Ok(tlds)
}

/// A ZONE value as lower-case ACE, checked by the rules of the names under
/// it (`DomainName::parse` of a name in it); the error is the broken rule.
fn zone_text(text: &str) -> Result<String, &'static str> {
    let zone = text.strip_prefix('.').unwrap_or(text);
    if zone.is_empty() {
        return Err("is not a zone");
    }
    let name = DomainName::parse(&format!("x.{zone}"))?;
    Ok(name.as_str()["x.".len()..].to_owned())
}

/// Every name suggested for a keyword, free or not, variation by variation,
/// zone by zone: `VARIATIONS` × `tlds` names, the same in both dialects.
pub(in crate::command) fn candidates<'a>(
    keyword: &'a str,
    tlds: &'a [&'static Tld],
) -> impl Iterator<Item = DomainName> + 'a {
    VARIATIONS.iter().flat_map(move |(before, after)| {
        tlds.iter().filter_map(move |tld| {
            DomainName::parse(&format!("{before}{keyword}{after}.{}", tld.zone)).ok()
        })
    })
}

/// The free names among the [`candidates`], with their premium terms.
fn suggestions<'a>(
    system: &'a System,
    now: crate::registry::Timestamp,
    keyword: &'a str,
    tlds: &'a [&'static Tld],
) -> impl Iterator<Item = (DomainName, Option<Premium>)> + 'a {
    candidates(keyword, tlds).filter_map(move |name| match system.availability(&name, now) {
        Availability::Available(_) => Some((name, None)),
        Availability::Premium(_, premium) => Some((name, Some(premium))),
        _ => None,
    })
}

/// The keyword as one label: lower case, blanks and punctuation dropped, a
/// name's first label (`coffee.com` → `coffee`). It stays Unicode, so that the
/// variations are built before the ACE conversion (`mymünchen`, not `myxn--...`).
pub(in crate::command) fn keyword_label(text: &str) -> Result<String, &'static str> {
    let first = text
        .split('.')
        .find(|part| !part.trim().is_empty())
        .unwrap_or("");
    let kept: String = first
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .flat_map(char::to_lowercase)
        .collect();
    let kept = kept.trim_matches('-');
    if kept.is_empty() {
        return Err("has no letters or digits");
    }
    DomainName::parse(&format!("{kept}.invalid"))?;
    Ok(kept.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::check::tests::system_holding;

    #[test]
    fn keywords_become_one_label() {
        assert_eq!(keyword_label("Coffee Shop").as_deref(), Ok("coffeeshop"));
        assert_eq!(keyword_label("coffee.com").as_deref(), Ok("coffee"));
        assert_eq!(keyword_label("München").as_deref(), Ok("münchen"));
        assert!(keyword_label(" !! ").is_err());
    }

    #[test]
    fn named_zones_only_and_the_default_when_none_is_named() {
        let zones = |list: &[(usize, &str)]| -> Vec<&str> {
            suggestion_zones(list)
                .unwrap()
                .iter()
                .map(|tld| tld.zone)
                .collect()
        };
        assert_eq!(zones(&[(0, "zz"), (1, ".NET"), (2, "net")]), ["net"]);
        assert!(zones(&[(0, "zz")]).is_empty());
        assert!(zones(&[(0, "berlin"), (1, "co.zz")]).is_empty());
        assert_eq!(zones(&[(0, "")]).len(), DEFAULT_ZONES.len());
        assert_eq!(zones(&[(0, "co.uk"), (1, "com.")]), ["co.uk", "com"]);
        for bad in ["sh*p", "com..", ".", "a b"] {
            let error = suggestion_zones(&[(3, bad)]).unwrap_err();
            assert_eq!(error.code(), 505, "{bad}");
            assert!(error.to_string().contains("ZONE3"), "{error}");
        }
    }

    #[test]
    fn never_suggests_a_sandbox_domain() {
        let registry = system_holding("coffee.com");
        let system = registry.system(crate::registry::Entity::Ote);
        let tlds = [
            catalogue::zone_named("com").unwrap(),
            catalogue::zone_named("net").unwrap(),
        ];
        let names: Vec<String> =
            suggestions(system, crate::registry::Timestamp(0), "coffee", &tlds)
                .map(|(name, _)| name.to_string())
                .collect();
        assert_eq!(names[..3], ["coffee.net", "mycoffee.com", "mycoffee.net"]);
        assert!(!names.iter().any(|name| name == "coffee.com"));
    }
}
