//! The CentralNic Reseller domain commands that create or read one domain:
//! AddDomain and StatusDomain (cnr-commands.md §1, §2; RenewDomain,
//! DeleteDomain, PushDomain and SetAuthCode are in `domain_renew.rs`,
//! SetDomainRenewalMode and ModifyDomain in `domain_modify.rs`; AddDomain's
//! reading and placing in `registration.rs`, which AddDomainApplication
//! shares). Each reads the CNR parameters and pushes the CNR property names; the checks, charges and
//! registry changes are HEXONET's cores (`command::domain::shared`), so both
//! dialects see one registry; SetAuthCode is the one change made here (the
//! transfer code). Lists live in `domain_list.rs`.

use std::fmt;

use indexmap::IndexMap;

use super::super::domain::shared::{Dates, registered, statuses, time_to_suspension, zone_of};
use super::super::{Args, Ctx};
use super::check::{FEE_COLUMNS, fee_values, parse_domain};
use super::fee::{push_charged, read_queries};
use super::registration::{place, read_registration};
use crate::dialect::CNR_SPELLINGS;
use crate::error::{Error, Result};
use crate::registry::Role;
use crate::registry::catalogue::Tld;
use crate::registry::unrenew::AutoRenewal;
use crate::registry::{Domain, Timestamp};
use crate::wire::Response;

/// The 504 detail the platform gives for a premium name without its fee
/// (cnr-commands.md §2, as the PHP SDK quotes it).
pub(super) const PREMIUM_FEE: &str = "premium domain name. please provide required parameters";

/// The status of a registration the registry has not confirmed
/// (cnr-dialect.md §8.3; HEXONET's REQUESTEDCREATE).
const CNR_REQUESTED: &str = "REQUESTED";

/// A domain's `status` rows, as StatusDomain and QueryDomainList TYPE=ALL
/// show them: HEXONET's (the registry's age lock and a pending transfer
/// follow ACTIVE), a registration the registry has not confirmed REQUESTED.
pub(super) fn status_rows<'a>(ctx: &Ctx<'_>, domain: &'a Domain, tld: &Tld) -> Vec<&'a str> {
    let mut rows = statuses(ctx.system, domain, tld, ctx.now);
    if domain.requested_create().is_some() {
        rows[0] = CNR_REQUESTED;
    }
    rows
}

/// A date as CNR domain answers write it: `YYYY-MM-DD hh:mm:ss.0`.
pub(super) struct Dot0(pub(super) Timestamp);

impl fmt::Display for Dot0 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.0", self.0.datetime())
    }
}

/// Reads `NAME#` lists the platform documents and otebox does not keep
/// (domain tags): accepted, so a client sending them is not refused.
pub(super) fn read_ignored(args: &mut Args<'_>, names: &[&str], stems: &[&str]) {
    for name in names {
        args.optional(name);
    }
    for stem in stems {
        args.list(stem);
    }
}

