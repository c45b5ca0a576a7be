//! Request bytes → [`Request`]: form-urlencoded fields (query string and body),
//! then the `s_command` line grammar, each function quoting the grammar rule
//! it reads. Both grammars are byte splits at ASCII bytes, so they are read by
//! byte searches (`parse/scan.rs`) rather than combinators; escapes are decoded
//! by `parse/decode.rs`, and an escaped `s_command` is read straight into its
//! parameters by `parse/command.rs` when it can be. Must not know any command
//! name or parameter, or touch the registry.

use std::ops::Range;

use arrayvec::ArrayString;

use self::decode::{COMMAND_ON_STACK, Value, decode, decode_on_stack};
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
    parse_into(query, body, &mut request)?;
    Ok(request)
}

/// [`parse`] into `request`, a fresh `Request::default()` where it is to be
/// kept (the server's record of the request), so that the request is built
/// in place rather than returned and moved there (issue 14). On an error,
/// `request` holds part of the request: the caller drops it.
pub fn parse_into(query: &[u8], body: &[u8], request: &mut Request) -> Result<()> {
    // `s_command`'s text: borrowed from the request when it has nothing to
    // decode, else decoded into `on_stack` when it fits (every usual
    // command), so that it is neither allocated nor kept as a `Text`.
    let mut on_stack = ArrayString::<COMMAND_ON_STACK>::new();
    let mut command_text = None;
    // A byte-order mark opening the body (a body file saved by a Windows
    // editor or PowerShell's UTF-8) is no part of the first field's name.
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    // Line breaks ending the body (`echo ... | curl --data-binary @-`, a
    // body file's last line) end no value: they are not part of the form.
    let body = match body.last() {
        Some(b'\n' | b'\r') => body.trim_ascii_end(),
        _ => body,
    };
    // gzip's magic (a client compressing its request body): no form text
    // starts so, and the field-name error it would get tells nothing.
    if body.starts_with(&[0x1f, 0x8b]) {
        return Err(Error::InvalidFormat(
            "the body is gzip-compressed: send the form text uncompressed \
             (no Content-Encoding)"
                .into(),
        ));
    }
    for (source, last_source) in [(query, body.is_empty()), (body, true)] {
        if source.is_empty() {
            // Most requests send nothing in the query: no UTF-8 check, no scan.
            continue;
        }
        // A source that is UTF-8 as a whole (every SDK's is: form encoding
        // leaves ASCII) is checked once and its plain fields are borrowed
        // from it; otherwise each field is checked, so an error names it.
        let text = std::str::from_utf8(source).ok();
        // A raw line break (form encoders escape it) is looked for in each
        // field only when the source may hold one (a byte below 14).
        let raw_lines = scan::has_low_control(source);
        for field in form(source) {
            let raw_name = &source[field.name.clone()];
            // The whole field, for a raw line break in it.
            let (whole, name_length) = (field.name.start..field.value.end, raw_name.len());
            // A transport field's name is matched as it came when it has
            // nothing to decode (as SDKs send it), so it is never copied or
            // checked as UTF-8; other names are decoded first.
            let (field_kind, name) = match (!field.escaped_name)
                .then(|| transport_field(raw_name))
                .flatten()
            {
                Some(kind) => (Some(kind), None),
                None => {
                    let name = decode(source, text, field.name, field.escaped_name, b"field name")?;
                    (transport_field(name.as_bytes()), Some(name))
                }
            };
            let shown = name.as_deref().map_or(raw_name, str::as_bytes);
            if let Some(Transport::Command) = field_kind {
                let raw = &source[field.value.clone()];
                let plain = text.and_then(|text| text.get(field.value.clone()));
                // The request's last field (where SDKs put it: it ends the
                // body) may be read at the end with its escapes unchecked:
                // an error in them is then still the first, and read_lines
                // finds it on its way.
                let last = name.is_none() && last_source && field.value.end == source.len();
                let readable = plain
                    .filter(|plain| field.escaped_value && (last || command::ascii_escapes(plain)));
                command_text = Some(if let Some(readable) = readable {
                    // Read at the end, in one walk, whatever its length.
                    Command::Escaped(readable, raw_name)
                } else if field.escaped_value && raw.len() <= COMMAND_ON_STACK {
                    decode_on_stack(raw, plain, shown, &mut on_stack)?;
                    Command::OnStack
                } else {
                    Command::Value(decode(
                        source,
                        text,
                        field.value,
                        field.escaped_value,
                        shown,
                    )?)
                });
                continue;
            }
            if raw_lines {
                malformed::raw_line_break(&source[whole], name_length)?;
            }
            let decoded = decode(source, text, field.value, field.escaped_value, shown)?;
            let value = trim_blanks(&decoded);
            let Some(field_kind) = field_kind else {
                // Not a transport field: `name` was decoded above.
                let key = upper(trim_blanks(name.as_deref().unwrap_or_default()));
                if !key.is_empty() {
                    request.params.insert(key, value.into());
                }
                continue;
            };
            match field_kind {
                Transport::Command => {}
                Transport::Entity => request.entity = non_empty(value),
                Transport::Login => request.login = non_empty(value),
                Transport::Password => request.password = non_empty_secret(value),
                Transport::Otp => request.otp = non_empty_secret(value),
                Transport::Session => request.session = non_empty_secret(value),
                Transport::SessionId => request.session_id = non_empty_secret(value),
                Transport::Persistent => request.persistent = true,
                Transport::OpMode => request.opmode = true,
                Transport::RemoteAddr => request.remote_addr = non_empty(value),
                Transport::User => request.user = non_empty(value),
            }
        }
    }
    if let Some(Command::Escaped(raw, shown)) = command_text {
        if command::read_lines(raw, &mut request.params) {
            return Ok(());
        }
        // Decoded as it would have been where it was found (an error in
        // its escapes is the request's first).
        if raw.len() <= COMMAND_ON_STACK {
            decode_on_stack(raw.as_bytes(), Some(raw), shown, &mut on_stack)?;
        } else {
            let whole = 0..raw.len();
            let value = decode(raw.as_bytes(), Some(raw), whole, true, shown)?;
            command_text = Some(Command::Value(value));
        }
    }
    if let Some(command) = command_text {
        let text = match &command {
            Command::OnStack | Command::Escaped(..) => on_stack.as_str(),
            Command::Value(value) => value,
        };
        lines::read_text(trim_blanks(text), &mut request.params)?;
    }
    Ok(())
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
    /// `s_opmode` (RRPproxy clients' `OTE`): a CentralNic Reseller signal,
    /// otherwise ignored.
    OpMode,
    RemoteAddr,
    User,
}

