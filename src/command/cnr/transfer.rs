//! The CentralNic Reseller face of transfers (cnr-commands.md §5–7,
//! cnr-dialect.md §8.7, design note §6): TransferDomain (ACTION=PUSH being
//! PushDomain), CheckDomainTransfer and StatusDomainTransfer. Each reads the CNR parameters and answers with
//! the CNR property names; the checks, the records and the moves are the
//! HEXONET handlers' cores (`command/transfer*.rs`), so one transfer is seen,
//! approved, denied or cancelled from either dialect. Must not keep transfer
//! state of its own nor touch the registry's transfer tables directly.

use super::super::contact::ContactSpec;
use super::super::domain::shared::{
    PAY_ONLY_ZONES, read_extensions, read_hostnames, read_role_contacts,
};
use super::super::transfer::{Request, read_transfer_auth, request_checked};
use super::super::transfer_answer::{answer, cancel};
use super::super::transfer_check::check_transfer;
use super::super::transfer_rules::read_transfer_period;
use super::super::transfer_rules::{push, read_target};
use super::super::{Args, Ctx};
use super::check::read_domain;
use super::domain::{PREMIUM_FEE, cnr_fields_named, hexonet_fields};
use super::fee::{account_currency, confirm, read_fee};
use crate::error::{Error, Result};
use crate::registry::catalogue;
use crate::registry::lifecycle::MAX_YEARS;
use crate::registry::{DomainName, Money, Period, Timestamp, Transfer};
use crate::registry::{LedgerItem, LedgerKind, PriceFor, System};
use crate::wire::Response;

/// Requests, answers or cancels a transfer, moves a domain between
/// accounts of the sandbox (USERTRANSFER), or releases it to another
/// registrar (PUSH: PushDomain's rules, .uk tags and .de TRANSIT).
///
/// ```text
/// COMMAND          = TransferDomain
/// DOMAIN           = <domain>
/// ACTION           = REQUEST | APPROVE | DENY | CANCEL | USERTRANSFER | PUSH   (optional, REQUEST)
/// TARGET           = <registrar tag>          (PUSH: as PushDomain's; REQUEST, USERTRANSFER: accepted)
/// AUTH             = <auth code>              (REQUEST, USERTRANSFER)
/// DOMAINAUTH       = <domain> <auth code>     (instead of AUTH)
/// PERIOD           = <n | nY>                 (optional, the zone's first transfer period)
/// TRANSFERLOCK     = 0 | 1 | <empty = 0>      (the domain's lock after the transfer)
/// NORENEW          = 0 | 1                    (USERTRANSFER: 0 renews one year, charged
///                                              as RenewDomain; 1 only moves)
/// NAMESERVER0..12  = <host name>
/// OWNERCONTACT0, ADMINCONTACT0..2, TECHCONTACT0..2, BILLINGCONTACT0..2 = <handle>
///                  or inline fields <ROLE>CONTACTn<FIELD> (FIRSTNAME, LASTNAME, ...)
/// X-FEE-AMOUNT, X-ACCEPT-PREMIUMPRICE = (premium names: one of them required;
///                    X-FEE-AMOUNT, else X-FEE-AMOUNT0, a decimal at least the
///                    transfer price, else 541 naming it)
/// X-FEE-CURRENCY   = <currency of X-FEE-AMOUNT> (optional, the account's)
/// FORCEREQUEST, TOKEN, ACCEPT-TRADE, EMAILLANGUAGE, EMAILSENDER, EMAILSUBJECT,
/// EMAILTAC, EMAILURL, X-FEE-AMOUNT# (decimals), X-FEE-APPLICATION = accepted;
/// other X-... = the zone's fields
/// ---
/// REQUEST: property[transferstatus][0] = PENDING (zones that transfer in real
/// time: SUCCESSFUL); USERTRANSFER: SUCCESSFUL; APPROVE, DENY (losing side),
/// CANCEL (gaining side), PUSH (DOMAIN, TARGET, TOKEN only): code only
/// ```
pub(super) fn transfer_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_domain(args, "DOMAIN")?;
    let action = args.optional("ACTION").map(str::to_ascii_uppercase);
    match action.as_deref() {
        None | Some("REQUEST") => request(args, ctx, &name, false),
        Some("USERTRANSFER") => request(args, ctx, &name, true),
        Some("APPROVE") => answer(args, ctx, &name, true),
        Some("DENY") => answer(args, ctx, &name, false),
        Some("CANCEL") => cancel(args, ctx, &name),
        Some("PUSH") => {
            let target = read_target(args.optional("TARGET"))?;
            args.optional("TOKEN");
            args.finish()?;
            push(ctx, &name, target)
        }
        Some("TRADE") => Err(Error::invalid(
            "ACTION",
            "(TRADE) changes the holder, not the registrar: use TradeDomain",
        )),
        Some(other) => Err(Error::invalid(
            "ACTION",
            format_args!("({other}) is not REQUEST, APPROVE, DENY, CANCEL, USERTRANSFER or PUSH"),
        )),
    }
}

