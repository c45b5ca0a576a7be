//! QueryUserList: the view's account and the subusers below it, filtered,
//! sorted by creation and paged. Reads only the view's own subtree (its cost
//! grows with that subtree, not with the system); changes nothing.

use super::list::{OrderBy, Page, UserDepth, date, regex};
use super::user::shown_class;
use super::user_fields::outside;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{System, Timestamp, User};
use crate::wire::Response;

/// Lists accounts of the view's subtree. Without USER<n>: USERDEPTH `ALL`
/// (default) is the view (or SUBUSER) and everything below it, `SELF` that
/// account alone, `SUBUSER` its direct subusers. USER<n> names accounts
/// instead, each with USERDEPTH<n> `SELF` (default) or `SUBUSER`. SCOPE
/// `INVOICERECIPIENT` is empty (otebox writes no invoices); USERREGEX is
/// matched as the other lists' `…REGEX` filters are (`list::regex`).
///
/// ```text
/// COMMAND        = QueryUserList
/// USERDEPTH      = ALL | SELF | SUBUSER             (optional, default ALL)
/// USER<n>        = <id>, USERDEPTH<n> = SELF | SUBUSER (optional)
/// SUBUSER        = <id below the view>              (optional)
/// ACTIVE         = 0 | 1                            (optional)
/// USERCLASS      = DEFAULT | <a class of the view>  (optional; the caller itself is DEFAULT)
/// ACCOUNTVAT     = <decimal>                        (optional)
/// USERREGEX      = <regular expression on the id>   (optional; case-insensitive, unanchored)
/// MINCREATEDDATE, MAXCREATEDDATE, MINUPDATEDDATE, MAXUPDATEDDATE = <date> (optional)
/// SCOPE          = INVOICERECIPIENT                 (optional)
/// ORDERBY        = CREATEDDATE | CREATEDDATEDESC    (optional; ties in creation order)
/// FIRST, LIMIT                                      (optional, default LIMIT 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[PARENTUSER][i], PROPERTY[USER][i]
/// ```
pub(super) fn query_user_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let page = Page::read(args, 100)?;
    let depth = UserDepth::read(args, UserDepth::All)?;
    let users = args.list("USER");
    let mut depths = Vec::new();
    for (n, _) in &users {
        let name = format!("USERDEPTH{n}");
        let subusers = match args.optional(&name).map(str::to_ascii_uppercase).as_deref() {
            None | Some("SELF") => false,
            Some("SUBUSER") => true,
            Some(other) => {
                return Err(Error::InvalidOption(format!(
                    "{name}: ({other}) is not SELF or SUBUSER"
                )));
            }
        };
        depths.push(subusers);
    }
    let subuser = args.optional("SUBUSER");
    let active = args.flag("ACTIVE")?;
    let class = args.optional("USERCLASS");
    let vat = args.parsed::<rust_decimal::Decimal>("ACCOUNTVAT")?;
    let mut bounds = [None; 4];
    for (at, name) in [
        "MINCREATEDDATE",
        "MAXCREATEDDATE",
        "MINUPDATEDDATE",
        "MAXUPDATEDDATE",
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(text) = args.optional(name) {
            bounds[at] = Some(date(name, text)?);
        }
    }
    let invoice_recipients = match args.optional("SCOPE") {
        None => false,
        Some(scope) if scope.eq_ignore_ascii_case("INVOICERECIPIENT") => true,
        Some(other) => {
            return Err(Error::InvalidOption(format!(
                "SCOPE: ({other}) is not INVOICERECIPIENT"
            )));
        }
    };
    let user_regex = args
        .optional("USERREGEX")
        .map(|text| regex("USERREGEX", text))
        .transpose()?;
    let order = OrderBy::read(args, &["CREATEDDATE"])?;
    args.finish()?;
    let view = ctx.owner();
    let caller = ctx.caller.principal.account.as_str();
    let system = &*ctx.system;
    let root = match subuser {
        Some(id) if system.in_subtree(view, id) => id,
        Some(id) => return Err(outside("SUBUSER", id, view)),
        None => view,
    };
    let mut ids: Vec<&str> = Vec::new();
    if users.is_empty() {
        match depth {
            UserDepth::SelfOnly => ids.push(root),
            UserDepth::Subuser => ids.extend(system.children_of(root)),
            UserDepth::All => {
                ids.push(root);
                ids.extend(system.descendants(root));
            }
        }
    } else {
        for ((n, id), subusers) in users.into_iter().zip(depths) {
            if id.is_empty() {
                continue;
            }
            if !system.in_subtree(root, id) {
                return Err(outside(&format!("USER{n}"), id, root));
            }
            if subusers {
                ids.extend(system.children_of(id));
            } else {
                ids.push(id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
    }
    let mut rows: Vec<&User> = ids
        .into_iter()
        .filter_map(|id| system.user(id))
        .filter(|_| !invoice_recipients)
        .filter(|user| active.is_none_or(|active| user.active == active))
        .filter(|user| {
            class.is_none_or(|class| {
                class.eq_ignore_ascii_case(shown_class(system, caller, &user.id))
            })
        })
        .filter(|user| vat.is_none_or(|vat| user.account.vat.0 == vat))
        .filter(|user| within(&bounds, user))
        .filter(|user| {
            user_regex
                .as_ref()
                .is_none_or(|regex| regex.is_match(&user.id))
        })
        .collect();
    // Ties (the demo accounts and the subusers of one second) in table
    // order, which is creation order: the view comes before its subusers.
    rows.sort_by_key(|user| (user.created, system.user_index(&user.id)));
    let (rows, mut response) = page.answer(rows, order.descending);
    for user in rows {
        push_row(&mut response, system, user);
    }
    Ok(response)
}

/// Whether the user's dates lie within MIN/MAX CREATEDDATE and UPDATEDDATE.
fn within(bounds: &[Option<Timestamp>; 4], user: &User) -> bool {
    let [min_created, max_created, min_updated, max_updated] = *bounds;
    min_created.is_none_or(|t| user.created >= t)
        && max_created.is_none_or(|t| user.created <= t)
        && min_updated.is_none_or(|t| user.updated >= t)
        && max_updated.is_none_or(|t| user.updated <= t)
}

fn push_row(response: &mut Response, system: &System, user: &User) {
    response
        .push("PARENTUSER", system.parent_of(&user.id))
        .push("USER", &user.id);
}
