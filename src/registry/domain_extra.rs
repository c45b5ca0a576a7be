//! [`Extra`]: the fields of a [`Domain`] that most domains never set (a
//! transfer date, a renewal period, an expiring auth code, attribute hosts,
//! `X-` fields), kept out of line in one box that exists only while one of
//! them is set (issue 7's heap per domain). Read through the accessors of
//! the old field names (`domain.transferred()`, `domain.hosts()`, ...);
//! change through [`Domain::extra_mut`].

use super::date::Period;
use super::{Domain, Timestamp};

/// The rarely set fields of a domain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra {
    /// When the domain last arrived by transfer.
    pub transferred: Option<Timestamp>,
    pub renewal_period: Option<Period>,
    /// When `auth` stops being accepted (.de AuthInfo1: 30 days); `None`:
    /// it does not expire.
    pub auth_expires: Option<Timestamp>,
    /// Attribute-style hosts: `name ip [ip...]`.
    pub hosts: Vec<String>,
    /// Every other `X-` field as given, upper-case name, in the order set.
    pub extensions: Vec<(String, String)>,
}

impl Domain {
    /// When the domain last arrived by transfer.
    pub fn transferred(&self) -> Option<Timestamp> {
        self.extra.as_ref().and_then(|extra| extra.transferred)
    }

    pub fn renewal_period(&self) -> Option<Period> {
        self.extra.as_ref().and_then(|extra| extra.renewal_period)
    }

    /// When `auth` stops being accepted; `None`: it does not expire.
    pub fn auth_expires(&self) -> Option<Timestamp> {
        self.extra.as_ref().and_then(|extra| extra.auth_expires)
    }

    /// Attribute-style hosts: `name ip [ip...]`.
    pub fn hosts(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |extra| &extra.hosts)
    }

    /// Every other `X-` field as given, upper-case name, in the order set.
    pub fn extensions(&self) -> &[(String, String)] {
        self.extra.as_ref().map_or(&[], |extra| &extra.extensions)
    }

    /// The rare fields to change (boxed on first use; `domain.rs` drops the
    /// box again when a change leaves them all unset).
    pub fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_default()
    }

    /// Drops the box of rare fields when none is set.
    pub(super) fn tidy_extra(&mut self) {
        if self.extra.as_deref() == Some(&Extra::default()) {
            self.extra = None;
        }
    }
}
