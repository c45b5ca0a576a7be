//! Domain transfers between the sandbox's accounts (issue 12): their
//! records, the checks of a request, and completion, in which the charge and
//! the move of ownership happen together or not at all. Data and rules
//! only: the wire parameters are read in `command/transfer.rs`.

use super::{System, Timestamp};

impl System {
    /// The pending period of the transfer of `name` ended at `at` (a job of
    /// the clock): the transfer completes or fails as its record says.
    pub(super) fn transfer_deadline(&mut self, name: &str, at: Timestamp) {
        // Transfers are not recorded yet: nothing is ever pending.
        let _ = (name, at);
    }
}
