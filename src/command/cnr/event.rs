//! The CentralNic Reseller event commands (cnr-commands.md §43):
//! QueryEventList, StatusEvent and DeleteEvent over the same events
//! HEXONET's commands read (`registry/event.rs`), with CNR's names, paging
//! and ordering, its `HISTORY`/`SHOWALL` views of acknowledged events and
//! `INCLUDESUB`'s subaccounts. Reads the parameters and builds the answers;
//! DeleteEvent's mark is the registry's.

use super::super::event::{not_listed, read_event};
use super::super::list::{glob, read_date, read_end_date};
use super::super::{Args, Ctx};
use super::columns;
use super::dnszone_list::{read_order, read_order_by, read_window};
use super::push_window;
use crate::error::Result;
use crate::registry::event::Event;
use crate::wire::Response;

/// The columns of `WIDE=1`, alphabetical as `column[i]` lists them; with
/// `INCLUDESUB=1`, `registrar` follows.
const WIDE: &[&str] = &[
    "event",
    "event date",
    "eventclass",
    "eventsubclass",
    "object id",
];

/// Which events a list or StatusEvent sees: new ones (the default), only
/// acknowledged ones (`HISTORY=1`), or both (`SHOWALL=1`).
#[derive(Clone, Copy)]
enum Kept {
    New,
    Deleted,
    All,
}

impl Kept {
    fn read(args: &mut Args<'_>) -> Result<Kept> {
        let history = args.flag("HISTORY")?.unwrap_or(false);
        let all = args.flag("SHOWALL")?.unwrap_or(false);
        Ok(match (all, history) {
            (true, _) => Kept::All,
            (false, true) => Kept::Deleted,
            (false, false) => Kept::New,
        })
    }

    fn admits(self, event: &Event) -> bool {
        match self {
            Kept::New => !event.deleted,
            Kept::Deleted => event.deleted,
            Kept::All => true,
        }
    }
}

/// Lists the view's account's events (with `INCLUDESUB=1` its subaccounts'
/// too), oldest first unless ORDERBY says otherwise.
///
/// ```text
/// COMMAND    = QueryEventList
/// CLASS, SUBCLASS = <pattern, * any run>     (filters)
/// MINDATE, MAXDATE = <YYYY-MM-DD[ hh:mm:ss]> (inclusive; a date alone as MAXDATE is the whole day)
/// HISTORY    = 0 | 1    (1: only the events DeleteEvent acknowledged)
/// SHOWALL    = 0 | 1    (1: new and acknowledged ones)
/// INCLUDESUB = 0 | 1    (1: the subaccounts' events too, with registrar)
/// ORDERBY    = CLASS | SUBCLASS | OBJECTID | DATE    ORDER = ASC | DESC
/// WIDE       = 0 | 1    FIRST = <n> (0)   LIMIT = <n> (1000, at most 10000)
/// GENERATELIST, SENDLISTEMAIL = accepted
/// ---
/// property[column][i] = event (WIDE: event, event date, eventclass, eventsubclass, object id;
///                       INCLUDESUB: registrar)
/// property[count][0], property[event][n] (WIDE: each row's cells together)
/// property[events count][0], property[events total][0]
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_event_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let class = args.optional("CLASS");
    let subclass = args.optional("SUBCLASS");
    let min = read_date(args, "MINDATE")?;
    let max = read_end_date(args, "MAXDATE")?;
    let kept = Kept::read(args)?;
    let include_sub = args.flag("INCLUDESUB")?.unwrap_or(false);
    let order_by = read_order_by(args, &["class", "subclass", "objectid", "date"])?;
    let descending = read_order(args)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let window = read_window(args, super::super::list::MAX_LIMIT)?;
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    args.finish()?;
    let system = &*ctx.system;
    let owner = ctx.owner();
    let mut accounts = vec![owner];
    if include_sub {
        accounts.extend(system.descendants(owner));
    }
    let mut rows: Vec<(u64, &Event)> = accounts
        .iter()
        .flat_map(|account| system.all_events_of(account))
        .filter(|(_, event)| {
            kept.admits(event)
                && class.is_none_or(|class| glob(class, event.class))
                && subclass.is_none_or(|subclass| glob(subclass, event.subclass))
                && min.is_none_or(|min| event.date >= min)
                && max.is_none_or(|max| event.date <= max)
        })
        .collect();
    // Ids grow with time, so the id is the date's order and each key's tie-break.
    rows.sort_by_key(|(id, _)| *id);
    match order_by {
        Some("class") => rows.sort_by_key(|(_, event)| event.class),
        Some("subclass") => rows.sort_by_key(|(_, event)| event.subclass),
        Some("objectid") => rows.sort_by_key(|(_, event)| event.object_id()),
        _ => {}
    }
    if descending {
        rows.reverse();
    }
    let (page, total) = window.take(rows.into_iter());
    let cells = if wide { WIDE.len() } else { 1 } + usize::from(include_sub);
    let mut response = Response::with_room(page.len() * cells + 14, page.len() * cells * 24);
    columns(&mut response, if wide { WIDE } else { &WIDE[..1] });
    if include_sub {
        columns(&mut response, &["registrar"]);
    }
    response.push("count", page.len());
    for (id, event) in &page {
        response.push("event", id);
        if wide {
            response
                .push("event date", event.date.datetime())
                .push_str("eventclass", event.class)
                .push_str("eventsubclass", event.subclass)
                .push_str("object id", event.object_id());
        }
        if include_sub {
            response.push_str("registrar", &event.account);
        }
    }
    response
        .push("events count", page.len())
        .push("events total", total);
    push_window(&mut response, window, page.len(), total);
    Ok(response)
}

/// One event of the view's account; with `HISTORY=1` also one DeleteEvent
/// acknowledged. `545` for any other id.
///
/// ```text
/// COMMAND = StatusEvent
/// EVENT   = <id>
/// HISTORY = 0 | 1
/// ---
/// property[class][0], property[data][n], property[date][0] = <YYYY-MM-DD hh:mm:ss>,
/// property[info][0], property[object id][0], property[subclass][0]
/// ```
pub(super) fn status_event(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_event(args)?;
    let kept = match args.flag("HISTORY")?.unwrap_or(false) {
        true => Kept::All,
        false => Kept::New,
    };
    args.finish()?;
    let event = ctx
        .system
        .any_event_by_id(id)
        .filter(|event| *event.account == *ctx.owner() && kept.admits(event))
        .ok_or_else(|| not_listed(id, ctx.owner()))?;
    let mut response = Response::ok();
    response.push_str("class", event.class);
    for line in event.data_rows() {
        response.push_str("data", line);
    }
    response
        .push("date", event.date.datetime())
        .push_str("info", &event.info)
        .push_str("object id", event.object_id())
        .push_str("subclass", event.subclass);
    Ok(response)
}

/// Acknowledges one new event of the view's account: it leaves the default
/// list and stays in `HISTORY=1`. `545` for any other id, also one
/// acknowledged already.
///
/// ```text
/// COMMAND = DeleteEvent
/// EVENT   = <id>
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn delete_event(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_event(args)?;
    args.finish()?;
    let owner = ctx.owner().to_owned();
    if !ctx.system.delete_event(&owner, id) {
        return Err(not_listed(id, &owner));
    }
    Ok(Response::ok())
}
