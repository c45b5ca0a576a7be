//! The registrar-FAQ transfer rules on the HEXONET face (design note §4.6–
//! §4.8, §7): the zone's auth rule at TransferDomain (.dk takes no code,
//! .uk goes by tag, expired .de AuthInfo1 codes fail) and its early
//! balance check (546), the PERIOD a transfer takes (one year in a zone
//! whose transfer adds no term is that zone's `0Y`), PushDomain (.uk
//! tags, .de transit), RequestDomainAuthInfo (.eu, .be) and
//! ResendDomainTransferConfirmationEmails. The registry side (failures at
//! the deadline, pushed-out names) is `registry::transfer_rules`; the
//! request checks of TransferDomain are `transfer.rs`'s.

use super::domain::shared::{UPDATE_FLAG, read_name, read_period, refuse_flag, refuse_locked};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, AuthRule, Tld};
use crate::registry::{
    Domain, DomainName, LedgerItem, LedgerKind, Period, SERVER_TRANSFER, SERVER_UPDATE, System,
    Timestamp,
};
use crate::wire::Response;

/// PERIOD of a transfer into `tld`: one of the zone's transfer periods, and
/// in a zone whose transfer adds no term (`.de`, `.es`: `0Y` only) also one
/// year, read as that zone's term, as clients of both dialects send one year
/// with every transfer (HEXONET's WHMCS module 1.x and Blesta module up to
/// 1.2 for every zone, the Elixir `rrpproxy.ex` client, whose test passed on
/// the live OT&E); another period is `541` naming the zone's.
pub(super) fn read_transfer_period(args: &mut Args<'_>, tld: &Tld) -> Result<Period> {
    let sent = args.optional("PERIOD").and_then(Period::parse);
    match sent.map(|period| (period, transfer_term(tld, period))) {
        Some((period, term)) if term != period => Ok(term),
        _ => read_period(args, tld.transfer_periods, "transfer", tld),
    }
}

/// `period` as a transfer into `tld` takes it: one year is the zone's `0Y`
/// where that is its only transfer period (see [`read_transfer_period`]),
/// any other period itself. CNR DomainPrice prices a transfer so too.
pub(super) fn transfer_term(tld: &Tld, period: Period) -> Period {
    match tld.transfer_periods {
        [only] if only.months == 0 && period.months == 12 => *only,
        _ => period,
    }
}

/// Our registrar tag: a `.uk` domain pushed to it completes the pending
/// transfer of it.
const OWN_TAG: &str = "1API-DE";

/// The auth rule of `tld` on the code `sent` with a transfer of `domain`
/// (§4.1 row 9): `.dk` refuses a code (541), `.uk` ignores it, elsewhere
/// none is `504` and a wrong or expired one `531`.
pub(super) fn check_auth(
    tld: &Tld,
    domain: &Domain,
    sent: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    let name = &domain.name;
    match (tld.transfer_auth, sent) {
        (AuthRule::Refused, Some(_)) => Err(Error::invalid(
            "AUTH",
            format_args!(
                ".{} transfers take no auth code (the registrant confirms with DK Hostmaster); send none",
                tld.zone
            ),
        )),
        (AuthRule::Refused | AuthRule::Tag(_), _) => Ok(()),
        (AuthRule::Required, None) => Err(Error::missing("AUTH")),
        (AuthRule::Required, Some(code)) if !domain.auth_matches(code, now) => Err(
            Error::AuthorizationFailed(format!("wrong auth code for {name}")),
        ),
        (AuthRule::Required, Some(_)) => Ok(()),
    }
}

/// `546` when `owner`, or a reseller above it, could not pay the transfer
/// of `domain` for `period` now (early feedback: the charge itself is at
/// completion).
pub(super) fn check_balance(
    system: &System,
    owner: &str,
    domain: &Domain,
    tld: &Tld,
    period: Period,
) -> Result<()> {
    let price = system.transfer_price(domain, tld, period, owner)?;
    let what = format!("the transfer of {}", domain.name);
    let above =
        |system: &System, account: &str| system.transfer_price(domain, tld, period, account);
    let item = LedgerItem {
        kind: LedgerKind::TransferDomain,
        description: domain.name.as_str(),
        months: period.months,
        price,
        what: &what,
        above: Some(&above),
    };
    system.check_charge(owner, &item)
}

