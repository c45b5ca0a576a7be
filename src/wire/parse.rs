//! Request bytes → [`Request`]: form-urlencoded fields (query string and body),
//! then the `s_command` line grammar, with small nom parsers that quote their
//! grammar rules. Must not know any command name or parameter, or touch the registry.

use std::borrow::Cow;

use nom::bytes::complete::{tag, take_till};
use nom::sequence::preceded;
use nom::{IResult, Parser};

use super::{Request, Secret, Text};
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
            // A transport field's name is matched as it came when it has
            // nothing to decode (as SDKs send it), so it is never copied or
            // checked as UTF-8; other names are decoded first.
            let plain = !raw_name.iter().any(|&b| b == b'%' || b == b'+');
            let (field, name) = match plain.then(|| transport_field(raw_name)).flatten() {
                Some(field) => (Some(field), None),
                None => {
                    let name = percent_decode(raw_name, b"field name")?;
                    (transport_field(name.as_bytes()), Some(name))
                }
            };
            let shown = name.as_deref().map_or(raw_name, str::as_bytes);
            let decoded = percent_decode(raw_value, shown)?;
            let value = trim_blanks(&decoded);
            let Some(field) = field else {
                // Not a transport field: `name` was decoded above.
                let key = upper(trim_blanks(name.as_deref().unwrap_or_default()));
                if !key.is_empty() {
                    request.params.insert(key, value.into());
                }
                continue;
            };
            match field {
                Transport::Command => command_text = Some(decoded),
                Transport::Entity => request.entity = non_empty(value),
                Transport::Login => request.login = non_empty(value),
                Transport::Password => request.password = non_empty(value).map(Secret::new),
                Transport::Otp => request.otp = non_empty(value).map(Secret::new),
                Transport::Session => request.session = non_empty(value).map(Secret::new),
                Transport::SessionId => request.session_id = non_empty(value).map(Secret::new),
                Transport::Persistent => request.persistent = true,
                Transport::OpMode => {}
                Transport::RemoteAddr => request.remote_addr = non_empty(value),
                Transport::User => request.user = non_empty(value),
            }
        }
    }
    if let Some(text) = command_text {
        let text = trim_blanks(&text);
        request
            .params
            .reserve(1 + text.bytes().filter(|&b| b == b'\n').count());
        for (number, line) in text.split('\n').enumerate() {
            if let Some((key, value)) = command_line(line, number + 1)? {
                request.params.insert(upper(key), value.into());
            }
        }
    }
    Ok(request)
}

/// The `s_*` transport fields (protocol.md §1.3), and those of the CentralNic
/// Reseller dialect (cnr-dialect.md §2.2): `s_sessionid`, `persistent`, `s_opmode`.
#[derive(Clone, Copy)]
enum Transport {
    Command,
    Entity,
    Login,
    Password,
    Otp,
    Session,
    /// `s_sessionid` (CentralNic Reseller).
    SessionId,
    /// `persistent` (CentralNic Reseller): open a session.
    Persistent,
    /// `s_opmode` (the `rrpproxy` client's `OTE`): read and ignored.
    OpMode,
    RemoteAddr,
    User,
}

/// The transport field `name` stands for, matched ignoring case.
fn transport_field(name: &[u8]) -> Option<Transport> {
    const FIELDS: [(&str, Transport); 12] = [
        ("s_command", Transport::Command),
        ("s_entity", Transport::Entity),
        ("s_login", Transport::Login),
        ("s_pw", Transport::Password),
        ("s_password", Transport::Password),
        ("s_otp", Transport::Otp),
        ("s_session", Transport::Session),
        ("s_sessionid", Transport::SessionId),
        ("persistent", Transport::Persistent),
        ("s_opmode", Transport::OpMode),
        ("s_remoteaddr", Transport::RemoteAddr),
        ("s_user", Transport::User),
    ];
    FIELDS
        .iter()
        .find(|(field, _)| field.as_bytes().eq_ignore_ascii_case(name))
        .map(|&(_, transport)| transport)
}

fn non_empty(value: &str) -> Option<Text> {
    (!value.is_empty()).then(|| value.into())
}

/// `key` in upper case, inline when short.
fn upper(key: &str) -> Text {
    let mut key = Text::from(key);
    key.make_ascii_uppercase();
    key
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
///
/// The grammar is two byte splits, so it is written as such: an iterator that
/// allocates nothing.
fn form(input: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    input
        .split(|&b| b == b'&')
        .filter(|field| !field.is_empty() && *field != b"=")
        .map(|field| match field.iter().position(|&b| b == b'=') {
            Some(at) => (&field[..at], &field[at + 1..]),
            None => (field, &field[field.len()..]),
        })
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

/// Decodes `+` and `%XX`, then reads the bytes as UTF-8. A `%` not followed by
/// two hex digits, or bytes that are not UTF-8, are a 505 naming the field.
///
/// ```text
/// encoded     = *(pct-encoded / "+" / any byte except "%" and "+")   ; "+" is a space
/// pct-encoded = "%" HEXDIG HEXDIG
/// ```
///
/// A byte loop rather than nom combinators: every request decodes its
/// `s_command` this way, and the combinators cost twice as much.
fn percent_decode<'a>(raw: &'a [u8], field: &[u8]) -> Result<Cow<'a, str>> {
    let invalid = |why: &str| Error::InvalidSyntax {
        name: String::from_utf8_lossy(field).into_owned(),
        value: why.to_owned(),
    };
    let Some(first) = raw.iter().position(|&b| b == b'%' || b == b'+') else {
        return std::str::from_utf8(raw)
            .map(Cow::Borrowed)
            .map_err(|e| invalid(&format!("invalid UTF-8 at byte {}", e.valid_up_to())));
    };
    let mut bytes = Vec::with_capacity(raw.len());
    let mut at = first;
    bytes.extend_from_slice(&raw[..first]);
    while let Some(&byte) = raw.get(at) {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => match raw.get(at + 1..at + 3) {
                Some(&[high, low]) if high.is_ascii_hexdigit() && low.is_ascii_hexdigit() => {
                    bytes.push((hex_value(high) << 4) | hex_value(low));
                    at += 2;
                }
                _ => return Err(invalid(&format!("malformed percent-escape at byte {at}"))),
            },
            _ => {
                // The run up to the next escape in one copy, not byte by byte.
                let run = raw[at..]
                    .iter()
                    .position(|&b| b == b'%' || b == b'+')
                    .unwrap_or(raw.len() - at);
                bytes.extend_from_slice(&raw[at..at + run]);
                at += run;
                continue;
            }
        }
        at += 1;
    }
    String::from_utf8(bytes).map(Cow::Owned).map_err(|e| {
        invalid(&format!(
            "invalid UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// `text` without the spaces and tabs around it (protocol.md §1.4), compared
/// as bytes: faster than a `char` pattern on every field and line.
fn trim_blanks(text: &str) -> &str {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |last| last + 1);
    // Spaces and tabs are ASCII, so both ends are character boundaries.
    &text[start..end]
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
    let line = trim_blanks(line.strip_suffix('\r').unwrap_or(line));
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
