//! One resource record of a hosted zone: the types ([`RrType`]), the record
//! ([`Rr`]) and the text forms both dialects send — the record line
//! `<owner> [<ttl>] [IN] <TYPE> <rdata...>` (RR#, ADDRR#) and the DELRR
//! pattern `<owner|%> [<ttl>] [IN] [<TYPE|%>] [<rdata...>]` — parsed and
//! validated into canonical form (each type's rdata in `rdata.rs` and
//! `rdata_cnr.rs`), with the types each dialect writes. Pure functions of the
//! zone name and the text: no registry, no wire. The ordered set lives in
//! `records.rs`.

use std::fmt;

use crate::dialect::Dialect;

pub use super::rdata::parse_rdata;
use super::rdata::soa_line;

/// The largest TTL (RFC 2181 §8).
pub const MAX_TTL: u32 = 2_147_483_647;
/// The TTL of a line that gives none (the zone's default SOATTL).
pub const DEFAULT_TTL: u32 = 3600;
/// The most text one TXT record may hold, all its strings together.
pub const MAX_TXT: usize = 4000;

/// The record types otebox keeps, in the order a listing shows them at one
/// owner. `XHttp` and `XSmtp` are ISPAPI pseudo-records (URL and e-mail
/// forwarding): written and listed with EXTENDED=1 only, never served as DNS.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum RrType {
    Soa,
    Ns,
    A,
    Aaaa,
    Cname,
    Mx,
    Txt,
    Srv,
    Caa,
    Ptr,
    Tlsa,
    Sshfp,
    Naptr,
    XHttp,
    XSmtp,
}

impl RrType {
    pub const ALL: [RrType; 15] = [
        RrType::Soa,
        RrType::Ns,
        RrType::A,
        RrType::Aaaa,
        RrType::Cname,
        RrType::Mx,
        RrType::Txt,
        RrType::Srv,
        RrType::Caa,
        RrType::Ptr,
        RrType::Tlsa,
        RrType::Sshfp,
        RrType::Naptr,
        RrType::XHttp,
        RrType::XSmtp,
    ];

    /// The type named `text`, any case.
    pub fn parse(text: &str) -> Option<RrType> {
        RrType::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(text))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RrType::Soa => "SOA",
            RrType::Ns => "NS",
            RrType::A => "A",
            RrType::Aaaa => "AAAA",
            RrType::Cname => "CNAME",
            RrType::Mx => "MX",
            RrType::Txt => "TXT",
            RrType::Srv => "SRV",
            RrType::Caa => "CAA",
            RrType::Ptr => "PTR",
            RrType::Tlsa => "TLSA",
            RrType::Sshfp => "SSHFP",
            RrType::Naptr => "NAPTR",
            RrType::XHttp => "X-HTTP",
            RrType::XSmtp => "X-SMTP",
        }
    }

    /// Whether this is a forwarding pseudo-record (EXTENDED only, no DNS).
    pub fn is_pseudo(self) -> bool {
        matches!(self, RrType::XHttp | RrType::XSmtp)
    }

    /// Whether `dialect`'s commands write (and name) this type. The CNR KB
    /// lists TLSA, SSHFP and NAPTR. HEXONET's documentation lists none of
    /// them, but DNSControl's HEXONET provider (written by HEXONET) declares
    /// and writes TLSA, so HEXONET's commands write TLSA and refuse SSHFP and
    /// NAPTR (a listing still shows them).
    pub fn written_by(self, dialect: Dialect) -> bool {
        dialect == Dialect::Cnr || !matches!(self, RrType::Sshfp | RrType::Naptr)
    }

    /// The type named `text` (any case) among those `dialect` writes.
    pub fn parse_in(dialect: Dialect, text: &str) -> Option<RrType> {
        RrType::parse(text).filter(|kind| kind.written_by(dialect))
    }

    /// The names of the types `dialect` writes, for refusals that list them.
    pub fn names(dialect: Dialect) -> String {
        let names: Vec<&str> = RrType::ALL
            .iter()
            .filter(|kind| kind.written_by(dialect))
            .map(|kind| kind.as_str())
            .collect();
        names.join(", ")
    }
}

impl fmt::Display for RrType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One record: owner as an absolute name (ACE, lower case, no trailing
/// dot), TTL, type and the canonical rdata text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rr {
    pub owner: String,
    pub ttl: u32,
    pub kind: RrType,
    pub data: String,
}

impl fmt::Display for Rr {
    /// The listing form `<owner>. <ttl> IN <TYPE> <rdata>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}. {} IN {} {}",
            self.owner, self.ttl, self.kind, self.data
        )
    }
}

