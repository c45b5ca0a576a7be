//! StatusTMDBClaim: the trademark claims notice of a claims key that
//! CheckDomain(s) PHASE=claims handed out (`registry/tmch_claims.rs` finds
//! the claim), with its text and XML written here, percent-encoded as the
//! reference's example shows them. Read-only: changes nothing.

use std::fmt::Write as _;

use super::{Args, Ctx};
use crate::error::Result;
use crate::registry::tmch_claims::accept_hash;
use crate::registry::{Claim, Mark, Timestamp};
use crate::wire::Response;

/// How long a notice is valid (the TMDB's 48 hours).
const NOTICE_SECONDS: u64 = 2 * 86_400;

/// ```text
/// COMMAND  = StatusTMDBClaim
/// CLAIMKEY = <key from CheckDomain PHASE=claims>
/// ---
/// PROPERTY[NOTICE-ACCEPT-ID][0], PROPERTY[NOTICE-CREATEDDATE][0],
/// PROPERTY[NOTICE-EXPIRATIONDATE][0], PROPERTY[NOTICE-POA-ACCEPT-HASH][0],
/// PROPERTY[NOTICE-TEXT][0], PROPERTY[NOTICE-XML][0]   (the last two percent-encoded)
/// ```
pub(super) fn status_tmdb_claim(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let key = args.required("CLAIMKEY")?;
    args.finish()?;
    let claim = ctx.system.claim_by_key(key, ctx.now)?;
    // The notice is made at the start of the hour the request came in.
    let created = Timestamp(ctx.now.0 / 3600 * 3600);
    let expires = Timestamp(created.0 + NOTICE_SECONDS);
    let hash = accept_hash(&claim.key, created);
    let accept_id = format!("{}{:019}", &hash[..8], claim.marks[0].serial);
    let mut response = Response::ok();
    response
        .push_str("NOTICE-ACCEPT-ID", &accept_id)
        .push("NOTICE-CREATEDDATE", created.datetime())
        .push("NOTICE-EXPIRATIONDATE", expires.datetime())
        .push_str("NOTICE-POA-ACCEPT-HASH", &hash)
        .push_str("NOTICE-TEXT", &encode(&notice_text(&claim)))
        .push_str(
            "NOTICE-XML",
            &encode(&notice_xml(&claim, &accept_id, created, expires)),
        );
    Ok(response)
}

/// Every byte but ASCII letters and digits as `%xx` (lower-case hex).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for byte in text.bytes() {
        match byte.is_ascii_alphanumeric() {
            true => out.push(byte as char),
            false => {
                let _ = write!(out, "%{byte:02x}");
            }
        }
    }
    out
}

/// The notice's text, the TMDB's wording with one entry per mark.
fn notice_text(claim: &Claim<'_>) -> String {
    let mut text = String::from(
        "\nTRADEMARK NOTICE\n\nYou have received this Trademark Notice because you have applied for a domain name\n\
         which matches at least one trademark record submitted to the Trademark Clearinghouse.\n\n\
         You may or may not be entitled to register the domain name depending on your intended\n\
         use and whether it is the same or significantly overlaps with the trademarks listed below.\n\
         YOUR RIGHTS TO REGISTER THIS DOMAIN NAME MAY OR MAY NOT BE PROTECTED\n\
         AS NONCOMMERCIAL USE OR \"FAIR USE\" BY THE LAWS OF YOUR COUNTRY.\n\n\
         If you continue with this registration, you represent that, you have received and you\n\
         understand this notice and to the best of your knowledge, your registration and use of the\n\
         requested domain name will not infringe on the trademark rights listed below.\n",
    );
    let _ = writeln!(
        text,
        "The following {} Trademarks are listed in the Trademark Clearinghouse:",
        claim.marks.len()
    );
    for (n, mark) in claim.marks.iter().enumerate() {
        let data = &mark.data;
        let _ = write!(
            text,
            "\n{}. Mark: {}\nJurisdiction: {}\n",
            n + 1,
            data.name,
            data.jurisdiction
        );
        if !data.goods.is_empty() {
            let _ = writeln!(text, "Goods and Services: {}", data.goods.join("; "));
        }
        let classes: Vec<String> = data.classes.iter().map(|c| c.to_string()).collect();
        let _ = writeln!(
            text,
            "International Class of Goods and Services or Equivalent:\nclass number {}",
            classes.join(", ")
        );
        let _ = writeln!(
            text,
            "Trademark Registrant: {}\nTrademark Registrant Contact: {}",
            data.holder.organization,
            address(mark)
        );
    }
    text.push_str(
        "For more information concerning the records included in this notice, see\n\
         http://www.trademark-clearinghouse.com/content/claims-notice\n",
    );
    text
}

