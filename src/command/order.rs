//! Orders (USER/ORDER, HEXONET): `ORDER=CREATE|REPLACE|UPDATE` on the five
//! orderable domain commands (dispatch sends such a request here instead of
//! to the command's handler), ExecuteOrder, which runs a queued command
//! through its own handler, and DeleteOrder. The records live in
//! `registry/order.rs`, the list in `order_list.rs`; this file changes
//! nothing but orders, except through the handler ExecuteOrder runs.

use super::{Args, Ctx, find};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::registry::order::{Order, OrderStatus, PER_ACCOUNT};
use crate::wire::{Params, Response};

/// What `ORDER` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Create,
    Replace,
    Update,
}

/// ORDERID (`name`): `505` unless digits.
pub(super) fn read_order_id(args: &mut Args<'_>, name: &'static str) -> Result<Option<u64>> {
    let Some(text) = args.optional(name) else {
        return Ok(None);
    };
    parse_order_id(name, text).map(Some)
}

/// An ORDERID value sent as `name`: `505` unless digits.
fn parse_order_id(name: &str, text: &str) -> Result<u64> {
    text.parse()
        .map_err(|_| Error::syntax_rule(name, text, "is not an order id (digits)"))
}

/// The order's object: DOMAIN as a domain name (`505` naming the rule).
fn domain_of(text: &str) -> Result<String> {
    let name = DomainName::parse(text).map_err(|rule| Error::syntax_rule("DOMAIN", text, rule))?;
    Ok(name.as_str().to_owned())
}

/// `545` for an id that is not one of `owner`'s orders.
pub(super) fn not_listed(id: u64, owner: &str) -> Error {
    Error::ObjectNotFound(format!(
        "ORDERID: {id} is not one of {owner}'s orders (QueryOrderList lists them)"
    ))
}

/// `552` unless the order is still pending (ExecuteOrder, DeleteOrder, REPLACE, UPDATE).
fn check_pending(id: u64, order: &Order) -> Result<()> {
    match order.status {
        OrderStatus::Pending => Ok(()),
        status => Err(Error::StatusProhibits(format!(
            "ORDERID: {id} is {}; only a PENDING order can be executed, changed or deleted",
            status.as_str()
        ))),
    }
}

/// Queues, replaces or updates an order of the command the request names
/// instead of running it (AddDomain, RenewDomain, TransferDomain,
/// TradeDomain, RestoreDomain with `ORDER`). The parameters are kept as
/// sent and checked when ExecuteOrder runs them; DOMAIN names the order's
/// object and is checked now. REPLACE and UPDATE take ORDERID, or find the
/// account's pending order of the same command for the same domain; UPDATE
/// sets the parameters it sends (one sent empty is removed), REPLACE sets
/// all of them.
///
/// ```text
/// COMMAND = AddDomain | RenewDomain | TransferDomain | TradeDomain | RestoreDomain
/// ORDER   = CREATE | REPLACE | UPDATE
/// ORDERID = <id>                (REPLACE, UPDATE; optional)
/// DOMAIN  = <domain>
/// <the command's own parameters>
/// ---
/// PROPERTY[ORDERID][0] = <id>
/// ```
pub(super) fn place(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let command = args
        .command()
        .and_then(find)
        .ok_or(Error::UnknownCommand(None))?;
    let sent = args.required("ORDER")?;
    let action = match sent.to_ascii_uppercase().as_str() {
        "CREATE" => Action::Create,
        "REPLACE" => Action::Replace,
        "UPDATE" => Action::Update,
        _ => {
            let rule = "is not CREATE, REPLACE or UPDATE";
            return Err(Error::syntax_rule("ORDER", sent, rule));
        }
    };
    let wanted = read_order_id(args, "ORDERID")?;
    let mut params: Vec<(Box<str>, Box<str>)> = Vec::new();
    args.each_unread(|key, value| {
        params.push((key.into(), value.into()));
        Ok(())
    })?;
    args.finish()?;
    let owner = ctx.owner().to_owned();
    let found = |params: &[(Box<str>, Box<str>)]| {
        let domain = params.iter().find(|(key, _)| &**key == "DOMAIN");
        domain.map(|(_, value)| value.clone())
    };
    let sent_object = found(&params).map(|text| domain_of(&text)).transpose()?;
    if action == Action::Create {
        let object = sent_object.ok_or_else(|| Error::missing("DOMAIN"))?;
        let order = Order {
            command: command.name.into(),
            object: object.into(),
            params,
            created: ctx.now,
            updated: None,
            status: OrderStatus::Pending,
            errors: 0,
            last: None,
            ssl: None,
        };
        let id = ctx.system.place_order(&owner, order).ok_or_else(|| {
            Error::CommandFailed(format!(
                "ORDER: {owner} keeps {PER_ACCOUNT} pending orders already; execute or delete some first (DeleteOrder)"
            ))
        })?;
        return Ok(answer(id));
    }
    let id = match wanted {
        Some(id) => id,
        None => {
            let object = sent_object
                .clone()
                .ok_or_else(|| Error::missing("ORDERID"))?;
            let mut same = ctx.system.orders_of(&owner).filter(|(_, order)| {
                order.status == OrderStatus::Pending
                    && &*order.command == command.name
                    && *order.object == *object
            });
            let last = same.next_back().map(|(id, _)| id);
            last.ok_or_else(|| {
                Error::ObjectNotFound(format!(
                    "ORDERID: {owner} has no pending {} order for {object} (send ORDERID, or ORDER=CREATE)",
                    command.name
                ))
            })?
        }
    };
    let order = ctx
        .system
        .order(&owner, id)
        .ok_or_else(|| not_listed(id, &owner))?;
    check_pending(id, order)?;
    if *order.command != *command.name {
        return Err(Error::invalid(
            "ORDERID",
            format_args!(
                "{id} is an order of {}, not {}",
                order.command, command.name
            ),
        ));
    }
    let params = match action {
        Action::Update => merged(&order.params, params),
        _ => params,
    };
    let object = match found(&params) {
        Some(text) => domain_of(&text)?,
        None => return Err(Error::missing("DOMAIN")),
    };
    let now = ctx.now;
    ctx.system.modify_order(&owner, id, |order| {
        order.object = object.into();
        order.params = params;
        order.updated = Some(now);
    });
    Ok(answer(id))
}