/// The transport field `name` stands for, matched ignoring case: as sent
/// first (SDKs send them in lower case), else lower-cased on the stack (no
/// name is longer than [`LONGEST`]).
fn transport_field(name: &[u8]) -> Option<Transport> {
    const LONGEST: usize = "s_remoteaddr".len();
    if let Some(field) = transport_field_exact(name) {
        return Some(field);
    }
    let mut lower = [0u8; LONGEST];
    let lower = lower.get_mut(..name.len())?;
    for (to, from) in lower.iter_mut().zip(name) {
        *to = from.to_ascii_lowercase();
    }
    transport_field_exact(lower)
}

/// The transport field named `name` in lower case.
fn transport_field_exact(name: &[u8]) -> Option<Transport> {
    Some(match name {
        b"s_command" => Transport::Command,
        b"s_entity" => Transport::Entity,
        b"s_login" => Transport::Login,
        b"s_pw" | b"s_password" => Transport::Password,
        b"s_otp" => Transport::Otp,
        b"s_session" => Transport::Session,
        b"s_sessionid" => Transport::SessionId,
        b"persistent" => Transport::Persistent,
        b"s_opmode" => Transport::OpMode,
        b"s_remoteaddr" => Transport::RemoteAddr,
        b"s_user" => Transport::User,
        _ => return None,
    })
}

fn non_empty(value: &str) -> Option<Text> {
    (!value.is_empty()).then(|| value.into())
}

