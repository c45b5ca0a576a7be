//! `--durable` (issue 15): a write-ahead journal of the requests that
//! changed the state, replayed at start through [`crate::handle`] (the
//! registry is deterministic: the same requests with the same `Meta` give
//! the same state), and compacted snapshots that bound the replay. Owns
//! what is journaled ([`record`]: under the registry lock, in execution
//! order), the group commit ([`durable`]: a request's answer waits until
//! one flusher thread has written and fsynced its record, one fsync for
//! everything appended meanwhile), compaction (a thread, every
//! [`Settings::compact_records`] records or [`Settings::compact_bytes`]
//! bytes; after every admin change; at clean shutdown). The start is
//! `journal/open.rs`, the file formats `journal/store.rs`. An I/O error of the
//! journal is fatal: otebox exits rather than answer a change it could not
//! keep. The zones' DNS query counts (`--dns-listen`) are the one state no
//! request makes: they reach the disk only with a compaction.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

use tracing::{error, info};

use super::State;
use crate::registry::snapshot::seal;
use crate::registry::{Entity, Registry};
use crate::wire::Request;
use crate::{Meta, Outcome};

mod open;
mod store;

pub use open::open;

use store::Record;

/// When a compaction starts on its own.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// After this many journal records…
    pub compact_records: u64,
    /// …or this many journal bytes, whichever comes first.
    pub compact_bytes: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            compact_records: 100_000,
            compact_bytes: 64 << 20,
        }
    }
}

/// The journal of a durable server (`Config::journal`).
pub struct Journal {
    /// `<dir>/lock`, locked for as long as this process runs: a second
    /// otebox on the same directory is refused instead of corrupting it.
    _lock: File,
    dir: PathBuf,
    settings: Settings,
    inner: Mutex<Inner>,
    /// Wakes the flusher (records to write) and the compactor (asked to run).
    wake: Condvar,
    /// The last record number that is durable (written and fsynced, or in
    /// a durable compacted state).
    synced: tokio::sync::watch::Sender<u64>,
    /// One compaction at a time.
    compacting: Mutex<()>,
    registry: OnceLock<Arc<Mutex<Registry>>>,
    /// The last record the flusher made durable.
    flushed: AtomicU64,
    /// Admin changes under way ([`Hold`]): until each is compacted, no
    /// answer that a record is durable is given (a record appended after
    /// the change may depend on it, and the change is in no record).
    holds: AtomicU64,
    /// Bytes in the journal segments since the last compaction (`/metrics`).
    bytes: AtomicU64,
    gauge: OnceLock<prometheus_client::metrics::gauge::Gauge>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Journal({})", self.dir.display())
    }
}

struct Inner {
    /// Records not yet handed to the flusher, by the segment file they go to.
    pending: Vec<(Arc<File>, Vec<u8>)>,
    current: Arc<File>,
    segment: u64,
    /// The number of the last record appended.
    appended: u64,
    records_since: u64,
    bytes_since: u64,
    compact_asked: bool,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An I/O error of the journal: the state in memory is ahead of what is
/// kept, and no answer may say otherwise.
fn fatal(what: &str, error: std::io::Error) -> ! {
    error!(%error, "durable journal: {what} failed; exiting (a restart replays what was kept)");
    eprintln!("otebox: durable journal: {what} failed: {error}");
    std::process::exit(70);
}

impl Journal {
    /// Starts the compactor on the server's registry; `gauge` shows the
    /// journal's size in `/metrics`.
    pub(super) fn attach(
        self: &Arc<Self>,
        registry: Arc<Mutex<Registry>>,
        gauge: prometheus_client::metrics::gauge::Gauge,
    ) {
        let _ = self.gauge.set(gauge);
        self.publish_size();
        if self.registry.set(registry).is_ok() {
            let compactor = self.clone();
            let _ = std::thread::Builder::new()
                .name("otebox-compact".into())
                .spawn(move || compactor.compact_loop());
        }
    }

    /// Shows the journal's size in `/metrics`.
    fn publish_size(&self) {
        if let Some(gauge) = self.gauge.get() {
            let bytes = self.bytes.load(Ordering::Relaxed);
            gauge.set(i64::try_from(bytes).unwrap_or(i64::MAX));
        }
    }

