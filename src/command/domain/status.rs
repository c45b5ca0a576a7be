//! What the domain commands report about one domain: the billing dates
//! derived from the registry expiry ([`Dates`]) and StatusDomain
//! (StatusDomainTransfer is `command/transfer_list.rs`'s, StatusDomainTrade
//! `trade.rs`'s, the registrant verification `verification.rs`'s). Reads
//! only; changes no data.

use std::borrow::Cow;

use super::args::zone_of;
use crate::command::transfer_check::transfer_rows;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{HostModel, Tld};
use crate::registry::lifecycle;
use crate::registry::{DateTime, Domain, DomainName, Period, Role, ShortText, System, Timestamp};
use crate::wire::Response;

/// `ACCOUNTINGPERIOD`, `FINALIZATIONPERIOD` as the protocol writes them.
const ACCOUNTING_PERIOD: &str = "-5d";
const FINALIZATION_PERIOD: &str = "1d";
/// A deleted domain is not held before it may be restored (`DELETIONHOLDPERIOD`).
const DELETION_HOLD_PERIOD: &str = "0d";

mod dates;
mod rows;
use dates::billing_dates;
pub(super) use dates::push_dates;
use rows::{
    AUTH_HOST_TYPE, BILLING, CONTACTS, FACTS, HEAD, HOST_TYPE, ID_PROTECTION, ID_PROTECTION_ONLY,
    LITE, TRANSFER_LOCK,
};

/// The billing dates (moved to the registry, where the clock's jobs read them).
pub(in crate::command) use crate::registry::lifecycle::Dates;

/// The `STATUS` rows, the one list StatusDomain (both dialects) and every
/// QueryDomainList form show: `ACTIVE` (`REQUESTEDCREATE` while the
/// registry has not confirmed the registration), the rows transfers add
/// (`serverTransferProhibited` during the age lock, `pendingTransfer`),
/// then the EPP client flags.
pub(in crate::command) fn statuses<'a>(
    system: &System,
    domain: &'a Domain,
    tld: &Tld,
    now: Timestamp,
) -> Vec<&'a str> {
    status_rows(system, domain, tld, now).collect()
}

/// [`statuses`] one by one, for StatusDomain to push without a `Vec` (an
/// allocation on every request).
fn status_rows<'a>(
    system: &System,
    domain: &'a Domain,
    tld: &Tld,
    now: Timestamp,
) -> impl Iterator<Item = &'a str> + use<'a> {
    let transfers = transfer_rows(system, domain, tld, now).map(|row| -> &'a str { row });
    std::iter::once(first_status(domain))
        .chain(transfers)
        .chain(client_statuses(domain))
}

/// `ACTIVE`, or `REQUESTEDCREATE` while the registry has not confirmed the
/// registration (a slow-registry fault rule).
fn first_status(domain: &Domain) -> &'static str {
    match domain.requested_create() {
        Some(_) => crate::registry::REQUESTED_CREATE,
        None => "ACTIVE",
    }
}

/// The EPP client flags of the `STATUS` rows (after `ACTIVE`).
fn client_statuses(domain: &Domain) -> impl Iterator<Item = &str> {
    let lock = domain.transfer_lock.then_some("clientTransferProhibited");
    lock.into_iter()
        .chain(domain.flags.iter().map(String::as_str))
}

/// `0` or `1`, as the protocol writes flags.
fn flag(set: bool) -> &'static str {
    if set { "1" } else { "0" }
}

/// The "lite" ID-protection flag (`X-ACCEPT-WHOISTRUSTEELITE-TAC`) as
/// StatusDomain and QueryDomainList `VERSION=2` show it: the domain's `X-`
/// field, `0` when it has none.
pub(super) fn lite_protection(domain: &Domain) -> &str {
    domain.extension(LITE).unwrap_or("0")
}

/// What happens next and when (`NEXTACTION`, `NEXTACTIONDATE`).
/// (`lifecycle::next_action`: the clock's next due point of the domain).
pub(super) fn next_action(domain: &Domain, dates: &Dates) -> (&'static str, DateTime) {
    let (action, when) = lifecycle::next_action(domain, dates);
    (action, when.datetime())
}

/// How far the paid-until date runs ahead of the registry expiry
/// (`PREPAIDPERIOD`): `0`, or whole months/years as a period (`1Y`).
pub(super) fn prepaid(domain: &Domain) -> ShortText {
    if domain.paid_until <= domain.expires {
        return ShortText::number(0);
    }
    let months =
        (1..=240u32).find(|&months| domain.expires.plus_months(months) >= domain.paid_until);
    months.map_or(ShortText::number(0), |months| Period { months }.text())
}

/// `read_name`'s text without a `DomainName` (borrowed when the value is
/// already lower-case ACE): StatusDomain only looks the name up.
fn read_name_text<'a>(args: &mut Args<'a>, param: &'static str) -> Result<Cow<'a, str>> {
    let text = args.required(param)?;
    DomainName::normalise(text).map_err(|rule| Error::syntax_rule(param, text, rule))
}

