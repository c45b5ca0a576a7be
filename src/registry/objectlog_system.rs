//! The object log as the rest of the registry calls it (split from
//! `objectlog_store.rs`, whose child module it is): the `impl System` block
//! that writes an entry (or holds it for the command to write after its
//! own), forgets an account's log on its removal (or moves
//! it to the account's new name), and reads
//! one entry or an account's (or one object's) kept entries. Goes through
//! the store's own `push`, `remove`, `get` and `view`; must not touch the
//! store's layout or bounds, nor anything but the log.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Logged, object_key};
use crate::registry::System;
use crate::registry::objectlog::LogEntry;

impl System {
    /// Writes `entry` into its account's log; returns its LOGINDEX, or
    /// `None` when a [`holding_log`](System::holding_log) call holds it.
    pub fn log_object(&mut self, entry: LogEntry) -> Option<u64> {
        match self.objectlog.held.as_mut() {
            Some(held) => {
                held.push(entry);
                None
            }
            None => Some(self.objectlog.push(entry)),
        }
    }

    /// Runs `work`, holding the entries it writes instead of writing them,
    /// and hands them back in order: a command whose own entry must come
    /// first (the request of a transfer that completes at once) writes them
    /// after it (`Ctx::log_after`).
    pub fn holding_log<T>(&mut self, work: impl FnOnce(&mut System) -> T) -> (T, Vec<LogEntry>) {
        let outer = self.objectlog.held.replace(Vec::new());
        let done = work(self);
        let held = std::mem::replace(&mut self.objectlog.held, outer);
        (done, held.unwrap_or_default())
    }

    /// Moves `from`'s log to `to` (ModifyUser NEWSUBUSER renames the
    /// account): its entries keep their LOGINDEX and answer under the new
    /// name, and a later account named `from` starts with none.
    pub(in crate::registry) fn rename_log_of(&mut self, from: &str, to: &str) {
        let log = &mut self.objectlog;
        let Some(number) = log.account_ids.remove(from) else {
            return;
        };
        let Some((name, ids)) = log.accounts.get_mut(number as usize) else {
            return;
        };
        *name = Arc::from(to);
        let ids: Vec<u64> = ids.iter().copied().collect();
        let objects: BTreeSet<&str> = ids
            .iter()
            .filter_map(|id| log.get(*id))
            .map(|stored| &*stored.object)
            .collect();
        let keys: Vec<(u64, u64)> = objects
            .into_iter()
            .map(|object| (object_key(from, object), object_key(to, object)))
            .collect();
        for (old, new) in keys {
            if let Some(ids) = log.by_object.remove(&old) {
                log.by_object.insert(new, ids);
            }
        }
        // A slot left by an earlier account of the new name (its log
        // forgotten) gives the name up, so a snapshot's rebuilt name table
        // finds the renamed one.
        if let Some(stale) = log.account_ids.insert(Arc::from(to), number)
            && let Some((name, _)) = log.accounts.get_mut(stale as usize)
        {
            *name = Arc::from("");
        }
    }

    /// Drops every entry of `account`'s log (its removal by the admin API).
    pub(in crate::registry) fn forget_log_of(&mut self, account: &str) {
        let log = &mut self.objectlog;
        let Some(&number) = log.account_ids.get(account) else {
            return;
        };
        let Some((_, ids)) = log.accounts.get_mut(number as usize) else {
            return;
        };
        for id in std::mem::take(ids) {
            if let Some(gone) = log.remove(id) {
                let key = object_key(account, &gone.object);
                if log
                    .by_object
                    .get_mut(&key)
                    .is_some_and(|ids| ids.forget(id))
                {
                    log.by_object.remove(&key);
                }
            }
        }
    }

    /// The entry `index`, if it is still kept.
    pub fn log_entry(&self, index: u64) -> Option<Logged<'_>> {
        let log = &self.objectlog;
        log.get(index).map(|stored| log.view(stored))
    }

    /// The kept entries of `account`'s log (of `object` only, if given),
    /// oldest first, with their indexes.
    pub fn log_of<'s>(
        &'s self,
        account: &'s str,
        object: Option<&'s str>,
    ) -> impl Iterator<Item = (u64, Logged<'s>)> + 's {
        let log = &self.objectlog;
        let number = log.account_ids.get(account).copied();
        let ids: Box<dyn Iterator<Item = &u64>> = match (number, object) {
            (None, _) => Box::new(std::iter::empty()),
            (Some(_), Some(object)) => match log.by_object.get(&object_key(account, object)) {
                Some(ids) => ids.iter(),
                None => Box::new(std::iter::empty()),
            },
            (Some(number), None) => Box::new(
                log.accounts
                    .get(number as usize)
                    .into_iter()
                    .flat_map(|(_, ids)| ids.iter()),
            ),
        };
        ids.filter_map(|id| log.get(*id).map(|stored| (*id, stored)))
            .filter(move |(_, stored)| {
                Some(stored.account) == number
                    && object.is_none_or(|object| &*stored.object == object)
            })
            .map(|(id, stored)| (id, log.view(stored)))
    }
}
