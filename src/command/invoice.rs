//! The invoice commands of USER/INVOICE but the list and the PDF ones:
//! CreateInvoice, StatusInvoice, UpdateInvoice, DeleteInvoice,
//! GetNextInvoiceID, SetNextInvoiceID and AssignInvoiceItems, one function
//! per wire command. They read and check every argument and the caller's
//! right to the recipient, then call the registry (`registry/invoice.rs`),
//! which owns the invoice rules; they must not touch the ledger.
//! QueryInvoiceList is `invoice_list.rs`'s, UpdateInvoicePDF and
//! GetInvoicePDF `invoice_pdf.rs`'s.

use super::accounting_manual::read_vat;
use super::list::{read_date, read_end_date};
use super::user_fields::outside;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::environment::{self, Refusal};
use crate::registry::{Invoice, InvoiceChange, InvoiceStatus, NewInvoice, Selection, System};
use crate::wire::Response;

/// INVOICEID's length bounds (the reference: 2 to 32 letters and digits).
const ID_LENGTH: std::ops::RangeInclusive<usize> = 2..=32;
/// The longest DATA key.
const MAX_KEY: usize = 64;

/// Creates a NEW invoice to a subuser, invisible to it until ACTIVE.
///
/// ```text
/// COMMAND    = CreateInvoice
/// INVOICEID  = <2..32 letters and digits, new among the caller's>
/// SUBUSER    = <an account below the view>
/// CREATEDDATE = YYYY-MM-DD[ hh:mm:ss]          (optional: now)
/// DATA<n>    = <key>:<value>                   (optional)
/// ACCOUNTING-INVOICEID, ACCOUNTING-MINDATE, ACCOUNTING-MAXDATE   (optional:
///              assign SUBUSER's entries on that invoice, else on none, in the dates)
/// ---
/// PROPERTY[CREATEDDATE][0] = <datetime>   PROPERTY[STATUS][0] = NEW
/// ```
pub(super) fn create_invoice(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args.required("INVOICEID")?)?;
    let subuser = args.required("SUBUSER")?;
    let created = read_date(args, "CREATEDDATE")?;
    let data = read_data(args)?;
    let selection = Selection {
        from: args
            .optional("ACCOUNTING-INVOICEID")
            .map(read_id)
            .transpose()?,
        min: read_date(args, "ACCOUNTING-MINDATE")?,
        max: read_end_date(args, "ACCOUNTING-MAXDATE")?,
    };
    let take = (selection.from.is_some() || selection.min.is_some() || selection.max.is_some())
        .then_some(selection);
    args.finish()?;
    let recipient = recipient_of(ctx, "CreateInvoice", subuser)?;
    let issuer = ctx.owner().to_owned();
    let new = NewInvoice {
        id,
        recipient,
        created: created.unwrap_or(ctx.now),
        data,
        take,
    };
    let invoice = ctx.system.create_invoice(&issuer, new)?;
    let mut response = Response::ok();
    response
        .push("CREATEDDATE", invoice.created.datetime())
        .push("STATUS", invoice.status.name());
    Ok(response)
}

/// One invoice: USERDEPTH=SELF (default) one issued to the view (ACTIVE
/// or CANCELED), SUBUSER one the view issued (any status).
///
/// ```text
/// COMMAND   = StatusInvoice
/// INVOICEID = <id>
/// USERDEPTH = SELF | SUBUSER                  (optional)
/// ---
/// PROPERTY[CREATEDBY|CREATEDDATE|INVOICEGUID|INVOICEID|STATUS|USER][0]
/// PROPERTY[DATATYPE][i], PROPERTY[DATAVALUE][i]   (sorted by type)
/// ```
pub(super) fn status_invoice(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let (issuer, invoice) = viewed_invoice(args, ctx.system, ctx.owner())?;
    let mut response = Response::ok();
    response
        .push_str("CREATEDBY", issuer)
        .push("CREATEDDATE", invoice.created.datetime());
    push_data(&mut response, invoice);
    response
        .push("INVOICEGUID", format_args!("{:016X}", invoice.guid))
        .push_str("INVOICEID", &invoice.id)
        .push("STATUS", invoice.status.name())
        .push_str("USER", &invoice.recipient);
    Ok(response)
}

