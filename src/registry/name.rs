//! Domain and host names as registries check them: IDNA to ACE (`idna`
//! crate), lower case, letters-digits-hyphens labels of 1..63 octets, at most
//! 253 octets; an IDN label's Unicode form also keeps IDNA2008's hyphen rules
//! and holds no symbol or emoji, which UTS #46 (the `idna` crate) lets
//! through. A [`DomainName`] cannot hold an invalid name. No catalogue rules
//! here (TLD, minimum label length): those live in `catalogue.rs`.
//! A host name's own rule (no all-numeric TLD, so no IP address) is
//! `name/hostname.rs`'s [`DomainName::parse_host`].

use std::borrow::Cow;
use std::fmt;

/// Host names: the rule on top of these ([`DomainName::parse_host`]).
mod hostname;

/// A syntactically valid, lower-case ACE (punycode) name without trailing dot.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct DomainName(Box<str>);

impl DomainName {
    /// Reads a name as clients send it: any case, Unicode or ACE, with or
    /// without one trailing dot. The error is the broken rule, for the
    /// `505 ...; PARAM: (value) <rule>` detail.
    pub fn parse(input: &str) -> Result<DomainName, &'static str> {
        DomainName::normalise(input).map(|ace| DomainName(ace.into_owned().into_boxed_str()))
    }

    /// [`DomainName::parse`]'s text without making a `DomainName`: borrowed
    /// when the input is already lower-case ACE (what SDKs send), for a
    /// command that only looks the name up (StatusDomain).
    pub fn normalise(input: &str) -> Result<Cow<'_, str>, &'static str> {
        DomainName::normalise_label(input).map(|(ace, _)| ace)
    }

    /// [`DomainName::normalise`] and the length of the name's first label
    /// (where its first dot is), found by the same pass over the bytes: what
    /// [`System::availability_at`](super::System::availability_at) splits on.
    pub fn normalise_label(input: &str) -> Result<(Cow<'_, str>, usize), &'static str> {
        let input = input.strip_suffix('.').unwrap_or(input);
        if input.is_empty() {
            return Err("is empty");
        }
        // Lower-case ACE, what SDKs send, passes the rules as it is: one pass
        // over the bytes, and only a name that fails it is looked at again.
        let rule = match check_ldh(input) {
            Ok(labels) => return with_labels(Cow::Borrowed(input), labels),
            Err(rule) => rule,
        };
        let (mut ace, rule) = if input.is_ascii() {
            (Cow::Borrowed(input), rule)
        } else {
            let ace = idna::domain_to_ascii(input).map_err(|_| "is not a valid IDN")?;
            match check_ldh(&ace) {
                Ok(labels) => return with_labels(Cow::Owned(ace), labels),
                Err(rule) => (Cow::Owned(ace), rule),
            }
        };
        // Upper case fails the rules; only then is a lower-cased copy made
        // and checked (the rules are the lower-cased name's either way).
        if !ace.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(rule);
        }
        ace = Cow::Owned(ace.to_ascii_lowercase());
        let labels = check_ldh(&ace)?;
        with_labels(ace, labels)
    }

    /// [`DomainName::parse`] as the CentralNic Reseller platform and its SDKs
    /// convert names (cnr-dialect.md §4.2): UTS #46 *transitional* mapping —
    /// `ß` → `ss`, `ς` → `σ`, joiners removed — except in the zones whose
    /// registries keep those characters, where it is non-transitional like
    /// HEXONET's. So `faß.com` is `fass.com` here but `faß.de` is `xn--fa-hia.de`.
    pub fn parse_cnr(input: &str) -> Result<DomainName, &'static str> {
        const NON_TRANSITIONAL: &[&str] = &[
            "art", "be", "ca", "de", "swiss", "fr", "pm", "re", "tf", "wf", "yt",
        ];
        if input.is_ascii() {
            return DomainName::parse(input);
        }
        let trimmed = input.strip_suffix('.').unwrap_or(input);
        let tld = trimmed.rsplit('.').next().unwrap_or("").to_lowercase();
        if NON_TRANSITIONAL.contains(&tld.as_str()) {
            return DomainName::parse(input);
        }
        let mut mapped = String::with_capacity(input.len() + 2);
        for c in input.chars() {
            match c {
                'ß' | 'ẞ' => mapped.push_str("ss"),
                'ς' => mapped.push('σ'),
                '\u{200C}' | '\u{200D}' => {}
                other => mapped.push(other),
            }
        }
        DomainName::parse(&mapped)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Unicode form (`DOMAINUMLAUT`, ConvertIDN's `IDN`); ASCII names as they are.
    pub fn unicode(&self) -> Cow<'_, str> {
        DomainName::unicode_of(&self.0)
    }

    /// [`DomainName::unicode`] of a name already in its normalised form
    /// ([`DomainName::normalise`]'s text), without making a `DomainName`.
    pub fn unicode_of(name: &str) -> Cow<'_, str> {
        // Whether a label starts with `xn--`, in one pass over the bytes.
        let bytes = name.as_bytes();
        let ace = |at: usize| bytes[at..].starts_with(b"xn--");
        let any_ace = ace(0) || (0..bytes.len()).any(|at| bytes[at] == b'.' && ace(at + 1));
        if !any_ace {
            return Cow::Borrowed(name);
        }
        let (unicode, result) = idna::domain_to_unicode(name);
        if result.is_ok() {
            Cow::Owned(unicode)
        } else {
            Cow::Borrowed(name)
        }
    }

    /// The first label (`example` of `example.co.uk`).
    pub fn first_label(&self) -> &str {
        match self.0.bytes().position(|b| b == b'.') {
            Some(dot) => &self.0[..dot],
            None => &self.0,
        }
    }

    /// Whether `self` is `zone` or lies below it (`ns1.example.com` under `example.com`).
    pub fn is_within(&self, zone: &str) -> bool {
        *self.0 == *zone
            || (self.0.len() > zone.len()
                && self.0.ends_with(zone)
                && self.0.as_bytes()[self.0.len() - zone.len() - 1] == b'.')
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What [`check_ldh`] counts: the labels, and the first one's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Labels {
    count: usize,
    first: usize,
}

