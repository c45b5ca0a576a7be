//! User classes an account defines for its subusers (ModifyUserClass):
//! per owning account, each class by name with its price relations in the
//! order set, and the class each subuser is in (one of its parent's; no
//! entry: the platform's `DEFAULT`). Owns the class rules (names, members,
//! deletion only when no subuser is in the class) and their renames and
//! removal with an account. Knows no wire text; prices are read off the
//! relations by `pricing.rs`; must not touch users or balances.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::environment::USER_CLASSES;
use super::{IndexMap, System};
use crate::error::{Error, Result};

/// The longest class name.
pub const MAX_CLASS_NAME: usize = 64;

/// The most user classes one account may define (as many as its role users).
pub const MAX_CLASSES: usize = 100;

/// One class's relations, by name in the order first set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserClass {
    #[serde(with = "crate::registry::serial::pairs")]
    pub relations: IndexMap<String, String>,
}

/// Every account's classes and every subuser's class.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UserClasses {
    /// Classes per owning account, by upper-case name.
    owned: BTreeMap<String, BTreeMap<String, UserClass>>,
    /// The class a subuser is in (a class of its parent), by subuser id.
    members: BTreeMap<String, String>,
}

impl UserClasses {
    /// NEWSUBUSER: the account's classes and its own class go with it.
    pub(super) fn rename(&mut self, id: &str, new_id: &str) {
        if let Some(classes) = self.owned.remove(id) {
            self.owned.insert(new_id.to_owned(), classes);
        }
        if let Some(class) = self.members.remove(id) {
            self.members.insert(new_id.to_owned(), class);
        }
    }

    /// A removed account: its classes and its place in its parent's class.
    pub(super) fn forget(&mut self, id: &str) {
        self.owned.remove(id);
        self.members.remove(id);
    }

    /// AssignUser: a subuser under another parent is back in `DEFAULT`.
    pub(super) fn leave(&mut self, id: &str) {
        self.members.remove(id);
    }
}

/// A class name as ModifyUserClass, AddUser and ModifyUser take it: 1-64
/// letters, digits, `_` and `-` (`505`), upper-cased; `None` for the
/// platform's own classes (`DEFAULT`), which `param` may name only where
/// they mean "back to the platform's".
pub fn class_name(param: &str, text: &str) -> Result<Option<String>> {
    let well_formed = (1..=MAX_CLASS_NAME).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
    if !well_formed {
        return Err(Error::syntax_rule(
            param,
            text,
            "a user class name is 1-64 letters, digits, _ or -",
        ));
    }
    let name = text.to_ascii_uppercase();
    Ok((!USER_CLASSES.contains(&name.as_str())).then_some(name))
}

impl System {
    /// The classes `owner` defined, by name.
    pub fn user_classes_of(&self, owner: &str) -> impl Iterator<Item = (&str, &UserClass)> {
        self.classes
            .owned
            .get(owner)
            .into_iter()
            .flat_map(|classes| classes.iter().map(|(name, class)| (name.as_str(), class)))
    }

    /// The class `name` of `owner` (upper case).
    pub fn user_class(&self, owner: &str, name: &str) -> Option<&UserClass> {
        self.classes.owned.get(owner)?.get(name)
    }

    /// The name of the class `id` is in; `None`: the platform's `DEFAULT`.
    pub fn class_of(&self, id: &str) -> Option<&str> {
        self.classes.members.get(id).map(String::as_str)
    }

    /// The relations of the class `id` is in (a class of its parent).
    pub fn class_relations_of(&self, id: &str) -> Option<&IndexMap<String, String>> {
        let class = self.classes.members.get(id)?;
        let parent = self.user(id)?.parent.as_deref()?;
        Some(&self.user_class(parent, class)?.relations)
    }

    /// How many subusers of `owner` are in its class `name`.
    pub fn class_members(&self, owner: &str, name: &str) -> usize {
        self.children_of(owner)
            .filter(|child| self.class_of(child) == Some(name))
            .count()
    }

    /// Sets the class `name` of `owner` to `relations`: created when new,
    /// deleted when `relations` is empty. A class some subuser is in is not
    /// deleted (`541` naming how many); an unknown class with nothing to
    /// set is `545`; a new class past [`MAX_CLASSES`] is `549`.
    pub fn set_user_class(
        &mut self,
        owner: &str,
        name: &str,
        relations: IndexMap<String, String>,
    ) -> Result<()> {
        let known = self.user_class(owner, name).is_some();
        if relations.is_empty() {
            if !known {
                return Err(Error::ObjectNotFound(format!(
                    "USERCLASS {name}: {owner} has no such class, and no relation was set to create it"
                )));
            }
            let members = self.class_members(owner, name);
            if members > 0 {
                return Err(Error::invalid(
                    "USERCLASS",
                    format_args!(
                        "{name} would have no relations and be deleted, but {members} subuser(s) \
                         of {owner} are in it; move them with ModifyUser USERCLASS first"
                    ),
                ));
            }
            if let Some(classes) = self.classes.owned.get_mut(owner) {
                classes.remove(name);
                if classes.is_empty() {
                    self.classes.owned.remove(owner);
                }
            }
            return Ok(());
        }
        if !known && self.user_classes_of(owner).count() >= MAX_CLASSES {
            return Err(Error::CommandFailed(format!(
                "{owner} defines {MAX_CLASSES} user classes, the most an account may: \
                 empty one with ModifyUserClass FLUSHRELATIONS=1 first"
            )));
        }
        self.classes
            .owned
            .entry(owner.to_owned())
            .or_default()
            .insert(name.to_owned(), UserClass { relations });
        Ok(())
    }

    /// Puts the subuser `id` into its parent's class `name` (`None`: the
    /// platform's `DEFAULT`); the caller checked the class exists.
    pub fn set_class_of(&mut self, id: &str, name: Option<String>) {
        match name {
            Some(name) => {
                self.classes.members.insert(id.to_owned(), name);
            }
            None => {
                self.classes.members.remove(id);
            }
        }
    }
}

#[cfg(test)]
#[path = "user_class_tests.rs"]
mod tests;
