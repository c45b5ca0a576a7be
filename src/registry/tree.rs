//! The subuser tree of one system: the `children` index beside each user's
//! `parent` pointer, subtree membership (the `s_user` view's rule), the
//! `PEERUSER` chain, adding and removing subusers. Owns `System::tree`;
//! must not touch sessions, roles or wire text beyond refusal details.

use std::collections::BTreeSet;

use super::{Account, HashMap, PasswordHash, QUOTA_RELATION, System, Timestamp, User, parse_quota};
use crate::error::{Error, Result};

/// How many levels a subuser may lie below its top-level account.
pub const MAX_DEPTH: u8 = 8;

/// Subuser ids per parent id, sorted.
pub(super) type Children = HashMap<String, BTreeSet<String>>;

/// The subuser tree's indexes: `children`, and the ids deleted or renamed
/// away whose sessions may still sit in the session table (they fail on
/// their next use; a new account of that id must not inherit them).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Tree {
    #[serde(with = "crate::registry::serial::sorted")]
    children: Children,
    retired: BTreeSet<String>,
}

/// What a new subuser is made of (AddUser after validation).
#[derive(Debug)]
pub struct NewSubuser {
    pub id: String,
    pub parent: String,
    pub password: String,
    pub account: Account,
    pub comments: Vec<String>,
    pub relations: Vec<(String, String)>,
    pub allowed: super::AllowList,
    pub tax_rates: Option<String>,
}

impl System {
    /// Whether `id` is `ancestor` or lies below it: a walk up the parent
    /// pointers, at most [`MAX_DEPTH`] steps.
    pub fn in_subtree(&self, ancestor: &str, id: &str) -> bool {
        let mut at = self.users.get(id);
        while let Some(user) = at {
            if user.id == ancestor {
                return true;
            }
            at = user.parent.as_deref().and_then(|p| self.users.get(p));
        }
        false
    }

    /// The ids from `view`'s child down to `owner`, space-separated: what
    /// `s_user` takes to reach `owner` from `view` (`PEERUSER`). Empty when
    /// `owner` is `view` or not below it.
    pub fn peer_chain(&self, view: &str, owner: &str) -> String {
        let mut chain = Vec::new();
        let mut at = self.users.get(owner);
        while let Some(user) = at {
            if user.id == view {
                chain.reverse();
                return chain.join(" ");
            }
            chain.push(user.id.as_str());
            at = user.parent.as_deref().and_then(|p| self.users.get(p));
        }
        String::new()
    }

    /// The direct subusers of `id`, sorted.
    pub fn children_of(&self, id: &str) -> impl Iterator<Item = &str> {
        self.tree
            .children
            .get(id)
            .into_iter()
            .flat_map(|set| set.iter().map(String::as_str))
    }

    /// Every user below `id` (not `id` itself), depth first, siblings sorted.
    pub fn descendants(&self, id: &str) -> Vec<&str> {
        let mut found = Vec::new();
        let mut stack: Vec<&str> = self.children_of(id).collect();
        stack.reverse();
        while let Some(next) = stack.pop() {
            found.push(next);
            let before = stack.len();
            stack.extend(self.children_of(next));
            stack[before..].reverse();
        }
        found
    }

    /// The `531` for `object`, held by `owner`, asked for in the view of
    /// `view`: when `owner` is a subuser below `view` it names the holder
    /// and how to reach it ([`Error::HeldBySubuser`]), otherwise it says
    /// only that `view` does not hold it.
    pub fn not_held(&self, view: &str, owner: &str, object: String) -> Error {
        if owner != view && self.in_subtree(view, owner) {
            Error::HeldBySubuser {
                object,
                holder: owner.to_owned(),
                view: view.to_owned(),
                chain: self.peer_chain(view, owner),
            }
        } else {
            Error::AuthorizationFailed(format!("{object} is not held by {view}"))
        }
    }

