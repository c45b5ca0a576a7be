//! QuerySSLCertList and ParseSSLCertCSR (SSLCERT, HEXONET): read the
//! account's certificates (`registry/ssl.rs`) or a CSR; change nothing.
//! Ordering and status are `ssl.rs`.

use super::ssl::expiry;
use super::ssl_fields::read_csr;
use super::{Args, Ctx};
use crate::error::Result;
use crate::registry::order::Order;
use crate::registry::ssl::{SslCert, SslStatus};
use crate::wire::Response;

/// The account's certificates, oldest first, with their CN, class, status
/// and dates.
///
/// ```text
/// COMMAND = QuerySSLCertList
/// ---
/// PROPERTY[SSLCERTID|CN|CLASS|STATUS|CREATEDDATE|EXPIRATIONDATE][n], PROPERTY[COUNT|TOTAL][0]
/// ```
pub(super) fn query_ssl_cert_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    args.finish()?;
    let rows: Vec<(u64, &Order, &SslCert, SslStatus)> = ctx
        .system
        .orders_of(ctx.owner())
        .filter_map(|(id, order)| {
            let cert = order.ssl.as_deref()?;
            Some((id, order, cert, cert.status))
        })
        .collect();
    let mut response = Response::ok();
    for row in &rows {
        response.push("CLASS", &row.2.class);
    }
    for row in &rows {
        response.push("CN", &row.2.cn);
    }
    response.push("COUNT", rows.len());
    for row in &rows {
        response.push("CREATEDDATE", row.1.created.datetime());
    }
    for row in &rows {
        response.push("EXPIRATIONDATE", expiry(row.2));
    }
    for row in &rows {
        response.push("SSLCERTID", row.0);
    }
    for row in &rows {
        response.push("STATUS", row.3.as_str());
    }
    response.push("TOTAL", rows.len());
    Ok(response)
}

/// What a CSR says (CN, SANs, organization, key), without ordering.
///
/// ```text
/// COMMAND = ParseSSLCertCSR
/// CSR0..N = <the PEM lines>
/// ---
/// PROPERTY[CN|ALTERNATECN|ORGANIZATION|KEYTYPE|KEYLENGTH][n]
/// ```
pub(super) fn parse_ssl_cert_csr(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let (_, csr) = read_csr(args)?;
    args.finish()?;
    let mut response = Response::ok();
    for san in &csr.sans {
        response.push("ALTERNATECN", san);
    }
    response
        .push("CN", &csr.cn)
        .push("KEYLENGTH", csr.key_bits)
        .push("KEYTYPE", csr.key_type)
        .push("ORGANIZATION", &csr.organization);
    Ok(response)
}
