//! The role-user commands of the HEXONET dialect (design §1.1, the
//! `API/USER/*ROLEUSER*` pages): CreateRoleUser, UpdateRoleUser,
//! StatusRoleUser, QueryRoleUserList, DeleteRoleUser. They read and validate
//! the wire parameters and call `registry/role.rs`; the ACL grammar is
//! `registry/acl.rs`'s, the login and ACL checks are `auth/role.rs`'s, the
//! check that a role user leaves behind no wider role `auth/scope.rs`'s.
//! Roles belong to the account the request acts on (`Ctx::owner`).

use super::cnr::CNR_COMMANDS;
use super::list::{OrderBy, Page, UserDepth, glob};
use super::{Args, COMMANDS, Ctx};
use crate::auth::{self, Proposed};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::acl::{Acl, Policy};
use crate::registry::otp::OtpSecret;
use crate::registry::{AllowList, MAX_ACL_LINES, NewRole, RoleChanges, RoleUser, role_not_found};
use crate::wire::Response;

/// The longest ROLEID.
const MAX_ROLE_ID: usize = 32;

/// Creates a role user of the account: its own password, description, ACL
/// (grammar in ARCHITECTURE.md, "Role-user ACLs"; a malformed line is a `505`
/// naming it), allow-list, STATUS (default ACTIVE) and DEFAULTPOLICY (default
/// DENY). An account holds at most 100 role users, a role 1000 ACL lines (`549`).
/// A role user may create only a role that can do no more than itself (`531`,
/// [`confine`]).
///
/// ```text
/// COMMAND        = CreateRoleUser
/// ROLEID         = <1-32 of A-Z a-z 0-9 . _ ->     (540 if the account has it)
/// PASSWORD       = <password>
/// DESCRIPTION<n> = <text>                         (optional)
/// ACL<n>         = <one line of a rule>           (optional)
/// ALLOWEDIP<n>   = <IPv4 | IPv6 | CIDR subnet>    (optional)
/// STATUS         = ACTIVE | INACTIVE              (optional, default ACTIVE)
/// DEFAULTPOLICY  = DENY | ALLOW                   (optional, default DENY)
/// SUBUSER        = <an account of the view's subtree> (optional)
/// ---
/// (no properties)
/// ```
pub(super) fn create_role_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = role_id(args)?;
    let password = args.required("PASSWORD")?;
    let description = description(args).unwrap_or_default();
    let default = default_policy(args)?.unwrap_or(Policy::Deny);
    let acl = match acl(args, default)? {
        Some(acl) => acl,
        None => Acl::parse([], default)?,
    };
    let allowed = args.allow_list()?.unwrap_or_default();
    let active = status(args)?.unwrap_or(true);
    let account = account(args, ctx)?;
    args.finish()?;
    confine(ctx, &account, id, &acl, &allowed)?;
    let role = NewRole {
        description,
        acl,
        allowed,
        active,
    };
    ctx.system.add_role(&account, id, password, role, ctx.now)?;
    Ok(Response::ok())
}

/// Changes a role user. DESCRIPTION, ACL and ALLOWEDIP each replace the
/// whole list when any index is sent; `ACL0=` alone clears the rules
/// (likewise `DESCRIPTION0=`, `ALLOWEDIP0=`). `OTPSECRET=` switches
/// two-factor authentication off. Open sessions of the role obey the change
/// from their next request on. A role user may change a role, itself
/// included, only when the result can do no more than itself (`531`,
/// [`confine`]), whichever settings are sent.
///
/// ```text
/// COMMAND        = UpdateRoleUser
/// ROLEID         = <an existing role user>        (545 otherwise)
/// PASSWORD       = <new password>                 (optional)
/// OTPSECRET      = <base32, 16+ characters> | ""  (optional; "" disables 2FA)
/// DESCRIPTION<n> = <text>                         (optional, replaces)
/// ACL<n>         = <one line of a rule>           (optional, replaces)
/// ALLOWEDIP<n>   = <IPv4 | IPv6 | CIDR subnet>    (optional, replaces)
/// STATUS         = ACTIVE | INACTIVE              (optional)
/// DEFAULTPOLICY  = DENY | ALLOW                   (optional)
/// SUBUSER        = <an account of the view's subtree> (optional)
/// ---
/// (no properties)
/// ```
pub(super) fn update_role_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = role_id(args)?;
    let password = args.optional("PASSWORD");
    let otp = match (args.present("OTPSECRET"), args.optional("OTPSECRET")) {
        (false, _) => None,
        (true, None) => Some(None),
        (true, Some(text)) => Some(Some(OtpSecret::parse("OTPSECRET", text)?)),
    };
    let description = description(args);
    let default = default_policy(args)?;
    let acl = acl(args, default.unwrap_or(Policy::Deny))?;
    let allowed = args.allow_list()?;
    let active = status(args)?;
    let account = account(args, ctx)?;
    args.finish()?;
    let changes = RoleChanges {
        password,
        otp,
        description,
        acl,
        default,
        allowed,
        active,
    };
    if ctx.caller.principal.role.is_some() {
        let current = ctx
            .system
            .role(&account, id)
            .ok_or_else(|| role_not_found(&account, id))?;
        let default = changes.default.unwrap_or(current.acl.default_policy());
        let rules = changes.acl.as_ref().unwrap_or(&current.acl);
        let allowed = changes.allowed.as_ref().unwrap_or(&current.allowed);
        confine(
            ctx,
            &account,
            id,
            &rules.clone().with_default(default),
            allowed,
        )?;
    }
    ctx.system.update_role(&account, id, changes, ctx.now)?;
    Ok(Response::ok())
}

