//! The outbox: the mails the real platforms would send (the registrant
//! verification mail and its resend, a pending transfer's confirmation
//! mails and their resend, the auth code `.eu`/`.be` registries mail on
//! RequestDomainAuthInfo, DENIC's AuthInfo2 letter, an SSL certificate's
//! approval mail), kept per system for a tester to read through
//! `/_admin/outbox` instead of being sent. Bounded: the last [`MAX_MAILS`],
//! the oldest dropped. Owns the mails and their texts only; must not touch
//! domains, contacts, transfers or verifications (the callers write a mail
//! after their command succeeded, so a refused command writes none).

use std::collections::VecDeque;

use super::{System, Timestamp, Verification};

/// Mails kept per system; the oldest go first.
pub const MAX_MAILS: usize = 1000;

/// One mail the platform would have sent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mail {
    /// Counts up from 1 in each system, never reused (a reset starts again).
    pub id: u64,
    /// Sandbox time of the writing.
    pub at: Timestamp,
    /// The account whose command made it.
    pub account: String,
    /// The recipient's address.
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Where replies go (TransferDomain's EMAILSENDER); empty: the platform.
    pub reply_to: String,
}

/// A system's mails, oldest first.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Outbox {
    mails: VecDeque<Mail>,
    last_id: u64,
}

impl Outbox {
    fn push(&mut self, account: &str, to: &str, (subject, body): (String, String), at: Timestamp) {
        self.push_replying(account, (to, ""), (subject, body), at);
    }

    /// [`Outbox::push`] with replies going to `reply_to` (empty: the platform).
    pub(super) fn push_replying(
        &mut self,
        account: &str,
        (to, reply_to): (&str, &str),
        (subject, body): (String, String),
        at: Timestamp,
    ) {
        if self.mails.len() >= MAX_MAILS {
            self.mails.pop_front();
        }
        self.last_id += 1;
        self.mails.push_back(Mail {
            id: self.last_id,
            at,
            account: account.to_owned(),
            to: to.to_owned(),
            subject,
            body,
            reply_to: reply_to.to_owned(),
        });
    }

    /// The registrant verification mail of `record` (its current token),
    /// to the registrant address (`verification.rs`, first send and resend).
    pub(super) fn mail_verification(
        &mut self,
        account: &str,
        record: &Verification,
        at: Timestamp,
    ) {
        let domains: Vec<&str> = record.domains.iter().map(String::as_str).collect();
        let subject = format!("Please verify your e-mail address {}", record.email);
        let body = format!(
            "Dear {},\n\nplease verify <{}> as the registrant e-mail address of:\n  {}\n\nTOKEN: {}\n\nThe registrar approves it with ApproveDomainRegistrantVerificationEmail TOKEN={} before {} (UTC).\n",
            record.name,
            record.email,
            domains.join("\n  "),
            record.token,
            record.token,
            record.due.datetime()
        );
        self.push(account, &record.email, (subject, body), at);
    }
}

