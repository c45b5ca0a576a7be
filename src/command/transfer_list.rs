//! What the sides of pending transfers see, HEXONET dialect:
//! StatusDomainTransfer (the requester's view of one transfer),
//! QueryTransferList (the gaining side's pending transfers) and
//! QueryForeignTransferList (the losing side's). Reads only; walks the
//! viewer's own transfer indexes, never the whole table. `Filter::rows` is
//! the lists' core, which the CNR lists (`command/cnr/transfer_list.rs`)
//! call too.

use super::domain::shared::read_name;
use super::list::{OrderBy, Page, UserDepth, glob, read_date};
use super::transfer::REGISTRAR;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue;
use crate::registry::{OUTSIDE_REGISTRAR, Role, System, Timestamp, Transfer};
use crate::wire::Response;

/// Rows per page when LIMIT is absent.
const DEFAULT_LIMIT: usize = 100;

/// The pending incoming transfer of a domain, for the account that requested it.
///
/// ```text
/// COMMAND = StatusDomainTransfer
/// DOMAIN  = <domain>
/// ---
/// PROPERTY[ADMINCONTACT][0], [BILLINGCONTACT][0], [CREATEDDATE][0], [NAMESERVER][n],
/// [OLD-REGISTRAR][0], [OWNERCONTACT][0], [REPOSITORY][0], [TECHCONTACT][0],
/// [TRANSFERLOG][n], [TRANSFERSTATUS][0] (PENDING), [TRANSFERTYPE][0] (INCOMING),
/// [UPDATEDDATE][0]; 545 when the caller has none pending for the domain
/// ```
pub(super) fn status_domain_transfer(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    let owner = ctx.owner();
    let Some(transfer) = ctx
        .system
        .pending_transfer(name.as_str())
        .filter(|transfer| transfer.gaining == owner)
    else {
        // A failed transfer of the caller's stays visible in the text.
        let failed = ctx
            .system
            .failed_transfer(name.as_str())
            .filter(|transfer| transfer.gaining == owner)
            .and_then(|transfer| transfer.log.last())
            .map_or(String::new(), |line| {
                format!("; the last one ended: {line}")
            });
        return Err(Error::ObjectNotFound(format!(
            "no transfer of {name} is pending for {owner}{failed}"
        )));
    };
    let repository = catalogue::find(&transfer.domain).map_or("", |tld| tld.repository);
    let contact = |role: Role| transfer.contacts[role.index()].as_deref();
    let mut response = Response::ok();
    if let Some(handle) = contact(Role::Admin) {
        response.push_str("ADMINCONTACT", handle);
    }
    if let Some(handle) = contact(Role::Billing) {
        response.push_str("BILLINGCONTACT", handle);
    }
    response.push("CREATEDDATE", transfer.requested.datetime());
    for ns in &transfer.nameservers {
        response.push_str("NAMESERVER", ns);
    }
    let old = match transfer.losing {
        Some(_) => REGISTRAR,
        None => OUTSIDE_REGISTRAR,
    };
    response.push_str("OLD-REGISTRAR", old);
    if let Some(handle) = contact(Role::Owner) {
        response.push_str("OWNERCONTACT", handle);
    }
    response.push_str("REPOSITORY", repository);
    if let Some(handle) = contact(Role::Tech) {
        response.push_str("TECHCONTACT", handle);
    }
    for line in &transfer.log {
        response.push_str("TRANSFERLOG", line);
    }
    response
        .push_str("TRANSFERSTATUS", "PENDING")
        .push_str("TRANSFERTYPE", "INCOMING")
        .push("UPDATEDDATE", transfer.updated.datetime());
    Ok(response)
}

/// The filters both lists read (both dialects: the CNR lists build one
/// from their DOMAIN pattern with [`Filter::domain`]).
pub(in crate::command) struct Filter<'a> {
    page: Page,
    domain: Option<&'a str>,
    min: Option<Timestamp>,
    max: Option<Timestamp>,
    order: OrderBy,
    depth: UserDepth,
}

/// Which side of its pending transfers an account lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::command) enum Side {
    /// The transfers it requested (QueryTransferList).
    Gaining,
    /// The transfers away of its domains (QueryForeignTransferList).
    Losing,
}