/// One role user's settings; never its password or OTP secret.
///
/// ```text
/// COMMAND = StatusRoleUser
/// ROLEID  = <an existing role user>               (545 otherwise)
/// SUBUSER = <an account of the view's subtree>    (optional)
/// ---
/// PROPERTY[ACL][i]          the stored lines, e.g. DOMAIN=*.uk
/// PROPERTY[ALLOWEDIP][i]    10.0.0.1, 10.0.0.0/8, 2001:db8::/32
/// PROPERTY[CREATEDDATE][0]  2026-01-01 00:00:00
/// PROPERTY[DEFAULTPOLICY][0] ALLOW | DENY
/// PROPERTY[DESCRIPTION][i]
/// PROPERTY[OTPSTATUS][0]    ACTIVE | INACTIVE
/// PROPERTY[STATUS][0]       ACTIVE | INACTIVE
/// PROPERTY[UPDATEDDATE][0]
/// ```
pub(super) fn status_role_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = role_id(args)?;
    let account = account(args, ctx)?;
    args.finish()?;
    let role = ctx
        .system
        .role(&account, id)
        .ok_or_else(|| role_not_found(&account, id))?;
    let mut response = Response::ok();
    for (_, line) in role.acl.lines() {
        response.push_str("ACL", line);
    }
    for entry in role.allowed.entries() {
        response.push_str("ALLOWEDIP", &entry);
    }
    response
        .push("CREATEDDATE", role.created.datetime())
        .push("DEFAULTPOLICY", role.acl.default_policy());
    for line in &role.description {
        response.push_str("DESCRIPTION", line);
    }
    response
        .push("OTPSTATUS", active_text(role.otp.is_some()))
        .push("STATUS", active_text(role.active))
        .push("UPDATEDDATE", role.updated.datetime());
    Ok(response)
}

/// The role users of the account, by ROLEID; ROLEID filters with `*`
/// patterns ignoring case. DESCRIPTION is the lines joined by a space.
/// USERDEPTH=SUBUSER lists the direct subusers' role users, ALL the
/// account's and its whole subtree's.
///
/// ```text
/// COMMAND   = QueryRoleUserList
/// ROLEID    = <pattern>                           (optional)
/// SUBUSER   = <an account of the view's subtree>  (optional)
/// FIRST, LIMIT                                    (optional, default LIMIT 100)
/// ORDERBY   = ROLEID | ROLEIDDESC                 (optional, default ROLEID)
/// USERDEPTH = SELF | SUBUSER | ALL                (optional, default SELF)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[CREATEDDATE|DEFAULTPOLICY|DESCRIPTION|ROLEID|STATUS|UPDATEDDATE|USER][i]
/// ```
pub(super) fn query_role_user_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let pattern = args.optional("ROLEID");
    let account = account(args, ctx)?;
    let page = Page::read(args, 100)?;
    let order = OrderBy::read(args, &["ROLEID"])?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    args.finish()?;
    let accounts = depth.owners(ctx.system, &account);
    let mut rows: Vec<(&str, &RoleUser)> = accounts
        .iter()
        .flat_map(|account| {
            ctx.system
                .roles_of(account)
                .map(move |role| (*account, role))
        })
        .filter(|(_, role)| pattern.is_none_or(|pattern| glob(pattern, &role.id)))
        .collect();
    rows.sort_by(|a, b| (&a.1.id, a.0).cmp(&(&b.1.id, b.0)));
    let (rows, mut response) = page.answer(rows, order.descending);
    for (account, role) in rows {
        response
            .push("CREATEDDATE", role.created.datetime())
            .push("DEFAULTPOLICY", role.acl.default_policy())
            .push_str("DESCRIPTION", &role.description.join(" "))
            .push_str("ROLEID", &role.id)
            .push("STATUS", active_text(role.active))
            .push("UPDATEDDATE", role.updated.datetime())
            .push_str("USER", account);
    }
    Ok(response)
}

/// Deletes a role user; its open sessions are refused from their next request on.
///
/// ```text
/// COMMAND = DeleteRoleUser
/// ROLEID  = <an existing role user>               (545 otherwise)
/// SUBUSER = <an account of the view's subtree>    (optional)
/// ---
/// (no properties)
/// ```
pub(super) fn delete_role_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = role_id(args)?;
    let account = account(args, ctx)?;
    args.finish()?;
    ctx.system.remove_role(&account, id)?;
    Ok(Response::ok())
}

