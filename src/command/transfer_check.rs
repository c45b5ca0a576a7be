//! CheckDomainTransfer, HEXONET dialect: whether a transfer of a sandbox
//! domain could be requested now (`218`) or why not (`219` with the exact
//! texts of protocol.md §2.7, which clients match, and `BUNDLE` for a
//! bundle's second half, which moves only with its first), and the whois-like
//! facts of the domain; and the STATUS rows transfers add to StatusDomain.
//! Reads only; the requests are `transfer.rs`'s.

use std::borrow::Cow;

use super::contact::read_contact;
use super::domain::shared::{read_extensions, read_name};
use super::transfer::{REGISTRAR, find_outside, read_domain_auth, same_tree};
use super::transfer_fields::check_arrival;
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, Tld};
use crate::registry::{Domain, OUTSIDE_REGISTRAR, Role, SERVER_TRANSFER, System, Timestamp};
use crate::wire::Response;
use indexmap::IndexMap;

/// The link the doc's STATUS rows carry after an EPP status.
fn epp(status: &str) -> String {
    format!("{status} https://icann.org/epp#{status}")
}

/// Checks whether a domain can be transferred to the caller's account.
///
/// ```text
/// COMMAND    = CheckDomainTransfer
/// DOMAIN     = <domain>
/// AUTH       = <auth code>              (optional; checked when sent)
/// DOMAINAUTH = <domain> <auth code>     (optional)
/// ACTION, EMAIL*, REQUESTENTITY, HOST0..n, OWNERCONTACT0.., INTERNALDNS, X-...  (accepted)
/// ---
/// 218 Request is available | 219 Request is not available; DOMAIN TRANSFER IS PROHIBITED BY ...
/// PROPERTY[AGEINDAYS][0], [AUTHISVALID][0] (YES|NO|UNKNOWN), [AUTHREQUIRED][0], [CLASS][0],
/// [CREATEDDATE][0], [EXPIRATIONDATE][0], [NAMESERVER][n], [PERIOD][n], [PERIODRESET][0],
/// [REGISTRAR][0], [REPOSITORY][0], [STATUS][n], [TRANSFERLOCK][0], [UPDATEDDATE][0],
/// [USERTRANSFERREQUIRED][0]
/// ```
pub(super) fn check_domain_transfer(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    check_transfer(args, ctx, |fields| fields)
}

/// CheckDomainTransfer with the `X-` fields read under their catalogue
/// names by `catalogue_names` (CNR's spellings mapped; HEXONET's as sent).
/// The registrant and fields sent are judged as TransferDomain judges
/// them on arrival ([`check_arrival`]): the same refusal, before any
/// verdict on the domain.
pub(super) fn check_transfer(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
    catalogue_names: fn(IndexMap<String, String>) -> IndexMap<String, String>,
) -> Result<Response> {
    let name = read_name(args, "DOMAIN")?;
    let auth = args.optional("AUTH").filter(|a| !a.is_empty());
    // DOMAINAUTH's code, when sent, is the one judged.
    let auth = read_domain_auth(args, &name)?.or(auth);
    args.optional("ACTION");
    for field in [
        "EMAILLANGUAGE",
        "EMAILURL",
        "EMAILTAC",
        "EMAILSENDER",
        "EMAILSUBJECT",
        "EMAILTO",
        "REQUESTENTITY",
    ] {
        args.optional(field);
    }
    args.values("HOST");
    let owner = read_contact(args, ctx, Role::Owner.parameter(), 0)?;
    for role in Role::ALL {
        args.unread_with_prefix(role.parameter());
    }
    args.flag("INTERNALDNS")?;
    let extensions = catalogue_names(read_extensions(args));
    args.finish()?;

    let Some(tld) = catalogue::find(&name) else {
        let zone = name.as_str().split_once('.').map_or("", |(_, zone)| zone);
        return Err(Error::InvalidValue(format!(
            "could not get default transfer period (); .{zone} is not a zone otebox serves"
        )));
    };
    check_arrival(ctx.system, tld, &extensions, owner.as_ref())?;
    let owner = ctx.owner();
    let found;
    let (domain, deleted) = match ctx.system.domain(name.as_str()) {
        Some(domain) => (domain, false),
        None => match ctx.system.deleted_domain(name.as_str()) {
            Some(gone) if ctx.now <= gone.restorable_until => (&gone.domain, true),
            _ => {
                found = find_outside(ctx.system, &name, ctx.now)?;
                (&found, false)
            }
        },
    };
    if !deleted && domain.owner == owner {
        return Err(Error::NotUnique(
            "DOMAIN is already assigned to your account".into(),
        ));
    }
    let pending = ctx.system.pending_transfer(name.as_str()).is_some();
    // Inside the caller's account tree the transfer is a USERTRANSFER, which
    // no lock holds back (TransferDomain's `request_checked`): the STATUS
    // rows still show the locks, the answer judges that move.
    let user_transfer =
        !deleted && !domain.owner.is_empty() && same_tree(ctx.system, owner, &domain.owner);
    // TRANSFERLOCK=1 or the lock after an ICANN trade (trade.rs).
    let client_locked =
        domain.transfer_lock || ctx.system.trade_lock_until(domain, ctx.now).is_some();
    let age_locked = domain.age_locked(tld, ctx.now);
    // Only zones that take a code judge one (.dk refuses it, .uk ignores it).
    let valid = auth
        .filter(|_| tld.auth_required)
        .map(|auth| domain.auth_matches(auth, ctx.now));
    // The second half of a bundle moves only with its first (TransferDomain's 552).
    let bundle = (!deleted)
        .then(|| ctx.system.moves_with(domain, ctx.now))
        .flatten();
    let reason = if pending {
        Some(Cow::Borrowed("STATUS (requested)"))
    } else if domain.requested_create().is_some() {
        Some(Cow::Borrowed("STATUS (requestedcreate)"))
    } else if deleted {
        Some(Cow::Borrowed("STATUS (pendingdelete)"))
    } else if let Some(main) = bundle {
        Some(Cow::Owned(format!("BUNDLE (transfer {main}, both move)")))
    } else if user_transfer && ctx.system.pending_trade(name.as_str()).is_some() {
        // TransferDomain's USERTRANSFER is 553 while a trade is pending.
        Some(Cow::Borrowed("STATUS (pendingtrade)"))
    } else if domain.registry_locked() && !user_transfer {
        Some(Cow::Borrowed("STATUS (serverTransferProhibited)"))
    } else if client_locked && !user_transfer && valid == Some(false) {
        Some(Cow::Borrowed(
            "STATUS (clientTransferProhibited)/WRONG AUTH",
        ))
    } else if client_locked && !user_transfer {
        Some(Cow::Borrowed("STATUS (clientTransferProhibited)"))
    } else if age_locked && !user_transfer {
        Some(Cow::Borrowed("AGE OF THE DOMAIN"))
    } else if valid == Some(false) {
        Some(Cow::Borrowed("WRONG AUTH"))
    } else {
        None
    };
    let mut response = match reason {
        Some(reason) => Response::status(
            219,
            format!("Request is not available; DOMAIN TRANSFER IS PROHIBITED BY {reason}"),
        ),
        None => Response::status(218, "Request is available"),
    };
    let statuses = Statuses {
        pending,
        deleted,
        age_locked,
        client_locked,
    };
    push_facts(
        &mut response,
        domain,
        tld,
        valid,
        statuses,
        user_transfer,
        ctx.now,
    );
    Ok(response)
}

