//! [`AccountName`]: an account or user name a domain records (its owner, who
//! created it, who last changed it), as one shared `Arc<str>`: `domain.rs`
//! gives every domain of an account the owner's one copy, so that a domain
//! keeps no name of its own (issue 7's heap per domain). Reads as a `&str`.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A shared account or user name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct AccountName(Arc<str>);

impl AccountName {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `self`, or `shared` when they are the same name (one copy kept).
    pub(super) fn share(&mut self, shared: &AccountName) {
        if !Arc::ptr_eq(&self.0, &shared.0) && self.0 == shared.0 {
            *self = shared.clone();
        }
    }
}

impl Deref for AccountName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for AccountName {
    fn from(name: &str) -> AccountName {
        AccountName(name.into())
    }
}

impl From<String> for AccountName {
    fn from(name: String) -> AccountName {
        AccountName(name.into())
    }
}

impl PartialEq<str> for AccountName {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for AccountName {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for AccountName {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Display for AccountName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