/// Registers a domain at once. A contact is a handle or inline fields
/// (`OWNERCONTACT0FIRSTNAME=…`, what the PHP SDK makes of an array, as the
/// Blesta module sends them), read by HEXONET's `read_contact`: inline data
/// becomes the caller's identical handle or a new one, as AddContact's.
///
/// ```text
/// COMMAND             = AddDomain
/// DOMAIN              = <domain>
/// PERIOD              = <n | nY>           (optional, the zone's first period)
/// OWNERCONTACT0       = <handle>   or OWNERCONTACT0FIRSTNAME, …LASTNAME, …ORGANIZATION,
///                       …STREET, …CITY, …STATE, …ZIP, …COUNTRY, …PHONE, …FAX, …EMAIL
/// ADMINCONTACT0..2, TECHCONTACT0..2, BILLINGCONTACT0..2 = <handle> or inline fields
///                       (default the owner)
/// NAMESERVER0..12     = <host name>
/// AUTH                = <6..64 characters> (optional, random)
/// TRANSFERLOCK        = 0 | 1 | <empty = 0>
/// X-WHOISPRIVACY      = 0 | 1              (ID protection where the zone offers it)
/// RENEWALMODE         = DEFAULT | AUTORENEW | AUTOEXPIRE | AUTODELETE | RENEWONCE
///                       | AUTORENEWMONTHLY (.de) | AUTORENEWQUARTERLY (.nl)
///                       | EXPIREAUCTION (com net org info biz tv mobi me), as SetDomainRenewalMode
/// DNSSEC0..n          = <flags protocol alg key>        (DNSKEY records)
/// DNSSECDSDATA0..n    = <keytag alg digesttype digest>  (DS records)
/// X-FEE-AMOUNT        = <decimal, at least the price> (premium names: required)
/// X-FEE-CURRENCY      = <currency of X-FEE-AMOUNT>    (optional, the account's)
/// X-IDN-LANGUAGE      = <a tag QueryIDNTagList lists for the zone> (optional, ignoring case)
/// DOMAINTAG#, ADDDOMAINTAG# = <tag>  (the domain's tags, StatusDomain's domaintag[n])
/// TRANSFERMODE, X-FEE-APPLICATION, TOKEN = accepted; other X-... = the zone's fields
/// ---
/// property[created date][0]                 = <YYYY-MM-DD hh:mm:ss.0>
/// property[registration expiration date][0] = <.0 date>
/// property[renewal date][0]                 = <.0 date>
/// property[status][0]                       = ACTIVE   (REQUESTED while a slow registry confirms it,
///                                             or for 24 hours while the .swiss registry reviews it)
/// property[x-fee-amount][0], [x-fee-application][0], [x-fee-currency][0] (premium: the
///                                             price charged, in the account currency)
/// ```
pub(super) fn add_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let registration = read_registration(args, ctx)?;
    args.finish()?;
    let (domain, charged) = place(ctx, registration, "AddDomain")?;
    let dates = Dates::of(&domain, zone_of(&domain.name)?);
    // A slow registry: `status = REQUESTED` (cnr-dialect.md §8.3).
    let status = ctx.slow.map_or("ACTIVE", |_| CNR_REQUESTED);
    let mut response = registered(ctx)
        .with("created date", Dot0(domain.created))
        .with("registration expiration date", Dot0(dates.expiration))
        .with("renewal date", Dot0(dates.accounting))
        .with("status", status);
    push_charged(&mut response, charged);
    Ok(response)
}

