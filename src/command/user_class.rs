//! The user classes on the wire: ModifyUserClass (create, change, delete
//! the view's own classes), QueryUserClassList, StatusUserClass. The class
//! rules are `registry/user_class.rs`, the prices a class sets are read by
//! `registry/pricing.rs`; AddUser/ModifyUser put a subuser in a class
//! (`user_admin.rs`). Must not touch users, balances or other accounts'
//! classes.

use super::list::Page;
use super::user::{check_subuser, push_relations};
use super::user_fields::relation;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue;
use crate::registry::environment::{self, DEFAULT_CLASS};
use crate::registry::pricing;
use crate::registry::user_class::class_name;
use crate::registry::{IndexMap, Money};
use crate::wire::Response;

/// Creates the view's class USERCLASS when it is new, changes its
/// relations (FLUSHRELATIONS first, then RELATION<n> and ADDRELATION<n>
/// set by name, an empty value or DELRELATION<n> removes), and deletes it
/// when it is left with none. A class holds domain price relations
/// (`PRICE_CLASS_DOMAIN_<CLASS>_SETUP|ANNUAL|TRANSFER|RESTORE|TRADE|CURRENCY`
/// of a catalogue zone class), checked as a subuser's own (`505`/`541`);
/// any other relation is `541`. `DEFAULT` is the platform's (`541`); a
/// class some subuser is in is not deleted (`541` naming how many); an
/// unknown class left empty is `545`.
///
/// ```text
/// COMMAND          = ModifyUserClass
/// USERCLASS        = <1-64 of A-Z a-z 0-9 _ ->  (case-blind, kept upper case)
/// FLUSHRELATIONS   = 0 | 1                       (optional)
/// RELATION<n>, ADDRELATION<n> = NAME:VALUE       (optional)
/// DELRELATION<n>   = NAME                        (optional)
/// ```
pub(super) fn modify_user_class(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let text = args.required("USERCLASS")?;
    let name = class_name("USERCLASS", text)?;
    let flush = args.flag("FLUSHRELATIONS")?.unwrap_or(false);
    let mut edits = Vec::new();
    for stem in ["RELATION", "ADDRELATION"] {
        for (n, text) in args.list(stem) {
            if !text.is_empty() {
                edits.push(class_relation(&format!("{stem}{n}"), text)?);
            }
        }
    }
    for (n, text) in args.list("DELRELATION") {
        if !text.is_empty() {
            let param = format!("DELRELATION{n}");
            let (name, _) = class_relation(&param, text)?;
            edits.push((name, None));
        }
    }
    args.finish()?;
    let Some(name) = name else {
        return Err(Error::invalid(
            "USERCLASS",
            format_args!("({text}) is the platform's class; name a class of your own"),
        ));
    };
    let owner = ctx.owner().to_owned();
    let mut relations = match (flush, ctx.system.user_class(&owner, &name)) {
        (false, Some(class)) => class.relations.clone(),
        _ => IndexMap::default(),
    };
    for (relation, value) in edits {
        match value {
            Some(value) => {
                relations.insert(relation, value);
            }
            None => {
                relations.shift_remove(&relation);
            }
        }
    }
    ctx.system.set_user_class(&owner, &name, relations)?;
    Ok(Response::ok())
}

/// One relation of a class: as a subuser's (`user_fields::relation`), and
/// a domain price relation of a catalogue zone class (`541` otherwise).
fn class_relation(param: &str, text: &str) -> Result<(String, Option<String>)> {
    let (name, value) = relation(param, text)?;
    if !pricing::is_sheet_relation(&name) {
        return Err(Error::invalid(
            param,
            format_args!(
                "({name}) a user class holds domain price relations \
                 PRICE_CLASS_DOMAIN_<CLASS>_SETUP|ANNUAL|TRANSFER|RESTORE|TRADE|CURRENCY \
                 of a zone class (StatusUser TLDDATA lists them)"
            ),
        ));
    }
    Ok((name, value))
}

/// The user classes of an account (the view's, or SUBUSER's): the
/// platform's `DEFAULT`, then the account's own by name.
///
/// ```text
/// COMMAND = QueryUserClassList
/// SUBUSER = <the view's account or one below it>   (optional)
/// FIRST, LIMIT                           (optional, default LIMIT 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[USERCLASS][i]
/// ```
pub(super) fn query_user_class_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let subuser = args.optional("SUBUSER");
    let page = Page::read(args, 100)?;
    check_subuser(subuser, ctx)?;
    args.finish()?;
    let owner = subuser.unwrap_or(ctx.owner());
    let classes = [DEFAULT_CLASS]
        .into_iter()
        .chain(ctx.system.user_classes_of(owner).map(|(name, _)| name));
    let (rows, mut response) = page.respond(classes);
    for class in rows {
        response.push("USERCLASS", class);
    }
    Ok(response)
}

/// The price relations of a user class: `DEFAULT`'s as StatusUser shows
/// them, one of the view's own classes as set. CONVERT2CURRENCY converts
/// every amount at the rates of QueryExchangeRates: all of `DEFAULT`'s;
/// of an own class, those of a zone class whose `_CURRENCY` the class sets
/// (that row then names the new currency); the others are in each member's
/// own account currency and stay as set. Another account's class is `545`.
///
/// ```text
/// COMMAND          = StatusUserClass
/// USERCLASS        = DEFAULT | <a class of the view>
/// CONVERT2CURRENCY = EUR | USD | ...   (optional)
/// ---
/// PROPERTY[RELATIONTYPE][i], PROPERTY[RELATIONVALUE][i]
/// ```
pub(super) fn status_user_class(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let text = args.required("USERCLASS")?;
    let name = class_name("USERCLASS", text)?;
    let currency = match args.optional("CONVERT2CURRENCY") {
        None => None,
        Some(code) => Some(
            environment::known_currency(&code.to_ascii_uppercase()).ok_or_else(|| {
                Error::invalid(
                    "CONVERT2CURRENCY",
                    format_args!("({code}) is not EUR or a currency of QueryExchangeRates"),
                )
            })?,
        ),
    };
    args.finish()?;
    let mut response = Response::ok();
    let Some(name) = name else {
        push_relations(&mut response, currency);
        return Ok(response);
    };
    let owner = ctx.owner();
    let Some(class) = ctx.system.user_class(owner, &name) else {
        let mut known = vec![DEFAULT_CLASS];
        known.extend(ctx.system.user_classes_of(owner).map(|(name, _)| name));
        return Err(Error::ObjectNotFound(format!(
            "USERCLASS {name}: the user classes of {owner} are {}",
            known.join(", ")
        )));
    };
    for (relation, value) in &class.relations {
        response.push("RELATIONTYPE", relation).push(
            "RELATIONVALUE",
            converted(&class.relations, relation, value, currency),
        );
    }
    Ok(response)
}

/// A class relation's value in `to`: an amount (or the `_CURRENCY` row) of
/// a zone class whose `_CURRENCY` the class sets; anything else as set.
fn converted(
    relations: &IndexMap<String, String>,
    relation: &str,
    value: &str,
    to: Option<&'static str>,
) -> String {
    let Some(to) = to else {
        return value.to_owned();
    };
    let Some((stem, item)) = relation.rsplit_once('_') else {
        return value.to_owned();
    };
    let Some(from) = relations.get(&format!("{stem}_CURRENCY")) else {
        return value.to_owned();
    };
    if item == "CURRENCY" {
        return to.to_owned();
    }
    value
        .parse()
        .ok()
        .and_then(|amount| catalogue::convert(Money(amount), from, to))
        .map_or_else(|| value.to_owned(), |amount| amount.to_string())
}
