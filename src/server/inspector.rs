//! The request record and the web inspector's ring (issue 15). One
//! [`Record`] per API request, made empty by [`fresh`] in the `Arc` the ring
//! keeps (the allocation of a record this thread pushed out of a ring, when
//! no page holds it) and filled in place by `request.rs` from what the
//! request path already holds (the parsed request, the caller, the answer's
//! code and text, the encoded answer's `Bytes`, the full reason): the log
//! line is written from it and the ring keeps it. Nothing is formatted for
//! the inspector on the request path; `render.rs` turns a record into JSON
//! only when a page asks (`admin/inspector.rs` serves it). The ring keeps
//! the last [`KEEP`] records of each system by default (`--inspector-keep`;
//! at most [`KEEP_BYTES`]); with no page open a request pays one short lock
//! and one relaxed load, and no allocation. Knows nothing of HTTP.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use tokio::sync::Notify;

use crate::auth::{Caller, ClientAddress};
use crate::dialect::Dialect;
use crate::registry::Entity;
use crate::wire::Request;

pub(super) mod render;

/// Records kept per system unless `--inspector-keep` says otherwise.
pub(super) const KEEP: usize = super::INSPECTOR_KEEP as usize;
/// The largest answer buffer a cleared record keeps for the next answer
/// ([`Record::clear`]): a usual answer's, not a long list's.
const ANSWER_KEPT: usize = 16 << 10;
/// Bytes (requests and encoded answers) kept per system at most, so that a
/// thousand large list answers cannot hold a gigabyte.
const KEEP_BYTES: usize = 16 << 20;

/// One API request as the log line and the inspector see it. `Clone` only
/// for `Arc::make_mut`, which never clones a record [`fresh`] gave.
#[derive(Clone)]
pub(crate) struct Record {
    /// When the answer was ready (wall clock).
    pub(crate) at: SystemTime,
    /// The TCP peer.
    pub(crate) peer: IpAddr,
    /// The system it reached: the caller's, else what the request named;
    /// `None` when neither tells (an unreadable request).
    pub(crate) entity: Option<Entity>,
    /// The parsed request; `None` when it could not be read or parsed.
    pub(crate) request: Option<Request>,
    /// Who sent it, when authentication succeeded.
    pub(crate) caller: Option<Caller>,
    /// The address a request refused before it had a caller was judged by
    /// (and a failed login counted against); a caller holds its own.
    pub(crate) client: Option<ClientAddress>,
    pub(crate) code: u16,
    pub(crate) description: Cow<'static, str>,
    pub(crate) dialect: Dialect,
    pub(crate) runtime: Duration,
    /// The full reason of a refusal whose DESCRIPTION leaves it out.
    pub(crate) reason: Option<String>,
    /// The fault rule that changed the request.
    pub(crate) fault: Option<u32>,
    /// The encoded answer, as sent (the HTTP body reads it from here).
    pub(crate) answer: String,
}

impl Record {
    /// The record of a request from `peer`, empty until the request path
    /// fills it in place (`request.rs`, `request/record.rs`).
    pub(crate) fn new(peer: IpAddr) -> Record {
        Record {
            at: SystemTime::UNIX_EPOCH,
            peer,
            entity: None,
            request: None,
            caller: None,
            client: None,
            code: 0,
            description: Cow::Borrowed(""),
            dialect: Dialect::Hexonet,
            runtime: Duration::ZERO,
            reason: None,
            fault: None,
            answer: String::new(),
        }
    }

    /// Makes the record a new one of `peer`'s, freeing what it held (a
    /// record pushed out of its ring, whose allocation holds the next one)
    /// but the buffer of its answer, emptied, for the next answer to be
    /// encoded into (unless it grew past [`ANSWER_KEPT`]).
    fn clear(&mut self, peer: IpAddr) {
        let mut answer = std::mem::take(&mut self.answer);
        *self = Record::new(peer);
        if answer.capacity() <= ANSWER_KEPT {
            answer.clear();
            self.answer = answer;
        }
    }

