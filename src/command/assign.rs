//! AssignObject (API/OBJECT/ASSIGNOBJECT.md): the checks that decide
//! whether an object of the view's account tree may move to USER, an
//! account of that tree, before `registry/assign.rs` moves it. Every
//! refusal comes before the move, so a refused request changes nothing.
//! Must not touch money (no charge, no refund) or orders.

use super::contact::in_use;
use super::user_fields::outside;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::registry::objectlog::{Op, OpStatus};
use crate::wire::Response;

/// The classes the reference lists that otebox keeps no object of (or
/// moves only another way), with why: `541`.
const NOT_KEPT: &[(&str, &str)] = &[
    (
        "DOMAINTRANSFER",
        "a pending transfer keeps the account that requested it; cancel it (TransferDomain ACTION=CANCEL) and request it again as USER",
    ),
    ("VSERVER", "otebox hosts no virtual servers"),
    ("MOBILEACCOUNT", "otebox hosts no mobile accounts"),
    ("SSLCERT", "otebox issues no SSL certificates"),
];

/// Moves one object of the view's account or of an account below it to
/// USER, the view's account or one below it (the reference: "the user must
/// have the authorization to access the object as well as the new user").
/// An object USER holds already answers `200` and changes nothing. No money
/// moves: every otebox account has prices for every class, so the
/// reference's "gaining user needs pricing" holds always. REASON is kept
/// in the object log's lines of a DOMAIN move.
///
/// ```text
/// COMMAND     = AssignObject
/// OBJECTCLASS = DOMAIN | CONTACT | DNSZONE | DOMAINAPPLICATION
/// OBJECTID    = <domain name | contact handle | zone name | application id>
/// USER        = <the view's account or one below it>
/// REASON      = <text>   (optional)
/// ```
pub(super) fn assign_object(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let class = args.required("OBJECTCLASS")?.to_ascii_uppercase();
    let id = args.required("OBJECTID")?;
    let user = args.required("USER")?;
    args.optional("REASON");
    args.finish()?;
    if let Some((_, why)) = NOT_KEPT.iter().find(|(name, _)| *name == class) {
        return Err(Error::invalid(
            "OBJECTCLASS",
            format_args!("{class} objects cannot be assigned here: {why}"),
        ));
    }
    match class.as_str() {
        "DOMAIN" => assign_domain(ctx, id, user),
        "CONTACT" => assign_contact(ctx, id, user),
        "DNSZONE" => assign_zone(ctx, id, user),
        "DOMAINAPPLICATION" => assign_application(ctx, id, user),
        _ => Err(Error::invalid(
            "OBJECTCLASS",
            format_args!(
                "({class}) is not DOMAIN, DOMAINTRANSFER, CONTACT, DNSZONE, VSERVER, MOBILEACCOUNT, SSLCERT or DOMAINAPPLICATION"
            ),
        )),
    }
}

/// Whether the object `what` held by `holder` may go to `user`: the holder
/// and USER both in the view's subtree (`531`); `false` when USER holds it.
fn may_move(ctx: &Ctx<'_>, what: &str, holder: &str, user: &str) -> Result<bool> {
    let view = ctx.owner();
    if !ctx.system.in_subtree(view, holder) {
        return Err(Error::AuthorizationFailed(format!(
            "{what} is not held by {view} or one of its subusers"
        )));
    }
    if ctx.system.user(user).is_none() || !ctx.system.in_subtree(view, user) {
        return Err(outside("USER", user, view));
    }
    Ok(holder != user)
}

fn read_name(id: &str) -> Result<DomainName> {
    DomainName::parse(id).map_err(|rule| Error::syntax_rule("OBJECTID", id, rule))
}

