//! `multipart/form-data` request bodies (RFC 7578), as PHP's curl sends an
//! array of fields: turned into the form-urlencoded text of every other
//! request, so that one parser (`parse.rs`) reads both and every rule of it
//! holds. Owns the conversion only; must not read the fields' meaning.

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::{tag, tag_no_case, take_until};
use nom::sequence::terminated;

use crate::error::{Error, Result};

/// The boundary of a `multipart/form-data` Content-Type (`boundary=x` or
/// `boundary="x"`, parameters in any case), or `None` for any other type.
pub fn boundary(content_type: &[u8]) -> Option<&[u8]> {
    parameter(content_type, b"multipart/form-data", b"boundary").filter(|b| !b.is_empty())
}

/// The parts of `body` (fields and files alike: a file's content is its
/// field's value) as `name=value&...`, every byte but RFC 3986's unreserved
/// ones percent-encoded. `507` saying what is wrong when `body` is not
/// multipart text with `boundary`.
pub fn to_form(body: &[u8], boundary: &[u8]) -> Result<Vec<u8>> {
    let mut delimiter = Vec::with_capacity(boundary.len() + 4);
    delimiter.extend_from_slice(b"\r\n--");
    delimiter.extend_from_slice(boundary);
    // The first delimiter may open the body, without the CRLF before it.
    let opening = &delimiter[2..];
    let mut rest = match body.strip_prefix(opening) {
        Some(rest) => rest,
        None => preamble(body, &delimiter)?,
    };
    let mut form = Vec::with_capacity(body.len());
    loop {
        if rest.starts_with(b"--") {
            // The closing delimiter; anything after it is an epilogue.
            return Ok(form);
        }
        let (after, name) = part_head(rest).map_err(|_| {
            malformed("a part without a Content-Disposition: form-data; name=\"...\" header")
        })?;
        let (after, value) = until(after, &delimiter).map_err(|_| {
            malformed("a part that is not closed by the boundary of the Content-Type")
        })?;
        if !form.is_empty() {
            form.push(b'&');
        }
        encode(&mut form, name);
        form.push(b'=');
        encode(&mut form, value);
        rest = &after[delimiter.len()..];
    }
}

/// The body after its preamble and first delimiter.
fn preamble<'a>(body: &'a [u8], delimiter: &[u8]) -> Result<&'a [u8]> {
    let (after, _) = until(body, delimiter)
        .map_err(|_| malformed("no boundary of the Content-Type in the body"))?;
    Ok(&after[delimiter.len()..])
}

/// Everything before `delimiter` and the input from it on.
fn until<'a>(input: &'a [u8], delimiter: &[u8]) -> IResult<&'a [u8], &'a [u8]> {
    take_until(delimiter).parse(input)
}

/// A part's head: the line break after the delimiter, its header lines and
/// the blank line; the `name` of its Content-Disposition.
fn part_head(input: &[u8]) -> IResult<&[u8], &[u8]> {
    let (mut input, _) = tag(&b"\r\n"[..]).parse(input)?;
    let mut name = None;
    loop {
        let (after, line) = terminated(take_until(&b"\r\n"[..]), tag(&b"\r\n"[..])).parse(input)?;
        input = after;
        if line.is_empty() {
            break;
        }
        if let Ok((value, _)) = tag_no_case::<_, _, ()>(&b"content-disposition:"[..]).parse(line) {
            name = name.or_else(|| disposition_name(value));
        }
    }
    match name {
        Some(name) => Ok((input, name)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// The `name` parameter of a `form-data` disposition value.
fn disposition_name(value: &[u8]) -> Option<&[u8]> {
    parameter(value, b"form-data", b"name")
}

/// Parameter `name` (unquoted) of a header value `kind; a=b; name="c"`
/// whose `kind` is the one given; kind and names in any case.
fn parameter<'v>(value: &'v [u8], kind: &[u8], name: &[u8]) -> Option<&'v [u8]> {
    let mut params = value.split(|&b| b == b';');
    if !params.next()?.trim_ascii().eq_ignore_ascii_case(kind) {
        return None;
    }
    params.find_map(|param| {
        let (key, value) = split_once(param, b'=')?;
        key.trim_ascii()
            .eq_ignore_ascii_case(name)
            .then(|| unquote(value.trim_ascii()))
    })
}

fn split_once(text: &[u8], at: u8) -> Option<(&[u8], &[u8])> {
    let at = text.iter().position(|&b| b == at)?;
    Some((&text[..at], &text[at + 1..]))
}

fn unquote(text: &[u8]) -> &[u8] {
    text.strip_prefix(b"\"")
        .and_then(|inner| inner.strip_suffix(b"\""))
        .unwrap_or(text)
}

fn encode(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in bytes {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte);
        } else {
            out.extend_from_slice(&[
                b'%',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 15)],
            ]);
        }
    }
}

