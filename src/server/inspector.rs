//! The request record and the web inspector's ring (issue 15). One
//! [`Record`] per API request, built once in `request.rs` from what the
//! request path already holds (the parsed request, the caller, the answer's
//! code and text, the encoded answer's `Bytes`, the full reason), moved into
//! an `Arc`: the log line is written from it and the ring keeps it. Nothing
//! is formatted for the inspector on the request path; `render.rs` turns a
//! record into JSON only when a page asks (`admin/inspector.rs` serves it).
//! The ring keeps the last [`KEEP`] records of each system by default
//! (`--inspector-keep`; at most [`KEEP_BYTES`]); with no page open a request pays one `Arc`, one short
//! lock and one relaxed load. Knows nothing of HTTP.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use tokio::sync::Notify;

use crate::auth::Caller;
use crate::dialect::Dialect;
use crate::registry::Entity;
use crate::wire::Request;

pub(super) mod render;

/// Records kept per system unless `--inspector-keep` says otherwise.
pub(super) const KEEP: usize = super::INSPECTOR_KEEP as usize;
/// Bytes (requests and encoded answers) kept per system at most, so that a
/// thousand large list answers cannot hold a gigabyte.
const KEEP_BYTES: usize = 16 << 20;

/// One API request as the log line and the inspector see it.
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
    pub(crate) code: u16,
    pub(crate) description: Cow<'static, str>,
    pub(crate) dialect: Dialect,
    pub(crate) runtime: Duration,
    /// The full reason of a refusal whose DESCRIPTION leaves it out.
    pub(crate) reason: Option<String>,
    /// The fault rule that changed the request.
    pub(crate) fault: Option<u32>,
    /// The encoded answer, as sent (the same refcounted bytes).
    pub(crate) answer: Bytes,
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
            code: 0,
            description: Cow::Borrowed(""),
            dialect: Dialect::Hexonet,
            runtime: Duration::ZERO,
            reason: None,
            fault: None,
            answer: Bytes::new(),
        }
    }

    /// Frees what the record holds (a record pushed out of its ring, whose
    /// allocation is kept for the next one).
    fn empty(&mut self) {
        self.request = None;
        self.caller = None;
        self.description = Cow::Borrowed("");
        self.reason = None;
        self.answer = Bytes::new();
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

    /// The login the log line and the page show: the authenticated
    /// principal, else what the request claimed.
    pub(crate) fn login(&self) -> Option<Cow<'_, str>> {
        match &self.caller {
            Some(caller) => Some(Cow::Owned(caller.principal.to_string())),
            None => self
                .request
                .as_ref()
                .and_then(|request| request.login.as_deref())
                .map(Cow::Borrowed),
        }
    }

    /// The COMMAND as sent.
    pub(crate) fn command(&self) -> Option<&str> {
        self.request.as_ref().and_then(Request::command)
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

/// The contents of `record` in an `Arc`, `record` left empty: swapped into
/// this thread's spare allocation when no page still holds it, else moved
/// into a new one.
fn shared(record: &mut Record) -> Arc<Record> {
    if let Some(mut spare) = SPARE.take()
        && let Some(slot) = Arc::get_mut(&mut spare)
    {
        std::mem::swap(slot, record);
        return spare;
    }
    Arc::new(std::mem::replace(record, Record::new(record.peer)))
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
    /// for this thread's next record ([`shared`]): a request neither
    /// allocates nor frees its record's `Arc`. `record` is left empty
    /// (untouched when the ring is off).
    pub(super) fn push(&self, record: &mut Record, size: usize) {
        if self.keep == 0 {
            return;
        }
        let record = shared(record);
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
        for mut old in evicted.into_iter().flatten() {
            if let Some(emptied) = Arc::get_mut(&mut old) {
                emptied.empty();
                SPARE.set(Some(old));
            }
        }
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
mod tests {
    use super::*;

    fn record(entity: Option<Entity>, code: u16) -> Record {
        Record {
            at: SystemTime::UNIX_EPOCH,
            peer: IpAddr::from([127, 0, 0, 1]),
            entity,
            request: None,
            caller: None,
            code,
            description: Cow::Borrowed("x"),
            dialect: Dialect::Hexonet,
            runtime: Duration::ZERO,
            reason: None,
            fault: None,
            answer: Bytes::new(),
        }
    }

    #[test]
    fn rings_keep_the_last_records_of_each_system_in_order() {
        let inspector = Inspector::new(KEEP);
        for n in 0..KEEP as u16 + 10 {
            inspector.push(&mut record(Some(Entity::Ote), 200 + n % 2), 100);
        }
        inspector.push(&mut record(Some(Entity::Live), 530), 100);
        inspector.push(&mut record(None, 505), 100);
        let ote = inspector.after(Entity::Ote, 0);
        assert_eq!(ote.len(), KEEP);
        assert_eq!(ote[0].0, 12, "1010 of OT&E and one of no system pushed");
        assert!(ote.windows(2).all(|w| w[0].0 < w[1].0));
        // A record of no known system is in both rings.
        assert_eq!(ote.last().unwrap().1.code, 505);
        let live = inspector.after(Entity::Live, 0);
        let codes: Vec<u16> = live.iter().map(|(_, r)| r.code).collect();
        assert_eq!(codes, [530, 505]);
        assert_eq!(inspector.after(Entity::Live, live[0].0).len(), 1);
        assert_eq!(inspector.get(live[0].0).unwrap().code, 530);
        assert!(inspector.get(1).is_none(), "pushed out");
    }

    #[test]
    fn the_number_kept_is_configurable_and_zero_keeps_none() {
        let off = Inspector::new(0);
        off.push(&mut record(Some(Entity::Ote), 200), 100);
        assert!(off.after(Entity::Ote, 0).is_empty());
        let three = Inspector::new(3);
        for code in [200, 201, 202, 203] {
            three.push(&mut record(Some(Entity::Ote), code), 100);
        }
        let codes: Vec<u16> = three
            .after(Entity::Ote, 0)
            .iter()
            .map(|(_, r)| r.code)
            .collect();
        assert_eq!(codes, [201, 202, 203]);
    }

    #[test]
    fn a_record_pushed_out_is_emptied_and_its_allocation_holds_the_next() {
        let inspector = Inspector::new(1);
        let mut first = record(Some(Entity::Live), 200);
        first.reason = Some("kept until pushed out".into());
        inspector.push(&mut first, 100);
        let kept = inspector.after(Entity::Live, 0);
        let at = Arc::as_ptr(&kept[0].1);
        drop(kept);
        inspector.push(&mut record(Some(Entity::Live), 201), 100);
        let spare = SPARE.take();
        assert!(spare.as_ref().is_some_and(|old| old.reason.is_none()));
        SPARE.set(spare);
        inspector.push(&mut record(Some(Entity::Live), 202), 100);
        let live = inspector.after(Entity::Live, 0);
        assert_eq!(live.len(), 1);
        assert_eq!(live[0].1.code, 202);
        assert_eq!(Arc::as_ptr(&live[0].1), at, "the first record's allocation");
    }

    #[test]
    fn the_byte_budget_pushes_out_large_records() {
        let inspector = Inspector::new(KEEP);
        for _ in 0..10 {
            inspector.push(&mut record(Some(Entity::Ote), 200), KEEP_BYTES / 4);
        }
        assert_eq!(inspector.after(Entity::Ote, 0).len(), 4);
    }
}
