//! Events (issue 12, design note §5.3): the asynchronous outcomes an account
//! is told about (auto-renewals, expiries, deletions, purges, transfers,
//! trades), read by QueryEventList and StatusEvent and acknowledged by
//! DeleteEvent, which marks them deleted: HEXONET's commands no longer see
//! them, CNR's `HISTORY`/`SHOWALL` still do. Owns the records, their own id
//! counter (never the system's handle sequence or its generator) and the
//! per-account index, oldest first, at most 10,000 per account, deleted or
//! not (past it the oldest goes), and the
//! helpers that write a clock job's log entry and event together
//! (`job_outcome`, `log_renewal`, `deletion_event`, called from
//! `lifecycle.rs` and DeleteDomain). Knows no wire parameters and changes
//! no other table.

use std::collections::VecDeque;

use super::objectlog::{LogEntry, Op, OpStatus, SUCCESS};
use super::{HashMap, System, Timestamp};
use super::{Money, Period};
use crate::error::Result;

/// The first EVENT id of a system.
pub const FIRST_EVENT: u64 = 22_000_001;
/// Events kept per account.
pub const PER_ACCOUNT: usize = 10_000;

/// One event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    pub date: Timestamp,
    pub account: Box<str>,
    #[serde(with = "crate::registry::serial::name")]
    pub class: crate::registry::serial::Static,
    #[serde(with = "crate::registry::serial::name")]
    pub subclass: crate::registry::serial::Static,
    /// EVENTDATA0..3 (at most four lines, `key:value`).
    pub data: Box<[Box<str>]>,
    /// The debug text StatusEvent shows URL-encoded.
    pub info: Box<str>,
    /// Acknowledged by DeleteEvent: only CNR's `HISTORY`/`SHOWALL` list it.
    pub deleted: bool,
}

impl Event {
    /// Its data lines as StatusEvent lists them: one empty row when it has
    /// none (DATA is 1..N), in either dialect.
    pub fn data_rows(&self) -> impl Iterator<Item = &str> {
        let empty = self.data.is_empty().then_some("");
        empty
            .into_iter()
            .chain(self.data.iter().map(|line| &**line))
    }

    /// The object the event is about: its first data line's value
    /// (`domain:example.com` → `example.com`), CNR's `object id`.
    pub fn object_id(&self) -> &str {
        let first = self.data.first().map_or("", |line| line);
        first.split_once(':').map_or(first, |(_, value)| value)
    }
}

/// A system's events and their per-account index.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Events {
    last: u64,
    #[serde(with = "crate::registry::serial::sorted")]
    events: HashMap<u64, Event>,
    #[serde(with = "crate::registry::serial::sorted")]
    by_account: HashMap<Box<str>, VecDeque<u64>>,
}

impl System {
    /// Records an event for `account`; returns its id.
    pub fn event(
        &mut self,
        at: Timestamp,
        account: &str,
        (class, subclass): (&'static str, &'static str),
        data: &[&str],
        info: &str,
    ) -> u64 {
        let events = &mut self.events;
        events.last = events.last.max(FIRST_EVENT - 1) + 1;
        let id = events.last;
        let ids = match events.by_account.get_mut(account) {
            Some(ids) => ids,
            None => events.by_account.entry(account.into()).or_default(),
        };
        ids.push_back(id);
        if ids.len() > PER_ACCOUNT
            && let Some(old) = ids.pop_front()
        {
            events.events.remove(&old);
        }
        let event = Event {
            date: at,
            account: account.into(),
            class,
            subclass,
            data: data.iter().take(4).map(|line| (*line).into()).collect(),
            info: info.into(),
            deleted: false,
        };
        events.events.insert(id, event);
        id
    }

    /// The event `id`, if it is kept and not deleted.
    pub fn event_by_id(&self, id: u64) -> Option<&Event> {
        self.any_event_by_id(id).filter(|event| !event.deleted)
    }

    /// The event `id`, if it is kept, deleted or not.
    pub fn any_event_by_id(&self, id: u64) -> Option<&Event> {
        self.events.events.get(&id)
    }

    /// `account`'s events not deleted, oldest first, with their ids.
    pub fn events_of<'s>(&'s self, account: &str) -> impl Iterator<Item = (u64, &'s Event)> + 's {
        self.all_events_of(account)
            .filter(|(_, event)| !event.deleted)
    }

    /// `account`'s events kept, deleted or not, oldest first, with their ids.
    pub fn all_events_of<'s>(
        &'s self,
        account: &str,
    ) -> impl Iterator<Item = (u64, &'s Event)> + 's {
        let ids = self.events.by_account.get(account);
        ids.into_iter()
            .flatten()
            .filter_map(|id| self.events.events.get(id).map(|event| (*id, event)))
    }

    /// Removes every event of `account` (its removal by the admin API).
    pub(super) fn forget_events_of(&mut self, account: &str) {
        let events = &mut self.events;
        for id in events.by_account.remove(account).into_iter().flatten() {
            events.events.remove(&id);
        }
    }

    /// Moves `from`'s events to `to` (ModifyUser NEWSUBUSER renames the
    /// account); a later account named `from` starts with none.
    pub(super) fn rename_events_of(&mut self, from: &str, to: &str) {
        let events = &mut self.events;
        let Some(ids) = events.by_account.remove(from) else {
            return;
        };
        for id in &ids {
            if let Some(event) = events.events.get_mut(id) {
                event.account = to.into();
            }
        }
        events.by_account.insert(to.into(), ids);
    }

    /// Marks `account`'s event `id` deleted; false if it has no such event
    /// or it is deleted already.
    pub fn delete_event(&mut self, account: &str, id: u64) -> bool {
        match self.events.events.get_mut(&id) {
            Some(event) if &*event.account == account && !event.deleted => {
                event.deleted = true;
                true
            }
            _ => false,
        }
    }
}

