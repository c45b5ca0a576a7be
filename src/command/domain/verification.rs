//! ICANN registrant verification on the wire: when a registration or an
//! owner change asks for one ([`ask_for`]), the verification covering a
//! domain ([`covering`], also StatusDomain's `X-REGISTRANT-VERIFICATION-*`
//! rows), and the four commands (QueryDomainPendingRegistrantVerificationList,
//! StatusDomainRegistrantVerification, ResendDomainRegistrantVerificationEmail,
//! ApproveDomainRegistrantVerificationEmail). The records and their status
//! on the clock are `registry/verification.rs`'s; this file must not change
//! domains, contacts or money.

use crate::command::domain::args::read_name;
use crate::command::list::{OrderBy, Page, UserDepth, glob};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue;
use crate::registry::{
    ContactData, Domain, DomainName, System, Timestamp, Verification, VerificationStatus,
};
use crate::wire::Response;

/// LIMIT when the request gives none.
const DEFAULT_LIMIT: usize = 100;

/// The list's ORDERBY keys, in the reference's order.
const ORDER_KEYS: [&str; 5] = [
    "DOMAIN",
    "X-REGISTRANT-VERIFICATION-EMAIL",
    "X-REGISTRANT-VERIFICATION-STATUS",
    "X-REGISTRANT-VERIFICATION-NAME",
    "X-REGISTRANT-VERIFICATION-REQUESTEDDATE",
];

/// The contact data of `domain`'s registrant (its first owner contact).
fn registrant_data<'s>(system: &'s System, domain: &Domain) -> Option<&'s ContactData> {
    Some(&system.registrant(domain)?.data)
}

/// After a registration or an owner change of `name` has succeeded (either
/// dialect): [`System::ask_registrant_verification`].
pub(in crate::command) fn ask_for(ctx: &mut Ctx<'_>, name: &str) {
    let now = ctx.now;
    ctx.system.ask_registrant_verification(name, now);
}

/// After a registration of `name` (either dialect's AddDomain): [`ask_for`]
/// for it and for the other half of its bundle (`.ngo`/`.ong`).
pub(super) fn ask_for_registration(ctx: &mut Ctx<'_>, name: &DomainName) {
    let other = crate::registry::bundle::second_half(name);
    for name in std::iter::once(name.clone()).chain(other) {
        ask_for(ctx, name.as_str());
    }
}

/// After a contact change that gave the handle `id` another e-mail address
/// (ModifyContact, both dialects): [`ask_for`] for every domain of the
/// view's account whose registrant it is (ICANN asks for the new address to
/// be verified).
pub(in crate::command) fn ask_for_new_address(ctx: &mut Ctx<'_>, id: &str) {
    let owner = ctx.owner();
    let names: Vec<String> = (ctx.system.domains_with_registrant(owner, id))
        .map(|domain| domain.name.as_str().to_owned())
        .collect();
    for name in names {
        ask_for(ctx, &name);
    }
}

/// The date a domain whose registrant has not verified the address is
/// suspended (the verification's due date), while it is PENDING or
/// OVERDUE: CNR StatusDomain's `x-time-to-suspension`.
pub(in crate::command) fn time_to_suspension(ctx: &Ctx<'_>, domain: &Domain) -> Option<Timestamp> {
    let record = covering(ctx.system, domain)?;
    (record.status(ctx.now) != VerificationStatus::Successful).then_some(record.due)
}

/// The verification `domain` waits for or had: its holder's record of its
/// current registrant address, if the domain asked for it.
pub(in crate::command) fn covering<'s>(
    system: &'s System,
    domain: &Domain,
) -> Option<&'s Verification> {
    let email = &registrant_data(system, domain)?.email;
    let record = system.verification(&domain.owner, email)?;
    record
        .domains
        .contains(domain.name.as_str())
        .then_some(record)
}