/// DOMAIN: refused (`552`) while the registration waits for the registry,
/// while a transfer or a trade of it is pending (each decides who holds it
/// when it ends), and for the second half of a bundle (it moves with the
/// first); the move itself is `System::assign_domain`'s.
fn assign_domain(ctx: &mut Ctx<'_>, id: &str, user: &str) -> Result<Response> {
    let name = read_name(id)?;
    let name = name.as_str();
    let Some(domain) = ctx.system.domain(name) else {
        return Err(Error::ObjectNotFound(format!(
            "DOMAIN NAME NOT FOUND; {name}"
        )));
    };
    if !may_move(ctx, &format!("domain {name}"), domain.owner(), user)? {
        return Ok(Response::ok());
    }
    ctx.system.refuse_pending_create(name)?;
    if let Some(transfer) = ctx.system.pending_transfer(name) {
        return Err(Error::StatusProhibits(format!(
            "a transfer of {name} was requested on {} and is pending until {}; it decides who holds {name}",
            transfer.requested.datetime(),
            transfer.deadline.datetime()
        )));
    }
    if let Some(trade) = ctx.system.pending_trade(name) {
        return Err(Error::StatusProhibits(format!(
            "a trade of {name} is pending until {}; StatusDomainTrade shows it",
            trade.deadline.datetime()
        )));
    }
    if let Some(main) = ctx.system.moves_with(domain, ctx.now) {
        return Err(Error::StatusProhibits(format!(
            "{name} is bundled with {main}: assign {main} (both move)"
        )));
    }
    let actor = ctx.actor();
    ctx.system.assign_domain(name, user, ctx.now, &actor);
    ctx.log(Op::Update, OpStatus::Successful, name);
    Ok(Response::ok())
}

/// CONTACT: refused (`541`) while a domain or a restorable deleted domain
/// uses it, since a domain's contacts are its own account's.
fn assign_contact(ctx: &mut Ctx<'_>, id: &str, user: &str) -> Result<Response> {
    let Some(contact) = ctx.system.contact(id) else {
        return Err(Error::ObjectNotFound(format!("OBJECTID: contact {id}")));
    };
    if !may_move(ctx, &format!("contact {id}"), &contact.owner, user)? {
        return Ok(Response::ok());
    }
    if let Some(why) = in_use(ctx, id) {
        return Err(Error::invalid(
            "OBJECTID",
            format_args!(
                "{why}; a domain's contacts are its own account's: assign the domain (USER gets copies of its contacts)"
            ),
        ));
    }
    let actor = ctx.actor();
    ctx.system.assign_contact(id, user, ctx.now, &actor);
    Ok(Response::ok())
}

/// DNSZONE: the zone of a domain registered here goes with the domain:
/// alone only to the account that holds the domain (`541` otherwise).
fn assign_zone(ctx: &mut Ctx<'_>, id: &str, user: &str) -> Result<Response> {
    let name = read_name(id.trim_end_matches('.'))?;
    let name = name.as_str();
    let Some(zone) = ctx.system.zone(name) else {
        return Err(Error::ObjectNotFound(format!(
            "DNSZONE NOT FOUND; {name}. (CreateDNSZone creates it)"
        )));
    };
    if !may_move(ctx, &format!("dnszone {name}."), &zone.owner, user)? {
        return Ok(Response::ok());
    }
    if let Some(domain) = ctx.system.domain(name)
        && domain.owner() != user
    {
        return Err(Error::invalid(
            "OBJECTID",
            format_args!(
                "zone {name}. belongs to the domain {name}, which {user} does not hold: assign the DOMAIN (its zone moves with it)"
            ),
        ));
    }
    let actor = ctx.actor();
    ctx.system.assign_zone(name, user, ctx.now, &actor);
    Ok(Response::ok())
}

/// DOMAINAPPLICATION: the application record only (its domain is an object
/// of its own); refused (`552`) while REQUESTED, as its domain is.
fn assign_application(ctx: &mut Ctx<'_>, id: &str, user: &str) -> Result<Response> {
    let number = match id.len() <= 19 && id.bytes().all(|b| b.is_ascii_digit()) {
        true => id.parse::<u64>().ok(),
        false => None,
    };
    let Some(number) = number else {
        let rule = "must be the number AddDomainApplication answered";
        return Err(Error::syntax_rule("OBJECTID", id, rule));
    };
    let Some(application) = ctx.system.application(number) else {
        return Err(Error::ObjectNotFound(format!("APPLICATION {number}")));
    };
    let what = format!("APPLICATION {number}");
    if !may_move(ctx, &what, &application.owner, user)? {
        return Ok(Response::ok());
    }
    if application.status.is_open() {
        if !application.is_backorder() {
            ctx.system
                .refuse_pending_create(application.domain.as_str())?;
        }
        return Err(Error::StatusProhibits(format!(
            "{what} is {}: it can move once the registry has decided",
            application.status.text()
        )));
    }
    let actor = ctx.actor();
    ctx.system.assign_application(number, user, ctx.now, &actor);
    Ok(Response::ok())
}
