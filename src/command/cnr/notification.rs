//! The CentralNic Reseller ResendNotification (KB ResendNotification.md):
//! sends a pending confirmation mail again through HEXONET's cores (the
//! transfer and trade confirmations of ResendDomainTransferConfirmationEmails,
//! `transfer_rules.rs`; the certificate approval mail ResendSSLCertEmail
//! sends, `System::mail_ssl_approval`), all written to the outbox. Must not
//! write mails or log lines of its own.

use super::super::transfer_rules::{resend_trade_mail, resend_transfer_mail};
use super::super::{Args, Ctx};
use super::check::parse_domain;
use crate::error::{Error, Result};
use crate::registry::ssl::{SslStatus, Validation};
use crate::wire::Response;

/// The TYPEs otebox resends, as the refusal of another names them.
const RESENT: &str = "CONTACTVERIFICATION, DOMAINTRANSFER, OWNERCHANGE or CERTIFICATE";

/// Sends a notification again, by TYPE (any case) for OBJECT:
/// `domaintransfer` the confirmation mail of the caller's pending inbound
/// transfer of the domain OBJECT (a zone confirmed by a push, `.uk`: `552`);
/// `ownerchange` the confirmation mails of the caller's pending trade of
/// it; `certificate` the approval mail of the caller's PENDING certificate
/// OBJECT validated by EMAIL; `contactverification` the verification mail
/// of the caller's open registrant verification of the address OBJECT (a
/// new token, as HEXONET's ResendDomainRegistrantVerificationEmail; one
/// verified already `552`). Nothing pending: `545`. `trademark` and `claimsnotice`:
/// `541` (otebox mails neither). SUB and REASON are accepted; RECIPIENT
/// (owner, admin, both) is checked and the mail goes where the first one
/// went (the registrant and the admin contact).
///
/// ```text
/// COMMAND   = ResendNotification
/// TYPE      = domaintransfer | ownerchange | certificate | contactverification
/// OBJECT    = <domain> | <certificate id> | <e-mail address>
/// SUB, REASON = accepted          RECIPIENT = owner | admin | both   (optional)
/// ---
/// (code only)
/// ```
pub(super) fn resend_notification(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let kind = args.optional("TYPE");
    let object = args.optional("OBJECT");
    args.optional("SUB");
    args.optional("REASON");
    let recipient = args.optional("RECIPIENT").filter(|text| !text.is_empty());
    args.finish()?;
    let kind = kind.ok_or(Error::MissingParameter("TYPE".into()))?;
    let object = object.ok_or(Error::MissingParameter("OBJECT".into()))?;
    if let Some(other) = recipient.filter(|text| {
        !["OWNER", "ADMIN", "BOTH"]
            .iter()
            .any(|known| text.eq_ignore_ascii_case(known))
    }) {
        return Err(Error::invalid(
            "RECIPIENT",
            format_args!("({other}) is not OWNER, ADMIN or BOTH"),
        ));
    }
    match kind.to_ascii_uppercase().as_str() {
        "CONTACTVERIFICATION" => {
            let owner = ctx.owner().to_owned();
            let open = (ctx.system.verifications_of(&owner))
                .find(|record| record.email.eq_ignore_ascii_case(object))
                .map(|record| record.verified.is_none());
            match open {
                Some(true) => {
                    ctx.system.resend_verification(&owner, object, ctx.now);
                }
                Some(false) => {
                    return Err(Error::StatusProhibits(format!(
                        "OBJECT: the verification of {object} is SUCCESSFUL already"
                    )));
                }
                None => {
                    let known = (ctx.system.contacts_of(&owner))
                        .any(|contact| contact.data.email.eq_ignore_ascii_case(object));
                    return Err(Error::ObjectNotFound(match known {
                        true => format!(
                            "OBJECT: no verification of {object} is open (AddContact PREVERIFY=1 or a registration asks for one)"
                        ),
                        false => {
                            format!("OBJECT: no contact of yours has the e-mail address {object}")
                        }
                    }));
                }
            }
        }
        "DOMAINTRANSFER" => {
            let name = parse_domain("OBJECT", object)?;
            if !resend_transfer_mail(ctx, &name)? {
                return Err(Error::ObjectNotFound(format!(
                    "OBJECT: no transfer of {name} to {} is pending",
                    ctx.owner()
                )));
            }
        }
        "OWNERCHANGE" => {
            let name = parse_domain("OBJECT", object)?;
            if !resend_trade_mail(ctx, &name) {
                return Err(Error::ObjectNotFound(format!(
                    "OBJECT: no owner change of {name} is pending for {}",
                    ctx.owner()
                )));
            }
        }
        "CERTIFICATE" => resend_approval(ctx, object)?,
        "TRADEMARK" | "CLAIMSNOTICE" => {
            return Err(Error::invalid(
                "TYPE",
                format_args!(
                    "({kind}) otebox sends no trademark or claims notice mail; it resends {RESENT}"
                ),
            ));
        }
        _ => {
            return Err(Error::invalid(
                "TYPE",
                format_args!("({kind}) is not {RESENT} (nor TRADEMARK or CLAIMSNOTICE)"),
            ));
        }
    }
    Ok(Response::ok())
}

/// ResendSSLCertEmail's mail for the caller's certificate `object` (its
/// id): only a PENDING certificate validated by EMAIL has one (`545`
/// otherwise, as for an id that is not the caller's).
fn resend_approval(ctx: &mut Ctx<'_>, object: &str) -> Result<()> {
    let id: u64 = object
        .trim()
        .parse()
        .map_err(|_| Error::syntax_rule("OBJECT", object, "is not a certificate id (digits)"))?;
    let owner = ctx.owner().to_owned();
    let waiting = ctx
        .system
        .order(&owner, id)
        .and_then(|order| order.ssl.as_deref())
        .is_some_and(|cert| {
            cert.status == SslStatus::Pending && matches!(cert.validation, Validation::Email(_))
        });
    if !waiting {
        return Err(Error::ObjectNotFound(format!(
            "OBJECT: {id} is not a PENDING certificate of {owner} validated by EMAIL"
        )));
    }
    ctx.system.mail_ssl_approval(&owner, id, ctx.now);
    Ok(())
}
