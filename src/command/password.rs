//! ModifyUserPassword (HEXONET `API/USER/MODIFYUSERPASSWORD.md`, design note
//! §1.2): an account changes its own password, its two-factor secret and
//! its allow-list, each with the proof the platform asks for. Role users'
//! credentials belong to the role store (UpdateRoleUser); nothing here
//! touches another account.

use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::CredentialChange;
use crate::registry::otp::{OtpSecret, STEP};
use crate::wire::Response;

/// Changes the calling account's password, 2FA secret or allow-list.
///
/// ```text
/// COMMAND       = ModifyUserPassword
/// PASSWORD      = <new password>                 (needs OLDPASSWORD)
/// OLDPASSWORD   = <current password>             (checked whenever sent)
/// OTPSECRET     = <base32 secret> | <empty>      (new: enable or replace 2FA; empty: disable)
/// OTP           = <6 digits>                     (code of the new OTPSECRET: to enable or replace)
/// OLDOTP        = <6 digits>                     (code of the current secret: while 2FA is on)
/// ALLOWEDIP0..n = <address or CIDR subnet>       (replaces the list; ALLOWEDIP0= alone clears it;
///                                                 must hold the address of this request)
/// (a role user, or a view with s_user / CNR SUBUSER: 531 naming the command that does it)
/// ---
/// (no properties)
/// ```
pub(super) fn modify_user_password(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let principal = &ctx.caller.principal;
    if let Some(role) = &principal.role {
        return Err(Error::AuthorizationFailed(format!(
            "ModifyUserPassword changes the credentials of the account that calls it, and \
             {principal} is a role user: the account {} changes them with UpdateRoleUser \
             ROLEID={role}",
            principal.account
        )));
    }
    // A view would leave the command changing the caller while it names a
    // subuser: say where a subuser's credentials change instead.
    if let Some(view) = &ctx.caller.view {
        return Err(Error::AuthorizationFailed(format!(
            "ModifyUserPassword changes the credentials of the account that calls it, \
             {0}, not of the subuser {view} its view names: as {0} without the view, \
             ModifyUser SUBUSER={view} changes a subuser's PASSWORD, OTPSECRET and ALLOWEDIP#",
            principal.account
        )));
    }
    let account = principal.account.clone();
    let password = args.optional("PASSWORD");
    let old_password = args.optional("OLDPASSWORD");
    let secret = if args.present("OTPSECRET") {
        match args.optional("OTPSECRET") {
            Some(text) => Some(Some(OtpSecret::parse("OTPSECRET", text)?)),
            None => Some(None),
        }
    } else {
        None
    };
    let otp = args.optional("OTP");
    let old_otp = args.optional("OLDOTP");
    let allowed = args.allow_list()?;
    args.finish()?;
    if password.is_none() && secret.is_none() && allowed.is_none() {
        return Err(Error::missing(
            "PASSWORD, OTPSECRET or ALLOWEDIP0: ModifyUserPassword changes at least one of them",
        ));
    }
    let Some(user) = ctx.system.user(&account) else {
        return Err(Error::ObjectNotFound(format!("USER {account}")));
    };
    let (hash, current) = (user.password.clone(), user.otp.clone());
    if password.is_some() && old_password.is_none() {
        return Err(Error::missing(format!(
            "OLDPASSWORD: the current password of {account}, needed to set PASSWORD"
        )));
    }
    if let Some(old) = old_password
        && !hash.verify(old)
    {
        ctx.system.failed_login(ctx.caller.client.ip, ctx.wall);
        return Err(Error::invalid(
            "OLDPASSWORD",
            format_args!("not the current password of {account}"),
        ));
    }
    match &secret {
        None => {
            for (name, code) in [("OTP", otp), ("OLDOTP", old_otp)] {
                if code.is_some() {
                    return Err(Error::invalid(
                        name,
                        "proves a change of OTPSECRET, and the request sends no OTPSECRET",
                    ));
                }
            }
        }
        Some(next) => {
            match (&current, old_otp) {
                (Some(_), None) => {
                    return Err(Error::missing(format!(
                        "OLDOTP: the current code of {account}'s two-factor authentication, \
                         needed to replace or disable OTPSECRET"
                    )));
                }
                (Some(current), Some(code)) => {
                    let proved = prove(ctx, "OLDOTP", current, code, "the current OTPSECRET");
                    if proved.is_err() {
                        ctx.system.failed_login(ctx.caller.client.ip, ctx.wall);
                    }
                    proved?;
                }
                (None, Some(_)) => {
                    return Err(Error::invalid(
                        "OLDOTP",
                        format_args!(
                            "{account} has no two-factor authentication yet: to enable it, \
                             send OTPSECRET and OTP only"
                        ),
                    ));
                }
                (None, None) => {}
            }
            match (next, otp) {
                (Some(_), None) => {
                    return Err(Error::missing(
                        "OTP: the current code of the new OTPSECRET, proving your authenticator \
                         holds it (otebox otp SECRET prints it)",
                    ));
                }
                (Some(next), Some(code)) => prove(ctx, "OTP", next, code, "the new OTPSECRET")?,
                (None, Some(_)) => {
                    return Err(Error::invalid(
                        "OTP",
                        "an empty OTPSECRET turns two-factor authentication off and takes no OTP",
                    ));
                }
                (None, None) => {}
            }
        }
    }
    if let Some(list) = &allowed {
        let client = &ctx.caller.client;
        if !list.permits(client.ip) {
            return Err(Error::StatusProhibits(format!(
                "ALLOWEDIP: {}, the address of this request, is not in the new list: it would \
                 lock {account} out; add it or a subnet holding it ({})",
                client.ip,
                client.explain()
            )));
        }
    }
    let change = CredentialChange {
        password,
        otp: secret,
        allowed,
    };
    ctx.system.change_credentials(&account, change)?;
    Ok(Response::ok())
}

