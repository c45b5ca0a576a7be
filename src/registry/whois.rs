//! The WHOIS view of a name (QueryDomainWhoisInfo): which registry server
//! answers for its zone, and the text that server would give — an ICANN
//! RDDS-style record for names the sandbox holds (registrar 1API GmbH) or
//! that are held at "another registrar" (`outside.rs`), the registry's "not
//! found" text for free names, and a "not available" text for reserved,
//! blocked and collision names. The text is data (plain lines joined by
//! LF); URL-encoding it for the wire is the command's. Reads only: must not
//! change any object, and never shows an auth code.

use std::borrow::Cow;

use super::catalogue::Tld;
use super::name::DomainName;
use super::whois_text::{Party, Record, not_available, not_found, render};
use super::{Availability, Domain, Role, System, Timestamp};

/// What a registry WHOIS server answered for one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whois {
    /// The server asked: the zone's registry WHOIS server.
    pub server: Cow<'static, str>,
    /// The answer, lines joined by LF.
    pub text: String,
}

/// The registrar whose record a WHOIS answer shows.
#[derive(Debug)]
pub(super) struct Registrar {
    pub(super) name: &'static str,
    pub(super) iana_id: &'static str,
    pub(super) whois: &'static str,
    pub(super) url: &'static str,
    pub(super) abuse_email: &'static str,
    pub(super) abuse_phone: &'static str,
}

/// The sandbox's own registrar: every domain an account holds.
pub(super) static OWN_REGISTRAR: Registrar = Registrar {
    name: "1API GmbH",
    iana_id: "1387",
    whois: "whois.1api.net",
    url: "http://www.1api.net",
    abuse_email: "abuse@1api.net",
    abuse_phone: "+49.68949396850",
};

/// The fictional registrar of names held elsewhere (`outside.rs`'s
/// `OUTSIDE_REGISTRAR`; the IANA id is not a real one).
pub(super) static OTHER_REGISTRAR: Registrar = Registrar {
    name: super::OUTSIDE_REGISTRAR,
    iana_id: "99999",
    whois: "whois.example-registrar.net",
    url: "https://www.example-registrar.net",
    abuse_email: "abuse@example-registrar.net",
    abuse_phone: "+1.5555550100",
};

/// The registry WHOIS servers the catalogue's zones answer on; a zone not
/// listed answers on `whois.nic.<zone>` (the new-gTLD convention).
const SERVERS: &[(&str, &str)] = &[
    ("app", "whois.nic.google"),
    ("be", "whois.dns.be"),
    ("ca", "whois.cira.ca"),
    ("co.uk", "whois.nic.uk"),
    ("com", "whois.verisign-grs.com"),
    ("com.au", "whois.auda.org.au"),
    ("de", "whois.denic.de"),
    ("dev", "whois.nic.google"),
    ("dk", "whois.punktum.dk"),
    ("eu", "whois.eu"),
    ("jp", "whois.jprs.jp"),
    ("net", "whois.verisign-grs.com"),
    ("nl", "whois.domain-registry.nl"),
    ("org", "whois.publicinterestregistry.org"),
];

/// The registry WHOIS server of a zone.
pub(super) fn server(tld: &Tld) -> Cow<'static, str> {
    match SERVERS.iter().find(|(zone, _)| *zone == tld.zone) {
        Some((_, server)) => Cow::Borrowed(server),
        None => Cow::Owned(format!("whois.nic.{}", tld.zone)),
    }
}

