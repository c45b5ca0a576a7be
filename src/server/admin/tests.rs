//! Unit tests of the admin guard and the clock's parameters.

use std::net::IpAddr;

use hyper::StatusCode;

use super::params::{Move, Params};
use super::{LOOPBACK_ONLY, TOKEN_WRONG, authorize};
use crate::registry::{Entity, Timestamp};

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

#[test]
fn without_a_token_only_loopback_peers_are_admitted() {
    for peer in ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"] {
        assert_eq!(authorize(ip(peer), None, None), Ok(()), "{peer}");
        // A bearer header changes nothing when no token is set.
        assert_eq!(
            authorize(ip(peer), None, Some(b"Bearer x")),
            Ok(()),
            "{peer}"
        );
    }
    // Documentation addresses (RFC 5737, RFC 3849) stand for any other peer.
    for peer in [
        "192.0.2.10",
        "203.0.113.7",
        "2001:db8::1",
        "::ffff:192.0.2.10",
    ] {
        assert_eq!(
            authorize(ip(peer), None, None),
            Err((StatusCode::FORBIDDEN, LOOPBACK_ONLY)),
            "{peer}"
        );
    }
}

#[test]
fn with_a_token_every_peer_needs_it() {
    let token = Some("s3cret-token");
    for peer in ["127.0.0.1", "192.0.2.10", "2001:db8::1"] {
        for good in [
            &b"Bearer s3cret-token"[..],
            b"bearer s3cret-token",
            b"BEARER  s3cret-token ",
        ] {
            assert_eq!(authorize(ip(peer), token, Some(good)), Ok(()), "{peer}");
        }
        let refused = Err((StatusCode::UNAUTHORIZED, TOKEN_WRONG));
        for bad in [
            None,
            Some(&b""[..]),
            Some(b"Bearer"),
            Some(b"Bearer "),
            Some(b"Bearer s3cret"),
            Some(b"Bearer s3cret-token2"),
            Some(b"Bearers3cret-token"),
            Some(b"Basic s3cret-token"),
            Some(b"s3cret-token"),
            Some(b"Bearer S3CRET-TOKEN"),
        ] {
            assert_eq!(authorize(ip(peer), token, bad), refused, "{peer} {bad:?}");
        }
    }
}

fn read(query: &str, body: &str, json: bool) -> Result<Params, String> {
    Params::read(query, body.as_bytes(), json)
}

#[test]
fn reads_moves_from_the_query_a_form_or_json() {
    let params = read("entity=54cd", "advance=%2B30d", false).unwrap();
    assert_eq!(params.entity(), Ok(Some(Entity::Live)));
    assert_eq!(
        params.moved,
        Some(Move::Advance("+30d".into(), 30 * 86_400))
    );
    // An unencoded `+` of a form arrives as a space: still a duration.
    let params = read("advance=+1d12h", "", false).unwrap();
    assert_eq!(params.moved, Some(Move::Advance("1d12h".into(), 129_600)));
    assert_eq!(params.entity(), Ok(None));
    let new_year_2027 = Timestamp::parse("2027-01-01").unwrap();
    for set in [
        "set=2027-01-01T00:00:00Z",
        "set=2027-01-01T02:00:00%2B02:00",
        "set=2027-01-01T02:00:00+02:00",
        "SET=2027-01-01T00:00:00.250Z",
    ] {
        let params = read("", set, false).unwrap();
        assert_eq!(params.moved, Some(Move::Set(new_year_2027)), "{set}");
    }
    let params = read("", r#" {"advance": "30d", "entity":"1234"} "#, true).unwrap();
    assert_eq!(params.moved, Some(Move::Advance("30d".into(), 2_592_000)));
    assert_eq!(params.entity(), Ok(Some(Entity::Ote)));
    let params = read(
        "",
        r#"{"set":"2027-01-01T00:00:00\u005A","entity":1234}"#,
        true,
    )
    .unwrap();
    assert_eq!(params.moved, Some(Move::Set(new_year_2027)));
    assert_eq!(params.entity(), Ok(Some(Entity::Ote)));
    // The body wins over the query.
    let params = read("advance=1d", "advance=2d", false).unwrap();
    assert_eq!(params.moved, Some(Move::Advance("2d".into(), 172_800)));
    assert!(read("", "{}", true).unwrap().moved.is_none());
}

#[test]
fn refusals_name_the_parameter_on_one_line() {
    let refusal = |query: &str, body: &str, json: bool| {
        let why = read(query, body, json)
            .and_then(|params| params.entity().map(|_| params))
            .unwrap_err();
        assert!(!why.contains('\n'), "{why}");
        why
    };
    assert_eq!(
        refusal("advance=3x", "", false),
        r#"advance: "3x" is not a duration (digits then s, m, h, d, w or y, e.g. +30d or 1d12h)"#
    );
    assert_eq!(
        refusal("advance=101y", "", false),
        r#"advance: "101y" is more than 100 years: move the clock at most 100 years at a time"#
    );
    assert_eq!(
        refusal("entity=9999&advance=1d", "", false),
        r#"entity: "9999" is not 1234 (OT&E) or 54cd (LIVE)"#
    );
    assert_eq!(
        refusal("advance=1d&set=2027-01-01T00:00:00Z", "", false),
        "give one of advance or set, not both"
    );
    assert_eq!(
        refusal("set=tomorrow", "", false),
        r#"set: "tomorrow" is not an RFC 3339 time (e.g. 2027-01-01T00:00:00Z)"#
    );
    assert_eq!(
        refusal("set=2027%0A", "", false),
        r#"set: "2027\n" is not an RFC 3339 time (e.g. 2027-01-01T00:00:00Z)"#
    );
    assert_eq!(
        refusal("advnace=1d", "", false),
        r#"unknown parameter "advnace": the clock takes advance, set and entity"#
    );
    assert!(refusal("advance=%zz", "", false).contains("not url-encoded"));
    let long = "x".repeat(500);
    assert!(refusal(&format!("set={long}"), "", false).len() < 160);
    for json in [
        r#"{"advance":["1d"]}"#,
        "{",
        r#"{"advance":"1d",}"#,
        r#"{"a" "b"}"#,
        "[]",
        r#"{"advance":"1d"} x"#,
    ] {
        assert!(
            refusal("", json, true).starts_with("the JSON body"),
            "{json}"
        );
    }
}

#[test]
fn duration_shapes_tell_too_long_from_malformed() {
    for shaped in ["101y", "+36600d", "99999999999999999999", "1y1y1y"] {
        assert!(super::duration_shaped(shaped), "{shaped}");
    }
    for malformed in ["", "+", "3x", "d", "10d5", "-1d", "1dd", " "] {
        assert!(!super::duration_shaped(malformed), "{malformed}");
    }
}