/// A checked name and its first label's length: it needs a label and a TLD.
fn with_labels(ace: Cow<'_, str>, labels: Labels) -> Result<(Cow<'_, str>, usize), &'static str> {
    match labels.count {
        0 | 1 => Err("needs a label and a TLD"),
        _ => Ok((ace, labels.first)),
    }
}

/// RFC 1035 / 5891 rules on an ASCII name, label by label in one pass over
/// the bytes (every name of every domain command passes here); the number
/// of labels and the first one's length. A byte's kind comes from a table
/// ([`LDH`]: one load and one compare per byte, less than the eight-bytes-
/// at-a-time classification it replaced); a name with a byte that is
/// neither a lower-case letter, a digit, a hyphen nor a dot is left to
/// [`check_ldh_bytes`], which says which rule it breaks first.
fn check_ldh(name: &str) -> Result<Labels, &'static str> {
    if name.len() > 253 {
        return Err("is longer than 253 characters");
    }
    let (bytes, mut start, mut labels, mut first) = (name.as_bytes(), 0, 1, None);
    for (at, byte) in bytes.iter().enumerate() {
        match LDH[usize::from(*byte)] {
            Kind::Plain => {}
            Kind::Dot => {
                check_label(&bytes[start..at], false)?;
                first.get_or_insert(at);
                (start, labels) = (at + 1, labels + 1);
            }
            Kind::Foreign => return check_ldh_bytes(name),
        }
    }
    check_label(&bytes[start..], false)?;
    Ok(Labels {
        count: labels,
        first: first.unwrap_or(name.len()),
    })
}

/// What a byte is to [`check_ldh`].
#[derive(Clone, Copy)]
enum Kind {
    /// A lower-case letter, a digit or a hyphen.
    Plain,
    Dot,
    /// Anything else: upper case, other ASCII, or part of a non-ASCII character.
    Foreign,
}

/// The [`Kind`] of every byte.
const LDH: [Kind; 256] = {
    let mut kinds = [Kind::Foreign; 256];
    let mut byte = 0;
    while byte < 256 {
        kinds[byte] = match byte as u8 {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => Kind::Plain,
            b'.' => Kind::Dot,
            _ => Kind::Foreign,
        };
        byte += 1;
    }
    kinds
};

