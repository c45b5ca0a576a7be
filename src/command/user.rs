//! User records: StatusUser. Reads accounts, their user classes and the
//! catalogue's price relations (`registry::environment`); changes nothing.
//! The user class commands are `user_class.rs`.
//!
//! `SUBUSER` may name the view's account or any account below it (anything
//! else is `531`), an account is in the platform's class `DEFAULT` (the
//! catalogue's prices) or one its parent defined; its own price relations,
//! else its class's, replace the default class's rows, as
//! `registry::pricing` charges them; every top-level account's parent is
//! the platform user `otebox`.

use super::user_fields::outside;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{TLDS, Tld};
use crate::registry::environment::{self, DEFAULT_CLASS};
use crate::registry::pricing::{self, Sheet};
use crate::registry::ssl::SSL_CLASSES;
use crate::registry::{DateTime, System, User};
use crate::wire::Response;

/// The account's figures, allow-list, comment, dates, parent and class, and
/// (unless RELATIONS=0) the price relations of its class for every catalogue
/// zone, each zone's class then its premium class `PREMIUM_<CLASS>_A`,
/// followed by the account's own relations (ALLOW_SUBUSER, ...). A zone
/// class the account has prices for (`PRICE_CLASS_DOMAIN_<CLASS>_*` set by
/// its parent, on the account or its user class) shows them in place, all in that sheet's currency:
/// what the account is charged (`registry::pricing`); they are not repeated
/// among the own relations. Then each certificate class's
/// `PRICE_CLASS_SSLCERT_<CLASS>_ANNUAL` and `_CURRENCY` (the account's,
/// its user class's, else the catalogue's: `registry::ssl`).
/// ACCOUNTPAYMENT and ACCOUNTVOLUME are `0.00` (the reference defines
/// neither; no payment is simulated, and QueryAccountingList lists charges),
/// ACCOUNTTAXRATES is TAXRATES as set or `VAT:<rate>`; the demo accounts'
/// dates are the system start 2026-01-01 00:00:00. COMMENT is one row, the
/// lines URL-encoded and joined by `%0A`. USERINDEX counts from 2 (1 is the
/// platform user); TLDDATA lists each zone's class and label (`.com`).
///
/// ```text
/// COMMAND    = StatusUser
/// SUBUSER    = <the view's account or one below it>   (optional)
/// RELATIONS  = 0 | 1                          (optional, default 1)
/// STATS      = 0 | 1                          (optional: SUBUSERSDIRECT, SUBUSERSTOTAL)
/// PROPERTIES = USERINDEX PARENTUSERINDEX TLDDATA   (optional, any of them)
/// ---
/// PROPERTY[ACCOUNTCREDIT|ACCOUNTCURRENCY|ACCOUNTCURRENT|ACCOUNTDEPOSIT][0]
/// PROPERTY[ACCOUNTPAYMENT|ACCOUNTTAXRATES|ACCOUNTTEMPCREDIT|ACCOUNTVAT|ACCOUNTVOLUME][0]
/// PROPERTY[ACTIVE][0], PROPERTY[ALLOWEDIP][i], PROPERTY[COMMENT][0]
/// PROPERTY[CREATEDDATE|OTPSTATUS|PARENTUSER][0]
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
    let user = target_user(ctx, subuser)?;
    let account = &user.account;
    let mut response = Response::ok();
    response
        .push("ACCOUNTCREDIT", account.credit)
        .push("ACCOUNTCURRENCY", account.currency)
        .push("ACCOUNTCURRENT", account.amount)
        .push("ACCOUNTDEPOSIT", account.deposit)
        .push("ACCOUNTPAYMENT", "0.00")
        .push("ACCOUNTTAXRATES", TaxRates(user))
        .push("ACCOUNTTEMPCREDIT", "0.00")
        .push("ACCOUNTVAT", account.vat)
        .push("ACCOUNTVOLUME", "0.00")
        .push("ACTIVE", u8::from(user.active));
    for entry in user.allowed.entries() {
        response.push("ALLOWEDIP", entry);
    }
    if !user.comments.is_empty() {
        response.push("COMMENT", Comment(&user.comments));
    }
    let otp = if user.otp.is_some() {
        "ACTIVE"
    } else {
        "INACTIVE"
    };
    response
        .push("CREATEDDATE", user.created.datetime())
        .push("OTPSTATUS", otp)
        .push("PARENTUSER", ctx.system.parent_of(&user.id));
    if parent_index {
        let index = ctx.system.parent_index(&user.id);
        response.push("PARENTUSERINDEX", index.unwrap_or(1));
    }
    if relations {
        push_account_relations(&mut response, ctx.system, user);
    }
    if stats {
        response
            .push("SUBUSERSDIRECT", ctx.system.children_of(&user.id).count())
            .push("SUBUSERSTOTAL", ctx.system.descendants(&user.id).len());
    }
    if tld_data {
        for tld in TLDS {
            response
                .push("TLDCLASS", tld.class)
                .push("TLDLABEL", format_args!(".{}", tld.zone));
        }
    }
    response
        .push("UPDATEDDATE", DateTime(Some(user.updated)))
        .push("USER", &user.id)
        .push(
            "USERCLASS",
            shown_class(ctx.system, &ctx.caller.principal.account, &user.id),
        );
    if user_index {
        response.push("USERINDEX", ctx.system.user_index(&user.id).unwrap_or(0));
    }
    Ok(response)
}

