//! The CentralNic Reseller QueryDomainList (cnr-commands.md §8, the recorded
//! OT&E paging of cnr-dialect.md A.2.6 and §7.2): the caller's domains,
//! filtered, sorted and paged with CNR's own LIMIT rules. Reads only.

use std::borrow::Cow;

use super::super::domain::shared::{Dates, zone_of};
use super::super::list::{glob, names_match};
use super::super::{Args, Ctx};
use super::domain::status_rows;
use super::domain_renew_list::{read_days, renewal_within};
use super::domain_tags::{self, read_tag_filter, tagged};
use super::{columns, one_of, push_window, window};
use crate::error::Result;
use crate::registry::{Domain, DomainName, Role};
use crate::wire::Response;

/// The columns of `WIDE=1`, in the order a live OT&E answered them (the
/// `rrpproxypy` client's live test asserts this list; cnr-commands.md §8
/// names them). `domaintags` joins the domain's tags with `,`;
/// `domaincomment` is empty: otebox keeps no domain comments.
const WIDE: &[&str] = &[
    "domain",
    "domain idn",
    "roid",
    "domain created date",
    "domain created by",
    "domain updated date",
    "domain updated by",
    "domain registration expiration date",
    "domain renewal date",
    "domain zone",
    "renewalmode",
    "transfermode",
    "domaintags",
    "domaincomment",
];

/// The columns `TYPE=ALL` adds after the wide ones: "the regular domain list
/// including comma separated data of [...] name servers, status and contacts"
/// (KB), named as the ByteInternet `rrpproxy` client reads them.
const ALL: &[&str] = &[
    "domain status",
    "nameserver",
    "ownercontact",
    "admincontact",
    "techcontact",
    "billingcontact",
];

/// The TYPE values the KB lists; those otebox has no dataset for (sub-layer,
/// suspended, renewed, ...) answer an empty list, SHOWGRACE,
/// SHOWTRANSFERLOCK and SHOWRENEW filter.
const TYPES: &[&str] = &[
    "DEFAULT",
    "SHOWGRACE",
    "SHOWRENEW",
    "SHOWRENEWED",
    "SHOWSUBLAYER",
    "SHOWMERGEDLAYER",
    "SHOWSUSPENDED",
    "SHOWUNVERIFIED",
    "SHOWUNVALIDATED",
    "SHOWERRP",
    "SHOWTRANSFERLOCK",
    "SHOWGTLDOWNERTRUSTEESERVICE",
    "ALL",
];

/// The ORDERBY keys the platform documents.
const ORDER_KEYS: &[&str] = &[
    "DOMAIN",
    "DOMAINIDN",
    "DOMAINCREATEDDATE",
    "DOMAINREGISTRATIONEXPIRATIONDATE",
    "DOMAINRENEWALDATE",
    "DOMAINZONE",
    "ZONE",
    "RENEWALMODE",
    "TRANSFERMODE",
    "DOMAINUPDATEDDATE",
    "X-TRANSFERLOCK-UNTIL",
];

/// A DOMAIN filter as the names are stored: a whole Unicode name (no `*`)
/// becomes its ACE form the platform's way ([`DomainName::parse_cnr`], so
/// `faß.com` finds `fass.com`); patterns and other filters stay as given
/// (matched in ACE and Unicode form, Unicode letters in any case, as
/// HEXONET's lists match them: `list::names_match`).
pub(super) fn ace_pattern<'a>(name: &str, value: &'a str) -> Cow<'a, str> {
    if name != "DOMAIN" || value.is_ascii() || value.contains('*') {
        return Cow::Borrowed(value);
    }
    DomainName::parse_cnr(value).map_or(Cow::Borrowed(value), |name| {
        Cow::Owned(name.as_str().to_owned())
    })
}

