//! What the refusals of malformed form text show of it, and no more: a raw
//! line break in a field (the body was pasted as lines, and the field would
//! hold the lines after it, secrets included) is named by the field alone,
//! and a line of `s_command` that is not `KEY=VALUE` hides what follows a
//! secret's name. Reads only the bytes it is given.

use super::scan;
use crate::error::{Error, Result};
use std::borrow::Cow;

/// `507` for a raw line break in a field other than `s_command`: the body
/// was pasted as lines, not form-encoded, and the field would hold the lines
/// after it (`s_login=a` then `s_pw=…`), secrets included. The refusal names
/// the field by what precedes the break, never its value.
pub(super) fn raw_line_break(field: &[u8], name_length: usize) -> Result<()> {
    let Some(at) = scan::find(field, [b'\n', b'\r']) else {
        return Ok(());
    };
    let name = &field[..at.min(name_length)];
    Err(Error::InvalidFormat(format!(
        "a raw line break in the field {}: the body is not form-encoded; join \
         name=value fields with & and escape line breaks (%0A), or send the \
         command's lines in s_command",
        String::from_utf8_lossy(name)
    )))
}

/// A line that is not `KEY=VALUE` as its refusal shows it: whole, unless
/// its first word names a secret (`PASSWORD secret`, `AUTH: code`), whose
/// rest is then `***`.
pub(super) fn shown_line(line: &str) -> Cow<'_, str> {
    let word = line.split([' ', '\t', ':']).next().unwrap_or_default();
    match crate::wire::is_secret(word) && word.len() < line.len() {
        true => format!("{word} ***").into(),
        false => line.into(),
    }
}
