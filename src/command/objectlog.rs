//! The object log on the wire (design note §5.1–5.2): the intents handlers
//! queue with `ctx.log(...)`, which `dispatch` turns into entries after the
//! handler answered Ok ([`write`]: the request's lines with secrets as
//! `***`, the response's code and description), and the commands
//! QueryObjectLogList and StatusObjectLog. The records, bounds and indexes
//! live in `registry/objectlog.rs`; this file touches nothing else.

use super::list::{Page, UserDepth, read_date, read_end_date};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::registry::objectlog::{Info, LogEntry, Logged, Op, OpStatus};
use crate::wire::{Request, Response, SUCCESS, is_secret};

/// An entry a handler asked for; written only if the command succeeds.
#[derive(Debug, Clone)]
pub struct Intent {
    op: Op,
    status: OpStatus,
    object: String,
}

impl Intent {
    pub fn new(op: Op, status: OpStatus, object: &str) -> Intent {
        Intent {
            op,
            status,
            object: object.to_owned(),
        }
    }
}

/// Writes the intents of a successful command `command` into the view's log.
/// The full lines are kept for what WHMCS parses or a tester debugs
/// (transfer requests, trades, pushes, user transfers, AssignObject's
/// moves with their REASON, failures, answers other than the plain
/// success); the rest keeps the short form.
pub(super) fn write(
    ctx: &mut Ctx<'_>,
    command: &'static str,
    request: &Request,
    answer: &Response,
) {
    if ctx.log.is_empty() {
        return;
    }
    let intents = std::mem::take(&mut ctx.log);
    let account = ctx.owner().to_owned();
    let principal = &ctx.caller.principal;
    let plain = answer.code == 200
        && match answer.description.strip_prefix(SUCCESS) {
            Some("") => true,
            Some("; action pending") => answer.pending,
            _ => false,
        };
    for intent in intents {
        let full = !plain
            || intent.status == OpStatus::Failed
            || matches!(intent.op, Op::Trade | Op::Push | Op::UserTransfer)
            || command == "AssignObject"
            || (intent.op, intent.status) == (Op::Transfer, OpStatus::Request);
        let info = if full {
            let sent = request.command().unwrap_or(command);
            let lines = std::iter::once(("COMMAND", sent)).chain(
                request
                    .params
                    .iter()
                    .filter(|(key, _)| *key != "COMMAND")
                    .map(|(key, value)| match is_secret(key) {
                        true => (key.as_str(), "***"),
                        false => (key.as_str(), value.as_str()),
                    }),
            );
            let (user, address) = (principal.to_string(), ctx.caller.client.ip.to_string());
            let header = Some((user.as_str(), address.as_str()));
            Info::lines(
                header,
                lines,
                answer.code,
                &answer.description,
                answer.pending,
            )
        } else {
            Info::Short {
                command,
                pending: answer.pending,
            }
        };
        let role = principal.role.as_deref().unwrap_or("");
        let entry = LogEntry {
            info,
            ..LogEntry::new(ctx.now, &account, &intent.object, intent.op, intent.status)
        }
        .by(&principal.account, role);
        ctx.system.log_object(entry);
    }
}

