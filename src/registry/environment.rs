//! What an account is set up with besides its balance: its environment
//! settings (free `key`/`name` → value pairs, per account), the platform user
//! above every top-level account (which holds the platform's default
//! settings), and (in `relations.rs`) the user class the accounts are in and
//! that class's price relations, derived from the catalogue by iteration.
//! Must not touch domains, contacts, hosts or sessions, and knows no wire text.

mod relations;

pub use relations::{
    DEFAULT_CLASS, Item, Relation, RelationValue, USER_CLASSES, known_currency, price_relations,
};

use std::collections::{BTreeMap, HashMap};

use super::{System, Timestamp, User};

/// The user above every top-level account (StatusUser `PARENTUSER`). It
/// deliberately does not match the WHMCS module's HEXONET pattern
/// (`hexonet`, `hexonet.net`, `hexonet.ca`, `demo.hexonet.net`), so the
/// module's "Offer Web Apps" option stays off unless a tester sets
/// `_cp3/config_subuser` / `enable_webapps` to `true`.
pub const PLATFORM_USER: &str = "otebox";

/// When every account was created and last updated (StatusUser CREATEDDATE,
/// UPDATEDDATE) and the date of the fixed exchange rates: 2026-01-01 00:00:00
/// UTC, the fixtures' starting clock. The registry has no clock, so the demo
/// accounts get this fixed, deterministic instant rather than the boot time.
pub const SYSTEM_START: Timestamp = Timestamp(1_767_225_600);

/// Settings the platform user holds, which `USEPARENT=1` reaches from any
/// top-level account: the WHMCS module's Web Apps switch is off.
pub const PLATFORM_DEFAULTS: &[(&str, &str, &str)] =
    &[("_cp3/config_subuser", "enable_webapps", "false")];

/// Longest environment key, in characters (`middleware/whmcs/<host>`).
pub const MAX_KEY: usize = 255;
/// Longest environment name, in characters.
pub const MAX_NAME: usize = 255;
/// Longest environment value, in characters (a JSON app configuration fits).
pub const MAX_VALUE: usize = 10_000;
/// Most settings one account may hold.
pub const MAX_SETTINGS: usize = 500;
/// Most parents GetEnvironment asks (LEVEL's upper bound; USEPARENT's default).
pub const MAX_LEVELS: u64 = 99;

/// One account's settings, sorted by key, then name.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Environment {
    settings: BTreeMap<(String, String), String>,
}

/// One setting as lists show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub value: &'a str,
}

impl Environment {
    /// Every setting, by key then name.
    pub fn settings(&self) -> impl Iterator<Item = Setting<'_>> {
        self.settings
            .iter()
            .map(|((key, name), value)| Setting { key, name, value })
    }

    /// The settings under exactly `key`, by name.
    pub fn under(&self, key: &str) -> impl Iterator<Item = Setting<'_>> {
        let start = (key.to_owned(), String::new());
        self.settings
            .range(start..)
            .take_while(move |((k, _), _)| k == key)
            .map(|((key, name), value)| Setting { key, name, value })
    }

    pub fn len(&self) -> usize {
        self.settings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.settings.is_empty()
    }
}

/// One change of SetEnvironment: a new value, or `None` to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub name: String,
    pub value: Option<String>,
}

/// Why a key, name or value is refused: too long (`541`) or malformed (`505`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    TooLong(String),
    Malformed(String),
}

/// Checks a key (`max` = [`MAX_KEY`]) or a name (`max` = [`MAX_NAME`]):
/// no whitespace, control characters or `{WORD}` tokens (SDKs strip those).
pub fn check_label(text: &str, max: usize) -> Result<(), Refusal> {
    let length = text.chars().count();
    if length > max {
        return Err(Refusal::TooLong(format!(
            "{length} characters, at most {max}"
        )));
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Refusal::Malformed(
            "must not contain spaces or control characters".to_owned(),
        ));
    }
    check_braces(text)
}

/// Checks a value: at most [`MAX_VALUE`] characters, no control characters
/// other than tab, no `{WORD}` tokens.
pub fn check_value(text: &str) -> Result<(), Refusal> {
    let length = text.chars().count();
    if length > MAX_VALUE {
        return Err(Refusal::TooLong(format!(
            "{length} characters, at most {MAX_VALUE}"
        )));
    }
    if text.chars().any(|c| c.is_control() && c != '\t') {
        return Err(Refusal::Malformed(
            "must not contain control characters".to_owned(),
        ));
    }
    check_braces(text)
}

/// Refuses `{WORD}` (capital letters and `_` in braces): the Python and Node
/// SDKs delete such tokens from every response (protocol.md §2.7).
fn check_braces(text: &str) -> Result<(), Refusal> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let word = after
            .bytes()
            .take_while(|b| b.is_ascii_uppercase() || *b == b'_')
            .count();
        if word > 0 && after.as_bytes().get(word) == Some(&b'}') {
            return Err(Refusal::Malformed(format!(
                "must not contain {} in curly braces: the SDKs delete such tokens from responses",
                &after[..word]
            )));
        }
        rest = after;
    }
    Ok(())
}

impl System {
    /// The settings of `account`, if it ever stored any.
    pub fn environment(&self, account: &str) -> Option<&Environment> {
        self.environment.get(account)
    }