/// Releases a domain to another registrar: `.uk` to a registrar tag (ours,
/// `1API-DE`, completes the transfer pending for it), `.de` to DENIC's
/// transit. A domain that leaves is held "at another registrar" from then
/// on (its transfer back in takes the auth code `otebox-transfer`).
///
/// ```text
/// COMMAND = PushDomain
/// DOMAIN  = <domain>.uk | <domain>.co.uk | <domain>.de
/// TARGET  = <registrar tag>     (.uk: required, e.g. 1API-DE; .de: TRANSIT or none)
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn push_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let target = args.optional("TARGET").filter(|t| !t.is_empty());
    let target = read_target(target)?;
    args.finish()?;
    push(ctx, &name, target)
}

/// TARGET of a push, when sent: a registrar tag (see [`read_tag`]).
pub(super) fn read_target(target: Option<&str>) -> Result<Option<String>> {
    target.filter(|t| !t.is_empty()).map(read_tag).transpose()
}

/// The push of `name` to `target`, for both dialects (CNR: DeleteDomain
/// ACTION=PUSH).
pub(super) fn push(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    target: Option<String>,
) -> Result<Response> {
    let tld = catalogue::find(name)
        .filter(|tld| matches!(tld.transfer_auth, AuthRule::Tag(_)) || tld.zone == "de");
    let Some(tld) = tld else {
        return Err(Error::invalid(
            "DOMAIN",
            format_args!(
                "PushDomain releases .de (TRANSIT) and .uk (tags); {name} leaves when the gaining registrar requests it"
            ),
        ));
    };
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    refuse_locked(domain, SERVER_TRANSFER)?;
    ctx.system.refuse_pending_create(name.as_str())?;
    let pending = ctx.system.pending_transfer(name.as_str()).is_some();
    match (tld.transfer_auth, target.as_deref()) {
        (AuthRule::Tag(_), None) => Err(Error::missing(format!(
            "TARGET: .{} domains leave by tag, e.g. {OWN_TAG}",
            tld.zone
        ))),
        (AuthRule::Tag(_), Some(OWN_TAG)) if pending => {
            if let Some(transfer) = ctx.system.take_transfer(name.as_str())
                && let Err(error) = ctx.system.complete_transfer(&transfer, ctx.now)
            {
                // As with APPROVE: the gaining side's failure is its own.
                let reason = format!("{} {error}", error.code());
                ctx.system.fail_transfer(transfer, ctx.now, &reason);
            }
            Ok(Response::ok())
        }
        (AuthRule::Tag(_), Some(OWN_TAG)) => Err(Error::invalid(
            "TARGET",
            format_args!(
                "{OWN_TAG} is this registrar's own tag and {name} is already here; the gaining account requests it with TransferDomain, then push"
            ),
        )),
        (AuthRule::Tag(_), Some(_)) => leave(ctx, name, pending),
        (_, None | Some("TRANSIT")) => leave(ctx, name, pending),
        (_, Some(other)) => Err(Error::invalid(
            "TARGET",
            format_args!("({other}) is not TRANSIT: .de pushes go to TRANSIT"),
        )),
    }
}

/// A registrar tag: 2 to 16 of `A-Z 0-9 -`, upper-cased.
fn read_tag(tag: &str) -> Result<String> {
    let ok = (2..=16).contains(&tag.len())
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !ok {
        return Err(Error::syntax_rule(
            "TARGET",
            tag,
            "must be a registrar tag of 2 to 16 letters, digits or -",
        ));
    }
    Ok(tag.to_ascii_uppercase())
}

/// The domain leaves the sandbox (another tag, DENIC transit).
fn leave(ctx: &mut Ctx<'_>, name: &DomainName, pending: bool) -> Result<Response> {
    if pending {
        return Err(Error::StatusProhibits(format!(
            "{name} has a transfer pending; approve or deny it first"
        )));
    }
    if let Some(host) = ctx
        .system
        .hosts_under(name.as_str())
        .find(|host| host.owner == ctx.owner())
    {
        return Err(Error::StatusProhibits(format!(
            "host {} lies under {name}; delete it first (DeleteNameserver), then push",
            host.name
        )));
    }
    ctx.system.push_out(name.as_str(), ctx.now);
    Ok(Response::ok())
}

