//! TradeDomain and StatusDomainTrade: the change of registrant where a
//! zone's policy makes it a trade (`ZONEPOLICYREGISTRANTNAMECHANGEBY` =
//! `TRADE` or `ICANN-TRADE`). Trades complete at once (the reference's
//! "realtime domain trade succeeded"), except ICANN trades sent without both
//! Designated-Agent confirmations: those wait for the registrants and are
//! confirmed by the sandbox clock (`registry/trade.rs`), cancelled with
//! ACTION=cancel, shown by StatusDomainTrade. Zones that change the
//! registrant by update answer with the text WHMCS falls back to
//! ModifyDomain on. The work after reading (`trade_now`, `cancel_trade`) is
//! shared with the CNR TradeDomain (`command/cnr/domain_trade.rs`); the
//! checks before it (`trade_check::check_trade`) with CheckDomainTrade. Must not
//! touch other domain fields than the contacts and `X-` fields.

use super::args::{read_extension_changes, read_name, zone_of};
use super::trade_check::{TradeCheck, check_balance, check_trade};
use crate::command::contact::{ContactSpec, commit_contact, read_contact};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::trade::{Trade, with_trade_item};
use crate::registry::{Domain, DomainName, Money, Role};
use crate::wire::Response;
use indexmap::IndexMap;

/// The Designated-Agent confirmations an ICANN trade needs (IRTP-C).
const DA_CONFIRMATIONS: [&str; 2] = ["X-CONFIRM-DA-OLD-REGISTRANT", "X-CONFIRM-DA-NEW-REGISTRANT"];

/// Changes the registrant (and optionally the other contacts) of a domain
/// of the caller, charging the zone's trade price.
///
/// ```text
/// COMMAND        = TradeDomain
/// DOMAIN         = <domain>
/// OWNERCONTACT0  = <handle> or inline fields (OWNERCONTACT0FIRSTNAME=...)
/// ADMINCONTACT0, TECHCONTACT0, BILLINGCONTACT0 = <handle> or inline (optional)
/// ACTION         = request (default) | cancel (the pending trade)
/// AUTH           = <auth code>     (accepted; no sandbox registry asks for one)
/// X-CONFIRM-DA-OLD-REGISTRANT = 1, X-CONFIRM-DA-NEW-REGISTRANT = 1  (ICANN-TRADE zones)
/// X-REQUEST-OPT-OUT-TRANSFERLOCK = 0 | 1                            (ICANN-TRADE zones)
/// X-...          = <zone fields>   (stored as AddDomain stores them)
/// ---
/// 200 Command completed successfully; realtime domain trade succeeded
/// 200 Command completed successfully; domain trade initiated   (ICANN without both
///     confirmations: PENDING=1, confirmed and charged after 5 days)
/// ```
pub(in crate::command) fn trade_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let action = args.optional("ACTION").unwrap_or("request");
    let order = read_order(args, ctx)?;
    args.finish()?;
    if action.eq_ignore_ascii_case("cancel") {
        cancel_trade(ctx, order.name.as_str())?;
        return Ok(Response::ok());
    }
    if !action.eq_ignore_ascii_case("request") {
        return Err(Error::invalid(
            "ACTION",
            format_args!("({action}) is not REQUEST or CANCEL"),
        ));
    }
    let traded = trade_now(ctx, order)?;
    let mut response = Response::status(200, traded.description());
    response.pending = traded.pending;
    Ok(response)
}

/// TradeDomain's parameters as both HEXONET trade commands read them
/// (TradeDomain and CheckDomainTrade): DOMAIN, AUTH, the contacts, the
/// Designated-Agent confirmations, the lock opt-out and the zone's `X-` fields.
pub(super) fn read_order(args: &mut Args<'_>, ctx: &Ctx<'_>) -> Result<TradeOrder> {
    let name = read_name(args, "DOMAIN")?;
    // The code a registry may want with a trade (protocol.md §8 TradeDomain);
    // the sandbox's registries want none, so it is read and not checked.
    args.optional("AUTH");
    let mut contacts: Vec<(Role, ContactSpec)> = Vec::new();
    for role in Role::ALL {
        if let Some(spec) = read_contact(args, ctx, role.parameter(), 0)? {
            contacts.push((role, spec));
        }
    }
    let confirmations = [
        args.flag(DA_CONFIRMATIONS[0])?,
        args.flag(DA_CONFIRMATIONS[1])?,
    ];
    let opt_out = args
        .flag("X-REQUEST-OPT-OUT-TRANSFERLOCK")?
        .unwrap_or(false);
    // The zone's other fields (WHMCS sends its trade fields), kept as AddDomain keeps them.
    let extensions = read_extension_changes(args);
    Ok(TradeOrder {
        name,
        contacts,
        confirmations,
        opt_out,
        extensions,
    })
}