    /// The value of `key`/`name` for `account`, or else of its parents,
    /// asking at most `parents` of them (GetEnvironment USEPARENT/LEVEL). The
    /// platform user above every top-level account holds [`PLATFORM_DEFAULTS`].
    pub fn environment_value(
        &self,
        account: &str,
        key: &str,
        name: &str,
        parents: u64,
    ) -> Option<&str> {
        let own = |id: &str| {
            self.environment
                .get(id)
                .and_then(|env| env.settings.get(&(key.to_owned(), name.to_owned())))
                .map(String::as_str)
        };
        // `None` is the platform user, above every top-level account.
        let mut current = Some(account);
        for _ in 0..=parents.min(MAX_LEVELS) {
            let Some(id) = current else {
                return PLATFORM_DEFAULTS
                    .iter()
                    .find(|(k, n, _)| *k == key && *n == name)
                    .map(|(_, _, value)| *value);
            };
            if let Some(value) = own(id) {
                return Some(value);
            }
            current = self.users.get(id)?.parent.as_deref();
        }
        None
    }

    /// Applies `changes` in order (a later change of the same key/name wins):
    /// all or nothing. `Err` carries how many settings the account would hold
    /// when that passes [`MAX_SETTINGS`].
    pub fn set_environment(&mut self, account: &str, changes: Vec<Change>) -> Result<(), usize> {
        let current = self.environment.get(account);
        let mut after: HashMap<(&str, &str), bool> = HashMap::new();
        for change in &changes {
            after.insert(
                (change.key.as_str(), change.name.as_str()),
                change.value.is_some(),
            );
        }
        let had = |key: &str, name: &str| {
            current.is_some_and(|env| {
                env.settings
                    .contains_key(&(key.to_owned(), name.to_owned()))
            })
        };
        let mut count = current.map_or(0, Environment::len) as isize;
        for ((key, name), present) in &after {
            match (had(key, name), present) {
                (false, true) => count += 1,
                (true, false) => count -= 1,
                _ => {}
            }
        }
        let count = count.max(0) as usize;
        if count > MAX_SETTINGS {
            return Err(count);
        }
        let env = self.environment.entry(account.to_owned()).or_default();
        for change in changes {
            let slot = (change.key, change.name);
            match change.value {
                Some(value) => {
                    env.settings.insert(slot, value);
                }
                None => {
                    env.settings.remove(&slot);
                }
            }
        }
        Ok(())
    }

    /// Deletes `key`/`name`, or with `name` `None` every setting under
    /// exactly `key`; returns how many went.
    pub fn delete_environment(&mut self, account: &str, key: &str, name: Option<&str>) -> usize {
        let Some(env) = self.environment.get_mut(account) else {
            return 0;
        };
        match name {
            Some(name) => usize::from(
                env.settings
                    .remove(&(key.to_owned(), name.to_owned()))
                    .is_some(),
            ),
            None => {
                let before = env.settings.len();
                env.settings.retain(|(k, _), _| k != key);
                before - env.settings.len()
            }
        }
    }

    /// The account's number in the system (StatusUser `USERINDEX`,
    /// [`User::index`]): given when it was added, from 2 (1 is the platform
    /// user), kept while it exists, never given to another.
    pub fn user_index(&self, id: &str) -> Option<usize> {
        self.users.get(id).map(|user| user.index as usize)
    }

    /// The USERINDEX of `id`'s parent (StatusUser PARENTUSERINDEX,
    /// GetUserIndex): 1, the platform user, for a top-level account.
    pub fn parent_index(&self, id: &str) -> Option<usize> {
        match self.users.get(id)?.parent.as_deref() {
            None => Some(1),
            Some(parent) => self.user_index(parent),
        }
    }

    /// The account whose USERINDEX is `index` (GetUserId); `None` for the
    /// platform user (1) and numbers no account has.
    pub fn user_by_index(&self, index: usize) -> Option<&User> {
        let index = u32::try_from(index).ok().filter(|index| *index >= 2)?;
        self.users.values().find(|user| user.index == index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Entity, Registry};

    #[test]
    fn refuses_brace_tokens_and_long_or_spaced_labels() {
        assert!(check_label("_cp3/config_subuser", MAX_KEY).is_ok());
        assert!(matches!(
            check_label("a b", MAX_KEY),
            Err(Refusal::Malformed(_))
        ));
        assert!(matches!(
            check_label(&"k".repeat(256), MAX_KEY),
            Err(Refusal::TooLong(_))
        ));
        assert!(check_value("{\"enabled\":true}").is_ok());
        assert!(check_value("x {DOMAIN} y").is_err());
        assert!(check_value("{} {a} {A").is_ok());
    }

    #[test]
    fn use_parent_reaches_the_platform_defaults() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let (key, name) = ("_cp3/config_subuser", "enable_webapps");
        assert_eq!(system.environment_value("test.user", key, name, 0), None);
        assert_eq!(
            system.environment_value("test.user", key, name, 1),
            Some("false")
        );
        assert_eq!(system.environment_value("test.user", key, name, 0), None);
        let change = Change {
            key: key.to_owned(),
            name: name.to_owned(),
            value: Some("true".to_owned()),
        };
        system.set_environment("test.user", vec![change]).unwrap();
        assert_eq!(
            system.environment_value("test.user", key, name, MAX_LEVELS),
            Some("true")
        );
        assert_eq!(system.delete_environment("test.user", key, None), 1);
    }
}
