//! Authentication policy (protocol.md §5.4, ARCHITECTURE.md "Order of
//! checks"): which system a request is for, which address it comes from,
//! whether its session or its credentials are valid, and whose data it acts
//! on. Every refusal carries a detail that tells a tester why. Reads the
//! registry (touching a session's last use, and ending a session whose role
//! user is gone, are the only changes); stores nothing; no wire parsing.

mod address;
mod guard;
mod role;
mod scope;
mod view;

pub use address::{ClientAddress, Ignored, Source, parse_address};
pub use role::check_acl;
pub use scope::{Handed, Proposed, confine, confine_login};
pub use view::resolve as resolve_view;

use std::cell::Cell;

use crate::Meta;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::{Entity, Login, Principal, Registry, System, Timestamp, User};
use crate::wire::{Request, Secret};

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub entity: Entity,
    pub principal: Principal,
    /// Whether the request came with a session. Its id stays in the request
    /// (`Ctx::session` lends it to the handlers that end it), so a caller
    /// and the inspector's record of it hold no session id.
    pub by_session: bool,
    /// The address the request was judged by.
    pub client: ClientAddress,
    /// The subuser whose data the request acts on (`s_user`, CNR `SUBUSER`);
    /// `None`: the principal's own account (`view.rs`).
    pub view: Option<String>,
    /// Where the owner's user (the view's, else the principal's account's)
    /// was in its system's table when the request was authenticated: a
    /// hint for `System::user_at`, which checks it by id, so that the
    /// guards and the handler find the user without hashing its id again.
    pub user_at: usize,
}

/// Decides who sends `request`: by its session when present (`s_session`,
/// or `s_sessionid` in the CentralNic Reseller dialect), else by
/// `s_login`/`s_pw`. Then checks that the `s_user` view is allowed.
///
/// The CentralNic Reseller dialect has no `s_entity`: its requests reach the
/// OT&E system (README, "Two dialects"), and its role logins are
/// `account:role` where HEXONET's are `account!role`.
pub fn authenticate(
    registry: &mut Registry,
    request: &Request,
    dialect: Dialect,
    meta: &Meta,
) -> Result<Caller> {
    let now = meta.now;
    let client = ClientAddress::of(meta, request)?;
    let (entity, session, separator) = match dialect {
        Dialect::Hexonet => (
            Entity::from_wire(request.entity.as_deref())?,
            &request.session,
            '!',
        ),
        Dialect::Cnr => (Entity::Ote, &request.session_id, ':'),
    };
    guard::unlocked(registry, request, &client, now)?;
    // Ending a session is let through a lock (an inactive account, parent
    // or role): it grants nothing and frees the session's place in the cap.
    let ending = || {
        request.command().is_some_and(|command| {
            command.eq_ignore_ascii_case("EndSession")
                || command.eq_ignore_ascii_case("StopSession")
        })
    };
    let mut caller = match session {
        Some(session) => by_session(registry, entity, session.expose(), client, now, &ending)?,
        None => {
            let (Some(login), Some(password)) = (&request.login, &request.password) else {
                let session_field = match dialect {
                    Dialect::Hexonet => "s_session",
                    Dialect::Cnr => "s_sessionid",
                };
                return Err(Error::AuthenticationFailed(format!(
                    "no credentials: send s_login and s_pw, or {session_field}"
                )));
            };
            let login = Login::split(login, separator);
            let system = registry.system(entity);
            let otp = (request.otp.as_ref(), dialect, now);
            let (checked, failed) = by_credentials(system, login, password.expose(), &client, otp);
            if failed {
                registry.record_failed_login(client.ip, now);
            }
            let (principal, user_at) = checked?;
            Caller {
                entity,
                principal,
                by_session: false,
                client,
                view: None,
                user_at,
            }
        }
    };
    if caller.principal.role.is_some() {
        let system = registry.system(entity);
        match role::admit(system, &caller, request.otp.as_ref(), dialect, now) {
            // A role's missing or wrong code is a failed login, as an account's is.
            Err(error @ Error::Otp(_)) => guard::counted(registry, &client, now, Err(error))?,
            other => other?,
        }
    }
    guard::quota(registry, &caller, now)?;
    if let Some(chain) = request.user.as_deref() {
        let (system, account) = (registry.system(entity), &caller.principal.account);
        caller.view = view::resolve(system, account, Some(chain), "s_user")?;
        if let Some((at, _)) = caller
            .view
            .as_deref()
            .and_then(|view| system.user_entry(view))
        {
            caller.user_at = at;
        }
    }
    Ok(caller)
}

