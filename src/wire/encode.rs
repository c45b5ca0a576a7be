//! Response → response text: the canonical form of protocol.md §2.4 and the only
//! place that form lives. Must not decide codes, know commands or touch the registry.

use std::fmt::Write;

use super::Response;

/// Encodes a response in the canonical form every SDK parses (protocol.md §2.4):
///
/// ```text
/// response = "[RESPONSE]" CRLF *prop-line "DESCRIPTION=" text CRLF "CODE=" 3DIGIT CRLF
///            ["PENDING=1" CRLF] "QUEUETIME=0" CRLF "RUNTIME=" seconds CRLF "EOF" CRLF
/// prop-line = "PROPERTY[" NAME "][" index "]=" value CRLF   ; index 0..n-1 per NAME
/// ```
///
/// Values cannot carry CR or LF (the line grammar has no escape), so any line
/// break inside a value or the description is written as a space.
pub fn encode(response: &Response) -> String {
    let mut out = String::with_capacity(128 + 48 * response.properties.len());
    out.push_str("[RESPONSE]\r\n");
    for (name, column) in &response.properties {
        for (index, value) in column.iter().enumerate() {
            let _ = write!(out, "PROPERTY[{name}][{index}]=");
            push_line_value(&mut out, value);
            out.push_str("\r\n");
        }
    }
    out.push_str("DESCRIPTION=");
    push_line_value(&mut out, &response.description);
    let _ = write!(out, "\r\nCODE={}\r\n", response.code);
    if response.pending {
        out.push_str("PENDING=1\r\n");
    }
    let runtime = response.runtime.as_secs_f64();
    let _ = write!(out, "QUEUETIME=0\r\nRUNTIME={runtime:.3}\r\nEOF\r\n");
    out
}

/// Appends `value` with CR and LF replaced by spaces, so one value stays one line.
fn push_line_value(out: &mut String, value: &str) {
    if value.contains(['\r', '\n']) {
        out.extend(
            value
                .chars()
                .map(|c| if c == '\r' || c == '\n' { ' ' } else { c }),
        );
    } else {
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn matches_the_sdk_fixture_shape() {
        let mut response = Response::ok().with("SESSION", "abc");
        response.runtime = Duration::from_millis(169);
        assert_eq!(
            encode(&response),
            "[RESPONSE]\r\nPROPERTY[SESSION][0]=abc\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.169\r\nEOF\r\n"
        );
    }

    #[test]
    fn writes_columns_in_index_order_and_pending() {
        let mut response = Response::ok().with("A", "1").with("B", "x").with("A", "2");
        response.pending = true;
        let text = encode(&response);
        assert!(text.contains("PROPERTY[A][0]=1\r\nPROPERTY[A][1]=2\r\nPROPERTY[B][0]=x\r\n"));
        assert!(text.contains("CODE=200\r\nPENDING=1\r\nQUEUETIME=0\r\n"));
    }

    #[test]
    fn keeps_every_value_on_one_line() {
        let response = Response::ok().with("NOTE", "a\r\nb\nc");
        assert!(encode(&response).contains("PROPERTY[NOTE][0]=a  b c\r\n"));
    }
}
