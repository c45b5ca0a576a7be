//! The [`Domain`] fields kept compact for issue 7's heap per domain, and
//! their accessors under the old field names: [`Extra`], the fields most
//! domains never set (a transfer date, a renewal period, an expiring auth
//! code, DENIC's AuthInfo2, attribute hosts, `X-` fields, tags) in one box that exists only while
//! one of them is set (change them through [`Domain::extra_mut`]); the
//! account names as `&str` (`owner()`, ...; shared copies, `account_name.rs`);
//! the contacts per role (`contacts(role)`, `contacts.rs`).

use super::account_name::AccountName;
use super::contacts::Role;
use super::date::Period;
use super::{Domain, Timestamp};

/// The rarely set fields of a domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Extra {
    /// When the domain last arrived by transfer.
    pub transferred: Option<Timestamp>,
    pub renewal_period: Option<Period>,
    /// When `auth` stops being accepted (.de AuthInfo1: 30 days); `None`:
    /// it does not expire.
    pub auth_expires: Option<Timestamp>,
    /// .de: the AuthInfo2 DENIC posts to the registrant
    /// (DENIC_CreateAuthInfo2) and when it stops being accepted; a transfer
    /// takes it as it takes `auth`, and a completed transfer drops it.
    pub auth2: Option<(String, Timestamp)>,
    /// Attribute-style hosts: `name ip [ip...]`.
    pub hosts: Vec<String>,
    /// Every other `X-` field as given, upper-case name, in the order set.
    pub extensions: Vec<(String, String)>,
    /// While the registry has not confirmed the registration (STATUS
    /// REQUESTEDCREATE, a slow-registry fault rule): the queue key of its
    /// `Job::Create`, whose time is the confirmation's (`creating.rs`).
    pub requested_create: Option<(Timestamp, u64)>,
    /// The holder's own labels for it (CNR `DOMAINTAG#`), in the order
    /// given; a transfer to another account drops them.
    pub tags: Vec<String>,
}

impl Domain {
    /// The account that holds it.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Who registered it (or brought it in by transfer).
    pub fn created_by(&self) -> &str {
        &self.created_by
    }

    /// Who changed it last.
    pub fn updated_by(&self) -> &str {
        &self.updated_by
    }

    /// Its name fields share `owner`'s copy of the account name where they
    /// hold the same name.
    pub(super) fn share_names(&mut self, owner: &AccountName) {
        for name in [&mut self.owner, &mut self.created_by, &mut self.updated_by] {
            name.share(owner);
        }
    }

    /// The contact handles of `role`.
    pub fn contacts(&self, role: Role) -> &[Box<str>] {
        self.contacts.get(role)
    }

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

    /// .de: DENIC's AuthInfo2 and when it stops being accepted.
    pub fn auth2(&self) -> Option<(&str, Timestamp)> {
        let extra = self.extra.as_ref()?;
        extra
            .auth2
            .as_ref()
            .map(|(code, until)| (code.as_str(), *until))
    }

    /// Attribute-style hosts: `name ip [ip...]`.
    pub fn hosts(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |extra| &extra.hosts)
    }

    /// Every other `X-` field as given, upper-case name, in the order set.
    pub fn extensions(&self) -> &[(String, String)] {
        self.extra.as_ref().map_or(&[], |extra| &extra.extensions)
    }

    /// The holder's tags (CNR `DOMAINTAG#`).
    pub fn tags(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |extra| &extra.tags)
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