/// Changes one of the view's invoices: a NEW one in every way, an ACTIVE
/// one only to CANCELED (`552` otherwise).
///
/// ```text
/// COMMAND     = UpdateInvoice
/// INVOICEID   = <id>
/// CREATEDDATE = YYYY-MM-DD[ hh:mm:ss]     FLUSHDATA = 0|1
/// DATA<n>     = <key>:<value>  (an empty value removes the key)
/// STATUS      = NEW | ACTIVE | CANCELED   VAT = <rate of the assigned entries>
/// FLUSHPDF  = 0|1   (1: remove the PDF UpdateInvoicePDF uploaded, in any status)
/// REFRESHRECIPIENT, REFRESHSENDER, REFRESHTEMPLATE = 0|1   (nothing to do)
/// ```
pub(super) fn update_invoice(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args.required("INVOICEID")?)?;
    let created = read_date(args, "CREATEDDATE")?;
    let flush_data = args.flag("FLUSHDATA")?.unwrap_or(false);
    let data = read_data(args)?;
    let status = read_status(args)?;
    let vat = read_vat(args)?;
    let flush_pdf = args.flag("FLUSHPDF")?.unwrap_or(false);
    // otebox keeps no sender, recipient or template copy: these flags
    // have nothing to reset (ARCHITECTURE.md, "Invoices").
    for flag in ["REFRESHRECIPIENT", "REFRESHSENDER", "REFRESHTEMPLATE"] {
        args.flag(flag)?;
    }
    args.finish()?;
    let change = InvoiceChange {
        created,
        flush_data,
        flush_pdf,
        data,
        status,
        vat,
    };
    let issuer = ctx.owner().to_owned();
    ctx.system.update_invoice(&issuer, id, change)?;
    Ok(Response::ok())
}

/// Deletes one of the view's NEW invoices (`552` otherwise); its entries
/// are on no invoice again.
///
/// ```text
/// COMMAND   = DeleteInvoice
/// INVOICEID = <id>
/// ```
pub(super) fn delete_invoice(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args.required("INVOICEID")?)?;
    args.finish()?;
    let issuer = ctx.owner().to_owned();
    ctx.system.delete_invoice(&issuer, id)?;
    Ok(Response::ok())
}

/// The view's next invoice ID (`545` until SetNextInvoiceID set one).
///
/// ```text
/// COMMAND = GetNextInvoiceID
/// ---
/// PROPERTY[INVOICEID][0] = <id>
/// ```
pub(super) fn get_next_invoice_id(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    let next = ctx.system.next_invoice_id(ctx.owner())?;
    let mut response = Response::ok();
    response.push_str("INVOICEID", next);
    Ok(response)
}

/// Sets the view's next invoice ID; CreateInvoice with it moves it on by
/// one (its trailing number plus one).
///
/// ```text
/// COMMAND   = SetNextInvoiceID
/// INVOICEID = <2..32 letters and digits, not an invoice of the view's>
/// ```
pub(super) fn set_next_invoice_id(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args.required("INVOICEID")?)?;
    args.finish()?;
    let issuer = ctx.owner().to_owned();
    ctx.system.set_next_invoice_id(&issuer, id)?;
    Ok(Response::ok())
}

/// Puts ledger entries of the recipient on one of the view's NEW invoices.
///
/// ```text
/// COMMAND        = AssignInvoiceItems
/// INVOICEID      = <id of a NEW invoice of the view's>
/// SUBUSER        = <its recipient>
/// ACCOUNTINGID<n> = <ids of SUBUSER's ledger entries on no invoice>
/// ```
pub(super) fn assign_invoice_items(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args.required("INVOICEID")?)?;
    let subuser = args.required("SUBUSER")?;
    let mut entries = Vec::new();
    for (n, text) in args.list("ACCOUNTINGID") {
        if text.is_empty() {
            continue;
        }
        let entry = text.parse::<u32>().map_err(|_| {
            Error::syntax_rule(
                &format!("ACCOUNTINGID{n}"),
                text,
                "is not a ledger entry's number",
            )
        })?;
        entries.push(entry);
    }
    if entries.is_empty() {
        return Err(Error::missing("ACCOUNTINGID0"));
    }
    args.finish()?;
    let recipient = recipient_of(ctx, "AssignInvoiceItems", subuser)?;
    let issuer = ctx.owner().to_owned();
    ctx.system
        .assign_invoice_items(&issuer, id, recipient, &entries)?;
    Ok(Response::ok())
}

