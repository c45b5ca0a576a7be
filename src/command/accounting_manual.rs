//! A parent's bookkeeping on its subusers: AddAccounting, ModifyAccounting
//! and DeleteAccounting, one function per wire command. They read and check
//! every argument and the caller's right to the subuser, then call the
//! ledger's `book`, `amend` or `strike` (`registry/ledger_manual.rs`), which
//! move the subuser's balance with the entry; a refusal changes nothing.

use rust_decimal::Decimal;

use super::args::plain_decimal;
use super::user_fields::outside;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::environment::{self, Refusal};
use crate::registry::{LedgerManual, MAX_PAYMENT, Money, Percent};
use crate::wire::Response;

/// The longest ACCOUNTINGTYPE and ACCOUNTINGDESCRIPTION a manual entry takes.
const MAX_TYPE: usize = 64;
const MAX_DESCRIPTION: usize = 255;

/// Books a manual entry on a subuser (a payment received, a fee): its
/// balance moves by PAYMENT at once, the credit line aside.
///
/// ```text
/// COMMAND     = AddAccounting
/// SUBUSER     = <an account below the view>
/// DESCRIPTION = <text, at most 255 characters>
/// TYPE        = <[A-Z0-9_/]+, at most 64; not a type the registry books>
/// PAYMENT     = <-?digits.dd>        (credited; a debit when negative)
/// VAT         = <0..100, two decimals at most>   (optional: the subuser's rate)
/// CURRENCY    = <the subuser's currency>          (optional)
/// ---
/// PROPERTY[ACCOUNTINGID][0] = <id>
/// ```
pub(super) fn add_accounting(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let subuser = args.required("SUBUSER")?;
    let description = read_description(args.required("DESCRIPTION")?)?;
    let type_name = read_type(args.required("TYPE")?)?;
    let payment = read_payment(args.required("PAYMENT")?)?;
    let vat = read_vat(args)?;
    let currency = args.optional("CURRENCY");
    args.finish()?;
    let owner = subuser_of(ctx, "AddAccounting", subuser)?;
    let kept = ctx
        .system
        .user(owner)
        .map_or("", |user| user.account.currency);
    if let Some(code) = currency.filter(|code| !code.eq_ignore_ascii_case(kept)) {
        return Err(Error::invalid(
            "CURRENCY",
            format_args!("({code}) is not {owner}'s currency {kept}; otebox books in it only"),
        ));
    }
    let manual = LedgerManual {
        type_name: Some(type_name),
        description: Some(description),
        payment: Some(payment),
        vat,
    };
    let id = ctx.system.book(owner, ctx.now, manual)?;
    let mut response = Response::ok();
    response.push("ACCOUNTINGID", id);
    Ok(response)
}

/// Changes a manual entry of a subuser; a new PAYMENT moves the balance by
/// the difference. A domain's charge or refund is refused (`541`).
///
/// ```text
/// COMMAND      = ModifyAccounting
/// SUBUSER      = <an account below the view>
/// ACCOUNTINGID = <id of one of SUBUSER's manual entries>
/// DESCRIPTION, TYPE, PAYMENT, VAT   (optional, as AddAccounting; absent: kept)
/// ```
pub(super) fn modify_accounting(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let subuser = args.required("SUBUSER")?;
    let id = read_id(args)?;
    let description = args.optional("DESCRIPTION").map(read_description);
    let type_name = args.optional("TYPE").map(read_type);
    let payment = args.optional("PAYMENT").map(read_payment);
    let change = LedgerManual {
        description: description.transpose()?,
        type_name: type_name.transpose()?,
        payment: payment.transpose()?,
        vat: read_vat(args)?,
    };
    args.finish()?;
    let owner = subuser_of(ctx, "ModifyAccounting", subuser)?;
    fixed_by_invoice(ctx, id)?;
    ctx.system.amend(owner, id, change)?;
    Ok(Response::ok())
}

/// Removes a manual entry of a subuser and takes its payment back from the
/// balance. A domain's charge or refund is refused (`541`).
///
/// ```text
/// COMMAND      = DeleteAccounting
/// SUBUSER      = <an account below the view>
/// ACCOUNTINGID = <id of one of SUBUSER's manual entries>
/// ```
pub(super) fn delete_accounting(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let subuser = args.required("SUBUSER")?;
    let id = read_id(args)?;
    args.finish()?;
    let owner = subuser_of(ctx, "DeleteAccounting", subuser)?;
    fixed_by_invoice(ctx, id)?;
    ctx.system.strike(owner, id)?;
    ctx.system.release_entry(id);
    Ok(Response::ok())
}

