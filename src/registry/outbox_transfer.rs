//! A pending transfer's confirmation mail (the FOA the platform sends the
//! domain's holder): who it goes to, and its text as TransferDomain's
//! `EMAIL*` parameters customise it (subject, link, terms, reply-to,
//! language, the one recipient); and a pending ICANN trade's confirmation
//! mails to the old and the new registrant. Written to the outbox
//! (`outbox.rs`) when the transfer or trade is requested and on
//! ResendDomainTransferConfirmationEmails. Reads transfers, trades, domains
//! and contacts; must not change them.

use super::catalogue::AuthRule;
use super::{Role, System, Timestamp};

/// TransferDomain's mail customisation, kept with the transfer for its
/// resend. Empty fields are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TransferMail {
    /// EMAILSUBJECT: the subject, with `{ACTION}`, `{DOMAIN}`, `{TRIGGER}`.
    pub subject: String,
    /// EMAILURL: the confirmation link, with those and `{LANGUAGE}`.
    pub url: String,
    /// EMAILTAC: a link to the gaining side's terms.
    pub tac: String,
    /// EMAILSENDER: where replies go.
    pub sender: String,
    /// EMAILLANGUAGE: `{LANGUAGE}` (`en_US` when not sent).
    pub language: String,
    /// EMAILTO: the one address the mail goes to (one of [`System::transfer_mail_recipients`]).
    pub to: String,
}

impl TransferMail {
    /// `template` with its placeholders filled in for `domain`: `{ACTION}`
    /// the ActivateDomainTransfer ACTION the mail's link performs (DENY: the
    /// mail goes to the losing side's registrant), `{TRIGGER}` the code.
    fn fill(&self, template: &str, domain: &str, trigger: &str) -> String {
        let language = if self.language.is_empty() {
            "en_US"
        } else {
            &self.language
        };
        template
            .replace("{ACTION}", "DENY")
            .replace("{DOMAIN}", domain)
            .replace("{TRIGGER}", trigger)
            .replace("{LANGUAGE}", language)
    }
}

impl System {
    /// The addresses a transfer's confirmation mail of `name` goes to: the
    /// registrant's and the admin contact's (one when they are the same) of
    /// a domain held here; the holder address its whois shows for a domain
    /// at another registrar.
    pub fn transfer_mail_recipients(&self, name: &str) -> Vec<String> {
        let Some(domain) = self.domains.get(name) else {
            return vec![format!("holder@{name}")];
        };
        let mut to: Vec<String> = Vec::new();
        for role in [Role::Owner, Role::Admin] {
            let handle = domain.contacts.get(role).first();
            let contact = handle.and_then(|handle| self.contacts.get(&**handle));
            if let Some(contact) = contact
                && !contact.data.email.is_empty()
                && !to
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(&contact.data.email))
            {
                to.push(contact.data.email.clone());
            }
        }
        to
    }

    /// The confirmation mails of the pending transfer of `name`: to each of
    /// [`System::transfer_mail_recipients`], or to EMAILTO alone when the
    /// request named it. Nothing when no transfer is pending or the zone's
    /// transfers are confirmed by a push (.uk). The same trigger code on a
    /// resend (it is derived from the request).
    pub fn mail_transfer_confirmation(&mut self, name: &str, now: Timestamp) {
        let Some(transfer) = self.transfers.get(name) else {
            return;
        };
        let trigger = transfer.trigger();
        let trigger = trigger.as_str();
        let tld = super::catalogue::find(&transfer.domain);
        if tld.is_some_and(|tld| matches!(tld.transfer_auth, AuthRule::Tag(_))) {
            return;
        }
        let custom = transfer.mail.as_deref().cloned().unwrap_or_default();
        let to = if custom.to.is_empty() {
            self.transfer_mail_recipients(name)
        } else {
            vec![custom.to.clone()]
        };
        let subject = if custom.subject.is_empty() {
            format!("Transfer of {name}: please confirm")
        } else {
            custom.fill(&custom.subject, name, trigger)
        };
        let mut body = format!(
            "A transfer of {name} to another registrar's account ({}) was requested on {} (UTC).\n\nThe losing registrar's account approves or denies it with TransferDomain ACTION=APPROVE or ACTION=DENY; without an answer it completes on {} (UTC). Ignore this mail if you did not ask for the transfer.\n\nTRIGGER: {trigger}\nTo deny the transfer on the registrant's behalf: ActivateDomainTransfer DOMAIN={name} ACTION=DENY TRIGGER={trigger}.\n",
            transfer.gaining,
            transfer.requested.datetime(),
            transfer.deadline.datetime()
        );
        if !custom.url.is_empty() {
            body += &format!("\nConfirm: {}\n", custom.fill(&custom.url, name, trigger));
        }
        if !custom.tac.is_empty() {
            body += &format!("Terms: {}\n", custom.tac);
        }
        let account = transfer.gaining.clone();
        for address in to {
            let text = (subject.clone(), body.clone());
            self.outbox
                .push_replying(&account, (&address, &custom.sender), text, now);
        }
    }

    /// The confirmation mails of the pending trade of `name`: to the old
    /// and the new registrant's address (one mail when they are the same),
    /// from the account that holds the domain, with the trigger code that
    /// approves it (ActivateDomainTransfer ACTION=APPROVE).
    pub fn mail_trade_confirmation(&mut self, name: &str, now: Timestamp) {
        let Some(trade) = self.pending_trade(name) else {
            return;
        };
        let trigger = trade.trigger();
        let registrant = |lists: &[Vec<String>; 4]| {
            let handle = lists[Role::Owner.index()].first()?;
            Some(self.contacts.get(handle.as_str())?.data.clone())
        };
        let (Some(old), Some(new)) = (registrant(&trade.old_contacts), registrant(&trade.contacts))
        else {
            return;
        };
        let subject = format!("Change of registrant of {name}: please confirm");
        let body = format!(
            "A change of the registrant of {name} from {} <{}> to {} <{}> was requested on {} (UTC).\n\nWithout an objection it completes on {} (UTC): otebox confirms for both registrants on the sandbox clock. The registrar's account withdraws it with TradeDomain ACTION=CANCEL. Ignore this mail if you did not ask for the change.\n\nTRIGGER: {trigger}\nTo approve the change now: ActivateDomainTransfer DOMAIN={name} ACTION=APPROVE TRIGGER={trigger}.\n",
            old.person(),
            old.email,
            new.person(),
            new.email,
            trade.requested.datetime(),
            trade.deadline.datetime()
        );
        let account = trade.account.clone();
        let mut to = vec![old.email];
        if !to[0].eq_ignore_ascii_case(&new.email) {
            to.push(new.email);
        }
        for address in to.into_iter().filter(|address| !address.is_empty()) {
            let text = (subject.clone(), body.clone());
            self.outbox
                .push_replying(&account, (&address, ""), text, now);
        }
    }
}