/// A secret field's value: a session id (64 characters) held without an
/// allocation.
fn non_empty_secret(value: &str) -> Option<Secret> {
    (!value.is_empty()).then(|| Secret::from_text(value))
}

/// `text` split at each LF (as `str::split('\n')`, found eight bytes at a time).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match scan::find(text.as_bytes(), [b'\n']) {
            Some(at) => {
                rest = Some(&text[at + 1..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// `key` in upper case, inline when short. (Inlined: a call was a sixth of
/// its cost, once per parameter.)
#[inline(always)]
fn upper(key: &str) -> Text {
    let mut upper = Text::from(key);
    // Most keys come upper-case already (every SDK sends them so).
    if scan::has_lowercase(key.as_bytes()) {
        upper.make_ascii_uppercase();
    }
    upper
}

/// One field of form-urlencoded bytes: where its raw (still encoded) name
/// and value are, and whether either holds a `%` or `+` to decode.
struct Field {
    name: Range<usize>,
    value: Range<usize>,
    escaped_name: bool,
    escaped_value: bool,
}

/// Splits form-urlencoded bytes into fields. Empty pairs (`a=1&&b=2`) are
/// skipped; a pair without `=` has an empty value.
///
/// ```text
/// form  = [field *("&" field)]
/// field = name ["=" value]
/// name  = *(any byte except "&" and "=")
/// value = *(any byte except "&")
/// ```
///
/// The grammar is two byte splits, so it is written as such: one pass over
/// the bytes that finds the separators and notes the escapes (three passes,
/// split, `=` and escapes, were a quarter of parsing a request), allocating
/// nothing.
fn form(input: &[u8]) -> impl Iterator<Item = Field> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < input.len() {
            let start = at;
            let mut equals = None;
            let mut escaped = [false; 2];
            loop {
                // Once the value is known to hold an escape, only its end
                // matters: an escaped `s_command` is not stopped at each of
                // its escapes.
                let rest = &input[at..];
                let found = match (equals, escaped[1]) {
                    (Some(_), true) => scan::find(rest, [b'&']),
                    _ => scan::find(rest, [b'&', b'=', b'%', b'+']),
                };
                let Some(offset) = found else { break };
                at += offset;
                match input[at] {
                    b'&' => break,
                    b'=' if equals.is_none() => equals = Some(at),
                    b'=' => {}
                    _ => escaped[usize::from(equals.is_some())] = true,
                }
                at += 1;
            }
            if input.get(at) != Some(&b'&') {
                at = input.len();
            }
            let end = at;
            at += 1;
            if end == start || (equals == Some(start) && end == start + 1) {
                continue;
            }
            let (name, value) = match equals {
                Some(equals) => (start..equals, equals + 1..end),
                None => (start..end, end..end),
            };
            return Some(Field {
                name,
                value,
                escaped_name: escaped[0],
                escaped_value: escaped[1],
            });
        }
        None
    })
}

/// Where `parse` finds the text of the `s_command` that counts (the last).
enum Command<'a> {
    /// Escaped, its escapes all of ASCII bytes or not yet checked (the
    /// request's last field), and the field's name as sent: read by
    /// `command.rs` (else decoded into the stack buffer, as `OnStack`).
    Escaped(&'a str, &'a [u8]),
    /// Decoded into `parse`'s stack buffer.
    OnStack,
    Value(Value<'a>),
}

/// `text` without the spaces and tabs around it (protocol.md §1.4), compared
/// as bytes: faster than a `char` pattern on every field and line.
fn trim_blanks(text: &str) -> &str {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let bytes = text.as_bytes();
    // Nearly every key and value: neither end blank, two bytes looked at.
    if let (Some(first), Some(last)) = (bytes.first(), bytes.last())
        && !blank(first)
        && !blank(last)
    {
        return text;
    }
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |last| last + 1);
    // Spaces and tabs are ASCII, so both ends are character boundaries.
    &text[start..end]
}

mod command;
mod decode;
mod lines;
mod malformed;
pub(crate) mod scan;
#[cfg(test)]
mod tests;