impl System {
    /// What the registry WHOIS of `name` (in `tld`) answers at `now`, as
    /// the account `asker` sees it: a domain of `asker`'s shows its
    /// contacts' data; another account's shows them redacted, as
    /// post-GDPR WHOIS does (and as isolation requires); ID protection
    /// shows the trustee to everyone.
    pub fn whois(&self, name: &DomainName, tld: &Tld, asker: &str, now: Timestamp) -> Whois {
        let text = if let Some(domain) = self.domain(name.as_str()) {
            render(&self.own_record(domain, tld, asker, now, false), now)
        } else if let Some(gone) = self
            .deleted_domain(name.as_str())
            .filter(|gone| now <= gone.restorable_until)
        {
            render(&self.own_record(&gone.domain, tld, asker, now, true), now)
        } else if let Some(outside) = self.outside_domain(name, now) {
            let mut statuses: Vec<&str> = outside.flags.iter().map(|flag| &**flag).collect();
            if statuses.is_empty() {
                statuses.push("ok");
            }
            let record = Record {
                domain: &outside,
                tld,
                registrar: &OTHER_REGISTRAR,
                statuses,
                parties: [Party::Redacted, Party::Redacted, Party::Redacted],
            };
            render(&record, now)
        } else {
            match self.availability(name, now) {
                Availability::Reserved => not_available(name, RESERVED, now),
                Availability::Blocked => not_available(name, BLOCKED, now),
                Availability::Collision => not_available(name, COLLISION, now),
                Availability::Refused(_, reason) => {
                    not_available(name, &format!("refused by the registry ({reason})"), now)
                }
                _ => not_found(name, tld, now),
            }
        };
        Whois {
            server: server(tld),
            text,
        }
    }

    /// The record of a domain the sandbox holds (`deleted`: in its restore period).
    fn own_record<'a>(
        &'a self,
        domain: &'a Domain,
        tld: &'a Tld,
        asker: &str,
        now: Timestamp,
        deleted: bool,
    ) -> Record<'a> {
        let mut statuses = Vec::new();
        if domain.transfer_lock {
            statuses.push("clientTransferProhibited");
        }
        statuses.extend(domain.flags.iter().map(|flag| &**flag));
        // The registry's lock after a registration or transfer, as
        // StatusDomain and CheckDomainTransfer show it.
        if !deleted && domain.age_locked(tld, now) {
            statuses.push("serverTransferProhibited");
        }
        if self.pending_transfer(domain.name.as_str()).is_some() {
            statuses.push("pendingTransfer");
        }
        // A registration the registry has not confirmed (a `.swiss`
        // application in review, a slow-registry rule) is `pendingCreate`
        // (RFC 5731), never `ok`, and its add grace has not begun.
        let pending_create = domain.requested_create().is_some();
        if pending_create {
            statuses.push("pendingCreate");
        }
        if deleted {
            statuses.push("pendingDelete");
        }
        if statuses.is_empty() {
            statuses.push("ok");
        }
        // The grace periods (RGP statuses) go with the core ones.
        if deleted {
            statuses.push("redemptionPeriod");
        } else if !pending_create && domain.add_grace.is_some_and(|(until, _)| now <= until) {
            statuses.push("addPeriod");
        } else if super::unrenew::AutoRenewal::refundable(domain, now).is_some() {
            statuses.push("autoRenewPeriod");
        }
        let party = |role: Role| -> Party<'a> {
            if domain.id_protection {
                return Party::Trustee;
            }
            if domain.owner != asker {
                return Party::Redacted;
            }
            let handle = domain.contacts[role.index()].first();
            match handle.and_then(|handle| self.contact(handle)) {
                Some(contact) => Party::Shown(&contact.id, &contact.data),
                None => Party::Missing,
            }
        };
        Record {
            domain,
            tld,
            registrar: &OWN_REGISTRAR,
            statuses,
            parties: [party(Role::Owner), party(Role::Admin), party(Role::Tech)],
        }
    }
}

/// Why a `reserved-` name is not available.
const RESERVED: &str = "reserved by the Registry in accordance with ICANN Policy";
/// Why a `blocked-` name is not available (a DPML-style block).
const BLOCKED: &str = "restricted, as it is protected by a DPML brand block";
/// Why a `collision-` name is not available.
const COLLISION: &str = "on the registry's name collision list";
