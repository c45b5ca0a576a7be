//! Transfers between the sandbox's accounts, HEXONET dialect: TransferDomain
//! (REQUEST, APPROVE, DENY, CANCEL, USERTRANSFER) and CheckDomainTransfer.
//! Reads and checks the wire parameters in the order of the design note's
//! §4.1 table; the records, the charge and the move are
//! `registry::transfer`'s. The lists and StatusDomainTransfer are in
//! `transfer_list.rs`, the other side's APPROVE, DENY and CANCEL in
//! `transfer_answer.rs`. Must not touch the object log or events.

use super::contact::{ContactSpec, commit_contact, read_contact};
use super::domain::shared::{
    check_class, check_nameservers, read_extensions, read_hostnames, read_name,
};
use super::transfer_answer::{answer, cancel};
use super::transfer_fields::{check_arrival, stored_fields};
use super::transfer_mail::{check_mail_to, read_mail};
use super::transfer_rules::{check_auth, check_balance, read_transfer_period};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, Tld};
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::outbox_transfer::TransferMail;
use crate::registry::{
    Domain, DomainName, Period, Role, Scenario, System, Timestamp, Transfer, temporary_failure,
};
use crate::wire::Response;
use indexmap::IndexMap;

/// The start of every 219 text (protocol.md §2.7: clients match it exactly).
const PROHIBITED: &str = "DOMAIN TRANSFER IS PROHIBITED BY";

/// The registrar a sandbox account is, as others see it (never the account).
pub(super) const REGISTRAR: &str = "otebox";

/// What a REQUEST or USERTRANSFER reads besides DOMAIN and ACTION (the CNR
/// face, `cnr/transfer.rs`, fills it from its own parameters).
pub(super) struct Request {
    pub(super) auth: Option<String>,
    pub(super) period: Option<Period>,
    pub(super) class: Option<String>,
    pub(super) nameservers: Vec<String>,
    pub(super) contacts: [Option<ContactSpec>; 4],
    pub(super) internal_dns: bool,
    /// CNR `TRANSFERLOCK`: set on the domain at completion.
    pub(super) transfer_lock: bool,
    /// The `EMAIL*` customisation of the confirmation mail.
    pub(super) mail: Option<Box<TransferMail>>,
    /// The domain's `X-` fields (catalogue names, empty ones dropped):
    /// checked as a change's, set on the domain at completion.
    pub(super) extensions: IndexMap<String, String>,
}

/// Moves a domain between accounts.
///
/// ```text
/// COMMAND         = TransferDomain
/// DOMAIN          = <domain>
/// ACTION          = REQUEST | APPROVE | DENY | CANCEL | USERTRANSFER   (optional, REQUEST)
/// AUTH            = <auth code>              (REQUEST, USERTRANSFER)
/// DOMAINAUTH      = <domain> <auth code>     (instead of AUTH)
/// PERIOD          = <transfer period>        (optional, the zone's first)
/// CLASS           = <premium class>          (premium names)
/// NAMESERVER0..12, OWNERCONTACT0, ADMINCONTACT0, TECHCONTACT0, BILLINGCONTACT0,
/// INTERNALDNS, REPOSITORY, HOST0..n, EMAIL*, REQUESTENTITY, X-...   (optional)
/// ---
/// REQUEST: 200 Command completed successfully; domain transfer initiated, PENDING=1
/// (zones that transfer in real time: 200, done); APPROVE/DENY (losing side),
/// CANCEL (gaining side), USERTRANSFER: 200
/// ```
pub(super) fn transfer_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let action = args.optional("ACTION").map(str::to_ascii_uppercase);
    match action.as_deref() {
        None | Some("REQUEST") => request(args, ctx, &name, false),
        Some("USERTRANSFER") => request(args, ctx, &name, true),
        Some("APPROVE") => answer(args, ctx, &name, true),
        Some("DENY") => answer(args, ctx, &name, false),
        Some("CANCEL") => cancel(args, ctx, &name),
        Some(_) => Err(Error::invalid(
            "ACTION",
            format_args!(
                "({}) is not REQUEST, APPROVE, DENY, CANCEL or USERTRANSFER",
                args.optional("ACTION").unwrap_or_default()
            ),
        )),
    }
}