/// The SOA fields an SOA line sets (its serial is kept apart: the zone
/// manages it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoaLine {
    pub ttl: Option<u32>,
    pub mname: String,
    pub rname: String,
    pub serial: u32,
    pub refresh: u32,
    pub retry: u32,
    pub expire: u32,
    pub minttl: u32,
}

/// A parsed RR#/ADDRR# line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Record(Rr),
    Soa(SoaLine),
}

/// A DELRR# pattern: `None` fields match anything. `data` is canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub owner: Option<String>,
    pub kind: Option<RrType>,
    pub data: Option<String>,
}

impl Pattern {
    pub fn matches(&self, owner: &str, kind: RrType, data: &str) -> bool {
        self.owner.as_deref().is_none_or(|o| o == owner)
            && self.kind.is_none_or(|k| k == kind)
            && self.data.as_deref().is_none_or(|d| d == data)
    }
}

/// The next blank-separated token of `text` and what follows it.
pub(super) fn next_token(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start_matches([' ', '\t']);
    if text.is_empty() {
        return None;
    }
    let end = text.find([' ', '\t']).unwrap_or(text.len());
    Some((&text[..end], &text[end..]))
}

/// What precedes the rdata: owner token, TTL, type token (or `None`) and
/// the raw rest of the line.
struct Head<'a> {
    owner: &'a str,
    ttl: Option<u32>,
    kind: Option<&'a str>,
    rest: &'a str,
}

fn head(line: &str) -> Result<Head<'_>, String> {
    let Some((owner, mut rest)) = next_token(line) else {
        return Err("the line is empty".to_owned());
    };
    let mut ttl = None;
    let mut token = next_token(rest);
    if let Some((text, after)) = token
        && text.bytes().all(|b| b.is_ascii_digit())
    {
        ttl = Some(parse_ttl(text)?);
        rest = after;
        token = next_token(rest);
    }
    if let Some((text, after)) = token {
        if text.eq_ignore_ascii_case("IN") {
            rest = after;
            token = next_token(rest);
            // RFC 1035 allows the class before the TTL too.
            if let Some((text, after)) = token
                && ttl.is_none()
                && text.bytes().all(|b| b.is_ascii_digit())
            {
                ttl = Some(parse_ttl(text)?);
                rest = after;
                token = next_token(rest);
            }
        } else if ["CH", "HS", "CS"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(text))
        {
            return Err(format!("class {text} is not supported, only IN"));
        }
    }
    let kind = token.map(|(text, after)| {
        rest = after;
        text
    });
    Ok(Head {
        owner,
        ttl,
        kind,
        rest,
    })
}

fn parse_ttl(text: &str) -> Result<u32, String> {
    match text.parse::<u64>() {
        Ok(ttl) if ttl <= u64::from(MAX_TTL) => Ok(ttl as u32),
        _ => Err(format!("TTL {text} is above {MAX_TTL}")),
    }
}

/// Parses one RR#/ADDRR# line of `zone` (ACE, no trailing dot) as
/// `dialect` writes it. The error says why, for
/// `505 ... resource record [<line>] (<why>)`; it holds no `]`.
pub fn parse_line(dialect: Dialect, zone: &str, line: &str) -> Result<Line, String> {
    let head = head(line)?;
    let Some(kind_text) = head.kind else {
        return Err("the record type is missing".to_owned());
    };
    let Some(kind) = RrType::parse_in(dialect, kind_text) else {
        return Err(format!(
            "record type {kind_text} is not supported (one of {})",
            RrType::names(dialect)
        ));
    };
    let owner = owner_name(zone, head.owner)?;
    if kind == RrType::Soa {
        if owner != zone {
            return Err(format!("an SOA record belongs at the apex {zone}."));
        }
        return soa_line(zone, head.ttl, head.rest).map(Line::Soa);
    }
    if kind == RrType::Cname && owner == zone {
        return Err("a CNAME cannot be at the zone apex".to_owned());
    }
    let data = parse_rdata(dialect, zone, kind, head.rest)?;
    Ok(Line::Record(Rr {
        owner,
        ttl: head.ttl.unwrap_or(DEFAULT_TTL),
        kind,
        data,
    }))
}