/// Asks the registry for a new transfer code of an `.eu` or `.be` domain
/// (their registries mail it to the registrant; the sandbox shows it in
/// StatusDomain AUTH and writes the mail to the outbox).
///
/// ```text
/// COMMAND = RequestDomainAuthInfo
/// DOMAIN  = <domain>.eu | <domain>.be
/// ---
/// 200 Command completed successfully; action pending
/// PENDING=1, PROPERTY[DOMAIN][0], PROPERTY[STATUS][0] = PENDING
/// ```
pub(super) fn request_domain_auth_info(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    let tld = catalogue::find(&name);
    let issuer = tld.and_then(|tld| tld.auth_on_request);
    if issuer != Some("RequestDomainAuthInfo") {
        let shown = match issuer {
            Some(other) => format!("{other} gives the codes of .{}", tld.map_or("", |t| t.zone)),
            None => format!("{name} shows AUTH in StatusDomain"),
        };
        return Err(Error::invalid(
            "DOMAIN",
            format_args!(
                "RequestDomainAuthInfo is for .eu and .be (their registries mail the code); {shown}"
            ),
        ));
    }
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    refuse_locked(domain, SERVER_UPDATE)?;
    refuse_flag(domain, UPDATE_FLAG)?;
    ctx.system.refuse_pending_change(name.as_str())?;
    let code = ctx.system.random_code(12);
    let (now, actor) = (ctx.now, ctx.actor());
    ctx.system.modify_domain(name.as_str(), |domain| {
        domain.auth = code;
        domain.extra_mut().auth_expires = None;
        domain.updated = now;
        domain.updated_by = actor.into();
    });
    ctx.system.mail_auth_code(name.as_str(), ctx.now);
    let mut response = Response::status(200, "Command completed successfully; action pending")
        .with("DOMAIN", name.as_str())
        .with("STATUS", "PENDING");
    response.pending = true;
    Ok(response)
}

/// Sends the confirmation mail of a pending transfer again (otebox sends
/// no mail: the transfer's log says so, and the outbox keeps the mail).
///
/// ```text
/// COMMAND = ResendDomainTransferConfirmationEmails
/// DOMAIN  = <domain>
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn resend_domain_transfer_confirmation_emails(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    if resend_trade_mail(ctx, &name) || resend_transfer_mail(ctx, &name)? {
        return Ok(Response::ok());
    }
    Err(Error::ObjectNotFound(format!(
        "no transfer or trade of {name} is pending for {}",
        ctx.owner()
    )))
}

/// The line a resent confirmation adds to the transfer's or trade's log.
const RESENT: &str =
    "[EMAIL_SENT] confirmation email sent again (otebox keeps it in /_admin/outbox)";

/// Sends the confirmation mails of the caller's pending trade of its
/// domain `name` again, logged on the trade; `false` (nothing done) when it
/// has none (ResendDomainTransferConfirmationEmails, CNR ResendNotification).
pub(in crate::command) fn resend_trade_mail(ctx: &mut Ctx<'_>, name: &DomainName) -> bool {
    let owner = ctx.owner();
    let pending = ctx
        .system
        .pending_trade(name.as_str())
        .is_some_and(|trade| trade.account == owner)
        && ctx.system.owned_domain(owner, name.as_str()).is_ok();
    if pending {
        ctx.system.log_trade(name.as_str(), ctx.now, RESENT);
        ctx.system.mail_trade_confirmation(name.as_str(), ctx.now);
    }
    pending
}

/// Sends the confirmation mail of the caller's pending inbound transfer of
/// `name` again, logged on the transfer; `Ok(false)` (nothing done) when it
/// has none; `552` where the zone confirms by a push, not a mail.
pub(in crate::command) fn resend_transfer_mail(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
) -> Result<bool> {
    let owner = ctx.owner();
    let mine = ctx
        .system
        .pending_transfer(name.as_str())
        .is_some_and(|transfer| transfer.gaining == owner);
    if !mine {
        return Ok(false);
    }
    if let Some(tld) = catalogue::find(name)
        && let AuthRule::Tag(tag) = tld.transfer_auth
    {
        return Err(Error::StatusProhibits(format!(
            ".{} transfers are confirmed by the losing registrar's push to {tag}, no email",
            tld.zone
        )));
    }
    ctx.system.log_transfer(name.as_str(), ctx.now, RESENT);
    (ctx.system).mail_transfer_confirmation(name.as_str(), ctx.now);
    Ok(true)
}