    /// Adds a subuser under `new.parent` (which the caller has checked),
    /// created and updated `now`, with a new salted password.
    pub fn add_subuser(&mut self, new: NewSubuser, now: Timestamp) -> Result<()> {
        if self.users.contains_key(&new.id) {
            return Err(Error::invalid(
                "SUBUSER",
                format_args!("{} exists already", new.id),
            ));
        }
        let Some(parent) = self.users.get(&new.parent) else {
            return Err(Error::ObjectNotFound(format!("USER {}", new.parent)));
        };
        let depth = parent.depth + 1;
        if depth > MAX_DEPTH {
            return Err(Error::CommandFailed(format!(
                "{} lies {} levels below its top-level account; subusers go at most {MAX_DEPTH} deep",
                new.parent, parent.depth
            )));
        }
        let password = PasswordHash::new(&new.password, &mut self.rng);
        let mut user = User::demo(&new.id, password);
        user.parent = Some(new.parent.clone());
        user.depth = depth;
        user.created = now;
        user.updated = now;
        user.account = new.account;
        user.comments = new.comments;
        user.relations = new.relations.into_iter().collect();
        user.allowed = new.allowed;
        user.tax_rates = new.tax_rates;
        self.forget_sessions_of(&new.id);
        self.tree
            .children
            .entry(new.parent)
            .or_default()
            .insert(new.id.clone());
        let quota = own_quota(&user);
        if quota.is_some() {
            self.set_quota(&new.id, quota);
        }
        self.insert_user(new.id, user);
        Ok(())
    }

    /// Moves the subuser `id`, with everything below it, under `parent`
    /// (AssignUser; the caller checked that both lie in its view's subtree
    /// and that `parent` may have subusers). Its objects, balance, ledger,
    /// relations, environment, role users and sessions stay its own; its
    /// UPDATEDDATE becomes `now`. Refused, changing nothing: a top-level
    /// account (`531`), `parent` at or below `id` (`541`), a subtree that
    /// would reach past [`MAX_DEPTH`] (`549`). Moving a user under its own
    /// parent changes nothing and succeeds.
    pub fn assign_user(&mut self, id: &str, parent: &str, now: Timestamp) -> Result<()> {
        let (Some(user), Some(new_parent)) = (self.users.get(id), self.users.get(parent)) else {
            return Err(Error::ObjectNotFound(format!("USER {id}")));
        };
        let Some(old_parent) = user.parent.clone() else {
            return Err(Error::AuthorizationFailed(format!(
                "{id} is a top-level account; AssignUser moves subusers"
            )));
        };
        if self.in_subtree(id, parent) {
            return Err(Error::invalid(
                "USER",
                format_args!("{parent} is {id} or lies below it; a user cannot go under itself"),
            ));
        }
        if old_parent == parent {
            return Ok(());
        }
        let below = self.descendants(id);
        let deepest = below
            .iter()
            .filter_map(|d| self.users.get(*d))
            .map(|d| d.depth)
            .fold(user.depth, u8::max);
        let depth = new_parent.depth + 1;
        let reach = depth + (deepest - user.depth);
        if reach > MAX_DEPTH {
            return Err(Error::CommandFailed(format!(
                "{id} and its subusers would reach {reach} levels below their top-level account \
                 under {parent}; subusers go at most {MAX_DEPTH} deep"
            )));
        }
        let shift = i16::from(depth) - i16::from(user.depth);
        let moved: Vec<String> = below.into_iter().map(str::to_owned).collect();
        if let Some(set) = self.tree.children.get_mut(&old_parent) {
            set.remove(id);
            if set.is_empty() {
                self.tree.children.remove(&old_parent);
            }
        }
        self.tree
            .children
            .entry(parent.to_owned())
            .or_default()
            .insert(id.to_owned());
        for at in moved.iter().map(String::as_str).chain([id]) {
            if let Some(user) = self.users.get_mut(at) {
                // Within 1..=MAX_DEPTH: checked above.
                user.depth = u8::try_from(i16::from(user.depth) + shift).unwrap_or(MAX_DEPTH);
            }
        }
        if let Some(user) = self.users.get_mut(id) {
            user.parent = Some(parent.to_owned());
            user.updated = now;
        }
        // Its class was one of the old parent's: the platform's again.
        self.classes.leave(id);
        Ok(())
    }

    /// A salted hash of `password` (ModifyUser PASSWORD), from the system's generator.
    pub fn hash_password(&mut self, password: &str) -> PasswordHash {
        PasswordHash::new(password, &mut self.rng)
    }

    /// Drops every environment setting of `id` (ModifyUser FLUSHENVIRONMENT).
    pub fn flush_environment(&mut self, id: &str) {
        self.environment.remove(id);
    }

    /// Changes the user `id` through `change` (validated before), stamping `updated`.
    /// The relation API_QUOTA_PER_MINUTE takes effect at once.
    pub fn modify_user(&mut self, id: &str, now: Timestamp, change: impl FnOnce(&mut User)) {
        let Some(user) = self.users.get_mut(id) else {
            return;
        };
        let quota = own_quota(user);
        change(user);
        user.updated = now;
        let changed = own_quota(user);
        if changed != quota {
            self.set_quota(id, changed);
        }
    }

