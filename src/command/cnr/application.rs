//! The CentralNic Reseller domain applications (KB `AddDomainApplication`,
//! `StatusDomainApplication`, `DeleteDomainApplication`,
//! `QueryDomainApplicationList`): reads the CNR parameters, maps the CNR
//! classes onto the phases otebox runs ([`phase`]) and files through
//! HEXONET's cores (`domain/application.rs`, `domain/backorder.rs`) into the
//! one application table, so each dialect sees the other's applications.
//! Pushes the CNR property names; must not change a domain beyond what
//! those cores do.

use super::super::domain::shared::{
    Backorder, Order, application_auth, file_application, file_backorder, own_application,
};
use super::super::list::glob;
use super::super::{Args, Ctx};
use super::check::parse_domain;
use super::domain::Dot0;
use super::fee::push_charged;
use super::registration::{place, read_registration};
use super::{columns, one_of, push_window, window};
use crate::error::{Error, Result};
use crate::registry::catalogue::Rule;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{Application, Role};
use crate::wire::Response;

/// The classes the KB lists, and `SWISS-GOLIVE`, which the WHMCS modules
/// send for `.swiss` (the live platform takes it).
const CLASSES: &[&str] = &[
    "GTLD-PREORDER",
    "SUNRISE",
    "LRP",
    "EAP",
    "GOLIVE",
    "SWISS-GOLIVE",
    "BACKORDER",
    "LITEBACKORDER",
];

