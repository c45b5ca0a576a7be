//! ICANN registrant verifications (RAA 2013, Whois Accuracy Program): one
//! record per account and registrant e-mail address, with the domains whose
//! registration or owner change asked for it, its requested and due dates,
//! the current token and its log. The status is not stored but read off the
//! sandbox clock ([`Verification::status`]: PENDING until the due date,
//! OVERDUE after it, SUCCESSFUL once approved), so a moved clock needs no
//! job. Owns the verification table only; must not touch domains, contacts,
//! money or the clock queue (the commands decide when a verification is
//! asked for, after everything that can fail).

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use super::{HashMap, System, Timestamp, catalogue};

/// Days the registrant has to verify (ICANN RAA 2013, Whois Accuracy
/// Program Specification §4: 15 days, then the registration is suspended).
pub const DUE_DAYS: u64 = 15;
/// Log lines kept per verification (the oldest after the first go).
const MAX_LOG: usize = 100;

/// Where a verification stands at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationStatus {
    /// Asked for, the due date not passed.
    Pending,
    /// The due date passed without an approval.
    Overdue,
    /// Approved with the token.
    Successful,
}

impl VerificationStatus {
    /// The wire text (X-REGISTRANT-VERIFICATION-STATUS, STATUS).
    pub fn text(self) -> &'static str {
        match self {
            VerificationStatus::Pending => "PENDING",
            VerificationStatus::Overdue => "OVERDUE",
            VerificationStatus::Successful => "SUCCESSFUL",
        }
    }
}

/// The verification of one registrant e-mail address of one account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Verification {
    /// The address as the contact spells it (the key is its lower case).
    pub email: String,
    /// The registrant's name when it was asked for.
    pub name: String,
    pub requested: Timestamp,
    pub due: Timestamp,
    /// When it was approved.
    pub verified: Option<Timestamp>,
    /// The token the last (re)sent mail carried; only it approves.
    pub token: String,
    /// How many mails were sent (the token's input).
    pub sends: u32,
    /// The domains (ACE) that asked for it, sorted.
    pub domains: BTreeSet<String>,
    /// `(time, text)` lines, oldest first.
    pub log: Vec<(Timestamp, String)>,
}

impl Verification {
    /// PENDING, OVERDUE (sandbox time `now` past the due date) or SUCCESSFUL.
    pub fn status(&self, now: Timestamp) -> VerificationStatus {
        match self.verified {
            Some(_) => VerificationStatus::Successful,
            None if now > self.due => VerificationStatus::Overdue,
            None => VerificationStatus::Pending,
        }
    }

    fn note(&mut self, at: Timestamp, text: String) {
        if self.log.len() >= MAX_LOG {
            self.log.remove(1);
        }
        self.log.push((at, text));
    }

    /// A new token (the mail is "sent": the sandbox sends none) and its log line.
    fn send(&mut self, account: &str, at: Timestamp) {
        self.sends += 1;
        self.token = token(account, &self.email, self.requested, self.sends);
        let line = format!(
            "[SEND] verification email to <{}> (otebox keeps it in /_admin/outbox; TOKEN {})",
            self.email, self.token
        );
        self.note(at, line);
    }
}

/// A token in the reference example's form (`<32 hex>-<32 hex>`, upper
/// case), derived from what identifies the mail: no draw from the system's
/// generator, so no other answer shifts.
fn token(account: &str, email: &str, requested: Timestamp, sends: u32) -> String {
    let mut hasher = Sha256::new();
    for part in [account, email] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.update(requested.0.to_le_bytes());
    hasher.update(sends.to_le_bytes());
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|byte| format!("{byte:02X}")).collect();
    format!("{}-{}", &hex[..32], &hex[32..])
}

/// Every account's verifications, by lower-cased e-mail address.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Verifications {
    #[serde(with = "crate::registry::serial::sorted")]
    by_account: HashMap<String, BTreeMap<String, Verification>>,
}

impl System {
    /// After a registration or an owner change of `name` has succeeded
    /// (either dialect's command, or a pending trade the clock confirmed): a
    /// gTLD (an ICANN-TRADE zone) asks its holder's registrant address to be
    /// verified, unless the account verified it already.
    pub fn ask_registrant_verification(&mut self, name: &str, now: Timestamp) {
        let Some(domain) = self.domain(name) else {
            return;
        };
        let gtld =
            catalogue::find(&domain.name).is_some_and(|tld| tld.registrant_change == "ICANN-TRADE");
        let Some(contact) = self.registrant(domain).filter(|_| gtld) else {
            return;
        };
        let data = &contact.data;
        let person = data.person();
        let (email, account) = (data.email.clone(), domain.owner.to_string());
        self.ask_verification(&account, Some(name), (&email, &person), now);
    }