/// The checks of a credentialed login in their order, on one lookup of the
/// account's user: the login and its password, the account's allow-list,
/// then (for the account itself) its second factor. The allow-list guards
/// every way into the account, its role users' logins and sessions
/// included; it runs after the password on purpose: the refusal shows the
/// list, which only a holder of the password may read. With the result, whether
/// it counts as a failed login of the address (all but the allow-list's
/// refusal do: `guard::counted`).
fn by_credentials(
    system: &System,
    login: Login<'_>,
    password: &str,
    client: &ClientAddress,
    (otp, dialect, now): (Option<&Secret>, Dialect, Timestamp),
) -> (Result<(Principal, usize)>, bool) {
    let (principal, at, user) = match login_password(system, login, password) {
        Ok(found) => found,
        Err(error) => return (Err(error), true),
    };
    if let Err(error) = client.check(&user.allowed, &user.id) {
        return (Err(error), false);
    }
    if let (None, Some(secret)) = (&principal.role, &user.otp)
        && let Err(error) = guard::second_factor(secret, &principal, otp, dialect, now)
    {
        return (Err(error), true);
    }
    (Ok((principal, at)), false)
}

fn by_session(
    registry: &mut Registry,
    entity: Entity,
    id: &str,
    client: ClientAddress,
    now: Timestamp,
    ending: &dyn Fn() -> bool,
) -> Result<Caller> {
    let other = Entity::ALL
        .into_iter()
        .find(|e| *e != entity)
        .unwrap_or(entity);
    // Resumed first: the other system is asked only when this one does not
    // know the id (one lookup of the 64-character id for a good session).
    let resumed = registry
        .system_mut(entity)
        .resume_session(id, now)
        .map(|session| session.principal.clone());
    let principal = match resumed {
        Ok(resumed) => resumed,
        Err(_)
            if !registry.system(entity).knows_session(id)
                && registry.system(other).knows_session(id) =>
        {
            return Err(Error::AuthenticationFailed(format!(
                "session belongs to {} (s_entity={}), this request is for {} (s_entity={})",
                other.label(),
                other.code(),
                entity.label(),
                entity.code()
            )));
        }
        Err(error) => return Err(error),
    };
    // The allow-list is judged on the same lookup of the account, and its
    // refusal given after the role's: `role::live` changes no user. A lock
    // does not keep the session from being ended (`ending`).
    let system = registry.system(entity);
    let (user_at, user) = account(system, &principal.account)?;
    let permitted = client.check(&user.allowed, &user.id);
    if let Err(locked) = active(system, user)
        && !ending()
    {
        return Err(locked);
    }
    if principal.role.is_some() {
        role::live(registry.system_mut(entity), &principal, id, ending)?;
    }
    permitted?;
    Ok(Caller {
        entity,
        principal,
        by_session: true,
        client,
        view: None,
        user_at,
    })
}

/// Checks a login (`account` or `account!role`) and its password in one system.
pub fn verify_credentials(system: &System, login: &str, password: &str) -> Result<Principal> {
    verify_login(system, Login::parse(login), password).map(|(principal, _)| principal)
}

/// Checks a login already split into account and role, and its password;
/// with the principal, where its account's user is in the table.
fn verify_login(system: &System, login: Login<'_>, password: &str) -> Result<(Principal, usize)> {
    login_password(system, login, password).map(|(principal, at, _)| (principal, at))
}

