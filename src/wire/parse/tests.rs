//! Table tests for the request grammar: (input, expected) pairs.

use super::*;
use arrayvec::ArrayString;

fn params(request: &Request) -> Vec<(&str, &str)> {
    request
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// (query string, body, expected parameters)
type Case<'a> = (&'a [u8], &'a [u8], &'a [(&'a str, &'a str)]);

#[test]
fn reads_every_request_form_real_clients_send() {
    let cases: &[Case] = &[
        // PY / NODE / PHP: s_command with %0A and %3D.
        (b"", b"s_entity=54cd&s_login=a&s_pw=b&s_command=COMMAND%3DStatusAccount", &[("COMMAND", "StatusAccount")]),
        // FAQ curl: top-level lower-case fields.
        (b"", b"s_login=a&s_pw=b&s_entity=1234&command=statusaccount", &[("COMMAND", "statusaccount")]),
        // GET with the fields in the query string.
        (b"s_login=a&COMMAND=ModifyDomain&AUTH=gwrgwqg%25%26%5C44t3%2A", b"", &[("COMMAND", "ModifyDomain"), ("AUTH", "gwrgwqg%&\\44t3*")]),
        // `+` and `%20` are both a space; CRLF lines; pasted [COMMAND]/EOF form.
        (b"", b"s_command=%5BCOMMAND%5D%0D%0Acommand+%3D+CheckDomains%0D%0ADOMAIN0%20=%20a.com%0D%0AEOF%0D%0A", &[("COMMAND", "CheckDomains"), ("DOMAIN0", "a.com")]),
        // A value may contain "=": split at the first one only.
        (b"", b"s_command=COMMAND%3DX%0AACL4+%3D+DOMAIN+%3D+*.uk", &[("COMMAND", "X"), ("ACL4", "DOMAIN = *.uk")]),
        // s_command wins over a top-level duplicate; the last line wins within it.
        (b"", b"command=A&s_command=COMMAND%3DB%0ACOMMAND%3DC", &[("COMMAND", "C")]),
        // Body wins over query.
        (b"COMMAND=Q", b"COMMAND=B", &[("COMMAND", "B")]),
        // Empty values are kept (NULL), empty pairs are skipped.
        (b"", b"&&COMMAND=X&&NAMESERVER2=&", &[("COMMAND", "X"), ("NAMESERVER2", "")]),
        // UTF-8 arrives percent-encoded.
        (b"", b"s_command=COMMAND%3DConvertIDN%0ADOMAIN0%3Dd%C3%B6m%C3%A4in.example", &[("COMMAND", "ConvertIDN"), ("DOMAIN0", "dömäin.example")]),
        // A byte-order mark opening the body (a file saved by PowerShell 5) is skipped.
        (b"", b"\xEF\xBB\xBFcommand=StatusAccount", &[("COMMAND", "StatusAccount")]),
        // So is one opening s_command's text (a command file saved by Notepad), escaped or raw.
        (b"", b"s_login=a&s_command=%EF%BB%BFCOMMAND%3DCheckDomain%0D%0ADOMAIN%3Da.com", &[("COMMAND", "CheckDomain"), ("DOMAIN", "a.com")]),
        (b"", b"s_command=%ef%bb%bfCOMMAND%3DX", &[("COMMAND", "X")]),
        (b"", b"s_command=\xEF\xBB\xBFCOMMAND=X", &[("COMMAND", "X")]),
        // A body ending in a line break (echo ... | curl --data-binary @-).
        (b"", b"s_login=a&s_pw=b&command=StatusAccount\r\n", &[("COMMAND", "StatusAccount")]),
        // s_command's lines may come with raw line breaks (curl -d $'...').
        (b"", b"s_login=a&s_command=COMMAND=X\r\nDOMAIN=a.com\n&s_pw=b", &[("COMMAND", "X"), ("DOMAIN", "a.com")]),
        // An empty list as PHP's old ISPAPI encoders wrote it: its name alone.
        (b"", b"s_command=COMMAND%3DUpdateDNSZone%0ADNSZONE%3Da.com%0ADELRR0%3D%40+X-SMTP%0AADDRR%0A", &[("COMMAND", "UpdateDNSZone"), ("DNSZONE", "a.com"), ("DELRR0", "@ X-SMTP")]),
        (b"", b"command=ModifyDomain&s_command=SECDNS-KEY%0ADOMAIN%3Da.com", &[("COMMAND", "ModifyDomain"), ("DOMAIN", "a.com")]),
    ];
    for (query, body, expected) in cases {
        let request = parse(query, body).unwrap_or_else(|e| panic!("{e} for {body:?}"));
        assert_eq!(params(&request), *expected, "query {query:?} body {body:?}");
    }
}

