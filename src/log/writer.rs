//! The hand-off between the threads that log and the writer thread, and the
//! writer's loop: one shared batch of finished lines and of lines still to
//! be written ([`Deferred`], the request line: formatted here, off the
//! serving thread), woken once per batch, written with one `write` call.
//! Owns the batch, the backlog limits and the drop count; how a line looks
//! is `log.rs`'s ([`format_line`]).

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};

use tracing::Level;

use super::{BATCH_WINDOW, Deferred, Kept, Line, format_line, unix_now};
use crate::registry::Timestamp;

/// Bytes of unwritten lines beyond which new lines are dropped (and counted)
/// rather than held: the writer has fallen far behind (a stopped terminal, a
/// full disk), and a request must never wait for it.
pub(super) const BACKLOG_LIMIT: usize = 64 << 20;

/// Lines handed over unformatted that a batch holds at most: beyond it (the
/// writer behind), a line is formatted by its own thread as any other, so
/// that what the batch holds stays bounded in bytes (a request's record
/// holds its answer).
pub(super) const DEFERRED_LIMIT: usize = 1 << 14;

/// The lines waiting for the writer, and how to wake it.
pub(super) struct Shared {
    pub(super) batch: Mutex<Batch>,
    pub(super) dropped: AtomicU64,
    pub(super) closing: AtomicBool,
    pub(super) writer: thread::Thread,
    /// Whether levels are written in colour (the writer formats lines too).
    pub(super) colour: bool,
}

/// One batch: finished lines, and lines to format, each with the place in
/// `text` where it goes (so that lines keep the order they came in).
#[derive(Default)]
pub(super) struct Batch {
    pub(super) text: Vec<u8>,
    pub(super) deferred: Vec<(usize, Level, &'static str, Arc<dyn Deferred>)>,
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.text.is_empty() && self.deferred.is_empty()
    }
}

impl Shared {
    /// Appends one whole line. Wakes the writer when the batch was empty;
    /// drops and counts the line when the backlog is over its limit.
    pub(super) fn push(&self, line: &[u8]) {
        let was_empty = {
            let mut batch = self.lock();
            if batch.text.len() + line.len() > BACKLOG_LIMIT {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                return;
            }
            let was_empty = batch.is_empty();
            batch.text.extend_from_slice(line);
            was_empty
        };
        if was_empty {
            self.writer.unpark();
        }
    }

    /// Hands `line` over for the writer to format, after every line pushed
    /// before it; gives it back when the batch holds [`DEFERRED_LIMIT`].
    pub(super) fn defer(
        &self,
        level: Level,
        target: &'static str,
        line: Arc<dyn Deferred>,
    ) -> Result<(), Arc<dyn Deferred>> {
        let was_empty = {
            let mut batch = self.lock();
            if batch.deferred.len() >= DEFERRED_LIMIT {
                return Err(line);
            }
            let was_empty = batch.is_empty();
            let at = batch.text.len();
            batch.deferred.push((at, level, target, line));
            was_empty
        };
        if was_empty {
            self.writer.unpark();
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Batch> {
        self.batch.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The writer thread and its shared state.
pub(super) struct Sink {
    pub(super) shared: Arc<Shared>,
    thread: JoinHandle<()>,
}

impl Sink {
    pub(super) fn spawn(mut out: impl std::io::Write + Send + 'static, colour: bool) -> Sink {
        let (sender, receiver) = std::sync::mpsc::channel::<Arc<Shared>>();
        let thread = thread::Builder::new()
            .name("otebox-log".to_owned())
            .spawn(move || {
                let Ok(shared) = receiver.recv() else { return };
                write_batches(&shared, &mut out);
            })
            .expect("spawn the log writer thread");
        let shared = Arc::new(Shared {
            batch: Mutex::new(Batch {
                text: Vec::with_capacity(64 << 10),
                deferred: Vec::new(),
            }),
            dropped: AtomicU64::new(0),
            closing: AtomicBool::new(false),
            writer: thread.thread().clone(),
            colour,
        });
        let _ = sender.send(shared.clone());
        Sink { shared, thread }
    }

    pub(super) fn close(self) {
        self.shared.closing.store(true, Ordering::Release);
        self.shared.writer.unpark();
        let _ = self.thread.join();
    }
}

/// The writer's loop: sleep until a batch starts, let it fill for
/// [`BATCH_WINDOW`], swap it for an empty one, format its deferred lines in
/// their places (letting go of each as soon as it is written) and write it
/// all in one call.
pub(super) fn write_batches(shared: &Shared, out: &mut dyn std::io::Write) {
    let mut spare = Batch {
        text: Vec::with_capacity(64 << 10),
        deferred: Vec::new(),
    };
    let mut whole = Vec::with_capacity(64 << 10);
    let mut line = String::new();
    let mut kept = Kept::new();
    let mut reported = 0;
    loop {
        let closing = shared.closing.load(Ordering::Acquire);
        if !closing {
            thread::park();
            thread::sleep(BATCH_WINDOW);
        }
        std::mem::swap(&mut *shared.lock(), &mut spare);
        let written = if spare.deferred.is_empty() {
            &mut spare.text
        } else {
            let mut from = 0;
            for (at, level, target, deferred) in spare.deferred.drain(..) {
                whole.extend_from_slice(&spare.text[from..at]);
                from = at;
                line.clear();
                format_line(
                    &mut line,
                    &mut kept,
                    shared.colour,
                    level,
                    target,
                    deferred.at(),
                    |text| {
                        deferred.write(&mut Line(text));
                    },
                );
                whole.extend_from_slice(line.as_bytes());
            }
            whole.extend_from_slice(&spare.text[from..]);
            spare.text.clear();
            &mut whole
        };
        let dropped = shared.dropped.load(Ordering::Relaxed);
        if dropped > reported {
            let _ = writeln!(
                written,
                "{} otebox: {} log lines dropped in all: the log writer fell behind its output",
                Timestamp(unix_now().0).datetime(),
                dropped
            );
            reported = dropped;
        }
        // A failed write (a closed stderr) loses the batch; serving goes on.
        let _ = out.write_all(written).and_then(|()| out.flush());
        written.clear();
        if closing {
            return;
        }
    }
}
