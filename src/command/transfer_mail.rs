//! TransferDomain's `EMAIL*` parameters: the confirmation mail's subject,
//! link, terms, reply-to address, language and its one recipient, read and
//! checked (EMAILTO must be an address the mail goes to). The mail itself is
//! `registry/outbox_transfer.rs`'s; this file must not write it.

use super::Args;
use crate::error::{Error, Result};
use crate::registry::outbox_transfer::TransferMail;
use crate::registry::{DomainName, System};

/// The `EMAIL*` parameters (and REQUESTENTITY, taken and not used), `None`
/// when none was sent; `505` for an EMAILTO or EMAILSENDER that is no
/// address.
pub(super) fn read_mail(args: &mut Args<'_>) -> Result<Option<Box<TransferMail>>> {
    args.optional("REQUESTENTITY");
    let mut field = |name: &str| args.optional(name).unwrap_or_default().trim().to_owned();
    let mail = TransferMail {
        subject: field("EMAILSUBJECT"),
        url: field("EMAILURL"),
        tac: field("EMAILTAC"),
        sender: field("EMAILSENDER"),
        language: field("EMAILLANGUAGE"),
        to: field("EMAILTO"),
    };
    for (name, address) in [("EMAILTO", &mail.to), ("EMAILSENDER", &mail.sender)] {
        if !address.is_empty() && !address.contains('@') {
            return Err(Error::syntax_rule(
                name,
                address,
                "must be an e-mail address",
            ));
        }
    }
    Ok((mail != TransferMail::default()).then(|| Box::new(mail)))
}

/// EMAILTO names one of the addresses the confirmation mail of `name` goes
/// to (the registrant's or the admin contact's), else the command fails
/// (`541`), as the reference says; the case of the address does not count.
pub(super) fn check_mail_to(
    system: &System,
    name: &DomainName,
    mail: Option<&TransferMail>,
) -> Result<()> {
    let Some(to) = mail
        .map(|mail| mail.to.as_str())
        .filter(|to| !to.is_empty())
    else {
        return Ok(());
    };
    let recipients = system.transfer_mail_recipients(name.as_str());
    if recipients
        .iter()
        .any(|address| address.eq_ignore_ascii_case(to))
    {
        return Ok(());
    }
    Err(Error::invalid(
        "EMAILTO",
        format_args!(
            "({to}) is not an address the confirmation mail of {name} goes to (its registrant's or admin contact's)"
        ),
    ))
}
