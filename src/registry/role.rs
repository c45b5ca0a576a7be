//! Role users (protocol.md §6, `account!role` logins): their records, kept
//! per account in `System::roles` sorted by ROLEID, and the changes the role
//! commands make. Data and invariants only (the caps, the timestamps, the
//! salted password): whether a login or a command may proceed is decided in
//! `auth/role.rs`; the wire parameters are read in `command/role.rs`.
//! Must not touch `User` (accounts live in `user.rs`).

use std::collections::BTreeMap;

use super::acl::{Acl, Policy};
use super::otp::OtpSecret;
use super::{AllowList, PasswordHash, System, Timestamp};
use crate::error::{Error, Result};

/// Role users one account holds at most.
pub const MAX_ROLES: usize = 100;

/// Non-empty `ACL<n>` lines one role user holds at most.
pub const MAX_ACL_LINES: usize = 1000;

/// A role user of an account: its own password, ACL, allow-list and 2FA.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RoleUser {
    /// The ROLEID, unique within its account.
    pub id: String,
    pub password: PasswordHash,
    /// The DESCRIPTION lines, empty ones left out.
    pub description: Vec<String>,
    /// The rules and the DEFAULTPOLICY.
    pub acl: Acl,
    /// Where the role may log in from (the account's list applies as well).
    pub allowed: AllowList,
    /// `false`: STATUS INACTIVE, the role cannot log in and its sessions are refused.
    pub active: bool,
    /// The TOTP secret when the role has two-factor authentication.
    pub otp: Option<OtpSecret>,
    pub created: Timestamp,
    pub updated: Timestamp,
}

/// What CreateRoleUser sets besides the ROLEID and the password.
#[derive(Debug, Clone)]
pub struct NewRole {
    pub description: Vec<String>,
    pub acl: Acl,
    pub allowed: AllowList,
    pub active: bool,
}

/// What UpdateRoleUser changes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct RoleChanges<'a> {
    pub password: Option<&'a str>,
    /// `Some(None)` removes the secret (two-factor authentication off).
    pub otp: Option<Option<OtpSecret>>,
    pub description: Option<Vec<String>>,
    /// New rules; their default policy is replaced by `default` or the
    /// role's current one.
    pub acl: Option<Acl>,
    pub default: Option<Policy>,
    pub allowed: Option<AllowList>,
    pub active: Option<bool>,
}

/// The role users of one account, by ROLEID.
pub(super) type Roles = BTreeMap<String, RoleUser>;

impl System {
    /// The role user `id` of `account`, if there is one.
    pub fn role(&self, account: &str, id: &str) -> Option<&RoleUser> {
        self.roles.get(account)?.get(id)
    }

    /// The role users of `account` in ROLEID order.
    pub fn roles_of(&self, account: &str) -> impl DoubleEndedIterator<Item = &RoleUser> {
        self.roles
            .get(account)
            .into_iter()
            .flat_map(|roles| roles.values())
    }

    /// How many role users `account` holds.
    pub fn role_count(&self, account: &str) -> usize {
        self.roles.get(account).map_or(0, BTreeMap::len)
    }

    /// Creates role user `id` in `account`: `540` if it exists there, `549`
    /// past [`MAX_ROLES`]. The password is salted from the system's generator.
    pub fn add_role(
        &mut self,
        account: &str,
        id: &str,
        password: &str,
        role: NewRole,
        now: Timestamp,
    ) -> Result<()> {
        if self.role(account, id).is_some() {
            return Err(Error::NotUnique(format!("ROLEID {id} exists in {account}")));
        }
        if self.role_count(account) >= MAX_ROLES {
            return Err(Error::CommandFailed(format!(
                "{account} holds {MAX_ROLES} role users, the most an account may hold: \
                 delete one with DeleteRoleUser first"
            )));
        }
        // Sessions left by a deleted role of this ROLEID end here, not when
        // they are next used: whether they belong to the new role cannot be
        // told by times, role dates being sandbox time and sessions' wall time.
        self.end_sessions_of_principal(&super::Principal {
            account: account.into(),
            role: Some(id.into()),
        });
        let password = PasswordHash::new(password, &mut self.rng);
        let record = RoleUser {
            id: id.to_owned(),
            password,
            description: role.description,
            acl: role.acl,
            allowed: role.allowed,
            active: role.active,
            otp: None,
            created: now,
            updated: now,
        };
        self.roles
            .entry(account.to_owned())
            .or_default()
            .insert(id.to_owned(), record);
        Ok(())
    }

