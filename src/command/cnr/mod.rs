//! The CentralNic Reseller face (cnr-dialect.md, cnr-commands.md): its own
//! command table, its login without a command, and its handlers, which read
//! the CNR parameters, use the same registry and catalogue as the HEXONET
//! handlers, and push the CNR property names in the recorded order (the
//! encoder writes them as pushed). Must not write response text by hand.

mod account;
mod accounting;
mod application;
mod certificate;
mod certificate_list;
mod certificate_manage;
mod check;
mod contact;
mod contact_clone;
mod contact_list;
mod dnszone;
mod dnszone_args;
mod dnszone_list;
mod domain;
mod domain_list;
mod domain_modify;
mod domain_renew;
mod domain_renew_list;
mod domain_tags;
mod domain_trade;
mod event;
mod fee;
mod forward;
mod forward_mail;
mod idn;
mod nameserver;
mod notification;
mod price;
mod registration;
mod session;
mod syntax;
mod transfer;
mod transfer_list;
mod zone;

use super::list::{MAX_LIMIT, Page, count};
use super::{Args, Command, CommandIndex, Needs, position};
use crate::Meta;
use crate::auth::{self, Caller};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::wire::{Request, Response, Secret};

/// Every CentralNic Reseller command otebox answers, sorted by name ignoring
/// case. A command is here only when it works as cnr-commands.md says.
pub static CNR_COMMANDS: &[Command] = &[
    Command::caller("AddCertificate", certificate::add_certificate),
    Command::caller("AddContact", contact::add_contact),
    Command::caller("AddDNSZone", dnszone::add_dns_zone),
    Command::caller("AddDomain", domain::add_domain),
    Command::caller("AddDomainApplication", application::add_domain_application),
    Command::caller("AddMailFwd", forward_mail::add_mail_fwd),
    Command::caller("AddNameserver", nameserver::add_nameserver),
    Command::caller("AddWebFwd", forward::add_web_fwd),
    Command::caller("CheckContact", contact::check_contact),
    Command::caller("CheckContacts", contact::check_contacts),
    Command::caller("CheckDNSZone", dnszone::check_dns_zone),
    Command::caller("CheckDomain", check::check_domain),
    Command::caller("CheckDomains", check::check_domains),
    Command::caller("CheckDomainTransfer", transfer::check_domain_transfer),
    Command::caller("CheckNameserver", nameserver::check_nameserver),
    Command::caller("CloneContact", contact_clone::clone_contact),
    Command::caller("ConvertCurrency", account::convert_currency),
    Command::caller("DeleteCertificate", certificate_manage::delete_certificate),
    Command::caller("DeleteContact", contact::delete_contact),
    Command::caller("DeleteDNSZone", dnszone::delete_dns_zone),
    Command::caller("DeleteDomain", domain_renew::delete_domain),
    Command::caller(
        "DeleteDomainApplication",
        application::delete_domain_application,
    ),
    Command::caller("DeleteEvent", event::delete_event),
    Command::caller("DeleteMailFwd", forward_mail::delete_mail_fwd),
    Command::caller("DeleteNameserver", nameserver::delete_nameserver),
    Command::caller("DeleteWebFwd", forward::delete_web_fwd),
    Command::caller("DomainPrice", price::domain_price),
    Command::caller("GetNameSuggestion", check::get_name_suggestion),
    Command::caller("GetZone", zone::get_zone),
    Command::caller("GetZoneInfo", zone::get_zone_info),
    Command::caller("ModifyCertificate", certificate_manage::modify_certificate),
    Command::caller("ModifyContact", contact::modify_contact),
    Command::caller("ModifyDNSZone", dnszone::modify_dns_zone),
    Command::caller("ModifyDomain", domain_modify::modify_domain),
    Command::caller("ModifyNameserver", nameserver::modify_nameserver),
    Command::caller("PushDomain", domain_renew::push_domain),
    Command::caller("QueryAccountingList", accounting::query_accounting_list),
    Command::caller(
        "QueryCertificateList",
        certificate_list::query_certificate_list,
    ),
    Command::caller("QueryCommandSyntax", syntax::query_command_syntax),
    Command::caller("QueryContactList", contact_list::query_contact_list),
    Command::caller("QueryDNSZoneList", dnszone_list::query_dns_zone_list),
    Command::caller("QueryDNSZoneRRList", dnszone_list::query_dns_zone_rr_list),
    Command::caller(
        "QueryDomainApplicationList",
        application::query_domain_application_list,
    ),
    Command::caller("QueryDomainList", domain_list::query_domain_list),
    Command::caller(
        "QueryDomainRenewList",
        domain_renew_list::query_domain_renew_list,
    ),
    Command::caller("QueryEventList", event::query_event_list),
    Command::caller("QueryExchangeRates", account::query_exchange_rates),
    Command::caller(
        "QueryForeignTransferList",
        transfer_list::query_foreign_transfer_list,
    ),
    Command::caller("QueryIDNTagList", idn::query_idn_tag_list),
    Command::caller("QueryMailFwdList", forward_mail::query_mail_fwd_list),
    Command::caller("QueryNameserverList", nameserver::query_nameserver_list),
    Command::caller("QueryServiceList", certificate::query_service_list),
    Command::caller("QueryTransferList", transfer_list::query_transfer_list),
    Command::caller("QueryWebFwdList", forward::query_web_fwd_list),
    Command::caller("QueryZoneList", zone::query_zone_list),
    Command::caller(
        "ReissueCertificate",
        certificate_manage::reissue_certificate,
    ),
    Command::caller("RenewCertificate", certificate_manage::renew_certificate),
    Command::caller("RenewDomain", domain_renew::renew_domain),
    Command::caller("ResendNotification", notification::resend_notification),
    Command::caller("RestoreDomain", domain_trade::restore_domain),
    Command::caller("SetAuthCode", domain_renew::set_auth_code),
    Command::caller(
        "SetDomainRenewalMode",
        domain_modify::set_domain_renewal_mode,
    ),
    Command::caller("StartSession", session::start_session),
    Command::caller("StatusAccount", account::status_account),
    Command::caller("StatusCertificate", certificate::status_certificate),
    Command::caller("StatusContact", contact::status_contact),
    Command::caller("StatusDNSZone", dnszone::status_dns_zone),
    Command::caller("StatusDomain", domain::status_domain),
    Command::caller(
        "StatusDomainApplication",
        application::status_domain_application,
    ),
    Command::caller("StatusDomainTransfer", transfer::status_domain_transfer),
    Command::caller("StatusEvent", event::status_event),
    Command::caller("StatusNameserver", nameserver::status_nameserver),
    Command::caller("StatusOwnerChange", domain_trade::status_owner_change),
    Command::session("StopSession", session::stop_session),
    Command::caller("TradeDomain", domain_trade::trade_domain),
    Command::caller("TransferDomain", transfer::transfer_domain),
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
    let in_command = command.and_then(|command| login_in_command(command, request));
    let credentials = in_command.as_ref().unwrap_or(request);
    let caller = caller.insert(auth::authenticate(
        registry,
        credentials,
        Dialect::Cnr,
        meta,
    )?);
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

/// StartSession's documented body form (cnr-commands.md §29): `LOGIN` and
/// `PASSWORD` as command parameters in place of `s_login`/`s_pw`; the
/// request with them as its credentials, when it came so.
fn login_in_command(command: &Command, request: &Request) -> Option<Request> {
    let fields = request.login.is_none() && request.password.is_none();
    if command.name != "StartSession" || !fields || request.session_id.is_some() {
        return None;
    }
    let (login, password) = (
        request.params.get("LOGIN")?,
        request.params.get("PASSWORD")?,
    );
    let mut request = request.clone();
    request.login = Some(login.clone());
    request.password = Some(Secret::from_text(password));
    Some(request)
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

/// Rows per page of the CNR lists when LIMIT is absent (a LIVE QueryDomainList
/// answered `limit = 1000`), and the most a page holds.
const DEFAULT_LIMIT: usize = 1000;

/// FIRST (0) and LIMIT (1000, at most 10000) as the CNR lists read them:
/// `505` for a value that is not a whole number; `LIMIT=0` is an empty page
/// (cnr-dialect.md §7.2), unlike HEXONET's.
pub(super) fn window(args: &mut Args<'_>) -> Result<Page> {
    let first = count(args, "FIRST")?.unwrap_or(0);
    let limit = count(args, "LIMIT")?.map_or(DEFAULT_LIMIT, |n| n.min(MAX_LIMIT));
    Ok(Page { first, limit })
}

/// One of `values` (ignoring case) for the parameter `name`, or `541`.
pub(super) fn one_of(
    name: &str,
    text: Option<&str>,
    values: &[&'static str],
) -> Result<Option<&'static str>> {
    let Some(text) = text else {
        return Ok(None);
    };
    match values.iter().find(|value| value.eq_ignore_ascii_case(text)) {
        Some(value) => Ok(Some(value)),
        None => Err(Error::invalid(
            name,
            format_args!("({text}) is not one of {}", values.join(", ")),
        )),
    }
}

/// The paging rows that close a CNR list, in their alphabetical place after
/// the data: `first`, `last` (`first` for an empty page), `limit`, `total`.
/// `count` comes before the data (`push("count", …)` after `columns`).
fn push_window(response: &mut Response, page: Page, count: usize, total: usize) {
    response
        .push("first", page.first)
        .push("last", page.last(count))
        .push("limit", page.limit)
        .push("total", total);
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
