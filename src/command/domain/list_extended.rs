//! QueryExtendedDomainList: QueryDomainList's rows (`list::rows`: the same
//! filters, `filter::EXTENDED`, paging and sort keys) with the extended
//! command's columns: whether the row is an assigned domain or a transfer,
//! its DNS zone and the zone's `www` target, hosts, registrar dates and
//! whether it has expired. Reads only; must not choose rows itself.

use super::filter::{EXTENDED, Filter, renewal_word};
use super::list::{DEFAULT_LIMIT, rows};
use super::list_columns::{Optional, Row};
use super::status::{next_action, prepaid};
use crate::command::list::{OrderBy, Page, UserDepth};
use crate::command::transfer::REGISTRAR;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::zone::SANDBOX_NAMESERVER_LIST;
use crate::registry::{DateTime, Domain, Role, System, Timestamp};
use crate::wire::Response;

/// The sort keys of the reference, each optionally followed by DESC.
const ORDER_KEYS: [&str; 10] = [
    "DOMAIN",
    "SUBCLASS",
    "USER",
    "CREATEDDATE",
    "UPDATEDDATE",
    "REGISTRATIONEXPIRATIONDATE",
    "REGISTRAR",
    "EXPIRATIONDATE",
    "PAIDUNTILDATE",
    "NEXTACTIONDATE",
];

/// Lists the caller's domains with the extended columns, paged.
///
/// ```text
/// COMMAND   = QueryExtendedDomainList
/// WIDE      = 0 | 1            (1: every column)
/// FIRST, LIMIT                 (paging, LIMIT default 1000)
/// ORDERBY   = DOMAIN, SUBCLASS, USER, CREATEDDATE, UPDATEDDATE, REGISTRATIONEXPIRATIONDATE,
///             REGISTRAR, EXPIRATIONDATE, PAIDUNTILDATE, NEXTACTIONDATE (each + DESC)
/// USERDEPTH = SELF | SUBUSER | ALL
/// ASSIGNED  = 1                (0, the pending transfers and trades, is refused: 541)
/// DOMAIN, DOMAINSUBCLASS (e.g. COM.), OWNER/ADMIN/TECH/BILLINGCONTACT, NAMESERVER,
/// STATUS = <pattern with *>
/// MIN/MAX CREATEDDATE, UPDATEDDATE, REGISTRATIONEXPIRATIONDATE, TRANSFERDATE
/// X-TRUSTEE = 0 | 1, RENEWALMODE = (AUTO)EXPIRE | (AUTO)DELETE | (AUTO)RENEW
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[ASSIGNED|DNSZONE|DOMAIN|TRANSFER|USER|X-EXPIRED][n]
/// WIDE=1: + DNSZONE*, DOMAIN* columns, PARENTUSER, PEERUSER
/// ```
pub(in crate::command) fn query_extended_domain_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    if args.flag("ASSIGNED")? == Some(false) {
        return Err(Error::invalid(
            "ASSIGNED",
            "(0) pending transfers and trades are no list rows in the sandbox; \
             QueryTransferList and StatusDomainTrade show them",
        ));
    }
    let order = OrderBy::read(args, &ORDER_KEYS)?;
    let filter = Filter::read(args, &EXTENDED)?;
    args.finish()?;
    let (rows, mut response) = page.respond(rows(ctx, &filter, depth, order)?.into_iter());
    let (system, view, now) = (&*ctx.system, ctx.owner(), ctx.now);
    for row in &rows {
        match wide {
            true => push_wide(&mut response, row, system, view, now),
            false => push_short(&mut response, row, system, now),
        }
    }
    Ok(response)
}

/// The DNS zone of the domain's name if its holder holds it: whether it
/// exists, and the type and data of its first `www` record (the web
/// target: an address, or an `X-HTTP` forwarding's URL).
fn zone_columns<'s>(system: &'s System, domain: &Domain) -> (u8, &'s str, &'s str) {
    let zone = system
        .zone(domain.name.as_str())
        .filter(|zone| zone.owner == domain.owner());
    let www = format!("www.{}", domain.name.as_str());
    let node = zone.and_then(|zone| zone.records.node(&www));
    let record = node.and_then(|node| node.iter().next());
    let (kind, data) = record.map_or(("", ""), |(kind, set)| {
        (kind.as_str(), set.data.first().map_or("", String::as_str))
    });
    (u8::from(zone.is_some()), kind, data)
}

