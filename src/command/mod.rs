//! The `COMMANDS` table (wire name, what the command needs, handler) and
//! `dispatch`: look up the name, authenticate, run the handler, turn the result
//! into a `Response`. A row is all a command adds here; no per-command logic.

mod account;
mod args;
mod check;
pub mod cnr;
mod contact;
mod contact_fields;
mod contact_list;
mod dnszone;
mod dnszone_list;
mod dnszone_read;
mod domain;
mod environment;
mod event;
pub mod list;
mod lookup;
mod nameserver;
mod nameserver_host;
mod nameserver_list;
mod objectlog;
mod password;
mod role;
mod session;
mod transfer;
mod transfer_check;
mod transfer_list;
mod transfer_rules;
mod user;
mod user_admin;
mod user_fields;
mod user_list;
mod whois;

pub use args::Args;
use lookup::{CommandIndex, position};

use std::sync::OnceLock;

use crate::Meta;
use crate::auth::{self, Caller};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::clock::TICK_BUDGET;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{Money, Registry, System, Timestamp};
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

    /// Charges the view's account: a subuser pays for its objects
    /// (`System::charge`: `546` and no change past the credit limit).
    /// Handlers call it as their last fallible step.
    pub fn charge(&mut self, amount: Money, what: &str) -> Result<()> {
        let owner = self.caller.owner();
        let refusal = self.system.charge(owner, amount, what);
        refusal.map_err(|error| self.system.credit_hint(owner, error))
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
}