/// Parses one DELRR# pattern of `zone` as `dialect` writes it.
pub fn parse_pattern(dialect: Dialect, zone: &str, line: &str) -> Result<Pattern, String> {
    let head = head(line)?;
    let owner = match head.owner {
        "%" => None,
        text => Some(owner_name(zone, text)?),
    };
    let kind = match head.kind {
        None | Some("%") => None,
        Some(text) => Some(RrType::parse_in(dialect, text).ok_or_else(|| {
            format!(
                "record type {text} is not supported (one of {}, or %)",
                RrType::names(dialect)
            )
        })?),
    };
    let data = match kind {
        Some(RrType::Soa) if !head.rest.trim().is_empty() => {
            return Err("an SOA pattern takes no rdata".to_owned());
        }
        Some(kind) if !head.rest.trim().is_empty() => {
            Some(parse_rdata(dialect, zone, kind, head.rest)?)
        }
        None if !head.rest.trim().is_empty() => {
            return Err("rdata needs a record type before it".to_owned());
        }
        _ => None,
    };
    Ok(Pattern { owner, kind, data })
}

/// Lower-cases a name (IDNA to ACE when it is not ASCII).
fn ace(name: &str) -> Result<String, String> {
    if name.is_ascii() {
        Ok(name.to_ascii_lowercase())
    } else {
        idna::domain_to_ascii(name).map_err(|_| format!("{name} is not a valid IDN"))
    }
}

/// Checks the labels of an absolute ASCII name; `*` only as a whole first label.
fn check_labels(name: &str, wildcard: bool) -> Result<(), String> {
    if name.len() > 253 {
        return Err(format!("{name} is longer than 253 characters"));
    }
    for (index, label) in name.split('.').enumerate() {
        if label == "*" && index == 0 && wildcard {
            continue;
        }
        if label.is_empty() || label.len() > 63 {
            return Err(format!("{name} needs labels of 1 to 63 characters"));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            return Err(format!(
                "{name}: labels hold only letters, digits, - and _ (* only as the first label)"
            ));
        }
    }
    Ok(())
}

/// An owner: `@` the apex, `name.` absolute (inside the zone), anything
/// else relative to the zone (`help.example.com` in example.com is
/// `help.example.com.example.com`). Returns it without the trailing dot.
pub fn owner_name(zone: &str, token: &str) -> Result<String, String> {
    if token == "@" {
        return Ok(zone.to_owned());
    }
    let (name, absolute) = match token.strip_suffix('.') {
        Some(name) => (name, true),
        None => (token, false),
    };
    let name = ace(name)?;
    let full = if absolute {
        let inside = name == zone
            || (name.len() > zone.len()
                && name.ends_with(zone)
                && name.as_bytes()[name.len() - zone.len() - 1] == b'.');
        if !inside {
            return Err(format!("owner {token} lies outside the zone {zone}."));
        }
        name
    } else {
        format!("{name}.{zone}")
    };
    check_labels(&full, true)?;
    Ok(full)
}

/// A record's target host name as `dialect` reads it: [`target_name`],
/// except that the CentralNic Reseller platform takes a name of two labels
/// or more whose last could be a top-level domain (letters, or `xn--`) and
/// no trailing dot as absolute (`mail.example.net`): its SOA names carry no
/// trailing dot, WHMCS's CentralNic Reseller module sends MX, CNAME and SRV
/// targets as typed (`mail.<domain>`), and DNSControl adds the dot to the
/// targets it reads. A single label (`mail`) or a service name
/// (`_sip._udp`) stays relative.
pub(super) fn target_in(dialect: Dialect, zone: &str, token: &str) -> Result<String, String> {
    let tld_like = |last: &str| {
        last.len() >= 2
            && (last.bytes().all(|b| b.is_ascii_alphabetic())
                || last.to_ascii_lowercase().starts_with("xn--"))
    };
    if dialect == Dialect::Cnr
        && !token.ends_with('.')
        && token
            .rsplit_once('.')
            .is_some_and(|(_, last)| tld_like(last))
    {
        return target_name(zone, &format!("{token}."));
    }
    target_name(zone, token)
}

/// A target host name (CNAME, NS, PTR, MX, SRV, NAPTR, SOA), absolute with its
/// trailing dot; relative names are relative to the zone, `@` the apex.
pub fn target_name(zone: &str, token: &str) -> Result<String, String> {
    if token == "@" {
        return Ok(format!("{zone}."));
    }
    let (name, absolute) = match token.strip_suffix('.') {
        Some(name) => (name, true),
        None => (token, false),
    };
    let name = ace(name)?;
    let full = if absolute {
        name
    } else {
        format!("{name}.{zone}")
    };
    check_labels(&full, false)?;
    Ok(format!("{full}."))
}