/// What a CNR class asks of otebox.
enum Phase {
    /// A registration the zone's registry reviews (`.swiss`): HEXONET's
    /// GOLIVE application (its class as the catalogue names it).
    GoLive(&'static str),
    /// A backorder: HEXONET's BACKORDER (a lite one runs alike).
    Backorder,
}

/// The HEXONET phase of the CNR `class` for `order`'s name: GOLIVE and
/// SWISS-GOLIVE on a zone registered by application (`.swiss`) are its
/// GOLIVE; BACKORDER and LITEBACKORDER a backorder; a launch phase otebox
/// does not run (GTLD-PREORDER, SUNRISE, LRP, EAP, GOLIVE of an open zone,
/// SWISS-GOLIVE elsewhere) `541`, naming what to send instead.
fn phase(class: &str, order: &Order) -> Result<Phase> {
    let Some(class) = one_of("CLASS", Some(class), CLASSES)? else {
        return Err(Error::missing("CLASS"));
    };
    let zone = order.tld.zone;
    match (class, order.tld.rule) {
        ("GOLIVE" | "SWISS-GOLIVE", Rule::Application(wanted)) => Ok(Phase::GoLive(wanted)),
        ("BACKORDER" | "LITEBACKORDER", _) => Ok(Phase::Backorder),
        ("SWISS-GOLIVE", _) => Err(Error::invalid(
            "CLASS",
            format_args!(
                "(SWISS-GOLIVE) is the .swiss go-live class; {} is not .swiss",
                order.name
            ),
        )),
        (class, _) => Err(Error::invalid(
            "CLASS",
            format_args!(
                "({class}): otebox runs no {class} phase for .{zone}; register {} with AddDomain",
                order.name
            ),
        )),
    }
}

/// The class a CNR `class` is filed as (HEXONET's names: one table).
fn filed_class(class: &str) -> String {
    match class.to_ascii_uppercase().as_str() {
        "SWISS-GOLIVE" => "GOLIVE".to_owned(),
        "LITEBACKORDER" => "BACKORDER".to_owned(),
        other => other.to_owned(),
    }
}

/// Files an application: for `.swiss` (class GOLIVE or SWISS-GOLIVE, as
/// the WHMCS modules send it) AddDomain's registration, charged and left
/// REQUESTED for the registry's 24-hour review, then SUCCESSFUL; for
/// BACKORDER or LITEBACKORDER a backorder (waiting for a taken name's drop,
/// or a free name registered at once). X-SWISS-UID is the catalogue's;
/// X-SWISS-OWNER-TYPE, which HEXONET requires and the CNR clients do not
/// send, is `O` unless given (`dialect::cnr_field_defaults`, as for every
/// CNR registration);
/// X-INTENDED-USE is kept as a domain field.
///
/// ```text
/// COMMAND = AddDomainApplication
/// CLASS   = GOLIVE | SWISS-GOLIVE (.swiss) | BACKORDER | LITEBACKORDER
///           (GTLD-PREORDER, SUNRISE, LRP, EAP: 541)
/// DOMAIN, PERIOD, OWNERCONTACT0, ADMINCONTACT0.., NAMESERVER0.., TRANSFERLOCK,
/// X-WHOISPRIVACY, RENEWALMODE, X-FEE-AMOUNT, ... = as AddDomain
/// X-SWISS-UID (.swiss: required), X-INTENDED-USE, X-SWISS-OWNER-TYPE (O)
/// ---
/// property[application][0] = <id>
/// property[status][0]      = REQUESTED | SUCCESSFUL
/// property[x-fee-amount][0] ... (a premium name: as AddDomain)
/// ```
pub(super) fn add_domain_application(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let class = args.optional("CLASS");
    let registration = read_registration(args, ctx)?;
    args.finish()?;
    let Some(class) = class else {
        return Err(Error::missing("CLASS"));
    };
    let (charged, id) = match phase(class, &registration.order)? {
        Phase::Backorder => {
            let order = registration.order;
            let priced = registration.fee.is_some();
            let id = match file_backorder(ctx, order, filed_class(class), false, priced)? {
                Backorder::Registered(_, id) | Backorder::Waiting(id) => id,
            };
            (None, id)
        }
        Phase::GoLive(wanted) => {
            let period = registration.order.period;
            let (domain, charged) = place(ctx, registration, "AddDomainApplication")?;
            let class = domain.premium.as_ref().map_or(wanted, |p| p.class.as_str());
            let id = file_application(ctx, &domain, class.to_owned(), period);
            (charged, id)
        }
    };
    let status = ctx.system.application(id).map_or("", |a| a.status.text());
    let mut response = super::super::domain::shared::registered(ctx);
    response.push("application", id).push_str("status", status);
    push_charged(&mut response, charged);
    Ok(response)
}

/// The application a request names: APPLICATION (HEXONET's checks: `505`,
/// `545`, a subuser's `531`), else the caller's newest for DOMAIN (and
/// CLASS, SWISS-GOLIVE finding GOLIVE), `545` if it has none; `504
/// APPLICATION` without either.
fn named<'s>(args: &mut Args<'_>, ctx: &'s Ctx<'_>) -> Result<&'s Application> {
    let id = args.optional("APPLICATION");
    let domain = args.optional("DOMAIN");
    let class = args.optional("CLASS");
    args.finish()?;
    if let Some(text) = id {
        return own_application(ctx, text);
    }
    let Some(text) = domain else {
        return Err(Error::missing("APPLICATION"));
    };
    let name = parse_domain("DOMAIN", text)?;
    let class = class.map(filed_class);
    let found = ctx.system.applications_of(ctx.owner()).filter(|a| {
        a.domain == name
            && class
                .as_ref()
                .is_none_or(|c| a.class.eq_ignore_ascii_case(c))
    });
    found
        .max_by_key(|a| a.id)
        .ok_or_else(|| Error::ObjectNotFound(format!("{name} has no application of your account")))
}