/// A registrant change as both dialects read it.
pub(in crate::command) struct TradeOrder {
    pub(in crate::command) name: DomainName,
    /// The new contacts; the owner's is required (`504 OWNERCONTACT0`).
    pub(in crate::command) contacts: Vec<(Role, ContactSpec)>,
    /// `X-CONFIRM-DA-OLD-REGISTRANT`, `X-CONFIRM-DA-NEW-REGISTRANT`.
    pub(in crate::command) confirmations: [Option<bool>; 2],
    /// `X-REQUEST-OPT-OUT-TRANSFERLOCK`.
    pub(in crate::command) opt_out: bool,
    /// The zone's `X-` fields, stored as AddDomain stores them.
    pub(in crate::command) extensions: IndexMap<String, String>,
}

/// What a trade did: completed at once or pending the registrants'
/// confirmations, the price (charged, or to be charged when confirmed) and
/// the contacts the domain has (or will have).
pub(in crate::command) struct Traded {
    pub(in crate::command) pending: bool,
    pub(in crate::command) price: Money,
    pub(in crate::command) contacts: [Vec<String>; 4],
}

impl Traded {
    /// HEXONET's DESCRIPTION of the outcome.
    pub(in crate::command) fn description(&self) -> &'static str {
        if self.pending {
            "Command completed successfully; domain trade initiated"
        } else {
            "Command completed successfully; realtime domain trade succeeded"
        }
    }
}

/// TradeDomain's work after reading (both dialects): [`check_trade`], then
/// charges and changes the contacts, or records the pending ICANN trade.
pub(in crate::command) fn trade_now(ctx: &mut Ctx<'_>, order: TradeOrder) -> Result<Traded> {
    let TradeCheck {
        icann,
        created,
        price,
        ..
    } = check_trade(ctx, &order, false)?;
    let TradeOrder {
        name,
        contacts,
        confirmations,
        opt_out,
        extensions,
    } = order;
    let Some(domain) = ctx.system.domain(name.as_str()) else {
        return Err(Error::ObjectNotFound(format!("{name} is gone")));
    };
    let mut new = domain.contacts.to_lists();
    if icann && confirmations != [Some(true), Some(true)] {
        // The registrants confirm by mail: pending, charged when confirmed.
        check_balance(ctx, price, name.as_str())?;
        for (role, spec) in contacts {
            new[role.index()] = vec![commit_contact(ctx, spec)];
        }
        let Some(domain) = ctx.system.domain(name.as_str()) else {
            return Err(Error::ObjectNotFound(format!("{name} is gone")));
        };
        let mut trade = Trade::new(domain, ctx.actor(), ctx.now, new.clone());
        trade.extensions = extensions.into_iter().collect();
        trade.opt_out_lock = opt_out;
        ctx.system.insert_trade(trade);
        ctx.system.mail_trade_confirmation(name.as_str(), ctx.now);
        ctx.system.close_registry_lock(name.as_str());
        ctx.log(Op::Trade, OpStatus::Request, name.as_str());
        let (pending, contacts) = (true, new);
        return Ok(Traded {
            pending,
            price,
            contacts,
        });
    }
    let tld = catalogue::find(&name).ok_or(Error::ServerError)?;
    with_trade_item(name.as_str(), tld, price, |item| ctx.charge(item))?;
    let handles: Vec<(Role, String)> = contacts
        .into_iter()
        .map(|(role, spec)| (role, commit_contact(ctx, spec)))
        .collect();
    for (role, handle) in &handles {
        new[role.index()] = vec![handle.clone()];
    }
    let (now, actor) = (ctx.now, ctx.actor());
    ctx.system.modify_domain(name.as_str(), |domain| {
        for (role, handle) in handles {
            domain.contacts.set(role, vec![handle]);
        }
        for (field, value) in &extensions {
            domain.set_extension(field, value);
        }
        domain.updated = now;
        domain.updated_by = actor.into();
    });
    if icann && !opt_out {
        ctx.system.set_trade_lock(name.as_str(), created, now);
    }
    ctx.system.close_registry_lock(name.as_str());
    ctx.log(Op::Trade, OpStatus::Successful, name.as_str());
    // The new registrant (either dialect) is asked to verify its address.
    super::verification::ask_for(ctx, name.as_str());
    let (pending, contacts) = (false, new);
    Ok(Traded {
        pending,
        price,
        contacts,
    })
}

