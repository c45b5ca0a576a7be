//! The CentralNic Reseller transfer lists (KB `QueryTransferList`,
//! `QueryForeignTransferList`): the caller's pending transfers in, and its
//! domains' pending transfers away, through HEXONET's core
//! (`transfer_list::Filter::rows`, the same transfer indexes and DOMAIN
//! pattern), paged and written with the CNR names. Reads only.

use super::super::list::Page;
use super::super::transfer::REGISTRAR;
use super::super::transfer_list::{Filter, Side};
use super::super::{Args, Ctx};
use super::{columns, push_window, window};
use crate::error::Result;
use crate::wire::Response;

/// The one state of a transfer otebox lists: pending until it is approved,
/// denied, cancelled or its days run out (then it leaves the lists).
const PENDING: &str = "PENDING";

/// The columns of QueryTransferList, alphabetical as `column[i]` lists them.
const INCOMING: &[&str] = &["domain", "domaintransferstatus"];

/// The columns of QueryForeignTransferList.
const FOREIGN: &[&str] = &[
    "domain",
    "requestingregistrar",
    "transferdate",
    "transferstatus",
];

/// Reads DOMAIN, WIDE (the flag as sent), the page and the accepted export
/// parameters, as both lists take them.
fn read<'a>(args: &mut Args<'a>) -> Result<(Filter<'a>, Page, Option<bool>)> {
    let filter = Filter::domain(args.optional("DOMAIN"));
    let wide = args.flag("WIDE")?;
    let page = window(args)?;
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    args.finish()?;
    Ok((filter, page, wide))
}

/// The caller's pending incoming transfers (those it requested), in name
/// order. Each row's `domaintransferstatus` is there unless `WIDE=0` is
/// sent (the KB: WIDE returns the status or not; its answer without
/// parameters shows it).
///
/// ```text
/// COMMAND = QueryTransferList
/// DOMAIN  = <pattern, * any run>   (optional; ByteInternet's client: dogsarecool*)
/// WIDE    = 0 | 1                  (optional)
/// FIRST   = <n> (0)    LIMIT = <n> (1000, at most 10000; 0 an empty page)
/// GENERATELIST, SENDLISTEMAIL = accepted
/// ---
/// property[column][i] = domain, domaintransferstatus (WIDE=0: domain)
/// property[count][0]
/// property[domain][n], property[domaintransferstatus][n] = PENDING
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_transfer_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let (filter, page, wide) = read(args)?;
    let status = wide != Some(false);
    let rows = filter.rows(ctx.system, ctx.owner(), Side::Gaining);
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::with_room(8 + rows.len() * 2, 128);
    columns(
        &mut response,
        if status { INCOMING } else { &INCOMING[..1] },
    );
    response.push("count", rows.len());
    for (_, transfer) in &rows {
        response.push_str("domain", transfer.domain.as_str());
        if status {
            response.push_str("domaintransferstatus", PENDING);
        }
    }
    push_window(&mut response, page, rows.len(), total);
    Ok(response)
}

/// The pending transfers away of the caller's domains, in name order: the
/// requesting registrar (every transfer between otebox accounts is
/// requested through otebox), the day it was requested, its state. `WIDE`
/// is accepted and changes nothing.
///
/// ```text
/// COMMAND = QueryForeignTransferList
/// DOMAIN  = <pattern, * any run>   (optional)
/// WIDE    = 0 | 1                  (optional)
/// FIRST   = <n> (0)    LIMIT = <n> (1000, at most 10000; 0 an empty page)
/// GENERATELIST, SENDLISTEMAIL = accepted
/// ---
/// property[column][i] = domain, requestingregistrar, transferdate, transferstatus
/// property[count][0]
/// property[domain][n], property[requestingregistrar][n] = otebox,
/// property[transferdate][n] = YYYY-MM-DD hh:mm:ss, property[transferstatus][n] = PENDING
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_foreign_transfer_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let (filter, page, _) = read(args)?;
    let rows = filter.rows(ctx.system, ctx.owner(), Side::Losing);
    let (rows, total) = page.take(rows.into_iter());
    let mut response = Response::with_room(8 + rows.len() * 4, 128);
    columns(&mut response, FOREIGN);
    response.push("count", rows.len());
    for (_, transfer) in &rows {
        response
            .push_str("domain", transfer.domain.as_str())
            .push_str("requestingregistrar", REGISTRAR)
            .push("transferdate", transfer.requested.datetime())
            .push_str("transferstatus", PENDING);
    }
    push_window(&mut response, page, rows.len(), total);
    Ok(response)
}