    /// The system a request reached: the caller's, else the one the
    /// request named (the CentralNic Reseller dialect reaches OT&E).
    pub(crate) fn system(
        caller: Option<&Caller>,
        dialect: Dialect,
        request: Option<&Request>,
    ) -> Option<Entity> {
        if let Some(caller) = caller {
            return Some(caller.entity);
        }
        match dialect {
            Dialect::Cnr => Some(Entity::Ote),
            Dialect::Hexonet => Entity::from_wire(request?.entity.as_deref()).ok(),
        }
    }

    /// The address the request was judged by: the caller's, else the one
    /// its refusal judged; `None` when it never got that far.
    pub(crate) fn client(&self) -> Option<&ClientAddress> {
        match &self.caller {
            Some(caller) => Some(&caller.client),
            None => self.client.as_ref(),
        }
    }

    /// The login the log line and the page show: the authenticated
    /// principal, else what the request claimed.
    pub(crate) fn login(&self) -> Option<Cow<'_, str>> {
        match &self.caller {
            Some(caller) => Some(Cow::Owned(caller.principal.to_string())),
            None => self.claimed_login().map(Cow::Borrowed),
        }
    }

    /// The login the request claimed: `s_login`, else the `LOGIN` of a
    /// CentralNic Reseller StartSession's body form (cnr-commands.md §29),
    /// which a refused login was judged by.
    pub(crate) fn claimed_login(&self) -> Option<&str> {
        let request = self.request.as_ref()?;
        match (&request.login, self.dialect) {
            (Some(login), _) => Some(login),
            (None, Dialect::Cnr)
                if request
                    .command()
                    .is_some_and(|command| command.eq_ignore_ascii_case("StartSession")) =>
            {
                request.params.get("LOGIN").map(|login| login.as_str())
            }
            (None, _) => None,
        }
    }

    /// The COMMAND as sent (a CNR login without one: StartSession).
    pub(crate) fn command(&self) -> Option<&str> {
        let request = self.request.as_ref()?;
        match request.command() {
            // The CNR login without a command opens a session
            // (cnr-dialect.md §3.2), so it is logged as StartSession.
            None if request.persistent && self.dialect == Dialect::Cnr => Some("StartSession"),
            command => command,
        }
    }

    /// Whether the answer is a refusal (not a 2xx code).
    pub(crate) fn refused(&self) -> bool {
        !(200..300).contains(&self.code)
    }
}

thread_local! {
    /// The allocation of the last record this thread pushed out of a ring,
    /// emptied, for its next record.
    static SPARE: std::cell::Cell<Option<Arc<Record>>> = const { std::cell::Cell::new(None) };
}

/// A new, unshared record of a request from `peer`, for the request path to
/// fill in place (`Arc::make_mut`): in this thread's spare allocation, a
/// record pushed out of a ring, when no page still holds it.
pub(crate) fn fresh(peer: IpAddr) -> Arc<Record> {
    if let Some(mut spare) = SPARE.take()
        && let Some(record) = Arc::get_mut(&mut spare)
    {
        record.peer = peer;
        return spare;
    }
    Arc::new(Record::new(peer))
}

/// Keeps the allocation of `record` as this thread's spare, emptied, when
/// nothing else holds it.
fn keep_spare(mut record: Arc<Record>) {
    if let Some(emptied) = Arc::get_mut(&mut record) {
        emptied.clear(emptied.peer);
        SPARE.set(Some(record));
    }
}

/// The rings of both systems and the page's wake-up.
pub(crate) struct Inspector {
    /// Records kept per system; 0: none (the ring is off).
    keep: usize,
    rings: Mutex<Rings>,
    /// Open event streams: requests wake them only when there are some.
    watchers: AtomicUsize,
    wake: Notify,
}

