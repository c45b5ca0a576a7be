//! QueryDomainList `VERSION=2`'s application rows: the caller's domain
//! applications (AddDomainApplication) as `DOMAINAPPLICATION` objects
//! beside the domains, when the request names object classes (the WHMCS
//! module's premium application lookup: `OBJECTCLASS=DOMAINAPPLICATION`,
//! `SUBCLASSREGEX=^PREMIUM_.*$`, reading STATUS). Without such a filter the
//! list stays domains only, so that a lookup by DOMAIN (the module's lock
//! check reads row 0's TRANSFERLOCK) never finds an application first.
//! Chooses, merges, sorts and writes these rows; the domain rows and their
//! columns are `list.rs`'s and `list_columns.rs`'s. Reads only.

use super::filter::{APPLICATION_CLASS, Filter};
use super::list_columns::Row;
use crate::command::Ctx;
use crate::command::list::{OrderBy, UserDepth};
use crate::registry::{Application, System, Timestamp};
use crate::wire::Response;

/// One row of a version 2 list.
pub(super) enum Listed<'a> {
    Domain(Row<'a>),
    Application(&'a Application),
}

/// The applications of the accounts `depth` names that pass `filter`,
/// when the filter names object classes (none otherwise).
pub(super) fn application_rows<'a>(
    ctx: &'a Ctx<'_>,
    filter: &Filter<'_>,
    depth: UserDepth,
) -> Vec<&'a Application> {
    if !filter.names_classes() {
        return Vec::new();
    }
    let owners = depth.owners(ctx.system, ctx.owner());
    owners
        .iter()
        .flat_map(|owner| ctx.system.applications_of(owner))
        .filter(|application| filter.admits_application(application))
        .collect()
}

/// The sort key of a row under ORDERBY `key`: a date (none for an
/// application's expiration: it sorts first), then the object id.
fn key(row: &Listed<'_>, key: &str) -> (Option<Timestamp>, String) {
    let (id, description, created, updated, expiration) = match row {
        Listed::Domain(row) => (
            row.domain.name.to_string(),
            row.domain.name.unicode().into_owned(),
            row.domain.created,
            row.domain.updated,
            Some(row.dates.expiration),
        ),
        Listed::Application(application) => (
            application.id.to_string(),
            application.domain.unicode().into_owned(),
            application.created,
            application.updated,
            None,
        ),
    };
    match key {
        "DESCRIPTION" => (None, description),
        "CREATEDDATE" => (Some(created), id),
        "UPDATEDDATE" => (Some(updated), id),
        "EXPIRATIONDATE" => (expiration, id),
        _ => (None, id),
    }
}

/// The domain rows (sorted already) and the application rows as one list
/// in `order`. Only a list with applications is gathered and sorted again;
/// the usual one, domains only, passes through as it is, to be paged.
pub(super) fn merge<'a>(
    domains: Vec<Row<'a>>,
    applications: Vec<&'a Application>,
    order: OrderBy,
) -> Box<dyn Iterator<Item = Listed<'a>> + 'a> {
    let domains = domains.into_iter().map(Listed::Domain);
    if applications.is_empty() {
        return Box::new(domains);
    }
    let mut rows: Vec<Listed<'a>> = domains.collect();
    rows.extend(applications.into_iter().map(Listed::Application));
    rows.sort_by_cached_key(|row| key(row, order.key));
    if order.descending {
        rows.reverse();
    }
    Box::new(rows.into_iter())
}

/// An application row without WIDE: class and id, and empty price
/// columns where PROPERTIES=PRICE asks for them (as a domain row's).
pub(super) fn push_short(response: &mut Response, application: &Application, priced: bool) {
    if priced {
        response.push("CURRENCY", "");
    }
    response
        .push("OBJECTCLASS", APPLICATION_CLASS)
        .push("OBJECTID", application.id);
    if priced {
        response
            .push("RENEWALGROSSPRICE", "")
            .push("RENEWALPRICE", "")
            .push("VAT", "");
    }
}

/// An application row with WIDE=1: the columns of a domain row
/// (`list_columns::push_v2`), in its order, with what an application has
/// (contacts, nameservers, dates, STATUS, its class as SUBCLASS) and the
/// rest empty.
pub(super) fn push_wide(
    response: &mut Response,
    application: &Application,
    priced: bool,
    system: &System,
    view: &str,
) {
    let [owner, admin, tech, billing] = &application.contacts;
    response
        .push("ACCOUNTINGDATE", "")
        .push("ADMINCONTACT", admin)
        .push("AUTH", "")
        .push("BILLINGCONTACT", billing)
        .push("CLAIMKEY", "")
        .push("CREATEDDATE", application.created.datetime());
    if priced {
        response.push("CURRENCY", "");
    }
    response
        .push("DESCRIPTION", application.domain.unicode())
        .push("EXPIRATIONDATE", "")
        .push("FAILUREDATE", "")
        .push("FINALIZATIONDATE", "")
        .push("INTERNALNAMESERVER", "")
        .push("INVALIDPARAMETER", "")
        .push("MISSINGPARAMETER", "")
        .push("NAMESERVER", application.nameservers.join(" "))
        .push("NEXTACTION", "")
        .push("NEXTACTIONDATE", "")
        .push("OBJECTCLASS", APPLICATION_CLASS)
        .push("OBJECTID", application.id)
        .push("OWNERCONTACT", owner)
        .push("PAIDUNTILDATE", "")
        .push("PARENTUSER", system.parent_of(&application.owner))
        .push("PEERUSER", system.peer_chain(view, &application.owner))
        .push("PREPAIDPERIOD", "");
    if priced {
        response.push("RENEWALGROSSPRICE", "");
    }
    response.push("RENEWALMODE", "").push("RENEWALPERIOD", "");
    if priced {
        response.push("RENEWALPRICE", "");
    }
    response
        .push("REPOSITORY", "")
        .push("ROID", "")
        .push("STATUS", application.status.text())
        .push("SUBCLASS", &application.class)
        .push("TECHCONTACT", tech)
        .push("TRANSFERDATE", "")
        .push("TRANSFERLOCK", "")
        .push("UPDATEDDATE", application.updated.datetime())
        .push("USER", &application.owner);
    if priced {
        response.push("VAT", "");
    }
    response
        .push("X-ACCEPT-WHOISTRUSTEE-TAC", "")
        .push("X-ACCEPT-WHOISTRUSTEELITE-TAC", "");
}
