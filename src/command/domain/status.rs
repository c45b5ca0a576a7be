//! What the domain commands report about one domain: the billing dates
//! derived from the registry expiry ([`Dates`]), StatusDomain, and the
//! "nothing pending" answer WHMCS asks for on every domain page
//! (QueryDomainPendingRegistrantVerificationList; StatusDomainTransfer is
//! `command/transfer_list.rs`'s, StatusDomainTrade `trade.rs`'s). Reads
//! only; changes no data.

use super::args::{read_name, zone_of};
use crate::command::list::{OrderBy, Page, UserDepth};
use crate::command::transfer_check::transfer_rows;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{HostModel, Tld};
use crate::registry::lifecycle;
use crate::registry::{DateTime, Domain, Period, Role};
use crate::wire::Response;

/// The "lite" ID-protection flag: `0` unless set as an `X-` field.
const LITE: &str = "X-ACCEPT-WHOISTRUSTEELITE-TAC";
/// `ACCOUNTINGPERIOD`, `FINALIZATIONPERIOD` as the protocol writes them.
const ACCOUNTING_PERIOD: &str = "-5d";
const FINALIZATION_PERIOD: &str = "1d";
/// A deleted domain is not held before it may be restored (`DELETIONHOLDPERIOD`).
const DELETION_HOLD_PERIOD: &str = "0d";

/// The billing dates (moved to the registry, where the clock's jobs read them).
pub(in crate::command) use crate::registry::lifecycle::Dates;

/// Pushes the dates AddDomain answers with (protocol.md §8 AddDomain), in the
/// doc's order; `expiration` adds EXPIRATIONDATE first.
pub(super) fn push_dates(response: &mut Response, dates: &Dates, expiration: bool) {
    if expiration {
        response.push("EXPIRATIONDATE", dates.expiration.datetime());
    }
    response
        .push("ACCOUNTINGDATE", dates.accounting.datetime())
        .push("FAILUREDATE", dates.failure.datetime())
        .push("FINALIZATIONDATE", dates.finalization.datetime())
        .push("PAIDUNTILDATE", dates.paid_until.datetime())
        .push("REGISTRATIONEXPIRATIONDATE", dates.expiration.datetime());
}

/// The `STATUS` rows: `ACTIVE` (`REQUESTEDCREATE` while the registry has
/// not confirmed the registration), then the EPP client flags.
pub(in crate::command) fn statuses(domain: &Domain) -> Vec<&str> {
    let first = match domain.requested_create() {
        Some(_) => crate::registry::REQUESTED_CREATE,
        None => "ACTIVE",
    };
    let mut rows = vec![first];
    if domain.transfer_lock {
        rows.push("clientTransferProhibited");
    }
    rows.extend(domain.flags.iter().map(String::as_str));
    rows
}

/// What happens next and when (`NEXTACTION`, `NEXTACTIONDATE`).
/// (`lifecycle::next_action`: the clock's next due point of the domain).
pub(super) fn next_action(domain: &Domain, dates: &Dates) -> (&'static str, DateTime) {
    let (action, when) = lifecycle::next_action(domain, dates);
    (action, when.datetime())
}

/// How far the paid-until date runs ahead of the registry expiry
/// (`PREPAIDPERIOD`): `0`, or whole months/years as a period (`1Y`).
pub(super) fn prepaid(domain: &Domain) -> String {
    let months = (1..=240u32)
        .find(|&months| domain.expires.plus_months(months) >= domain.paid_until)
        .filter(|_| domain.paid_until > domain.expires);
    months.map_or_else(|| "0".to_owned(), |months| Period { months }.to_string())
}

/// The price class a domain reports as SUBCLASS: its premium class or the zone class.
pub(super) fn subclass<'a>(domain: &'a Domain, tld: &'a Tld) -> &'a str {
    domain
        .premium
        .as_ref()
        .map_or(tld.class, |premium| premium.class.as_str())
}