fn malformed(what: &str) -> Error {
    Error::InvalidFormat(format!("multipart/form-data body: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\n\
Content-Disposition: form-data; name=\"s_login\"\r\n\r\n\
test.user\r\n\
--XyZ\r\n\
content-disposition: form-data; name=s_command\r\n\
Content-Type: text/plain\r\n\r\n\
COMMAND=StatusAccount\r\nDOMAIN=a b.com\r\n\
--XyZ--\r\n";

    #[test]
    fn fields_become_the_form_text() {
        assert_eq!(
            to_form(BODY, b"XyZ").unwrap(),
            b"s_login=test.user&s_command=COMMAND%3DStatusAccount%0D%0ADOMAIN%3Da%20b.com"
        );
    }

    #[test]
    fn a_preamble_and_an_epilogue_are_skipped() {
        let mut body = b"ignored\r\n".to_vec();
        body.extend_from_slice(BODY);
        body.extend_from_slice(b"also ignored");
        let form = to_form(&body, b"XyZ").unwrap();
        assert!(form.starts_with(b"s_login=test.user&"), "{form:?}");
    }

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        assert_eq!(
            boundary(b"multipart/form-data; boundary=------abc"),
            Some(&b"------abc"[..])
        );
        assert_eq!(
            boundary(b"Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b\""),
            Some(&b"a b"[..])
        );
        assert_eq!(boundary(b"application/x-www-form-urlencoded"), None);
        assert_eq!(boundary(b"multipart/form-data"), None);
        assert_eq!(boundary(b"multipart/form-data; boundary=\"\""), None);
    }

    proptest::proptest! {
        /// Any bytes under any boundary: form text or a 507, never a panic.
        #[test]
        fn any_body_is_read_or_refused(
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            boundary in "[-a-zA-Z0-9]{1,12}",
        ) {
            if let Err(error) = to_form(&body, boundary.as_bytes()) {
                proptest::prop_assert_eq!(error.code(), 507);
            }
        }

        /// Fields written as curl writes them come back as the same fields.
        #[test]
        fn fields_survive_the_round_trip(
            fields in proptest::collection::vec(("[a-zA-Z_][a-zA-Z0-9_]{0,8}", "\\PC{0,20}"), 1..6),
        ) {
            let mut body = Vec::new();
            for (name, value) in &fields {
                body.extend_from_slice(b"--b0undary\r\nContent-Disposition: form-data; name=\"");
                body.extend_from_slice(name.as_bytes());
                body.extend_from_slice(b"\"\r\n\r\n");
                body.extend_from_slice(value.as_bytes());
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"--b0undary--\r\n");
            let form = to_form(&body, b"b0undary").unwrap();
            let back: Vec<(String, String)> = form
                .split(|&b| b == b'&')
                .map(|pair| {
                    let at = pair.iter().position(|&b| b == b'=').unwrap();
                    (decoded(&pair[..at]), decoded(&pair[at + 1..]))
                })
                .collect();
            proptest::prop_assert_eq!(back, fields);
        }
    }

    fn decoded(text: &[u8]) -> String {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            if text[at] == b'%' {
                let hex = std::str::from_utf8(&text[at + 1..at + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                at += 3;
            } else {
                out.push(text[at]);
                at += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_broken_body_is_a_507_saying_what_is_wrong() {
        let cases: [(&[u8], &str); 3] = [
            (b"s_login=x", "no boundary"),
            (
                b"--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--",
                "Content-Disposition",
            ),
            (
                b"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nunclosed",
                "not closed",
            ),
        ];
        for (body, says) in cases {
            let error = to_form(body, b"XyZ").unwrap_err();
            assert_eq!(error.code(), 507);
            assert!(error.to_string().contains(says), "{error}");
        }
    }
}