/// SUBUSER when it is an account below the view's (a child or further
/// down): the view's own is `531` (an account keeps no books on itself),
/// another's or an unknown id `531` as StatusUser's.
fn subuser_of<'a>(ctx: &Ctx<'_>, command: &str, subuser: &'a str) -> Result<&'a str> {
    let view = ctx.owner();
    if subuser == view {
        return Err(Error::AuthorizationFailed(format!(
            "{command} books on subusers; {view} keeps no entries on itself"
        )));
    }
    if !ctx.system.in_subtree(view, subuser) || ctx.system.user(subuser).is_none() {
        return Err(outside("SUBUSER", subuser, view));
    }
    Ok(subuser)
}

/// `552` when entry `id` is on an invoice that is no longer NEW (an
/// ACTIVE or CANCELED invoice is fixed, and so are its entries).
fn fixed_by_invoice(ctx: &Ctx<'_>, id: u32) -> Result<()> {
    match ctx.system.entry_invoiced(id) {
        Some(invoice) => Err(Error::StatusProhibits(format!(
            "ACCOUNTINGID {id} is on INVOICE {invoice}, which is no longer NEW"
        ))),
        None => Ok(()),
    }
}

/// ACCOUNTINGID: a number (`505`), as StatusAccounting reads it.
fn read_id(args: &mut Args<'_>) -> Result<u32> {
    let text = args.required("ACCOUNTINGID")?;
    text.parse::<u32>()
        .map_err(|_| Error::syntax_rule("ACCOUNTINGID", text, "is not a ledger entry's number"))
}

/// TYPE: the reference's `[A-Z0-9_/]+` (`505`), at most 64 characters and
/// none of the registry's own types (`541`).
fn read_type(text: &str) -> Result<&str> {
    let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '/';
    if !text.chars().all(allowed) {
        return Err(Error::syntax_rule(
            "TYPE",
            text,
            "takes capital letters, digits, _ and / only",
        ));
    }
    if text.len() > MAX_TYPE {
        return Err(Error::invalid(
            "TYPE",
            format_args!("({text}) is longer than {MAX_TYPE} characters"),
        ));
    }
    if crate::registry::LedgerKind::is_registry_type(text) {
        return Err(Error::invalid(
            "TYPE",
            format_args!("({text}) is a type the registry books; a manual entry takes another"),
        ));
    }
    Ok(text)
}

/// DESCRIPTION: at most 255 characters (`541`), no control character and
/// no `{WORD}` token, which the SDKs would delete from the lists (`505`).
fn read_description(text: &str) -> Result<&str> {
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(
            "DESCRIPTION",
            format_args!("is longer than {MAX_DESCRIPTION} characters"),
        ));
    }
    match environment::check_value(text) {
        Err(Refusal::Malformed(why) | Refusal::TooLong(why)) => {
            Err(Error::syntax_rule("DESCRIPTION", text, why))
        }
        Ok(()) => Ok(text),
    }
}

/// PAYMENT: the reference's `-?digits.dd` (`505`), not zero and at most
/// 1000000000000 either way (`541`, CREDIT's bound).
fn read_payment(text: &str) -> Result<Money> {
    let rule = "is an amount with two decimals, e.g. -12.99";
    if text
        .split_once('.')
        .is_none_or(|(_, cents)| cents.len() != 2)
    {
        return Err(Error::syntax_rule("PAYMENT", text, rule));
    }
    let value = plain_decimal("PAYMENT", text, true, rule)?;
    if value.is_zero() || value.abs() > Decimal::from(MAX_PAYMENT) {
        return Err(Error::invalid(
            "PAYMENT",
            format_args!("{text} is 0.00 or past {MAX_PAYMENT} either way"),
        ));
    }
    Ok(Money(value))
}

/// VAT: a plain non-negative number (`505`), at most 100 with two
/// decimals at most (`541`).
pub(super) fn read_vat(args: &mut Args<'_>) -> Result<Option<Percent>> {
    let Some(text) = args.optional("VAT") else {
        return Ok(None);
    };
    let value = plain_decimal("VAT", text, false, "is a percentage such as 19.00")?;
    if value > Decimal::ONE_HUNDRED || value.normalize().scale() > 2 {
        return Err(Error::invalid(
            "VAT",
            format_args!("{text} is over 100 or has more than two decimals"),
        ));
    }
    Ok(Some(Percent(value)))
}