fn read_filter<'a>(args: &mut Args<'a>, keys: &[&'static str]) -> Result<Filter<'a>> {
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let domain = args.optional("DOMAIN");
    let min = read_date(args, "MINCREATEDDATE")?;
    let max = read_date(args, "MAXCREATEDDATE")?;
    let order = if args.present("ORDERBY") {
        OrderBy::read(args, keys)?
    } else {
        // The doc example lists the newest request first.
        OrderBy {
            key: "CREATEDDATE",
            descending: true,
        }
    };
    let depth = UserDepth::read(args, UserDepth::All)?;
    Ok(Filter {
        page,
        domain,
        min,
        max,
        order,
        depth,
    })
}

impl<'a> Filter<'a> {
    /// The caller's own transfers (no subusers), only those of names
    /// matching `domain` if given, in name order; the page is not read.
    pub(in crate::command) fn domain(domain: Option<&'a str>) -> Self {
        Filter {
            page: Page { first: 0, limit: 0 },
            domain,
            min: None,
            max: None,
            order: OrderBy {
                key: "DOMAIN",
                descending: false,
            },
            depth: UserDepth::SelfOnly,
        }
    }

    /// Both lists' core, both dialects': the pending transfers on `side`
    /// of the accounts the depth gives under `view` that pass, sorted, as
    /// `(account, transfer)`.
    pub(in crate::command) fn rows<'s>(
        &self,
        system: &'s System,
        view: &'s str,
        side: Side,
    ) -> Vec<(&'s str, &'s Transfer)> {
        let owners = self.depth.owners(system, view);
        let mut rows: Vec<(&str, &Transfer)> = Vec::new();
        for owner in owners {
            match side {
                Side::Gaining => rows.extend(system.transfers_in(owner).map(|t| (owner, t))),
                Side::Losing => rows.extend(system.transfers_out(owner).map(|t| (owner, t))),
            }
        }
        self.apply(rows)
    }

    /// The transfers of `rows` that pass, sorted, as `(account, transfer)`.
    fn apply<'s>(&self, mut rows: Vec<(&'s str, &'s Transfer)>) -> Vec<(&'s str, &'s Transfer)> {
        rows.retain(|(_, transfer)| {
            self.domain
                .is_none_or(|pattern| glob(pattern, transfer.domain.as_str()))
                && self.min.is_none_or(|min| transfer.requested >= min)
                && self.max.is_none_or(|max| transfer.requested <= max)
        });
        match self.order.key {
            "USER" => {
                rows.sort_by(|a, b| (a.0, a.1.domain.as_str()).cmp(&(b.0, b.1.domain.as_str())))
            }
            "CREATEDDATE" => rows.sort_by(|a, b| {
                (a.1.requested, a.1.domain.as_str()).cmp(&(b.1.requested, b.1.domain.as_str()))
            }),
            _ => rows.sort_by(|a, b| a.1.domain.as_str().cmp(b.1.domain.as_str())),
        }
        if self.order.descending {
            rows.reverse();
        }
        rows
    }
}

/// The caller's (and its subusers') pending incoming transfers.
///
/// ```text
/// COMMAND   = QueryTransferList
/// DOMAIN    = <pattern>                                          (optional)
/// USERDEPTH = ALL | SELF | SUBUSER                               (optional, ALL)
/// MINCREATEDDATE, MAXCREATEDDATE = YYYY-MM-DD[ hh:mm:ss]         (optional)
/// ORDERBY   = DOMAIN | USER | CREATEDDATE [DESC]                 (optional, CREATEDDATEDESC)
/// FIRST, LIMIT
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0], PROPERTY[CREATEDDATE|DOMAIN|DOMAINUMLAUT|
/// PARENTUSER|PEERUSER|USER][n]
/// ```
pub(super) fn query_transfer_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let filter = read_filter(args, &["DOMAIN", "USER", "CREATEDDATE"])?;
    args.finish()?;
    let system = &*ctx.system;
    let view = ctx.caller.owner();
    let rows = filter.rows(system, view, Side::Gaining);
    let (rows, mut response) = filter.page.respond(rows.into_iter());
    for (owner, transfer) in rows {
        response
            .push("CREATEDDATE", transfer.requested.datetime())
            .push_str("DOMAIN", transfer.domain.as_str())
            .push("DOMAINUMLAUT", transfer.domain.unicode())
            .push_str("PARENTUSER", system.parent_of(owner))
            .push("PEERUSER", system.peer_chain(view, owner))
            .push_str("USER", owner);
    }
    Ok(response)
}

/// Pending transfers away of the caller's (and its subusers') domains.
///
/// ```text
/// COMMAND   = QueryForeignTransferList
/// DOMAIN    = <pattern>                                  (optional)
/// USERDEPTH = ALL | SELF | SUBUSER                       (optional, ALL)
/// TARGET    = ALL | SELF | SUBUSER | TRADE               (optional; TRADE: none, trades are not foreign)
/// WIDE      = 0 | 1                                      (accepted; same columns)
/// MINCREATEDDATE, MAXCREATEDDATE, ORDERBY (DOMAIN | CREATEDDATE [DESC]), FIRST, LIMIT
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0], PROPERTY[CREATEDDATE|DOMAIN|DOMAINUMLAUT|
/// NEWREGISTRAR|OLDREGISTRAR|PARENTUSER|PEERUSER|STATUS|USER][n]
/// ```
pub(super) fn query_foreign_transfer_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let filter = read_filter(args, &["DOMAIN", "CREATEDDATE"])?;
    args.flag("WIDE")?;
    let trades_only = match args
        .optional("TARGET")
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("ALL" | "SELF" | "SUBUSER") => false,
        Some("TRADE") => true,
        Some(other) => {
            return Err(Error::InvalidOption(format!(
                "TARGET: ({other}) is not ALL, SELF, SUBUSER or TRADE"
            )));
        }
    };
    args.finish()?;
    let system = &*ctx.system;
    let view = ctx.caller.owner();
    let rows = if trades_only {
        Vec::new()
    } else {
        filter.rows(system, view, Side::Losing)
    };
    let (rows, mut response) = filter.page.respond(rows.into_iter());
    for (owner, transfer) in rows {
        response
            .push("CREATEDDATE", transfer.requested.datetime())
            .push_str("DOMAIN", transfer.domain.as_str())
            .push("DOMAINUMLAUT", transfer.domain.unicode())
            .push_str("NEWREGISTRAR", REGISTRAR)
            .push_str("OLDREGISTRAR", REGISTRAR)
            .push_str("PARENTUSER", system.parent_of(owner))
            .push("PEERUSER", system.peer_chain(view, owner))
            .push_str("STATUS", "PENDING")
            .push_str("USER", owner);
    }
    Ok(response)
}
