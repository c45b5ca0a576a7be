//! QueryDomainList, version 1 and `VERSION=2` with its own columns and sort
//! keys (QueryExtendedDomainList, `list_extended.rs`, shares its rows). Walks only the caller's domains (the owner index), or looks up the
//! few names the filters allow; filters (`filter.rs`), sorts and pages them,
//! and has `list_columns.rs` write the rows. Reads only. QueryObjectList
//! lives in `objects.rs`.

use super::args::zone_of;
use super::filter::{Filter, VERSION1, VERSION2};
use super::list_applications::{Listed, application_rows, merge, push_short, push_wide};
use super::list_columns::{Price, Row, push_v1, push_v1_short, push_v2, push_v2_short};
use super::status::{Dates, statuses, subclass};
use crate::command::list::{OrderBy, Page, UserDepth};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Domain, lifecycle};
use crate::wire::Response;

/// Rows per page when LIMIT is absent (QueryExtendedDomainList's too).
pub(super) const DEFAULT_LIMIT: usize = 1000;

/// The caller's domains that pass `filter`, sorted by `order` (the sort
/// keys of QueryDomainList and QueryExtendedDomainList).
pub(super) fn rows<'a>(
    ctx: &'a Ctx<'_>,
    filter: &Filter<'_>,
    depth: UserDepth,
    order: OrderBy,
) -> Result<Vec<Row<'a>>> {
    let mut rows = Vec::new();
    let exact = filter.exact_names();
    let owners = depth.owners(ctx.system, ctx.owner());
    let candidates: Box<dyn Iterator<Item = &Domain>> = match &exact {
        Some(names) => Box::new(
            names
                .iter()
                .filter_map(|name| ctx.system.domain(name))
                .filter(|domain| owners.contains(&domain.owner.as_str())),
        ),
        None => Box::new(owners.iter().flat_map(|owner| ctx.system.domains_of(owner))),
    };
    for domain in candidates {
        let tld = zone_of(&domain.name)?;
        let row = Row {
            domain,
            tld,
            dates: Dates::of(domain, tld),
            subclass: subclass(domain, tld),
            repository: tld.repository,
            renewal_period: domain
                .renewal_period()
                .or(tld.renewal_periods.first().copied()),
            statuses: statuses(ctx.system, domain, tld, ctx.now),
        };
        if filter.admits(
            domain,
            &row.dates,
            row.subclass,
            row.repository,
            &row.statuses,
        ) {
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
        "DOMAINSUBCLASS" | "SUBCLASS" => rows.sort_by(|a, b| a.subclass.cmp(b.subclass)),
        "NEXTACTIONDATE" => {
            rows.sort_by_key(|row| lifecycle::next_action(row.domain, &row.dates).1)
        }
        "CREATEDDATE" => rows.sort_by_key(|row| row.domain.created),
        "UPDATEDDATE" => rows.sort_by_key(|row| row.domain.updated),
        "PAIDUNTILDATE" => rows.sort_by_key(|row| row.dates.paid_until),
        "STATUS" => rows.sort_by_key(|row| row.statuses.join(" ")),
        _ => rows.sort_by_key(|row| row.dates.expiration),
    }
    if order.descending {
        rows.reverse();
    }
    Ok(rows)
}

