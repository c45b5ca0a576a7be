//! A row of the command table (`Command`: wire name, what the command needs,
//! what `dispatch` reads for it, handler; the rows are `table.rs`'s) and
//! `dispatch`: look up the name, authenticate, run the handler, turn the result
//! into a `Response`. A row is all a command adds; no per-command logic here.

mod account;
mod account_history;
mod account_vat;
mod accounting;
mod accounting_manual;
mod activate;
mod args;
mod assign;
mod authorization;
mod base64_lines;
mod check;
pub mod cnr;
mod contact;
mod contact_clone;
mod contact_fields;
mod contact_list;
mod contact_validate;
mod deletion_log;
mod dnszone;
mod dnszone_list;
mod dnszone_read;
mod domain;
mod environment;
mod event;
mod invoice;
mod invoice_list;
mod invoice_pdf;
pub mod list;
mod lookup;
mod nameserver;
mod nameserver_host;
mod nameserver_list;
mod object_user;
mod objectlog;
mod order;
mod order_list;
mod password;
mod pending_delete;
mod role;
mod session;
mod ssl;
mod ssl_fields;
mod ssl_list;
mod ssl_manage;
mod ssl_renew;
mod table;
mod tmch;
mod tmch_claim;
mod tmch_fields;
mod tmch_list;
mod tmch_smd;
mod transfer;
mod transfer_answer;
mod transfer_check;
mod transfer_fields;
mod transfer_list;
mod transfer_mail;
mod transfer_rules;
mod user;
mod user_admin;
mod user_check;
mod user_class;
mod user_fields;
mod user_find;
mod user_list;
mod user_tree;
mod whois;

pub use args::Args;
use lookup::{CommandIndex, position};
pub use table::COMMANDS;

use std::sync::OnceLock;

use crate::Meta;
use crate::auth::{self, Caller};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::clock::TICK_BUDGET;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{LedgerItem, Registry, System, Timestamp};
use crate::wire::{Request, Response, Secret};

/// What a handler gets besides its arguments.
pub struct Ctx<'a> {
    /// The system (LIVE or OT&E) the request is for.
    pub system: &'a mut System,
    pub caller: &'a Caller,
    /// The id of the session the caller came with (`Caller::by_session`),
    /// for the commands that end it.
    pub session: Option<&'a str>,
    /// The sandbox time (`registry/clock.rs`): what object dates,
    /// transfers and the lifecycle go by.
    pub now: Timestamp,
    /// The wall time: what sessions, OTP windows, lock-outs and quotas go by.
    pub wall: Timestamp,
    /// Object-log entries `dispatch` writes once the handler answered Ok
    /// (`objectlog.rs`); a failed command logs nothing.
    pub log: Vec<objectlog::Intent>,
    /// Entries the registry wrote while the handler held them
    /// (`System::holding_log`), written after `log`'s.
    pub log_after: Vec<crate::registry::objectlog::LogEntry>,
    /// Seconds a slow-registry fault rule leaves this request's registration
    /// or transfer pending (`Meta::slow`); `None`: the registry answers at once.
    pub slow: Option<u64>,
}

impl Ctx<'_> {
    /// The account whose objects the request acts on: the `s_user` view
    /// (CNR `SUBUSER`), else the caller's own account.
    pub fn owner(&self) -> &str {
        self.caller.owner()
    }

    /// Charges the view's account, and each reseller above it its own price
    /// (`System::charge`: `546` and no change past any credit limit).
    /// Handlers call it as their last fallible step.
    /// The entries go into the ledgers at the request's sandbox time.
    pub fn charge(&mut self, item: LedgerItem<'_>) -> Result<()> {
        self.system.charge(self.caller.owner(), self.now, item)
    }

    /// Queues an object-log entry on the domain `object` for `dispatch` to
    /// write after the handler succeeded, with the request and response lines.
    pub fn log(&mut self, op: Op, status: OpStatus, object: &str) {
        self.log.push(objectlog::Intent::new(op, status, object));
    }

    /// Who did it, for CREATEDBY / UPDATEDBY (`account` or `account!role`).
    pub fn actor(&self) -> String {
        self.caller.principal.to_string()
    }
}

/// One wire command: a handler reads its arguments, validates everything,
/// calls `args.finish()`, then changes the registry and builds the response.
pub type Handler = fn(&mut Args<'_>, &mut Ctx<'_>) -> Result<Response>;

/// What a command requires of the caller before its handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// An authenticated caller, by credentials or by session.
    Caller,
    /// A caller that came with `s_session` (EndSession); otherwise `545`.
    Session,
}

/// A row of the command table.
pub struct Command {
    /// The wire spelling; lookups ignore case.
    pub name: &'static str,
    pub needs: Needs,
    pub handler: Handler,
    /// The parameters `dispatch` reads for it before its handler runs.
    pub takes: Takes,
}

/// What `dispatch` does for a row besides running its handler: the
/// parameters a few commands share that change how they run, not what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Takes(u8);

impl Takes {
    pub const NOTHING: Takes = Takes(0);
    /// `ORDER=CREATE|REPLACE|UPDATE` queues the command as an order
    /// (`order::place`) instead of running it.
    pub const ORDER: Takes = Takes(1);
    /// `SUBUSER=<id>` runs the command in that subuser's account, as
    /// `s_user` would (AddDomain, TradeDomain, RestoreDomain).
    pub const SUBUSER: Takes = Takes(2);

    pub const fn and(self, other: Takes) -> Takes {
        Takes(self.0 | other.0)
    }

    pub const fn has(self, other: Takes) -> bool {
        self.0 & other.0 == other.0
    }
}

