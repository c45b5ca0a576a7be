//! QueryDomainApplicationList: the applications of the view (and, by
//! USERDEPTH, its subusers), filtered by `*` patterns on DOMAIN, CLASS and
//! STATUS, sorted and paged (the reference page's parameters and, with
//! WIDE=1, its example's columns). Walks only `System::applications_of`
//! for the accounts the depth names, never the whole table; changes nothing.

use crate::command::list::{OrderBy, Page, UserDepth, glob};
use crate::command::{Args, Ctx};
use crate::error::Result;
use crate::registry::{Application, ApplicationStatus};
use crate::wire::Response;

/// LIMIT when the request gives none.
const DEFAULT_LIMIT: usize = 100;

/// A column of the list: its name and what a row shows in it.
type Column<'f> = (&'static str, &'f dyn Fn(&Application) -> String);

/// Lists applications.
///
/// ```text
/// COMMAND   = QueryDomainApplicationList
/// DOMAIN    = <pattern>   (optional, * is any run of characters; ACE or Unicode)
/// CLASS     = <pattern>   (optional: GOLIVE, PREMIUM_*, ...)
/// STATUS    = <pattern>   (optional: REQUESTED, SUCCESSFUL, FAILED)
/// ORDERBY   = CREATEDDATE | DOMAIN | CLASS | USER | UPDATEDDATE, each with DESC
///             (default CREATEDDATE, the order they were filed)
/// USERDEPTH = SELF | SUBUSER | ALL (default ALL, as the reference says)
/// WIDE      = 0|1
/// FIRST     = <n> (default 0), LIMIT = <n> (default 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[APPLICATION|CLASS|DOMAIN|STATUS][0..n]
/// WIDE=1 instead: the reference example's columns, ADMINCONTACT, APPLICATION,
///   BILLINGCONTACT, CLAIMKEY, CLASS, CREATEDDATE, DOMAIN, DOMAINUMLAUT,
///   EXPIRATIONDATE (the domain's, once registered), INVALIDPARAMETER,
///   MISSINGPARAMETER, NAMESERVER (space-separated), OWNERCONTACT,
///   PARENTUSER, PEERUSER, STATUS, TECHCONTACT, UPDATEDDATE, USER, X-DOMAIN-ROID
/// ```
pub(in crate::command) fn query_domain_application_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let keys = ["CREATEDDATE", "DOMAIN", "CLASS", "USER", "UPDATEDDATE"];
    let order = OrderBy::read(args, &keys)?;
    let depth = UserDepth::read(args, UserDepth::All)?;
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let domain = args.optional("DOMAIN");
    let class = args.optional("CLASS");
    let status = args.optional("STATUS");
    args.finish()?;
    let matches = |application: &&Application| {
        let name = &application.domain;
        domain.is_none_or(|p| glob(p, name.as_str()) || glob(p, &name.unicode()))
            && class.is_none_or(|p| glob(p, &application.class))
            && status.is_none_or(|p| glob(p, application.status.text()))
    };
    let owners = depth.owners(ctx.system, ctx.owner());
    let mut all: Vec<&Application> = owners
        .iter()
        .flat_map(|owner| ctx.system.applications_of(owner))
        .filter(matches)
        .collect();
    all.sort_by_key(|application| application.id);
    match order.key {
        "DOMAIN" => all.sort_by(|a, b| a.domain.cmp(&b.domain)),
        "CLASS" => all.sort_by(|a, b| a.class.cmp(&b.class)),
        "USER" => all.sort_by(|a, b| a.owner.cmp(&b.owner)),
        "UPDATEDDATE" => all.sort_by_key(|application| application.updated),
        _ => all.sort_by_key(|application| application.created),
    }
    let (rows, mut response) = page.answer(all, order.descending);
    if !wide {
        let columns: [Column<'_>; 4] = [
            ("APPLICATION", &|a| a.id.to_string()),
            ("CLASS", &|a| a.class.clone()),
            ("DOMAIN", &|a| a.domain.to_string()),
            ("STATUS", &|a| a.status.text().to_owned()),
        ];
        for (column, value) in columns {
            for application in &rows {
                response.push(column, value(application));
            }
        }
        return Ok(response);
    }
    let contact = |application: &Application, at: usize| application.contacts[at].clone();
    let expires = |application: &Application| match ctx.system.domain(application.domain.as_str()) {
        Some(domain)
            if application.status == ApplicationStatus::Successful
                && domain.owner() == application.owner =>
        {
            domain.expires.datetime().to_string()
        }
        _ => String::new(),
    };
    let empty = |_: &Application| String::new();
    let columns: [Column<'_>; 20] = [
        ("ADMINCONTACT", &|a| contact(a, 1)),
        ("APPLICATION", &|a| a.id.to_string()),
        ("BILLINGCONTACT", &|a| contact(a, 3)),
        ("CLAIMKEY", &empty),
        ("CLASS", &|a| a.class.clone()),
        ("CREATEDDATE", &|a| a.created.datetime().to_string()),
        ("DOMAIN", &|a| a.domain.to_string()),
        ("DOMAINUMLAUT", &|a| a.domain.unicode().into_owned()),
        ("EXPIRATIONDATE", &expires),
        ("INVALIDPARAMETER", &empty),
        ("MISSINGPARAMETER", &empty),
        ("NAMESERVER", &|a| a.nameservers.join(" ")),
        ("OWNERCONTACT", &|a| contact(a, 0)),
        ("PARENTUSER", &|a| ctx.system.parent_of(&a.owner).to_owned()),
        ("PEERUSER", &empty),
        ("STATUS", &|a| a.status.text().to_owned()),
        ("TECHCONTACT", &|a| contact(a, 2)),
        ("UPDATEDDATE", &|a| a.updated.datetime().to_string()),
        ("USER", &|a| a.owner.clone()),
        ("X-DOMAIN-ROID", &empty),
    ];
    for (column, value) in columns {
        for application in &rows {
            response.push(column, value(application));
        }
    }
    Ok(response)
}
