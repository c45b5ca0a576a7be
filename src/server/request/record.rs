//! The one record of an API request and what is made of it once its answer
//! is encoded: the record completed, the `/metrics` count and the request's
//! log line (written straight from the record by `log::write`); `request.rs`
//! then moves the record into the inspector's ring. Knows nothing of
//! routing, bodies or the registry.

use bytes::Bytes;
use tracing::Level;

use super::super::inspector::Record;
use super::super::{Peer, State};
use crate::auth::Caller;
use crate::wire::{Request, Response};

/// The request lines' target, as the log has always named it (a
/// `--log otebox::server::request=...` filter names it too).
const TARGET: &str = "otebox::server::request";

/// A role login as the log line writes it: `"account!role"`, quoted (both
/// are of plain characters), straight into the line.
struct Shown<'a>(&'a crate::registry::Principal);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{}\"", self.0)
    }
}

/// Whether request lines are on (asked of the filter once).
static LINES: crate::log::Enabled = crate::log::Enabled::new();

/// Completes the request's record (`inspector.rs`), made empty by the
/// request path and filled in place as the request went (its parsed request,
/// caller, reason and fault rule), from the answer (moved, not copied; the
/// encoded `answer` is the same refcounted bytes as the HTTP body), counts
/// the request, and writes the one `info` line from the record: who sent
/// what (the system and principal when authenticated, else what the request
/// claimed), the answer, whose description says why a refusal happened (or
/// the full `reason` where the dialect's text leaves it out), the time it
/// took (the response's RUNTIME, read once), and `fault=N` when fault rule
/// N changed the request. The caller then moves the record into the
/// inspector's ring. One event and no span: the fields are only evaluated
/// when the line is enabled, and none allocates for an account login.
pub(super) fn log_request(
    state: &State,
    peer: &Peer,
    record: &mut Record,
    response: &mut Response,
    answer: Bytes,
) {
    // Looked up once, for the count and the line.
    let command = record.request.as_ref().and_then(Request::command);
    state.metrics.record(command, response);
    record.at = std::time::SystemTime::now();
    record.entity = Record::system(
        record.caller.as_ref(),
        response.dialect,
        record.request.as_ref(),
    );
    record.code = response.code;
    record.dialect = response.dialect;
    record.runtime = response.runtime;
    record.description = std::mem::take(&mut response.description);
    record.answer = answer;
    if LINES.get(|| tracing::enabled!(target: TARGET, Level::INFO)) {
        log_line(peer, record, command);
    }
}

/// The request's `info` line (see [`log_request`]), written straight from
/// the record by `log::write` in the format of every other line.
fn log_line(peer: &Peer, record: &Record, command: Option<&str>) {
    let (request, caller) = (record.request.as_ref(), record.caller.as_ref());
    let message = record.reason.as_deref().unwrap_or(&record.description);
    crate::log::write(Level::INFO, TARGET, record.at, message, |line| {
        line.plain(crate::key!("peer"), &peer.text);
        // The address allow-lists judged, when a trusted proxy named another one.
        if let Some(client) = caller
            .map(|caller| caller.client.ip)
            .filter(|ip| *ip != peer.ip.to_canonical())
        {
            line.display(crate::key!("client"), &client);
        }
        // The caller's system is written by its code; a system the request
        // named, as sent.
        match (caller, request.and_then(|r| r.entity.as_deref())) {
            (Some(caller), _) => line.quoted(crate::key!("entity"), caller.entity.code()),
            (None, Some(entity)) => line.text(crate::key!("entity"), entity),
            (None, None) => {}
        }
        // A role login is written as `account!role` straight into the line.
        match caller {
            Some(Caller { principal, .. }) => match &principal.role {
                None => line.text(crate::key!("login"), &principal.account),
                Some(_) => line.display(crate::key!("login"), &Shown(principal)),
            },
            None => {
                if let Some(login) = request.and_then(|r| r.login.as_deref()) {
                    line.text(crate::key!("login"), login);
                }
            }
        }
        if let Some(command) = command {
            line.text(crate::key!("command"), command);
        }
        line.number(crate::key!("code"), u64::from(record.code));
        if let Some(fault) = record.fault {
            line.number(crate::key!("fault"), u64::from(fault));
        }
        line.number(crate::key!("micros"), record.runtime.as_micros() as u64);
    });
}
