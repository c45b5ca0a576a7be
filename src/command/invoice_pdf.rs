//! The invoice PDF commands of USER/INVOICE: UpdateInvoicePDF (the issuer
//! uploads or replaces an invoice's PDF) and GetInvoicePDF (issuer or
//! recipient reads it), one function per wire command. They own the PDF's
//! wire form (base64 in `PDF<n>` lines) and its checks (a PDF file, at
//! most `MAX_PDF` bytes); the registry (`registry/invoice.rs`) only keeps
//! the bytes. They must not touch the ledger or an invoice's other fields.

use super::base64_lines::{decode_lines, encode_lines};
use super::invoice::{read_id, viewed_invoice};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::{Invoice, InvoicePdf};
use crate::wire::Response;

/// The largest PDF an invoice keeps, decoded (`541` above): the snapshot
/// must not grow without bound. 512 KiB fits the default 1 MiB body in
/// base64, and the reference's 76-character lines of it in `PDF0..PDF9999`
/// (the four-digit indexes `Args::list` reads).
const MAX_PDF: usize = 512 * 1024;
/// GetInvoicePDF's base64 line length (as the reference's example).
const LINE: usize = 76;
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
    let (issuer, invoice) = viewed_invoice(args, ctx.system, ctx.owner())?;
    let pdf = invoice.pdf.as_ref().ok_or_else(|| {
        Error::ObjectNotFound(format!(
            "no PDF for invoice {} (UpdateInvoicePDF uploads one)",
            invoice.id
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
    for line in encode_lines(&pdf.bytes, LINE) {
        response.push_str("PDF", &line);
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
    let encoded: usize = lines.iter().map(|(_, line)| line.len()).sum();
    if encoded == 0 {
        return Err(Error::missing("PDF0"));
    }
    let too_big = || Error::invalid("PDF", format_args!("is larger than {MAX_PDF} bytes"));
    if encoded > MAX_PDF.div_ceil(3) * 4 {
        return Err(too_big());
    }
    let bytes = decode_lines(&lines)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::args::params;

    /// The PDF lines of a file of `size` bytes starting `%PDF-`, read.
    fn read(size: usize) -> Result<Vec<u8>> {
        let mut file = b"%PDF-".to_vec();
        file.resize(size, b' ');
        let lines = encode_lines(&file, 76);
        let pairs: Vec<(String, &str)> = (lines.iter().enumerate())
            .map(|(n, line)| (format!("PDF{n}"), line.as_str()))
            .collect();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let map = params(&pairs);
        read_pdf(&mut Args::new(&map))
    }

    /// The largest PDF fits the four-digit indexes in 76-character lines;
    /// one byte more is `541`.
    #[test]
    fn the_largest_pdf_fits_the_indexes_and_one_byte_more_is_refused() {
        assert_eq!(read(MAX_PDF).map(|bytes| bytes.len()), Ok(MAX_PDF));
        assert!(encode_lines(&vec![0; MAX_PDF], 76).len() <= 10_000);
        assert_eq!(read(MAX_PDF + 1).map_err(|why| why.code()), Err(541));
    }
}