impl System {
    /// The mails, oldest first.
    pub fn outbox(&self) -> impl DoubleEndedIterator<Item = &Mail> + '_ {
        self.outbox.mails.iter()
    }

    /// Empties the outbox (`DELETE /_admin/outbox`); how many mails went.
    pub fn clear_outbox(&mut self) -> usize {
        let removed = self.outbox.mails.len();
        self.outbox.mails.clear();
        removed
    }

    /// Writes one mail of `account` to `to`.
    pub(super) fn send_mail(
        &mut self,
        account: &str,
        to: &str,
        text: (String, String),
        at: Timestamp,
    ) {
        self.outbox.push(account, to, text, at);
    }

    /// The mail of the new auth code of `name` (RequestDomainAuthInfo),
    /// to its registrant's address, from its holder's account.
    pub fn mail_auth_code(&mut self, name: &str, now: Timestamp) {
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        let Some(contact) = self.registrant(domain) else {
            return;
        };
        let subject = format!("The transfer code of {name}");
        let body = format!(
            "The registry issued a new transfer code (auth code) for {name}:\n\nAUTH: {}\n\nGive it to the new registrar to transfer the domain.\n",
            domain.auth
        );
        let (account, to) = (domain.owner.to_string(), contact.data.email.clone());
        self.send_mail(&account, &to, (subject, body), now);
    }

    /// DENIC's letter with the AuthInfo2 of `name` (DENIC_CreateAuthInfo2),
    /// to its registrant's address (the sandbox's stand-in for the post),
    /// from its holder's account.
    pub fn mail_auth_info2(&mut self, name: &str, now: Timestamp) {
        let Some(domain) = self.domains.get(name) else {
            return;
        };
        let (Some(contact), Some((code, until))) = (self.registrant(domain), domain.auth2()) else {
            return;
        };
        let subject = format!("The AuthInfo2 of {name}");
        let body = format!(
            "DENIC issued an AuthInfo2 for {name} (by post to the domain holder):\n\nAUTH: {code}\n\nGive it to the new registrar; a transfer takes it until {}.\n",
            until.datetime()
        );
        let (account, to) = (domain.owner.to_string(), contact.data.email.clone());
        self.send_mail(&account, &to, (subject, body), now);
    }

    /// The approval mail of `account`'s certificate `id` to its EMAIL
    /// validation's approver (CreateSSLCert, ReissueSSLCert,
    /// ResendSSLCertEmail); none for another validation.
    pub fn mail_ssl_approval(&mut self, account: &str, id: u64, now: Timestamp) {
        let Some(cert) = self
            .order(account, id)
            .and_then(|order| order.ssl.as_deref())
        else {
            return;
        };
        let super::ssl::Validation::Email(to) = &cert.validation else {
            return;
        };
        let names: Vec<&str> = cert.names().collect();
        let due = Timestamp(cert.requested.0 + super::ssl::VALIDATION_SECONDS);
        let subject = format!("Approve the SSL certificate for {}", cert.cn);
        let body = format!(
            "An SSL certificate ({}, SSLCERTID {id}) was requested for:\n  {}\n\nAs the approver <{to}> of the domain, please approve it.\n\nThe otebox sandbox approves it by itself at {} (UTC, sandbox time).\n",
            cert.class,
            names.join("\n  "),
            due.datetime()
        );
        let to = to.to_string();
        self.send_mail(account, &to, (subject, body), now);
    }

    /// Moves `from`'s mails to `to` (ModifyUser NEWSUBUSER).
    pub(super) fn rename_mail_of(&mut self, from: &str, to: &str) {
        for mail in &mut self.outbox.mails {
            if mail.account == from {
                mail.account = to.to_owned();
            }
        }
    }

    /// Drops the account's mails (account removal and reset, DeleteUser,
    /// `DELETE /_admin/outbox?account=`); how many went.
    pub fn forget_mail_of(&mut self, account: &str) -> usize {
        let before = self.outbox.mails.len();
        self.outbox.mails.retain(|mail| mail.account != account);
        before - self.outbox.mails.len()
    }
}

#[cfg(test)]
mod tests {
    use super::MAX_MAILS;
    use crate::registry::{Entity, Registry, Timestamp};

    fn text(n: usize) -> (String, String) {
        (format!("mail {n}"), format!("body {n}\n"))
    }

    #[test]
    fn keeps_the_last_mails_and_drops_the_oldest() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        for n in 1..=MAX_MAILS + 5 {
            system.send_mail("test.user", "a@example.net", text(n), Timestamp(n as u64));
        }
        let mails: Vec<_> = system.outbox().collect();
        assert_eq!(mails.len(), MAX_MAILS);
        assert_eq!(mails[0].subject, "mail 6");
        assert_eq!(mails[0].id, 6);
        let last = mails.last().expect("a mail");
        assert_eq!((last.id, last.subject.as_str()), (1005, "mail 1005"));
    }

    #[test]
    fn a_rename_moves_mails_and_a_removal_drops_them() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        system.send_mail("sub9", "a@example.net", text(1), Timestamp(0));
        system.send_mail("other", "b@example.net", text(2), Timestamp(0));
        system.rename_mail_of("sub9", "sub10");
        let accounts: Vec<_> = system.outbox().map(|m| m.account.as_str()).collect();
        assert_eq!(accounts, ["sub10", "other"]);
        system.forget_mail_of("sub10");
        let left: Vec<_> = system.outbox().map(|m| m.to.as_str()).collect();
        assert_eq!(left, ["b@example.net"]);
        assert_eq!(system.clear_outbox(), 1);
        assert_eq!(system.outbox().count(), 0);
    }
}