/// Full detail of one of the caller's domains, in the LIVE group order
/// (cnr-commands.md §1). An unknown parameter is refused before a missing
/// DOMAIN, as recorded (`StatusDomain ... LIMIT=1` → `503 ...; LIMIT`). A
/// domain nobody holds and one another account holds are both `545 Entity
/// reference not found`; a subuser's is `531` naming the SUBUSER view.
///
/// ```text
/// COMMAND = StatusDomain
/// DOMAIN  = <domain>
/// X-FEE-COMMAND = create | renew | transfer   X-FEE-PERIOD = 1..10 (1)
/// X-FEE-PERIODTYPE = YEAR   X-FEE-CURRENCY (the account's), X-FEE-DOMAIN,
/// X-FEE-LAUNCHPHASE = as CheckDomain's
/// ---
/// created by, created date, updated by, updated date, registrar,
/// registration expiration date, registrar transfer date (after a transfer),
/// paiduntil date, renewal date, auth,
/// renewalmode, transfermode, roid, domain, domain idn, zone, status[n],
/// rgp status (in the add grace period), transfer lock, nameserver[n],
/// owner contact, admin contact[n], tech contact[n], billing contact[n], domaintag[n],
/// dnssec[n], dnssecdsdata[n], x-fee-class (premium; with X-FEE-COMMAND the
/// eight x-fee rows of CheckDomain: amount, application, class, command,
/// currency, domain, period, periodtype), x-whois-privacy = 1
/// (only while ID protection is on), x-time-to-suspension (while the
/// registrant's address waits for its ICANN verification), x-registry-lock = 1
/// (while registry-locked), the domain's x-... fields in lower case. Dates end in `.0`.
/// ```
pub(super) fn status_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let text = args.optional("DOMAIN");
    // The premium price query, answered as CheckDomain answers it; judged
    // after `finish`, so that an unknown parameter is answered first.
    let query = read_queries(args, ctx, 1, true);
    args.finish()?;
    let query = query?.pop().flatten();
    let text = text.ok_or(Error::MissingParameter("DOMAIN".into()))?;
    let name = parse_domain("DOMAIN", text)?;
    // Another account's domain is no domain of the caller's: the platform
    // answers it as one nobody holds (cnr-commands.md §1: "unknown/foreign
    // domain 545 Entity reference not found" [wire]; WHMCS reads that 545 as
    // "transferred away"). A subuser's keeps the 531 naming the view.
    let owner = ctx.owner();
    let foreign = ctx
        .system
        .domain(name.as_str())
        .is_some_and(|held| held.owner != owner && !ctx.system.in_subtree(owner, &held.owner));
    if foreign {
        return Err(Error::ObjectNotFound(format!(
            "DOMAIN NAME NOT FOUND; {name} is not held by {owner}"
        )));
    }
    let domain = ctx.system.owned_domain(owner, name.as_str())?;
    let tld = zone_of(&domain.name)?;
    let dates = Dates::of(domain, tld);
    let mut response = Response::with_room(40, 1024);
    response
        .push_str("created by", &domain.created_by)
        .push("created date", Dot0(domain.created))
        .push_str("updated by", &domain.updated_by)
        .push("updated date", Dot0(domain.updated))
        .push_str("registrar", &domain.owner)
        .push("registration expiration date", Dot0(dates.expiration));
    // Only once the domain has arrived by transfer, right after the expiry
    // as in the platform's LIVE reply of a transferred domain (cnr-commands.md 1).
    if let Some(transferred) = domain.transferred() {
        response.push("registrar transfer date", Dot0(transferred));
    }
    response
        .push("paiduntil date", Dot0(dates.paid_until))
        .push("renewal date", Dot0(dates.accounting));
    // A .de/.eu/.be domain has no code until one is asked for: the row is
    // still there, empty, as the platform's LIVE .eu reply shows it (`auth = `,
    // cnr-commands.md 1), where HEXONET's StatusDomain leaves AUTH out.
    response
        .push_str("auth", &domain.auth)
        .push_str("renewalmode", domain.renewal_mode.as_str())
        .push_str("transfermode", "DEFAULT")
        .push("roid", domain.roid())
        .push_str("domain", domain.name.as_str())
        .push_str("domain idn", &domain.name.unicode())
        .push_str("zone", tld.zone);
    for status in status_rows(ctx, domain, tld) {
        response.push_str("status", status);
    }
    if domain.add_grace.is_some_and(|(until, _)| ctx.now <= until) {
        response.push_str("rgp status", "addPeriod");
    }
    if AutoRenewal::refundable(domain, ctx.now).is_some() {
        response.push_str("rgp status", "autoRenewPeriod");
    }
    response.push("transfer lock", u8::from(domain.transfer_lock));
    for ns in &domain.nameservers {
        response.push_str("nameserver", ns);
    }
    for (role, name) in [
        (Role::Owner, "owner contact"),
        (Role::Admin, "admin contact"),
        (Role::Tech, "tech contact"),
        (Role::Billing, "billing contact"),
    ] {
        for handle in &domain.contacts[role.index()] {
            response.push_str(name, handle);
        }
    }
    for tag in domain.tags() {
        response.push_str("domaintag", tag);
    }
    let secdns = domain.secdns();
    for key in &secdns.keys {
        response.push_str("dnssec", key);
    }
    for ds in &secdns.ds {
        response.push_str("dnssecdsdata", ds);
    }
    // With X-FEE-COMMAND a premium domain's price for it (cnr-commands.md §1).
    let premium = domain.premium.as_deref();
    match fee_values(premium, query.as_ref(), domain.name.as_str())? {
        Some(values) => {
            for (column, value) in FEE_COLUMNS.into_iter().zip(&values) {
                response.push_str(column, value);
            }
        }
        None if premium.is_some() => {
            response.push_str("x-fee-class", "premium");
        }
        None => {}
    }
    // Only while ID protection is on: the platform's LIVE .com reply without
    // it has no x-whois-privacy line at all (cnr-commands.md 0.2); WHMCS reads
    // a missing value as off.
    if tld.id_protection && domain.id_protection {
        response.push("x-whois-privacy", 1u8);
    }
    // An unverified registrant address (ICANN): the day the domain would be
    // suspended, as the KB's contact-verification page describes it.
    if let Some(due) = time_to_suspension(ctx, domain) {
        response.push("x-time-to-suspension", Dot0(due));
    }
    if domain.registry_locked() {
        response.push("x-registry-lock", 1u8);
    }
    for (field, value) in domain.extensions() {
        // ID protection is the flag above: a spelling of it a HEXONET
        // request stored as a plain field (X-WHOIS-PRIVACY) is not shown.
        if hexonet_field(field) == ID_PROTECTION_FIELD {
            continue;
        }
        response.push(cnr_field(field).to_ascii_lowercase(), value);
    }
    Ok(response)
}

