//! The parameters of `/_admin/clock`: `advance`, `set` and `entity`, from a
//! form-urlencoded query or body or a flat JSON object body, read into what
//! the clock is asked to do. Every refusal is one line of text naming the
//! parameter; what a client sent is quoted (escaped, cut short), never
//! copied raw. Knows nothing of HTTP or the registry's state. Its form and
//! JSON readers ([`form`], [`object`]) serve `accounts.rs` too.

use super::read_advance;
use crate::registry::{Entity, Timestamp};

/// How the clock is to move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Move {
    /// `advance`: as sent (digits, units and `+` only) and in seconds.
    Advance(String, u64),
    /// `set`: the absolute target.
    Set(Timestamp),
}

/// What one call asked for.
#[derive(Debug, Default)]
pub(crate) struct Params {
    entity: Option<String>,
    pub(crate) moved: Option<Move>,
}

impl Params {
    /// Reads the query, then the body (a JSON object when `json`, else a
    /// form); a field in the body wins over the same one in the query.
    pub(crate) fn read(query: &str, body: &[u8], json: bool) -> Result<Params, String> {
        let mut fields: [Option<String>; 3] = Default::default();
        let mut take = |name: &str, value: String| -> Result<(), String> {
            let slot = ["advance", "set", "entity"]
                .iter()
                .position(|known| known.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    format!(
                        "unknown parameter {:?}: the clock takes advance, set and entity",
                        shown(name)
                    )
                })?;
            fields[slot] = Some(value);
            Ok(())
        };
        for (name, value) in form(query.as_bytes())? {
            take(&name, value)?;
        }
        let from_body = if json { object(body)? } else { form(body)? };
        for (name, value) in from_body {
            take(&name, value)?;
        }
        let [advance, set, entity] = fields;
        let moved = match (advance, set) {
            (Some(_), Some(_)) => return Err("give one of advance or set, not both".into()),
            (Some(advance), None) => Some(read_advance(&advance)?),
            (None, Some(set)) => Some(Move::Set(read_set(&set)?)),
            (None, None) => None,
        };
        Ok(Params { entity, moved })
    }

    /// The system named by `entity`, if one was.
    pub(crate) fn entity(&self) -> Result<Option<Entity>, String> {
        let Some(code) = self.entity.as_deref() else {
            return Ok(None);
        };
        match code.trim() {
            "1234" => Ok(Some(Entity::Ote)),
            code if code.eq_ignore_ascii_case("54cd") => Ok(Some(Entity::Live)),
            _ => Err(format!(
                "entity: {:?} is not 1234 (OT&E) or 54cd (LIVE)",
                shown(code)
            )),
        }
    }
}

/// `set`: an RFC 3339 time. A space where the offset's `+` was is read as
/// `+`: a form decodes an unencoded `+` (`curl -d set=…+02:00`) to a space.
fn read_set(text: &str) -> Result<Timestamp, String> {
    let trimmed = text.trim();
    let restored = match trimmed.get(19..) {
        Some(tail) if tail.contains(' ') => format!("{}{}", &trimmed[..19], tail.replace(' ', "+")),
        _ => trimmed.to_owned(),
    };
    Timestamp::parse_rfc3339(&restored).ok_or_else(|| {
        format!(
            "set: {:?} is not an RFC 3339 time (e.g. 2027-01-01T00:00:00Z)",
            shown(text)
        )
    })
}

/// What a client sent, cut to 64 characters for a refusal text (which
/// quotes it with `{:?}`, escaping anything that could break the line).
pub(crate) fn shown(text: &str) -> &str {
    match text.char_indices().nth(64) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// The fields of form-urlencoded bytes, decoded (`+` is a space).
pub(crate) fn form(input: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut fields = Vec::new();
    for field in input
        .split(|&b| b == b'&')
        .filter(|field| !field.is_empty())
    {
        let (name, value) = match field.iter().position(|&b| b == b'=') {
            Some(at) => (&field[..at], &field[at + 1..]),
            None => (field, &field[field.len()..]),
        };
        let name = decode(name).ok_or("a form field name is not url-encoded UTF-8")?;
        let value = decode(value)
            .ok_or_else(|| format!("{:?}: the value is not url-encoded UTF-8", shown(&name)))?;
        fields.push((name, value));
    }
    Ok(fields)
}

fn decode(raw: &[u8]) -> Option<String> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut at = 0;
    while let Some(&byte) = raw.get(at) {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(raw.get(at + 1..at + 3)?).ok()?;
                bytes.push(u8::from_str_radix(hex, 16).ok()?);
                at += 2;
            }
            _ => bytes.push(byte),
        }
        at += 1;
    }
    String::from_utf8(bytes).ok()
}

const NOT_AN_OBJECT: &str = "the JSON body is not one flat object ({\"name\":value,...}, each value a string, number, true, false or null)";

/// The members of a flat JSON object whose values are strings, numbers or
/// `true`/`false`/`null` (kept as written): all the clock and the fault
/// rules take.
pub(crate) fn object(input: &[u8]) -> Result<Vec<(String, String)>, String> {
    let text = std::str::from_utf8(input).map_err(|_| NOT_AN_OBJECT)?;
    let mut rest = text.trim_start().strip_prefix('{').ok_or(NOT_AN_OBJECT)?;
    let mut fields = Vec::new();
    rest = rest.trim_start();
    if let Some(after) = rest.strip_prefix('}') {
        return after
            .trim()
            .is_empty()
            .then_some(fields)
            .ok_or(NOT_AN_OBJECT.into());
    }
    loop {
        let (name, after) = string(rest.trim_start()).ok_or(NOT_AN_OBJECT)?;
        let after = after.trim_start().strip_prefix(':').ok_or(NOT_AN_OBJECT)?;
        let after = after.trim_start();
        let (value, after) = match after.strip_prefix('"') {
            Some(_) => string(after).ok_or(NOT_AN_OBJECT)?,
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
                    .unwrap_or(after.len());
                let number = &after[..end];
                let literal = matches!(number, "true" | "false" | "null");
                let numeric = number.starts_with(|c: char| c.is_ascii_digit() || c == '-');
                if number.is_empty() || !(numeric || literal) {
                    return Err(NOT_AN_OBJECT.into());
                }
                (number.to_owned(), &after[end..])
            }
        };
        fields.push((name, value));
        let after = after.trim_start();
        if let Some(after) = after.strip_prefix(',') {
            rest = after;
        } else if let Some(after) = after.strip_prefix('}') {
            return after
                .trim()
                .is_empty()
                .then_some(fields)
                .ok_or(NOT_AN_OBJECT.into());
        } else {
            return Err(NOT_AN_OBJECT.into());
        }
    }
}

/// A JSON string at the start of `text` and what follows it.
fn string(text: &str) -> Option<(String, &str)> {
    let mut chars = text.strip_prefix('"')?.char_indices();
    let mut out = String::new();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((out, &text[1 + at + 1..])),
            '\\' => {
                let escaped = match chars.next()?.1 {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'u' => {
                        let hex: String = (0..4)
                            .map(|_| chars.next().map(|(_, c)| c))
                            .collect::<Option<_>>()?;
                        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                    }
                    other @ ('"' | '\\' | '/') => other,
                    _ => return None,
                };
                out.push(escaped);
            }
            c if c < ' ' => return None,
            c => out.push(c),
        }
    }
    None
}