/// The zone of a transfer, or the `541` HEXONET answers for a bad name.
fn transfer_zone(name: &DomainName) -> Result<&'static Tld> {
    catalogue::find(name).ok_or_else(|| {
        let zone = name.as_str().split_once('.').map_or("", |(_, zone)| zone);
        Error::InvalidValue(format!(
            "could not get default transfer period (); .{zone} is not a zone otebox serves"
        ))
    })
}

/// Reads AUTH or DOMAINAUTH (`<domain> <auth>`), which must name DOMAIN.
pub(super) fn read_transfer_auth(args: &mut Args<'_>, name: &DomainName) -> Result<Option<String>> {
    let auth = args.optional("AUTH").filter(|a| !a.is_empty());
    let Some(code) = read_domain_auth(args, name)? else {
        return Ok(auth.map(str::to_owned));
    };
    match auth {
        Some(auth) if auth != code => Err(Error::invalid(
            "DOMAINAUTH",
            "its auth code differs from AUTH; send one of them",
        )),
        _ => Ok(Some(code.to_owned())),
    }
}

/// The code of DOMAINAUTH (`<domain> <auth code>`, the domain in ACE or
/// Unicode), if sent; `541` when it names another domain. TransferDomain
/// and CheckDomainTransfer read it alike.
pub(super) fn read_domain_auth<'a>(
    args: &mut Args<'a>,
    name: &DomainName,
) -> Result<Option<&'a str>> {
    let Some(pair) = args.optional("DOMAINAUTH").filter(|a| !a.is_empty()) else {
        return Ok(None);
    };
    let (domain, code) = pair.split_once(' ').unwrap_or((pair, ""));
    if !domain.eq_ignore_ascii_case(name.as_str()) && domain != name.unicode() {
        // One word may be the auth code sent alone: not echoed.
        let shown = if code.is_empty() { "***" } else { domain };
        return Err(Error::invalid(
            "DOMAINAUTH",
            format_args!("({shown}) is not DOMAIN {name}; write <domain> <auth code>"),
        ));
    }
    Ok(Some(code))
}

fn read_request(
    args: &mut Args<'_>,
    ctx: &Ctx<'_>,
    name: &DomainName,
    tld: Option<&Tld>,
) -> Result<Request> {
    let auth = read_transfer_auth(args, name)?;
    let period = match tld {
        Some(tld) => Some(read_transfer_period(args, tld)?),
        None => {
            args.optional("PERIOD");
            None
        }
    };
    let class = args.optional("CLASS").map(str::to_owned);
    let nameservers = read_hostnames(args, "NAMESERVER")?;
    args.values("HOST");
    let mut contacts: [Option<ContactSpec>; 4] = Default::default();
    for role in Role::ALL {
        contacts[role.index()] = read_contact(args, ctx, role.parameter(), 0)?;
    }
    let internal_dns = args.flag("INTERNALDNS")?.unwrap_or(false);
    if let (Some(repository), Some(tld)) = (args.optional("REPOSITORY"), tld)
        && !repository.is_empty()
        && !repository.eq_ignore_ascii_case(tld.repository)
    {
        return Err(Error::invalid(
            "REPOSITORY",
            format_args!("{repository} is not {}", tld.repository),
        ));
    }
    let mail = read_mail(args)?;
    let extensions = read_extensions(args);
    args.finish()?;
    Ok(Request {
        auth,
        period,
        class,
        nameservers,
        contacts,
        internal_dns,
        transfer_lock: false,
        mail,
        extensions,
    })
}

/// The top-level account above `id` (itself if it is one).
pub(super) fn root_of<'s>(system: &'s System, id: &'s str) -> &'s str {
    let mut at = id;
    while let Some(parent) = system.user(at).and_then(|user| user.parent.as_deref()) {
        at = parent;
    }
    at
}

/// Whether `a` and `b` lie in the same account tree.
pub(super) fn same_tree(system: &System, a: &str, b: &str) -> bool {
    root_of(system, a) == root_of(system, b)
}

