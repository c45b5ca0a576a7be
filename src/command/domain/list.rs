//! QueryDomainList, version 1 and `VERSION=2` with its own columns and sort
//! keys. Walks only the caller's domains (the owner index); filters, sorts
//! and pages them. Reads only. QueryObjectList lives in `objects.rs`.

use super::args::zone_of;
use super::filter::{Filter, renewal_word};
use super::status::{Dates, next_action, prepaid, statuses, subclass};
use crate::command::list::{OrderBy, Page, UserDepth};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::zone::SANDBOX_NAMESERVER_LIST;
use crate::registry::{DateTime, Domain, Period, Role, System};
use crate::wire::Response;

/// Rows per page when LIMIT is absent.
const DEFAULT_LIMIT: usize = 1000;

/// One listed domain with what its columns and sort keys need.
struct Row<'a> {
    domain: &'a Domain,
    dates: Dates,
    subclass: &'a str,
    repository: &'static str,
    renewal_period: Option<Period>,
}

/// A period, or nothing, written straight into the response.
struct OptionalPeriod(Option<Period>);

impl std::fmt::Display for OptionalPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(period) => period.fmt(f),
            None => Ok(()),
        }
    }
}

/// The caller's domains that pass `filter`, sorted by `order`.
fn rows<'a>(
    ctx: &'a Ctx<'_>,
    filter: &Filter<'_>,
    depth: UserDepth,
    order: OrderBy,
) -> Result<Vec<Row<'a>>> {
    let mut rows = Vec::new();
    let exact = filter.exact_name();
    let owners = depth.owners(ctx.system, ctx.owner());
    let candidates: Box<dyn Iterator<Item = &Domain>> = match &exact {
        Some(name) => Box::new(
            ctx.system
                .domain(name)
                .filter(|domain| owners.contains(&domain.owner.as_str()))
                .into_iter(),
        ),
        None => Box::new(owners.iter().flat_map(|owner| ctx.system.domains_of(owner))),
    };
    for domain in candidates {
        let tld = zone_of(&domain.name)?;
        let row = Row {
            domain,
            dates: Dates::of(domain, tld),
            subclass: subclass(domain, tld),
            repository: tld.repository,
            renewal_period: domain
                .renewal_period()
                .or(tld.renewal_periods.first().copied()),
        };
        if filter.admits(domain, &row.dates, row.subclass, row.repository) {
            rows.push(row);
        }
    }
    if owners.len() > 1 {
        // Each owner's names come sorted; several owners need one order.
        rows.sort_by(|a, b| a.domain.name.as_str().cmp(b.domain.name.as_str()));
    }
    match order.key {
        "DOMAIN" | "OBJECTID" | "DESCRIPTION" | "REGISTRAR" => {}
        "USER" => rows.sort_by(|a, b| a.domain.owner.cmp(&b.domain.owner)),
        "DOMAINSUBCLASS" => rows.sort_by(|a, b| a.subclass.cmp(b.subclass)),
        "CREATEDDATE" => rows.sort_by_key(|row| row.domain.created),
        "UPDATEDDATE" => rows.sort_by_key(|row| row.domain.updated),
        "PAIDUNTILDATE" => rows.sort_by_key(|row| row.dates.paid_until),
        "STATUS" => rows.sort_by_key(|row| statuses(row.domain).join(" ")),
        _ => rows.sort_by_key(|row| row.dates.expiration),
    }
    if order.descending {
        rows.reverse();
    }
    Ok(rows)
}

