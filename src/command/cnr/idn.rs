//! The CentralNic Reseller IDN language tags: QueryIDNTagList (the KB page
//! `QueryIDNTagList`) and the `X-IDN-LANGUAGE` check AddDomain makes, both
//! read from the catalogue's one tag table (`catalogue::idn_tags`). They
//! change nothing and must not hold tags of their own.

use super::super::{Args, Ctx};
use super::zone::zone_or_domain;
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, Tld};
use crate::wire::Response;

/// The IDN language tags of a zone, one row per tag in tag order, as the
/// registry writes them (Verisign's `GER`, a new gTLD's `de`). A zone
/// without IDNs answers no rows (WHMCS then says the language is no
/// choice for the zone). Neither DOMAIN nor ZONE: `504 DOMAIN` (the KB's
/// required one); both, naming different zones: `541`; a zone not in the
/// catalogue: `545`, as GetZoneInfo.
///
/// ```text
/// COMMAND = QueryIDNTagList
/// DOMAIN  = <name in the zone, or the zone>   or   ZONE = <zone: com, co.uk>
/// ---
/// property[idn language tag][i] = <tag>   property[description][i] = <language>
/// ```
pub(super) fn query_idn_tag_list(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let domain = args.optional("DOMAIN");
    let zone = args.optional("ZONE");
    args.finish()?;
    let tld = zone_or_domain(zone, domain, "DOMAIN")?;
    let tags = catalogue::idn_tags(tld);
    let mut response = Response::with_room(2 * tags.len(), 24 * tags.len());
    for &(tag, description) in tags {
        response
            .push_str("idn language tag", tag)
            .push_str("description", description);
    }
    Ok(response)
}

/// AddDomain's `X-IDN-LANGUAGE`: empty or absent is no tag; otherwise one
/// of the zone's tags ignoring case (WHMCS sends `ger` for `GER`), else
/// `541` pointing at QueryIDNTagList.
pub(super) fn read_idn_language(args: &mut Args<'_>, tld: &Tld) -> Result<()> {
    let Some(text) = args
        .optional("X-IDN-LANGUAGE")
        .filter(|text| !text.is_empty())
    else {
        return Ok(());
    };
    if catalogue::idn_tag(tld, text).is_some() {
        return Ok(());
    }
    let detail = if catalogue::idn_tags(tld).is_empty() {
        format!("({text}): {} takes no IDN language tag", tld.zone)
    } else {
        format!(
            "({text}) is no IDN language tag of {}; QueryIDNTagList lists them",
            tld.zone
        )
    };
    Err(Error::invalid("X-IDN-LANGUAGE", detail))
}
