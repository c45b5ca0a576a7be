//! The billing dates as StatusDomain and AddDomain write them: five dates
//! converted together into one buffer (`DateTime::texts`). Knows nothing of
//! the other properties of either answer.

use super::Dates;
use crate::registry::{DateTime, Timestamp};
use crate::wire::Response;

/// Pushes the dates AddDomain answers with (protocol.md §8 AddDomain), in the
/// doc's order (StatusDomain writes its own as a row, `status.rs`).
pub(in crate::command::domain) fn push_dates(response: &mut Response, dates: &Dates) {
    let mut buffer = [[0; DateTime::TEXT_LEN]; 5];
    let [expires, accounting, failure, finalization, paid_until] =
        DateTime::texts(billing_dates(dates), &mut buffer);
    response
        .push_str("ACCOUNTINGDATE", accounting)
        .push_str("FAILUREDATE", failure)
        .push_str("FINALIZATIONDATE", finalization)
        .push_str("PAIDUNTILDATE", paid_until)
        .push_str("REGISTRATIONEXPIRATIONDATE", expires);
}

/// The billing dates in the order they are pushed: expiration,
/// accounting, failure, finalization, paid until.
pub(super) fn billing_dates(dates: &Dates) -> [DateTime; 5] {
    [
        dates.expiration,
        dates.accounting,
        dates.failure,
        dates.finalization,
        dates.paid_until,
    ]
    .map(Timestamp::datetime)
}
