//! The lines of a decoded `s_command` read into parameters (protocol.md
//! §1.4, §1.11): `KEY=VALUE` split at the first `=`, blank lines, `[COMMAND]`
//! and `EOF` skipped, and the empty list PHP's old encoders write as a name
//! alone. Owns only the general way; `command.rs` reads an escaped text
//! straight and leaves to this every text it does not read.

use super::{lines, malformed, scan, trim_blanks, upper};
use crate::error::{Error, Result};
use crate::wire::Params;

/// Reads the lines of a decoded `s_command` into `params`. A line that is a
/// parameter name alone is an empty list, as PHP's old ISPAPI encoders (the
/// WHMCS module before 3.0, the Blesta module) wrote an empty array (`ADDRR`,
/// `SECDNS-KEY`): nothing to read, when the command is named; without a
/// COMMAND such a line is the text sent raw (`s_command=StatusAccount`) and
/// refused as any other line that is not `KEY=VALUE`, the first such line
/// named.
pub(super) fn read_text(text: &str, params: &mut Params) -> Result<()> {
    // A byte-order mark opening the text (a command file saved by Notepad)
    // is no part of the first key.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut bare = None;
    let mut malformed = None;
    for (number, line) in lines(text).enumerate() {
        match command_line(line) {
            Line::Parameter(key, value) => {
                params.insert(upper(key), value.into());
            }
            Line::Name(name) => {
                bare.get_or_insert((number + 1, name));
            }
            Line::Malformed(line) => {
                malformed.get_or_insert((number + 1, line));
            }
            Line::Nothing => {}
        }
    }
    let bare = bare.filter(|_| !params.contains_key("COMMAND"));
    match (bare, malformed) {
        (Some(first), Some(other)) => Err(not_key_value(first.min(other))),
        (Some(first), None) | (None, Some(first)) => Err(not_key_value(first)),
        (None, None) => Ok(()),
    }
}

/// What one line of `s_command` holds.
#[derive(Debug, PartialEq)]
enum Line<'a> {
    /// `KEY=VALUE`, both trimmed.
    Parameter(&'a str, &'a str),
    /// A parameter name and no `=`: an empty list (see [`read_text`]).
    Name(&'a str),
    /// A blank line, `[COMMAND]` or `EOF`.
    Nothing,
    /// Anything else (trimmed): not `KEY=VALUE`.
    Malformed(&'a str),
}

/// Reads one line of `s_command`, already split at LF.
///
/// ```text
/// line  = blank / "[COMMAND]" / "EOF" / key *WSP "=" *WSP value [CR] / name [CR]
/// key   = 1*(any char except "=")      ; trimmed, case-insensitive
/// value = *(any char)                  ; trimmed; may contain "="
/// name  = UPPER *(UPPER / DIGIT / "-" / "_")   ; as PHP's encoders wrote keys
/// ```
///
/// A name is upper case, as those encoders wrote every key, so a value typed
/// on a line of its own (`b-free-name.com`, a wrapped key) stays malformed.
fn command_line(line: &str) -> Line<'_> {
    let line = trim_blanks(line.strip_suffix('\r').unwrap_or(line));
    if line.is_empty() || line.eq_ignore_ascii_case("[COMMAND]") || line.eq_ignore_ascii_case("EOF")
    {
        return Line::Nothing;
    }
    // The first `=` splits the line: a byte search, as `=` is ASCII.
    let split = scan::find(line.as_bytes(), [b'=']).map(|at| (&line[..at], &line[at + 1..]));
    match split {
        Some((key, value)) if !trim_blanks(key).is_empty() => {
            Line::Parameter(trim_blanks(key), trim_blanks(value))
        }
        None if is_name(line) => Line::Name(line),
        _ => Line::Malformed(line),
    }
}

/// Whether `line` is a parameter name as PHP's encoders wrote one.
fn is_name(line: &str) -> bool {
    let mut bytes = line.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase())
        && bytes.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_'))
}

/// The refusal of line `number` of `s_command`, `line`, which is not `KEY=VALUE`.
fn not_key_value((number, line): (usize, &str)) -> Error {
    Error::InvalidFormat(format!(
        "line {number} of s_command is not KEY=VALUE: ({})",
        malformed::shown_line(line)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_alone_is_upper_case_as_php_wrote_keys() {
        assert_eq!(command_line("ADDRR"), Line::Name("ADDRR"));
        assert_eq!(command_line(" DELSECDNS-DS\r"), Line::Name("DELSECDNS-DS"));
        for line in [
            "b-free-name.com",
            "gregergege",
            "Addrr",
            "X.Y",
            "-ADDRR",
            "PASSWORD x",
        ] {
            assert_eq!(command_line(line), Line::Malformed(line), "{line}");
        }
    }
}
