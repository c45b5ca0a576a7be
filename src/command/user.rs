//! The caller's own user record and the user classes: StatusUser,
//! QueryUserClassList, StatusUserClass. Reads accounts and the catalogue's
//! price relations (`registry::environment`); changes nothing.
//!
//! Until subusers exist, `SUBUSER` may only name the caller's own account
//! (anything else is `531`), every account is in the one class `DEFAULT`
//! (the catalogue's prices), and every top-level account's parent is the
//! platform user `otebox`.

use super::list::Page;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::TLDS;
use crate::registry::environment::{self, DEFAULT_CLASS, SYSTEM_START, USER_CLASSES};
use crate::registry::{DateTime, User};
use crate::wire::Response;

/// The account's figures, dates, parent and class, and (unless RELATIONS=0)
/// the price relations of its class for every catalogue zone, each zone's
/// class then its premium class `PREMIUM_<CLASS>_A`. ACCOUNTPAYMENT and
/// ACCOUNTVOLUME are `0.00` (otebox keeps no ledger), ACCOUNTTAXRATES is
/// `VAT:<rate>`, CREATEDDATE and UPDATEDDATE the system start 2026-01-01
/// 00:00:00. USERINDEX counts from 2 (1 is the platform user); TLDDATA lists
/// each zone's class and label (`.com`).
///
/// ```text
/// COMMAND    = StatusUser
/// SUBUSER    = <the caller's own account>     (optional)
/// RELATIONS  = 0 | 1                          (optional, default 1)
/// STATS      = 0 | 1                          (optional: SUBUSERSDIRECT, SUBUSERSTOTAL)
/// PROPERTIES = USERINDEX PARENTUSERINDEX TLDDATA   (optional, any of them)
/// ---
/// PROPERTY[ACCOUNTCREDIT|ACCOUNTCURRENCY|ACCOUNTCURRENT|ACCOUNTDEPOSIT][0]
/// PROPERTY[ACCOUNTPAYMENT|ACCOUNTTAXRATES|ACCOUNTTEMPCREDIT|ACCOUNTVAT|ACCOUNTVOLUME][0]
/// PROPERTY[ACTIVE|CREATEDDATE|OTPSTATUS|PARENTUSER][0]
/// PROPERTY[RELATIONTYPE][i], PROPERTY[RELATIONVALUE][i]  e.g. PRICE_CLASS_DOMAIN_COM_ANNUAL = 10.90
/// PROPERTY[UPDATEDDATE|USER|USERCLASS][0]
/// ```
pub(super) fn status_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let subuser = args.optional("SUBUSER");
    let relations = args.flag("RELATIONS")?.unwrap_or(true);
    let stats = args.flag("STATS")?.unwrap_or(false);
    let (mut user_index, mut parent_index, mut tld_data) = (false, false, false);
    for word in args.optional("PROPERTIES").unwrap_or("").split_whitespace() {
        match word.to_ascii_uppercase().as_str() {
            "USERINDEX" => user_index = true,
            "PARENTUSERINDEX" => parent_index = true,
            "TLDDATA" => tld_data = true,
            _ => {
                return Err(Error::invalid(
                    "PROPERTIES",
                    format_args!("({word}) is not USERINDEX, PARENTUSERINDEX or TLDDATA"),
                ));
            }
        }
    }
    check_subuser(subuser, ctx)?;
    args.finish()?;
    let user = own_user(ctx)?;
    let account = &user.account;
    let mut response = Response::ok();
    response
        .push("ACCOUNTCREDIT", account.credit)
        .push("ACCOUNTCURRENCY", account.currency)
        .push("ACCOUNTCURRENT", account.amount)
        .push("ACCOUNTDEPOSIT", account.deposit)
        .push("ACCOUNTPAYMENT", "0.00")
        .push("ACCOUNTTAXRATES", format_args!("VAT:{}", account.vat))
        .push("ACCOUNTTEMPCREDIT", "0.00")
        .push("ACCOUNTVAT", account.vat)
        .push("ACCOUNTVOLUME", "0.00")
        .push("ACTIVE", u8::from(user.active))
        .push("CREATEDDATE", SYSTEM_START.datetime())
        .push("OTPSTATUS", "INACTIVE")
        .push("PARENTUSER", ctx.system.parent_of(&user.id));
    if parent_index {
        let index = match &user.parent {
            None => Some(1),
            Some(parent) => ctx.system.user_index(parent),
        };
        response.push("PARENTUSERINDEX", index.unwrap_or(1));
    }
    if relations {
        push_relations(&mut response, None);
    }
    if stats {
        response.push("SUBUSERSDIRECT", 0).push("SUBUSERSTOTAL", 0);
    }
    if tld_data {
        for tld in TLDS {
            response
                .push("TLDCLASS", tld.class)
                .push("TLDLABEL", format_args!(".{}", tld.zone));
        }
    }
    response
        .push("UPDATEDDATE", DateTime(Some(SYSTEM_START)))
        .push("USER", &user.id)
        .push("USERCLASS", DEFAULT_CLASS);
    if user_index {
        response.push("USERINDEX", ctx.system.user_index(&user.id).unwrap_or(0));
    }
    Ok(response)
}

/// The user classes the caller can see: today the one class `DEFAULT`.
///
/// ```text
/// COMMAND = QueryUserClassList
/// SUBUSER = <the caller's own account>   (optional)
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
    let (rows, total) = page.take(USER_CLASSES.iter());
    let mut response = Response::ok();
    page.push_counters(&mut response, rows.len(), total);
    for class in rows {
        response.push("USERCLASS", class);
    }
    Ok(response)
}

/// The price relations of a user class, as StatusUser shows them; with
/// CONVERT2CURRENCY every amount (and the `_CURRENCY` rows) in that currency,
/// at the rates of QueryExchangeRates.
///
/// ```text
/// COMMAND          = StatusUserClass
/// USERCLASS        = DEFAULT
/// CONVERT2CURRENCY = EUR | USD | ...   (optional)
/// ---
/// PROPERTY[RELATIONTYPE][i], PROPERTY[RELATIONVALUE][i]
/// ```
pub(super) fn status_user_class(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let class = args.required("USERCLASS")?;
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
    if !USER_CLASSES
        .iter()
        .any(|known| known.eq_ignore_ascii_case(class))
    {
        return Err(Error::ObjectNotFound(format!(
            "USERCLASS {class}: the user classes are {}",
            USER_CLASSES.join(", ")
        )));
    }
    let mut response = Response::ok();
    push_relations(&mut response, currency);
    Ok(response)
}

/// Pushes the RELATIONTYPE / RELATIONVALUE rows of the default class.
fn push_relations(response: &mut Response, currency: Option<&'static str>) {
    for relation in environment::price_relations(currency) {
        response
            .push("RELATIONTYPE", relation)
            .push("RELATIONVALUE", relation.value);
    }
}

/// SUBUSER may only name the caller's own account until subusers exist.
fn check_subuser(subuser: Option<&str>, ctx: &Ctx<'_>) -> Result<()> {
    match subuser {
        Some(id) if id != ctx.owner() => Err(Error::AuthorizationFailed(format!(
            "SUBUSER {id} is not a subuser of {}",
            ctx.owner()
        ))),
        _ => Ok(()),
    }
}

fn own_user<'a>(ctx: &'a Ctx<'_>) -> Result<&'a User> {
    let id = ctx.owner();
    ctx.system
        .user(id)
        .ok_or_else(|| Error::ObjectNotFound(format!("USER {id}")))
}
