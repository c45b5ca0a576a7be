//! Domain applications, HEXONET dialect (the CentralNic Reseller commands,
//! `cnr/application.rs`, file through `file_application`):
//! AddDomainApplication, a premium name registered at once, an aftermarket
//! purchase left pending for the seller's hand-over, or a
//! `.swiss` GOLIVE application left pending for the registry's eligibility
//! review; StatusDomainApplication; DeleteDomainApplication. Registers
//! through `add.rs`'s order and `register`, then files the application
//! (`registry/application.rs`, which keeps its STATUS); a withdrawal is the
//! registry's `withdraw_application` (`creating.rs`); the list is
//! `application_list.rs`, ModifyDomainApplication `application_modify.rs`,
//! an aftermarket purchase `application_purchase.rs`.
//! Must not change a domain beyond what those do.

use rust_decimal::Decimal;

use super::add::{check_order, read_order, register};
use super::application_purchase::{not_the_terms, purchase};
use super::args::check_class;
use super::backorder;
use super::pending::{registered, registered_status};
use super::status::{Dates, push_dates};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::Rule;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::pricing::Action;
use crate::registry::{
    APPLICATION_REVIEW_SECONDS, Application, ApplicationStatus, Availability, Domain, Period, Role,
};
use crate::wire::Response;

/// Files an application: a premium name (the WHMCS premium path,
/// whmcs-module.md §1 #8), PRICE and CURRENCY the one-year premium terms
/// CheckDomains shows, registered at once (§3 step 3: StatusDomain works
/// right away, the application is SUCCESSFUL); or a name of a zone
/// registered by application only (`.swiss`: CLASS=GOLIVE; PRICE and
/// CURRENCY optional, as the WHMCS module sends none, and if given the
/// zone's one-year registration price), charged like a
/// registration and left REQUESTEDCREATE for the registry's review
/// (`APPLICATION_REVIEW_SECONDS`, 24 hours of sandbox time), after which
/// the clock confirms the domain and the application is SUCCESSFUL. A
/// premium name of such a zone (`premium-*.swiss`) takes the premium CLASS
/// and price, and the review too. A slow-registry fault rule leaves either
/// pending (the longer wait wins). An aftermarket name (`aftermarket-*`)
/// with CLASS `AFTERMARKET_PURCHASE_<channel>` and the PRICE and CURRENCY
/// CheckDomains offers is bought: charged at once and left REQUESTEDCREATE
/// for the seller's hand-over (`AFTERMARKET_HANDOVER_SECONDS`), then an
/// ordinary domain; with any other CLASS it is a taken name (`554`).
/// CLASS `BACKORDER` (or `<TLD>_BACKORDER`) files a backorder
/// (`backorder.rs`: NEW, X-BACKORDER-LITE, waiting for the name's drop).
///
/// ```text
/// COMMAND  = AddDomainApplication
/// DOMAIN   = <premium domain | .swiss domain>
/// CLASS    = <PREMIUM_..._A> | GOLIVE | AFTERMARKET_PURCHASE_<channel> | BACKORDER | <TLD>_BACKORDER
/// NEW      = 0 | 1                (backorder: 1 files another of the same account)
/// PRICE    = <one-year price>   (premium: required; GOLIVE: optional)
/// CURRENCY = <its currency>     (premium: required; GOLIVE: optional)
/// PERIOD, contacts, NAMESERVER0..12, AUTH, SECDNS-*, HOST0..n, X-... as AddDomain
///   (.swiss: X-SWISS-OWNER-TYPE = P | O and X-SWISS-UID required)
/// ---
/// PROPERTY[APPLICATION][0] = <application id>
/// PROPERTY[ACCOUNTINGDATE][0] ... PROPERTY[STATUS][0] = ACTIVE (as AddDomain;
///   REQUESTEDCREATE with `; action pending` and PENDING=1 while reviewed)
/// ```
pub(in crate::command) fn add_domain_application(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let price = args.optional("PRICE");
    let currency = args.optional("CURRENCY");
    let flags = backorder::read_flags(args)?;
    let (mut order, class) = read_order(args, ctx)?;
    args.finish()?;
    let Some(class) = class else {
        return Err(Error::missing("CLASS"));
    };
    if let Some(class) = backorder::backorder_class(&class, &order)? {
        let priced = price.is_some() || currency.is_some();
        return backorder::apply(ctx, order, class, flags, priced);
    }
    let price: Option<Decimal> = match price {
        None => None,
        Some(text) => Some(
            text.parse()
                .map_err(|_| Error::syntax_rule("PRICE", text, "must be a decimal amount"))?,
        ),
    };
    let reviewed = match order.tld.rule {
        Rule::Application(wanted) => Some(wanted),
        _ => None,
    };
    let offer = ctx.system.aftermarket_offer(order.name.as_str(), ctx.now);
    if let Some(offer) = offer.filter(|offer| class.eq_ignore_ascii_case(&offer.class)) {
        return purchase(ctx, order, offer, (price, currency));
    }
    // A premium name of a reviewed zone takes the premium terms (and the review).
    let premium = matches!(
        ctx.system.availability(&order.name, ctx.now),
        Availability::Premium(..)
    );
    let golive = reviewed.filter(|_| !premium);
    let (terms, what) = match golive {
        Some(wanted) => {
            check_class(wanted, &class)?;
            check_order(ctx, &mut order, None)?;
            let tld = order.tld;
            // The applicant's own prices (its relations) or the catalogue's.
            let sheet = ctx.system.price_sheet(ctx.owner(), tld);
            let one_year = sheet.price(Action::Register(Period::years(1)));
            (
                (one_year, sheet.currency),
                format!("one-year {wanted} price"),
            )
        }
        None => {
            check_order(ctx, &mut order, Some(&class))?;
            // check_order refuses a CLASS for a name that is not premium.
            let Some(premium) = &order.premium else {
                let why = format_args!("({class}) given, but {} is not a premium name", order.name);
                return Err(Error::invalid("CLASS", why));
            };
            // A premium purchase confirms its price (a GOLIVE application
            // need not: the WHMCS module sends none for .swiss), once its
            // CLASS is right (GOLIVE for a premium .swiss name names the class).
            if price.is_none() {
                return Err(Error::missing("PRICE"));
            }
            if currency.is_none() {
                return Err(Error::missing("CURRENCY"));
            }
            (
                (premium.price, premium.currency),
                "premium price".to_owned(),
            )
        }
    };
    // Given (always, for a premium name), PRICE and CURRENCY must be the
    // terms, each on its own too (a GOLIVE CURRENCY without a PRICE).
    let name = if price.is_some() { "PRICE" } else { "CURRENCY" };
    let currency = currency.unwrap_or(terms.1);
    let price = price.unwrap_or(terms.0.0);
    if price != terms.0.0 || !currency.eq_ignore_ascii_case(terms.1) {
        let sent = (price, currency);
        return Err(not_the_terms(name, sent, &what, terms, &order));
    }
    let class = match (&order.premium, golive) {
        (Some(premium), _) => premium.class.clone(),
        (None, Some(wanted)) => wanted.to_owned(),
        (None, None) => class.to_ascii_uppercase(),
    };
    if reviewed.is_some() {
        ctx.slow = Some(ctx.slow.unwrap_or(0).max(APPLICATION_REVIEW_SECONDS));
    }
    let (tld, period) = (order.tld, order.period);
    let domain = register(ctx, order, "AddDomainApplication")?;
    Ok(file(ctx, &domain, class, period, tld))
}