/// `old` with `sent` applied: a sent value replaces the old one in its
/// place or comes last; a value sent empty removes the parameter.
fn merged(
    old: &[(Box<str>, Box<str>)],
    sent: Vec<(Box<str>, Box<str>)>,
) -> Vec<(Box<str>, Box<str>)> {
    let mut params = old.to_vec();
    for (key, value) in sent {
        let at = params.iter().position(|(old, _)| *old == key);
        match (at, value.is_empty()) {
            (Some(at), true) => {
                params.remove(at);
            }
            (Some(at), false) => params[at].1 = value,
            (None, true) => {}
            (None, false) => params.push((key, value)),
        }
    }
    params
}

fn answer(id: u64) -> Response {
    let mut response = Response::ok();
    response.push("ORDERID", id);
    response
}

/// Runs one of the caller's pending orders: its command goes through the
/// command's own handler (and a role user's ACL for that command, as if
/// sent), and its answer is ExecuteOrder's. A success marks the order
/// SUCCESSFUL; a refusal counts in ERRORCOUNT and keeps the order pending.
/// Both keep the answer's code and text (LASTRESPONSE*).
///
/// ```text
/// COMMAND = ExecuteOrder
/// ORDERID = <id>
/// ---
/// the answer of the order's command
/// ```
pub(super) fn execute_order(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_order_id(args, "ORDERID")?.ok_or_else(|| Error::missing("ORDERID"))?;
    args.finish()?;
    let owner = ctx.owner().to_owned();
    let order = ctx
        .system
        .order(&owner, id)
        .ok_or_else(|| not_listed(id, &owner))?;
    check_pending(id, order)?;
    let command = find(&order.command).ok_or(Error::UnknownCommand(None))?;
    let mut params = Params::new();
    params.insert("COMMAND".into(), command.name.into());
    for (key, value) in &order.params {
        params.insert((**key).into(), (**value).into());
    }
    // The role's ACL decides as for the command sent itself; its refusal
    // counts as the command's own (ERRORCOUNT, LASTRESPONSE).
    let result = crate::auth::check_acl(
        ctx.system,
        ctx.caller,
        command.name,
        &params,
        Dialect::Hexonet,
    )
    .and_then(|()| (command.handler)(&mut Args::new(&params), ctx));
    let (code, text) = match &result {
        Ok(response) => (response.code, response.description.to_string()),
        Err(error) => (error.code(), error.to_string()),
    };
    let now = ctx.now;
    ctx.system.modify_order(&owner, id, |order| {
        order.updated = Some(now);
        order.last = Some((code, text.into()));
        match code {
            200..=299 => order.status = OrderStatus::Successful,
            _ => order.errors = order.errors.saturating_add(1),
        }
    });
    result
}

/// Deletes pending orders of the caller, all or none.
///
/// ```text
/// COMMAND  = DeleteOrder
/// ORDERID  = <id>            (and/or ORDERID0..N)
/// ```
pub(super) fn delete_order(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let mut ids = Vec::new();
    let bare = args
        .optional("ORDERID")
        .map(|text| ("ORDERID".to_owned(), text));
    let indexed = args.list("ORDERID").into_iter();
    for (name, text) in bare
        .into_iter()
        .chain(indexed.map(|(n, text)| (format!("ORDERID{n}"), text)))
    {
        if text.is_empty() {
            continue;
        }
        ids.push(parse_order_id(&name, text)?);
    }
    args.finish()?;
    if ids.is_empty() {
        return Err(Error::missing("ORDERID"));
    }
    let owner = ctx.owner().to_owned();
    for &id in &ids {
        let order = ctx
            .system
            .order(&owner, id)
            .ok_or_else(|| not_listed(id, &owner))?;
        check_pending(id, order)?;
    }
    ctx.system.delete_orders(&owner, &ids);
    Ok(Response::ok())
}