/// HEXONET's name of the ID protection flag, which [`CNR_SPELLINGS`] maps
/// both CNR spellings to.
const ID_PROTECTION_FIELD: &str = "X-ACCEPT-WHOISTRUSTEE-TAC";

/// `name` as the catalogue spells it ([`CNR_SPELLINGS`]: `.ca`'s legal
/// type), else as it is. (ID protection's spellings are read as a flag
/// before the `X-` fields are gathered, so never come here to be stored.)
pub(super) fn hexonet_field(name: &str) -> &str {
    CNR_SPELLINGS
        .iter()
        .find(|(_, cnr)| *cnr == name)
        .map_or(name, |(hexonet, _)| hexonet)
}

/// `name` as the platform spells it (the reverse of [`hexonet_field`]).
pub(super) fn cnr_field(name: &str) -> &str {
    CNR_SPELLINGS
        .iter()
        .find(|(hexonet, _)| *hexonet == name)
        .map_or(name, |(_, cnr)| cnr)
}

/// A refusal naming a field in the catalogue's spelling, in the platform's
/// (`504 Missing required attribute; X-CA-LEGAL-TYPE`), also when a reason
/// follows the name (ModifyDomain's `X-CA-LEGAL-TYPE (.ca requires it: …)`).
pub(super) fn cnr_fields_named(error: Error) -> Error {
    match error {
        Error::MissingParameter(text) => {
            let field = text.split(' ').next().unwrap_or_default();
            match cnr_field(field) {
                cnr if cnr != field => {
                    let rest = &text[field.len()..];
                    Error::MissingParameter(format!("{cnr}{rest}").into())
                }
                _ => Error::MissingParameter(text),
            }
        }
        Error::SyntaxRule { name, value, rule } => Error::SyntaxRule {
            name: cnr_field(&name).to_owned(),
            value,
            rule,
        },
        other => other,
    }
}

/// Read `X-` fields with their catalogue names ([`hexonet_field`]).
pub(super) fn hexonet_fields(fields: IndexMap<String, String>) -> IndexMap<String, String> {
    fields
        .into_iter()
        .map(|(name, value)| (hexonet_field(&name).to_owned(), value))
        .collect()
}