/// Checks that `code` (of parameter `name`) is the code of `secret` now:
/// `505` unless six digits, `541` naming the window otherwise; neither
/// echoes the code (product.md "Secrets").
fn prove(ctx: &Ctx<'_>, name: &str, secret: &OtpSecret, code: &str, which: &str) -> Result<()> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::syntax_rule(name, "***", "is not 6 digits"));
    }
    if secret.check(code, ctx.wall).is_ok() {
        return Ok(());
    }
    Err(Error::invalid(
        name,
        format_args!(
            "the code sent is not the code of {which} at {} UTC (±{STEP} s)",
            ctx.wall.datetime()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Caller, ClientAddress, Source};
    use crate::command::args::params;
    use crate::registry::{Entity, Principal, Registry, Timestamp};

    #[test]
    fn a_role_user_is_sent_to_update_role_user() {
        let mut registry = Registry::new(1);
        let caller = Caller {
            entity: Entity::Ote,
            principal: Principal {
                account: "test.user".into(),
                role: Some("ci".into()),
            },
            by_session: false,
            client: ClientAddress {
                ip: [192, 0, 2, 10].into(),
                source: Source::Peer { ignored: None },
            },
            view: None,
            user_at: 0,
        };
        let mut ctx = Ctx {
            system: registry.system_mut(Entity::Ote),
            caller: &caller,
            session: None,
            now: Timestamp(0),
            wall: Timestamp(0),
            log: Vec::new(),
            log_after: Vec::new(),
            slow: None,
        };
        let params = params(&[("PASSWORD", "x"), ("OLDPASSWORD", "y")]);
        let error = modify_user_password(&mut Args::new(&params), &mut ctx).unwrap_err();
        assert_eq!(error.code(), 531);
        assert!(
            error.to_string().contains("with UpdateRoleUser ROLEID=ci"),
            "{error}"
        );
    }
}