#[derive(Default)]
struct Rings {
    /// The next record's number (from 1), taken under the lock so that
    /// numbers rise along each ring.
    next: u64,
    /// OT&E's, then LIVE's.
    systems: [Ring; 2],
}

#[derive(Default)]
struct Ring {
    records: VecDeque<(u64, Arc<Record>, usize)>,
    bytes: usize,
}

fn slot(entity: Entity) -> usize {
    match entity {
        Entity::Ote => 0,
        Entity::Live => 1,
    }
}

impl Inspector {
    pub(super) fn new(keep: usize) -> Inspector {
        Inspector {
            keep,
            rings: Mutex::new(Rings {
                next: 1,
                ..Rings::default()
            }),
            watchers: AtomicUsize::new(0),
            wake: Notify::new(),
        }
    }

    fn rings(&self) -> std::sync::MutexGuard<'_, Rings> {
        self.rings.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `record` (about `size` bytes) in its system's ring, or in both
    /// when it names none, and wakes open pages. The record pushed out, if
    /// any, is emptied after the lock is released, and its allocation kept
    /// for this thread's next record ([`fresh`]): a request neither
    /// allocates nor frees its record's `Arc`. With the ring off, `record`
    /// itself is the spare.
    pub(super) fn push(&self, record: Arc<Record>, size: usize) {
        if self.keep == 0 {
            keep_spare(record);
            return;
        }
        let mut evicted = [None, None];
        {
            let mut rings = self.rings();
            let id = rings.next;
            rings.next += 1;
            let both = [0, 1];
            let slots = match record.entity {
                Some(entity) => &both[slot(entity)..=slot(entity)],
                None => &both[..],
            };
            for &at in slots {
                let ring = &mut rings.systems[at];
                ring.bytes += size;
                ring.records.push_back((id, record.clone(), size));
                while ring.records.len() > self.keep || ring.bytes > KEEP_BYTES {
                    let Some((_, old, size)) = ring.records.pop_front() else {
                        break;
                    };
                    ring.bytes -= size;
                    // The first one waits for the lock's release; any more
                    // (a large record pushed out many) go at once.
                    if evicted[at].is_none() {
                        evicted[at] = Some(old);
                    }
                }
            }
        }
        drop(record);
        evicted.into_iter().flatten().for_each(keep_spare);
        if self.watchers.load(Ordering::Relaxed) != 0 {
            self.wake.notify_waiters();
        }
    }

    /// The records of `entity` numbered after `after`, oldest first.
    pub(super) fn after(&self, entity: Entity, after: u64) -> Vec<(u64, Arc<Record>)> {
        let rings = self.rings();
        let ring = &rings.systems[slot(entity)].records;
        let start = ring.partition_point(|(id, _, _)| *id <= after);
        ring.range(start..)
            .map(|(id, record, _)| (*id, record.clone()))
            .collect()
    }

    /// Record `id`, if still kept.
    pub(super) fn get(&self, id: u64) -> Option<Arc<Record>> {
        let rings = self.rings();
        rings.systems.iter().find_map(|ring| {
            let at = ring.records.binary_search_by_key(&id, |(id, _, _)| *id);
            at.ok().map(|at| ring.records[at].1.clone())
        })
    }

    /// Records kept per system.
    pub(super) fn keep(&self) -> usize {
        self.keep
    }

    /// Registers an open event stream until the guard is dropped.
    pub(super) fn watch(&self) -> Watching<'_> {
        self.watchers.fetch_add(1, Ordering::Relaxed);
        Watching(self)
    }

    /// Resolves at the next push while a stream is registered.
    pub(super) fn pushed(&self) -> tokio::sync::futures::Notified<'_> {
        self.wake.notified()
    }
}

/// An open event stream, counted while it lives.
pub(super) struct Watching<'a>(&'a Inspector);

impl Drop for Watching<'_> {
    fn drop(&mut self) {
        self.0.watchers.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests;
