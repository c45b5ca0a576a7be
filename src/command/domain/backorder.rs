//! Backorders, HEXONET dialect: AddDomainApplication with CLASS=BACKORDER
//! (or `<TLD>_BACKORDER`, the reference's `COM_BACKORDER`), the path the
//! WHMCS backorder add-on's `batch_processing_application` cron sends
//! (NEW=1, inline contacts), and the CNR BACKORDER/LITEBACKORDER
//! (`file_backorder`). Reads nothing of the wire beyond what
//! `application.rs` hands it; files the application in the one
//! application table (`registry/application.rs`); what happens when the
//! name drops is the registry's (`registry/backorder.rs`). Must not change
//! a domain: a free name goes through AddDomain's `register`.

use super::add::{Order, check_fields, check_order, register, role_handles};
use super::application::{application_response, file_application, filed_response};
use crate::command::contact::commit_contact;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::bundle;
use crate::registry::catalogue::Rule;
use crate::registry::{Application, ApplicationStatus, Availability, Domain, Role, Scenario};
use crate::wire::Response;

/// The backorder parameters read before `Args::finish`: NEW (force another
/// application of the same account for the name) and X-BACKORDER-LITE
/// (accepted, `0` or `1`; the sandbox runs both kinds alike).
pub(super) struct Flags {
    pub(super) new: bool,
}

/// Reads NEW and X-BACKORDER-LITE (`505` unless `0` or `1`).
pub(super) fn read_flags(args: &mut Args<'_>) -> Result<Flags> {
    let new = args.flag("NEW")?.unwrap_or(false);
    args.flag("X-BACKORDER-LITE")?;
    Ok(Flags { new })
}

/// Whether `class` asks for a backorder of `order`'s name: `BACKORDER`, or
/// `<ZONE>_BACKORDER` of its zone (dots as `_`: `CO_UK_BACKORDER`). Another
/// zone's backorder class is `541`.
pub(super) fn backorder_class(class: &str, order: &Order) -> Result<Option<String>> {
    let class = class.to_ascii_uppercase();
    if class == "BACKORDER" {
        return Ok(Some(class));
    }
    if !class.ends_with("_BACKORDER") {
        return Ok(None);
    }
    let own = format!("{}_BACKORDER", order.tld.zone.replace('.', "_")).to_ascii_uppercase();
    if class != own {
        let why = format_args!(
            "({class}) is not a backorder class of {}: BACKORDER or {own}",
            order.name
        );
        return Err(Error::invalid("CLASS", why));
    }
    Ok(Some(class))
}

/// Files a backorder of `order`'s name for the caller. A name registered
/// now (by any account but the caller, typically deleted and in its
/// pending-delete period) gets a backorder that waits for it to drop
/// (STATUS REQUESTED, nothing charged); a free name is registered at once
/// like AddDomain (charged, STATUS SUCCESSFUL); a premium, reserved or
/// otherwise unregistrable name is refused as AddDomain refuses it (a
/// premium name registered now too: it drops a premium name), and a
/// zone registered by application only (`.swiss`: GOLIVE) is `510`, as
/// AddDomain answers it: no backorder registers it past the review. A
/// bundle's second half (`x.ong`) is `541`: its first half's backorder
/// catches both. Without
/// NEW=1, a second open backorder of the caller's account for the name is
/// `540`. PRICE and CURRENCY are premium terms: a backorder takes none.
pub(super) fn apply(
    ctx: &mut Ctx<'_>,
    order: Order,
    class: String,
    flags: Flags,
    priced: bool,
) -> Result<Response> {
    let tld = order.tld;
    Ok(
        match file_backorder(ctx, order, class, flags.new, priced)? {
            Backorder::Registered(domain, id) => filed_response(ctx, id, &domain, tld),
            Backorder::Waiting(id) => match ctx.system.application(id) {
                Some(application) => application_response(ctx, application),
                None => return Err(Error::ObjectNotFound(format!("APPLICATION {id}"))),
            },
        },
    )
}

