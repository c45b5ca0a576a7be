//! The CentralNic Reseller mail forwarding commands (cnr-commands.md
//! §40–§42): AddMailFwd, QueryMailFwdList, DeleteMailFwd. A forwarding of
//! `prefix@host` is the X-SMTP record `<prefix>@ MAILFORWARD <target>` at
//! the host, the record HEXONET's UpdateDNSZone EXTENDED=1 writes (WHMCS's
//! `@ X-SMTP info@ MAILFORWARD ...`), so either dialect reads what the
//! other wrote. Shared helpers are in `forward.rs`.

use super::super::{Args, Ctx};
use super::columns;
use super::dnszone_args::{done, echo, read_cltrid};
use super::dnszone_list::{read_order, read_order_by, read_window};
use super::forward::{change, forwardings, host, zone_of, zones_to_list};
use super::push_window;
use crate::command::list::{MAX_LIMIT, glob};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::zone::{self, DEFAULT_TTL, Line, Pattern, Rr, RrType, ZoneChange};
use crate::wire::Response;

/// FROM = `<prefix>@<host>` (`*@host` or `@host`: every address of the host):
/// the prefix (empty for all) and the host.
fn read_from(text: &str) -> Result<(String, String)> {
    let Some((prefix, domain)) = text.rsplit_once('@') else {
        return Err(Error::syntax_rule(
            "FROM",
            text,
            "must be <prefix>@<domain>",
        ));
    };
    let prefix = if prefix == "*" { "" } else { prefix };
    if !prefix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b))
    {
        return Err(Error::syntax_rule(
            "FROM",
            text,
            "the part before @ may hold only letters, digits and . _ + - (or be * for every address)",
        ));
    }
    Ok((prefix.to_owned(), host("FROM", domain)?))
}

/// The X-SMTP data of one forwarding.
fn mail_data(prefix: &str, to: &str) -> Result<String> {
    zone::parse_rdata(
        Dialect::Cnr,
        "",
        RrType::XSmtp,
        &format!("{prefix}@ MAILFORWARD {to}"),
    )
    .map_err(|why| Error::syntax_rule("TO", to, why))
}

/// Forwards mail for an address (or every address, `*@host`) of a host in
/// one of the caller's zones: an X-SMTP record at the host.
///
/// ```text
/// COMMAND = AddMailFwd
/// FROM    = <prefix>@<host>     (*@<host>: every address)
/// TO      = <e-mail address>
/// CLTRID  = <text>              (optional, echoed as cltrid)
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn add_mail_fwd(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let from = args.required("FROM")?;
    let to = args.required("TO")?;
    let cltrid = read_cltrid(args);
    let (prefix, owner) = read_from(from)?;
    let data = mail_data(&prefix, to)?;
    args.finish()?;
    let zone = zone_of(ctx.system, ctx.owner(), &owner)?;
    if zone.records.contains(&owner, RrType::XSmtp, &data) {
        return Err(Error::NotUnique(format!(
            "mail forwarding FROM {from} TO {to} exists already"
        )));
    }
    let name = zone.name.clone();
    let rr = Rr {
        owner,
        ttl: DEFAULT_TTL,
        kind: RrType::XSmtp,
        data,
    };
    let add = ZoneChange {
        add: vec![("FROM".to_owned(), Line::Record(rr))],
        extended: true,
        ..ZoneChange::default()
    };
    change(ctx, &name, add)?;
    Ok(done(cltrid))
}