/// Files the application of the just registered `domain` and answers it.
pub(super) fn file(
    ctx: &mut Ctx<'_>,
    domain: &Domain,
    class: String,
    period: Period,
    tld: &'static crate::registry::catalogue::Tld,
) -> Response {
    let id = file_application(ctx, domain, class, period);
    filed_response(ctx, id, domain, tld)
}

/// Files the application of the just registered `domain` (REQUESTED while
/// `ctx.slow` holds it, else SUCCESSFUL), for either dialect; its id.
pub(in crate::command) fn file_application(
    ctx: &mut Ctx<'_>,
    domain: &Domain,
    class: String,
    period: Period,
) -> u64 {
    let id = ctx.system.next_sequence();
    let status = match ctx.slow {
        Some(_) => ApplicationStatus::Requested,
        None => ApplicationStatus::Successful,
    };
    let first = |role: Role| {
        let handles = domain.contacts(role);
        handles.first().map(|h| h.to_string()).unwrap_or_default()
    };
    let actor = ctx.actor();
    ctx.system.add_application(Application {
        id,
        domain: domain.name.clone(),
        class,
        period,
        contacts: Role::ALL.map(first),
        nameservers: domain.nameservers.clone(),
        owner: ctx.owner().to_owned(),
        created: ctx.now,
        created_by: actor.clone(),
        updated: ctx.now,
        updated_by: actor,
        status,
    });
    id
}

/// AddDomainApplication's answer for application `id` of the just
/// registered `domain`: AddDomain's, with APPLICATION.
pub(super) fn filed_response(
    ctx: &Ctx<'_>,
    id: u64,
    domain: &Domain,
    tld: &'static crate::registry::catalogue::Tld,
) -> Response {
    let mut response = registered(ctx).with("APPLICATION", id);
    push_dates(&mut response, &Dates::of(domain, tld));
    response.push("STATUS", registered_status(ctx));
    response
}