/// A role user's CreateRoleUser or UpdateRoleUser is refused (`531`) when
/// the role it leaves behind could run a command, of either dialect's table,
/// that the acting role may not run outright, or log in from where it may
/// not (`auth::confine`). Accounts pass. The role commands are HEXONET's
/// only, so logins are written `account!role`.
fn confine(ctx: &Ctx<'_>, account: &str, id: &str, acl: &Acl, allowed: &AllowList) -> Result<()> {
    if ctx.caller.principal.role.is_none() {
        return Ok(());
    }
    let proposed = Proposed {
        account,
        id,
        acl,
        allowed,
    };
    auth::confine(
        ctx.system,
        ctx.caller,
        &proposed,
        every_command(),
        Dialect::Hexonet,
    )
}

/// The names of both dialects' commands, once each, ignoring case, sorted:
/// what an ACL is compared on (the same login works over both dialects).
pub(super) fn every_command() -> Vec<&'static str> {
    let mut names: Vec<&str> = COMMANDS
        .iter()
        .chain(CNR_COMMANDS)
        .map(|c| c.name)
        .collect();
    names.sort_by_key(|name| name.to_ascii_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

/// ROLEID: 1-32 letters, digits, `.`, `_` or `-` (`!` and `:` separate a
/// login's account from its role, blanks the chains of `s_user`).
fn role_id<'a>(args: &mut Args<'a>) -> Result<&'a str> {
    let id = args.required("ROLEID")?;
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"._-".contains(&b);
    if id.len() > MAX_ROLE_ID || !id.bytes().all(allowed) {
        return Err(Error::syntax_rule(
            "ROLEID",
            id,
            "must be 1-32 letters, digits, dots, underscores or hyphens",
        ));
    }
    Ok(id)
}

/// The account whose role users the command acts on: the request's view,
/// or SUBUSER, an account of the view's subtree (a chain as `s_user` takes
/// it); anything else is `531`, whether it exists or not.
fn account(args: &mut Args<'_>, ctx: &Ctx<'_>) -> Result<String> {
    let owner = ctx.owner();
    let view = crate::auth::resolve_view(ctx.system, owner, args.optional("SUBUSER"), "SUBUSER")?;
    Ok(view.unwrap_or_else(|| owner.to_owned()))
}

/// The DESCRIPTION lines when any index was sent (empty ones left out).
fn description(args: &mut Args<'_>) -> Option<Vec<String>> {
    let lines = args.list("DESCRIPTION");
    (!lines.is_empty()).then(|| {
        lines
            .into_iter()
            .map(|(_, line)| line.trim())
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

/// The ACL when any `ACL<n>` was sent: `505` naming a malformed line,
/// `549` past [`MAX_ACL_LINES`] lines.
fn acl(args: &mut Args<'_>, default: Policy) -> Result<Option<Acl>> {
    let lines = args.list("ACL");
    if lines.is_empty() {
        return Ok(None);
    }
    let count = lines.iter().filter(|(_, l)| !l.trim().is_empty()).count();
    if count > MAX_ACL_LINES {
        return Err(Error::CommandFailed(format!(
            "ACL: {count} lines, a role user holds at most {MAX_ACL_LINES}"
        )));
    }
    Ok(Some(Acl::parse(lines, default)?))
}

/// The allow-list when any `ALLOWEDIP<n>` was sent.
fn status(args: &mut Args<'_>) -> Result<Option<bool>> {
    match args.optional("STATUS") {
        None => Ok(None),
        Some(text) if text.eq_ignore_ascii_case("ACTIVE") => Ok(Some(true)),
        Some(text) if text.eq_ignore_ascii_case("INACTIVE") => Ok(Some(false)),
        Some(text) => Err(Error::invalid(
            "STATUS",
            format_args!("({text}) is not ACTIVE or INACTIVE"),
        )),
    }
}

fn default_policy(args: &mut Args<'_>) -> Result<Option<Policy>> {
    match args.optional("DEFAULTPOLICY") {
        None => Ok(None),
        Some(text) => Policy::parse(text).map(Some).ok_or_else(|| {
            Error::invalid(
                "DEFAULTPOLICY",
                format_args!("({text}) is not ALLOW or DENY"),
            )
        }),
    }
}

fn active_text(active: bool) -> &'static str {
    if active { "ACTIVE" } else { "INACTIVE" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::Timestamp as Ts;

    /// The RFC 6238 key, the fixtures' role secret.
    const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn the_fixture_secret_has_the_documented_codes() {
        let secret = OtpSecret::parse("OTPSECRET", SECRET).unwrap();
        let start = Ts(1_767_225_600); // 2026-01-01 00:00:00 UTC
        assert_eq!(secret.code(start), "745690");
        assert_eq!(secret.code(Ts(start.0 - 30)), "815958");
        assert_eq!(secret.code(Ts(start.0 + 60)), "582485");
    }
}