/// Domains whose registrant verification is open (PENDING or OVERDUE on the
/// sandbox clock), one row per domain.
///
/// ```text
/// COMMAND   = QueryDomainPendingRegistrantVerificationList
/// DOMAIN    = <domain or pattern>   (optional; ACE or Unicode)
/// ORDERBY   = DOMAIN | X-REGISTRANT-VERIFICATION-{EMAIL,STATUS,NAME,REQUESTEDDATE}, each with DESC
/// USERDEPTH = SELF | SUBUSER | ALL  (default ALL)
/// FIRST, LIMIT (default 100)
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0], PROPERTY[DOMAIN|DOMAINREPOSITORY|DOMAINUMLAUT][n],
/// PROPERTY[X-REGISTRANT-VERIFICATION-{DUEDATE,EMAIL,NAME,REQUESTEDDATE,STATUS}][n]
/// ```
pub(in crate::command) fn query_domain_pending_registrant_verification_list(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let pattern = args.optional("DOMAIN");
    let page = Page::read(args, DEFAULT_LIMIT)?;
    let order = OrderBy::read(args, &ORDER_KEYS)?;
    let depth = UserDepth::read(args, UserDepth::All)?;
    args.finish()?;
    let system = &*ctx.system;
    let mut rows: Vec<(&Domain, &Verification, VerificationStatus)> = Vec::new();
    for owner in depth.owners(system, ctx.owner()) {
        for record in system.verifications_of(owner) {
            let status = record.status(ctx.now);
            if status == VerificationStatus::Successful {
                continue;
            }
            for name in &record.domains {
                let Some(domain) = system.domain(name) else {
                    continue;
                };
                let shown = pattern.is_none_or(|p| {
                    glob(p, domain.name.as_str()) || glob(p, &domain.name.unicode())
                });
                let held = *domain.owner == *owner;
                // Only the record of the registrant's current address: a
                // domain whose registrant changed address is listed once.
                let current = covering(system, domain).is_some_and(|c| std::ptr::eq(c, record));
                if shown && held && current {
                    rows.push((domain, record, status));
                }
            }
        }
    }
    rows.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    match order.key {
        "X-REGISTRANT-VERIFICATION-EMAIL" => rows.sort_by(|a, b| a.1.email.cmp(&b.1.email)),
        "X-REGISTRANT-VERIFICATION-STATUS" => rows.sort_by_key(|row| row.2.text()),
        "X-REGISTRANT-VERIFICATION-NAME" => rows.sort_by(|a, b| a.1.name.cmp(&b.1.name)),
        "X-REGISTRANT-VERIFICATION-REQUESTEDDATE" => rows.sort_by_key(|row| row.1.requested),
        _ => {}
    }
    let (rows, mut response) = page.answer(rows, order.descending);
    for (domain, record, status) in rows {
        let tld = catalogue::find(&domain.name);
        response.push_str("DOMAIN", domain.name.as_str());
        response.push_str("DOMAINREPOSITORY", tld.map_or("", |tld| tld.repository));
        response.push("DOMAINUMLAUT", domain.name.unicode().into_owned());
        response.push(
            "X-REGISTRANT-VERIFICATION-DUEDATE",
            record.due.datetime().to_string(),
        );
        response.push_str("X-REGISTRANT-VERIFICATION-EMAIL", &record.email);
        response.push_str("X-REGISTRANT-VERIFICATION-NAME", &record.name);
        let requested = record.requested.datetime().to_string();
        response.push("X-REGISTRANT-VERIFICATION-REQUESTEDDATE", requested);
        response.push_str("X-REGISTRANT-VERIFICATION-STATUS", status.text());
    }
    Ok(response)
}

