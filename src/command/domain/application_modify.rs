//! ModifyDomainApplication (HEXONET; not in the CentralNic Reseller table:
//! the KB's turns a GTLD-PREORDER into a paid launch-phase application, and
//! otebox files no preorders, so it could only refuse): changes an application the registry has not
//! decided, i.e. its pending (REQUESTEDCREATE) domain, through ModifyDomain's
//! readers and checks (`modify.rs`, `modify_change.rs`'s `change_domain`),
//! then copies the result into the application record
//! (`System::modify_application`). Must not touch the domain beyond what
//! `change_domain` does, nor money: the registration was charged when the
//! application was filed.

use super::application::{application_response, own_application};
use super::args::{check_class, read_auth, read_hostnames, zone_of};
use super::extensions::check_change;
use super::modify::{DomainChange, ListChange, change_domain, read_contacts};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{ApplicationStatus, Period, Role};
use crate::wire::Response;

/// Changes one of the caller's applications while it is REQUESTED (a
/// `.swiss` GOLIVE application in its review, or one a slow-registry rule
/// holds): set-style contacts and nameservers, AUTH and `X-` fields, each
/// checked as ModifyDomain checks them on the pending domain (the zone's
/// nameserver count, its required fields, its registrant rule); the domain
/// and the application change together, so StatusDomain and
/// StatusDomainApplication agree. A SUCCESSFUL or FAILED application is
/// `552` (the registry has decided it; ModifyDomain changes a registered
/// domain). CLASS and PERIOD may be sent, but only as filed: the
/// registration was charged for them, and this command charges nothing
/// (another is `504 ...; CLASS [MUST BE ...]` / `541`). INCOMPLETE is read
/// and has no effect: the result is checked whole, whatever it says.
/// NOTICE-POA-ACCEPT-HASH is read (no zone is in a claims period).
///
/// ```text
/// COMMAND     = ModifyDomainApplication
/// APPLICATION = <id>
/// NAMESERVER0..12 = <host>   (set-style: the non-empty values replace the list)
/// OWNERCONTACT0, ADMINCONTACT0..2, TECHCONTACT0..2, BILLINGCONTACT0..2
///             = <handle> or inline fields (set-style per role)
/// AUTH        = <6..64 characters>
/// CLASS       = <the application's class>,  PERIOD = <its period>
/// INCOMPLETE  = 0 | 1,  NOTICE-POA-ACCEPT-HASH = <text>
/// X-...       = <value>  (empty removes the field)
/// ---
/// PROPERTY[...] as StatusDomainApplication, after the change
/// ```
pub(in crate::command) fn modify_domain_application(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let text = args.required("APPLICATION")?;
    let class = args.optional("CLASS");
    let period = match args.optional("PERIOD") {
        None => None,
        Some(text) => Some(Period::parse(text).ok_or_else(|| {
            Error::syntax_rule("PERIOD", text, "must be years (1, 1Y) or months (12M)")
        })?),
    };
    args.flag("INCOMPLETE")?;
    args.optional("NOTICE-POA-ACCEPT-HASH");
    let sent = args.list("NAMESERVER").into_iter().next().is_some();
    let nameservers = ListChange {
        set: Some(read_hostnames(args, "NAMESERVER")?).filter(|_| sent),
        ..ListChange::default()
    };
    let mut contacts = Vec::new();
    for role in Role::ALL {
        contacts.push(read_contacts(args, ctx, role, false)?);
    }
    let auth = read_auth(args)?;
    let extensions = args.unread_with_prefix("X-");
    args.finish()?;

    let application = own_application(ctx, text)?;
    let (id, name) = (application.id, application.domain.clone());
    // An open backorder first: AUCTION-PENDING is not decided yet.
    match application.status {
        ApplicationStatus::Requested if application.is_backorder() => {
            return Err(Error::StatusProhibits(format!(
                "APPLICATION {id} is a backorder of {name}: it holds no domain to change until \
                 the name drops (DeleteDomainApplication, then a new one, changes it)"
            )));
        }
        ApplicationStatus::AuctionPending => {
            return Err(Error::StatusProhibits(format!(
                "APPLICATION {id} is a backorder of {name} in its auction (AUCTION-PENDING): \
                 the auction decides it, and it cannot be changed meanwhile"
            )));
        }
        ApplicationStatus::Requested => {}
        decided => {
            return Err(Error::StatusProhibits(format!(
                "APPLICATION {id} is {}: the registry has decided it, so it can no longer be \
                 changed{}",
                decided.text(),
                match decided {
                    ApplicationStatus::Successful | ApplicationStatus::AuctionWon => {
                        format!(" (ModifyDomain changes {name})")
                    }
                    _ => String::new(),
                }
            )));
        }
    }
    if let Some(class) = class {
        check_class(&application.class, class)?;
    }
    if let Some(period) = period.filter(|p| *p != application.period) {
        return Err(Error::invalid(
            "PERIOD",
            format_args!(
                "({period}): APPLICATION {id} was filed and charged for {}; the period \
                 cannot be changed (DeleteDomainApplication refunds it)",
                application.period
            ),
        ));
    }
    let tld = zone_of(&name)?;
    check_change(tld, extensions.iter().copied())?;
    change_domain(
        ctx,
        DomainChange {
            name: name.clone(),
            tld,
            nameservers,
            contacts,
            status: ListChange::default(),
            transfer_lock: None,
            id_protection: None,
            internal_dns: None,
            auth,
            random_auth: false,
            ds: ListChange::default(),
            keys: ListChange::default(),
            max_sig_life: None,
            remove_all: false,
            hosts: ListChange::default(),
            extensions,
            tags: ListChange::default(),
        },
    )?;

    // The domain changed; the application follows it (nothing fails now).
    let follows = ctx.system.domain(name.as_str()).map(|domain| {
        let first = |role: Role| {
            let handles = domain.contacts(role);
            handles.first().map(|h| h.to_string()).unwrap_or_default()
        };
        (Role::ALL.map(first), domain.nameservers.clone())
    });
    if let Some((contacts, nameservers)) = follows {
        let (now, actor) = (ctx.now, ctx.actor());
        ctx.system
            .modify_application(id, contacts, nameservers, now, &actor);
    }
    ctx.log(Op::Update, OpStatus::Successful, name.as_str());
    let application = own_application(ctx, text)?;
    Ok(application_response(ctx, application))
}
