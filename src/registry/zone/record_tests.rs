//! Unit tests of the record line grammar and the rdata forms.

use super::record::*;
use crate::dialect::Dialect;

fn record(line: &str) -> Rr {
    match parse_line(Dialect::Cnr, "example.com", line) {
        Ok(Line::Record(rr)) => rr,
        other => panic!("{line}: {other:?}"),
    }
}

#[test]
fn owners_relative_absolute_and_the_faq_case() {
    assert_eq!(record("@ IN A 192.0.2.1").owner, "example.com");
    assert_eq!(record("www 60 A 192.0.2.1").owner, "www.example.com");
    assert_eq!(
        record("WWW.Example.COM. A 192.0.2.1").owner,
        "www.example.com"
    );
    assert_eq!(
        record("help.example.com A 192.0.2.1").owner,
        "help.example.com.example.com"
    );
    assert_eq!(record("*.x A 192.0.2.1").owner, "*.x.example.com");
    assert_eq!(
        record("_acme-challenge TXT abc").owner,
        "_acme-challenge.example.com"
    );
    assert!(parse_line(Dialect::Cnr, "example.com", "www.example.net. A 192.0.2.1").is_err());
    assert!(parse_line(Dialect::Cnr, "example.com", "a*b A 192.0.2.1").is_err());
    assert!(parse_line(Dialect::Cnr, "example.com", "www CH A 192.0.2.1").is_err());
}