/// `street, zip city[, state][, country]`.
fn address(mark: &Mark) -> String {
    let holder = &mark.data.holder;
    let mut parts = vec![
        holder.street.clone(),
        format!("{} {}", holder.zip, holder.city),
    ];
    parts.extend(
        [&holder.state, &holder.country]
            .into_iter()
            .filter(|t| !t.is_empty())
            .cloned(),
    );
    parts.join(", ")
}

/// `&`, `<`, `>` and `"` as XML entities.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The notice as the TMDB's `tmNotice` XML.
fn notice_xml(claim: &Claim<'_>, id: &str, created: Timestamp, expires: Timestamp) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmNotice:notice xmlns:tmNotice=\"urn:ietf:params:xml:ns:tmNotice-1.0\">",
    );
    let _ = write!(
        out,
        "<tmNotice:id>{id}</tmNotice:id><tmNotice:notBefore>{}</tmNotice:notBefore>\
         <tmNotice:notAfter>{}</tmNotice:notAfter><tmNotice:label>{}</tmNotice:label>",
        created.rfc3339(),
        expires.rfc3339(),
        claim.label
    );
    for mark in &claim.marks {
        let (data, holder) = (&mark.data, &mark.data.holder);
        let _ = write!(
            out,
            "<tmNotice:claim><tmNotice:markName>{}</tmNotice:markName>\
             <tmNotice:holder entitlement=\"{}\"><tmNotice:org>{}</tmNotice:org><tmNotice:addr>\
             <tmNotice:street>{}</tmNotice:street><tmNotice:city>{}</tmNotice:city>",
            xml(&data.name),
            holder.entitlement,
            xml(&holder.organization),
            xml(&holder.street),
            xml(&holder.city)
        );
        if !holder.state.is_empty() {
            let _ = write!(out, "<tmNotice:sp>{}</tmNotice:sp>", xml(&holder.state));
        }
        // The holder's country is optional: the jurisdiction stands in.
        let cc = match holder.country.is_empty() {
            true => &data.jurisdiction,
            false => &holder.country,
        };
        let _ = write!(
            out,
            "<tmNotice:pc>{}</tmNotice:pc><tmNotice:cc>{cc}</tmNotice:cc></tmNotice:addr>\
             <tmNotice:email>{}</tmNotice:email></tmNotice:holder>\
             <tmNotice:jurDesc jurCC=\"{jur}\">{jur}</tmNotice:jurDesc>",
            xml(&holder.zip),
            xml(&holder.email),
            jur = data.jurisdiction
        );
        for class in &data.classes {
            let _ = write!(
                out,
                "<tmNotice:classDesc classNum=\"{class}\">class {class}</tmNotice:classDesc>"
            );
        }
        for line in &data.goods {
            let _ = write!(
                out,
                "<tmNotice:goodsAndServices>{}</tmNotice:goodsAndServices>",
                xml(line)
            );
        }
        out.push_str("</tmNotice:claim>");
    }
    out.push_str("</tmNotice:notice>\n");
    out
}
