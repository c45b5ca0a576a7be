//! The one record of an API request and what is made of it once its answer
//! is encoded: the record completed, the `/metrics` count and the request's
//! log line (handed to the log's writer thread as the record itself, and
//! formatted there: `log::defer`); `request.rs` then moves the record into
//! the inspector's ring. Knows nothing of routing, bodies or the registry.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::SystemTime;

use tracing::Level;

use super::super::State;
use super::super::inspector::Record;
use crate::auth::Caller;
use crate::wire::Response;

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
/// caller, reason, fault rule and encoded answer), from the answer (moved,
/// not copied), and counts the request; [`log_line`] then hands the record
/// to the log.
pub(super) fn complete(state: &State, record: &mut Record, response: &mut Response) {
    state.metrics.record(record.command(), response);
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
}

/// The request's one `info` line, when request lines are on: the record
/// itself goes to the log's writer thread, which writes the line from it
/// ([`Record`]'s `log::Deferred`), in the format of every other line.
pub(super) fn log_line(record: &Arc<Record>) {
    if LINES.get(|| tracing::enabled!(target: TARGET, Level::INFO)) {
        crate::log::defer(Level::INFO, TARGET, record.clone());
    }
}

thread_local! {
    /// The last peer address written and its text (on the log's writer
    /// thread): lines in a row mostly come from one address, and `Display`
    /// of an address is slow.
    static PEER: RefCell<Option<(IpAddr, String)>> = const { RefCell::new(None) };
}

/// The request line, written from the record on the log's writer thread:
/// who sent what (the system and principal when authenticated, else what
/// the request claimed), the answer, whose description says why a refusal
/// happened (or the full `reason` where the dialect's text leaves it out),
/// the time it took (the response's RUNTIME), and `fault=N` when fault rule
/// N changed the request. None of it allocates for an account login.
impl crate::log::Deferred for Record {
    fn at(&self) -> SystemTime {
        self.at
    }

    fn write(&self, line: &mut crate::log::Line<'_>) {
        let (request, caller) = (self.request.as_ref(), self.caller.as_ref());
        line.message(self.reason.as_deref().unwrap_or(&self.description));
        PEER.with_borrow_mut(|peer| {
            let text = match peer {
                Some((ip, text)) if *ip == self.peer => text,
                _ => {
                    let mut text = String::new();
                    let _ = write!(text, "{}", self.peer);
                    &mut peer.insert((self.peer, text)).1
                }
            };
            line.plain(crate::key!("peer"), text);
        });
        // The address allow-lists judged (and a failed login counted
        // against), when a trusted proxy named another one.
        if let Some(client) = self
            .client()
            .map(|client| client.ip)
            .filter(|ip| *ip != self.peer.to_canonical())
        {
            line.display(crate::key!("client"), &client);
        }
        // The caller's system is written by its code; a system the request
        // named, as sent.
        match (caller, request.and_then(|r| r.entity.as_deref())) {
            (Some(caller), _) => line.quoted(crate::key!("entity"), caller.entity.code()),
            (None, Some(entity)) => line.text(crate::key!("entity"), entity),
            // The system the dialect reaches (CNR's is OT&E).
            (None, None) => {
                if let Some(entity) = self.entity {
                    line.quoted(crate::key!("entity"), entity.code());
                }
            }
        }
        // A role login is written as `account!role` straight into the line.
        match caller {
            Some(Caller { principal, .. }) => match &principal.role {
                None => line.text(crate::key!("login"), &principal.account),
                Some(_) => line.display(crate::key!("login"), &Shown(principal)),
            },
            None => {
                if let Some(login) = self.claimed_login() {
                    line.text(crate::key!("login"), login);
                }
            }
        }
        if let Some(command) = self.command() {
            line.text(crate::key!("command"), command);
        }
        line.number(crate::key!("code"), u64::from(self.code));
        if let Some(fault) = self.fault {
            line.number(crate::key!("fault"), u64::from(fault));
        }
        line.number(crate::key!("micros"), self.runtime.as_micros() as u64);
    }
}
