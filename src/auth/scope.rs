//! Whether a role user may leave behind a login wider than itself: a role
//! its CreateRoleUser or UpdateRoleUser proposes, or a subuser login its
//! AddUser or ModifyUser hands out (ARCHITECTURE.md, "A role managing roles"
//! and "A role managing subusers"): by ACL and allow-list, the login may do
//! nothing the acting role may not. Accounts pass. Reads records only.

use super::Caller;
use super::role::{Login, role_of};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::RoleUser;
use crate::registry::acl::{Acl, Excess};
use crate::registry::{AllowList, Principal, System};

/// The role a CreateRoleUser or UpdateRoleUser would leave behind.
pub struct Proposed<'a> {
    /// The account that holds it (the request's view, or SUBUSER).
    pub account: &'a str,
    pub id: &'a str,
    /// The rules and DEFAULTPOLICY it would have.
    pub acl: &'a Acl,
    /// Its own allow-list.
    pub allowed: &'a AllowList,
}

/// Refuses (`531`) when the caller is a role user and `proposed` may run a
/// command of `commands` that the caller's ACL does not allow outright
/// (`Acl::exceeds`), or may log in from an address the caller may not.
/// The first excess is explained; the others are counted and named.
pub fn confine<'c>(
    system: &System,
    caller: &Caller,
    proposed: &Proposed<'_>,
    commands: impl IntoIterator<Item = &'c str>,
    dialect: Dialect,
) -> Result<()> {
    let Some((acting, me)) = acting(system, caller, dialect)? else {
        return Ok(());
    };
    let new = Principal {
        account: proposed.account.into(),
        role: Some(proposed.id.into()),
    };
    let new = if new == caller.principal {
        format!("{me} as changed")
    } else {
        Login(&new, dialect).to_string()
    };
    let mut excess = commands
        .into_iter()
        .filter_map(|command| proposed.acl.exceeds(&acting.acl, command));
    if let Some(first) = excess.next() {
        let why = with_more(first.explain(&new, &me), excess);
        return Err(refusal(&caller.principal, dialect, why));
    }
    let target = system.user(proposed.account).map(|u| &u.allowed);
    // The account's own list binds a new role of the same account as well.
    let other = proposed.account != caller.principal.account;
    for (bound, name) in bounds(system, caller, acting, &me, other) {
        let inside = |list: &AllowList| !list.is_empty() && list.outside(bound).is_none();
        if inside(proposed.allowed) || target.is_some_and(inside) {
            continue;
        }
        let why = match proposed.allowed.outside(bound) {
            Some(entry) => format!("{new} could log in from {entry}, outside {name} ({bound})"),
            None => format!(
                "{new} could log in from anywhere its account allows (its ALLOWEDIP is empty), \
                 not only from {name} ({bound})"
            ),
        };
        return Err(refusal(&caller.principal, dialect, why));
    }
    Ok(())
}

/// A subuser login that a role user's AddUser or ModifyUser would hand out
/// or open up: one whose password it sets, whose second factor it removes
/// or replaces, or whose allow-list it empties or widens.
pub struct Handed<'a> {
    pub id: &'a str,
    /// What the request does to it: `set the PASSWORD of sub1`.
    pub how: &'a str,
    /// The allow-list the login would have.
    pub allowed: &'a AllowList,
}

/// Refuses (`531`) when the caller is a role user that does not allow every
/// command of `commands` outright (an account login has no ACL: compared as
/// [`Acl::everything`]), or whose own or account's non-empty allow-list
/// does not hold the handed login's, which must then be non-empty.
pub fn confine_login<'c>(
    system: &System,
    caller: &Caller,
    handed: &Handed<'_>,
    commands: impl IntoIterator<Item = &'c str>,
    dialect: Dialect,
) -> Result<()> {
    let Some((acting, me)) = acting(system, caller, dialect)? else {
        return Ok(());
    };
    let refuse = |why: String| {
        Error::AuthorizationFailed(format!(
            "Operation forbidden by ACL; {me} may not {how}: a role user may hand out or open up \
             a login only if that login can do no more than the role can, and {why}",
            how = handed.how
        ))
    };
    let everything = Acl::everything();
    let mut excess = commands
        .into_iter()
        .filter_map(|command| everything.exceeds(&acting.acl, command));
    if let Some(first) = excess.next() {
        let command = first.command;
        let why = format!(
            "{}, an account login without ACL, could run {command}, {me} may not ({})",
            handed.id,
            first.lack.explain(command)
        );
        return Err(refuse(with_more(why, excess)));
    }
    // A subuser's login is bound by its own list alone, so the acting
    // account's list binds it as well.
    for (bound, name) in bounds(system, caller, acting, &me, true) {
        let why = match handed.allowed.outside(bound) {
            Some(entry) => format!(
                "{} could log in from {entry}, outside {name} ({bound})",
                handed.id
            ),
            None if handed.allowed.is_empty() => format!(
                "{} could log in from anywhere (its ALLOWEDIP would be empty), not only from \
                 {name} ({bound})",
                handed.id
            ),
            None => continue,
        };
        return Err(refuse(why));
    }
    Ok(())
}

/// The non-empty allow-lists that bind the acting role, named: its own, and
/// with `account` its account's.
fn bounds<'s>(
    system: &'s System,
    caller: &Caller,
    acting: &'s RoleUser,
    me: &str,
    account: bool,
) -> Vec<(&'s AllowList, String)> {
    let mut bounds = vec![(&acting.allowed, format!("the ALLOWEDIP of {me}"))];
    if account && let Some(user) = system.user(&caller.principal.account) {
        let name = format!("the ALLOWEDIP of the account {}", caller.principal.account);
        bounds.push((&user.allowed, name));
    }
    bounds.retain(|(bound, _)| !bound.is_empty());
    bounds
}

/// The acting role and its login as text; `None` for an account's own
/// login, which these checks do not limit.
fn acting<'s>(
    system: &'s System,
    caller: &Caller,
    dialect: Dialect,
) -> Result<Option<(&'s RoleUser, String)>> {
    if caller.principal.role.is_none() {
        return Ok(None);
    }
    let Some(acting) = role_of(system, &caller.principal) else {
        return Err(gone(caller, dialect));
    };
    Ok(Some((
        acting,
        Login(&caller.principal, dialect).to_string(),
    )))
}

/// `why` (the first excess explained), then how many more commands and
/// which: `; 89 more such commands: AddDNSZone, ...`.
fn with_more<'a>(mut why: String, more: impl Iterator<Item = Excess<'a>>) -> String {
    let more: Vec<&str> = more.map(|e| e.command).collect();
    if !more.is_empty() {
        why.push_str(&format!(
            "; {} more such commands: {}",
            more.len(),
            shown(&more)
        ));
    }
    why
}

/// Authentication checked the role under the same lock; refuse all the same.
fn gone(caller: &Caller, dialect: Dialect) -> Error {
    Error::AuthorizationFailed(format!(
        "Operation forbidden by ACL; the role user {} no longer exists",
        Login(&caller.principal, dialect)
    ))
}

/// `531 Authorization failed; Operation forbidden by ACL; <role> may create or
/// change only roles that can do no more than it can: <why>`.
fn refusal(principal: &Principal, dialect: Dialect, why: String) -> Error {
    Error::AuthorizationFailed(format!(
        "Operation forbidden by ACL; {} may create or change only roles that can do no more than it can: {why}",
        Login(principal, dialect)
    ))
}

/// Up to five names, then how many more.
fn shown(names: &[&str]) -> String {
    const SHOWN: usize = 5;
    let mut text = names[..names.len().min(SHOWN)].join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}
