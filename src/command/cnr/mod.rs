//! The CentralNic Reseller face (cnr-dialect.md, cnr-commands.md): its own
//! command table, its login without a command, and its handlers, which read
//! the CNR parameters, use the same registry and catalogue as the HEXONET
//! handlers, and push the CNR property names in the recorded order (the
//! encoder writes them as pushed). Must not write response text by hand.

mod account;
mod check;
mod contact;
mod dnszone;
mod dnszone_args;
mod dnszone_list;
mod domain;
mod domain_list;
mod domain_modify;
mod domain_renew;
mod forward;
mod forward_mail;
mod nameserver;
mod session;
mod transfer;
mod zone;

use super::{Args, Command, CommandIndex, Needs, position};
use crate::Meta;
use crate::auth::{self, Caller};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::wire::{Request, Response};

/// Every CentralNic Reseller command otebox answers, sorted by name ignoring
/// case. A command is here only when it works as cnr-commands.md says.
pub static CNR_COMMANDS: &[Command] = &[
    Command {
        name: "AddContact",
        needs: Needs::Caller,
        handler: contact::add_contact,
    },
    Command {
        name: "AddDNSZone",
        needs: Needs::Caller,
        handler: dnszone::add_dns_zone,
    },
    Command {
        name: "AddDomain",
        needs: Needs::Caller,
        handler: domain::add_domain,
    },
    Command {
        name: "AddMailFwd",
        needs: Needs::Caller,
        handler: forward_mail::add_mail_fwd,
    },
    Command {
        name: "AddNameserver",
        needs: Needs::Caller,
        handler: nameserver::add_nameserver,
    },
    Command {
        name: "AddWebFwd",
        needs: Needs::Caller,
        handler: forward::add_web_fwd,
    },
    Command {
        name: "CheckContacts",
        needs: Needs::Caller,
        handler: contact::check_contacts,
    },
    Command {
        name: "CheckDNSZone",
        needs: Needs::Caller,
        handler: dnszone::check_dns_zone,
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
        handler: transfer::check_domain_transfer,
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
        handler: domain_renew::delete_domain,
    },
    Command {
        name: "DeleteMailFwd",
        needs: Needs::Caller,
        handler: forward_mail::delete_mail_fwd,
    },
    Command {
        name: "DeleteNameserver",
        needs: Needs::Caller,
        handler: nameserver::delete_nameserver,
    },
    Command {
        name: "DeleteWebFwd",
        needs: Needs::Caller,
        handler: forward::delete_web_fwd,
    },
    Command {
        name: "GetNameSuggestion",
        needs: Needs::Caller,
        handler: check::get_name_suggestion,
    },
    Command {
        name: "GetZoneInfo",
        needs: Needs::Caller,
        handler: zone::get_zone_info,
    },
    Command {
        name: "ModifyContact",
        needs: Needs::Caller,
        handler: contact::modify_contact,
    },
    Command {
        name: "ModifyDNSZone",
        needs: Needs::Caller,
        handler: dnszone::modify_dns_zone,
    },
    Command {
        name: "ModifyDomain",
        needs: Needs::Caller,
        handler: domain_modify::modify_domain,
    },
    Command {
        name: "ModifyNameserver",
        needs: Needs::Caller,
        handler: nameserver::modify_nameserver,
    },
    Command {
        name: "PushDomain",
        needs: Needs::Caller,
        handler: domain_renew::push_domain,
    },
    Command {
        name: "QueryDNSZoneList",
        needs: Needs::Caller,
        handler: dnszone_list::query_dns_zone_list,
    },
    Command {
        name: "QueryDNSZoneRRList",
        needs: Needs::Caller,
        handler: dnszone_list::query_dns_zone_rr_list,
    },
    Command {
        name: "QueryDomainList",
        needs: Needs::Caller,
        handler: domain_list::query_domain_list,
    },
    Command {
        name: "QueryExchangeRates",
        needs: Needs::Caller,
        handler: account::query_exchange_rates,
    },
    Command {
        name: "QueryMailFwdList",
        needs: Needs::Caller,
        handler: forward_mail::query_mail_fwd_list,
    },
    Command {
        name: "QueryWebFwdList",
        needs: Needs::Caller,
        handler: forward::query_web_fwd_list,
    },
    Command {
        name: "QueryZoneList",
        needs: Needs::Caller,
        handler: zone::query_zone_list,
    },
    Command {
        name: "RenewDomain",
        needs: Needs::Caller,
        handler: domain_renew::renew_domain,
    },
    Command {
        name: "ResendNotification",
        needs: Needs::Caller,
        handler: contact::resend_notification,
    },
    Command {
        name: "SetAuthCode",
        needs: Needs::Caller,
        handler: domain_renew::set_auth_code,
    },
    Command {
        name: "SetDomainRenewalMode",
        needs: Needs::Caller,
        handler: domain_modify::set_domain_renewal_mode,
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
        handler: dnszone::status_dns_zone,
    },
    Command {
        name: "StatusDomain",
        needs: Needs::Caller,
        handler: domain::status_domain,
    },
    Command {
        name: "StatusDomainTransfer",
        needs: Needs::Caller,
        handler: transfer::status_domain_transfer,
    },
    Command {
        name: "StatusNameserver",
        needs: Needs::Caller,
        handler: nameserver::status_nameserver,
    },
    Command {
        name: "StopSession",
        needs: Needs::Session,
        handler: session::stop_session,
    },
    Command {
        name: "TransferDomain",
        needs: Needs::Caller,
        handler: transfer::transfer_domain,
    },
];