impl System {
    /// The event of the deleted domain `name` having left its account
    /// (`DOMAIN_DELETION` / `DOMAIN_EXPIRATION`), dated at its deletion,
    /// with its last restorable second as DATA.
    pub fn deletion_event(&mut self, name: &str, kind: (&'static str, &'static str), info: &str) {
        let Some(deleted) = self.deleted.get(name) else {
            return;
        };
        let (at, until) = (deleted.deleted, deleted.restorable_until);
        let owner = deleted.domain.owner.clone();
        let data = [
            format!("domain:{name}"),
            format!("restorable:{}", until.datetime()),
        ];
        let data = [data[0].as_str(), data[1].as_str()];
        self.event(at, &owner, kind, &data, info);
    }

    /// The auto-renewal's log entry and event: the new expiry and the price,
    /// or the refusal (`546`).
    pub(super) fn log_renewal(
        &mut self,
        name: &str,
        owner: &str,
        at: Timestamp,
        period: Period,
        outcome: Result<Money>,
    ) {
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        let currency = self.currency_of(owner);
        let expires = match outcome {
            Ok(_) => domain.expires.plus(period),
            Err(_) => domain.expires,
        };
        let (status, code, text, subclass) = match &outcome {
            Ok(price) => (
                OpStatus::Successful,
                200,
                format!("{SUCCESS}; renewed for {period}, {price} {currency} charged"),
                "AUTORENEW_SUCCESSFUL",
            ),
            Err(error) => (
                OpStatus::Failed,
                error.code(),
                error.to_string(),
                "AUTORENEW_FAILED",
            ),
        };
        let data = [
            format!("domain:{name}"),
            format!("expiration:{}", expires.datetime()),
        ];
        let data = [data[0].as_str(), data[1].as_str()];
        let info = text
            .strip_prefix(SUCCESS)
            .and_then(|rest| rest.strip_prefix("; "))
            .unwrap_or(&text);
        let entry = (Op::Renew, status, "AUTORENEW", code, text.as_str());
        self.job_outcome(
            at,
            owner,
            name,
            entry,
            ("DOMAIN_RENEWAL", subclass, &data, info),
        );
    }

    /// A domain a clock job registered for `account` at `at` (a pending
    /// registration confirmed, a backorder's drop): the CREATE log entry
    /// (JOB `job`, `info` after the success text) and the event
    /// `DOMAIN_CREATE` / `CREATE_SUCCESSFUL` with the domain and its
    /// expiration.
    pub(super) fn created_by_job(
        &mut self,
        at: Timestamp,
        account: &str,
        name: &str,
        job: &str,
        info: &str,
    ) {
        let Some(expires) = self.domain(name).map(|domain| domain.expires) else {
            return;
        };
        let expiration = format!("expiration:{}", expires.datetime());
        let text = format!("{SUCCESS}; {info}");
        let entry = (Op::Create, OpStatus::Successful, job, 200, text.as_str());
        let data = format!("domain:{name}");
        let event = (
            "DOMAIN_CREATE",
            "CREATE_SUCCESSFUL",
            &[data.as_str(), expiration.as_str()][..],
            info,
        );
        self.job_outcome(at, account, name, entry, event);
    }

    /// A clock job's outcome on `name` of `account`: its log entry (LOGUSER
    /// the platform user, `job` and `text` as OPERATIONINFO) and its event.
    pub(super) fn job_outcome(
        &mut self,
        at: Timestamp,
        account: &str,
        name: &str,
        entry: (Op, OpStatus, &str, u16, &str),
        event: (&'static str, &'static str, &[&str], &str),
    ) {
        let (op, status, job, code, text) = entry;
        let log = LogEntry::job(at, account, name, (op, status), job, code, text);
        self.log_object(log);
        let (class, subclass, data, info) = event;
        self.event(at, account, (class, subclass), data, info);
    }
}

/// StatusEvent's INFO encoding: every byte but `A-Za-z0-9` as `%xx`,
/// lower-case (`USERTRANSFER%3a%20a%20%2d%3e%20b`, the doc's example).
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Entity, Registry};

    #[test]
    fn encodes_info_as_the_doc_example() {
        assert_eq!(
            url_encode("USERTRANSFER: dasc -> test.user"),
            "USERTRANSFER%3a%20dasc%20%2d%3e%20test%2euser"
        );
    }

    #[test]
    fn caps_and_deletes_per_account() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let kind = ("DOMAIN_RENEWAL", "AUTORENEW_SUCCESSFUL");
        for n in 0..(PER_ACCOUNT + 2) {
            system.event(Timestamp(n as u64), "a", kind, &["domain:x.com"], "i");
        }
        assert_eq!(system.events_of("a").count(), PER_ACCOUNT);
        assert!(system.event_by_id(FIRST_EVENT + 1).is_none());
        let id = FIRST_EVENT + 2;
        assert!(!system.delete_event("b", id), "another account's event");
        assert!(system.delete_event("a", id));
        assert!(!system.delete_event("a", id));
        assert_eq!(system.events_of("a").count(), PER_ACCOUNT - 1);
        assert!(system.event_by_id(id).is_none());
        assert!(
            system
                .any_event_by_id(id)
                .is_some_and(|event| event.deleted)
        );
        assert_eq!(system.all_events_of("a").count(), PER_ACCOUNT);
    }
}