/// One application, in the KB's order (no trademark rows: otebox keeps no
/// launch-phase marks; `smdid` is empty).
///
/// ```text
/// COMMAND = StatusDomainApplication
/// APPLICATION = <id>   or DOMAIN = <domain> (CLASS = <class>, optional)
/// ---
/// domain, application id, status (REQUESTED | SUCCESSFUL | FAILED), period,
/// class (as filed: GOLIVE, BACKORDER, ...), auth code, smdid,
/// owner contact, admin contact, tech contact, billing contact, nameserver[n],
/// created date, update date (YYYY-MM-DD hh:mm:ss.0)
/// ```
pub(super) fn status_domain_application(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let application = named(args, ctx)?;
    let period = application.period;
    let period = period
        .whole_years()
        .map_or_else(|| period.to_string(), |years| years.to_string());
    let mut response = Response::ok();
    response
        .push_str("domain", application.domain.as_str())
        .push("application id", application.id)
        .push_str("status", application.status.text())
        .push("period", period)
        .push_str("class", &application.class)
        .push_str("auth code", application_auth(ctx, application))
        .push_str("smdid", "");
    let names = [
        "owner contact",
        "admin contact",
        "tech contact",
        "billing contact",
    ];
    for (role, name) in Role::ALL.into_iter().zip(names) {
        response.push_str(name, &application.contacts[role.index()]);
    }
    for nameserver in &application.nameservers {
        response.push_str("nameserver", nameserver);
    }
    response
        .push("created date", Dot0(application.created))
        .push("update date", Dot0(application.updated));
    Ok(response)
}

/// Withdraws one of the caller's applications, as HEXONET's does (a
/// REQUESTED registration called off and refunded, a waiting backorder or a
/// FAILED application forgotten, a SUCCESSFUL one `552`).
///
/// ```text
/// COMMAND = DeleteDomainApplication
/// APPLICATION = <id>   or DOMAIN = <domain> (CLASS = <class>, optional)
/// ---
/// property[domain][0] = <the application's domain>
/// ```
pub(super) fn delete_domain_application(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let id = named(args, ctx)?.id;
    let name = ctx.system.withdraw_application(id, ctx.now)?;
    ctx.log(Op::Delete, OpStatus::Successful, name.as_str());
    Ok(Response::ok().with("domain", name))
}

/// The columns of QueryDomainApplicationList, alphabetical.
const LIST: &[&str] = &[
    "application",
    "class",
    "created date",
    "domain",
    "status",
    "updated date",
];

/// The caller's applications, filtered by `*` patterns on DOMAIN and CLASS,
/// in ORDERBY order (APPLICATION, the order filed, by default;
/// FINALIZATIONDATE is the last change, when REQUESTED became SUCCESSFUL
/// or FAILED), paged. WIDE, GENERATELIST and SENDLISTEMAIL are accepted
/// and change nothing, as in the other CNR lists.
///
/// ```text
/// COMMAND = QueryDomainApplicationList
/// DOMAIN = <pattern>   CLASS = <pattern>   ORDERBY = DOMAIN | APPLICATION | FINALIZATIONDATE
/// FIRST = <n> (0)    LIMIT = <n> (1000, at most 10000; 0 an empty page)
/// ---
/// property[column][i] = application, class, created date, domain, status, updated date
/// property[count][0], then per row the six columns,
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_domain_application_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let domain = args.optional("DOMAIN");
    let class = args.optional("CLASS");
    let keys = ["DOMAIN", "APPLICATION", "FINALIZATIONDATE"];
    let order = one_of("ORDERBY", args.optional("ORDERBY"), &keys)?;
    args.flag("WIDE")?;
    let page = window(args)?;
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    args.finish()?;
    let mut rows: Vec<&Application> = ctx
        .system
        .applications_of(ctx.owner())
        .filter(|a| {
            let name = &a.domain;
            domain.is_none_or(|p| glob(p, name.as_str()) || glob(p, &name.unicode()))
                && class.is_none_or(|p| glob(p, &a.class))
        })
        .collect();
    rows.sort_by_key(|a| a.id);
    match order {
        Some("DOMAIN") => rows.sort_by(|a, b| a.domain.cmp(&b.domain)),
        Some("FINALIZATIONDATE") => rows.sort_by_key(|a| a.updated),
        _ => {}
    }
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::with_room(12 + rows.len() * LIST.len(), 256);
    columns(&mut response, LIST);
    response.push("count", rows.len());
    for application in &rows {
        response
            .push("application", application.id)
            .push_str("class", &application.class)
            .push("created date", Dot0(application.created))
            .push_str("domain", application.domain.as_str())
            .push_str("status", application.status.text())
            .push("updated date", Dot0(application.updated));
    }
    push_window(&mut response, page, rows.len(), total);
    Ok(response)
}