/// `1` once the registration has expired, else empty (the reference's `NULL`).
fn expired(row: &Row<'_>, now: Timestamp) -> &'static str {
    if now >= row.dates.expiration { "1" } else { "" }
}

/// Without `WIDE`: the name and the extended command's own markers.
fn push_short(response: &mut Response, row: &Row<'_>, system: &System, now: Timestamp) {
    let (zone, _, _) = zone_columns(system, row.domain);
    response
        .push("ASSIGNED", 1)
        .push("DNSZONE", zone)
        .push("DOMAIN", &row.domain.name)
        .push("TRANSFER", 0)
        .push("USER", &row.domain.owner)
        .push("X-EXPIRED", expired(row, now));
}

/// The handles of a role, space-separated (one cell).
fn handles(domain: &Domain, role: Role) -> String {
    domain.contacts(role).join(" ")
}

/// The domain's hosts, space-separated: its attribute hosts, then the host
/// objects under it that its holder holds.
fn hosts(system: &System, domain: &Domain) -> String {
    let attribute = domain
        .hosts()
        .iter()
        .filter_map(|line| line.split(' ').next());
    let objects = system
        .hosts_under(domain.name.as_str())
        .filter(|host| host.owner == domain.owner())
        .map(|host| host.name.as_str());
    attribute.chain(objects).collect::<Vec<_>>().join(" ")
}

/// `WIDE=1`: every column of the reference's example, in its order.
fn push_wide(response: &mut Response, row: &Row<'_>, system: &System, view: &str, now: Timestamp) {
    let (domain, dates) = (row.domain, &row.dates);
    let (zone, www_type, www_data) = zone_columns(system, domain);
    let (action, when) = next_action(domain, dates);
    let transferred = DateTime(domain.transferred());
    let internal = if domain.internal_dns {
        SANDBOX_NAMESERVER_LIST
    } else {
        ""
    };
    response
        .push("ASSIGNED", 1)
        .push("DNSZONE", zone)
        .push("DNSZONECONFIGCLASS", "")
        .push("DNSZONEWWWTARGETDATA", www_data)
        .push("DNSZONEWWWTARGETTYPE", www_type)
        .push("DOMAIN", &domain.name)
        .push("DOMAINACCOUNTINGDATE", dates.accounting.datetime())
        .push("DOMAINADMINCONTACT", handles(domain, Role::Admin))
        .push("DOMAINAUTH", &domain.auth)
        .push("DOMAINBILLINGCONTACT", handles(domain, Role::Billing))
        .push("DOMAINCONFIGCLASS", "")
        .push("DOMAINCREATEDBY", domain.created_by())
        .push("DOMAINCREATEDDATE", domain.created.datetime())
        .push("DOMAINEXPIRATIONDATE", dates.expiration.datetime())
        .push("DOMAINFAILUREDATE", dates.failure.datetime())
        .push("DOMAINFINALIZATIONDATE", dates.finalization.datetime())
        .push("DOMAINHOST", hosts(system, domain))
        .push("DOMAININTERNALNAMESERVER", internal)
        .push("DOMAINNAMESERVER", domain.nameservers.join(" "))
        .push("DOMAINNEXTACTION", action)
        .push("DOMAINNEXTACTIONDATE", when)
        .push("DOMAINOWNERCONTACT", handles(domain, Role::Owner))
        .push("DOMAINPAIDUNTILDATE", dates.paid_until.datetime())
        .push("DOMAINPREPAIDPERIOD", prepaid(domain))
        .push("DOMAINREGISTRAR", REGISTRAR)
        .push("DOMAINREGISTRARTRANSFERDATE", transferred)
        .push("DOMAINREGISTRARUPDATEDDATE", domain.updated.datetime())
        .push(
            "DOMAINREGISTRATIONEXPIRATIONDATE",
            dates.expiration.datetime(),
        )
        .push(
            "DOMAINRENEWALMODE",
            renewal_word(domain).to_ascii_lowercase(),
        )
        .push("DOMAINRENEWALPERIOD", Optional(row.renewal_period))
        .push("DOMAINSTATUS", row.statuses.join(" "))
        .push("DOMAINSUBCLASS", row.subclass)
        .push("DOMAINTECHCONTACT", handles(domain, Role::Tech))
        .push("DOMAINTRANSFERDATE", transferred)
        .push("DOMAINTRANSFERLOCK", u8::from(domain.transfer_lock))
        .push("DOMAINUMLAUT", domain.name.unicode())
        .push("DOMAINUPDATEDBY", domain.updated_by())
        .push("DOMAINUPDATEDDATE", domain.updated.datetime())
        .push("PARENTUSER", system.parent_of(&domain.owner))
        .push("PEERUSER", system.peer_chain(view, &domain.owner))
        .push("TRANSFER", 0)
        .push("USER", &domain.owner)
        .push("X-EXPIRED", expired(row, now));
}