#[test]
fn reads_transport_fields_case_insensitively() {
    let request = parse(b"", b"S_ENTITY=1234&s_Login=test.user%21role&s_pw=p%26w&s_otp=123&s_remoteaddr=10.0.0.1%3A80&s_user=sub&s_session=&command=x").unwrap();
    assert_eq!(request.entity.as_deref(), Some("1234"));
    assert_eq!(request.login.as_deref(), Some("test.user!role"));
    assert_eq!(request.password.as_ref().map(Secret::expose), Some("p&w"));
    assert_eq!(request.otp.as_ref().map(Secret::expose), Some("123"));
    assert_eq!(request.remote_addr.as_deref(), Some("10.0.0.1:80"));
    assert_eq!(request.user.as_deref(), Some("sub"));
    assert_eq!(request.session, None, "an empty field counts as absent");
}

#[test]
fn rejects_malformed_input_naming_the_field() {
    let cases: &[(&[u8], u16, &str)] = &[
        (
            b"s_command=COMMAND%3DX%0AFOO%ZZ",
            505,
            "Invalid attribute value syntax; s_command: (malformed percent-escape at byte 17)",
        ),
        (
            b"S_Command=COMMAND%3DX%0ADOMAIN%3D%C3%28",
            505,
            "Invalid attribute value syntax; S_Command: (invalid UTF-8 at byte 17)",
        ),
        (
            b"DOMAIN=%C3%28",
            505,
            "Invalid attribute value syntax; DOMAIN: (invalid UTF-8 at byte 0)",
        ),
        (
            b"DOMAIN=\xff",
            505,
            "Invalid attribute value syntax; DOMAIN: (invalid UTF-8 at byte 0)",
        ),
        (
            b"s_command=gregergege",
            507,
            "Invalid command format; line 1 of s_command is not KEY=VALUE: (gregergege)",
        ),
        (
            b"s_command=DOMAIN%3Da.com%0AStatusDomain%0ADNSSEC",
            507,
            "Invalid command format; line 2 of s_command is not KEY=VALUE: (StatusDomain)",
        ),
        (
            b"s_command=COMMAND%3DCheckDomains%0ADOMAIN0%3Da.com%0Ab.com",
            507,
            "Invalid command format; line 3 of s_command is not KEY=VALUE: (b.com)",
        ),
        (
            b"s_command=DOMAIN%3Da.com%0AADDRR%0APASSWORD+x",
            507,
            "Invalid command format; line 2 of s_command is not KEY=VALUE: (ADDRR)",
        ),
        (
            b"s_command=COMMAND%3DX%0APASSWORD%20Zq9secret",
            507,
            "Invalid command format; line 2 of s_command is not KEY=VALUE: (PASSWORD ***)",
        ),
        (
            b"s_command=COMMAND%3DX%0Aauth:Zq9secret",
            507,
            "Invalid command format; line 2 of s_command is not KEY=VALUE: (auth ***)",
        ),
        (
            b"s_command=COMMAND%3DX%0A%3Dvalue",
            507,
            "Invalid command format; line 2 of s_command is not KEY=VALUE: (=value)",
        ),
        (
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03+\xce",
            507,
            "Invalid command format; the body is gzip-compressed: send the form text uncompressed (no Content-Encoding)",
        ),
        (
            b"s_entity=1234&s_login=test.user\ns_pw=Zq9secret&command=StatusAccount",
            507,
            "Invalid command format; a raw line break in the field s_login: the body is not form-encoded; join name=value fields with & and escape line breaks (%0A), or send the command's lines in s_command",
        ),
        (
            b"[COMMAND]\nCOMMAND=StatusAccount\nPASSWORD=Zq9secret\nEOF\n",
            507,
            "Invalid command format; a raw line break in the field [COMMAND]: the body is not form-encoded; join name=value fields with & and escape line breaks (%0A), or send the command's lines in s_command",
        ),
    ];
    for (body, code, text) in cases {
        let error = parse(b"", body).expect_err("must fail");
        assert_eq!((error.code(), error.to_string().as_str()), (*code, *text));
    }
}