/// The states a domain's STATUS rows show besides its own flags.
struct Statuses {
    pending: bool,
    deleted: bool,
    age_locked: bool,
    /// TRANSFERLOCK=1 or the post-trade lock.
    client_locked: bool,
}

/// The properties of 218 and 219, in the doc example's (alphabetical) order.
fn push_facts(
    response: &mut Response,
    domain: &Domain,
    tld: &Tld,
    valid: Option<bool>,
    statuses: Statuses,
    user_transfer: bool,
    now: Timestamp,
) {
    let age = now.seconds_since(domain.created) / 86_400;
    let class = domain
        .premium
        .as_ref()
        .map_or(tld.class, |premium| premium.class.as_str());
    response
        .push("AGEINDAYS", age)
        .push_str(
            "AUTHISVALID",
            match valid {
                None => "UNKNOWN",
                Some(true) => "YES",
                Some(false) => "NO",
            },
        )
        .push("AUTHREQUIRED", u8::from(tld.auth_required))
        .push_str("CLASS", class)
        .push("CREATEDDATE", domain.created.datetime())
        .push("EXPIRATIONDATE", domain.expires.datetime());
    for ns in &domain.nameservers {
        response.push_str("NAMESERVER", ns);
    }
    for period in tld.transfer_periods {
        response.push("PERIOD", period);
    }
    response
        .push("PERIODRESET", 0)
        .push_str(
            "REGISTRAR",
            if domain.owner.is_empty() {
                OUTSIDE_REGISTRAR
            } else {
                REGISTRAR
            },
        )
        .push_str("REPOSITORY", tld.repository);
    let mut rows = Vec::new();
    if statuses.client_locked {
        rows.push(epp("clientTransferProhibited"));
    }
    rows.extend(domain.flags.iter().map(|flag| epp(flag)));
    if statuses.age_locked && !domain.has_flag(SERVER_TRANSFER) {
        rows.push(epp(SERVER_TRANSFER));
    }
    if statuses.pending {
        rows.push(epp("pendingTransfer"));
    }
    if statuses.deleted {
        rows.push(epp("pendingDelete"));
    }
    if rows.is_empty() {
        rows.push(epp("ok"));
    }
    for row in rows {
        response.push("STATUS", row);
    }
    response
        .push("TRANSFERLOCK", u8::from(domain.transfer_lock))
        .push("UPDATEDDATE", domain.updated.datetime())
        .push("USERTRANSFERREQUIRED", u8::from(user_transfer));
}

/// The STATUS rows transfers add to StatusDomain after `ACTIVE`:
/// `serverTransferProhibited` while the age lock runs, `pendingTransfer`
/// while a transfer of the domain is pending.
pub(super) fn transfer_rows(
    system: &System,
    domain: &Domain,
    tld: &Tld,
    now: Timestamp,
) -> impl Iterator<Item = &'static str> + use<> {
    // At most two rows: no Vec (an allocation on every StatusDomain). A
    // registry lock shows serverTransferProhibited among the flags already.
    let age_locked = (domain.age_locked(tld, now) && !domain.has_flag(SERVER_TRANSFER))
        .then_some(SERVER_TRANSFER);
    let pending = system
        .transfer_pending(domain, tld)
        .then_some("pendingTransfer");
    age_locked.into_iter().chain(pending)
}