/// Pushes StatusUser's RELATIONTYPE / RELATIONVALUE rows: the default
/// class's, where the account set prices of a zone class its sheet instead
/// (`registry::pricing`: the prices it is charged, every row of that class
/// in the sheet's currency), then the account's other own relations.
fn push_account_relations(response: &mut Response, system: &System, user: &User) {
    if !system.has_own_prices(user) {
        push_relations(response, None);
    } else {
        let mut sheet: Option<(&Tld, Sheet)> = None;
        for relation in environment::price_relations(None) {
            let value = match relation.premium {
                true => relation.value,
                false => {
                    let tld = relation.tld;
                    let current = match sheet {
                        Some((at, current)) if std::ptr::eq(at, tld) => current,
                        _ => system.price_sheet(&user.id, tld),
                    };
                    sheet = Some((tld, current));
                    match current.own {
                        true => current.relation_value(relation.item),
                        false => relation.value,
                    }
                }
            };
            response
                .push("RELATIONTYPE", relation)
                .push("RELATIONVALUE", value);
        }
    }
    for class in SSL_CLASSES {
        let (annual, currency) = system.ssl_sheet(&user.id, class);
        response
            .push(
                "RELATIONTYPE",
                format_args!("PRICE_CLASS_SSLCERT_{}_ANNUAL", class.name),
            )
            .push("RELATIONVALUE", annual)
            .push(
                "RELATIONTYPE",
                format_args!("PRICE_CLASS_SSLCERT_{}_CURRENCY", class.name),
            )
            .push("RELATIONVALUE", currency);
    }
    for (name, value) in &user.relations {
        if !pricing::is_sheet_relation(name) {
            response
                .push("RELATIONTYPE", name)
                .push("RELATIONVALUE", value);
        }
    }
}

/// Pushes the RELATIONTYPE / RELATIONVALUE rows of the default class.
pub(super) fn push_relations(response: &mut Response, currency: Option<&'static str>) {
    for relation in environment::price_relations(currency) {
        response
            .push("RELATIONTYPE", relation)
            .push("RELATIONVALUE", relation.value);
    }
}

/// SUBUSER may name the view's account or any account below it; unknown,
/// foreign and upward ids are refused alike.
pub(super) fn check_subuser(subuser: Option<&str>, ctx: &Ctx<'_>) -> Result<()> {
    match subuser {
        Some(id) if !ctx.system.in_subtree(ctx.owner(), id) => {
            Err(outside("SUBUSER", id, ctx.owner()))
        }
        _ => Ok(()),
    }
}

/// USERCLASS as StatusUser shows it: the class's name to the accounts
/// above; the account itself sees `DEFAULT` (the reference: it sees the
/// relations its class produces, not the class's name). QueryUserList's
/// USERCLASS filter reads it too, so the account cannot learn the name there.
pub(super) fn shown_class<'a>(system: &'a System, caller: &str, id: &str) -> &'a str {
    match caller == id {
        true => DEFAULT_CLASS,
        false => system.class_of(id).unwrap_or(DEFAULT_CLASS),
    }
}

/// The account StatusUser reports: SUBUSER (checked) or the view's own.
fn target_user<'a>(ctx: &'a Ctx<'_>, subuser: Option<&str>) -> Result<&'a User> {
    let id = subuser.unwrap_or(ctx.owner());
    ctx.system
        .user(id)
        .ok_or_else(|| Error::ObjectNotFound(format!("USER {id}")))
}

/// ACCOUNTTAXRATES: TAXRATES as set, else `VAT:<rate>`.
struct TaxRates<'a>(&'a User);

impl std::fmt::Display for TaxRates<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0.tax_rates {
            Some(text) => f.write_str(text),
            None => write!(f, "VAT:{}", self.0.account.vat),
        }
    }
}

/// The COMMENT cell: each line URL-encoded (RFC 3986 unreserved bytes kept),
/// the lines joined by `%0A`.
struct Comment<'a>(&'a [String]);

impl std::fmt::Display for Comment<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (at, line) in self.0.iter().enumerate() {
            if at > 0 {
                f.write_str("%0A")?;
            }
            for byte in line.bytes() {
                if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                    write!(f, "{}", byte as char)?;
                } else {
                    write!(f, "%{byte:02X}")?;
                }
            }
        }
        Ok(())
    }
}