/// What [`file_backorder`] filed: the application of a free name registered
/// at once (with its domain), or of a taken name waiting for its drop.
pub(in crate::command) enum Backorder {
    Registered(Box<Domain>, u64),
    Waiting(u64),
}

/// [`apply`]'s checks and filing, for either dialect: `new` files another
/// of the same account, `priced` says premium terms came (`541`).
pub(in crate::command) fn file_backorder(
    ctx: &mut Ctx<'_>,
    mut order: Order,
    class: String,
    new: bool,
    priced: bool,
) -> Result<Backorder> {
    if priced {
        let why = format_args!("a backorder ({class}) takes no PRICE or CURRENCY");
        return Err(Error::invalid("CLASS", why));
    }
    if let Rule::Application(wanted) = order.tld.rule {
        return Err(Error::NotSupportedForClass(format!(
            "AddDomainApplication: .{} registrations are applications with CLASS={wanted}; a \
             backorder ({class}) cannot register one",
            order.tld.zone
        )));
    }
    order.extensions.shift_remove("X-BACKORDER-LITE");
    let name = order.name.clone();
    // A bundle drops as one: its first half's backorder catches both.
    if let Some(first) = bundle::first_half(&name) {
        let why = format_args!(
            "{name} is registered only with {first}, as one bundle: backorder {first}"
        );
        return Err(Error::invalid("DOMAIN", why));
    }
    match ctx.system.availability(&name, ctx.now) {
        Availability::Available(_) => {
            check_order(ctx, &mut order, None)?;
            let period = order.period;
            let domain = register(ctx, order, "AddDomainApplication")?;
            let id = file_application(ctx, &domain, class, period);
            return Ok(Backorder::Registered(Box::new(domain), id));
        }
        // A premium name registered now drops a premium name again: the
        // drop would sell it at the zone's standard price.
        Availability::Registered if Scenario::of(&name) == Some(Scenario::Premium) => {
            let why = format_args!(
                "({class}) given, but {name} is a premium name: a backorder does not buy one"
            );
            return Err(Error::invalid("CLASS", why));
        }
        Availability::Registered => {}
        Availability::Premium(..) => {
            let why = format_args!("({class}) given, but {name} is a free premium name");
            return Err(Error::invalid("CLASS", why));
        }
        // Every other refusal is AddDomain's.
        _ => check_order(ctx, &mut order, None)?,
    }
    if ctx
        .system
        .domain(name.as_str())
        .is_some_and(|domain| domain.owner == ctx.owner())
    {
        return Err(Error::NotUnique(
            "DOMAIN is already assigned to your account".to_owned(),
        ));
    }
    check_fields(ctx, &order)?;
    if !new {
        let open = ctx.system.open_backorders(name.as_str());
        let mine = open.into_iter().find(|id| {
            let application = ctx.system.application(*id);
            application.is_some_and(|a| a.owner == ctx.owner())
        });
        if let Some(id) = mine {
            return Err(Error::NotUnique(format!(
                "APPLICATION {id} is your account's backorder of {name} already; NEW=1 files another"
            )));
        }
    }
    // Every check is made: the contacts are committed, the backorder filed.
    let handles = role_handles(order.contacts, |spec| Some(commit_contact(ctx, spec)));
    let first = |role: Role| handles[role.index()].first().cloned().unwrap_or_default();
    let id = ctx.system.next_sequence();
    let actor = ctx.actor();
    let application = Application {
        id,
        domain: name,
        class,
        period: order.period,
        contacts: Role::ALL.map(first),
        nameservers: order.nameservers,
        owner: ctx.owner().to_owned(),
        created: ctx.now,
        created_by: actor.clone(),
        updated: ctx.now,
        updated_by: actor,
        status: ApplicationStatus::Requested,
    };
    ctx.system.add_application(application);
    Ok(Backorder::Waiting(id))
}
