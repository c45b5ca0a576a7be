//! The .de transfer codes DENIC keeps: DENIC_CreateAuthInfo1 (a code the
//! registrar sets, 30 days), DENIC_CreateAuthInfo2 (a code DENIC posts to
//! the registrant: the outbox has the letter, 30 days) and
//! DENIC_DeleteAuthInfo1. Each checks everything first, then changes the
//! domain through the registry's `modify_domain`; a transfer takes either
//! code (`Domain::auth_matches`). Must not touch other zones' codes
//! (RequestDomainAuthInfo is `command/transfer_rules.rs`).

use super::args::{read_auth, read_name, zone_of};
use super::modify::UPDATE_FLAG;
use super::renew::refuse_flag;
use super::status::statuses;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::Tld;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{DomainName, Extra};
use crate::wire::Response;

/// Days a DENIC AuthInfo1 code is accepted by transfers.
pub(in crate::command) const AUTHINFO1_DAYS: u64 = 30;

/// Days DENIC's AuthInfo2 is accepted by transfers.
const AUTHINFO2_DAYS: u64 = 30;

/// .de: sets a new AuthInfo1 transfer code (AUTH, or a random one) and
/// answers it, as StatusDomain's AUTH does for other zones (WHMCS GetEPPCode).
///
/// ```text
/// COMMAND = DENIC_CreateAuthInfo1
/// DOMAIN  = <domain>.de
/// AUTH    = <code>          (optional, random 12 characters)
/// ---
/// PROPERTY[AUTH][0], PROPERTY[STATUS][0] = ACTIVE,
/// PROPERTY[X-DE-AUTHINFO1-EXPIRATIONDATE][0] = <now + 30 days>
/// ```
pub(in crate::command) fn denic_create_auth_info1(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let auth = read_auth(args)?;
    args.finish()?;
    check_de(ctx, &name, "DENIC_CreateAuthInfo1")?;
    let auth = auth.unwrap_or_else(|| ctx.system.random_code(12));
    let code = auth.clone();
    let expires = ctx.now.plus_days(AUTHINFO1_DAYS);
    change(ctx, &name, |extra_auth, domain_auth| {
        *domain_auth = code;
        extra_auth.auth_expires = Some(expires);
    });
    Ok(Response::ok()
        .with("AUTH", auth)
        .with("STATUS", "ACTIVE")
        .with("X-DE-AUTHINFO1-EXPIRATIONDATE", expires.datetime()))
}

/// .de: DENIC makes an AuthInfo2 and posts it to the registrant. The
/// registrar never sees it: otebox writes the letter to the outbox (to the
/// registrant's address) and a transfer takes it for 30 days; a new one
/// replaces the last.
///
/// ```text
/// COMMAND = DENIC_CreateAuthInfo2
/// DOMAIN  = <domain>.de
/// ---
/// 200 Command completed successfully (no properties)
/// ```
pub(in crate::command) fn denic_create_auth_info2(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    check_de(ctx, &name, "DENIC_CreateAuthInfo2")?;
    let code = ctx.system.random_code(16);
    let expires = ctx.now.plus_days(AUTHINFO2_DAYS);
    change(ctx, &name, |extra, _| extra.auth2 = Some((code, expires)));
    ctx.system.mail_auth_info2(name.as_str(), ctx.now);
    Ok(Response::ok())
}

/// .de: removes the AuthInfo1, so a transfer with it fails from now on
/// (DENIC's AuthInfo2 stays). `552` when none is set or it has expired.
///
/// ```text
/// COMMAND = DENIC_DeleteAuthInfo1
/// DOMAIN  = <domain>.de
/// ---
/// PROPERTY[STATUS][0..N] (StatusDomain's STATUS rows)
/// ```
pub(in crate::command) fn denic_delete_auth_info1(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    let tld = check_de(ctx, &name, "DENIC_DeleteAuthInfo1")?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    let live = domain.auth_expires().is_none_or(|until| ctx.now < until);
    if domain.auth.is_empty() || !live {
        return Err(Error::StatusProhibits(format!(
            "{name} has no AuthInfo1 to delete (DENIC_CreateAuthInfo1 sets one)"
        )));
    }
    change(ctx, &name, |extra, auth| {
        auth.clear();
        extra.auth_expires = None;
    });
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    let mut response = Response::ok();
    for status in statuses(ctx.system, domain, tld, ctx.now) {
        response.push_str("STATUS", status);
    }
    Ok(response)
}

/// The checks the three share: a .de domain (`510` otherwise, naming
/// `command`), held by the caller, no change pending, no
/// clientUpdateProhibited. Its zone.
fn check_de(ctx: &Ctx<'_>, name: &DomainName, command: &str) -> Result<&'static Tld> {
    let tld = zone_of(name)?;
    if tld.zone != "de" {
        return Err(Error::NotSupportedForClass(format!(
            "{command} is for .de domains, not .{}",
            tld.zone
        )));
    }
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    ctx.system.refuse_pending_change(name.as_str())?;
    refuse_flag(domain, UPDATE_FLAG)?;
    Ok(tld)
}

/// Changes the domain's codes (its rare fields and its `auth`), stamps the
/// change and logs it.
fn change(ctx: &mut Ctx<'_>, name: &DomainName, codes: impl FnOnce(&mut Extra, &mut String)) {
    let (now, actor) = (ctx.now, ctx.actor());
    ctx.system.modify_domain(name.as_str(), |domain| {
        let mut auth = std::mem::take(&mut domain.auth);
        codes(domain.extra_mut(), &mut auth);
        domain.auth = auth;
        domain.updated = now;
        domain.updated_by = actor.into();
    });
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
}
