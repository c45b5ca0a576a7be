//! QueryDomainWhoisInfo: the registry WHOIS answer for any name (WHMCS's
//! domain checker asks it), URL-encoded for the wire. The text and who
//! sees which contact data are `registry/whois.rs`'s; this file reads the
//! request, refuses names outside the catalogue and encodes. Reads only:
//! changes nothing.

use super::domain::shared::read_name;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue;
use crate::registry::{Availability, DomainName, Whois, temporary_failure};
use crate::wire::Response;

/// The WHOIS data of a domain name, as the zone's registry server answers.
///
/// ```text
/// COMMAND = QueryDomainWhoisInfo
/// DOMAIN  = <domain>          (ACE or Unicode; a catalogue zone)
/// ---
/// PROPERTY[WHOISDATA][0]      the answer text, URL-encoded (RFC 3986: %XX, %0A per line)
/// PROPERTY[WHOISDATE][0]      when it was asked (the sandbox clock)
/// PROPERTY[WHOISSERVER][0]    the registry WHOIS server (whois.verisign-grs.com, ...)
/// ```
///
/// Held names (any account's, and names in their restore period) give an
/// ICANN RDDS record at 1API GmbH (also for ccTLDs); contact data shows
/// for the asking account's own domains, `REDACTED FOR PRIVACY` for
/// others', the WHOIS trustee with ID protection. Names at another
/// registrar give its record, free names the registry's "not found" text,
/// reserved ones a "not available" text: all `200`. A name outside the
/// catalogue is `541`; a name the registry cannot answer for (`tempfail-`)
/// is `421`, as its check.
pub(super) fn query_domain_whois_info(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    let Some(tld) = catalogue::find(&name) else {
        return Err(outside_catalogue(&name));
    };
    if ctx.system.availability(&name, ctx.now) == Availability::Unanswered {
        return Err(temporary_failure(name.as_str()));
    }
    let Whois { server, text } = ctx.system.whois(&name, tld, ctx.owner(), ctx.now);
    let mut response = Response::with_room(3, text.len() * 3 + 64);
    response
        .push_str("WHOISDATA", &url_encode(&text))
        .push("WHOISDATE", ctx.now.datetime())
        .push_str("WHOISSERVER", &server);
    Ok(response)
}

/// `541` for a name no catalogue zone holds: a name under a domain of a
/// zone (`www.example.com`) says which domain to ask for; otherwise the TLD.
fn outside_catalogue(name: &DomainName) -> Error {
    let text = name.as_str();
    let mut parent = text;
    while let Some((_, rest)) = parent.split_once('.') {
        if let Some(tld) = catalogue::zone_named(rest) {
            return Error::invalid(
                "DOMAIN",
                format_args!(
                    "{text} is a name under {parent}, not a domain of .{}; \
                     ask for the registered domain ({parent})",
                    tld.zone
                ),
            );
        }
        parent = rest;
    }
    let tld = text.rsplit('.').next().unwrap_or(text);
    Error::invalid(
        "DOMAIN",
        format_args!(
            "the TLD .{tld} of {text} is not a zone otebox offers, so there is no \
             registry WHOIS to ask; use a zone QueryDomainOptions knows"
        ),
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so PHP's
/// `urldecode` (what WHMCS runs) and every other decoder read it back.
fn url_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(
            url_encode("Domain Name: A-B.COM\n{x}~é"),
            "Domain%20Name%3A%20A-B.COM%0A%7Bx%7D~%C3%A9"
        );
    }
}
