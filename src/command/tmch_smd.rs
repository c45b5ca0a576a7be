//! CheckTMCHMarkSMD: decodes a Signed Mark Data file (RFC 7848: an
//! `smd:signedMark` in base64, with or without its `-----BEGIN ENCODED
//! SMD-----` envelope) into the mark's ID, name, labels and validity, and
//! checks a domain name against it. Reads only the request: never touches
//! the registry (an SMD is the TMCH's document, not one of otebox's marks).

use super::base64_lines::decode_lines;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{DomainName, Timestamp};
use crate::wire::Response;

/// The namespaces of RFC 7848's signed mark and RFC 7848's mark.
const SMD_NS: &str = "urn:ietf:params:xml:ns:signedMark-1.0";
const MARK_NS: &str = "urn:ietf:params:xml:ns:mark-1.0";

/// The encoded file's envelope lines (RFC 7848 §4).
const BEGIN: &str = "-----BEGIN ENCODED SMD-----";
const END: &str = "-----END ENCODED SMD-----";

/// What an SMD says, as CheckTMCHMarkSMD answers it.
#[derive(Debug, PartialEq, Eq)]
struct SignedMark {
    smd_id: String,
    not_before: Timestamp,
    not_after: Timestamp,
    mark_id: String,
    mark_name: String,
    /// A-labels, as the file lists them.
    labels: Vec<String>,
}

/// Decodes the SMD file sent as `SMD0..n` (each a line of the file) and,
/// with DOMAIN, checks that its label is one of the SMD's and that the SMD
/// is valid now. The signature is not verified: the sandbox trusts no TMCH
/// certificate, so any well-formed SMD decodes (ARCHITECTURE.md).
///
/// ```text
/// COMMAND = CheckTMCHMarkSMD
/// SMD0..n = <a line of the encoded SMD file>
/// DOMAIN  = <second-level domain>      (optional)
/// ---
/// PROPERTY[CREATEDDATE][0]    = <notBefore>
/// PROPERTY[EXPIRATIONDATE][0] = <notAfter>
/// PROPERTY[ID][0]             = <mark ID>
/// PROPERTY[LABEL][n]          = <A-label>
/// PROPERTY[MARKNAME][0]       = <mark name>
/// PROPERTY[SMD-ID][0]         = <SMD ID>
/// PROPERTY[ULABEL][n]         = <U-label>
/// ```
pub(super) fn check_tmch_mark_smd(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let lines = args.list("SMD");
    let domain = args.optional("DOMAIN").filter(|text| !text.is_empty());
    args.finish()?;
    if lines.iter().all(|(_, line)| line.trim().is_empty()) {
        return Err(Error::missing(
            "SMD0 (the encoded SMD file, a line per index)",
        ));
    }
    let mark = decode(&lines)?;
    if let Some(domain) = domain {
        check_domain(&mark, domain, ctx.now)?;
    }
    let mut response = Response::ok();
    response
        .push("CREATEDDATE", mark.not_before.datetime())
        .push("EXPIRATIONDATE", mark.not_after.datetime())
        .push_str("ID", &mark.mark_id);
    for label in &mark.labels {
        response.push_str("LABEL", label);
    }
    response
        .push_str("MARKNAME", &mark.mark_name)
        .push_str("SMD-ID", &mark.smd_id);
    for label in &mark.labels {
        response.push_str("ULABEL", &idna::domain_to_unicode(label).0);
    }
    Ok(response)
}

/// `541` unless DOMAIN's leftmost label is one of the SMD's and `now` lies
/// within its validity.
fn check_domain(mark: &SignedMark, domain: &str, now: Timestamp) -> Result<()> {
    let name =
        DomainName::parse(domain).map_err(|rule| Error::syntax_rule("DOMAIN", domain, rule))?;
    let label = name.as_str().split('.').next().unwrap_or_default();
    if !mark.labels.iter().any(|l| l.eq_ignore_ascii_case(label)) {
        return Err(Error::invalid(
            "DOMAIN",
            format_args!(
                "({domain}) {label} is not a label of SMD {} (labels: {})",
                mark.smd_id,
                mark.labels.join(", ")
            ),
        ));
    }
    if now < mark.not_before || now >= mark.not_after {
        return Err(Error::invalid(
            "SMD",
            format_args!(
                "({}) is valid from {} until {}, not at {}",
                mark.smd_id,
                mark.not_before.datetime(),
                mark.not_after.datetime(),
                now.datetime()
            ),
        ));
    }
    Ok(())
}

/// The signed mark of an encoded SMD file's lines (`SMD<n>`, in index
/// order): the base64 between the envelope lines (or every line when there
/// is none) decoded, then read. `505` naming a line that is not base64,
/// `541` for an XML that is no signed mark or lacks a field answered.
fn decode(lines: &[(usize, &str)]) -> Result<SignedMark> {
    let lines: Vec<(String, &str)> = lines
        .iter()
        .map(|(n, line)| (format!("SMD{n}"), line.trim()))
        .collect();
    let body = match lines.iter().position(|(_, line)| *line == BEGIN) {
        Some(begin) => &lines[begin + 1..],
        None => &lines[..],
    };
    let end = body.iter().position(|(_, line)| *line == END);
    let bytes = decode_lines(&body[..end.unwrap_or(body.len())])?;
    let xml = String::from_utf8(bytes)
        .map_err(|_| Error::invalid("SMD", "decodes to no XML text (not UTF-8)"))?;
    read_signed_mark(&xml)
}