/// A name no sandbox account holds: `552` for a deleted domain still
/// restorable (also a `taken-` name: its holder here may restore it, as
/// CheckDomainTransfer's `219 … (pendingdelete)` says), else its whois view
/// when it is at another registrar (`taken-` names), `421` for a name the
/// registry cannot answer for (`tempfail-`), `545` otherwise.
pub(super) fn find_outside(system: &System, name: &DomainName, now: Timestamp) -> Result<Domain> {
    let restorable = system
        .deleted_domain(name.as_str())
        .is_some_and(|deleted| now <= deleted.restorable_until);
    if restorable {
        return Err(Error::StatusProhibits(format!(
            "{PROHIBITED} STATUS (pendingdelete)"
        )));
    }
    if let Some(domain) = system.outside_domain(name, now) {
        return Ok(domain);
    }
    if Scenario::of(name) == Some(Scenario::TempFail) {
        return Err(temporary_failure(name.as_str()));
    }
    Err(Error::ObjectNotFound(format!(
        "{name} is not registered, nothing to transfer (AddDomain registers it)"
    )))
}

/// The text of the age lock's 552 (and the date it ends).
fn age_refusal(domain: &Domain, tld: &Tld) -> Error {
    let from = domain.age_lock_until(tld).unwrap_or(domain.created);
    Error::StatusProhibits(format!(
        "{PROHIBITED} AGE OF THE DOMAIN; .{} allows a transfer {} days after the registration or last transfer: from {}",
        tld.zone,
        tld.transfer_lock_days,
        from.datetime()
    ))
}

/// REQUEST (and USERTRANSFER, `internal`): the checks of the note's §4.1
/// table in order, then the record (or, in real-time zones and for
/// USERTRANSFER, the move).
fn request(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    internal: bool,
) -> Result<Response> {
    let tld = catalogue::find(name);
    let sent = read_request(args, ctx, name, tld)?;
    request_checked(ctx, name, sent, internal)
}

/// `552` for a registry lock or the holder's transfer lock, `note` after
/// the status.
fn refuse_transfer_locks(domain: &Domain, note: &str) -> Result<()> {
    if domain.registry_locked() {
        return Err(Error::StatusProhibits(format!(
            "{PROHIBITED} STATUS (serverTransferProhibited){note}"
        )));
    }
    if domain.transfer_lock {
        return Err(Error::StatusProhibits(format!(
            "{PROHIBITED} STATUS (clientTransferProhibited){note}"
        )));
    }
    Ok(())
}