/// ACTION=cancel (both dialects): the caller's domain's pending trade
/// ends, nothing charged.
pub(in crate::command) fn cancel_trade(ctx: &mut Ctx<'_>, name: &str) -> Result<()> {
    ctx.system.owned_domain(ctx.owner(), name)?;
    if ctx.system.take_trade(name).is_none() {
        return Err(Error::NotFlaggedForTransfer(format!(
            "no trade of {name} is pending"
        )));
    }
    ctx.log(Op::Trade, OpStatus::Cancelled, name);
    Ok(())
}

/// The pending trade of one of the caller's domains (WHMCS asks on every
/// domain page); `545` when none is pending, `545`/`531` as StatusDomain
/// for domains not the caller's.
///
/// ```text
/// COMMAND = StatusDomainTrade
/// DOMAIN  = <domain>
/// ---
/// PROPERTY[ADMINCONTACT|BILLINGCONTACT|OWNERCONTACT|TECHCONTACT][n] (after the trade),
/// PROPERTY[OLD-ADMINCONTACT|OLD-BILLINGCONTACT|OLD-OWNERCONTACT|OLD-TECHCONTACT][n],
/// PROPERTY[CREATEDDATE][0], PROPERTY[NAMESERVER][n], PROPERTY[OLD-REGISTRAR][0]=otebox,
/// PROPERTY[REPOSITORY][0], PROPERTY[TRANSFERLOG][n], PROPERTY[TRANSFERSTATUS][0]=REQUESTED,
/// PROPERTY[TRANSFERTYPE][0]=TRADE, PROPERTY[UPDATEDDATE][0]
/// 545 Object not found; no trade of <domain> is pending
/// ```
pub(in crate::command) fn status_domain_trade(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    let Some(trade) = ctx.system.pending_trade(name.as_str()) else {
        return Err(Error::ObjectNotFound(format!(
            "no trade of {name} is pending"
        )));
    };
    let tld = zone_of(&name)?;
    let mut response = Response::ok();
    // Alphabetical, as the reference's example.
    let roles = |contacts: &[Vec<String>; 4], role: Role| contacts[role.index()].clone();
    for handle in roles(&trade.contacts, Role::Admin) {
        response.push("ADMINCONTACT", handle);
    }
    for handle in roles(&trade.contacts, Role::Billing) {
        response.push("BILLINGCONTACT", handle);
    }
    response.push("CREATEDDATE", trade.requested.datetime());
    for ns in &domain.nameservers {
        response.push_str("NAMESERVER", ns);
    }
    for (role, column) in [
        (Role::Admin, "OLD-ADMINCONTACT"),
        (Role::Billing, "OLD-BILLINGCONTACT"),
        (Role::Owner, "OLD-OWNERCONTACT"),
    ] {
        for handle in roles(&trade.old_contacts, role) {
            response.push(column, handle);
        }
    }
    response.push_str("OLD-REGISTRAR", "otebox");
    for handle in roles(&trade.old_contacts, Role::Tech) {
        response.push("OLD-TECHCONTACT", handle);
    }
    for handle in roles(&trade.contacts, Role::Owner) {
        response.push("OWNERCONTACT", handle);
    }
    response.push_str("REPOSITORY", tld.repository);
    for handle in roles(&trade.contacts, Role::Tech) {
        response.push("TECHCONTACT", handle);
    }
    for line in &trade.log {
        response.push("TRANSFERLOG", line);
    }
    response
        .push_str("TRANSFERSTATUS", "REQUESTED")
        .push_str("TRANSFERTYPE", "TRADE")
        .push("UPDATEDDATE", trade.updated.datetime());
    Ok(response)
}

/// What StatusDomain shows of trades: the new registrant while a trade is
/// pending (`TRADE-OWNERCONTACT`), the end of the post-trade transfer lock
/// while it runs (`TRADE-TRANSFERLOCK-EXPIRATIONDATE`).
pub(super) fn push_trade_facts(response: &mut Response, ctx: &Ctx<'_>, domain: &Domain) {
    // Only the holder's own trade: one left by an account the domain was
    // transferred away from (it fails at its confirmation) is not shown.
    let pending = ctx.system.pending_trade(domain.name.as_str());
    if let Some(trade) = pending.filter(|trade| trade.account == domain.owner()) {
        for handle in &trade.contacts[Role::Owner.index()] {
            response.push_str("TRADE-OWNERCONTACT", handle);
        }
    }
    if let Some(until) = ctx.system.trade_lock_until(domain, ctx.now) {
        response.push("TRADE-TRANSFERLOCK-EXPIRATIONDATE", until.datetime());
    }
}
