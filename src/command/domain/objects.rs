//! QueryObjectList for the object classes otebox lists: `DOMAIN` (the
//! caller's domains) and `DELETEDDOMAIN` (a restorable deleted domain, the
//! WHMCS expiry probe). Walks only the caller's objects. Reads only.

use crate::command::list::{OrderBy, Page, UserDepth, glob};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{DomainName, Timestamp};
use crate::wire::Response;

/// Rows per page when LIMIT is absent.
const DEFAULT_LIMIT: usize = 1000;

/// Lists objects of one class: `DOMAIN` (the caller's domains, OBJECTID a
/// pattern) or `DELETEDDOMAIN` (OBJECTID an exact name: the caller's
/// deleted domain while it is restorable, with its EXPIRATIONDATE; otherwise
/// an empty list, which WHMCS reads as "expired", whmcs-module.md #36 —
/// never `545`, which it would read as "transferred away").
///
/// ```text
/// COMMAND     = QueryObjectList
/// OBJECTCLASS = DOMAIN | DELETEDDOMAIN
/// OBJECTID    = <pattern> | <domain>
/// WIDE, FIRST, LIMIT, ORDERBY (OBJECTID, OBJECTCLASS [DESC]), USERDEPTH
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0], PROPERTY[OBJECTCLASS][n], PROPERTY[OBJECTID][n],
/// DELETEDDOMAIN: PROPERTY[EXPIRATIONDATE][n]; WIDE=1: PROPERTY[USER|PARENTUSER|PEERUSER][n]
/// ```
pub(in crate::command) fn query_object_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let class = args
        .optional("OBJECTCLASS")
        .map(str::to_ascii_uppercase)
        .ok_or(Error::MissingParameter("OBJECTCLASS".into()))?;
    let id = args.optional("OBJECTID");
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let order = OrderBy::read(args, &["OBJECTID", "OBJECTCLASS"])?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    args.finish()?;
    let owners = depth.owners(ctx.system, ctx.owner());
    let mut found: Vec<(&DomainName, &str, Option<Timestamp>)> = Vec::new();
    match class.as_str() {
        "DOMAIN" => {
            found.extend(
                owners
                    .iter()
                    .flat_map(|owner| ctx.system.domains_of(owner))
                    .filter(|domain| id.is_none_or(|id| glob(id, domain.name.as_str())))
                    .map(|domain| (&domain.name, domain.owner.as_str(), None)),
            );
            if owners.len() > 1 {
                found.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
            }
        }
        "DELETEDDOMAIN" => {
            let Some(text) = id.filter(|id| !id.contains('*')) else {
                return Err(Error::invalid(
                    "OBJECTID",
                    "a DELETEDDOMAIN list needs the exact domain name",
                ));
            };
            let name = DomainName::parse(text)
                .map_err(|rule| Error::syntax_rule("OBJECTID", text, rule))?;
            if let Some(deleted) = ctx.system.deleted_domain(name.as_str())
                && owners.contains(&deleted.domain.owner.as_str())
                && deleted.restorable_until >= ctx.now
            {
                let owner = deleted.domain.owner.as_str();
                found.push((&deleted.domain.name, owner, Some(deleted.domain.expires)));
            }
        }
        other => {
            return Err(Error::invalid(
                "OBJECTCLASS",
                format_args!("({other}) is not listed by otebox; DOMAIN and DELETEDDOMAIN are"),
            ));
        }
    }
    let (rows, mut response) = page.answer(found, order.descending);
    for (name, owner, expires) in rows {
        response.push("OBJECTCLASS", &class).push("OBJECTID", name);
        if let Some(expires) = expires {
            response.push("EXPIRATIONDATE", expires.datetime());
        }
        if wide {
            response
                .push("USER", owner)
                .push("PARENTUSER", ctx.system.parent_of(owner))
                .push("PEERUSER", ctx.system.peer_chain(ctx.owner(), owner));
        }
    }
    Ok(response)
}
