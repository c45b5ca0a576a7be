//! Files sent as base64 lines (UpdateInvoicePDF's `PDF0..n`,
//! CheckTMCHMarkSMD's `SMD0..n`): joined in index order and decoded with a
//! bad symbol named by the line that holds it. Knows no file format.

use base64::DecodeError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::error::{Error, Result};

/// The rule a bad line breaks.
const NOT_BASE64: &str = "is not base64 (A-Z, a-z, 0-9, + and /; = only to pad the last line)";

/// `lines` (each its parameter's name and value) joined in order and
/// decoded: `505` naming the line of the first bad symbol (the last line
/// for a bad length or padding).
pub(super) fn decode_lines(lines: &[(String, &str)]) -> Result<Vec<u8>> {
    let encoded: String = lines.iter().map(|(_, line)| *line).collect();
    STANDARD.decode(encoded.as_bytes()).map_err(|why| {
        let at = match why {
            DecodeError::InvalidByte(at, _) | DecodeError::InvalidLastSymbol { offset: at, .. } => {
                at
            }
            DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => {
                encoded.len().saturating_sub(1)
            }
        };
        let mut start = 0;
        let (name, line) = (lines.iter())
            .filter(|(_, line)| !line.is_empty())
            .find(|(_, line)| {
                start += line.len();
                at < start
            })
            .map_or(("", ""), |(name, line)| (name.as_str(), *line));
        Error::syntax_rule(name, line, NOT_BASE64)
    })
}

/// `bytes` in base64 lines of `width` characters (GetInvoicePDF's `PDF`).
pub(super) fn encode_lines(bytes: &[u8], width: usize) -> Vec<String> {
    let encoded = STANDARD.encode(bytes);
    encoded
        .as_bytes()
        .chunks(width)
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_symbol_is_named_by_its_line() {
        let good = |name: &str, line: &'static str| (name.to_owned(), line);
        let lines = [good("PDF0", "JVBE"), good("PDF1", "Ri0*")];
        let why = decode_lines(&lines).unwrap_err();
        assert_eq!(
            why.to_string(),
            format!("Invalid attribute value syntax; PDF1: (Ri0*) {NOT_BASE64}")
        );
        let lines = [good("PDF0", "JVBE"), good("PDF1", "Ri0=")];
        assert_eq!(decode_lines(&lines).unwrap(), b"%PDF-");
        assert_eq!(encode_lines(b"%PDF-", 4), ["JVBE", "Ri0="]);
    }
}
