//! The event commands (design note §5.3): QueryEventList, StatusEvent and
//! DeleteEvent over the view's account's events. The records and their
//! index live in `registry/event.rs`; this file reads the parameters and
//! builds the answers, and touches nothing else.

use super::list::{Page, glob, read_date, read_end_date};
use super::objectlog::read_order;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::Timestamp;
use crate::registry::event::{Event, url_encode};
use crate::wire::Response;

/// EVENT: `505` unless digits (also CNR's event commands).
pub(in crate::command) fn read_event(args: &mut Args<'_>) -> Result<u64> {
    let text = args.required("EVENT")?;
    text.parse()
        .map_err(|_| Error::syntax_rule("EVENT", text, "is not an event id (digits)"))
}

/// Either spelling of a date filter (`MINDATE`, or `MIN_DATE` as the doc's
/// example sends it) read by `read` ([`read_date`], or [`read_end_date`]
/// for the window's end); the first one sent wins.
fn read_either(
    args: &mut Args<'_>,
    [a, b]: [&str; 2],
    read: fn(&mut Args<'_>, &str) -> Result<Option<Timestamp>>,
) -> Result<Option<Timestamp>> {
    let first = read(args, a)?;
    let second = read(args, b)?;
    Ok(first.or(second))
}

/// Lists the view's account's events, oldest first (a poll queue).
///
/// ```text
/// COMMAND  = QueryEventList
/// WIDE     = 0 | 1                (1: class, data, date and subclass too)
/// FIRST    = <offset>
/// LIMIT    = <count> | ONLYLAST   (default 100; ONLYLAST: the newest one)
/// CLASS    = <pattern>            (e.g. DOMAIN_RENEWAL, * allowed)
/// SUBCLASS = <pattern>
/// MINDATE  = <YYYY-MM-DD[ hh:mm:ss]>  (also MIN_DATE; inclusive)
/// MAXDATE  = <YYYY-MM-DD[ hh:mm:ss]>  (also MAX_DATE; inclusive: a date alone is 23:59:59)
/// ORDERBY  = EVENTDATE | EVENTDATEDESC
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0], PROPERTY[EVENT][n]
/// WIDE=1: PROPERTY[EVENTCLASS|EVENTDATA0..3|EVENTDATE|EVENTSUBCLASS][n]
/// ```
pub(in crate::command) fn query_event_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let limit = args.optional("LIMIT");
    let only_last = limit.is_some_and(|limit| limit.eq_ignore_ascii_case("ONLYLAST"));
    if let Some(limit) =
        limit.filter(|limit| !only_last && !limit.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::syntax_rule(
            "LIMIT",
            limit,
            "is not a number or ONLYLAST",
        ));
    }
    let page = match only_last {
        true => Page {
            first: args.parsed::<usize>("FIRST")?.unwrap_or(0),
            limit: 1,
        },
        false => Page::read(args, 100)?,
    };
    let class = args.optional("CLASS");
    let subclass = args.optional("SUBCLASS");
    let min = read_either(args, ["MINDATE", "MIN_DATE"], read_date)?;
    let max = read_either(args, ["MAXDATE", "MAX_DATE"], read_end_date)?;
    let order = read_order(args, &["EVENTDATE"])?;
    args.finish()?;
    let mut rows: Vec<(u64, &Event)> = ctx
        .system
        .events_of(ctx.owner())
        .filter(|(_, event)| {
            class.is_none_or(|class| glob(class, event.class))
                && subclass.is_none_or(|subclass| glob(subclass, event.subclass))
                && min.is_none_or(|min| event.date >= min)
                && max.is_none_or(|max| event.date <= max)
        })
        .collect();
    if only_last {
        let newest = rows.pop();
        rows = newest.into_iter().collect();
    }
    if order.is_some_and(|(_, descending)| descending) {
        rows.reverse();
    }
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::with_room(rows.len() * 8 + 5, rows.len() * 100);
    page.push_counters(&mut response, rows.len(), total);
    for (id, _) in &rows {
        response.push("EVENT", id);
    }
    if wide {
        for (_, event) in &rows {
            response.push_str("EVENTCLASS", event.class);
        }
        for (n, column) in ["EVENTDATA0", "EVENTDATA1", "EVENTDATA2", "EVENTDATA3"]
            .into_iter()
            .enumerate()
        {
            for (_, event) in &rows {
                response.push_str(column, event.data.get(n).map_or("", |line| line));
            }
        }
        for (_, event) in &rows {
            response.push("EVENTDATE", event.date.datetime());
        }
        for (_, event) in &rows {
            response.push_str("EVENTSUBCLASS", event.subclass);
        }
    }
    Ok(response)
}

/// One event of the view's account.
///
/// ```text
/// COMMAND = StatusEvent
/// EVENT   = <id>
/// ---
/// PROPERTY[CLASS][0], PROPERTY[DATA][n], PROPERTY[DATE][0] = <YYYY-MM-DD hh:mm:ss.0>,
/// PROPERTY[INFO][0] = <URL-encoded text>, PROPERTY[SUBCLASS][0]
/// ```
pub(in crate::command) fn status_event(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_event(args)?;
    args.finish()?;
    let event = ctx
        .system
        .event_by_id(id)
        .filter(|event| *event.account == *ctx.owner())
        .ok_or_else(|| not_listed(id, ctx.owner()))?;
    let mut response = Response::ok();
    response.push_str("CLASS", event.class);
    for line in event.data_rows() {
        response.push_str("DATA", line);
    }
    response
        .push("DATE", format_args!("{}.0", event.date.datetime()))
        .push_str("INFO", &url_encode(&event.info))
        .push_str("SUBCLASS", event.subclass);
    Ok(response)
}

/// Removes one event of the view's account (a poller acknowledging it).
///
/// ```text
/// COMMAND = DeleteEvent
/// EVENT   = <id>
/// ---
/// (no properties)
/// ```
pub(in crate::command) fn delete_event(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_event(args)?;
    args.finish()?;
    let owner = ctx.owner().to_owned();
    if !ctx.system.delete_event(&owner, id) {
        return Err(Error::invalid(
            "EVENT",
            format_args!("{id} is not in {owner}'s event list (QueryEventList lists them)"),
        ));
    }
    Ok(Response::ok())
}

/// `545` for an id that is not one of `owner`'s events (StatusEvent in both
/// dialects, CNR's DeleteEvent; CNR shows the bare text, the log the reason).
pub(in crate::command) fn not_listed(id: u64, owner: &str) -> Error {
    Error::ObjectNotFound(format!(
        "event {id} is not in {owner}'s event list (QueryEventList lists them)"
    ))
}