/// The application `text` names, if it is the view's: `505` for an id that
/// is no number, `545` for an unknown one or another account's (the same
/// answer, so nothing tells whether it exists elsewhere), and for one of a
/// subuser below the view (which QueryDomainApplicationList's default
/// USERDEPTH=ALL lists) the `531` StatusDomain gives its domain, naming
/// the holder and the `s_user` that reaches it.
pub(in crate::command) fn own_application<'s>(
    ctx: &'s Ctx<'_>,
    text: &str,
) -> Result<&'s Application> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        let rule = "must be the number AddDomainApplication answered";
        return Err(Error::syntax_rule("APPLICATION", text, rule));
    }
    let id: u64 = text
        .parse()
        .map_err(|_| Error::syntax("APPLICATION", text))?;
    match ctx.system.application(id) {
        Some(application) if application.owner == ctx.owner() => Ok(application),
        Some(application) if ctx.system.in_subtree(ctx.owner(), &application.owner) => {
            let object = format!("APPLICATION {id}");
            Err(ctx.system.not_held(ctx.owner(), &application.owner, object))
        }
        _ => Err(Error::ObjectNotFound(format!(
            "APPLICATION {id} is not an application of your account"
        ))),
    }
}

/// The auth code of the application's domain while its account holds it
/// (empty otherwise, and where the zone issues codes on request).
pub(in crate::command) fn application_auth<'s>(
    ctx: &'s Ctx<'_>,
    application: &Application,
) -> &'s str {
    match ctx.system.domain(application.domain.as_str()) {
        Some(domain) if domain.owner() == application.owner => &domain.auth,
        _ => "",
    }
}

/// Shows one application (StatusDomainApplication, the reference page's
/// properties; SMD is empty: the sandbox holds no launch-phase marks).
/// STATUS is REQUESTED while the domain waits for the registry,
/// SUCCESSFUL once it is registered, FAILED if it never was (WHMCS's sync
/// reads FAILED as Cancelled, SUCCESSFUL as Active).
///
/// ```text
/// COMMAND     = StatusDomainApplication
/// APPLICATION = <id>
/// ---
/// PROPERTY[APPLICATION|AUTH|CLASS|CREATEDBY|CREATEDDATE|DOMAIN|DOMAINUMLAUT][0]
/// PROPERTY[NAMESERVER][0..n]
/// PROPERTY[OWNERCONTACT|ADMINCONTACT|TECHCONTACT|BILLINGCONTACT][0]
/// PROPERTY[PEERUSER|PERIOD|SMD|STATUS|SUBCLASS|UPDATEDBY|UPDATEDDATE|USER][0]
/// ```
pub(in crate::command) fn status_domain_application(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let text = args.required("APPLICATION")?;
    args.finish()?;
    let application = own_application(ctx, text)?;
    Ok(application_response(ctx, application))
}

/// StatusDomainApplication's answer for `application` (ModifyDomainApplication
/// answers the changed application alike).
pub(super) fn application_response(ctx: &Ctx<'_>, application: &Application) -> Response {
    let period = application.period;
    let period = match period.whole_years() {
        Some(years) => years.to_string(),
        None => period.to_string(),
    };
    let mut response = Response::ok();
    response
        .push("APPLICATION", application.id)
        .push("AUTH", application_auth(ctx, application))
        .push("CLASS", &application.class)
        .push("CREATEDBY", &application.created_by)
        .push("CREATEDDATE", application.created.datetime())
        .push("DOMAIN", &application.domain)
        .push("DOMAINUMLAUT", application.domain.unicode());
    for nameserver in &application.nameservers {
        response.push("NAMESERVER", nameserver);
    }
    for role in Role::ALL {
        response.push(role.parameter(), &application.contacts[role.index()]);
    }
    response
        .push("PEERUSER", "")
        .push("PERIOD", period)
        .push("SMD", "")
        .push("STATUS", application.status.text())
        .push("SUBCLASS", &application.class)
        .push("UPDATEDBY", &application.updated_by)
        .push("UPDATEDDATE", application.updated.datetime())
        .push("USER", &application.owner);
    response
}

/// Withdraws one of the caller's applications. While REQUESTED (a `.swiss`
/// GOLIVE application in its review, or one a slow-registry rule holds)
/// the registration is called off: the pending domain removed, its charge
/// refunded, the application gone (StatusDomainApplication then answers
/// `545`). A FAILED application is forgotten; a SUCCESSFUL one is `552`
/// (its domain is registered: DeleteDomain deletes it).
///
/// ```text
/// COMMAND     = DeleteDomainApplication
/// APPLICATION = <id>
/// ---
/// PROPERTY[DOMAIN][0] = <the domain the application was for>
/// ```
pub(in crate::command) fn delete_domain_application(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let text = args.required("APPLICATION")?;
    args.finish()?;
    let id = own_application(ctx, text)?.id;
    let name = ctx.system.withdraw_application(id, ctx.now)?;
    ctx.log(Op::Delete, OpStatus::Successful, name.as_str());
    Ok(Response::ok().with("DOMAIN", name))
}