    /// Why `id` cannot be deleted (DeleteUser's `549` detail), or `None`.
    pub fn delete_blocker(&self, id: &str) -> Option<String> {
        let held = self.holdings(id);
        if !held.is_empty() {
            return Some(format!("{id} still holds {held}"));
        }
        let children: Vec<&str> = self.children_of(id).collect();
        if !children.is_empty() {
            return Some(format!("{id} has subusers: {}", children.join(", ")));
        }
        let user = self.users.get(id)?;
        if !user.account.amount.0.is_zero() {
            return Some(format!(
                "balance of {id} is {} {}, must be 0.00",
                user.account.amount, user.account.currency
            ));
        }
        None
    }

    /// `2 domains, 1 contact` for the objects `id` holds (and its pending
    /// transfers); empty when none.
    pub fn holdings(&self, id: &str) -> String {
        let Some(owned) = self.owned.get(id) else {
            return String::new();
        };
        let counts = [
            (owned.domains.len(), "domain"),
            (owned.contacts.len(), "contact"),
            (owned.hosts.len(), "nameserver"),
            (owned.zones.len(), "DNS zone"),
            // A pending transfer names the account: it must not pass to a
            // later account of the same id.
            (
                owned.transfers_in.len() + owned.transfers_out.len(),
                "pending transfer",
            ),
        ];
        counts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Removes the user `id` (checked by [`System::delete_blocker`]) with its
    /// environment, index entries and its history (ledger entries,
    /// applications, object log, events: none passes to a later account of
    /// the same id); the other users keep their USERINDEX.
    pub fn remove_user(&mut self, id: &str) {
        let Some(user) = self.users.shift_remove(id) else {
            return;
        };
        if let Some(parent) = &user.parent
            && let Some(set) = self.tree.children.get_mut(parent)
        {
            set.remove(id);
            if set.is_empty() {
                self.tree.children.remove(parent);
            }
        }
        self.tree.children.remove(id);
        self.tree.retired.insert(id.to_owned());
        self.owned.remove(id);
        self.forget_private(id);
        self.set_quota(id, None);
    }

    /// Ends the sessions left by an earlier account of the id `id` (deleted
    /// or renamed away), before a new account takes that id. One pass over
    /// the session table, only when such an account existed.
    fn forget_sessions_of(&mut self, id: &str) {
        if !self.tree.retired.remove(id) {
            return;
        }
        let stale: Vec<String> = self
            .sessions
            .iter()
            .filter(|(_, session)| session.principal.account == id)
            .map(|(key, _)| key.clone())
            .collect();
        for key in stale {
            let _ = self.end_session(&key);
        }
    }

    /// Renames the user `id` (NEWSUBUSER; the caller checked it holds
    /// nothing and has no subusers), keeping its place in the table; its
    /// history (ledger entries, applications, object log, events) goes
    /// with it, so none passes to a later account of the old id.
    pub fn rename_user(&mut self, id: &str, new_id: &str) {
        let Some(index) = self.users.get_index_of(id) else {
            return;
        };
        let Some(mut user) = self.users.shift_remove(id) else {
            return;
        };
        user.id = new_id.to_owned();
        self.tree.retired.insert(id.to_owned());
        self.forget_sessions_of(new_id);
        if let Some(parent) = &user.parent
            && let Some(set) = self.tree.children.get_mut(parent)
        {
            set.remove(id);
            set.insert(new_id.to_owned());
        }
        if let Some(env) = self.environment.remove(id) {
            self.environment.insert(new_id.to_owned(), env);
        }
        self.ledger.rename(id, new_id);
        self.invoices.rename(id, new_id);
        self.marks.rename(id, new_id);
        self.classes.rename(id, new_id);
        self.rename_applications_of(id, new_id);
        self.rename_log_of(id, new_id);
        self.rename_events_of(id, new_id);
        self.rename_orders_of(id, new_id);
        self.rename_verifications_of(id, new_id);
        self.rename_mail_of(id, new_id);
        self.users.shift_insert(index, new_id.to_owned(), user);
    }
}

/// The account's own requests per minute, from its relation
/// API_QUOTA_PER_MINUTE (checked when it was set).
fn own_quota(user: &User) -> Option<u32> {
    let value = user.relations.get(QUOTA_RELATION)?;
    parse_quota(QUOTA_RELATION, value).ok().flatten()
}

#[cfg(test)]
#[path = "tree_tests.rs"]
mod tests;
