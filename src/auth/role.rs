//! Role-user logins and their ACL (design §3.4–§3.6, ARCHITECTURE.md "Role-user
//! ACLs"): the role's password and STATUS on a credentialed login, the live
//! check that a session's role still exists and is ACTIVE, the role's own
//! allow-list and two-factor code, and the ACL decision `command::dispatch`
//! asks for before a role's command runs. Reads the role records only; ends
//! a session whose role is gone, and changes nothing else.

use super::Caller;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::{Principal, RoleUser, System, Timestamp};
use crate::wire::{Params, Secret};

/// Checks the password and STATUS of role user `role` of `account` (the
/// account exists and is active; the caller checked).
pub(super) fn verify(
    system: &System,
    account: &str,
    role: &str,
    password: &str,
) -> Result<Principal> {
    let Some(record) = system.role(account, role) else {
        return Err(Error::AuthenticationFailed(match role.is_empty() {
            true => format!("no role user id after {account}'s separator (account!ROLEID)"),
            false => format!("role user {role} not found in account {account}"),
        }));
    };
    if !record.password.verify(password) {
        let entity = system.entity();
        return Err(Error::AuthenticationFailed(format!(
            "wrong password for role user {account}!{role} in {} (s_entity={})",
            entity.label(),
            entity.code()
        )));
    }
    if !record.active {
        return Err(Error::AuthenticationFailed(format!(
            "role user {account}!{role} is INACTIVE (UpdateRoleUser STATUS=ACTIVE re-enables it)"
        )));
    }
    Ok(Principal {
        account: account.into(),
        role: Some(role.into()),
    })
}

/// On a session of a role: the role must still exist and be ACTIVE (an
/// INACTIVE role may still end it: `ending`). A session whose role was
/// deleted is ended; a role created later under the
/// same ROLEID ended the old role's sessions (`System::add_role`), so the
/// role found is the one that started the session.
pub(super) fn live(
    system: &mut System,
    principal: &Principal,
    session: &str,
    ending: &dyn Fn() -> bool,
) -> Result<()> {
    let Some(id) = &principal.role else {
        return Ok(());
    };
    match system.role(&principal.account, id) {
        Some(role) => {
            if role.active || ending() {
                return Ok(());
            }
            Err(Error::AuthenticationFailed(format!(
                "the session's role user {principal} is INACTIVE (UpdateRoleUser STATUS=ACTIVE re-enables it)"
            )))
        }
        None => {
            // Nothing to end if it is gone already.
            let _ = system.end_session(session);
            Err(Error::AuthenticationFailed(format!(
                "the session's role user {principal} was deleted"
            )))
        }
    }
}

/// After the account's checks, for a role: the role's own allow-list, then,
/// on a credentialed request, its two-factor code (`s_otp`). Sessions need no code.
pub(super) fn admit(
    system: &System,
    caller: &Caller,
    otp: Option<&Secret>,
    dialect: Dialect,
    now: Timestamp,
) -> Result<()> {
    let Some(role) = role_of(system, &caller.principal) else {
        return Ok(());
    };
    // Written out only in a refusal.
    let login = Login(&caller.principal, dialect);
    caller.client.check(&role.allowed, &login)?;
    let Some(secret) = role.otp.as_ref().filter(|_| !caller.by_session) else {
        return Ok(());
    };
    match (otp, dialect) {
        (Some(code), _) => secret
            .check(code.expose(), now)
            .map_err(|why| super::guard::wrong_code(why, &login)),
        (None, Dialect::Hexonet) => Err(Error::Otp(format!(
            "s_otp is missing: {login} has two-factor authentication (OTPSTATUS ACTIVE); \
             send the current 6-digit code, or use a session"
        ))),
        (None, Dialect::Cnr) => Err(Error::Otp(format!(
            "{login} has two-factor authentication (OTPSTATUS ACTIVE) and the CentralNic \
             Reseller dialect has no s_otp: log in over the HEXONET dialect, or clear the \
             secret with UpdateRoleUser OTPSECRET="
        ))),
    }
}

/// The ACL decision for a role's `command` with the request's `params`
/// (design §2.2): `531 Authorization failed; Operation forbidden by ACL;
/// <why>` on a denial, naming the rule or the DEFAULTPOLICY. Accounts pass
/// (inlined: for them, one test).
#[inline]
pub fn check_acl(
    system: &System,
    caller: &Caller,
    command: &str,
    params: &Params,
    dialect: Dialect,
) -> Result<()> {
    match caller.principal.role {
        None => Ok(()),
        Some(_) => role_acl(system, caller, command, params, dialect),
    }
}

fn role_acl(
    system: &System,
    caller: &Caller,
    command: &str,
    params: &Params,
    dialect: Dialect,
) -> Result<()> {
    let Some(role) = role_of(system, &caller.principal) else {
        // Authentication checked it under the same lock; refuse all the same.
        return Err(Error::AuthorizationFailed(format!(
            "Operation forbidden by ACL; the role user {} no longer exists",
            Login(&caller.principal, dialect)
        )));
    };
    // `s_user` is HEXONET's way of writing a command's SUBUSER (README;
    // on the CNR route the view is the SUBUSER parameter itself): a
    // condition on SUBUSER binds the view it names as well.
    let view = caller
        .view
        .as_deref()
        .filter(|_| dialect == Dialect::Hexonet);
    let params = (params.iter())
        .map(|(key, value)| (key.as_ref(), reached(key.as_ref(), value.as_ref())))
        .chain(view.map(|view| ("s_user", view)));
    // Decided without words first: only a denial is explained.
    if role.acl.allows(command, params.clone(), dialect) {
        return Ok(());
    }
    let decision = role.acl.decide(command, params, dialect);
    Err(Error::AuthorizationFailed(format!(
        "Operation forbidden by ACL; {}",
        decision.explain(&Login(&caller.principal, dialect).to_string())
    )))
}

