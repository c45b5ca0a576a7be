//! Record data (rdata) of each type in canonical form: addresses, host
//! names made absolute, MX/SRV/CAA numbers, TXT character-strings (quoted
//! or not, escapes, 255-byte strings, 4000 bytes in all), the X-HTTP and
//! X-SMTP forwarding forms, and the SOA fields of an SOA line (TLSA, SSHFP
//! and NAPTR in `rdata_cnr.rs`). Pure functions of the zone name and the
//! text; the line grammar is `record.rs`.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::record::{MAX_TXT, RrType, SoaLine, next_token, target_in, target_name};
use crate::dialect::Dialect;

fn number<T: std::str::FromStr>(text: &str, what: &str, max: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{what} must be a number 0..{max}, not {text}"))
}

fn exactly<'a>(rest: &'a str, count: usize, form: &str) -> Result<Vec<&'a str>, String> {
    let tokens: Vec<&str> = rest.split_ascii_whitespace().collect();
    if tokens.len() != count {
        return Err(format!("the rdata must be {form}"));
    }
    Ok(tokens)
}

/// The canonical rdata of a `kind` record (not SOA) from the raw text after
/// the type, its host names as `dialect` reads them ([`target_in`]).
pub fn parse_rdata(
    dialect: Dialect,
    zone: &str,
    kind: RrType,
    rest: &str,
) -> Result<String, String> {
    match kind {
        RrType::A => {
            let t = exactly(rest, 1, "one IPv4 address")?;
            t[0].parse::<Ipv4Addr>()
                .map(|ip| ip.to_string())
                .map_err(|_| format!("{} is not an IPv4 address", t[0]))
        }
        RrType::Aaaa => {
            let t = exactly(rest, 1, "one IPv6 address")?;
            t[0].parse::<Ipv6Addr>()
                .map(|ip| ip.to_string())
                .map_err(|_| format!("{} is not an IPv6 address", t[0]))
        }
        RrType::Cname | RrType::Ns | RrType::Ptr => {
            let t = exactly(rest, 1, "one host name")?;
            target_in(dialect, zone, t[0])
        }
        RrType::Mx => {
            let t = exactly(rest, 2, "<preference> <host>")?;
            let pref: u16 = number(t[0], "the MX preference", "65535")?;
            // `.`: the null MX of RFC 7505 (the domain takes no mail).
            let target = if t[1] == "." {
                ".".to_owned()
            } else {
                target_in(dialect, zone, t[1])?
            };
            Ok(format!("{pref} {target}"))
        }
        RrType::Srv => {
            let t = exactly(rest, 4, "<priority> <weight> <port> <target>")?;
            let prio: u16 = number(t[0], "the SRV priority", "65535")?;
            let weight: u16 = number(t[1], "the SRV weight", "65535")?;
            let port: u16 = number(t[2], "the SRV port", "65535")?;
            let target = if t[3] == "." {
                ".".to_owned()
            } else {
                target_in(dialect, zone, t[3])?
            };
            Ok(format!("{prio} {weight} {port} {target}"))
        }
        RrType::Caa => caa(rest),
        RrType::Tlsa => super::rdata_cnr::tlsa(rest),
        RrType::Sshfp => super::rdata_cnr::sshfp(rest),
        RrType::Naptr => super::rdata_cnr::naptr(dialect, zone, rest),
        RrType::Txt => txt(rest),
        RrType::XHttp => x_http(rest),
        RrType::XSmtp => x_smtp(rest),
        RrType::Soa => Err("SOA rdata is given with the SOA fields".to_owned()),
    }
}

pub(super) fn soa_line(zone: &str, ttl: Option<u32>, rest: &str) -> Result<SoaLine, String> {
    let t = exactly(
        rest,
        7,
        "<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>",
    )?;
    let n = |i: usize, what: &str| number::<u32>(t[i], what, "4294967295");
    Ok(SoaLine {
        ttl,
        mname: target_name(zone, t[0])?,
        rname: target_name(zone, t[1])?,
        serial: n(2, "the serial")?,
        refresh: n(3, "the refresh")?,
        retry: n(4, "the retry")?,
        expire: n(5, "the expire")?,
        minttl: n(6, "the minimum")?,
    })
}

fn caa(rest: &str) -> Result<String, String> {
    let form = "<flags> <tag> <value>";
    let (flags, rest) = next_token(rest).ok_or_else(|| format!("the rdata must be {form}"))?;
    let (tag, rest) = next_token(rest).ok_or_else(|| format!("the rdata must be {form}"))?;
    let flags: u8 = number(flags, "the CAA flags", "255")?;
    let tag = tag.to_ascii_lowercase();
    if !tag.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!(
            "the CAA tag {tag} may hold only letters and digits"
        ));
    }
    // The wire form gives the tag a one-byte length (RFC 8659 §4.1).
    if tag.len() > 255 {
        return Err(format!(
            "the CAA tag holds at most 255 characters, this one {}",
            tag.len()
        ));
    }
    let rest = rest.trim_matches([' ', '\t']);
    let value = if rest.starts_with('"') {
        let strings = quoted_strings(rest)?;
        match <[Vec<u8>; 1]>::try_from(strings) {
            Ok([value]) => value,
            Err(_) => return Err("the CAA value must be one quoted string".to_owned()),
        }
    } else if rest.is_empty() {
        return Err(format!("the rdata must be {form}"));
    } else {
        rest.as_bytes().to_vec()
    };
    Ok(format!("{flags} {tag} {}", quote(&value)))
}