#[test]
fn rdata_canonical_forms() {
    assert_eq!(record("@ AAAA 2001:DB8:0:0::1").data, "2001:db8::1");
    assert_eq!(record("@ MX 10 mail").data, "10 mail.example.com.");
    assert_eq!(record("@ NS ns1.example.net.").data, "ns1.example.net.");
    assert_eq!(record("www CNAME @").data, "example.com.");
    assert_eq!(record("_sip._tcp SRV 1 2 5060 .").data, "1 2 5060 .");
    assert_eq!(
        record("@ CAA 0 ISSUE letsencrypt.org").data,
        "0 issue \"letsencrypt.org\""
    );
    assert_eq!(record("@ TXT v=spf1 -all").data, "\"v=spf1 -all\"");
    assert_eq!(record("@ TXT \"a\"\"b \\\"c\"").data, "\"a\" \"b \\\"c\"");
    assert_eq!(
        record("www X-HTTP  REDIRECT https://example.net/").data,
        "REDIRECT https://example.net/"
    );
    assert_eq!(
        record("@ X-SMTP @ mailforward a@example.net").data,
        "@ MAILFORWARD a@example.net"
    );
    assert_eq!(record("@ A 192.0.2.1").ttl, DEFAULT_TTL);
    let long = "x".repeat(300);
    assert_eq!(
        record(&format!("@ TXT {long}")).data.matches('"').count(),
        4
    );
    for bad in [
        "@ A 300.1.1.1",
        "@ MX mail",
        "@ TXT \"open",
        "@ 2147483648 A 192.0.2.1",
        "@ CNAME other",
        "@ X-HTTP REDIRECT ftp://x",
        "@ X-SMTP info MAILFORWARD a@b.de",
        "@ TLSA 1 1 1 ab",
        "@ A",
    ] {
        assert!(
            parse_line(Dialect::Cnr, "example.com", bad).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn class_before_ttl_and_null_mx() {
    assert_eq!(record("www IN 300 A 192.0.2.1").ttl, 300);
    assert_eq!(record("@ MX 0 .").data, "0 .");
}

#[test]
fn patterns() {
    let any_a = parse_pattern(Dialect::Cnr, "example.com", "% A").unwrap();
    assert!(any_a.matches("x.example.com", RrType::A, "192.0.2.1"));
    assert!(!any_a.matches("x.example.com", RrType::Aaaa, "::1"));
    let exact = parse_pattern(Dialect::Cnr, "example.com", "@ 3600 IN A 192.0.2.1").unwrap();
    assert!(exact.matches("example.com", RrType::A, "192.0.2.1"));
    let www = parse_pattern(Dialect::Cnr, "example.com", "www").unwrap();
    assert_eq!((www.kind, www.data), (None, None));
    assert!(parse_pattern(Dialect::Cnr, "example.com", "@ SOA x").is_err());
}

#[test]
fn tlsa_sshfp_naptr_in_canonical_form() {
    let sha256 = "AB".repeat(32);
    assert_eq!(
        record(&format!("_443._tcp.www TLSA 3 1 1 {sha256}")).data,
        format!("3 1 1 {}", "ab".repeat(32))
    );
    assert_eq!(record("@ TLSA 0 0 0 30 82").data, "0 0 0 3082");
    let sha1 = "12".repeat(20);
    assert_eq!(
        record(&format!("host SSHFP 4 1 {sha1}")).data,
        format!("4 1 {sha1}")
    );
    assert_eq!(
        record(r#"@ NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" ."#).data,
        r#"100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" ."#
    );
    assert_eq!(
        record(r#"@ NAPTR 1 2 S SIP+D2U "" _sip._udp"#).data,
        r#"1 2 "S" "SIP+D2U" "" _sip._udp.example.com."#
    );
    for bad in [
        format!("@ TLSA 4 1 1 {sha256}"),
        format!("@ TLSA 3 2 1 {sha256}"),
        format!("@ TLSA 3 1 3 {sha256}"),
        "@ TLSA 3 1 1 abcd".to_owned(),
        "@ TLSA 3 1 0 abc".to_owned(),
        "@ TLSA 3 1 0 xyz0".to_owned(),
        format!("@ SSHFP 5 1 {sha1}"),
        format!("@ SSHFP 1 3 {sha1}"),
        format!("@ SSHFP 1 2 {sha1}"),
        r#"@ NAPTR 65536 10 "U" "E2U+sip" "" ."#.to_owned(),
        r#"@ NAPTR 1 10 "U+" "E2U+sip" "" ."#.to_owned(),
        r#"@ NAPTR 1 10 "U" "E2U+sip" ""#.to_owned(),
    ] {
        assert!(
            parse_line(Dialect::Cnr, "example.com", &bad).is_err(),
            "{bad}"
        );
    }
    // DNSControl's HEXONET provider writes TLSA; SSHFP and NAPTR stay CNR-only.
    let tlsa = format!("@ TLSA 3 1 1 {sha256}");
    assert!(parse_line(Dialect::Hexonet, "example.com", &tlsa).is_ok());
    let why = parse_line(Dialect::Hexonet, "example.com", "@ SSHFP 1 1 abcd");
    assert!(
        why.unwrap_err()
            .starts_with("record type SSHFP is not supported (one of SOA")
    );
    assert!(parse_pattern(Dialect::Hexonet, "example.com", "% SSHFP").is_err());
    assert!(parse_pattern(Dialect::Cnr, "example.com", "% NAPTR").is_ok());
}

/// A CAA tag is sent after a one-byte length (RFC 8659 §4.1): a longer tag
/// was stored, then never answered over DNS.
#[test]
fn a_caa_tag_fits_its_length_byte() {
    let line = |tag: &str| format!("@ CAA 0 {tag} \"x\"");
    assert!(parse_line(Dialect::Cnr, "example.com", &line(&"a".repeat(255))).is_ok());
    let refused = parse_line(Dialect::Cnr, "example.com", &line(&"a".repeat(256)));
    assert_eq!(
        refused,
        Err("the CAA tag holds at most 255 characters, this one 256".to_owned())
    );
}

#[test]
fn cnr_targets_with_a_top_level_label_are_absolute() {
    assert_eq!(
        record("@ MX 10 mail.example.net").data,
        "10 mail.example.net."
    );
    assert_eq!(
        record("www CNAME xn--mller-kva.de").data,
        "xn--mller-kva.de."
    );
    assert_eq!(record("@ MX 20 mx2").data, "20 mx2.example.com.");
    assert_eq!(
        record("_sip._tcp SRV 1 2 5060 sip._udp").data,
        "1 2 5060 sip._udp.example.com."
    );
    // HEXONET keeps the zone-file rule: no trailing dot is relative.
    match parse_line(Dialect::Hexonet, "example.com", "@ MX 10 mail.example.net") {
        Ok(Line::Record(rr)) => assert_eq!(rr.data, "10 mail.example.net.example.com."),
        other => panic!("{other:?}"),
    }
}
