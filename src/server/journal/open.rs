//! The start of `--durable` (issue 15): the compacted state read, the
//! journal segments replayed onto it through [`crate::handle`] (a torn last
//! record dropped with a warning, anything else wrong a start-up error
//! naming the file), then a first compaction so that the server starts on
//! a new, empty segment, and the flusher thread. Owns nothing that runs
//! after the start (`journal.rs`).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Instant;

use tracing::{info, warn};

use super::store::{self, Record, Tail};
use super::{Inner, Journal, Settings};
use crate::registry::snapshot::{read_snapshot, seal};
use crate::registry::{Entity, Limits, Registry, System};

/// The abuse limits a replay runs with: none (no session cap, no quota,
/// no lock-out).
const UNLIMITED: Limits = Limits {
    max_sessions_per_account: u32::MAX,
    lockout_failures: 0,
    lockout_window: 0,
    lockout_duration: 0,
    quota_per_minute: 0,
};

/// Locks `<dir>/lock` (an OS file lock, released when the process ends,
/// even by `kill -9`), or says that another process holds it.
fn hold_directory(dir: &Path) -> Result<std::fs::File, String> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("lock"))
        .map_err(|error| error.to_string())?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(
            "another otebox process is using this directory (its lock file is held); \
             stop it or give this one another --data-dir"
                .to_owned(),
        ),
        Err(std::fs::TryLockError::Error(error)) => Err(format!("cannot lock it: {error}")),
    }
}

/// Opens the durable state in `<data_dir>/durable`: the compacted state
/// and the journal replayed onto `registry`, then the `loaded` systems
/// (`--load`) put in place of theirs, so that a snapshot of one system
/// leaves the other's durable state as it was; with `loaded` or on a first
/// start a compaction writes the state file. The server appends to a new
/// segment; the replayed ones stay until the next compaction, which comes
/// as if their records had been appended in this run. The `Err` is the
/// start-up error (a corrupt record names its file and offset).
pub fn open(
    data_dir: &Path,
    mut registry: Registry,
    loaded: Vec<System>,
    settings: Settings,
) -> Result<(Registry, Arc<Journal>), String> {
    let dir = store::durable_dir(data_dir);
    let shown = dir.display().to_string();
    std::fs::create_dir_all(&dir).map_err(|error| format!("--durable {shown}: {error}"))?;
    let lock = hold_directory(&dir).map_err(|why| format!("--durable {shown}: {why}"))?;
    let started = Instant::now();
    let mut generation = 0;
    let (mut replayed, mut replayed_bytes) = (0u64, 0u64);
    let mut compact = true;
    let fresh = !loaded.is_empty();
    // A snapshot of every system replaces the whole state: nothing to read
    // (so --load is also the way out of a damaged directory).
    let whole = Entity::ALL
        .iter()
        .all(|entity| loaded.iter().any(|system| system.entity() == *entity));
    if !whole && let Some((found, systems)) = store::read_state(&dir)? {
        compact = false;
        generation = found;
        for file in systems {
            let system = read_snapshot(&file, None).map_err(|why| format!("{shown}: {why}"))?;
            registry.replace_system(system);
        }
        let segments = store::segments(&dir).map_err(|error| format!("{shown}: {error}"))?;
        let segments: Vec<_> = segments.into_iter().filter(|(n, _)| *n >= found).collect();
        contiguous(&shown, found, &segments)?;
        // Every record was acknowledged under the limits of its own run,
        // which may have been others (a lower --quota-per-minute or
        // --max-sessions-per-account now would refuse it, and the change
        // would be lost): the replay runs with none.
        let limits = registry.system(Entity::Ote).limits();
        registry.set_limits(UNLIMITED);
        for (index, (_, path)) in segments.iter().enumerate() {
            let last = index + 1 == segments.len();
            let (records, bytes) = replay(&mut registry, path, last, &shown)?;
            replayed += records;
            replayed_bytes += bytes;
        }
        registry.set_limits(limits);
    } else if !fresh && holds_records(&store::segments(&dir).map_err(|e| e.to_string())?) {
        // Segments with no record and no state file: a first start cut
        // short before its state file was written; it starts afresh.
        return Err(format!(
            "{shown}: journal segments without a state file: the directory is incomplete; move it away to start afresh"
        ));
    }
    let millis = started.elapsed().as_millis() as u64;
    info!(dir = %shown, generation, replayed, millis, "durable state read");
    for system in loaded {
        info!(dir = %shown, entity = system.entity().code(), "durable state: this system replaced by its --load snapshot");
        registry.replace_system(system);
        compact = true;
    }
    let highest = store::segments(&dir).map_err(|e| format!("{shown}: {e}"))?;
    let next = if compact {
        // Above every segment there is, so none is overwritten before the
        // new state is durable (with --load, older ones may be left from
        // before).
        highest
            .last()
            .map_or(generation, |(n, _)| *n)
            .max(generation)
            + 1
    } else {
        // The one after the last replayed (the replay may have removed an
        // empty last one): the segments stay contiguous from the state's.
        highest
            .last()
            .filter(|(n, _)| *n >= generation)
            .map_or(generation, |(n, _)| n + 1)
    };
    let io = |error: std::io::Error| format!("--durable {shown}: {error}");
    let current = store::create_segment(&dir, next).map_err(io)?;
    if compact {
        let systems: Vec<Vec<u8>> = Entity::ALL
            .iter()
            .map(|entity| {
                let mut file = registry.system(*entity).encode();
                seal(&mut file);
                file
            })
            .collect();
        store::write_state(&dir, next, &systems).map_err(io)?;
    }
    let journal = Arc::new(Journal {
        _lock: lock,
        dir,
        settings,
        inner: Mutex::new(Inner {
            pending: Vec::new(),
            current: Arc::new(current),
            segment: next,
            appended: 0,
            records_since: replayed,
            bytes_since: replayed_bytes,
            compact_asked: false,
        }),
        wake: Condvar::new(),
        synced: tokio::sync::watch::Sender::new(0),
        compacting: Mutex::new(()),
        registry: OnceLock::new(),
        flushed: AtomicU64::new(0),
        holds: AtomicU64::new(0),
        bytes: AtomicU64::new(store::SEGMENT_MAGIC.len() as u64 + replayed_bytes),
        gauge: OnceLock::new(),
    });
    let flusher = journal.clone();
    std::thread::Builder::new()
        .name("otebox-journal".into())
        .spawn(move || flusher.flush_loop())
        .map_err(|error| format!("--durable: cannot start the journal thread: {error}"))?;
    Ok((registry, journal))
}

