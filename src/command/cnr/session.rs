//! CentralNic Reseller sessions (cnr-dialect.md §3): the `persistent` login
//! without a command, `StartSession` with `persistent`, and `StopSession`.

use super::super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{CredentialChange, SessionOptions};
use crate::wire::Response;

/// The login: `persistent=1` with credentials and no command opens a session
/// (cnr-dialect.md §3.2, recorded). Sessions last a day from the login, the
/// same `MAXTTL` as HEXONET's default, idle for at most ten minutes.
///
/// ```text
/// s_login = <account or account:role>   s_pw = <password>   persistent = 1
/// ---
/// property[expiration date][0] = 2026-01-02 00:00:00
/// property[sessionid][0]       = <id>
/// ```
pub(super) fn login(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    open(ctx)
}

/// `StartSession` in the CNR dialect: the same as the login. The
/// credentials come as `s_login`/`s_pw`, or in the command as `LOGIN` and
/// `PASSWORD` (the KB's body form, cnr-commands.md §29; `dispatch` checks
/// them); `NEWPASSWORD` sets the account's password before the session
/// opens, as ModifyUserPassword would (a role user's: `531`).
///
/// ```text
/// COMMAND     = StartSession   (with persistent = 1)
/// LOGIN       = <account or account:role>   PASSWORD = <password>   (optional)
/// NEWPASSWORD = <password>     (optional)
/// ---
/// property[expiration date][0], property[sessionid][0]
/// ```
pub(super) fn start_session(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.optional("PERSISTENT");
    args.optional("LOGIN");
    args.optional("PASSWORD");
    let new_password = args.optional("NEWPASSWORD");
    args.finish()?;
    let principal = &ctx.caller.principal;
    if let (Some(_), Some(role)) = (new_password, &principal.role) {
        // Named as this dialect logs in (`account:role`), not `account!role`.
        return Err(Error::AuthorizationFailed(format!(
            "NEWPASSWORD changes the account's password, and {}:{role} is a role user",
            principal.account
        )));
    }
    // The session first: a refused one (too many open) changes no password.
    let response = open(ctx)?;
    if let Some(password) = new_password {
        let account = ctx.caller.principal.account.clone();
        let change = CredentialChange {
            password: Some(password),
            otp: None,
            allowed: None,
        };
        ctx.system.change_credentials(&account, change)?;
    }
    Ok(response)
}

fn open(ctx: &mut Ctx<'_>) -> Result<Response> {
    let options = SessionOptions::default();
    let expires = crate::registry::Timestamp(ctx.wall.0 + options.max_ttl);
    let principal = ctx.caller.principal.clone();
    let id = ctx.system.start_session(principal, options, ctx.wall)?;
    let mut response = Response::ok();
    response
        .push("expiration date", expires.datetime())
        .push_str("sessionid", &id);
    Ok(response)
}

/// Ends the session the request came with (`s_sessionid`); an unknown or
/// ended one was refused `530 Authentication failed` before this runs.
///
/// ```text
/// COMMAND = StopSession
/// ```
pub(super) fn stop_session(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    if let Some(id) = ctx.session {
        ctx.system.end_session(id)?;
    }
    Ok(Response::ok())
}