#[test]
fn reads_an_escaped_s_command_of_any_length_and_the_last_one_sent() {
    // Up to 512 bytes it is decoded on the stack, beyond on the heap.
    for names in [1, 10, 40] {
        let lines: String = (0..names)
            .map(|n| format!("%0ADOMAIN{n}%3Dname-{n:04}.com"))
            .collect();
        let body = format!("s_command=COMMAND%3DCheckDomains{lines}");
        let request = parse(b"", body.as_bytes()).expect("parses");
        assert_eq!(request.command(), Some("CheckDomains"), "{names} names");
        assert_eq!(request.params.len(), names + 1, "{names} names");
        let last = format!("DOMAIN{}", names - 1);
        let expected = format!("name-{:04}.com", names - 1);
        assert_eq!(
            request.params.get(last.as_str()).map(|v| v.as_str()),
            Some(expected.as_str())
        );
    }
    let request = parse(
        b"s_command=COMMAND%3DStatusAccount%0AA%3D1",
        b"s_command=COMMAND%3DStatusDomain%0AB%3D2",
    )
    .expect("parses");
    assert_eq!(params(&request), [("COMMAND", "StatusDomain"), ("B", "2")]);
}

#[test]
fn a_long_s_command_read_line_by_line_or_decoded_whole_gives_the_same_parameters() {
    // Past 512 bytes: read straight into its parameters, or (a blank at
    // its end, a value past 512 bytes, an escape above ASCII) decoded whole
    // on the heap first; both ways give the same parameters.
    let lines: String = (0..40)
        .map(|n| format!("%0ADOMAIN{n}%3Dname-{n:04}.com"))
        .collect();
    let long_value = "x".repeat(600);
    for (tail, last) in [
        ("", ("DOMAIN39", "name-0039.com")),
        ("%0A%20", ("DOMAIN39", "name-0039.com")),
        ("%0AX%3D%C3%B6", ("X", "\u{f6}")),
        (&format!("%0AY%3D{long_value}"), ("Y", long_value.as_str())),
    ] {
        let body = format!("s_command=COMMAND%3DCheckDomains{lines}{tail}");
        let request = parse(b"", body.as_bytes()).expect("parses");
        assert_eq!(request.command(), Some("CheckDomains"), "{tail}");
        assert_eq!(
            request.params.get("DOMAIN17").map(|v| v.as_str()),
            Some("name-0017.com")
        );
        assert_eq!(request.params.get(last.0).map(|v| v.as_str()), Some(last.1));
    }
    let malformed = format!("s_command=COMMAND%3DCheckDomains{lines}%0AX%3D%G1");
    let error = parse(b"", malformed.as_bytes()).expect_err("a malformed escape");
    assert_eq!(error.code(), 505, "{error}");
}