/// Lists the caller's domains, paged (protocol.md §4).
///
/// ```text
/// COMMAND   = QueryDomainList
/// VERSION   = 1 | 2            (optional, 1)
/// WIDE      = 0 | 1            (1: every column)
/// FIRST, LIMIT                 (paging, LIMIT default 1000, at most 10000)
/// ORDERBY   = v1: DOMAIN, DOMAINSUBCLASS, USER, CREATEDDATE, UPDATEDDATE, EXPIRATIONDATE,
///             REGISTRATIONEXPIRATIONDATE, PAIDUNTILDATE, STATUS, REGISTRAR;
///             v2: OBJECTID, DESCRIPTION, CREATEDDATE, UPDATEDDATE, EXPIRATIONDATE;
///             each optionally followed by DESC
/// USERDEPTH = SELF | SUBUSER | ALL
/// NOTOTAL   = 0 | 1            (accepted; TOTAL is always returned)
/// DOMAIN, OBJECTID (v2), DESCRIPTION (v2), SUBCLASS (v2), DOMAINSUBCLASS (v1, e.g. COM.),
/// SUBCLASSREGEX (v2; the anchored forms WHMCS sends, `^PREMIUM_.+$`),
/// USER, REPOSITORY, NAMESERVER, STATUS, OWNER/ADMIN/TECH/BILLINGCONTACT = <pattern with *>
/// TRANSFERLOCK, X-ACCEPT-WHOISTRUSTEE-TAC = 0 | 1
/// RENEWALMODE = (AUTO)EXPIRE | (AUTO)DELETE | (AUTO)RENEW
/// MIN/MAX CREATEDDATE, UPDATEDDATE, EXPIRATIONDATE, PAIDUNTILDATE,
///         REGISTRATIONEXPIRATIONDATE (v1) = YYYY-MM-DD[ hh:mm:ss]
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// v1: PROPERTY[DOMAIN][n] (+ DOMAIN* columns with WIDE=1)
/// v2: PROPERTY[OBJECTCLASS][n], PROPERTY[OBJECTID][n] (+ the VERSION=2 columns with WIDE=1)
/// ```
pub(in crate::command) fn query_domain_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let version2 = match args.optional("VERSION") {
        None | Some("1") => false,
        Some("2") => true,
        Some(other) => {
            return Err(Error::invalid(
                "VERSION",
                format_args!("({other}) is not 1 or 2"),
            ));
        }
    };
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let page = Page::read(args, DEFAULT_LIMIT)?;
    args.flag("NOTOTAL")?;
    args.flag("UNIQUE")?;
    let depth = UserDepth::read(args, UserDepth::SelfOnly)?;
    let (keys, patterns, dates): (&[&'static str], &[&'static str], &[&'static str]) = if version2 {
        (
            &[
                "OBJECTID",
                "DESCRIPTION",
                "CREATEDDATE",
                "UPDATEDDATE",
                "EXPIRATIONDATE",
            ],
            &[
                "DOMAIN",
                "OBJECTID",
                "DESCRIPTION",
                "SUBCLASS",
                "SUBCLASSREGEX",
                "USER",
                "REPOSITORY",
                "STATUS",
                "OWNERCONTACT",
                "ADMINCONTACT",
                "TECHCONTACT",
                "BILLINGCONTACT",
            ],
            &[
                "CREATEDDATE",
                "UPDATEDDATE",
                "EXPIRATIONDATE",
                "PAIDUNTILDATE",
            ],
        )
    } else {
        (
            &[
                "DOMAIN",
                "DOMAINSUBCLASS",
                "USER",
                "CREATEDDATE",
                "UPDATEDDATE",
                "EXPIRATIONDATE",
                "REGISTRATIONEXPIRATIONDATE",
                "PAIDUNTILDATE",
                "STATUS",
                "REGISTRAR",
            ],
            &[
                "DOMAIN",
                "DOMAINSUBCLASS",
                "USER",
                "REPOSITORY",
                "NAMESERVER",
                "STATUS",
                "OWNERCONTACT",
                "ADMINCONTACT",
                "TECHCONTACT",
                "BILLINGCONTACT",
            ],
            &[
                "CREATEDDATE",
                "UPDATEDDATE",
                "EXPIRATIONDATE",
                "PAIDUNTILDATE",
                "REGISTRATIONEXPIRATIONDATE",
            ],
        )
    };
    let order = OrderBy::read(args, keys)?;
    let filter = Filter::read(args, patterns, dates)?;
    args.finish()?;
    let rows = rows(ctx, &filter, depth, order)?;
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::ok();
    page.push_counters(&mut response, rows.len(), total);
    let (system, view) = (&*ctx.system, ctx.owner());
    for row in &rows {
        match (version2, wide) {
            (false, false) => {
                response.push("DOMAIN", &row.domain.name);
            }
            (false, true) => push_v1(&mut response, row),
            (true, false) => {
                response
                    .push("OBJECTCLASS", "DOMAIN")
                    .push("OBJECTID", &row.domain.name);
            }
            (true, true) => push_v2(&mut response, row, system, view),
        }
    }
    Ok(response)
}

/// The handles of a role, space-separated (one cell).
fn handles(domain: &Domain, role: Role) -> String {
    domain.contacts[role.index()].join(" ")
}

