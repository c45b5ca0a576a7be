//! [`DomainName`]'s tests: conversion (HEXONET's and CentralNic's), the
//! rules a name breaks and the rule named, the IDNA2008 rules on U-labels,
//! and the byte table against the byte-by-byte pass.

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
fn normalise_borrows_what_needs_no_change() {
    let normalise = DomainName::normalise;
    assert!(matches!(
        normalise("example.com"),
        Ok(Cow::Borrowed("example.com"))
    ));
    assert!(matches!(
        normalise("example.com."),
        Ok(Cow::Borrowed("example.com"))
    ));
    assert_eq!(normalise("Example.COM").as_deref(), Ok("example.com"));
    assert_eq!(
        normalise("A_B.com"),
        Err("may only hold letters, digits and hyphens")
    );
    assert_eq!(
        normalise("-A.com"),
        Err("has a label that starts or ends with a hyphen")
    );
    assert_eq!(normalise("Com"), Err("needs a label and a TLD"));
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
fn eight_bytes_at_a_time_breaks_the_rules_byte_by_byte_does() {
    let mut names = vec![String::new(), "a".repeat(64) + ".com"];
    for base in [
        "example.com",
        "a.b",
        "xn--dmin-moa0i.com",
        "ab--cd.example.co.uk",
    ] {
        for at in 0..=base.len() {
            for insert in [
                ".", "-", "_", "A", "é", "..", "@", "0", "z", "{", "/", ":", "`",
            ] {
                names.push(format!("{}{insert}{}", &base[..at], &base[at..]));
            }
        }
    }
    for name in &names {
        assert_eq!(check_ldh(name), check_ldh_bytes(name), "{name:?}");
    }
    let bytes: Vec<u8> = (0..=255).collect();
    for byte in bytes {
        let name = format!("ab{}cdefgh.com", char::from(byte));
        assert_eq!(check_ldh(&name), check_ldh_bytes(&name), "{byte}");
    }
}

#[test]
fn knows_what_lies_within_a_zone() {
    let host = DomainName::parse("ns1.example.com").unwrap();
    assert!(host.is_within("example.com"));
    assert!(!host.is_within("ample.com"));
    assert!(!host.is_within("ns1.example.com.au"));
}

#[test]
fn refuses_unicode_labels_that_break_idna2008() {
    let hyphen_ends = "has a label that starts or ends with a hyphen";
    let symbol = "has a symbol or emoji, which registries do not allow in a name";
    let cases = [
        ("-ä.com", hyphen_ends),
        ("ä-.com", hyphen_ends),
        ("ab--ä.com", "has hyphens in the third and fourth position"),
        // `aòb--`: the ACE form is fine, its U-label ends with a hyphen.
        ("xn--ab---lqa.com", hyphen_ends),
        ("xn----0fa.com", hyphen_ends),
        ("😀.com", symbol),
        ("xn--e28h.com", symbol),
        ("a☃b.com", symbol),
        ("ns1.a→b.example", symbol),
    ];
    for (input, why) in cases {
        assert_eq!(DomainName::parse(input), Err(why), "{input}");
        assert_eq!(DomainName::parse_cnr(input), Err(why), "CNR {input}");
        assert_eq!(DomainName::normalise_label(input), Err(why), "{input}");
    }
    assert_eq!(DomainName::parse_cnr("-faß.com"), Err(hyphen_ends));
}

#[test]
fn keeps_unicode_letters_marks_and_joiners() {
    let ace = |name: &str| DomainName::parse(name).map(|n| n.as_str().to_owned());
    let cases = [
        ("dömäin.com", "xn--dmin-moa0i.com"),
        ("xn--dmin-moa0i.com", "xn--dmin-moa0i.com"),
        ("faß.de", "xn--fa-hia.de"),
        ("a-ä.com", "xn--a--wia.com"),
        // Devanagari with its virama (U+094D).
        ("हिन्दी.com", "xn--j2bd4cyah0f.com"),
        ("例え.jp", "xn--r8jz45g.jp"),
        // Persian with a zero-width non-joiner (U+200C) between two letters.
        ("می\u{200C}خواهم.com", "xn--mgbn2ecje63gr19l.com"),
        // The two letters of the symbol blocks IDNA2008 keeps.
        ("ⅎ.com", "xn--73g.com"),
        ("ↄ.com", "xn--r5g.com"),
    ];
    for (input, expected) in cases {
        assert_eq!(ace(input), Ok(expected.to_owned()), "{input}");
    }
    assert!(!is_symbol('\u{200C}') && !is_symbol('\u{200D}'));
    assert!(is_symbol('\u{2010}') && is_symbol('\u{2BFF}'));
    assert!(is_symbol('\u{1F000}') && is_symbol('\u{1FAFF}'));
    assert!(!is_symbol('\u{2C00}') && !is_symbol('\u{1FB00}'));
}