/// Full detail of one of the caller's domains.
///
/// ```text
/// COMMAND           = StatusDomain
/// DOMAIN            = <domain>
/// HOSTTYPE          = AUTO | ATTRIBUTE | OBJECT   (optional, AUTO)
/// REFRESH           = 0 | 1                       (accepted, nothing to re-read)
/// REPOSITORYCONTACT = * | <empty>                 (adds REPOSITORY*CONTACT rows)
/// ---
/// PROPERTY[ID][0], [STATUS][0..n] (ACTIVE first), [NAMESERVER][0..12],
/// [OWNERCONTACT][0], [ADMINCONTACT][0..2], ..., [AUTH][0], [TRANSFERLOCK][0],
/// [X-ACCEPT-WHOISTRUSTEE-TAC][0], [HOST][0..n], [SECDNS-DS][0..n], the dates, ...
/// ```
///
/// HOST rows: with ATTRIBUTE the attribute hosts and the caller's host
/// objects under the domain as `name ip ...`; with OBJECT the names only;
/// AUTO is ATTRIBUTE for zones that keep hosts as attributes, OBJECT otherwise.
pub(in crate::command) fn status_domain(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
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
    args.finish()?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    let tld = zone_of(&domain.name)?;
    let host_type = host_type.unwrap_or(tld.hosts);
    let dates = Dates::of(domain, tld);

    // About 55 properties and 1.5 KB of values for a typical domain.
    let mut response = Response::with_room(64, 2048);
    response
        .push_str("ID", domain.name.as_str())
        .push_str("DESCRIPTION", domain.name.as_str())
        .push_str("DOMAINUMLAUT", &domain.name.unicode())
        .push_str("CLASS", "DOMAIN")
        .push_str("SUBCLASS", subclass(domain, tld));
    let mut rows = statuses(domain);
    rows.splice(1..1, transfer_rows(ctx.system, domain, tld, ctx.now));
    for status in rows {
        response.push_str("STATUS", status);
    }
    response.push("TRANSFERLOCK", u8::from(domain.transfer_lock));
    for ns in &domain.nameservers {
        response.push_str("NAMESERVER", ns);
    }
    for role in Role::ALL {
        for handle in &domain.contacts[role.index()] {
            response.push_str(role.parameter(), handle);
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
    if !domain.auth.is_empty() {
        response.push_str("AUTH", &domain.auth);
    }
    response.push(
        "HOSTTYPE",
        match host_type {
            HostModel::Attribute => "ATTRIBUTE",
            HostModel::Object => "OBJECT",
        },
    );
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
    response.push("X-ACCEPT-WHOISTRUSTEE-TAC", u8::from(domain.id_protection));
    if domain.extension(LITE).is_none() {
        response.push(LITE, 0);
    }
    for (field, value) in domain.extensions() {
        response.push(field.clone(), value);
    }
    response
        .push("INTERNALDNS", u8::from(domain.internal_dns))
        .push("CREATEDDATE", domain.created.datetime())
        .push_str("CREATEDBY", &domain.created_by)
        .push("UPDATEDDATE", domain.updated.datetime())
        .push_str("UPDATEDBY", &domain.updated_by)
        .push_str("USER", &domain.owner)
        .push_str("PEERUSER", "")
        .push_str("REGISTRAR", "otebox")
        .push_str("REPOSITORY", tld.repository)
        .push_str("RENEWALMODE", domain.renewal_mode.as_str())
        .push(
            "RENEWALPERIOD",
            domain
                .renewal_period()
                .or(tld.renewal_periods.first().copied())
                .map(|p| p.to_string())
                .unwrap_or_default(),
        )
        .push("PREPAIDPERIOD", prepaid(domain))
        .push_str("TRANSFERMODE", "DEFAULT")
        .push("TRANSFERDATE", DateTime(domain.transferred()))
        .push("REGISTRARTRANSFERDATE", DateTime(domain.transferred()));
    super::trade::push_trade_facts(&mut response, ctx, domain);
    push_dates(&mut response, &dates, true);
    let (action, when) = next_action(domain, &dates);
    response
        .push("RENEWALDATE", dates.accounting.datetime())
        .push_str("ACCOUNTINGPERIOD", ACCOUNTING_PERIOD)
        .push_str("FINALIZATIONPERIOD", FINALIZATION_PERIOD)
        .push("FAILUREPERIOD", format_args!("{}d", dates.grace_days))
        .push_str("DELETIONHOLDPERIOD", DELETION_HOLD_PERIOD)
        .push(
            "DELETIONRESTORABLEPERIOD",
            format_args!("{}d", tld.restorable_days),
        )
        .push_str("NEXTACTION", action)
        .push("NEXTACTIONDATE", when);
    Ok(response)
}

/// Registrant verifications (ICANN) still open: none in the sandbox, so an
/// empty list with its counters. DOMAIN narrows the list as a pattern.
///
/// ```text
/// COMMAND = QueryDomainPendingRegistrantVerificationList
/// DOMAIN  = <domain or pattern>   (optional)
/// FIRST, LIMIT, ORDERBY, USERDEPTH (optional)
/// ---
/// PROPERTY[FIRST][0]=0 ... PROPERTY[COUNT][0]=0, PROPERTY[TOTAL][0]=0
/// ```
pub(in crate::command) fn query_domain_pending_registrant_verification_list(
    args: &mut Args<'_>,
    _ctx: &mut Ctx<'_>,
) -> Result<Response> {
    args.optional("DOMAIN");
    let page = Page::read(args, 100)?;
    OrderBy::read(
        args,
        &[
            "DOMAIN",
            "X-REGISTRANT-VERIFICATION-EMAIL",
            "X-REGISTRANT-VERIFICATION-STATUS",
            "X-REGISTRANT-VERIFICATION-NAME",
            "X-REGISTRANT-VERIFICATION-REQUESTEDDATE",
        ],
    )?;
    UserDepth::read(args, UserDepth::All)?;
    args.finish()?;
    let mut response = Response::ok();
    page.push_counters(&mut response, 0, 0);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::lifecycle::{ACCOUNTING_DAYS, FINALIZATION_DAYS};

    #[test]
    fn period_texts_follow_the_day_counts() {
        assert_eq!(ACCOUNTING_PERIOD, format!("-{ACCOUNTING_DAYS}d"));
        assert_eq!(FINALIZATION_PERIOD, format!("{FINALIZATION_DAYS}d"));
    }
}