/// The contacts sent, the first of each role (the transfer keeps one per
/// role): a handle of the caller or inline fields `<ROLE><n><FIELD>` (what
/// the PHP SDK makes of the Blesta module's contact arrays), read by
/// HEXONET's `read_contact` and made a handle only when the request is
/// recorded (`request_checked`).
fn read_contacts(args: &mut Args<'_>, ctx: &Ctx<'_>) -> Result<[Option<ContactSpec>; 4]> {
    Ok(read_role_contacts(args, ctx)?.map(|specs| specs.into_iter().next()))
}

/// REQUEST and USERTRANSFER: the CNR parameters, then the HEXONET checks
/// and record (`request_checked`); the 536 of a second request is CNR's 553.
fn request(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    internal: bool,
) -> Result<Response> {
    let tld = catalogue::find(name);
    let auth = read_transfer_auth(args, name)?;
    let period = match tld {
        Some(tld) => Some(read_transfer_period(args, tld)?),
        None => {
            args.optional("PERIOD");
            None
        }
    };
    let transfer_lock = args.flag("TRANSFERLOCK")?.unwrap_or(false);
    let renew = internal && !args.flag("NORENEW")?.unwrap_or(false);
    let nameservers = read_hostnames(args, "NAMESERVER")?;
    let contacts = read_contacts(args, ctx)?;
    let fee = read_fee(args)?;
    let currency = args.optional("X-FEE-CURRENCY");
    let accept = args.flag("X-ACCEPT-PREMIUMPRICE")?.unwrap_or(false);
    args.flag("ACCEPT-TRADE")?;
    for field in [
        "FORCEREQUEST",
        "TARGET",
        "TOKEN",
        "EMAILLANGUAGE",
        "EMAILSENDER",
        "EMAILSUBJECT",
        "EMAILTAC",
        "EMAILURL",
        "X-FEE-APPLICATION",
    ] {
        args.optional(field);
    }
    let extensions = hexonet_fields(read_extensions(args));
    args.finish()?;
    // The fee confirms the premium price: the premium class HEXONET's CLASS names.
    // A stated fee must reach the transfer price HEXONET charges (fee.rs).
    let premium = ctx.system.domain(name.as_str()).and_then(|domain| {
        let premium = domain.premium.as_ref()?;
        Some((domain, premium, catalogue::find(name)?))
    });
    if let (Some((domain, _, tld)), Some(fee)) = (premium, fee) {
        let years = period.unwrap_or(Period::years(1));
        let account = account_currency(ctx);
        let price = ctx.system.transfer_price(domain, tld, years, ctx.owner())?;
        let what = format_args!("the premium price of {name} for {years}");
        confirm(ctx, fee, currency, (price, account), what)?;
    }
    let class = premium
        .filter(|_| fee.is_some() || accept)
        .map(|(_, premium, _)| premium.class.clone());
    let renewal = if renew {
        renewal_charge(ctx, name)?
    } else {
        None
    };
    let sent = Request {
        auth,
        period,
        class,
        nameservers,
        contacts,
        internal_dns: false,
        transfer_lock,
        mail: None,
        extensions,
    };
    let response = request_checked(ctx, name, sent, internal).map_err(|error| {
        match cnr_fields_named(error) {
            Error::AlreadyFlaggedForTransfer(why) => Error::PendingTransfer(why),
            Error::MissingParameter(what) if what.starts_with("CLASS") => {
                Error::missing(PREMIUM_FEE)
            }
            other => other,
        }
    })?;
    if internal {
        after_user_transfer(ctx, name, renewal, transfer_lock)?;
    }
    let status = if response.pending {
        "PENDING"
    } else {
        "SUCCESSFUL"
    };
    Ok(Response::ok().with("transferstatus", status))
}

