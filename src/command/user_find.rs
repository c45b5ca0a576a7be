//! FindUser: the accounts of the view's subtree whose id, or whose contact
//! data in the environment (`user-info/contact/company` and
//! `user-info/contact/private`), holds a pattern. Reads only the view's own
//! subtree (`UserDepth::owners`), so nothing of another tree is ever
//! matched or shown; changes nothing.

use std::collections::BTreeSet;

use super::list::{OrderBy, Page, UserDepth};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::environment::Setting;
use crate::registry::{System, User};
use crate::wire::Response;

/// The environment keys MATCHMODE=ENVIRONMENT searches and WIDE=1 shows,
/// in the order searched (a name set under both shows the company's value).
const CONTACT_KEYS: [&str; 2] = ["user-info/contact/company", "user-info/contact/private"];

/// Lists the accounts of USERDEPTH (default `ALL`: the view and its whole
/// subtree) whose id (MATCHMODE `USER`, the default) or whose contact
/// settings (`ENVIRONMENT`) contain PATTERN, ignoring case, or equal it with
/// EXACTMATCH=1; INVERT=1 lists the others; ACTIVE=1 only active accounts
/// (0 or absent: all). ORDERBY `USERID` (default) or `USERCREATEDDATE`, each
/// with `DESC`. A row found by its environment names the first matching
/// setting (company before private, by name); WIDE=1 adds a column
/// `USER<NAME>` per contact setting name of the listed rows (empty where a
/// row has none).
///
/// ```text
/// COMMAND    = FindUser
/// PATTERN    = <text>
/// MATCHMODE  = USER | ENVIRONMENT                  (optional, default USER)
/// EXACTMATCH, INVERT, WIDE, ACTIVE = 0 | 1         (optional)
/// USERDEPTH  = ALL | SELF | SUBUSER                (optional, default ALL)
/// ORDERBY    = USERID | USERIDDESC | USERCREATEDDATE | USERCREATEDDATEDESC
/// FIRST, LIMIT                                     (optional, default LIMIT 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[ENVIRONMENTKEY|ENVIRONMENTNAME|ENVIRONMENTVALUE][i]   (ENVIRONMENT only)
/// PROPERTY[PARENTUSER][i], PROPERTY[USER][i], PROPERTY[USER<NAME>][i] (WIDE=1)
/// PROPERTY[USERCREATEDDATE][i]
/// ```
pub(super) fn find_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let pattern = args.required("PATTERN")?;
    let environment = match args.optional("MATCHMODE").map(str::to_ascii_uppercase) {
        None => false,
        Some(mode) if mode == "USER" => false,
        Some(mode) if mode == "ENVIRONMENT" => true,
        Some(other) => {
            return Err(Error::InvalidOption(format!(
                "MATCHMODE: ({other}) is not USER or ENVIRONMENT"
            )));
        }
    };
    let exact = args.flag("EXACTMATCH")?.unwrap_or(false);
    let invert = args.flag("INVERT")?.unwrap_or(false);
    let wide = args.flag("WIDE")?.unwrap_or(false);
    let active_only = args.flag("ACTIVE")?.unwrap_or(false);
    let depth = UserDepth::read(args, UserDepth::All)?;
    let order = OrderBy::read(args, &["USERID", "USERCREATEDDATE"])?;
    let page = Page::read(args, 100)?;
    args.finish()?;
    let system = &*ctx.system;
    let wanted = pattern.to_lowercase();
    let matches = |text: &str| {
        let text = text.to_lowercase();
        match exact {
            true => text == wanted,
            false => text.contains(&wanted),
        }
    };
    let mut rows: Vec<(&User, Option<Setting<'_>>)> = Vec::new();
    for id in depth.owners(system, ctx.owner()) {
        let Some(user) = system.user(id).filter(|u| u.active || !active_only) else {
            continue;
        };
        let (found, setting) = match environment {
            false => (matches(&user.id), None),
            true => {
                let setting = contact(system, id).find(|s| matches(s.value));
                (setting.is_some(), setting)
            }
        };
        if found != invert {
            rows.push((user, setting));
        }
    }
    match order.key {
        "USERID" => rows.sort_by(|a, b| a.0.id.cmp(&b.0.id)),
        _ => rows.sort_by_key(|(user, _)| (user.created, system.user_index(&user.id))),
    }
    let (rows, mut response) = page.answer(rows, order.descending);
    // The WIDE columns and USERCREATEDDATE, sorted: the property table's order.
    let mut columns: BTreeSet<String> = BTreeSet::new();
    if wide {
        for (user, _) in &rows {
            columns.extend(contact(system, &user.id).map(|s| s.name.to_ascii_uppercase()));
        }
    }
    columns.insert("CREATEDDATE".to_owned());
    for (user, setting) in rows {
        if environment {
            let (key, name, value) = setting.map_or(("", "", ""), |s| (s.key, s.name, s.value));
            response
                .push("ENVIRONMENTKEY", key)
                .push("ENVIRONMENTNAME", name)
                .push("ENVIRONMENTVALUE", value);
        }
        response
            .push("PARENTUSER", system.parent_of(&user.id))
            .push("USER", &user.id);
        for column in &columns {
            let property = format!("USER{column}");
            if column == "CREATEDDATE" {
                response.push(property, user.created.datetime());
                continue;
            }
            let value = contact(system, &user.id)
                .find(|s| s.name.eq_ignore_ascii_case(column))
                .map_or("", |s| s.value);
            response.push(property, value);
        }
    }
    Ok(response)
}

/// The contact settings of `id`: company's, then private's, each by name.
fn contact<'s>(system: &'s System, id: &str) -> impl Iterator<Item = Setting<'s>> {
    let environment = system.environment(id);
    CONTACT_KEYS
        .into_iter()
        .flat_map(move |key| environment.into_iter().flat_map(move |env| env.under(key)))
}
