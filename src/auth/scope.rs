//! Whether a role user may create or change a role into the one proposed
//! (ARCHITECTURE.md, "Role-user ACLs", a role managing roles): the result
//! may do nothing the acting role may not, by ACL and by allow-list, so a
//! restricted login cannot widen itself or mint a wider one. Accounts pass.
//! Reads the role and account records only.

use super::Caller;
use super::role::{Login, role_of};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::acl::Acl;
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
    if caller.principal.role.is_none() {
        return Ok(());
    }
    let Some(acting) = role_of(system, &caller.principal) else {
        // Authentication checked it under the same lock; refuse all the same.
        return Err(Error::AuthorizationFailed(format!(
            "Operation forbidden by ACL; the role user {} no longer exists",
            Login(&caller.principal, dialect)
        )));
    };
    let new = Principal {
        account: proposed.account.into(),
        role: Some(proposed.id.into()),
    };
    let me = Login(&caller.principal, dialect).to_string();
    let new = if new == caller.principal {
        format!("{me} as changed")
    } else {
        Login(&new, dialect).to_string()
    };
    let mut excess = commands
        .into_iter()
        .filter_map(|command| proposed.acl.exceeds(&acting.acl, command));
    if let Some(first) = excess.next() {
        let mut why = first.explain(&new, &me);
        let more: Vec<&str> = excess.map(|e| e.command).collect();
        if !more.is_empty() {
            why.push_str(&format!(
                "; {} more such commands: {}",
                more.len(),
                shown(&more)
            ));
        }
        return Err(refusal(&caller.principal, dialect, why));
    }
    let target = system.user(proposed.account).map(|u| &u.allowed);
    let mut bounds = vec![(&acting.allowed, format!("the ALLOWEDIP of {me}"))];
    // The account's own list binds a new role of the same account as well.
    if proposed.account != caller.principal.account
        && let Some(user) = system.user(&caller.principal.account)
    {
        let name = format!("the ALLOWEDIP of the account {}", caller.principal.account);
        bounds.push((&user.allowed, name));
    }
    for (bound, name) in bounds.iter().filter(|(bound, _)| !bound.is_empty()) {
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
