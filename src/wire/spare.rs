//! The buffers of finished responses, kept per thread for the next ones:
//! a response's three buffers (columns, values, text) are taken from
//! here by `Response::ok` and given back when it is dropped, so answering
//! allocates only when an answer outgrows what the thread kept (issue 14:
//! three allocations and frees per request, and StatusDomain's buffers over
//! 1 KiB took malloc's slower path). Also which layout the thread's next
//! answers are for ([`answer_in`]): a hint that lets a HEXONET answer keep
//! its lines as it is built. Knows nothing of what a response says.

use std::cell::{Cell, RefCell};

use super::response::{Column, Value};
use crate::dialect::Dialect;

/// Sets of buffers kept per thread: a thread answers one request at a time,
/// and a refusal made while an answer is being built may need a second.
const KEPT: usize = 2;
/// Larger buffers are freed rather than kept (a long list's answer).
const KEEP_TEXT: usize = 64 << 10;
const KEEP_VALUES: usize = 2048;

/// One response's buffers, empty.
#[derive(Default)]
pub(super) struct Buffers {
    pub(super) columns: Vec<Column>,
    pub(super) values: Vec<Value>,
    pub(super) text: String,
}

thread_local! {
    static SPARE: RefCell<Vec<Buffers>> = const { RefCell::new(Vec::new()) };
    /// Whether the thread's next answers are in the HEXONET layout.
    static HEXONET: Cell<bool> = const { Cell::new(true) };
}

/// Tells this thread that its next answers are in `dialect`'s layout, so
/// that a HEXONET answer is built with its property lines
/// (`Response::ok`). Only a hint: an answer built for the other layout is
/// still encoded right in either, at the cost of the encoder's longer way.
pub fn answer_in(dialect: Dialect) {
    let _ = HEXONET.try_with(|hexonet| hexonet.set(dialect == Dialect::Hexonet));
}

/// Whether the thread's next answers are in the HEXONET layout (see [`answer_in`]).
pub(super) fn hexonet() -> bool {
    HEXONET.try_with(Cell::get).unwrap_or(false)
}

/// Buffers kept by this thread, or new empty ones.
pub(super) fn take() -> Buffers {
    SPARE
        .try_with(|spare| spare.try_borrow_mut().ok()?.pop())
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Keeps `buffers` (emptied) for the next response on this thread, unless
/// they hold nothing, are too large, or enough are kept.
pub(super) fn give_back(mut buffers: Buffers) {
    if buffers.text.capacity() == 0
        || buffers.text.capacity() > KEEP_TEXT
        || buffers.values.capacity() > KEEP_VALUES
    {
        return;
    }
    buffers.columns.clear();
    buffers.values.clear();
    buffers.text.clear();
    let _ = SPARE.try_with(|spare| {
        if let Ok(mut spare) = spare.try_borrow_mut()
            && spare.len() < KEPT
        {
            spare.push(buffers);
        }
    });
}