fn push_v1(response: &mut Response, row: &Row<'_>) {
    let (domain, dates) = (row.domain, &row.dates);
    let (action, when) = next_action(domain, dates);
    response
        .push("DOMAIN", &domain.name)
        .push("DOMAINACCOUNTINGDATE", dates.accounting.datetime())
        .push("DOMAINADMINCONTACT", handles(domain, Role::Admin))
        .push("DOMAINAUTH", &domain.auth)
        .push("DOMAINBILLINGCONTACT", handles(domain, Role::Billing))
        .push("DOMAINCREATEDBY", &domain.created_by)
        .push("DOMAINCREATEDDATE", domain.created.datetime())
        .push("DOMAINEXPIRATIONDATE", dates.expiration.datetime())
        .push("DOMAINFAILUREDATE", dates.failure.datetime())
        .push("DOMAINFINALIZATIONDATE", dates.finalization.datetime())
        .push("DOMAINNAMESERVER", domain.nameservers.join(" "))
        .push("DOMAINNEXTACTION", action)
        .push("DOMAINNEXTACTIONDATE", when)
        .push("DOMAINOWNERCONTACT", handles(domain, Role::Owner))
        .push("DOMAINPAIDUNTILDATE", dates.paid_until.datetime())
        .push("DOMAINPREPAIDPERIOD", prepaid(domain))
        .push(
            "DOMAINREGISTRATIONEXPIRATIONDATE",
            dates.expiration.datetime(),
        )
        .push("DOMAINRENEWALMODE", domain.renewal_mode.as_str())
        .push("DOMAINREPOSITORY", row.repository)
        .push("DOMAINSTATUS", statuses(domain).join(" "))
        .push("DOMAINSUBCLASS", row.subclass)
        .push("DOMAINTECHCONTACT", handles(domain, Role::Tech))
        .push("DOMAINTRANSFERDATE", DateTime(domain.transferred()))
        .push("DOMAINTRANSFERLOCK", u8::from(domain.transfer_lock))
        .push("DOMAINUMLAUT", domain.name.unicode())
        .push("DOMAINUPDATEDBY", &domain.updated_by)
        .push("DOMAINUPDATEDDATE", domain.updated.datetime())
        .push("USER", &domain.owner)
        .push("X-ACCEPT-WHOISTRUSTEE-TAC", u8::from(domain.id_protection));
}

/// `PARENTUSER` is the owner's parent, `PEERUSER` the `s_user` chain from
/// the view to the owner (empty for the view's own domains).
fn push_v2(response: &mut Response, row: &Row<'_>, system: &System, view: &str) {
    let (domain, dates) = (row.domain, &row.dates);
    let (action, when) = next_action(domain, dates);
    response
        .push("ACCOUNTINGDATE", dates.accounting.datetime())
        .push("ADMINCONTACT", handles(domain, Role::Admin))
        .push("AUTH", &domain.auth)
        .push("BILLINGCONTACT", handles(domain, Role::Billing))
        .push("CLAIMKEY", "")
        .push("CREATEDDATE", domain.created.datetime())
        .push("DESCRIPTION", domain.name.unicode())
        .push("EXPIRATIONDATE", dates.expiration.datetime())
        .push("FAILUREDATE", dates.failure.datetime())
        .push("FINALIZATIONDATE", dates.finalization.datetime())
        .push(
            "INTERNALNAMESERVER",
            if domain.internal_dns {
                SANDBOX_NAMESERVER_LIST
            } else {
                ""
            },
        )
        .push("INVALIDPARAMETER", "")
        .push("MISSINGPARAMETER", "")
        .push("NAMESERVER", domain.nameservers.join(" "))
        .push("NEXTACTION", action)
        .push("NEXTACTIONDATE", when)
        .push("OBJECTCLASS", "DOMAIN")
        .push("OBJECTID", &domain.name)
        .push("OWNERCONTACT", handles(domain, Role::Owner))
        .push("PAIDUNTILDATE", dates.paid_until.datetime())
        .push("PARENTUSER", system.parent_of(&domain.owner))
        .push("PEERUSER", system.peer_chain(view, &domain.owner))
        .push("PREPAIDPERIOD", prepaid(domain))
        .push(
            "RENEWALMODE",
            renewal_word(domain.renewal_mode).to_ascii_lowercase(),
        )
        .push(
            "RENEWALPERIOD",
            format_args!("{}", OptionalPeriod(row.renewal_period)),
        )
        .push("REPOSITORY", row.repository)
        .push("ROID", "")
        .push("STATUS", statuses(domain).join(" "))
        .push("SUBCLASS", row.subclass)
        .push("TECHCONTACT", handles(domain, Role::Tech))
        .push(
            "TRANSFERDATE",
            domain
                .transferred()
                .map(|t| t.datetime().to_string())
                .unwrap_or_default(),
        )
        .push("TRANSFERLOCK", u8::from(domain.transfer_lock))
        .push("UPDATEDDATE", domain.updated.datetime())
        .push("USER", &domain.owner)
        .push("X-ACCEPT-WHOISTRUSTEE-TAC", u8::from(domain.id_protection))
        .push("X-ACCEPT-WHOISTRUSTEELITE-TAC", 0);
}