    /// Applies `changes` to role user `id` of `account` (`545` if there is
    /// none) and marks it updated at `now`. Open sessions of the role see the
    /// change on their next request: nothing is copied into them.
    pub fn update_role(
        &mut self,
        account: &str,
        id: &str,
        changes: RoleChanges<'_>,
        now: Timestamp,
    ) -> Result<()> {
        if self.role(account, id).is_none() {
            return Err(not_found(account, id));
        }
        let password = changes
            .password
            .map(|password| PasswordHash::new(password, &mut self.rng));
        let Some(role) = self.roles.get_mut(account).and_then(|r| r.get_mut(id)) else {
            return Err(not_found(account, id));
        };
        if let Some(password) = password {
            role.password = password;
        }
        if let Some(otp) = changes.otp {
            role.otp = otp;
        }
        if let Some(description) = changes.description {
            role.description = description;
        }
        let default = changes.default.unwrap_or(role.acl.default_policy());
        let acl = changes.acl.unwrap_or_else(|| role.acl.clone());
        role.acl = acl.with_default(default);
        if let Some(allowed) = changes.allowed {
            role.allowed = allowed;
        }
        if let Some(active) = changes.active {
            role.active = active;
        }
        role.updated = now;
        Ok(())
    }

    /// Deletes role user `id` of `account`; `545` if there is none. Its
    /// sessions are refused (and ended) from their next request on, or
    /// ended when a role of the same ROLEID is created.
    pub fn remove_role(&mut self, account: &str, id: &str) -> Result<()> {
        let roles = self.roles.get_mut(account);
        match roles.and_then(|roles| roles.remove(id)) {
            Some(_) => Ok(()),
            None => Err(not_found(account, id)),
        }
    }

    /// Forgets every role user of `account` (when the account goes).
    pub fn drop_roles(&mut self, account: &str) {
        self.roles.remove(account);
    }
}

/// `545 Object not found; ROLEID ci: test.user has no such role user`.
pub fn not_found(account: &str, id: &str) -> Error {
    Error::ObjectNotFound(format!(
        "ROLEID {id}: {account} has no such role user (QueryRoleUserList lists them)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Entity, Registry};

    fn new_role() -> NewRole {
        NewRole {
            description: vec!["CI".into()],
            acl: Acl::parse([(0, "StatusAccount():ALLOW")], Policy::Deny).unwrap(),
            allowed: AllowList::default(),
            active: true,
        }
    }

    #[test]
    fn roles_are_per_account_unique_and_capped() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let now = Timestamp(10);
        system
            .add_role("test.user", "ci", "pw", new_role(), now)
            .unwrap();
        assert_eq!(
            system
                .add_role("test.user", "ci", "pw", new_role(), now)
                .unwrap_err()
                .to_string(),
            "Attribute value is not unique; ROLEID ci exists in test.user"
        );
        system
            .add_role("test.user2", "ci", "pw", new_role(), now)
            .unwrap();
        for n in 1..MAX_ROLES {
            system
                .add_role("test.user", &format!("r{n}"), "pw", new_role(), now)
                .unwrap();
        }
        let error = system
            .add_role("test.user", "one-more", "pw", new_role(), now)
            .unwrap_err();
        assert_eq!(error.code(), 549);
        assert_eq!(system.role_count("test.user2"), 1);
        assert!(
            system
                .role("test.user", "ci")
                .unwrap()
                .password
                .verify("pw")
        );
    }

    #[test]
    fn updates_keep_what_is_not_sent_and_default_policy_alone_changes() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        system
            .add_role("test.user", "ci", "pw", new_role(), Timestamp(10))
            .unwrap();
        let changes = RoleChanges {
            default: Some(Policy::Allow),
            active: Some(false),
            ..RoleChanges::default()
        };
        system
            .update_role("test.user", "ci", changes, Timestamp(20))
            .unwrap();
        let role = system.role("test.user", "ci").unwrap();
        assert_eq!(role.acl.default_policy(), Policy::Allow);
        assert_eq!(role.acl.rules().len(), 1, "the rules stay");
        assert_eq!(role.description, ["CI"]);
        assert!(!role.active && role.password.verify("pw"));
        assert_eq!((role.created, role.updated), (Timestamp(10), Timestamp(20)));
        let error = system
            .update_role("test.user2", "ci", RoleChanges::default(), Timestamp(30))
            .unwrap_err();
        assert_eq!(error.code(), 545);
        system.remove_role("test.user", "ci").unwrap();
        assert!(system.remove_role("test.user", "ci").is_err());
    }
}
