//! Request bytes → [`Request`]: form-urlencoded fields (query string and body),
//! then the `s_command` line grammar, with small nom parsers that quote their
//! grammar rules. Must not know any command name or parameter, or touch the registry.

use std::borrow::Cow;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_while_m_n, take_while1};
use nom::combinator::{map, opt};
use nom::multi::separated_list0;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::{Request, Secret};
use crate::error::{Error, Result};

/// Parses one API request from the URL query string and the body, both
/// form-urlencoded whatever the Content-Type says (protocol.md §1.11).
///
/// Fields are read from the query first, then from the body, so body values win.
/// `s_*` fields are matched case-insensitively; every other field is a command
/// parameter with an upper-cased key. Lines of `s_command` win over top-level
/// parameters, and within `s_command` the last line for a key wins.
pub fn parse(query: &[u8], body: &[u8]) -> Result<Request> {
    let mut request = Request::default();
    let mut command_text = None;
    for source in [query, body] {
        for (raw_name, raw_value) in form(source) {
            let name = percent_decode(raw_name, "field name")?;
            let value = percent_decode(raw_value, &name)?;
            let value = value.trim_matches([' ', '\t']);
            match name.to_ascii_lowercase().as_str() {
                "s_command" => command_text = Some(value.to_owned()),
                "s_entity" => request.entity = non_empty(value),
                "s_login" => request.login = non_empty(value),
                "s_pw" | "s_password" => request.password = non_empty(value).map(Secret::new),
                "s_otp" => request.otp = non_empty(value).map(Secret::new),
                "s_session" => request.session = non_empty(value).map(Secret::new),
                "s_remoteaddr" => request.remote_addr = non_empty(value),
                "s_user" => request.user = non_empty(value),
                _ => {
                    let key = name.trim_matches([' ', '\t']).to_ascii_uppercase();
                    if !key.is_empty() {
                        request.params.insert(key, value.to_owned());
                    }
                }
            }
        }
    }
    if let Some(text) = command_text {
        for (number, line) in text.split('\n').enumerate() {
            if let Some((key, value)) = command_line(line, number + 1)? {
                request
                    .params
                    .insert(key.to_ascii_uppercase(), value.to_owned());
            }
        }
    }
    Ok(request)
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// Splits form-urlencoded bytes into raw (still encoded) name/value pairs.
/// Empty pairs (`a=1&&b=2`) are skipped; a pair without `=` has an empty value.
///
/// ```text
/// form  = [field *("&" field)]
/// field = name ["=" value]
/// name  = *(any byte except "&" and "=")
/// value = *(any byte except "&")
/// ```
fn form(input: &[u8]) -> Vec<(&[u8], &[u8])> {
    let field = (
        take_till(|b| b == b'&' || b == b'='),
        opt(preceded(tag(&b"="[..]), take_till(|b| b == b'&'))),
    );
    let mut pairs = separated_list0(tag(&b"&"[..]), field);
    // The grammar accepts every byte string, so the error arm is unreachable.
    let parsed: IResult<&[u8], _> = pairs.parse(input);
    let fields = parsed.map(|(_, fields)| fields).unwrap_or_default();
    fields
        .into_iter()
        .filter(|(name, value)| !name.is_empty() || value.is_some_and(|v| !v.is_empty()))
        .map(|(name, value)| (name, value.unwrap_or_default()))
        .collect()
}

/// One piece of an encoded form text.
enum Piece<'a> {
    Literal(&'a [u8]),
    Byte(u8),
}

/// ```text
/// pct-encoded = "%" HEXDIG HEXDIG
/// ```
fn pct_encoded(input: &[u8]) -> IResult<&[u8], u8> {
    let hex = take_while_m_n(2, 2, |b: u8| b.is_ascii_hexdigit());
    map(preceded(tag(&b"%"[..]), hex), |digits: &[u8]| {
        (hex_value(digits[0]) << 4) | hex_value(digits[1])
    })
    .parse(input)
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

/// ```text
/// encoded = *(pct-encoded / "+" / 1*(any byte except "%" and "+"))   ; "+" is a space
/// ```
fn piece(input: &[u8]) -> IResult<&[u8], Piece<'_>> {
    alt((
        map(pct_encoded, Piece::Byte),
        map(tag(&b"+"[..]), |_| Piece::Byte(b' ')),
        map(take_while1(|b| b != b'%' && b != b'+'), Piece::Literal),
    ))
    .parse(input)
}

/// Decodes `+` and `%XX`, then reads the bytes as UTF-8. A `%` not followed by
/// two hex digits, or bytes that are not UTF-8, are a 505 naming the field.
fn percent_decode<'a>(raw: &'a [u8], field: &str) -> Result<Cow<'a, str>> {
    let invalid = |why: &str| Error::InvalidSyntax {
        name: field.to_owned(),
        value: why.to_owned(),
    };
    if !raw.contains(&b'%') && !raw.contains(&b'+') {
        return std::str::from_utf8(raw)
            .map(Cow::Borrowed)
            .map_err(|e| invalid(&format!("invalid UTF-8 at byte {}", e.valid_up_to())));
    }
    let mut bytes = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while !rest.is_empty() {
        let Ok((next, decoded)) = piece(rest) else {
            let at = raw.len() - rest.len();
            return Err(invalid(&format!("malformed percent-escape at byte {at}")));
        };
        match decoded {
            Piece::Literal(run) => bytes.extend_from_slice(run),
            Piece::Byte(byte) => bytes.push(byte),
        }
        rest = next;
    }
    String::from_utf8(bytes).map(Cow::Owned).map_err(|e| {
        invalid(&format!(
            "invalid UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Reads one line of `s_command` (line `number`, 1-based), already split at LF.
/// Returns `None` for lines that carry no parameter.
///
/// ```text
/// line  = blank / "[COMMAND]" / "EOF" / key *WSP "=" *WSP value [CR]
/// key   = 1*(any char except "=")      ; trimmed, case-insensitive
/// value = *(any char)                  ; trimmed; may contain "="
/// ```
fn command_line(line: &str, number: usize) -> Result<Option<(&str, &str)>> {
    let line = line
        .strip_suffix('\r')
        .unwrap_or(line)
        .trim_matches([' ', '\t']);
    if line.is_empty() || line.eq_ignore_ascii_case("[COMMAND]") || line.eq_ignore_ascii_case("EOF")
    {
        return Ok(None);
    }
    let parsed: IResult<&str, (&str, &str)> = (
        take_till(|c| c == '='),
        preceded(tag("="), nom::combinator::rest),
    )
        .parse(line);
    match parsed {
        Ok((_, (key, value))) if !key.trim_end_matches([' ', '\t']).is_empty() => Ok(Some((
            key.trim_end_matches([' ', '\t']),
            value.trim_start_matches([' ', '\t']),
        ))),
        _ => Err(Error::InvalidFormat(format!(
            "line {number} of s_command is not KEY=VALUE: ({line})"
        ))),
    }
}

#[cfg(test)]
mod tests;