/// REQUEST and USERTRANSFER after reading (both dialects): the checks of
/// the §4.1 table in order, then the record or the move.
pub(super) fn request_checked(
    ctx: &mut Ctx<'_>,
    name: &DomainName,
    sent: Request,
    internal: bool,
) -> Result<Response> {
    let tld = transfer_zone(name)?;
    let owner = ctx.owner().to_owned();
    let outside;
    let domain = match ctx.system.domain(name.as_str()) {
        Some(domain) => domain,
        None => {
            outside = find_outside(ctx.system, name, ctx.now)?;
            &outside
        }
    };
    if domain.owner == owner {
        return Err(Error::NotUnique(
            "DOMAIN is already assigned to your account".into(),
        ));
    }
    if internal && domain.owner.is_empty() {
        return Err(Error::invalid(
            "ACTION",
            format_args!(
                "{name} is at another registrar; USERTRANSFER moves domains between accounts of this sandbox, use REQUEST"
            ),
        ));
    }
    if let Some(pending) = ctx.system.pending_transfer(name.as_str()) {
        return Err(Error::AlreadyFlaggedForTransfer(format!(
            "a transfer of {name} was requested on {} and is pending until {}",
            pending.requested.datetime(),
            pending.deadline.datetime()
        )));
    }
    if !internal && same_tree(ctx.system, &owner, &domain.owner) {
        return Err(Error::invalid(
            "ACTION",
            format_args!(
                "{name} is held by {} in {}'s own account tree: use ACTION=USERTRANSFER",
                domain.owner,
                root_of(ctx.system, &owner)
            ),
        ));
    }
    if internal {
        // A pending trade decides who holds the domain when it ends (as
        // for AssignObject); a REQUEST may come meanwhile and wins (the
        // trade fails at its confirmation), a USERTRANSFER would move it at once.
        ctx.system.refuse_pending_trade(name.as_str())?;
        // From another account tree the auth code is not all: the holder's
        // transfer lock and a registry lock hold a USERTRANSFER too (the
        // ICANN age and post-trade locks are between registrars only).
        if !same_tree(ctx.system, &owner, &domain.owner) {
            refuse_transfer_locks(domain, "; a USERTRANSFER from another account tree too")?;
        }
    }
    if domain.requested_create().is_some() {
        return Err(Error::StatusProhibits(format!(
            "{PROHIBITED} STATUS (requestedcreate); the registry has not confirmed the registration of {name} yet"
        )));
    }
    if let Some(main) = ctx.system.moves_with(domain, ctx.now) {
        return Err(Error::StatusProhibits(format!(
            "{name} is bundled with {main}: transfer {main} (both move)"
        )));
    }
    if !internal {
        refuse_transfer_locks(domain, "")?;
        if let Some(until) = ctx.system.trade_lock_until(domain, ctx.now) {
            return Err(Error::StatusProhibits(format!(
                "{PROHIBITED} STATUS (clientTransferProhibited); post-trade lock until {}",
                until.datetime()
            )));
        }
        if domain.age_locked(tld, ctx.now) {
            return Err(age_refusal(domain, tld));
        }
    }
    check_auth(tld, domain, sent.auth.as_deref(), ctx.now)?;
    check_mail_to(ctx.system, name, sent.mail.as_deref())?;
    if let Some(premium) = &domain.premium {
        match sent.class.as_deref() {
            None => {
                return Err(Error::missing(format!(
                    "CLASS={} required for Transfer of Premium Domain",
                    premium.class
                )));
            }
            Some(class) => check_class(&premium.class, class)?,
        }
    }
    // The fields, registrant and nameservers the domain takes on arrival:
    // held to the zone's rules now (AddDomain's and ModifyDomain's), so a
    // bad one is refused before anything is recorded.
    let registrant = sent.contacts[Role::Owner.index()].as_ref();
    check_arrival(ctx.system, tld, &sent.extensions, registrant)?;
    if !sent.nameservers.is_empty() {
        check_nameservers(ctx.system, tld, &sent.nameservers)?;
        ctx.system
            .check_predelegation(tld, name, &sent.nameservers, sent.internal_dns)?;
    }
    let period = sent.period.unwrap_or(Period::years(1));
    if !internal {
        check_balance(ctx.system, &owner, domain, tld, period)?;
    }
    // A slow-registry fault rule's seconds replace the zone's days.
    let seconds = match (internal, ctx.slow) {
        (true, _) => 0,
        (false, Some(seconds)) => seconds,
        (false, None) => u64::from(tld.transfer_pending_days) * 86_400,
    };
    let mut transfer = Transfer::pending_for(domain, &owner, ctx.actor(), ctx.now, seconds);
    // Real-time zones: a rejection is the answer (nothing recorded, no
    // inline contact committed).
    if seconds == 0
        && !internal
        && let Some(reason) = ctx.system.fails_at_deadline(&transfer)
    {
        return Err(Error::CommandFailed(format!(
            "the transfer of {name} was {reason}"
        )));
    }
    transfer.period = if internal { Period::years(0) } else { period };
    transfer.nameservers = sent.nameservers;
    transfer.internal_dns = sent.internal_dns;
    transfer.transfer_lock = sent.transfer_lock;
    transfer.mail = sent.mail;
    transfer.extensions = stored_fields(sent.extensions);
    for (index, spec) in sent.contacts.into_iter().enumerate() {
        transfer.contacts[index] = spec.map(|spec| commit_contact(ctx, spec));
    }
    // The request's own entry, with the command WHMCS TransferSync reads
    // (after a USERTRANSFER too: the module sends one when CheckDomainTransfer
    // says USERTRANSFERREQUIRED=1, then waits for this entry).
    ctx.log(Op::Transfer, OpStatus::Request, name.as_str());
    if internal {
        let now = ctx.now;
        let ((), held) = (ctx.system).holding_log(|system| system.user_transfer(&transfer, now));
        ctx.log_after = held;
        return Ok(Response::ok());
    }
    if seconds == 0 {
        // Completed at once: the completion's entries follow the request's.
        let now = ctx.now;
        let (done, held) = ctx
            .system
            .holding_log(|system| system.complete_transfer(&transfer, now));
        done?;
        ctx.log_after = held;
        return Ok(Response::ok());
    }
    ctx.system.insert_transfer(transfer);
    (ctx.system).mail_transfer_confirmation(name.as_str(), ctx.now);
    let mut response = Response::status(
        200,
        "Command completed successfully; domain transfer initiated",
    );
    response.pending = true;
    Ok(response)
}
