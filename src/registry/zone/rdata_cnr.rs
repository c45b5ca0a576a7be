//! Record data of the types the CentralNic Reseller KB lists and HEXONET's
//! documentation does not: TLSA (RFC 6698; HEXONET's commands write it too, as
//! DNSControl's HEXONET provider does), SSHFP (RFC 4255, 6594, 7479) and NAPTR
//! (RFC 3403), in the canonical form a zone file writes: numbers, hex
//! lower-cased, character-strings quoted, names absolute. Pure functions of
//! the zone name and the text.

use super::rdata::{quote, quoted_strings};
use super::record::{next_token, target_in};
use crate::dialect::Dialect;

/// A number `0..=max`, refused in the words of the other rdata refusals.
fn small(text: &str, what: &str, max: u16) -> Result<u16, String> {
    text.parse::<u16>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| format!("{what} must be a number 0..{max}, not {text}"))
}

/// Hex digits (blanks between them allowed, as RFC 6698 §2.2 writes
/// them), lower-cased; `digits` the exact count wanted, if any.
fn hex(tokens: &[&str], what: &str, digits: Option<usize>) -> Result<String, String> {
    let text: String = tokens.concat().to_ascii_lowercase();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("{what} must be hex digits"));
    }
    match digits {
        Some(digits) if text.len() != digits => Err(format!(
            "{what} must be {digits} hex digits, not {}",
            text.len()
        )),
        None if text.len() % 2 == 1 => Err(format!(
            "{what} must be an even number of hex digits, not {}",
            text.len()
        )),
        _ => Ok(text),
    }
}

/// TLSA: `<usage 0-3> <selector 0-1> <matching type 0-2> <hex>`; matching
/// type 1 (SHA-256) takes 64 hex digits, 2 (SHA-512) 128.
pub(super) fn tlsa(rest: &str) -> Result<String, String> {
    let tokens: Vec<&str> = rest.split_ascii_whitespace().collect();
    let [usage, selector, matching, data @ ..] = tokens.as_slice() else {
        return Err("the rdata must be <usage> <selector> <matching type> <hex data>".to_owned());
    };
    if data.is_empty() {
        return Err("the rdata must be <usage> <selector> <matching type> <hex data>".to_owned());
    }
    let usage = small(usage, "the TLSA usage", 3)?;
    let selector = small(selector, "the TLSA selector", 1)?;
    let matching = small(matching, "the TLSA matching type", 2)?;
    let digits = match matching {
        1 => Some(64),
        2 => Some(128),
        _ => None,
    };
    let data = hex(data, "the TLSA data", digits)?;
    Ok(format!("{usage} {selector} {matching} {data}"))
}

/// SSHFP: `<algorithm 1-4 or 6> <fingerprint type 1-2> <hex>`; type 1
/// (SHA-1) takes 40 hex digits, 2 (SHA-256) 64.
pub(super) fn sshfp(rest: &str) -> Result<String, String> {
    let tokens: Vec<&str> = rest.split_ascii_whitespace().collect();
    let [algorithm, kind, data @ ..] = tokens.as_slice() else {
        return Err(
            "the rdata must be <algorithm> <fingerprint type> <hex fingerprint>".to_owned(),
        );
    };
    if data.is_empty() {
        return Err(
            "the rdata must be <algorithm> <fingerprint type> <hex fingerprint>".to_owned(),
        );
    }
    let algorithm = match algorithm.parse::<u8>() {
        Ok(n @ (1..=4 | 6)) => n,
        _ => {
            return Err(format!(
                "the SSHFP algorithm must be 1, 2, 3, 4 or 6, not {algorithm}"
            ));
        }
    };
    let (kind, digits) = match *kind {
        "1" => (1, 40),
        "2" => (2, 64),
        _ => {
            return Err(format!(
                "the SSHFP fingerprint type must be 1 or 2, not {kind}"
            ));
        }
    };
    let data = hex(data, "the SSHFP fingerprint", Some(digits))?;
    Ok(format!("{algorithm} {kind} {data}"))
}

/// One character-string of a NAPTR: quoted (escapes as TXT takes them)
/// or a bare token; its bytes and the rest of the text.
fn char_string(rest: &str) -> Option<Result<(Vec<u8>, &str), String>> {
    let text = rest.trim_start_matches([' ', '\t']);
    if !text.starts_with('"') {
        let (token, after) = next_token(text)?;
        return Some(Ok((token.as_bytes().to_vec(), after)));
    }
    let bytes = text.as_bytes();
    let mut at = 1;
    while at < bytes.len() && bytes[at] != b'"' {
        at += if bytes[at] == b'\\' { 2 } else { 1 };
    }
    if at >= bytes.len() {
        return Some(Err("a quote is not closed".to_owned()));
    }
    let (quoted, after) = text.split_at(at + 1);
    Some(quoted_strings(quoted).map(|mut strings| (strings.remove(0), after)))
}

/// NAPTR: `<order> <preference> "<flags>" "<services>" "<regexp>"
/// <replacement>`; flags letters and digits (upper-cased, RFC 3403 §4.1
/// calls them case-insensitive), each string at most 255 bytes, the
/// replacement a host name or `.`.
pub(super) fn naptr(dialect: Dialect, zone: &str, rest: &str) -> Result<String, String> {
    let form = "<order> <preference> \"<flags>\" \"<services>\" \"<regexp>\" <replacement>";
    let missing = || format!("the rdata must be {form}");
    let (order, rest) = next_token(rest).ok_or_else(missing)?;
    let (preference, mut rest) = next_token(rest).ok_or_else(missing)?;
    let order = small(order, "the NAPTR order", u16::MAX)?;
    let preference = small(preference, "the NAPTR preference", u16::MAX)?;
    let mut strings = Vec::new();
    for _ in 0..3 {
        let (string, after) = char_string(rest).ok_or_else(missing)??;
        if string.len() > 255 {
            return Err("each NAPTR string holds at most 255 bytes".to_owned());
        }
        strings.push(string);
        rest = after;
    }
    let replacement = match rest.split_ascii_whitespace().collect::<Vec<_>>().as_slice() {
        ["."] => ".".to_owned(),
        [host] => target_in(dialect, zone, host)?,
        _ => return Err(missing()),
    };
    let flags = strings[0].to_ascii_uppercase();
    if !flags.iter().all(u8::is_ascii_alphanumeric) {
        return Err("the NAPTR flags may hold only letters and digits".to_owned());
    }
    Ok(format!(
        "{order} {preference} {} {} {} {replacement}",
        quote(&flags),
        quote(&strings[1]),
        quote(&strings[2])
    ))
}