/// Whether any of the segments holds more than its magic.
fn holds_records(segments: &[(u64, PathBuf)]) -> bool {
    segments.iter().any(|(_, path)| {
        std::fs::metadata(path).map_or(true, |m| m.len() > store::SEGMENT_MAGIC.len() as u64)
    })
}

/// The segments to replay on a state of `generation` are `generation`,
/// `generation + 1`, … with none missing (each is created, durably, before
/// the state or segment that follows it): a missing one lost records that
/// the later ones may depend on, and replaying them without it would make
/// a state that never existed.
fn contiguous(shown: &str, generation: u64, segments: &[(u64, PathBuf)]) -> Result<(), String> {
    let name = |n: u64| store::segment_path(Path::new(""), n).display().to_string();
    let mut missing = Vec::new();
    let mut expected = generation;
    for (n, _) in segments {
        match n - expected {
            0 => {}
            1 => missing.push(name(expected)),
            _ => missing.push(format!("{} to {}", name(expected), name(n - 1))),
        }
        expected = n + 1;
    }
    let after = match segments.first() {
        None => {
            missing.push(name(generation));
            String::new()
        }
        Some(_) if missing.is_empty() => return Ok(()),
        Some(_) => format!(
            ", and the later segments up to {} are there",
            name(expected - 1)
        ),
    };
    let (plural, are) = if missing.len() == 1 {
        ("", "is")
    } else {
        ("s", "are")
    };
    Err(format!(
        "{shown}: journal segment{plural} {} {are} missing (the compacted state.otebox is followed by {}{after}): otebox will not start from a partial state, which replaying \
         the journal without it would make; put the missing segment back, or move the directory {shown} \
         away to start afresh",
        missing.join(", "),
        name(generation),
    ))
}

/// Replays one segment onto `registry`; a torn tail (only in the `last`
/// segment) is cut off the file with a warning. The number of records
/// replayed and their bytes. `dir` is the durable directory, for the advice.
fn replay(
    registry: &mut Registry,
    path: &Path,
    last: bool,
    dir: &str,
) -> Result<(u64, u64), String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|error| format!("{shown}: {error}"))?;
    if bytes.len() < store::SEGMENT_MAGIC.len() && last {
        // Created but its magic never reached the disk: nothing in it.
        std::fs::remove_file(path).map_err(|error| format!("{shown}: {error}"))?;
        return Ok((0, 0));
    }
    if !bytes.starts_with(store::SEGMENT_MAGIC) {
        return Err(format!(
            "{shown}: not an otebox journal segment (it does not start with OTEBOX-JOURNAL1)"
        ));
    }
    let afresh = format!("move the directory {dir} away to start afresh");
    let (frames, tail) = store::read_frames(path, &bytes, store::SEGMENT_MAGIC.len())
        .map_err(|(offset, why)| match last {
            // Cut there, the segment holds the records before it: the
            // state they made existed (later segments would replay on it
            // without the records lost, so only the last one is cut).
            true => format!(
                "{why}: otebox will not start from a partial state; to keep the records before it, \
                 cut the file there (truncate -s {offset} {shown}), or {afresh}"
            ),
            false => format!(
                "{why}, and later segments follow it: otebox will not start from a partial state \
                 (replaying them without its records would make a state that never existed); {afresh}"
            ),
        })?;
    if let Tail::Torn { offset, why } = tail {
        if !last {
            return Err(format!(
                "{shown}: cut short at byte offset {offset} ({why}) but later segments follow: the journal is corrupt; \
                 otebox will not start from a partial state; {afresh}"
            ));
        }
        warn!(file = %shown, offset, why, "durable journal: dropping a torn last record (a write cut short by a crash; it was never acknowledged)");
        let cut = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|file| file.set_len(offset).and_then(|()| file.sync_all()));
        cut.map_err(|error| format!("{shown}: cutting the torn record off: {error}"))?;
    }
    for (index, payload) in frames.iter().enumerate() {
        let record: Record = postcard::from_bytes(payload).map_err(|error| {
            format!("{shown}: record {index} does not decode ({error}): written by another otebox build?")
        })?;
        let (meta, query, body) = record.meta();
        crate::handle(registry, &meta, query, body);
    }
    let kept = frames.iter().map(|frame| frame.len() as u64 + 12).sum();
    Ok((frames.len() as u64, kept))
}