/// Lists the caller's domains. `LIMIT=0` answers an empty page with
/// `limit = 0` (unlike HEXONET, where 0 means the default); past the end,
/// `last = first`. `LAST` is not a parameter (`503`, recorded).
///
/// ```text
/// COMMAND     = QueryDomainList
/// DOMAIN, DOMAINIDN, ZONE, NAMESERVER, REGISTRAR = <pattern with *>   (optional filters)
/// RENEWALMODE = <mode>                  (optional filter)
/// TYPE        = DEFAULT | ALL | SHOWGRACE | SHOWTRANSFERLOCK | SHOWRENEW
/// DAYS        = 1..93 (93; read with SHOWRENEW only: renewed within so
///               many days; other TYPEs take any DAYS and ignore it)
///               (the KB's others: an empty list; unknown: 541)
/// ORDERBY     = DOMAIN | DOMAINIDN | DOMAINCREATEDDATE | DOMAINREGISTRATIONEXPIRATIONDATE |
///               DOMAINRENEWALDATE | DOMAINZONE | ZONE | RENEWALMODE | TRANSFERMODE |
///               DOMAINUPDATEDDATE | X-TRANSFERLOCK-UNTIL
/// ORDER       = ASC | DESC
/// WIDE        = 0 | 1
/// FIRST       = <n>  (0)      LIMIT = <n> (1000, at most 10000)
/// DOMAINTAG0..n = <tag>  (optional filter: domains with every tag given, ASCII case ignored)
/// ZONETAG#, GENERATELIST, SENDLISTEMAIL = accepted
/// ---
/// property[column][i] = domain (WIDE: the fourteen columns; TYPE=ALL: those and six more)
/// property[count][0]
/// property[domain][n] (WIDE: each row's cells together)
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_domain_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let patterns: Vec<(&str, Cow<'_, str>)> =
        ["DOMAIN", "DOMAINIDN", "ZONE", "NAMESERVER", "REGISTRAR"]
            .into_iter()
            .filter_map(|name| {
                args.optional(name)
                    .map(|value| (name, ace_pattern(name, value)))
            })
            .collect();
    let renewal_mode = args.optional("RENEWALMODE");
    let kind = args.optional("TYPE");
    let order_by = args.optional("ORDERBY");
    let order = args.optional("ORDER");
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let window = window(args)?;
    // Checked only where it filters: other TYPEs took any DAYS before.
    let days = read_days(args);
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    let tags = read_tag_filter(args)?;
    args.list("ZONETAG");
    args.finish()?;
    let order_by = one_of("ORDERBY", order_by, ORDER_KEYS)?.unwrap_or("DOMAIN");
    let descending = one_of("ORDER", order, &["ASC", "DESC"])? == Some("DESC");
    let kind = one_of("TYPE", kind, TYPES)?.unwrap_or("DEFAULT");
    // SHOWGRACE: the domains in their add grace period; SHOWTRANSFERLOCK:
    // those with the transfer lock on; SHOWRENEW: those the platform renews
    // within DAYS days (QueryDomainRenewList's filter).
    let days = match kind {
        "SHOWRENEW" => days?,
        _ => 0,
    };
    let until = ctx.now.plus_days(days as u64);
    let listed = |domain: &Domain| match kind {
        "DEFAULT" | "ALL" => true,
        "SHOWGRACE" => domain.add_grace.is_some_and(|(until, _)| ctx.now <= until),
        "SHOWTRANSFERLOCK" => domain.transfer_lock,
        "SHOWRENEW" => zone_of(&domain.name).is_ok_and(|tld| {
            renewal_within(domain, &Dates::of(domain, tld), ctx.now, until).is_some()
        }),
        _ => false,
    };
    let all = kind == "ALL";
    let wide = wide || all;
    let mut rows: Vec<(&Domain, Dates, &'static str)> = Vec::new();
    for domain in ctx.system.domains_of(ctx.owner()).filter(|d| listed(d)) {
        let tld = zone_of(&domain.name)?;
        let admitted = patterns.iter().all(|(name, pattern)| match *name {
            "DOMAIN" => glob(pattern, domain.name.as_str()),
            // Unicode letters in any case, as the other lookups take them.
            "DOMAINIDN" => glob(&pattern.to_lowercase(), &domain.name.unicode()),
            "ZONE" => glob(pattern, tld.zone),
            // The `registrar` column: the account holding the domain.
            "REGISTRAR" => glob(pattern, &domain.owner),
            _ => domain.nameservers.iter().any(|ns| names_match(pattern, ns)),
        }) && renewal_mode
            .is_none_or(|mode| mode.eq_ignore_ascii_case(domain.renewal_mode.as_str()))
            && tagged(domain, &tags);
        if admitted {
            rows.push((domain, Dates::of(domain, tld), tld.zone));
        }
    }
    match order_by {
        "DOMAINCREATEDDATE" => rows.sort_by_key(|row| row.0.created),
        "DOMAINUPDATEDDATE" => rows.sort_by_key(|row| row.0.updated),
        "DOMAINREGISTRATIONEXPIRATIONDATE" => rows.sort_by_key(|row| row.1.expiration),
        "DOMAINRENEWALDATE" => rows.sort_by_key(|row| row.1.accounting),
        "DOMAINZONE" | "ZONE" => rows.sort_by(|a, b| (a.2, &a.0.name).cmp(&(b.2, &b.0.name))),
        "RENEWALMODE" => rows.sort_by_key(|row| row.0.renewal_mode.as_str()),
        "DOMAINIDN" => rows.sort_by_key(|row| row.0.name.unicode().into_owned()),
        _ => rows.sort_by(|a, b| a.0.name.cmp(&b.0.name)),
    }
    if descending {
        rows.reverse();
    }
    let (page, total) = window.take(rows.into_iter());
    let count = page.len();
    let cells = if all {
        WIDE.len() + ALL.len()
    } else {
        WIDE.len()
    };
    let mut response = Response::with_room(8 + page.len() * if wide { cells } else { 1 }, 256);
    match (wide, all) {
        (_, true) => columns(&mut response, &[WIDE, ALL].concat()),
        (true, false) => columns(&mut response, WIDE),
        (false, false) => columns(&mut response, &WIDE[..1]),
    }
    response.push("count", count);
    for (domain, dates, zone) in page {
        response.push_str("domain", domain.name.as_str());
        if wide {
            response
                .push_str("domain idn", &domain.name.unicode())
                .push("roid", domain.roid())
                .push("domain created date", domain.created.datetime())
                .push_str("domain created by", &domain.created_by)
                .push("domain updated date", domain.updated.datetime())
                .push_str("domain updated by", &domain.updated_by)
                .push(
                    "domain registration expiration date",
                    dates.expiration.datetime(),
                )
                .push("domain renewal date", dates.accounting.datetime())
                .push_str("domain zone", zone)
                .push_str("renewalmode", domain.renewal_mode.as_str())
                .push_str("transfermode", "DEFAULT")
                .push_str("domaintags", &domain_tags::cell(domain))
                .push_str("domaincomment", "");
        }
        if all {
            let tld = zone_of(&domain.name)?;
            let contacts = |role: Role| domain.contacts[role.index()].join(",");
            response
                .push_str("domain status", &status_rows(ctx, domain, tld).join(","))
                .push_str("nameserver", &domain.nameservers.join(","))
                .push_str("ownercontact", &contacts(Role::Owner))
                .push_str("admincontact", &contacts(Role::Admin))
                .push_str("techcontact", &contacts(Role::Tech))
                .push_str("billingcontact", &contacts(Role::Billing));
        }
    }
    push_window(&mut response, window, count, total);
    Ok(response)
}