/// What `PROPERTIES` asks for: whether the renewal price columns are
/// shown. Words separated by blanks or commas, any case. Version 1 knows
/// `RENEWALPRICE`; version 2 `PRICE` (and `RENEWALPRICE`, the word its
/// property table uses for the same columns) and `TRANSFER`, which otebox
/// refuses (`541`): its pending transfers are no list rows. Another word is
/// `506`, as an ORDERBY outside its set.
fn read_properties(args: &mut Args<'_>, version2: bool) -> Result<bool> {
    let Some(text) = args.optional("PROPERTIES") else {
        return Ok(false);
    };
    let mut price = false;
    for word in text.split([' ', ',']).filter(|word| !word.is_empty()) {
        match (version2, word.to_ascii_uppercase().as_str()) {
            (false, "RENEWALPRICE") | (true, "PRICE" | "RENEWALPRICE") => price = true,
            (true, "TRANSFER") => {
                return Err(Error::invalid(
                    "PROPERTIES",
                    "(TRANSFER) the transfer properties are not listed by the sandbox; \
                     StatusDomainTransfer and QueryTransferList show pending transfers",
                ));
            }
            _ => {
                return Err(Error::InvalidOption(format!(
                    "PROPERTIES: ({word}) is not {}",
                    if version2 {
                        "PRICE or TRANSFER"
                    } else {
                        "RENEWALPRICE"
                    }
                )));
            }
        }
    }
    Ok(price)
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
/// NOTOTAL, UNIQUE = 0 | 1      (accepted; TOTAL is always returned, rows are unique)
/// PROPERTIES = v1: RENEWALPRICE; v2: PRICE (TRANSFER is refused)
/// DOMAIN, USER, REPOSITORY, STATUS, OWNER/ADMIN/TECH/BILLINGCONTACT = <pattern with *>
/// v1: DOMAINSUBCLASS (e.g. COM.), NAMESERVER, OBJECTCLASS = <pattern>; NAMESERVER0..n = <host> (any of)
/// v2: OBJECTID, OBJECTCLASS, DESCRIPTION, SUBCLASS, CONTACT (any role) = <pattern>;
///     DOMAIN0..n = <name> (only these); DOMAIN, OBJECTCLASS, SUBCLASS, STATUS
///     + REGEX / REGEXNOT = <regular expression>
/// TRANSFERLOCK, X-ACCEPT-WHOISTRUSTEE-TAC, X-ACCEPT-WHOISTRUSTEELITE-TAC = 0 | 1
/// RENEWALMODE = (AUTO)EXPIRE | (AUTO)DELETE | (AUTO)RENEW (what the acting mode does:
///               DEFAULT as the account default the domain was registered with)
/// MIN/MAX CREATEDDATE, UPDATEDDATE, EXPIRATIONDATE, PAIDUNTILDATE,
///         REGISTRATIONEXPIRATIONDATE (v1) = YYYY-MM-DD[ hh:mm:ss]
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// v1: PROPERTY[DOMAIN][n] (+ DOMAIN* columns with WIDE=1)
/// v2: PROPERTY[OBJECTCLASS][n], PROPERTY[OBJECTID][n] (+ the VERSION=2 columns with WIDE=1);
///     with an OBJECTCLASS filter also the caller's applications (DOMAINAPPLICATION rows,
///     OBJECTID the application id, SUBCLASS its class, STATUS REQUESTED/SUCCESSFUL/FAILED)
/// with PROPERTIES: + PROPERTY[CURRENCY|RENEWALGROSSPRICE|RENEWALPRICE|VAT][n]
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
    let priced = read_properties(args, version2)?;
    let (keys, accepted): (&[&'static str], _) = if version2 {
        (
            &[
                "OBJECTID",
                "DESCRIPTION",
                "CREATEDDATE",
                "UPDATEDDATE",
                "EXPIRATIONDATE",
            ],
            &VERSION2,
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
            &VERSION1,
        )
    };
    let order = OrderBy::read(args, keys)?;
    let filter = Filter::read(args, accepted)?;
    args.finish()?;
    let domains = rows(ctx, &filter, depth, order)?;
    let applications = match version2 {
        true => application_rows(ctx, &filter, depth),
        false => Vec::new(),
    };
    let (rows, mut response) = page.respond(merge(domains, applications, order));
    let (system, view) = (&*ctx.system, ctx.owner());
    for row in &rows {
        let row = match row {
            Listed::Domain(row) => row,
            Listed::Application(application) if wide => {
                push_wide(&mut response, application, priced, system, view);
                continue;
            }
            Listed::Application(application) => {
                push_short(&mut response, application, priced);
                continue;
            }
        };
        let price = priced.then(|| Price::of(system, row));
        let price = price.as_ref();
        match (version2, wide) {
            (false, false) => push_v1_short(&mut response, row, price),
            (false, true) => push_v1(&mut response, row, price, system, view),
            (true, false) => push_v2_short(&mut response, row, price),
            (true, true) => push_v2(&mut response, row, price, system, view),
        }
    }
    Ok(response)
}