/// TXT: quoted strings as sent (each at most 255 bytes), or unquoted text
/// as one string cut into 255-byte pieces; canonical: the quoted strings
/// joined by one space.
fn txt(rest: &str) -> Result<String, String> {
    let rest = rest.trim_matches([' ', '\t']);
    if rest.is_empty() {
        return Err("a TXT record needs text".to_owned());
    }
    let strings = if rest.starts_with('"') {
        let strings = quoted_strings(rest)?;
        if strings.iter().any(|s| s.len() > 255) {
            return Err("each quoted TXT string holds at most 255 bytes".to_owned());
        }
        strings
    } else {
        let mut pieces = Vec::new();
        let mut left = rest;
        while !left.is_empty() {
            let mut cut = left.len().min(255);
            while !left.is_char_boundary(cut) {
                cut -= 1;
            }
            pieces.push(left.as_bytes()[..cut].to_vec());
            left = &left[cut..];
        }
        pieces
    };
    let total: usize = strings.iter().map(Vec::len).sum();
    if total > MAX_TXT {
        return Err(format!(
            "a TXT record holds at most {MAX_TXT} bytes, this one {total}"
        ));
    }
    let quoted: Vec<String> = strings.iter().map(|s| quote(s)).collect();
    Ok(quoted.join(" "))
}

/// `"one" "two"` (blanks between optional) into the strings' bytes;
/// `\"`, `\\`, `\X` and `\DDD` escapes. Reads what `quote` writes: the
/// stored character-strings of TXT, CAA and NAPTR, sent as these bytes.
pub fn quoted_strings(text: &str) -> Result<Vec<Vec<u8>>, String> {
    let bytes = text.as_bytes();
    let mut strings = Vec::new();
    let mut at = 0;
    loop {
        while at < bytes.len() && (bytes[at] == b' ' || bytes[at] == b'\t') {
            at += 1;
        }
        if at == bytes.len() {
            return Ok(strings);
        }
        if bytes[at] != b'"' {
            return Err("text outside the quotes; quote every string".to_owned());
        }
        at += 1;
        let mut current = Vec::new();
        loop {
            match bytes.get(at) {
                None => return Err("a quote is not closed".to_owned()),
                Some(b'"') => {
                    at += 1;
                    break;
                }
                Some(b'\\') => {
                    let digits = bytes.get(at + 1..at + 4);
                    if let Some(d) = digits.filter(|d| d.iter().all(u8::is_ascii_digit)) {
                        let value = d.iter().fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
                        let byte = u8::try_from(value)
                            .map_err(|_| format!("the escape \\{value} is above 255"))?;
                        current.push(byte);
                        at += 4;
                    } else if let Some(&next) = bytes.get(at + 1) {
                        current.push(next);
                        at += 2;
                    } else {
                        return Err("a quote is not closed".to_owned());
                    }
                }
                Some(&byte) => {
                    current.push(byte);
                    at += 1;
                }
            }
        }
        strings.push(current);
    }
}

/// A character-string in quotes, `"` and `\` escaped, control bytes (and
/// bytes that are no UTF-8) as `\DDD`.
pub(super) fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                        out.push_str(&format!("\\{:03}", c as u32));
                    }
                    c => out.push(c),
                }
            }
        }
        Err(_) => {
            for &b in bytes {
                match b {
                    b'"' => out.push_str("\\\""),
                    b'\\' => out.push_str("\\\\"),
                    0x20..=0x7e => out.push(b as char),
                    _ => out.push_str(&format!("\\{b:03}")),
                }
            }
        }
    }
    out.push('"');
    out
}

/// X-HTTP: `[/path ]REDIRECT|FRAME <http(s) url>`.
fn x_http(rest: &str) -> Result<String, String> {
    let form = "[/path ]REDIRECT|FRAME <http:// or https:// URL>";
    let tokens: Vec<&str> = rest.split_ascii_whitespace().collect();
    let (path, mode, url) = match tokens.as_slice() {
        [mode, url] => (None, *mode, *url),
        [path, mode, url] if path.starts_with('/') => (Some(*path), *mode, *url),
        _ => return Err(format!("the rdata must be {form}")),
    };
    let mode = mode.to_ascii_uppercase();
    if mode != "REDIRECT" && mode != "FRAME" {
        return Err(format!("the rdata must be {form}"));
    }
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) || url.len() < 9 {
        return Err(format!("{url} must start with http:// or https://"));
    }
    Ok(match path {
        Some(path) => format!("{path} {mode} {url}"),
        None => format!("{mode} {url}"),
    })
}

/// X-SMTP: `<prefix>@ MAILFORWARD <target e-mail>` (empty prefix: catch-all).
fn x_smtp(rest: &str) -> Result<String, String> {
    let form = "<prefix>@ MAILFORWARD <e-mail address>";
    let t = exactly(rest, 3, form)?;
    let Some(prefix) = t[0].strip_suffix('@') else {
        return Err(format!("the rdata must be {form}"));
    };
    if !prefix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b))
    {
        return Err(format!(
            "the prefix {prefix} may hold only letters, digits and . _ + -"
        ));
    }
    if !t[1].eq_ignore_ascii_case("MAILFORWARD") {
        return Err(format!("the rdata must be {form}"));
    }
    let target = t[2];
    let valid = target.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !local.contains(['"', '(', ')', '<', '>', '[', ']'])
            && crate::registry::DomainName::parse(domain).is_ok()
    });
    if !valid {
        return Err(format!("{target} is not an e-mail address"));
    }
    Ok(format!("{prefix}@ MAILFORWARD {target}"))
}