/// What renewing `name` for a year after a USERTRANSFER costs the caller
/// (`None`: nothing to renew, the domain is not another account's or its
/// zone renews by itself), refused with `546` before anything moves when
/// the caller could not pay it. This check runs before the transfer's own
/// (auth code and the rest): the move and the charge happen together or
/// not at all.
fn renewal_charge(ctx: &Ctx<'_>, name: &DomainName) -> Result<Option<Money>> {
    let owner = ctx.owner();
    let Some(domain) = ctx.system.domain(name.as_str()) else {
        return Ok(None);
    };
    let Some(tld) = catalogue::find(name) else {
        return Ok(None);
    };
    if domain.owner == owner || PAY_ONLY_ZONES.contains(&tld.zone) {
        return Ok(None);
    }
    let price = renewal_price(ctx.system, owner, name)?;
    let what = format!("the renewal of {name} for 1Y that USERTRANSFER adds (NORENEW=0)");
    let above = |system: &System, account: &str| renewal_price(system, account, name);
    let check = ctx
        .system
        .check_charge(owner, &renewal_item(name, price, &what, &above));
    check.map_err(|error| match error {
        Error::CreditLimitExceeded(detail) => {
            Error::CreditLimitExceeded(format!("{detail}; send NORENEW=1 to move it only"))
        }
        other => other,
    })?;
    Ok(Some(price))
}

/// What a year's renewal of `name` costs `account` (the caller, or a
/// reseller above it).
fn renewal_price(system: &System, account: &str, name: &DomainName) -> Result<Money> {
    let tld = catalogue::find(name).ok_or(Error::ServerError)?;
    system.renewal_price_by_name(name.as_str(), tld, Period::years(1), account)
}

/// The ledger entry of the year a USERTRANSFER renews `name` by.
fn renewal_item<'a>(
    name: &'a DomainName,
    price: Money,
    what: &'a str,
    above: PriceFor<'a>,
) -> LedgerItem<'a> {
    LedgerItem {
        kind: LedgerKind::RenewDomain,
        description: name.as_str(),
        months: 12,
        price,
        what,
        above: Some(above),
    }
}