/// SUBUSER when it is an account below the view's: the view's own is
/// `531` (an account invoices its subusers), another's or an unknown id
/// `531` as StatusUser's.
fn recipient_of<'a>(ctx: &Ctx<'_>, command: &str, subuser: &'a str) -> Result<&'a str> {
    let view = ctx.owner();
    if subuser == view {
        return Err(Error::AuthorizationFailed(format!(
            "{command} invoices subusers; {view} issues no invoice to itself"
        )));
    }
    if !ctx.system.in_subtree(view, subuser) || ctx.system.user(subuser).is_none() {
        return Err(outside("SUBUSER", subuser, view));
    }
    Ok(subuser)
}

/// The invoice INVOICEID names, as USERDEPTH reads it (the request then
/// finished): SELF (default) one issued to `view` (ACTIVE or CANCELED),
/// SUBUSER one `view` issued (any status); with its issuer.
pub(super) fn viewed_invoice<'s>(
    args: &mut Args<'_>,
    system: &'s System,
    view: &'s str,
) -> Result<(&'s str, &'s Invoice)> {
    let id = read_id(args.required("INVOICEID")?)?;
    let issued = read_depth(args)?;
    args.finish()?;
    match issued {
        true => Ok((view, system.issued_invoice(view, id)?)),
        false => system.received_invoice(view, id),
    }
}

/// An invoice ID: 2 to 32 English letters and digits (`505`).
pub(super) fn read_id(text: &str) -> Result<&str> {
    if !ID_LENGTH.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::syntax_rule(
            "INVOICEID",
            text,
            "takes 2 to 32 letters and digits",
        ));
    }
    Ok(text)
}

/// STATUS of UpdateInvoice and QueryInvoiceList: NEW, ACTIVE or CANCELED
/// (`541` for another word), none when absent or empty.
pub(super) fn read_status(args: &mut Args<'_>) -> Result<Option<InvoiceStatus>> {
    match args.optional("STATUS").filter(|text| !text.is_empty()) {
        Some(text) => InvoiceStatus::parse(text).map(Some).ok_or_else(|| {
            Error::invalid(
                "STATUS",
                format_args!("({text}) is not NEW, ACTIVE or CANCELED"),
            )
        }),
        None => Ok(None),
    }
}

/// USERDEPTH of StatusInvoice and QueryInvoiceList: `SELF` (default) reads an invoice issued to
/// the view (`false`), `SUBUSER` one the view issued (`true`); else `506`.
pub(super) fn read_depth(args: &mut Args<'_>) -> Result<bool> {
    match args
        .optional("USERDEPTH")
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("" | "SELF") => Ok(false),
        Some("SUBUSER") => Ok(true),
        Some(other) => Err(Error::InvalidOption(format!(
            "USERDEPTH: ({other}) is not SELF or SUBUSER"
        ))),
    }
}

/// `DATA<n>` = `key:value` (`505` without the colon or with a key other
/// than letters, digits, `_`, `-` and `.`, at most 64); an empty DATA<n>
/// is skipped. A later index wins for a key given twice.
pub(super) fn read_data<'a>(args: &mut Args<'a>) -> Result<Vec<(&'a str, &'a str)>> {
    let mut pairs = Vec::new();
    for (n, text) in args.list("DATA") {
        if text.is_empty() {
            continue;
        }
        let name = format!("DATA{n}");
        let key_ok = |key: &str| {
            !key.is_empty()
                && key.len() <= MAX_KEY
                && (key.bytes()).all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
        };
        let Some((key, value)) = text.split_once(':').filter(|(key, _)| key_ok(key)) else {
            return Err(Error::syntax_rule(
                &name,
                text,
                "is key:value, the key letters, digits, _, - and . (at most 64)",
            ));
        };
        if let Err(Refusal::Malformed(why) | Refusal::TooLong(why)) =
            environment::check_value(value)
        {
            return Err(Error::syntax_rule(&name, text, why));
        }
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// DATATYPE[i] and DATAVALUE[i], sorted by type.
fn push_data(response: &mut Response, invoice: &Invoice) {
    for key in invoice.data.keys() {
        response.push_str("DATATYPE", key);
    }
    for value in invoice.data.values() {
        response.push_str("DATAVALUE", value);
    }
}