impl Command {
    /// A row for a command any authenticated caller may send.
    pub(super) const fn caller(name: &'static str, handler: Handler) -> Command {
        Command::taking(name, handler, Takes::NOTHING)
    }

    /// A row for a command for which `dispatch` reads `takes` first.
    pub(super) const fn taking(name: &'static str, handler: Handler, takes: Takes) -> Command {
        Command {
            name,
            needs: Needs::Caller,
            handler,
            takes,
        }
    }

    /// A row for a command that needs the caller's session (`545` without one).
    pub(super) const fn session(name: &'static str, handler: Handler) -> Command {
        Command {
            name,
            needs: Needs::Session,
            handler,
            takes: Takes::NOTHING,
        }
    }
}

/// The table row for a COMMAND value, ignoring case (`lookup.rs`: one
/// probe of a slot table by a case-blind hash, in the common case).
pub fn find(name: &str) -> Option<&'static Command> {
    find_position(name).map(|at| &COMMANDS[at])
}

/// The index in [`COMMANDS`] of the row for a COMMAND value, ignoring case.
pub fn find_position(name: &str) -> Option<usize> {
    static INDEX: CommandIndex = OnceLock::new();
    position(COMMANDS, &INDEX, name)
}

/// Runs one parsed request against the registry: the command lookup comes
/// first (so a typo is a `500` even without credentials), then authentication,
/// then a role user's ACL (`531`), then the handler. Leaves the caller in
/// `caller` when authentication succeeded (where `execute` builds the
/// outcome: the caller is written once, and the handler's answer comes back
/// through `run` and here without a copy).
pub fn dispatch(
    registry: &mut Registry,
    request: &Request,
    dialect: Dialect,
    meta: &Meta,
    caller: &mut Option<Caller>,
) -> Result<Response> {
    if dialect == Dialect::Cnr {
        return cnr::dispatch(registry, request, meta, caller);
    }
    // Found once: where COMMAND is tells `Args` which parameter it read.
    let Some((at, _, name)) = request.params.get_full("COMMAND") else {
        return Err(Error::UnknownCommand(None));
    };
    let Some(command) = find(name) else {
        return Err(Error::UnknownCommand(Some(name.to_string())));
    };
    let caller = caller.insert(auth::authenticate(registry, request, dialect, meta)?);
    if command.needs == Needs::Session && !caller.by_session {
        let error = Error::ObjectNotFound("SESSION: no s_session given, nothing to end".to_owned());
        return Err(error);
    }
    let mut args = Args::after_command(&request.params, Some(at));
    let transport = (request, dialect, meta);
    // `SUBUSER` names the account to act in below the view (a subuser
    // chain as `s_user` takes it); empty, the view's own.
    if command.takes.has(Takes::SUBUSER)
        && let Some(chain) = args.optional("SUBUSER").filter(|chain| !chain.is_empty())
    {
        let system = registry.system(caller.entity);
        let view = auth::resolve_view(system, caller.owner(), Some(chain), "SUBUSER")?;
        if view.is_some() {
            caller.view = view;
        }
    }
    // `ORDER` on an orderable command queues it (its ACL is the command's).
    let handler = match command.takes.has(Takes::ORDER) && request.params.contains_key("ORDER") {
        true => order::place,
        false => command.handler,
    };
    run(
        registry,
        transport,
        &*caller,
        Some(command.name),
        handler,
        &mut args,
    )
}

/// What both dispatches do once the caller is known and its view set: a
/// role user's ACL (`531`), the due jobs of the sandbox clock, the handler,
/// and the object-log entries of a success. `name` is the command's
/// (`None`: the CNR login, outside the ACL, which logs nothing).
fn run(
    registry: &mut Registry,
    (request, dialect, meta): (&Request, Dialect, &Meta),
    caller: &Caller,
    name: Option<&'static str>,
    handler: Handler,
    args: &mut Args<'_>,
) -> Result<Response> {
    if let Some(name) = name {
        let system = registry.system(caller.entity);
        auth::check_acl(system, caller, name, &request.params, dialect)?;
    }
    let system = registry.system_mut(caller.entity);
    let now = system.tick(meta.now, TICK_BUDGET);
    let session = match dialect {
        Dialect::Hexonet => &request.session,
        Dialect::Cnr => &request.session_id,
    };
    let mut ctx = Ctx {
        system,
        caller,
        session: session
            .as_ref()
            .filter(|_| caller.by_session)
            .map(Secret::expose),
        now,
        wall: meta.now,
        log: Vec::new(),
        log_after: Vec::new(),
        slow: meta.slow,
    };
    let result = handler(args, &mut ctx);
    debug_assert!(
        result.is_err() || args.is_finished(),
        "{} did not call finish()",
        name.unwrap_or("the CNR login")
    );
    // Most commands queue no object-log entry: their answer goes back as
    // the handler gave it, not through a reference for the log's writer.
    match name {
        Some(name) if !ctx.log.is_empty() => logged(&mut ctx, name, request, result),
        _ => result,
    }
}

/// `result` after writing the object-log entries the handler queued, when
/// it is a success (`objectlog::write`), then those it held (`log_after`).
fn logged(
    ctx: &mut Ctx<'_>,
    name: &'static str,
    request: &Request,
    result: Result<Response>,
) -> Result<Response> {
    if let Ok(response) = &result {
        objectlog::write(ctx, name, request, response);
        for entry in std::mem::take(&mut ctx.log_after) {
            ctx.system.log_object(entry);
        }
    }
    result
}

#[cfg(test)]
#[path = "mod_tests.rs"]
mod tests;
