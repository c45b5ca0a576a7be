//! QueryTMCHMarkList: the marks of the view's account (USERDEPTH=SELF), its
//! direct subusers' (SUBUSER) or its whole subtree's (ALL), filtered,
//! sorted and paged. Reads the registry's marks and changes nothing; the
//! other mark commands are `tmch.rs`'s.

use super::list::{OrderBy, Page, UserDepth, glob, read_date, read_end_date};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Mark, Timestamp};
use crate::wire::Response;

/// LIMIT when the request gives none.
const DEFAULT_LIMIT: usize = 1000;

/// ORDERBY's keys, each also with `DESC`; the first is the default.
const ORDER_KEYS: &[&str] = &[
    "ID",
    "CREATEDDATE",
    "EXPIRATIONDATE",
    "MARKNAME",
    "MARKTYPE",
    "POUSTATUS",
    "STATUS",
    "UPDATEDDATE",
    "USER",
];

/// A `MIN...`/`MAX...` date window.
struct Window {
    min: Option<Timestamp>,
    max: Option<Timestamp>,
}

impl Window {
    fn read(args: &mut Args<'_>, field: &str) -> Result<Window> {
        Ok(Window {
            min: read_date(args, &format!("MIN{field}"))?,
            max: read_end_date(args, &format!("MAX{field}"))?,
        })
    }

    fn holds(&self, at: Timestamp) -> bool {
        self.min.is_none_or(|min| min <= at) && self.max.is_none_or(|max| at <= max)
    }
}

/// ```text
/// COMMAND   = QueryTMCHMarkList
/// USERDEPTH = SELF | SUBUSER | ALL                (optional, default SELF)
/// MARKNAME, MARKTYPE = <pattern, * any run>       STATUS = verified | expired
/// MINCREATEDDATE, MAXCREATEDDATE, MINUPDATEDDATE, MAXUPDATEDDATE,
/// MINEXPIRATIONDATE, MAXEXPIRATIONDATE = YYYY-MM-DD[ hh:mm:ss]
/// ORDERBY   = ID | CREATEDDATE | EXPIRATIONDATE | MARKNAME | MARKTYPE | POUSTATUS
///             | STATUS | UPDATEDDATE | USER, each also ...DESC   (default ID)
/// FIRST = <n> (0), LIMIT = <n> (1000), WIDE = 0 | 1
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0], PROPERTY[ID][i]
/// WIDE=1 also: CREATEDDATE, EXPIRATIONDATE, MARKNAME, MARKTYPE, PARENTUSER,
/// PEERUSER, POUSTATUS, STATUS, UPDATEDDATE, USER
/// ```
pub(super) fn query_tmch_mark_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let name = args.optional("MARKNAME").filter(|t| !t.is_empty());
    let kind = args.optional("MARKTYPE").filter(|t| !t.is_empty());
    let status = args.optional("STATUS").filter(|t| !t.is_empty());
    if let Some(text) = status
        && !["verified", "expired"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(text))
    {
        return Err(Error::invalid(
            "STATUS",
            format_args!("({text}) is not verified or expired (the sandbox's mark statuses)"),
        ));
    }
    let created = Window::read(args, "CREATEDDATE")?;
    let updated = Window::read(args, "UPDATEDDATE")?;
    let expires = Window::read(args, "EXPIRATIONDATE")?;
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let order = OrderBy::read(args, ORDER_KEYS)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    args.finish()?;
    let (system, now) = (&*ctx.system, ctx.now);
    let view = ctx.caller.owner();
    let owners = depth.owners(system, view);
    let keeps = |mark: &&Mark| {
        owners.contains(&mark.owner.as_str())
            && name.is_none_or(|pattern| glob(pattern, &mark.data.name))
            && kind.is_none_or(|pattern| glob(pattern, "TRADEMARK"))
            && status.is_none_or(|s| s.eq_ignore_ascii_case(mark.status(now).name()))
            && created.holds(mark.created)
            && updated.holds(mark.updated)
            && expires.holds(mark.expires)
    };
    let mut rows: Vec<&Mark> = system.marks().filter(keeps).collect();
    // The marks come by ID: a stable sort keeps ties in ID order.
    match order.key {
        "CREATEDDATE" => rows.sort_by_key(|m| m.created),
        "EXPIRATIONDATE" => rows.sort_by_key(|m| m.expires),
        "MARKNAME" => rows.sort_by(|a, b| a.data.name.cmp(&b.data.name)),
        "STATUS" => rows.sort_by_key(|m| m.status(now).name()),
        "UPDATEDDATE" => rows.sort_by_key(|m| m.updated),
        "USER" => rows.sort_by(|a, b| a.owner.cmp(&b.owner)),
        _ => {}
    }
    let (rows, mut response) = page.answer(rows, order.descending);
    if !wide {
        for mark in &rows {
            response.push_str("ID", &mark.id);
        }
        return Ok(response);
    }
    for mark in &rows {
        response.push("CREATEDDATE", mark.created.datetime());
    }
    for mark in &rows {
        response.push("EXPIRATIONDATE", mark.expires.datetime());
    }
    for mark in &rows {
        response.push_str("ID", &mark.id);
    }
    for mark in &rows {
        response.push_str("MARKNAME", &mark.data.name);
    }
    for _ in &rows {
        response.push("MARKTYPE", "TRADEMARK");
    }
    for mark in &rows {
        response.push_str("PARENTUSER", system.parent_of(&mark.owner));
    }
    for mark in &rows {
        response.push_str("PEERUSER", &system.peer_chain(view, &mark.owner));
    }
    for _ in &rows {
        response.push("POUSTATUS", "notSet");
    }
    for mark in &rows {
        response.push("STATUS", mark.status(now).name());
    }
    for mark in &rows {
        response.push("UPDATEDDATE", mark.updated.datetime());
    }
    for mark in &rows {
        response.push_str("USER", &mark.owner);
    }
    Ok(response)
}
