//! The invoice PDF commands of USER/INVOICE: UpdateInvoicePDF (the issuer
//! uploads or replaces an invoice's PDF) and GetInvoicePDF (issuer or
//! recipient reads it), one function per wire command. They own the PDF's
//! wire form (base64 in `PDF<n>` lines) and its checks (a PDF file, at
//! most `MAX_PDF` bytes); the registry (`registry/invoice.rs`) only keeps
//! the bytes. They must not touch the ledger or an invoice's other fields.

use base64::DecodeError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::invoice::{read_depth, read_id};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Invoice, InvoicePdf};
use crate::wire::Response;

/// The largest PDF an invoice keeps, decoded (`541` above): the snapshot
/// must not grow without bound.
const MAX_PDF: usize = 2 * 1024 * 1024;
/// GetInvoicePDF's base64 line length (as the reference's example).
const LINE: usize = 76;
/// The rule a bad `PDF<n>` breaks.
const NOT_BASE64: &str = "is not base64 (A-Z, a-z, 0-9, + and /; = only to pad the last line)";
/// What every PDF file starts with.
const MAGIC: &[u8] = b"%PDF-";

/// Adds or replaces the PDF of one of the view's invoices (any status):
/// `531` for one issued to the view, `545` for another unknown to it.
///
/// ```text
/// COMMAND   = UpdateInvoicePDF
/// INVOICEID = <id of an invoice the view issued>
/// PDF<n>    = <base64 lines, joined in index order>   (or one PDF = <base64>)
/// ```
pub(super) fn update_invoice_pdf(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args.required("INVOICEID")?)?;
    let bytes = read_pdf(args)?;
    args.finish()?;
    let issuer = ctx.owner().to_owned();
    if ctx.system.issued_invoice(&issuer, id).is_err()
        && ctx.system.received_invoice(&issuer, id).is_ok()
    {
        return Err(Error::AuthorizationFailed(format!(
            "INVOICE {id} was issued to {issuer}; only its issuer uploads its PDF"
        )));
    }
    let now = ctx.now;
    ctx.system.set_invoice_pdf(&issuer, id, bytes, now)?;
    Ok(Response::ok())
}

/// The PDF of one invoice: USERDEPTH=SELF (default) one issued to the
/// view (ACTIVE or CANCELED), SUBUSER one the view issued (any status);
/// `545` when none was uploaded.
///
/// ```text
/// COMMAND   = GetInvoicePDF
/// INVOICEID = <id>
/// USERDEPTH = SELF | SUBUSER                  (optional)
/// ---
/// PROPERTY[CREATEDBY|CREATEDDATE|INVOICEGUID|INVOICEID][0]
/// PROPERTY[PDF][i]   (the file in base64, 76 characters a line)
/// PROPERTY[PDFUPDATEDDATE|STATUS|USER][0]   (USER: who asked)
/// ```
pub(super) fn get_invoice_pdf(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args.required("INVOICEID")?)?;
    let issued = read_depth(args)?;
    args.finish()?;
    let view = ctx.owner();
    let (issuer, invoice) = match issued {
        true => (view, ctx.system.issued_invoice(view, id)?),
        false => ctx.system.received_invoice(view, id)?,
    };
    let pdf = invoice.pdf.as_ref().ok_or_else(|| {
        Error::ObjectNotFound(format!(
            "no PDF for invoice {id} (UpdateInvoicePDF uploads one)"
        ))
    })?;
    Ok(pdf_response(issuer, invoice, pdf, &ctx.actor()))
}

/// GetInvoicePDF's properties, in the reference's order.
fn pdf_response(issuer: &str, invoice: &Invoice, pdf: &InvoicePdf, user: &str) -> Response {
    let mut response = Response::ok();
    response
        .push_str("CREATEDBY", issuer)
        .push("CREATEDDATE", invoice.created.datetime())
        .push("INVOICEGUID", format_args!("{:016X}", invoice.guid))
        .push_str("INVOICEID", &invoice.id);
    let encoded = STANDARD.encode(&pdf.bytes);
    for line in encoded.as_bytes().chunks(LINE) {
        // base64 is ASCII: every chunk is a str.
        response.push_str("PDF", std::str::from_utf8(line).unwrap_or_default());
    }
    response
        .push("PDFUPDATEDDATE", pdf.updated.datetime())
        .push("STATUS", invoice.status.name())
        .push_str("USER", user);
    response
}

/// `PDF<n>` joined in index order (or one `PDF`), decoded: `504` without
/// any, `505` naming the line of bad base64 or for a file that is no PDF,
/// `541` past `MAX_PDF`.
fn read_pdf(args: &mut Args<'_>) -> Result<Vec<u8>> {
    let mut lines: Vec<(String, &str)> = (args.optional("PDF").into_iter())
        .map(|line| ("PDF".to_owned(), line))
        .collect();
    let numbered = args.list("PDF").into_iter();
    lines.extend(numbered.map(|(n, line)| (format!("PDF{n}"), line)));
    let encoded: String = lines.iter().map(|(_, line)| *line).collect();
    if encoded.is_empty() {
        return Err(Error::missing("PDF0"));
    }
    let too_big = || Error::invalid("PDF", format_args!("is larger than {MAX_PDF} bytes"));
    if encoded.len() > MAX_PDF.div_ceil(3) * 4 {
        return Err(too_big());
    }
    let bytes = STANDARD.decode(encoded.as_bytes()).map_err(|why| {
        let at = match why {
            DecodeError::InvalidByte(at, _) | DecodeError::InvalidLastSymbol { offset: at, .. } => {
                at
            }
            DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => encoded.len() - 1,
        };
        let mut start = 0;
        let (name, line) = (lines.iter())
            .filter(|(_, line)| !line.is_empty())
            .find(|(_, line)| {
                start += line.len();
                at < start
            })
            .map_or(("PDF", ""), |(name, line)| (name.as_str(), *line));
        Error::syntax_rule(name, line, NOT_BASE64)
    })?;
    if bytes.len() > MAX_PDF {
        return Err(too_big());
    }
    if !bytes.starts_with(MAGIC) {
        // Name the first line: where %PDF- would be.
        let (name, line) = (lines.iter().find(|(_, line)| !line.is_empty()))
            .map_or(("PDF", ""), |(name, line)| (name.as_str(), *line));
        return Err(Error::syntax_rule(
            name,
            line,
            "decodes to no PDF file (it does not start %PDF-)",
        ));
    }
    Ok(bytes)
}