/// The CNR table row for a COMMAND value, ignoring case.
pub fn find(name: &str) -> Option<&'static Command> {
    find_position(name).map(|at| &CNR_COMMANDS[at])
}

/// The index in [`CNR_COMMANDS`] of the row for a COMMAND value, ignoring case.
pub fn find_position(name: &str) -> Option<usize> {
    static INDEX: CommandIndex = std::sync::OnceLock::new();
    position(CNR_COMMANDS, &INDEX, name)
}

/// Runs one CentralNic Reseller request: a `persistent` request without a
/// command is the login (cnr-dialect.md §3.2); otherwise as HEXONET's
/// dispatch, with this table and the CNR sessions and logins.
pub(crate) fn dispatch(
    registry: &mut Registry,
    request: &Request,
    meta: &Meta,
    caller: &mut Option<Caller>,
) -> Result<Response> {
    let command = match request.command() {
        None if request.persistent => None,
        None => return Err(Error::UnknownCommand(None)),
        Some(name) => match find(name) {
            Some(command) => Some(command),
            None => return Err(Error::UnknownCommand(Some(name.to_owned()))),
        },
    };
    let caller = caller.insert(auth::authenticate(registry, request, Dialect::Cnr, meta)?);
    if command.is_some_and(|c| c.needs == Needs::Session) && !caller.by_session {
        let error = Error::AuthenticationFailed(
            "no session: StopSession needs the s_sessionid of a login".to_owned(),
        );
        return Err(error);
    }
    let mut args = Args::new(&request.params);
    // `SUBUSER=<uid>` on any command is the subuser view (cnr-dialect.md
    // §2.6), HEXONET's `s_user` (auth/view.rs).
    let (system, account) = (registry.system(caller.entity), &caller.principal.account);
    caller.view = auth::resolve_view(system, account, args.optional("SUBUSER"), "SUBUSER")?;
    let handler = command.map_or(session::login as super::Handler, |c| c.handler);
    let name = command.map(|c| c.name);
    let transport = (request, Dialect::Cnr, meta);
    super::run(registry, transport, caller, name, handler, &mut args)
}

/// The values of `STEM0..STEMn` (as [`Args::list`] gives them, sorted) as
/// one row each, as the CNR check commands take them: `504` naming `STEM0`
/// when none came, or the first index left out or sent empty.
fn rows<'a>(stem: &str, list: Vec<(usize, &'a str)>) -> Result<Vec<&'a str>> {
    let Some(&(last, _)) = list.last() else {
        return Err(Error::missing(format!("{stem}0")));
    };
    let mut rows = vec![""; last + 1];
    for (index, value) in list {
        rows[index] = value;
    }
    match rows.iter().position(|value| value.is_empty()) {
        Some(gap) => Err(Error::missing(format!("{stem}{gap}"))),
        None => Ok(rows),
    }
}

/// Properties named in `column[i]` first, as the CNR list answers start.
fn columns(response: &mut Response, names: &[&'static str]) {
    for name in names {
        response.push_str("column", name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique_ignoring_case() {
        for pair in CNR_COMMANDS.windows(2) {
            assert!(
                pair[0].name.to_ascii_lowercase() < pair[1].name.to_ascii_lowercase(),
                "{} must sort before {}",
                pair[0].name,
                pair[1].name
            );
        }
        assert_eq!(find("stopsession").map(|c| c.name), Some("StopSession"));
        assert!(find("EndSession").is_none(), "HEXONET's name is not CNR's");
    }
}