    /// `domain` of `account` now names a registrant with `email` (`None`:
    /// a contact asked for it before any domain, CNR `PREVERIFY=1`): unless
    /// the account verified that address already, the domain joins its open
    /// verification, or a new one starts (requested now, due in 15 days,
    /// its mail "sent"). Cannot fail.
    pub fn ask_verification(
        &mut self,
        account: &str,
        domain: Option<&str>,
        (email, name): (&str, &str),
        now: Timestamp,
    ) {
        let table = self.verifications.by_account.entry(account.to_owned());
        let records = table.or_default();
        let key = email.to_lowercase();
        if let Some(record) = records.get_mut(&key) {
            if let Some(domain) = domain
                && record.verified.is_none()
                && record.domains.insert(domain.to_owned())
            {
                record.note(now, format!("[REQUESTED] domain {domain} added"));
            }
            return;
        }
        let mut record = Verification {
            email: email.to_owned(),
            name: name.to_owned(),
            requested: now,
            due: now.plus_days(DUE_DAYS),
            verified: None,
            token: String::new(),
            sends: 0,
            domains: domain.into_iter().map(str::to_owned).collect(),
            log: Vec::new(),
        };
        let line = format!("[REQUESTED] Created new registrant verification for {name} <{email}>");
        record.note(now, line);
        record.send(account, now);
        self.outbox.mail_verification(account, &record, now);
        records.insert(key, record);
    }

    /// `account`'s verification of `email` (any case).
    pub fn verification(&self, account: &str, email: &str) -> Option<&Verification> {
        let records = self.verifications.by_account.get(account)?;
        records.get(&email.to_lowercase())
    }

    /// `account`'s verifications, by e-mail address.
    pub fn verifications_of(&self, account: &str) -> impl Iterator<Item = &Verification> + '_ {
        let records = self.verifications.by_account.get(account);
        records.into_iter().flat_map(BTreeMap::values)
    }

    /// Sends `account`'s verification of `email` again with a new token;
    /// `false` when there is none.
    pub fn resend_verification(&mut self, account: &str, email: &str, now: Timestamp) -> bool {
        let records = self.verifications.by_account.get_mut(account);
        let Some(record) = records.and_then(|records| records.get_mut(&email.to_lowercase()))
        else {
            return false;
        };
        record.send(account, now);
        self.outbox.mail_verification(account, record, now);
        true
    }

    /// `account`'s verification whose current token is `token` (any case).
    pub fn verification_by_token(&self, account: &str, token: &str) -> Option<&Verification> {
        self.verifications_of(account)
            .find(|record| record.token.eq_ignore_ascii_case(token))
    }

    /// Marks `account`'s verification of `email` approved at `now`; its log
    /// counts the `domains` the approval verified.
    pub fn approve_verification(
        &mut self,
        account: &str,
        email: &str,
        now: Timestamp,
        domains: usize,
    ) {
        let records = self.verifications.by_account.get_mut(account);
        let Some(record) = records.and_then(|records| records.get_mut(&email.to_lowercase()))
        else {
            return;
        };
        record.verified = Some(now);
        let line =
            "[SUCCESSFUL] registrant email verified by ApproveDomainRegistrantVerificationEmail";
        record.note(now, line.to_owned());
        record.note(
            now,
            format!("[SUCCESSFUL] {domains} domains verified successfully"),
        );
    }

    /// `name` was transferred in (from `losing`, an account of this system,
    /// or from another registrar: `None`) at `at`: the losing account's open
    /// verifications let it go, and its new holder is asked for its
    /// registrant's address, as ICANN asks on a transfer of sponsorship
    /// (nothing when the new holder verified that address already).
    pub(super) fn transferred_verification(
        &mut self,
        name: &str,
        losing: Option<&str>,
        at: Timestamp,
    ) {
        if let Some(losing) = losing {
            let note = format!("[REMOVED] domain {name} transferred away");
            self.release_verification(name, losing, (at, &note));
        }
        self.ask_registrant_verification(name, at);
    }

    /// `name` left `account` (a transfer, AssignObject): every open (PENDING
    /// or OVERDUE) verification of `account` that covers it lets it go, with
    /// the log line `note`. Whether any did.
    pub(super) fn release_verification(
        &mut self,
        name: &str,
        account: &str,
        (at, note): (Timestamp, &str),
    ) -> bool {
        let records = self.verifications.by_account.get_mut(account);
        let mut released = false;
        for record in records.into_iter().flat_map(BTreeMap::values_mut) {
            if record.verified.is_none() && record.domains.remove(name) {
                record.note(at, note.to_owned());
                released = true;
            }
        }
        released
    }

    /// Moves `from`'s verifications to `to` (ModifyUser NEWSUBUSER): the
    /// addresses it verified stay verified under its new name.
    pub(super) fn rename_verifications_of(&mut self, from: &str, to: &str) {
        if let Some(records) = self.verifications.by_account.remove(from) {
            self.verifications.by_account.insert(to.to_owned(), records);
        }
    }

    /// The account's verifications (account removal and reset, DeleteUser).
    pub(super) fn forget_verifications_of(&mut self, account: &str) {
        self.verifications.by_account.remove(account);
    }
}

#[cfg(test)]
mod tests {
    use crate::registry::{Entity, Registry, Timestamp};

    #[test]
    fn a_renamed_account_keeps_its_verifications() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        let person = ("Erika@Example.de", "Erika Mustermann");
        system.ask_verification("sub9", Some("example.com"), person, Timestamp(0));
        system.rename_verifications_of("sub9", "sub10");
        let kept = system.verification("sub10", "erika@example.de");
        assert!(kept.is_some_and(|record| record.domains.contains("example.com")));
        assert!(system.verification("sub9", "erika@example.de").is_none());
    }
}