/// What a USERTRANSFER adds once the domain is the caller's: the year of
/// `NORENEW=0`, charged as RenewDomain (the balance was checked before
/// anything moved) and added to both halves of a bundle, and the
/// TRANSFERLOCK sent.
fn after_user_transfer(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    renewal: Option<Money>,
    transfer_lock: bool,
) -> Result<()> {
    let moved = ctx
        .system
        .domain(name.as_str())
        .is_some_and(|domain| domain.owner == ctx.owner());
    if !moved || (renewal.is_none() && !transfer_lock) {
        return Ok(());
    }
    if let Some(price) = renewal {
        let what = format!("USERTRANSFER {name}: RenewDomain for 1Y");
        let above = |system: &System, account: &str| renewal_price(system, account, name);
        ctx.charge(renewal_item(name, price, &what, &above))?;
    }
    let (now, actor): (Timestamp, String) = (ctx.now, ctx.actor());
    let limit = now.plus(Period::years(MAX_YEARS));
    let partner = ctx.system.bundle_partner(name, ctx.owner());
    ctx.system.modify_domain(name.as_str(), |domain| {
        if renewal.is_some() {
            domain.expires = domain.expires.plus(Period::years(1)).min(limit);
            domain.paid_until = domain.paid_until.max(domain.expires);
        }
        domain.transfer_lock |= transfer_lock;
        domain.updated = now;
        domain.updated_by = actor.as_str().into();
    });
    let dates = ctx
        .system
        .domain(name.as_str())
        .map(|domain| (domain.expires, domain.paid_until));
    if let (Some(partner), Some((expires, paid_until)), Some(_)) = (partner, dates, renewal) {
        ctx.system.modify_domain(&partner, |domain| {
            domain.expires = expires;
            domain.paid_until = paid_until;
            domain.updated = now;
            domain.updated_by = actor.into();
        });
    }
    Ok(())
}

/// Whether a transfer of a domain to the caller's account could be
/// requested now: HEXONET's check, answered with its codes and texts.
///
/// ```text
/// COMMAND    = CheckDomainTransfer
/// DOMAIN     = <domain>
/// AUTH       = <auth code>    (optional; checked when sent)
/// ACTION, EMAILLANGUAGE, EMAILSENDER, EMAILSUBJECT, EMAILTAC, EMAILURL,
/// REQUESTENTITY = accepted (and what HEXONET's CheckDomainTransfer takes
/// besides: DOMAINAUTH, HOST#, contacts, INTERNALDNS, X-...)
/// ---
/// 218 Request is available | 219 Request is not available; DOMAIN TRANSFER IS PROHIBITED BY ...
/// property[ageindays][0], property[createddate][0], property[registrar][0],
/// property[transferlock][0]
/// ```
pub(super) fn check_domain_transfer(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let checked = check_transfer(args, ctx, hexonet_fields).map_err(cnr_fields_named)?;
    let mut response = Response::status(checked.code, checked.description.clone());
    for (hexonet, cnr) in [
        ("AGEINDAYS", "ageindays"),
        ("CREATEDDATE", "createddate"),
        ("REGISTRAR", "registrar"),
        ("TRANSFERLOCK", "transferlock"),
    ] {
        if let Some(value) = checked.first(hexonet) {
            response.push_str(cnr, value);
        }
    }
    Ok(response)
}

/// The caller's incoming transfer of a domain: its state and log, while
/// pending, or after it failed (until the next request of the name).
///
/// ```text
/// COMMAND = StatusDomainTransfer
/// DOMAIN  = <domain>
/// ---
/// property[transferlog][n]    = <YYYY-MM-DD hh:mm:ss> [<STATE>] <text>
/// property[transferstatus][0] = PENDING | FAILED
/// 545 Entity reference not found when the caller has none pending or failed
/// for the domain (completed and cancelled transfers included)
/// ```
pub(super) fn status_domain_transfer(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_domain(args, "DOMAIN")?;
    args.finish()?;
    let owner = ctx.owner();
    let mine = |transfer: &&Transfer| transfer.gaining == owner;
    let (transfer, status) = match ctx.system.pending_transfer(name.as_str()).filter(mine) {
        Some(transfer) => (transfer, "PENDING"),
        None => match ctx.system.failed_transfer(name.as_str()).filter(mine) {
            Some(transfer) => (transfer, "FAILED"),
            None => {
                return Err(Error::ObjectNotFound(format!(
                    "no transfer of {name} is pending for {owner}"
                )));
            }
        },
    };
    let mut response = Response::ok();
    for line in &transfer.log {
        response.push_str("transferlog", line);
    }
    response.push_str("transferstatus", status);
    Ok(response)
}
