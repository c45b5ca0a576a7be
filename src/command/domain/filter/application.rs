//! The version 2 filters applied to a domain application row
//! (`OBJECTCLASS=DOMAINAPPLICATION`, `list_applications.rs`): the same
//! patterns, regexes, name list and date windows as a domain's, on what an
//! application has (its id, class, status, contacts, created and updated
//! dates). A filter on what only a domain has (a repository, expiration or
//! paid-until window, lock, ID protection, renewal mode) admits no
//! application. Pure predicates; reads no table.

use super::{Filter, glob};
use crate::registry::Application;

/// The object class of an application row.
pub(in crate::command::domain) const APPLICATION_CLASS: &str = "DOMAINAPPLICATION";

impl Filter<'_> {
    /// Whether the request names object classes at all (an `OBJECTCLASS`
    /// pattern or regex): only then are applications listed beside domains.
    pub(in crate::command::domain) fn names_classes(&self) -> bool {
        self.patterns.iter().any(|(what, _)| *what == "OBJECTCLASS")
            || self
                .regexes
                .iter()
                .any(|filter| filter.subject == "OBJECTCLASS")
    }

    pub(in crate::command::domain) fn admits_application(&self, application: &Application) -> bool {
        let name = application.domain.as_str();
        let status = application.status.text();
        let [owner, admin, tech, billing] = &application.contacts;
        let patterns = self.patterns.iter().all(|(what, pattern)| match *what {
            "DOMAIN" => super::names_match(pattern, application.domain.as_str()),
            "OBJECTID" => glob(pattern, &application.id.to_string()),
            "OBJECTCLASS" => glob(pattern, APPLICATION_CLASS),
            "DESCRIPTION" => glob(pattern, &application.domain.unicode()),
            "SUBCLASS" => glob(pattern, &application.class),
            "USER" => glob(pattern, &application.owner),
            "STATUS" => glob(pattern, status),
            "OWNERCONTACT" => glob(pattern, owner),
            "ADMINCONTACT" => glob(pattern, admin),
            "TECHCONTACT" => glob(pattern, tech),
            "BILLINGCONTACT" => glob(pattern, billing),
            "CONTACT" => application
                .contacts
                .iter()
                .any(|handle| glob(pattern, handle)),
            _ => false,
        });
        let regexes = self.regexes.iter().all(|filter| {
            let subject = match filter.subject {
                "DOMAIN" => name,
                "OBJECTCLASS" => APPLICATION_CLASS,
                "SUBCLASS" => &application.class,
                _ => status,
            };
            filter.regex.is_match(subject) != filter.negated
        });
        let names = self.names.as_ref().is_none_or(|names| {
            names
                .binary_search_by(|known| known.as_str().cmp(name))
                .is_ok()
        });
        let windows = self.windows.iter().all(|(what, window)| match *what {
            "CREATEDDATE" => window.admits(application.created),
            "UPDATEDDATE" => window.admits(application.updated),
            _ => window.min.is_none() && window.max.is_none(),
        });
        patterns
            && regexes
            && names
            && windows
            && self.nameservers.is_empty()
            && self.transfer_lock.is_none()
            && self.id_protection.is_none()
            && self.renewal.is_none()
    }
}