/// What a condition reads of a request's `key`: its value, except that a
/// `SUBUSER` chain (`test.user sub2`, which every command walks as `s_user`
/// is walked: `auth/view.rs`) is judged by the account it reaches, its last
/// id, so that no spelling of the same account slips past a rule on it. A
/// chain that does not lead there is refused by the command itself.
fn reached<'a>(key: &str, value: &'a str) -> &'a str {
    match key.eq_ignore_ascii_case("SUBUSER") {
        true => value.split_whitespace().next_back().unwrap_or(value),
        false => value,
    }
}

pub(super) fn role_of<'a>(system: &'a System, principal: &Principal) -> Option<&'a RoleUser> {
    system.role(&principal.account, principal.role.as_deref()?)
}

/// `account!role`, or `account:role` in the CentralNic Reseller dialect.
pub(super) struct Login<'a>(pub(super) &'a Principal, pub(super) Dialect);

impl std::fmt::Display for Login<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Login(principal, dialect) = self;
        let separator = match dialect {
            Dialect::Hexonet => '!',
            Dialect::Cnr => ':',
        };
        match &principal.role {
            Some(role) => write!(f, "{}{separator}{role}", principal.account),
            None => f.write_str(&principal.account),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::registry::{Registry, Timestamp};
    use crate::{Meta, handle};

    const NOW: Timestamp = Timestamp(1_767_225_600);

    fn call(registry: &mut Registry, at: u64, body: &str) -> (u16, String) {
        let outcome = handle(
            registry,
            &Meta::loopback(Timestamp(NOW.0 + at)),
            b"",
            body.as_bytes(),
        );
        let response = outcome.response;
        let shown = response
            .first("SESSION")
            .map_or_else(|| response.description.to_string(), str::to_owned);
        (response.code, shown)
    }

    fn as_account(command: &str) -> String {
        format!("s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command={command}")
    }

    fn as_role(command: &str) -> String {
        format!("s_entity=1234&s_login=test.user%21ci&s_pw=ci.pw&s_command={command}")
    }

    #[test]
    fn a_recreated_role_does_not_revive_the_old_roles_session() {
        let mut registry = Registry::new(1);
        let create = as_account(
            "command%3DCreateRoleUser%0AROLEID%3Dci%0APASSWORD%3Dci.pw%0ADEFAULTPOLICY%3DALLOW",
        );
        assert_eq!(call(&mut registry, 0, &create).0, 200);
        let (code, session) = call(&mut registry, 0, &as_role("command%3DStartSession"));
        assert_eq!(code, 200);
        let delete = as_account("command%3DDeleteRoleUser%0AROLEID%3Dci");
        assert_eq!(call(&mut registry, 0, &delete).0, 200);
        assert_eq!(call(&mut registry, 1, &create).0, 200);
        let by_session =
            format!("s_entity=1234&s_session={session}&s_command=command%3DStatusAccount");
        assert_eq!(
            call(&mut registry, 2, &by_session),
            (
                530,
                "Authentication failed; session not found in OT&E: unknown, ended or expired"
                    .into()
            )
        );
        assert_eq!(
            call(&mut registry, 2, &as_role("command%3DStatusAccount")).0,
            200
        );
    }

    #[test]
    fn an_acl_longer_than_the_cap_is_refused_and_nothing_is_created() {
        let mut registry = Registry::new(1);
        let mut command = "command%3DCreateRoleUser%0AROLEID%3Dci%0APASSWORD%3Dci.pw".to_owned();
        for n in 0..=crate::registry::MAX_ACL_LINES {
            command.push_str(&format!("%0AACL{n}%3DStatusAccount%28%29%3AALLOW"));
        }
        let (code, text) = call(&mut registry, 0, &as_account(&command));
        assert_eq!(
            (code, text.as_str()),
            (
                549,
                "Command failed; ACL: 1001 lines, a role user holds at most 1000"
            )
        );
        assert_eq!(
            call(&mut registry, 0, &as_role("command%3DStatusAccount")).0,
            530
        );
    }

    #[test]
    fn accounts_pass_the_acl_and_roles_are_judged_by_it() {
        let mut registry = Registry::new(1);
        let create = as_account(
            "command%3DCreateRoleUser%0AROLEID%3Dci%0APASSWORD%3Dci.pw%0AACL0%3DStatusAccount%28%29%3AALLOW",
        );
        assert_eq!(call(&mut registry, 0, &create).0, 200);
        assert_eq!(
            call(&mut registry, 0, &as_account("command%3DQueryContactList")).0,
            200
        );
        assert_eq!(
            call(&mut registry, 0, &as_role("command%3DStatusAccount")).0,
            200
        );
        let (code, text) = call(&mut registry, 0, &as_role("command%3DQueryContactList"));
        assert_eq!(code, 531);
        assert!(text.starts_with("Authorization failed; Operation forbidden by ACL; no ACL rule of test.user!ci names QueryContactList"), "{text}");
    }
}