/// Lists the caller's mail forwardings (every X-SMTP record, whichever
/// dialect wrote it): `dnszone`, `from` and `to` with or without WIDE
/// (WHMCS reads `from`/`to` without it). `from` of a catch-all is `*@host`.
///
/// ```text
/// COMMAND = QueryMailFwdList
/// DNSZONE = <zone>   FROM (or SOURCE), TO (or TARGET) = <pattern, * any run>   (filters)
/// ORDERBY = dnszone | from | to   ORDER = ASC | DESC
/// WIDE    = 0 | 1     FIRST = <n> (0)   LIMIT = <n> (1000, at most 10000)
/// CLTRID  = <text>    (optional, echoed as cltrid)
/// ---
/// property[column][i] = dnszone, from, to
/// property[count][0], property[dnszone][n], property[from][n], property[to][n]
/// property[first][0], property[last][0], property[limit][0], property[total][0]
/// ```
pub(super) fn query_mail_fwd_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let dnszone = args.optional("DNSZONE");
    let from = args.optional("FROM").or(args.optional("SOURCE"));
    let to = args.optional("TO").or(args.optional("TARGET"));
    let order_by = read_order_by(args, &["dnszone", "from", "to"])?;
    let descending = read_order(args)?;
    args.flag("WIDE")?;
    let window = read_window(args, MAX_LIMIT)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    let zones = zones_to_list(ctx.system, ctx.owner(), dnszone, None);
    let mut rows: Vec<(&str, String, &str)> = Vec::new();
    for (zone, owner, data) in forwardings(&zones, RrType::XSmtp) {
        // `<prefix>@ MAILFORWARD <target>`
        let mut tokens = data.split(' ');
        let prefix = tokens.next().unwrap_or_default().trim_end_matches('@');
        let target = tokens.nth(1).unwrap_or_default();
        let address = format!("{}@{owner}", if prefix.is_empty() { "*" } else { prefix });
        if from.is_none_or(|p| glob(p, &address)) && to.is_none_or(|p| glob(p, target)) {
            rows.push((zone.name.as_str(), address, target));
        }
    }
    match order_by {
        Some("from") => rows.sort_by(|a, b| a.1.cmp(&b.1)),
        Some("to") => rows.sort_by_key(|row| row.2),
        _ => rows.sort_by_key(|row| row.0),
    }
    if descending {
        rows.reverse();
    }
    let (page, total) = window.take(rows.into_iter());
    let mut response = Response::with_room(page.len() * 3 + 12, page.len() * 80 + 128);
    echo(&mut response, cltrid);
    columns(&mut response, &["dnszone", "from", "to"]);
    response.push("count", page.len());
    for (zone, address, target) in &page {
        response
            .push_str("dnszone", zone)
            .push_str("from", address)
            .push_str("to", target);
    }
    push_window(&mut response, window, page.len(), total);
    Ok(response)
}

/// Removes the mail forwarding of an address (to TO only, when given).
///
/// ```text
/// COMMAND = DeleteMailFwd
/// FROM    = <prefix>@<host>     (*@<host>: the catch-all)
/// TO      = <e-mail address>    (optional: only the forwarding to it)
/// CLTRID  = <text>              (optional, echoed as cltrid)
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn delete_mail_fwd(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let from = args.required("FROM")?;
    let to = args.optional("TO");
    let cltrid = read_cltrid(args);
    let (prefix, owner) = read_from(from)?;
    let wanted = to.map(|to| mail_data(&prefix, to)).transpose()?;
    args.finish()?;
    let zone = zone_of(ctx.system, ctx.owner(), &owner)?;
    let head = format!("{prefix}@ ");
    let delete: Vec<(String, Pattern)> = zone
        .records
        .rrset(&owner, RrType::XSmtp)
        .into_iter()
        .flat_map(|set| set.data.iter())
        .filter(|data| match &wanted {
            Some(wanted) => *data == wanted,
            None => data.starts_with(&head),
        })
        .map(|data| {
            let pattern = Pattern {
                owner: Some(owner.clone()),
                kind: Some(RrType::XSmtp),
                data: Some(data.clone()),
            };
            ("FROM".to_owned(), pattern)
        })
        .collect();
    if delete.is_empty() {
        return Err(Error::ObjectNotFound(format!(
            "no mail forwarding FROM {from}{}",
            to.map(|to| format!(" TO {to}")).unwrap_or_default()
        )));
    }
    let name = zone.name.clone();
    let change_ = ZoneChange {
        delete,
        extended: true,
        ..ZoneChange::default()
    };
    change(ctx, &name, change_)?;
    Ok(done(cltrid))
}