/// ORDERBY out of `keys`, each optionally with `DESC`; `541` otherwise (the
/// log and event pages list 541, not 506). `None` when absent.
pub(super) fn read_order(
    args: &mut Args<'_>,
    keys: &[&'static str],
) -> Result<Option<(&'static str, bool)>> {
    let Some(text) = args.optional("ORDERBY") else {
        return Ok(None);
    };
    let upper = text.to_ascii_uppercase();
    for key in keys {
        if upper == *key {
            return Ok(Some((key, false)));
        }
        if upper.strip_suffix("DESC") == Some(key) {
            return Ok(Some((key, true)));
        }
    }
    Err(Error::invalid(
        "ORDERBY",
        format_args!(
            "({text}) is not one of {}, each optionally followed by DESC",
            keys.join(", ")
        ),
    ))
}

/// Log entries (with their LOGINDEX) in a list's order: by OBJECTID (ties
/// by index) or by index, which is LOGDATE's and OBJECTCLASS's order too
/// (indexes grow with time; every entry is a DOMAIN's).
pub(super) fn sort_entries(rows: &mut [(u64, Logged<'_>)], key: &str, descending: bool) {
    match key {
        "OBJECTID" => rows.sort_by(|a, b| a.1.object.cmp(b.1.object).then(a.0.cmp(&b.0))),
        _ => rows.sort_by_key(|(index, _)| *index),
    }
    if descending {
        rows.reverse();
    }
}

/// The columns both log lists open with: LOGDATE, LOGINDEX, LOGROLEID,
/// LOGUSER, OBJECTCLASS and OBJECTID, one row per entry.
pub(super) fn push_entry_head(response: &mut Response, rows: &[(u64, Logged<'_>)]) {
    for (_, entry) in rows {
        response.push("LOGDATE", entry.date.datetime());
    }
    for (index, _) in rows {
        response.push("LOGINDEX", index);
    }
    for (_, entry) in rows {
        response.push_str("LOGROLEID", entry.role());
    }
    for (_, entry) in rows {
        response.push_str("LOGUSER", entry.user());
    }
    for _ in rows {
        response.push_str("OBJECTCLASS", "DOMAIN");
    }
    for (_, entry) in rows {
        response.push_str("OBJECTID", entry.object);
    }
}

/// OBJECTID as the log keeps it: a domain's ACE name, anything else lower-cased.
pub(super) fn read_object(args: &mut Args<'_>) -> Option<String> {
    args.optional("OBJECTID").map(|text| {
        DomainName::parse(text).map_or_else(
            |_| text.to_ascii_lowercase(),
            |name| name.as_str().to_owned(),
        )
    })
}

/// Lists log entries of the view's account (USERDEPTH: its subusers' too),
/// newest first by default. With OBJECTID only that object's entries are
/// walked (at most 100), otherwise the account's (at most 10,000).
///
/// ```text
/// COMMAND         = QueryObjectLogList
/// OBJECTCLASS     = DOMAIN                 (optional)
/// OBJECTID        = <domain>               (optional)
/// OPERATIONTYPE   = CREATE | UPDATE | RENEW | DELETE | EXPIRE | RESTORE | TRADE | ...
/// OPERATIONSTATUS = SUCCESSFUL | FAILED | FINAL | REQUEST | ...
/// FIRST, LIMIT    = <window>               (LIMIT default 100)
/// MINDATE/MAXDATE = <YYYY-MM-DD[ hh:mm:ss]> (inclusive; a date alone as MAXDATE is 23:59:59)
/// ORDERBY         = OBJECTID | OBJECTCLASS | LOGDATE, each [DESC] (default LOGDATEDESC)
/// USERDEPTH       = SELF | SUBUSER | ALL   (default SELF)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[LOGDATE|LOGINDEX|LOGROLEID|LOGUSER|OBJECTCLASS|OBJECTID|
///          OPERATIONSTATUS|OPERATIONTYPE|REFERENCE][n]
/// ```
pub(in crate::command) fn query_object_log_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let class = args.optional("OBJECTCLASS");
    let object = read_object(args);
    let op = args.optional("OPERATIONTYPE");
    let status = args.optional("OPERATIONSTATUS");
    let page = Page::read(args, 100)?;
    let min = read_date(args, "MINDATE")?;
    let max = read_end_date(args, "MAXDATE")?;
    let order = read_order(args, &["OBJECTID", "OBJECTCLASS", "LOGDATE"])?;
    // The page lists 541, not 506, for a value outside the set.
    let depth = UserDepth::read(args, UserDepth::SelfOnly).map_err(|error| match error {
        Error::InvalidOption(text) => Error::InvalidValue(text),
        other => other,
    })?;
    args.finish()?;
    let system = &*ctx.system;
    let class_ok = class.is_none_or(|class| class.eq_ignore_ascii_case("DOMAIN"));
    let mut rows: Vec<(u64, Logged<'_>)> = Vec::new();
    for owner in depth.owners(system, ctx.owner()) {
        rows.extend(
            system
                .log_of(owner, object.as_deref())
                .filter(|(_, entry)| {
                    class_ok
                        && op.is_none_or(|op| op.eq_ignore_ascii_case(entry.op.name()))
                        && status
                            .is_none_or(|status| status.eq_ignore_ascii_case(entry.status.name()))
                        && min.is_none_or(|min| entry.date >= min)
                        && max.is_none_or(|max| entry.date <= max)
                }),
        );
    }
    let (key, descending) = order.unwrap_or(("LOGDATE", true));
    sort_entries(&mut rows, key, descending);
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::with_room(rows.len() * 9 + 5, rows.len() * 120);
    page.push_counters(&mut response, rows.len(), total);
    push_entry_head(&mut response, &rows);
    for (_, entry) in &rows {
        response.push_str("OPERATIONSTATUS", entry.status.name());
    }
    for (_, entry) in &rows {
        response.push_str("OPERATIONTYPE", entry.op.name());
    }
    for (_, entry) in &rows {
        response.push_str("REFERENCE", entry.user());
    }
    Ok(response)
}

/// One log entry of the view's account or its subtree, with the command
/// and response lines (OPERATIONINFO, one line each, `EOF` last).
///
/// ```text
/// COMMAND  = StatusObjectLog
/// LOGINDEX = <index>
/// ---
/// PROPERTY[LOGDATE][0], [LOGROLEID][0], [LOGSTATUS][0] = ok, [LOGUSER][0],
/// PROPERTY[OBJECTCLASS][0], [OBJECTID][0], [OPERATIONINFO][n],
/// PROPERTY[OPERATIONSTATUS][0], [OPERATIONTYPE][0], [REFERENCE][0]
/// ```
pub(in crate::command) fn status_object_log(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let text = args.required("LOGINDEX")?;
    let index: u64 = text
        .parse()
        .map_err(|_| Error::syntax_rule("LOGINDEX", text, "is not a log index (digits)"))?;
    args.finish()?;
    let system = &*ctx.system;
    let entry = system
        .log_entry(index)
        .filter(|entry| system.in_subtree(ctx.owner(), entry.account))
        .ok_or_else(|| {
            Error::ObjectNotFound(format!(
                "log entry {index} is not in {}'s log (QueryObjectLogList lists its entries)",
                ctx.owner()
            ))
        })?;
    let lines = entry.lines();
    let mut response = Response::with_room(lines.len() + 9, 80 * lines.len() + 120);
    response
        .push("LOGDATE", entry.date.datetime())
        .push_str("LOGROLEID", entry.role())
        .push_str("LOGSTATUS", "ok")
        .push_str("LOGUSER", entry.user())
        .push_str("OBJECTCLASS", "DOMAIN")
        .push_str("OBJECTID", entry.object);
    for line in &lines {
        response.push_str("OPERATIONINFO", line);
    }
    response
        .push_str("OPERATIONSTATUS", entry.status.name())
        .push_str("OPERATIONTYPE", entry.op.name())
        .push_str("REFERENCE", entry.user());
    Ok(response)
}

#[cfg(test)]
mod tests {
    use crate::wire::is_secret;

    #[test]
    fn secrets_are_auth_codes_passwords_and_otp() {
        for key in [
            "AUTH",
            "X-DE-AUTH",
            "PASSWORD",
            "NEWPASSWORD",
            "OTPSECRET",
            "OTP",
            "OLDOTP",
            "DOMAINAUTH",
            "oldPassword",
            "X-AERO-ENS-AUTH-KEY",
            "X-CAT-ENS-AUTH-KEY",
            "PASSWORD2",
            "AUTH0",
        ] {
            assert!(is_secret(key), "{key}");
        }
        for key in [
            "DOMAIN",
            "AUTHOR",
            "OWNERCONTACT0EMAIL",
            "PERIOD",
            "X-CAT-ENS-AUTH-ID",
            "DOMAIN0",
            "NAMESERVER12",
        ] {
            assert!(!is_secret(key), "{key}");
        }
    }
}