/// The price class a domain reports as SUBCLASS: its premium class or the zone class.
pub(super) fn subclass<'a>(domain: &'a Domain, tld: &'a Tld) -> &'a str {
    domain
        .premium
        .as_ref()
        .map_or(tld.class, |premium| premium.class.as_str())
}

/// Whether `PROPERTIES` asks for the renewal price rows: words separated by
/// blanks or commas, any case, `PRICE` or `RENEWALPRICE` (QueryDomainList's
/// words for them); another word is `506`.
fn read_properties(args: &mut Args<'_>) -> Result<bool> {
    let Some(text) = args.optional("PROPERTIES") else {
        return Ok(false);
    };
    let mut price = false;
    for word in text.split([' ', ',']).filter(|word| !word.is_empty()) {
        if !(word.eq_ignore_ascii_case("PRICE") || word.eq_ignore_ascii_case("RENEWALPRICE")) {
            return Err(Error::InvalidOption(format!(
                "PROPERTIES: ({word}) is not PRICE or RENEWALPRICE"
            )));
        }
        price = true;
    }
    Ok(price)
}

/// Full detail of one of the caller's domains.
///
/// ```text
/// COMMAND           = StatusDomain
/// DOMAIN            = <domain>
/// HOSTTYPE          = AUTO | ATTRIBUTE | OBJECT   (optional, AUTO)
/// REFRESH           = 0 | 1                       (accepted, nothing to re-read)
/// REPOSITORYCONTACT = * | <empty>                 (adds REPOSITORY*CONTACT rows)
/// PROPERTIES        = PRICE | RENEWALPRICE        (optional: the renewal price rows)
/// ---
/// PROPERTY[ID][0], [STATUS][0..n] (ACTIVE first), [NAMESERVER][0..12],
/// [OWNERCONTACT][0], [ADMINCONTACT][0..2], ..., [AUTH][0], [TRANSFERLOCK][0],
/// [X-ACCEPT-WHOISTRUSTEE-TAC][0], [HOST][0..n], [SECDNS-DS][0..n], the dates, ...
/// ```
///
/// HOST rows: with ATTRIBUTE the attribute hosts and the caller's host
/// objects under the domain as `name ip ...`; with OBJECT the names only;
/// AUTO is ATTRIBUTE for zones that keep hosts as attributes, OBJECT otherwise.
///
/// PROPERTIES takes QueryDomainList version 2's words (its `PRICE` columns
/// CURRENCY, RENEWALGROSSPRICE, RENEWALPRICE, VAT follow the answer): the
/// WHMCS module from 2.x to 3.x sends `PROPERTIES=PRICE` before renewing a
/// premium name and sends its SUBCLASS only when RENEWALPRICE is the price
/// it expects.
pub(in crate::command) fn status_domain(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name_text(args, "DOMAIN")?;
    args.flag("REFRESH")?;
    let host_type = match args
        .optional("HOSTTYPE")
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        None | Some("AUTO") => None,
        Some("ATTRIBUTE") => Some(HostModel::Attribute),
        Some("OBJECT") => Some(HostModel::Object),
        Some(other) => {
            return Err(Error::invalid(
                "HOSTTYPE",
                format_args!("({other}) is not AUTO, ATTRIBUTE or OBJECT"),
            ));
        }
    };
    let repository_contacts = match args.optional("REPOSITORYCONTACT") {
        None => false,
        Some("*") => true,
        Some(other) => {
            return Err(Error::invalid(
                "REPOSITORYCONTACT",
                format_args!("({other}) is not *"),
            ));
        }
    };
    let priced = read_properties(args)?;
    args.finish()?;
    let domain = ctx.system.owned_domain(ctx.owner(), &name)?;
    let tld = zone_of(&domain.name)?;
    let host_type = host_type.unwrap_or(tld.hosts);
    let dates = Dates::of(domain, tld);

    // About 55 properties and 1.5 KB of values for a typical domain.
    let mut response = Response::with_room(64, 2048);
    response.push_row(
        &HEAD,
        [
            domain.name.as_str(),
            domain.name.as_str(),
            &domain.name.unicode(),
            "DOMAIN",
            subclass(domain, tld),
        ],
    );
    for status in status_rows(ctx.system, domain, tld, ctx.now) {
        response.push_str("STATUS", status);
    }
    response.push_row(&TRANSFER_LOCK, [flag(domain.transfer_lock)]);
    for ns in &domain.nameservers {
        response.push_str("NAMESERVER", ns);
    }
    match Role::ALL.map(|role| &domain.contacts[role.index()]) {
        [[owner], [admin], [tech], [billing]] => {
            response.push_row(&CONTACTS, [owner, admin, tech, billing]);
        }
        _ => {
            for role in Role::ALL {
                for handle in &domain.contacts[role.index()] {
                    response.push_str(role.parameter(), handle);
                }
            }
        }
    }
    if repository_contacts {
        for role in Role::ALL {
            let column = format!("REPOSITORY{}", role.parameter());
            for handle in &domain.contacts[role.index()] {
                response.push(column.clone(), handle);
            }
        }
    }
    // .de/.eu/.be: no code until one is requested (WHMCS: "EPP code sent
    // to the registrant by e-mail").
    let host_type_text = match host_type {
        HostModel::Attribute => "ATTRIBUTE",
        HostModel::Object => "OBJECT",
    };
    match domain.auth.as_str() {
        "" => response.push_row(&HOST_TYPE, [host_type_text]),
        auth => response.push_row(&AUTH_HOST_TYPE, [auth, host_type_text]),
    };
    for line in domain.hosts() {
        match host_type {
            HostModel::Attribute => response.push("HOST", line),
            HostModel::Object => response.push("HOST", line.split(' ').next().unwrap_or(line)),
        };
    }
    for host in ctx
        .system
        .hosts_under(domain.name.as_str())
        .filter(|host| host.owner == ctx.owner())
    {
        match host_type {
            HostModel::Attribute => {
                let mut line = host.name.to_string();
                for ip in &host.addresses {
                    line.push(' ');
                    line.push_str(&ip.to_string());
                }
                response.push("HOST", line)
            }
            HostModel::Object => response.push("HOST", &host.name),
        };
    }
    let secdns = domain.secdns();
    for ds in &secdns.ds {
        response.push("SECDNS-DS", ds);
    }
    for key in &secdns.keys {
        response.push("SECDNS-KEY", key);
    }
    if let Some(life) = secdns.max_sig_life {
        response.push("SECDNS-MAXSIGLIFE", life);
    }
    let id_protection = flag(domain.id_protection);
    match domain.extension(LITE) {
        None => response.push_row(&ID_PROTECTION, [id_protection, lite_protection(domain)]),
        Some(_) => response.push_row(&ID_PROTECTION_ONLY, [id_protection]),
    };
    for (field, value) in domain.extensions() {
        response.push(field.clone(), value);
    }
    if let Some(record) = super::verification::covering(ctx.system, domain) {
        response.push_str("X-REGISTRANT-VERIFICATION-EMAIL", &record.email);
        response.push_str("X-REGISTRANT-VERIFICATION-NAME", &record.name);
        let requested = record.requested.datetime().to_string();
        response.push("X-REGISTRANT-VERIFICATION-REQUESTEDDATE", requested);
        let status = record.status(ctx.now).text();
        response.push_str("X-REGISTRANT-VERIFICATION-STATUS", status);
    }
    let renewal_period = domain
        .renewal_period()
        .or(tld.renewal_periods.first().copied())
        .map(Period::text);
    // Every date of the answer written at once (StatusDomain shows the
    // accounting date up to three times).
    let [expires, accounting, failure, finalization, paid_until] = billing_dates(&dates);
    let mut buffer = [[0; DateTime::TEXT_LEN]; 8];
    // Equal neighbours are copied (`texts`): paid until is usually the
    // expiry, updated the created date.
    let [
        expires,
        paid_until,
        accounting,
        failure,
        finalization,
        created,
        updated,
        transferred,
    ] = DateTime::texts(
        [
            expires,
            paid_until,
            accounting,
            failure,
            finalization,
            domain.created.datetime(),
            domain.updated.datetime(),
            DateTime(domain.transferred()),
        ],
        &mut buffer,
    );
    response.push_row(
        &FACTS,
        [
            flag(domain.internal_dns),
            created,
            &domain.created_by,
            updated,
            &domain.updated_by,
            &domain.owner,
            "",
            "otebox",
            tld.repository,
            domain.renewal_mode.as_str(),
            renewal_period.as_ref().map_or("", ShortText::as_str),
            prepaid(domain).as_str(),
            "DEFAULT",
            transferred,
            transferred,
        ],
    );
    super::trade::push_trade_facts(&mut response, ctx, domain);
    // The next action falls on the accounting or the failure date.
    let (action, when) = lifecycle::next_action(domain, &dates);
    let other;
    let when = match when {
        when if when == dates.accounting => accounting,
        when if when == dates.failure => failure,
        when => {
            other = when.datetime().text();
            other.as_str()
        }
    };
    response.push_row(
        &BILLING,
        [
            expires,
            accounting,
            failure,
            finalization,
            paid_until,
            expires,
            accounting,
            ACCOUNTING_PERIOD,
            FINALIZATION_PERIOD,
            ShortText::days(dates.grace_days).as_str(),
            DELETION_HOLD_PERIOD,
            ShortText::days(u64::from(tld.restorable_days)).as_str(),
            action,
            when,
        ],
    );
    if priced {
        let price = super::list_columns::Price::of_domain(ctx.system, domain, tld);
        super::list_columns::push_prices(&mut response, &price);
    }
    Ok(response)
}

#[cfg(test)]
mod tests;