#[test]
fn debug_output_redacts_two_factor_secrets_and_codes() {
    let request = parse(b"", b"s_login=a&s_pw=p&s_otp=111111&s_command=COMMAND%3DModifyUserPassword%0AOTPSECRET%3DGEZDGNBVGY3TQOJQ%0AOTP%3D222222%0AOLDOTP%3D333333").unwrap();
    let shown = format!("{request:?}");
    for secret in ["GEZDGNBVGY3TQOJQ", "111111", "222222", "333333"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[test]
fn debug_output_redacts_secrets() {
    let request = parse(b"", b"s_login=a&s_pw=hunter2&s_session=sess1&s_command=COMMAND%3DCheckAuthentication%0APASSWORD%3Dhunter3").unwrap();
    let shown = format!("{request:?}");
    assert!(
        !shown.contains("hunter") && !shown.contains("sess1"),
        "{shown}"
    );
}

#[test]
fn an_escaped_s_command_is_decoded_as_text_or_as_bytes() {
    // A UTF-8 body's s_command is decoded as text while its escapes are of
    // ASCII bytes (`+`, `%3D`, `%0A`, `%7E`), else byte by byte (`%C3%B6`).
    let command = "s_command=COMMAND%3DX%0AA+%3D+b+c%0ADOMAIN0%3Dd%C3%B6m.example%0AZ%3D%7E";
    let expected = [
        ("COMMAND", "X"),
        ("A", "b c"),
        ("DOMAIN0", "döm.example"),
        ("Z", "~"),
    ];
    let request = parse(b"", command.as_bytes()).expect("parses");
    assert_eq!(params(&request), expected);
    // Not UTF-8 as a whole: s_command is read, then the bad field refused.
    let body = [command.as_bytes(), b"&DOMAIN=\xff"].concat();
    let error = parse(b"", &body).expect_err("must fail");
    assert_eq!(
        error.to_string(),
        "Invalid attribute value syntax; DOMAIN: (invalid UTF-8 at byte 0)"
    );
}

#[test]
fn keeps_secrets_of_every_length_as_sent() {
    // Inline in a `Text` (up to 24), held in place (up to 64), allocated.
    for len in [1, 23, 24, 25, 63, 64, 65, 200] {
        let secret: String = "0123456789abcdef".chars().cycle().take(len).collect();
        let body = format!("s_session={secret}&s_pw={secret}&s_sessionid={secret}&s_otp={secret}");
        let request = parse(b"", body.as_bytes()).unwrap();
        for field in [
            &request.session,
            &request.password,
            &request.session_id,
            &request.otp,
        ] {
            assert_eq!(field.as_ref().map(Secret::expose), Some(&*secret), "{len}");
            assert_eq!(format!("{field:?}"), "Some(***)");
        }
        assert_eq!(request.session, Some(Secret::new(secret.clone())), "{len}");
        assert_ne!(
            request.session,
            Some(Secret::new(format!("{secret}0"))),
            "{len}"
        );
    }
}

#[test]
fn parse_into_fills_the_request_in_place() {
    let body = b"s_entity=1234&s_login=u&s_command=COMMAND%3DX%0ADOMAIN%3Da.com";
    let mut request = Request::default();
    parse_into(b"", body, &mut request).unwrap();
    assert!(request == parse(b"", body).unwrap());
    assert_eq!(params(&request), [("COMMAND", "X"), ("DOMAIN", "a.com")]);
    let mut request = Request::default();
    let error = parse_into(b"", b"s_command=COMMAND%3DX%0AFOO%ZZ", &mut request).unwrap_err();
    assert_eq!(
        error.to_string(),
        parse(b"", b"s_command=COMMAND%3DX%0AFOO%ZZ")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    );
}

/// The parameters of `s_command`'s escaped text `raw` read the general way
/// (decoded whole, then split into lines) over `top`, or the refusal.
fn general_way(
    raw: &str,
    top: &[(&str, &str)],
) -> std::result::Result<Vec<(String, String)>, String> {
    let mut text = ArrayString::<COMMAND_ON_STACK>::new();
    decode_on_stack(raw.as_bytes(), Some(raw), b"s_command", &mut text)
        .map_err(|e| e.to_string())?;
    let mut params: crate::wire::Params = top.iter().map(|&(k, v)| (k.into(), v.into())).collect();
    lines::read_text(trim_blanks(&text), &mut params).map_err(|e| e.to_string())?;
    Ok(params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}

#[test]
fn an_escaped_s_command_reads_as_the_general_way_reads_it() {
    // Every text of up to four of these pieces, after a top-level parameter.
    let pieces = [
        "A",
        "b",
        "=",
        "%3D",
        "%3d",
        "%0A",
        "%0a",
        "\n",
        "+",
        "%20",
        "%09",
        "%0D",
        "\r",
        " ",
        "[COMMAND]",
        "EOF",
        "%25",
        "%C3%B6",
    ];
    let mut texts = vec![String::new()];
    let mut last = texts.clone();
    for _ in 0..4 {
        last = last
            .iter()
            .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
            .collect();
        texts.extend(last.iter().cloned());
    }
    let mut fast = 0;
    // Raw line breaks ending the body are not part of the form (`parse_into`).
    let ends_body = |raw: &str| raw.ends_with(['\n', '\r']);
    let escaped = texts
        .iter()
        .filter(|raw| raw.contains(['%', '+']) && !ends_body(raw));
    for raw in escaped {
        // A top-level COMMAND makes a bare name ("A") an empty list.
        for (name, value) in [("A", "top"), ("COMMAND", "X")] {
            let body = format!("{name}={value}&s_command={raw}");
            let parsed = parse(b"", body.as_bytes())
                .map(|request| {
                    params(&request)
                        .iter()
                        .map(|&(k, v)| (k.to_owned(), v.to_owned()))
                        .collect()
                })
                .map_err(|e| e.to_string());
            assert_eq!(parsed, general_way(raw, &[(name, value)]), "{raw:?}");
        }
        let mut alone = crate::wire::Params::new();
        fast += usize::from(command::ascii_escapes(raw) && command::read_lines(raw, &mut alone));
    }
    // Most texts have a line that is not `KEY=VALUE`, or an escape above ASCII.
    assert!(fast > 5_000, "{fast} of {} read the fast way", texts.len());
}

#[test]
fn three_hundred_parameters_keep_their_order_and_a_repeated_key_its_place() {
    // Lines of every length (the room reserved is a guess from the text's
    // length, and past 256 lines the entries grow), a key sent again past
    // the first eight, and top-level fields before the s_command.
    let lines: String = (0..300)
        .map(|n| format!("%0AK{n}%3D{}", "v".repeat(n % 7)))
        .collect();
    for top in ["", "A=1&b=2&C=3&D=4&E=5&F=6&G=7&H=8&I=9&K5=top&"] {
        let body = format!("{top}s_command=COMMAND%3DX{lines}%0AK20%3Dagain%0Ak250%3Dlast");
        let request = parse(b"", body.as_bytes()).expect("parses");
        let top_fields = if top.is_empty() { 0 } else { 10 };
        let params = params(&request);
        // K5, sent twice, counts once.
        let once = usize::from(top_fields > 0);
        assert_eq!(params.len(), top_fields + 301 - once, "{top}");
        assert_eq!(params[top_fields], ("COMMAND", "X"));
        for n in 0..300 {
            let expected = match n {
                20 => "again".to_string(),
                250 => "last".to_string(),
                _ => "v".repeat(n % 7),
            };
            let key = format!("K{n}");
            // K5 came first as a top-level field: its line takes its place.
            let at = match (n, top_fields) {
                (5, 10) => 9,
                (n, 10) if n > 5 => top_fields + n,
                (n, _) => top_fields + n + 1,
            };
            assert_eq!(params[at], (key.as_str(), expected.as_str()), "{top}");
        }
    }
}

#[test]
fn a_malformed_s_command_is_refused_wherever_it_comes() {
    // Last in the request (its escapes checked as its lines are read) or
    // not, short or past 512 bytes: the refusal of the general way, naming
    // the field as sent, and before any later field's.
    let long = "%0AK%3Dv".repeat(80);
    for tail in [
        "%0AFOO%ZZ",
        "%0AFOO%",
        "%0AFOO%7",
        "%0AK%3D%C3%28",
        "%0AK%3D%GG%0AL%3D1",
    ] {
        for lines in ["", long.as_str()] {
            let raw = format!("COMMAND%3DX{lines}{tail}");
            let expected = general_way(&raw, &[]).expect_err("malformed");
            let refusal = |query: &str, body: &str| {
                parse(query.as_bytes(), body.as_bytes())
                    .expect_err("malformed")
                    .to_string()
            };
            let field = format!("s_command={raw}");
            for (query, body) in [
                ("", field.clone()),
                ("", format!("{field}&")),
                ("", format!("{field}&DOMAIN=%C3%28")),
                ("", format!("{field}&s_command=COMMAND%3DY")),
                (field.as_str(), "COMMAND=Y".into()),
                (field.as_str(), String::new()),
            ] {
                assert_eq!(refusal(query, &body), expected, "{query} {body}");
            }
            assert_eq!(
                refusal("", &format!("S_Command={raw}")),
                expected.replacen("s_command", "S_Command", 1)
            );
            assert_eq!(
                refusal("", &format!("DOMAIN=%C3%28&{field}")),
                "Invalid attribute value syntax; DOMAIN: (invalid UTF-8 at byte 0)"
            );
        }
    }
}
