//! QueryObjectDeletionLogList: the view's object log entries that record a
//! deletion (a domain taken out of its account), read through the one log
//! of `registry/objectlog.rs` with QueryObjectLogList's indexes, dates and
//! actors. Reads the log only: writes nothing and keeps no second log.

use super::list::{OrderBy, Page, read_date, read_end_date};
use super::objectlog::{push_entry_head, read_object, sort_entries};
use super::{Args, Ctx};
use crate::error::Result;
use crate::registry::objectlog::{Logged, Op, OpStatus};
use crate::wire::Response;

/// The ORDERBY keys, each optionally with `DESC`.
const ORDER_KEYS: &[&str] = &["OBJECTID", "OBJECTCLASS", "LOGDATE"];

/// Whether `entry` records a deletion: DeleteDomain (either dialect) and
/// the clock's AUTODELETE (DELETE, SUCCESSFUL) or AUTOEXPIRE and the
/// expiry after a failed auto-renewal (EXPIRE, SUCCESSFUL). Not the purge
/// (DELETE, FINAL: the name freed, nothing deleted then) and not a
/// withdrawn application (DeleteDomainApplication deletes no domain).
fn is_deletion(entry: &Logged<'_>) -> bool {
    entry.status == OpStatus::Successful
        && match entry.op {
            Op::Delete => entry.short_command() != Some("DeleteDomainApplication"),
            Op::Expire => true,
            _ => false,
        }
}

/// Lists the deletions in the view's account's log (not its subusers':
/// the command has no USERDEPTH), newest first by default. Only domains
/// are logged, so OBJECTCLASS other than DOMAIN finds nothing.
///
/// ```text
/// COMMAND         = QueryObjectDeletionLogList
/// OBJECTCLASS     = DOMAIN                 (optional)
/// OBJECTID        = <domain>               (optional)
/// FIRST, LIMIT    = <window>               (LIMIT default 100)
/// MINDATE/MAXDATE = <YYYY-MM-DD[ hh:mm:ss]> (inclusive; a date alone as MAXDATE is 23:59:59)
/// ORDERBY         = OBJECTID | OBJECTCLASS | LOGDATE, each [DESC] (default LOGDATEDESC; else 506)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[LOGDATE|LOGINDEX|LOGROLEID|LOGUSER|OBJECTCLASS|OBJECTID|REFERENCE][n]
/// ```
pub(in crate::command) fn query_object_deletion_log_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let class = args.optional("OBJECTCLASS");
    let object = read_object(args);
    let page = Page::read(args, 100)?;
    let min = read_date(args, "MINDATE")?;
    let max = read_end_date(args, "MAXDATE")?;
    let order = match args.optional("ORDERBY") {
        Some(_) => OrderBy::read(args, ORDER_KEYS)?,
        None => OrderBy {
            key: "LOGDATE",
            descending: true,
        },
    };
    args.finish()?;
    let class_ok = class.is_none_or(|class| class.eq_ignore_ascii_case("DOMAIN"));
    let system = &*ctx.system;
    let mut rows: Vec<(u64, Logged<'_>)> = system
        .log_of(ctx.owner(), object.as_deref())
        .filter(|(_, entry)| {
            class_ok
                && is_deletion(entry)
                && min.is_none_or(|min| entry.date >= min)
                && max.is_none_or(|max| entry.date <= max)
        })
        .collect();
    sort_entries(&mut rows, order.key, order.descending);
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::with_room(rows.len() * 7 + 5, rows.len() * 100);
    page.push_counters(&mut response, rows.len(), total);
    push_entry_head(&mut response, &rows);
    // The reference's example shows the account the entry belongs to.
    for (_, entry) in &rows {
        response.push_str("REFERENCE", entry.account);
    }
    Ok(response)
}