/// The verification of one of the view's domains: its current registrant's
/// (or, with EMAIL, that address's record of the account).
///
/// ```text
/// COMMAND = StatusDomainRegistrantVerification
/// DOMAIN  = <domain>
/// EMAIL   = <address>   (optional)
/// NAME    = <name>      (optional; accepted, not read)
/// ---
/// PROPERTY[EMAIL][0], PROPERTY[LOG][0..n] (`<date> [STATE] text`; the
/// [SEND] lines carry the TOKEN the sandbox did not mail), PROPERTY[NAME][0],
/// PROPERTY[STATUS][0] = PENDING | OVERDUE | SUCCESSFUL
/// ```
pub(in crate::command) fn status_domain_registrant_verification(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let email = args.optional("EMAIL");
    args.optional("NAME");
    args.finish()?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    let record = match email {
        Some(email) => ctx.system.verification(&domain.owner, email),
        None => covering(ctx.system, domain),
    };
    let Some(record) = record else {
        return Err(Error::ObjectNotFound(format!(
            "no registrant verification of {name}{}",
            email.map_or(String::new(), |email| format!(" for {email}"))
        )));
    };
    let mut response = Response::ok();
    response.push_str("EMAIL", &record.email);
    for (at, text) in &record.log {
        response.push("LOG", format!("{} {text}", at.datetime()));
    }
    response.push_str("NAME", &record.name);
    response.push_str("STATUS", record.status(ctx.now).text());
    Ok(response)
}

/// The open verification of one of the view's domains "mailed" again: a new
/// TOKEN (the old one no longer approves), logged as a [SEND] line; the due
/// date stays.
///
/// ```text
/// COMMAND = ResendDomainRegistrantVerificationEmail
/// DOMAIN  = <domain>
/// ---
/// 200 Command completed successfully
/// ```
pub(in crate::command) fn resend_domain_registrant_verification_email(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    args.finish()?;
    let domain = ctx.system.owned_domain(ctx.owner(), name.as_str())?;
    let Some(record) = covering(ctx.system, domain) else {
        return Err(Error::ObjectNotFound(format!(
            "no registrant verification of {name}"
        )));
    };
    if record.verified.is_some() {
        return Err(Error::StatusProhibits(format!(
            "the registrant verification of {name} ({}) is SUCCESSFUL already",
            record.email
        )));
    }
    let (account, email) = (domain.owner.to_string(), record.email.clone());
    ctx.system.resend_verification(&account, &email, ctx.now);
    Ok(Response::ok())
}

/// Approves the view's verification whose current TOKEN this is (what the
/// registrant's click on the mailed link does), at any status but
/// SUCCESSFUL: every domain it covers is verified.
///
/// ```text
/// COMMAND = ApproveDomainRegistrantVerificationEmail
/// TOKEN   = <32 hex>-<32 hex>
/// ---
/// 200 Command completed successfully; Registrant has been verified
/// ```
pub(in crate::command) fn approve_domain_registrant_verification_email(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let token = args.required("TOKEN")?;
    args.finish()?;
    let well_formed = token.len() == 65
        && token.bytes().enumerate().all(|(at, byte)| match at {
            32 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        });
    if !well_formed {
        let rule = "a token is 32 hexadecimal digits, '-', 32 hexadecimal digits";
        return Err(Error::syntax_rule("TOKEN", token, rule));
    }
    let owner = ctx.owner();
    let Some(record) = ctx.system.verification_by_token(owner, token) else {
        return Err(Error::ObjectNotFound(format!(
            "TOKEN: no registrant verification of {owner} waits for this token \
             (a resent mail replaces the token)"
        )));
    };
    if record.verified.is_some() {
        return Err(Error::StatusProhibits(format!(
            "the registrant verification of {} is SUCCESSFUL already",
            record.email
        )));
    }
    let email = record.email.clone();
    let held = record
        .domains
        .iter()
        .filter_map(|name| ctx.system.domain(name))
        .filter(|domain| *domain.owner == *owner)
        .count();
    let owner = owner.to_owned();
    ctx.system
        .approve_verification(&owner, &email, ctx.now, held);
    Ok(Response::status(
        200,
        "Command completed successfully; Registrant has been verified",
    ))
}