/// The login's account, its password (the account's or the role's), then
/// whether the account is active, in that order: an inactive account's
/// refusal, which names its parent, is only for a holder of the password,
/// as a role's INACTIVE is (ARCHITECTURE.md "Order of checks").
fn login_password<'a>(
    system: &'a System,
    login: Login<'_>,
    password: &str,
) -> Result<(Principal, usize, &'a User)> {
    let (at, user) = account(system, login.account)?;
    let principal = match login.role {
        Some(role) => role::verify(system, &user.id, role, password)?,
        None => account_password(system, user, password)?,
    };
    active(system, user)?;
    Ok((principal, at, user))
}

/// The account `user` itself as the principal, when `password` is its own.
fn account_password(system: &System, user: &User, password: &str) -> Result<Principal> {
    if !user.password.verify(password) {
        let entity = system.entity();
        return Err(Error::AuthenticationFailed(format!(
            "wrong password for {} in {} (s_entity={})",
            user.id,
            entity.label(),
            entity.code()
        )));
    }
    Ok(Principal {
        account: user.id.as_str().into(),
        role: None,
    })
}

thread_local! {
    /// Where the account this thread authenticated last was in each
    /// system's table (LIVE, OT&E): a hint, checked by id, for the next
    /// login, since a client mostly sends one login over and over (a
    /// comparison of ids instead of hashing one).
    static LAST_ACCOUNT: Cell<[usize; 2]> = const { Cell::new([usize::MAX; 2]) };
}

/// `account`'s user and where it is in the table, active or not.
fn account<'a>(system: &'a System, account: &str) -> Result<(usize, &'a User)> {
    let entity = system.entity();
    let slot = match entity {
        Entity::Live => 0,
        Entity::Ote => 1,
    };
    let mut last = LAST_ACCOUNT.get();
    let found = system.user_entry_near(account, last[slot]);
    if let Some((at, _)) = found {
        last[slot] = at;
        LAST_ACCOUNT.set(last);
    }
    let Some((at, user)) = found else {
        return Err(Error::AuthenticationFailed(format!(
            "unknown login {account} in {} (s_entity={})",
            entity.label(),
            entity.code()
        )));
    };
    Ok((at, user))
}

/// `530` when `user`'s login is locked (ModifyUser ACTIVE=0), its own or
/// that of an account above it: a subuser acts through its parent's
/// contract, so locking an account locks the subtree below it
/// (ARCHITECTURE.md "Access control choices"). At most 8 lookups, and none
/// for a top-level account.
fn active(system: &System, user: &User) -> Result<()> {
    let account = &user.id;
    if !user.active {
        return Err(Error::AuthenticationFailed(match &user.parent {
            Some(parent) => format!(
                "account {account} is inactive (its parent {parent} sets ModifyUser ACTIVE=1)"
            ),
            None => format!("account {account} is inactive"),
        }));
    }
    let mut above = user.parent.as_deref();
    while let Some(id) = above {
        let Some(ancestor) = system.user(id) else {
            break;
        };
        if !ancestor.active {
            let by = match &ancestor.parent {
                Some(parent) => format!(" (its parent {parent} sets ModifyUser ACTIVE=1)"),
                None => String::new(),
            };
            return Err(Error::AuthenticationFailed(format!(
                "account {account} is below {id}, which is inactive{by}"
            )));
        }
        above = ancestor.parent.as_deref();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_by_session_holds_no_session_id() {
        let mut registry = Registry::new(1);
        let now = Timestamp(1_767_225_600);
        let principal = Principal {
            account: "test.user".into(),
            role: None,
        };
        let id = registry
            .system_mut(Entity::Ote)
            .start_session(principal, Default::default(), now)
            .expect("a session");
        let body = format!("s_entity=1234&s_session={id}&s_command=COMMAND%3DStatusAccount");
        let request = crate::wire::parse(b"", body.as_bytes()).expect("parses");
        let meta = Meta::loopback(now);
        let caller =
            authenticate(&mut registry, &request, Dialect::Hexonet, &meta).expect("a caller");
        assert!(caller.by_session);
        assert_eq!(&*caller.principal.account, "test.user");
        let shown = format!("{caller:?}");
        assert!(!shown.contains(&id), "{shown}");
    }
}
