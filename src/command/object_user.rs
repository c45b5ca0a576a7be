//! QueryObjectUserList: which account of the caller's tree holds each
//! object asked about (DOMAIN, CONTACT, DNSZONE). Reads only; the tree walk
//! is `System::in_subtree`/`peer_chain`, never a copy of it here, and no
//! object outside the caller's tree is described.

use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::System;
use crate::wire::Response;

/// The classes an OBJECTCLASS may name, in the order an id without one is
/// looked up.
const CLASSES: [&str; 3] = ["DOMAIN", "CONTACT", "DNSZONE"];

/// Most OBJECTIDs one request may ask about.
const MAX_OBJECTS: usize = 1000;

/// One row per non-empty OBJECTID<n> (in index order): the id as sent and
/// USER, the account holding it (LEVEL=ENDUSER, the default) or the account
/// directly below the caller on the way to it (LEVEL=PEER: the first id of
/// QueryDomainList's PEERUSER chain).
///
/// USER is empty (the reference's "TEXT or NULL") when the object does not
/// exist, is held outside the caller's tree (the same answer, so that the
/// command tells nobody what other accounts hold), or, at LEVEL=PEER, is
/// the caller's own (nobody is below the caller on the way to it). Without
/// OBJECTCLASS an id is looked up as a domain, then a contact handle, then
/// a DNS zone, and the first one held in the caller's tree answers.
/// Domain and zone names are matched in any case (ACE form), contact handles
/// exactly.
///
/// Refusals: no non-empty OBJECTID<n> `504`; more than 1000 `541`; LEVEL
/// other than PEER or ENDUSER, or an OBJECTCLASS other than DOMAIN, CONTACT
/// or DNSZONE, `541`.
///
/// ```text
/// COMMAND     = QueryObjectUserList
/// OBJECTID0   = example.com
/// OBJECTCLASS = DOMAIN | CONTACT | DNSZONE   (optional)
/// LEVEL       = ENDUSER | PEER               (optional, default ENDUSER)
/// ---
/// PROPERTY[OBJECTID][i] = example.com   PROPERTY[USER][i] = sub1a
/// ```
pub(super) fn query_object_user_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let ids = args.values("OBJECTID");
    let class = args.optional("OBJECTCLASS").map(str::to_ascii_uppercase);
    let level = args
        .optional("LEVEL")
        .map_or("ENDUSER".to_owned(), str::to_ascii_uppercase);
    args.finish()?;
    if ids.is_empty() {
        return Err(Error::MissingParameter("OBJECTID0".into()));
    }
    if ids.len() > MAX_OBJECTS {
        return Err(Error::invalid(
            "OBJECTID",
            format_args!("{} objects; at most {MAX_OBJECTS} per request", ids.len()),
        ));
    }
    let peer = match level.as_str() {
        "ENDUSER" => false,
        "PEER" => true,
        other => {
            return Err(Error::invalid(
                "LEVEL",
                format_args!("({other}) must be PEER or ENDUSER"),
            ));
        }
    };
    let classes: &[&str] = match class.as_deref() {
        None => &CLASSES,
        Some(class) => match CLASSES.iter().position(|known| *known == class) {
            Some(at) => &CLASSES[at..=at],
            None => {
                return Err(Error::invalid(
                    "OBJECTCLASS",
                    format_args!(
                        "({class}) is not kept by otebox; DOMAIN, CONTACT and DNSZONE are"
                    ),
                ));
            }
        },
    };
    let view = ctx.owner();
    let mut response = Response::ok();
    for id in ids {
        let holder = classes
            .iter()
            .filter_map(|class| holder_of(ctx.system, class, id))
            .find(|owner| ctx.system.in_subtree(view, owner));
        let user = match holder {
            None => String::new(),
            Some(owner) if peer => first_of_chain(ctx.system.peer_chain(view, owner)),
            Some(owner) => owner.to_owned(),
        };
        response.push("OBJECTID", id).push("USER", user);
    }
    Ok(response)
}

/// The account holding the object `id` of `class`, whoever it is.
fn holder_of<'s>(system: &'s System, class: &str, id: &str) -> Option<&'s str> {
    match class {
        "DOMAIN" => system
            .domain(&id.to_ascii_lowercase())
            .map(|domain| domain.owner.as_str()),
        "CONTACT" => system.contact(id).map(|contact| contact.owner.as_str()),
        _ => system
            .zone(&id.to_ascii_lowercase())
            .map(|zone| zone.owner.as_str()),
    }
}

/// The first id of a space-separated `peer_chain` (empty stays empty).
fn first_of_chain(chain: String) -> String {
    match chain.split_once(' ') {
        Some((first, _)) => first.to_owned(),
        None => chain,
    }
}
