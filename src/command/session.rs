//! Session and login commands: StartSession, EndSession, CheckAuthentication
//! (protocol.md §5.3). One function per wire command; no state of their own.

use super::{Args, Ctx};
use crate::auth;
use crate::error::{Error, Result};
use crate::registry::SessionOptions;
use crate::wire::Response;

/// Opens a session for the caller and returns its id.
///
/// ```text
/// COMMAND = StartSession
/// TYPE    = <text>            (optional, default API)
/// TIMEOUT = <60..3600>        (optional, seconds of inactivity, default 600)
/// MAXTTL  = <60..86400>       (optional, seconds of lifetime, default 86400)
/// ---
/// PROPERTY[SESSION][0] = <64 characters [A-Za-z0-9]>
/// ```
pub(super) fn start_session(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let defaults = SessionOptions::default();
    let kind = args.optional("TYPE").map_or(defaults.kind, str::to_owned);
    let timeout = args
        .int_in("TIMEOUT", 60..=3600)?
        .unwrap_or(defaults.timeout);
    let max_ttl = args
        .int_in("MAXTTL", 60..=86_400)?
        .unwrap_or(defaults.max_ttl);
    args.finish()?;
    let options = SessionOptions {
        kind,
        timeout,
        max_ttl,
    };
    let principal = ctx.caller.principal.clone();
    let id = ctx.system.start_session(principal, options, ctx.wall)?;
    Ok(Response::ok().with("SESSION", id))
}

/// Ends the session the request came with (`s_session`).
///
/// ```text
/// COMMAND = EndSession
/// ```
pub(super) fn end_session(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    let Some(id) = ctx.session else {
        return Err(Error::ObjectNotFound("SESSION".to_owned()));
    };
    ctx.system.end_session(id)?;
    Ok(Response::ok())
}

/// Checks a login/password pair: the view's account (the caller's, or its
/// `s_user`) or any account of its subtree, or a role user of one of them. With neither parameter it confirms the caller's own login,
/// which the WHMCS module's bare `CheckAuthentication` relies on (whmcs-module.md §2).
/// A wrong PASSWORD counts as a failed login of the client address.
///
/// ```text
/// COMMAND  = CheckAuthentication
/// SUBUSER  = <account or account!role>
/// PASSWORD = <password>
/// ---
/// PROPERTY[QUOTAEXCEEDED][0] = 1   (only when that account used up its quota of this minute)
/// ```
pub(super) fn check_authentication(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let subuser = args.optional("SUBUSER");
    let password = args.optional("PASSWORD");
    args.finish()?;
    let (subuser, password) = match (subuser, password) {
        (None, None) => return Ok(quota_flag(ctx, &ctx.caller.principal.account)),
        (None, Some(_)) => return Err(Error::missing("SUBUSER")),
        (Some(_), None) => return Err(Error::missing("PASSWORD")),
        (Some(subuser), Some(password)) => (subuser, password),
    };
    let view = ctx.owner();
    let account = subuser
        .split_once('!')
        .map_or(subuser, |(account, _)| account);
    if !ctx.system.in_subtree(view, account) {
        return Err(Error::AuthorizationFailed(format!(
            "SUBUSER {subuser} is neither {view} nor one of its subusers"
        )));
    }
    let principal = match auth::verify_credentials(ctx.system, subuser, password) {
        Ok(principal) => principal,
        Err(error) => {
            ctx.system.failed_login(ctx.caller.client.ip, ctx.wall);
            return Err(error);
        }
    };
    Ok(quota_flag(ctx, &principal.account))
}

/// `200`, with `QUOTAEXCEEDED=1` when `account` used up its quota of this minute.
fn quota_flag(ctx: &Ctx<'_>, account: &str) -> Response {
    let response = Response::ok();
    if ctx.system.quota_exhausted(account, ctx.wall) {
        return response.with("QUOTAEXCEEDED", "1");
    }
    response
}
