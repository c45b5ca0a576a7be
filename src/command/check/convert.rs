//! ConvertIDN: names between Unicode and ACE (`DomainName`'s IDNA rules), one
//! row per input, the way the SDKs call it before sending IDN values
//! (protocol.md §1.8). Read-only; owns no state.

use super::{Row, read_names};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::wire::Response;

/// Converts names between Unicode and ACE, one row per input. A single label
/// (`münchen`) converts too; a trailing dot (a DNSZONE value) is kept.
///
/// ```text
/// COMMAND    = ConvertIDN
/// DOMAIN0..n = <name, Unicode or ACE>   (or DOMAIN[n], or DOMAIN)
/// ---
/// PROPERTY[ACE][i] = <xn-- form>
/// PROPERTY[IDN][i] = <Unicode form>
/// ```
pub(in crate::command) fn convert_idn(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let rows = read_names(args)?;
    args.finish()?;
    let mut converted = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        let Row::Name(input) = row else {
            return Err(Error::missing(format!("DOMAIN{index}")));
        };
        let pair = convert(input)
            .map_err(|rule| Error::syntax_rule(&format!("DOMAIN{index}"), input, rule))?;
        converted.push(pair);
    }
    let mut response = Response::ok();
    for (ace, idn) in converted {
        response.push("ACE", ace).push("IDN", idn);
    }
    Ok(response)
}

/// `(ACE, Unicode)` of a name or a single label, keeping one trailing dot.
fn convert(input: &str) -> Result<(String, String), &'static str> {
    // IDNA reads the ideographic and full-width full stops as dots (UTS 46).
    let input = input.replace(['\u{3002}', '\u{FF0E}', '\u{FF61}'], ".");
    let (bare, dot) = match input.strip_suffix('.') {
        Some(bare) => (bare, "."),
        None => (input.as_str(), ""),
    };
    if bare.ends_with('.') {
        return Err("has an empty label");
    }
    if bare.contains('.') {
        let name = DomainName::parse(bare)?;
        return Ok((format!("{name}{dot}"), format!("{}{dot}", name.unicode())));
    }
    // A lone label: validate it as the first label of a throw-away name.
    let name = DomainName::parse(&format!("{bare}.invalid"))?;
    let label = name.first_label();
    let unicode = name.unicode();
    let unicode_label = unicode.split('.').next().unwrap_or(label);
    Ok((format!("{label}{dot}"), format!("{unicode_label}{dot}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_unicode_full_stops_as_dots() {
        assert_eq!(
            convert("münchen\u{3002}de"),
            Ok(("xn--mnchen-3ya.de".to_owned(), "münchen.de".to_owned()))
        );
        assert_eq!(convert("a.com.."), Err("has an empty label"));
    }

    #[test]
    fn converts_names_labels_and_zones() {
        let pair = |a: &str, i: &str| Ok((a.to_owned(), i.to_owned()));
        assert_eq!(
            convert("dömäin.example"),
            pair("xn--dmin-moa0i.example", "dömäin.example")
        );
        assert_eq!(
            convert("XN--TEST-KOA2IUB.com"),
            pair("xn--test-koa2iub.com", "äöütest.com")
        );
        assert_eq!(convert("münchen"), pair("xn--mnchen-3ya", "münchen"));
        assert_eq!(
            convert("dömäin.example."),
            pair("xn--dmin-moa0i.example.", "dömäin.example.")
        );
        assert!(convert("a_b.com").is_err());
        assert!(convert("").is_err());
    }
}