/// Every command otebox serves, sorted by name (a unit test keeps it so).
pub static COMMANDS: &[Command] = &[
    Command {
        name: "AddContact",
        needs: Needs::Caller,
        handler: contact::add_contact,
    },
    Command {
        name: "AddDomain",
        needs: Needs::Caller,
        handler: domain::add_domain,
    },
    Command {
        name: "AddDomainApplication",
        needs: Needs::Caller,
        handler: domain::add_domain_application,
    },
    Command {
        name: "AddNameserver",
        needs: Needs::Caller,
        handler: nameserver::add_nameserver,
    },
    Command {
        name: "AddUser",
        needs: Needs::Caller,
        handler: user_admin::add_user,
    },
    Command {
        name: "CheckAuthentication",
        needs: Needs::Caller,
        handler: session::check_authentication,
    },
    Command {
        name: "CheckDomain",
        needs: Needs::Caller,
        handler: check::check_domain,
    },
    Command {
        name: "CheckDomains",
        needs: Needs::Caller,
        handler: check::check_domains,
    },
    Command {
        name: "CheckDomainTransfer",
        needs: Needs::Caller,
        handler: transfer_check::check_domain_transfer,
    },
    Command {
        name: "CheckNameserver",
        needs: Needs::Caller,
        handler: nameserver::check_nameserver,
    },
    Command {
        name: "ConvertIDN",
        needs: Needs::Caller,
        handler: check::convert_idn,
    },
    Command {
        name: "CreateDNSZone",
        needs: Needs::Caller,
        handler: dnszone::create_dns_zone,
    },
    Command {
        name: "CreateRoleUser",
        needs: Needs::Caller,
        handler: role::create_role_user,
    },
    Command {
        name: "DeleteContact",
        needs: Needs::Caller,
        handler: contact::delete_contact,
    },
    Command {
        name: "DeleteDNSZone",
        needs: Needs::Caller,
        handler: dnszone::delete_dns_zone,
    },
    Command {
        name: "DeleteDomain",
        needs: Needs::Caller,
        handler: domain::delete_domain,
    },
    Command {
        name: "DeleteEnvironment",
        needs: Needs::Caller,
        handler: environment::delete_environment,
    },
    Command {
        name: "DeleteEvent",
        needs: Needs::Caller,
        handler: event::delete_event,
    },
    Command {
        name: "DeleteNameserver",
        needs: Needs::Caller,
        handler: nameserver::delete_nameserver,
    },
    Command {
        name: "DeleteRoleUser",
        needs: Needs::Caller,
        handler: role::delete_role_user,
    },
    Command {
        name: "DeleteUser",
        needs: Needs::Caller,
        handler: user_admin::delete_user,
    },
    Command {
        name: "DENIC_CreateAuthInfo1",
        needs: Needs::Caller,
        handler: domain::denic_create_auth_info1,
    },
    Command {
        name: "EndSession",
        needs: Needs::Session,
        handler: session::end_session,
    },
    Command {
        name: "FindDNSZone",
        needs: Needs::Caller,
        handler: dnszone_read::find_dns_zone,
    },
    Command {
        name: "GetEnvironment",
        needs: Needs::Caller,
        handler: environment::get_environment,
    },
    Command {
        name: "ModifyContact",
        needs: Needs::Caller,
        handler: contact::modify_contact,
    },
    Command {
        name: "ModifyDomain",
        needs: Needs::Caller,
        handler: domain::modify_domain,
    },
    Command {
        name: "ModifyNameserver",
        needs: Needs::Caller,
        handler: nameserver::modify_nameserver,
    },
    Command {
        name: "ModifyUser",
        needs: Needs::Caller,
        handler: user_admin::modify_user,
    },
    Command {
        name: "ModifyUserPassword",
        needs: Needs::Caller,
        handler: password::modify_user_password,
    },
    Command {
        name: "PayDomainRenewal",
        needs: Needs::Caller,
        handler: domain::pay_domain_renewal,
    },
    Command {
        name: "PushDomain",
        needs: Needs::Caller,
        handler: transfer_rules::push_domain,
    },
    Command {
        name: "QueryContactList",
        needs: Needs::Caller,
        handler: contact_list::query_contact_list,
    },
    Command {
        name: "QueryDNSZoneList",
        needs: Needs::Caller,
        handler: dnszone_list::query_dns_zone_list,
    },
    Command {
        name: "QueryDNSZoneRRList",
        needs: Needs::Caller,
        handler: dnszone_read::query_dns_zone_rr_list,
    },
    Command {
        name: "QueryDomainList",
        needs: Needs::Caller,
        handler: domain::query_domain_list,
    },
    Command {
        name: "QueryDomainOptions",
        needs: Needs::Caller,
        handler: check::query_domain_options,
    },
    Command {
        name: "QueryDomainPendingRegistrantVerificationList",
        needs: Needs::Caller,
        handler: domain::query_domain_pending_registrant_verification_list,
    },
    Command {
        name: "QueryDomainSuggestionList",
        needs: Needs::Caller,
        handler: check::query_domain_suggestion_list,
    },
    Command {
        name: "QueryDomainWhoisInfo",
        needs: Needs::Caller,
        handler: whois::query_domain_whois_info,
    },
    Command {
        name: "QueryEnvironmentList",
        needs: Needs::Caller,
        handler: environment::query_environment_list,
    },
    Command {
        name: "QueryEventList",
        needs: Needs::Caller,
        handler: event::query_event_list,
    },
    Command {
        name: "QueryExchangeRates",
        needs: Needs::Caller,
        handler: account::query_exchange_rates,
    },
    Command {
        name: "QueryForeignTransferList",
        needs: Needs::Caller,
        handler: transfer_list::query_foreign_transfer_list,
    },
    Command {
        name: "QueryNameserverList",
        needs: Needs::Caller,
        handler: nameserver_list::query_nameserver_list,
    },
    Command {
        name: "QueryObjectList",
        needs: Needs::Caller,
        handler: domain::query_object_list,
    },
    Command {
        name: "QueryObjectLogList",
        needs: Needs::Caller,
        handler: objectlog::query_object_log_list,
    },
    Command {
        name: "QueryRoleUserList",
        needs: Needs::Caller,
        handler: role::query_role_user_list,
    },
    Command {
        name: "QueryTransferList",
        needs: Needs::Caller,
        handler: transfer_list::query_transfer_list,
    },
    Command {
        name: "QueryUserClassList",
        needs: Needs::Caller,
        handler: user::query_user_class_list,
    },
    Command {
        name: "QueryUserList",
        needs: Needs::Caller,
        handler: user_list::query_user_list,
    },
    Command {
        name: "RenewDomain",
        needs: Needs::Caller,
        handler: domain::renew_domain,
    },
    Command {
        name: "RequestDomainAuthInfo",
        needs: Needs::Caller,
        handler: transfer_rules::request_domain_auth_info,
    },
    Command {
        name: "ResendDomainTransferConfirmationEmails",
        needs: Needs::Caller,
        handler: transfer_rules::resend_domain_transfer_confirmation_emails,
    },
    Command {
        name: "RestoreDomain",
        needs: Needs::Caller,
        handler: domain::restore_domain,
    },
    Command {
        name: "SetDomainRenewalMode",
        needs: Needs::Caller,
        handler: domain::set_domain_renewal_mode,
    },
    Command {
        name: "SetEnvironment",
        needs: Needs::Caller,
        handler: environment::set_environment,
    },
    Command {
        name: "StartSession",
        needs: Needs::Caller,
        handler: session::start_session,
    },
    Command {
        name: "StatusAccount",
        needs: Needs::Caller,
        handler: account::status_account,
    },
    Command {
        name: "StatusContact",
        needs: Needs::Caller,
        handler: contact::status_contact,
    },
    Command {
        name: "StatusDNSZone",
        needs: Needs::Caller,
        handler: dnszone_read::status_dns_zone,
    },
    Command {
        name: "StatusDomain",
        needs: Needs::Caller,
        handler: domain::status_domain,
    },
    Command {
        name: "StatusDomainTrade",
        needs: Needs::Caller,
        handler: domain::status_domain_trade,
    },
    Command {
        name: "StatusDomainTransfer",
        needs: Needs::Caller,
        handler: transfer_list::status_domain_transfer,
    },
    Command {
        name: "StatusEvent",
        needs: Needs::Caller,
        handler: event::status_event,
    },
    Command {
        name: "StatusNameserver",
        needs: Needs::Caller,
        handler: nameserver::status_nameserver,
    },
    Command {
        name: "StatusObjectLog",
        needs: Needs::Caller,
        handler: objectlog::status_object_log,
    },
    Command {
        name: "StatusRoleUser",
        needs: Needs::Caller,
        handler: role::status_role_user,
    },
    Command {
        name: "StatusUser",
        needs: Needs::Caller,
        handler: user::status_user,
    },
    Command {
        name: "StatusUserClass",
        needs: Needs::Caller,
        handler: user::status_user_class,
    },
    Command {
        name: "TradeDomain",
        needs: Needs::Caller,
        handler: domain::trade_domain,
    },
    Command {
        name: "TransferDomain",
        needs: Needs::Caller,
        handler: transfer::transfer_domain,
    },
    Command {
        name: "UpdateDNSZone",
        needs: Needs::Caller,
        handler: dnszone::update_dns_zone,
    },
    Command {
        name: "UpdateRoleUser",
        needs: Needs::Caller,
        handler: role::update_role_user,
    },
];

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
    let caller = &*caller.insert(auth::authenticate(registry, request, dialect, meta)?);
    if command.needs == Needs::Session && !caller.by_session {
        let error = Error::ObjectNotFound("SESSION: no s_session given, nothing to end".to_owned());
        return Err(error);
    }
    let mut args = Args::after_command(&request.params, Some(at));
    let transport = (request, dialect, meta);
    run(
        registry,
        transport,
        caller,
        Some(command.name),
        command.handler,
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
/// it is a success (`objectlog::write`).
fn logged(
    ctx: &mut Ctx<'_>,
    name: &'static str,
    request: &Request,
    result: Result<Response>,
) -> Result<Response> {
    if let Ok(response) = &result {
        objectlog::write(ctx, name, request, response);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp_ignore_case(a: &str, b: &str) -> std::cmp::Ordering {
        a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase())
    }

    #[test]
    fn table_is_sorted_and_unique_ignoring_case() {
        for pair in COMMANDS.windows(2) {
            assert_eq!(
                cmp_ignore_case(pair[0].name, pair[1].name),
                std::cmp::Ordering::Less,
                "{} must sort before {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn finds_commands_in_any_case() {
        for row in COMMANDS {
            assert_eq!(
                find(&row.name.to_lowercase()).map(|c| c.name),
                Some(row.name)
            );
            assert_eq!(
                find(&row.name.to_uppercase()).map(|c| c.name),
                Some(row.name)
            );
        }
        assert!(find("gregergege").is_none());
        assert!(find("").is_none());
    }
}