/// The fields of an `smd:signedMark` document (any namespace prefixes).
fn read_signed_mark(xml: &str) -> Result<SignedMark> {
    let smd = prefix_of(xml, SMD_NS);
    let mark = prefix_of(xml, MARK_NS);
    let (Some(smd), Some(mark)) = (smd, mark) else {
        return Err(Error::invalid(
            "SMD",
            "decodes to no signed mark (RFC 7848: an smd:signedMark with a mark:mark)",
        ));
    };
    if elements(xml, &smd, "signedMark", false).is_empty() {
        return Err(Error::invalid(
            "SMD",
            "decodes to no smd:signedMark element",
        ));
    }
    let one = |prefix: &str, name: &str| -> Result<String> {
        elements(xml, prefix, name, true)
            .first()
            .map(|text| unescape(text.trim()))
            .ok_or_else(|| Error::invalid("SMD", format_args!("the signed mark has no {name}")))
    };
    let date = |name: &str| -> Result<Timestamp> {
        let text = one(&smd, name)?;
        Timestamp::parse_rfc3339(&text).ok_or_else(|| {
            Error::invalid(
                "SMD",
                format_args!("{name} ({text}) is not an RFC 3339 time"),
            )
        })
    };
    let labels: Vec<String> = elements(xml, &mark, "label", true)
        .iter()
        .map(|label| unescape(label.trim()).to_ascii_lowercase())
        .collect();
    if labels.is_empty() {
        return Err(Error::invalid("SMD", "the signed mark has no label"));
    }
    Ok(SignedMark {
        smd_id: one(&smd, "id")?,
        not_before: date("notBefore")?,
        not_after: date("notAfter")?,
        mark_id: one(&mark, "id")?,
        mark_name: one(&mark, "markName")?,
        labels,
    })
}

/// The prefix bound to `namespace` (`""` for a default namespace).
fn prefix_of(xml: &str, namespace: &str) -> Option<String> {
    let mut rest = xml;
    while let Some(at) = rest.find("xmlns") {
        rest = &rest[at + "xmlns".len()..];
        let (prefix, after) = match rest.strip_prefix(':') {
            Some(named) => {
                let end = named.find('=')?;
                (named[..end].trim(), &named[end + 1..])
            }
            None => ("", rest.trim_start().strip_prefix('=')?),
        };
        let after = after.trim_start();
        let quote = after.chars().next()?;
        let value = after.get(1..)?.split(quote).next()?;
        if value == namespace {
            return Some(prefix.to_owned());
        }
    }
    None
}

/// The contents of every `<prefix:name ...>` element, in document order;
/// with `leaf` only up to the next tag (the text of an element without
/// children), else the rest of the document.
fn elements<'x>(xml: &'x str, prefix: &str, name: &str, leaf: bool) -> Vec<&'x str> {
    let qualified = match prefix {
        "" => name.to_owned(),
        prefix => format!("{prefix}:{name}"),
    };
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        let tag_name = tag.split(|c: char| c.is_whitespace() || c == '/').next();
        if tag_name == Some(qualified.as_str()) && !tag.ends_with('/') {
            let body = &rest[end + 1..];
            found.push(match (leaf, body.find('<')) {
                (true, Some(close)) => &body[..close],
                _ => body,
            });
        }
    }
    found
}

/// XML text with its five entities and character references resolved.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let resolved = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(|code| code.ok())
                .and_then(char::from_u32),
        };
        match resolved {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<s:signedMark xmlns:s="urn:ietf:params:xml:ns:signedMark-1.0" id="x">
  <s:id>0000001-1</s:id>
  <s:notBefore>2025-06-01T00:00:00.0Z</s:notBefore>
  <s:notAfter>2027-06-01T00:00:00Z</s:notAfter>
  <m:mark xmlns:m="urn:ietf:params:xml:ns:mark-1.0"><m:trademark>
    <m:id>00052013-1</m:id><m:markName>Test &amp; Validate</m:markName>
    <m:label>testandvalidate</m:label><m:label>xn--mnchen-3ya</m:label>
  </m:trademark></m:mark>
</s:signedMark>"#;

    #[test]
    fn any_prefixes_and_entities_are_read() {
        let mark = read_signed_mark(XML).unwrap();
        assert_eq!(mark.smd_id, "0000001-1");
        assert_eq!(mark.mark_id, "00052013-1");
        assert_eq!(mark.mark_name, "Test & Validate");
        assert_eq!(mark.labels, ["testandvalidate", "xn--mnchen-3ya"]);
        assert_eq!(
            mark.not_before.datetime().to_string(),
            "2025-06-01 00:00:00"
        );
    }

    #[test]
    fn the_envelope_is_skipped() {
        let encoded = super::super::base64_lines::encode_lines(XML.as_bytes(), 76);
        let mut lines = vec!["Marks: Test & Validate", BEGIN];
        lines.extend(encoded.iter().map(String::as_str));
        lines.extend([END, "trailing text"]);
        let numbered: Vec<(usize, &str)> = lines.into_iter().enumerate().collect();
        assert_eq!(decode(&numbered).unwrap().smd_id, "0000001-1");
        assert_eq!(decode(&[(0, "bm90IHhtbA==")]).unwrap_err().code(), 541);
        assert_eq!(decode(&[(0, "%%%")]).unwrap_err().code(), 505);
    }

    #[test]
    fn unescape_leaves_unknown_entities() {
        assert_eq!(
            unescape("a &lt;b&gt; &#233;&#xE9; &nbsp; &"),
            "a <b> éé &nbsp; &"
        );
    }
}