    /// Appends a record (under the registry lock); its number.
    fn append(&self, record: &Record) -> u64 {
        let mut framed = Vec::new();
        store::frame_record(&mut framed, record);
        let mut inner = lock(&self.inner);
        let length = framed.len() as u64;
        let current = inner.current.clone();
        match inner.pending.last_mut() {
            Some((file, bytes)) if Arc::ptr_eq(file, &current) => bytes.extend_from_slice(&framed),
            _ => inner.pending.push((current, framed)),
        }
        inner.appended += 1;
        inner.records_since += 1;
        inner.bytes_since += length;
        self.bytes.fetch_add(length, Ordering::Relaxed);
        let due = inner.records_since >= self.settings.compact_records
            || inner.bytes_since >= self.settings.compact_bytes;
        if due && !inner.compact_asked {
            inner.compact_asked = true;
        }
        let ticket = inner.appended;
        drop(inner);
        self.publish_size();
        self.wake.notify_all();
        ticket
    }

    /// Writes and fsyncs what was appended, round after round: everything
    /// appended while one round ran goes in the next (group commit).
    fn flush_loop(&self) {
        loop {
            let (pending, upto) = {
                let mut inner = lock(&self.inner);
                while inner.pending.is_empty() {
                    inner = self
                        .wake
                        .wait(inner)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                (std::mem::take(&mut inner.pending), inner.appended)
            };
            for (file, bytes) in pending {
                let mut writer: &File = &file;
                if let Err(error) = writer.write_all(&bytes).and_then(|()| file.sync_data()) {
                    fatal("writing the journal", error);
                }
            }
            self.flushed.fetch_max(upto, Ordering::SeqCst);
            if self.holds.load(Ordering::SeqCst) == 0 {
                self.publish(upto);
            }
        }
    }

    /// Tells the waiting answers that records up to `upto` are durable.
    fn publish(&self, upto: u64) {
        self.synced.send_if_modified(|synced| {
            let newer = upto > *synced;
            *synced = (*synced).max(upto);
            newer
        });
    }

    /// Waits for compactions asked for by [`Journal::append`].
    fn compact_loop(&self) {
        loop {
            {
                let mut inner = lock(&self.inner);
                while !inner.compact_asked {
                    inner = self
                        .wake
                        .wait(inner)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
            self.compact("size");
        }
    }

    /// Compacts: both systems encoded under the registry lock and a new
    /// segment started there (so the state file holds exactly the records
    /// before it), then the file sealed and written outside the lock; the
    /// records up to then are durable once it is.
    pub(super) fn compact(&self, why: &str) {
        let Some(registry) = self.registry.get() else {
            return;
        };
        let _one = lock(&self.compacting);
        let started = Instant::now();
        let (mut systems, next, upto, locked) = {
            let registry = lock(registry);
            let held = Instant::now();
            let systems: Vec<Vec<u8>> = Entity::ALL
                .iter()
                .map(|entity| registry.system(*entity).encode())
                .collect();
            let mut inner = lock(&self.inner);
            let next = inner.segment + 1;
            let file = store::create_segment(&self.dir, next)
                .unwrap_or_else(|error| fatal("starting a journal segment", error));
            inner.current = Arc::new(file);
            inner.segment = next;
            inner.records_since = 0;
            inner.bytes_since = 0;
            inner.compact_asked = false;
            self.bytes
                .store(store::SEGMENT_MAGIC.len() as u64, Ordering::Relaxed);
            self.publish_size();
            (systems, next, inner.appended, held.elapsed())
        };
        for file in &mut systems {
            seal(file);
        }
        let bytes = store::write_state(&self.dir, next, &systems)
            .unwrap_or_else(|error| fatal("writing the compacted state", error));
        self.publish(upto);
        let (locked, millis) = (
            locked.as_micros() as u64,
            started.elapsed().as_millis() as u64,
        );
        info!(
            why,
            generation = next,
            bytes,
            locked_micros = locked,
            millis,
            "durable state compacted"
        );
    }

    /// Waits until record `ticket` is durable.
    async fn wait(&self, ticket: u64) {
        let mut synced = self.synced.subscribe();
        let _ = synced.wait_for(|synced| *synced >= ticket).await;
    }
}

/// Whether a command only reads (its name says so): such requests are not
/// journaled. Every other command is, when it succeeded (ExecuteOrder
/// also when refused: [`keeps_refusals`]).
fn reads_only(command: &str) -> bool {
    const READS: [&str; 6] = ["query", "check", "status", "get", "find", "convert"];
    READS.iter().any(|prefix| {
        command
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    })
}

/// Whether a refusal of the command still changes the state: ExecuteOrder
/// keeps a failed execution's answer and count on the order.
fn keeps_refusals(command: &str) -> bool {
    command.eq_ignore_ascii_case("ExecuteOrder")
}

/// After `execute`, under the registry lock: journals a request that may
/// have changed the state. A command that succeeded and does not only read
/// is journaled, and its answer waits for the record ([`durable`]). A
/// request that came with a session is journaled too, whatever it is and
/// however it ended (it kept the session alive, or ended an expired one,
/// which a later write by that session depends on), but its answer does
/// not wait: any later write waits for the records before its own. Not
/// journaled: refusals without a session and reads by credentials (their
/// only trace is the abuse counters, which a replay leaves at rest).
pub(super) fn record(
    state: &State,
    meta: &Meta,
    (query, body): (&[u8], &[u8]),
    request: &Request,
    outcome: &Outcome,
) -> Option<u64> {
    let journal = state.config.journal.as_ref()?;
    let code = outcome.response.code;
    let command = request.command();
    let writes = ((200..300).contains(&code) && !command.is_some_and(reads_only))
        || command.is_some_and(keeps_refusals);
    if writes {
        return Some(journal.append(&Record::api(meta, query, body)));
    }
    if request.session.is_some() {
        journal.append(&Record::api(meta, query, body));
    }
    None
}

/// Before answering: waits until the request's record is durable.
pub(super) async fn durable(state: &State, ticket: Option<u64>) {
    if let (Some(journal), Some(ticket)) = (state.config.journal.as_ref(), ticket) {
        journal.wait(ticket).await;
    }
}

/// An admin change under way (clock, accounts, reset, restore): taken
/// before the change, handed to [`after_admin`] after it. While one is
/// held, records are written but not reported durable, so no request that
/// follows the change is acknowledged before the change is kept too.
pub(super) struct Hold(Option<Arc<Journal>>);

/// Takes a [`Hold`] before an admin change.
pub(super) fn hold(state: &State) -> Hold {
    let journal = state.config.journal.clone();
    if let Some(journal) = &journal {
        journal.holds.fetch_add(1, Ordering::SeqCst);
    }
    Hold(journal)
}

impl Drop for Hold {
    fn drop(&mut self) {
        if let Some(journal) = self.0.take() {
            // The last hold let go: what the flusher kept meanwhile is durable.
            if journal.holds.fetch_sub(1, Ordering::SeqCst) == 1 {
                journal.publish(journal.flushed.load(Ordering::SeqCst));
            }
        }
    }
}

/// After an admin call (that may have) changed the state: a compaction,
/// done before the call is answered; then the hold is let go.
pub(super) async fn after_admin(hold: Hold, why: &'static str) {
    if let Some(journal) = hold.0.clone() {
        let _ = tokio::task::spawn_blocking(move || journal.compact(why)).await;
    }
    drop(hold);
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_are_told_by_their_name() {
        for read in [
            "QueryDomainList",
            "statusdomain",
            "CheckDomains",
            "GetEnvironment",
            "FindDNSZone",
            "ConvertIDN",
        ] {
            assert!(super::reads_only(read), "{read}");
        }
        for write in [
            "AddDomain",
            "StartSession",
            "EndSession",
            "ModifyDomain",
            "SetEnvironment",
            "TransferDomain",
            "Q",
        ] {
            assert!(!super::reads_only(write), "{write}");
        }
    }
}
