//! Domain and host names as registries check them: IDNA to ACE (`idna`
//! crate), lower case, letters-digits-hyphens labels of 1..63 octets, at most
//! 253 octets. A [`DomainName`] cannot hold an invalid name. No catalogue
//! rules here (TLD, minimum label length): those live in `catalogue.rs`.

use std::borrow::Cow;
use std::fmt;

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
        let input = input.strip_suffix('.').unwrap_or(input);
        if input.is_empty() {
            return Err("is empty");
        }
        let ace = if input.is_ascii() {
            input.to_ascii_lowercase()
        } else {
            idna::domain_to_ascii(input).map_err(|_| "is not a valid IDN")?
        };
        check_ldh(&ace)?;
        if !ace.contains('.') {
            return Err("needs a label and a TLD");
        }
        Ok(DomainName(ace.into_boxed_str()))
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
        // Whether a label starts with `xn--`, in one pass over the bytes.
        let bytes = self.0.as_bytes();
        let ace = |at: usize| bytes[at..].starts_with(b"xn--");
        let any_ace = ace(0) || (0..bytes.len()).any(|at| bytes[at] == b'.' && ace(at + 1));
        if !any_ace {
            return Cow::Borrowed(&self.0);
        }
        let (unicode, result) = idna::domain_to_unicode(&self.0);
        if result.is_ok() {
            Cow::Owned(unicode)
        } else {
            Cow::Borrowed(&self.0)
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

/// RFC 1035 / 5891 rules on an ASCII name.
fn check_ldh(name: &str) -> Result<(), &'static str> {
    if name.len() > 253 {
        return Err("is longer than 253 characters");
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Err("has an empty label");
        }
        if label.len() > 63 {
            return Err("has a label longer than 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err("may only hold letters, digits and hyphens");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("has a label that starts or ends with a hyphen");
        }
        if label.get(2..4) == Some("--") && !label.starts_with("xn--") {
            return Err("has hyphens in the third and fourth position");
        }
        if label.starts_with("xn--") && idna::domain_to_unicode(label).1.is_err() {
            return Err("has an invalid punycode label");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cnr_names_map_transitionally_outside_the_listed_zones() {
        let ace = |name: &str| DomainName::parse_cnr(name).map(|n| n.as_str().to_owned());
        assert_eq!(ace("faß.com"), Ok("fass.com".to_owned()));
        assert_eq!(ace("FAẞ.net"), Ok("fass.net".to_owned()));
        assert_eq!(ace("faß.de"), Ok("xn--fa-hia.de".to_owned()));
        assert_eq!(ace("dömäin.com"), Ok("xn--dmin-moa0i.com".to_owned()));
        assert_eq!(
            ace("ς.com"),
            DomainName::parse("σ.com").map(|n| n.as_str().to_owned())
        );
        assert_eq!(
            DomainName::parse("faß.com").map(|n| n.as_str().to_owned()),
            Ok("xn--fa-hia.com".to_owned()),
            "HEXONET's own conversion is unchanged"
        );
    }

    #[test]
    fn normalises_case_dots_and_unicode() {
        let cases = [
            ("Example.COM", "example.com"),
            ("example.com.", "example.com"),
            ("dömäin.example", "xn--dmin-moa0i.example"),
            ("xn--dmin-moa0i.example", "xn--dmin-moa0i.example"),
            ("a-b.co.uk", "a-b.co.uk"),
        ];
        for (input, ace) in cases {
            assert_eq!(DomainName::parse(input).unwrap().as_str(), ace, "{input}");
        }
        assert_eq!(
            DomainName::parse("xn--dmin-moa0i.example")
                .unwrap()
                .unicode(),
            "dömäin.example"
        );
    }

    #[test]
    fn refuses_what_registries_refuse() {
        let long_label = format!("{}.com", "a".repeat(64));
        let cases = [
            ("", "is empty"),
            ("com", "needs a label and a TLD"),
            ("-a.com", "has a label that starts or ends with a hyphen"),
            ("a-.com", "has a label that starts or ends with a hyphen"),
            ("ab--c.com", "has hyphens in the third and fourth position"),
            ("a_b.com", "may only hold letters, digits and hyphens"),
            ("a..com", "has an empty label"),
            (long_label.as_str(), "has a label longer than 63 characters"),
        ];
        for (input, why) in cases {
            assert_eq!(DomainName::parse(input), Err(why), "{input}");
        }
    }

    #[test]
    fn knows_what_lies_within_a_zone() {
        let host = DomainName::parse("ns1.example.com").unwrap();
        assert!(host.is_within("example.com"));
        assert!(!host.is_within("ample.com"));
        assert!(!host.is_within("ns1.example.com.au"));
    }
}