/// [`check_ldh`] byte by byte, for a name that holds a foreign byte: the
/// first rule broken, label by label.
fn check_ldh_bytes(name: &str) -> Result<Labels, &'static str> {
    let (mut start, mut labels, mut foreign, mut first) = (0, 1, false, None);
    for (at, byte) in name.bytes().enumerate() {
        match LDH[usize::from(byte)] {
            Kind::Plain => {}
            Kind::Dot => {
                check_label(&name.as_bytes()[start..at], foreign)?;
                first.get_or_insert(at);
                (start, labels, foreign) = (at + 1, labels + 1, false);
            }
            Kind::Foreign => foreign = true,
        }
    }
    check_label(&name.as_bytes()[start..], foreign)?;
    Ok(Labels {
        count: labels,
        first: first.unwrap_or(name.len()),
    })
}

/// The hyphen rules' texts, for an ASCII label and an IDN's Unicode form alike.
const HYPHEN_AT_AN_END: &str = "has a label that starts or ends with a hyphen";
const HYPHENS_THIRD_AND_FOURTH: &str = "has hyphens in the third and fourth position";
/// An `xn--` label that is no punycode.
const BAD_PUNYCODE: &str = "has an invalid punycode label";

/// The rules on one label, in the order they are reported; `foreign`: it
/// holds a byte other than a lower-case letter, a digit or a hyphen.
fn check_label(bytes: &[u8], foreign: bool) -> Result<(), &'static str> {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return Err("has an empty label");
    };
    if bytes.len() > 63 {
        return Err("has a label longer than 63 characters");
    }
    if foreign {
        return Err("may only hold letters, digits and hyphens");
    }
    if first == b'-' || last == b'-' {
        return Err(HYPHEN_AT_AN_END);
    }
    let ace = bytes.starts_with(b"xn--");
    if bytes.get(2..4) == Some(b"--".as_slice()) && !ace {
        return Err(HYPHENS_THIRD_AND_FOURTH);
    }
    if ace {
        return check_ace_label(bytes);
    }
    Ok(())
}

/// The rules on an `xn--` label (ASCII: it has no foreign byte): it decodes,
/// and its U-label keeps the IDNA2008 rules that UTS #46, which the `idna`
/// crate implements, lets through: no symbol, no hyphen at either end, none
/// in the third and fourth position (RFC 5891 §4.2.3.1). A Unicode name
/// comes here too, as the ACE form [`DomainName::normalise_label`] made.
/// Never inlined: inside [`check_ldh`]'s loop its code made every plain
/// name slower (release, `normalise_label` of `example-name-N.com`: 19.0 ns
/// before these rules, 20.3 with them inlined, 16.0 kept out).
#[inline(never)]
fn check_ace_label(bytes: &[u8]) -> Result<(), &'static str> {
    let Ok(label) = std::str::from_utf8(bytes) else {
        return Err(BAD_PUNYCODE);
    };
    let (unicode, decoded) = idna::domain_to_unicode(label);
    if decoded.is_err() {
        return Err(BAD_PUNYCODE);
    }
    if unicode.chars().any(is_symbol) {
        return Err("has a symbol or emoji, which registries do not allow in a name");
    }
    if unicode.starts_with('-') || unicode.ends_with('-') {
        return Err(HYPHEN_AT_AN_END);
    }
    let mut chars = unicode.chars();
    if chars.nth(2) == Some('-') && chars.next() == Some('-') {
        return Err(HYPHENS_THIRD_AND_FOURTH);
    }
    Ok(())
}

/// Whether `c` lies in the symbol and pictograph blocks, which IDNA2008 (RFC
/// 5892) disallows and registries refuse: general punctuation to
/// miscellaneous symbols and arrows (U+2010..=U+2BFF), and the emoji and
/// pictographs (U+1F000..=U+1FAFF). The joiners (U+200C, U+200D) lie below
/// and stay; so do the two lower-case letters of these blocks that IDNA2008
/// keeps (PVALID): turned small f (U+214E) and reversed c (U+2184).
fn is_symbol(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
        && !matches!(c, '\u{214E}' | '\u{2184}')
}

#[cfg(test)]
mod tests;
