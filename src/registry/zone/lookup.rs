//! What a DNS question gets from the hosted zones of one system (the answer
//! `--dns-listen` sends, decided here without any DNS wire type): the zone
//! that is the closest enclosing one, its records at the name (CNAMEs
//! followed inside the zone, `*` wildcards), a referral for a name at or
//! below a delegation (NS records below the apex, RFC 1034 §4.3.2 step 3b),
//! NODATA and NXDOMAIN with the SOA, REFUSED for names outside every active
//! zone. Pseudo-records
//! (X-HTTP, X-SMTP) are never served. Reads only; changes nothing.

use super::{RrType, Zone, ZoneStatus};
use crate::registry::System;

/// How many CNAMEs an answer follows inside its zone.
const CNAME_CHAIN: usize = 8;

/// The kind of answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Records of the asked type (or a CNAME chain).
    Answer,
    /// The name exists, without records of that type.
    NoData,
    /// No such name in the zone.
    NxDomain,
    /// The name lies at or below a delegation: not authoritative, the
    /// child's NS records in the authority section, glue as additional.
    Referral,
    /// Not a name of any active zone here: not authoritative.
    Refused,
}

/// One record of an answer, owned (built under the registry lock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    /// Absolute, lower case, without the trailing dot.
    pub owner: String,
    pub ttl: u32,
    /// `A`, `MX`, `SOA`, ...
    pub kind: &'static str,
    /// Canonical rdata text.
    pub data: String,
}

/// A whole answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub outcome: Outcome,
    pub answers: Vec<DnsRecord>,
    /// The zone's NS records with a positive answer; the delegation's with
    /// a referral.
    pub authority: Vec<DnsRecord>,
    /// A referral's glue: the addresses this zone holds for its name servers.
    pub additional: Vec<DnsRecord>,
    /// The zone's SOA with NODATA and NXDOMAIN (TTL the lesser of its TTL
    /// and minimum, RFC 2308).
    pub soa: Option<DnsRecord>,
    /// The zone that answered (`None`: refused).
    pub zone: Option<String>,
}

impl Lookup {
    fn refused() -> Lookup {
        Lookup {
            outcome: Outcome::Refused,
            answers: Vec::new(),
            authority: Vec::new(),
            additional: Vec::new(),
            soa: None,
            zone: None,
        }
    }
}

impl System {
    /// The answer to `name` (any case, trailing dot or not) and `kind` (a
    /// type name as DNS tools print it: `A`, `TXT`, `ANY`, ...).
    pub fn dns_lookup(&self, name: &str, kind: &str) -> Lookup {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let zone = self.enclosing_zone(&name);
        let Some(zone) = zone.filter(|zone| zone.status == ZoneStatus::Active) else {
            return Lookup::refused();
        };
        if let Some(cut) = delegation(zone, &name) {
            return referral(zone, cut);
        }
        let wanted = Wanted::of(kind);
        let mut answers = Vec::new();
        let mut owner = name.clone();
        // Where a CNAME chain ended inside the zone without the data: the
        // answer is that name's (RFC 6604 §2.1: NXDOMAIN or NODATA with the
        // SOA, RFC 2308 §2), or the delegation's referral it entered.
        let mut dead_end = false;
        let mut entered = None;
        for _ in 0..CNAME_CHAIN {
            // The apex SOA lives outside `records`.
            if owner == zone.name && matches!(wanted, Wanted::Soa | Wanted::Any) {
                answers.push(soa(zone, false));
            }
            let followed = answers
                .last()
                .is_some_and(|rr: &DnsRecord| rr.kind == "CNAME");
            let Some(node) = node_for(zone, &owner) else {
                dead_end = followed;
                break;
            };
            let served = |kind: &RrType| !kind.is_pseudo() && *kind != RrType::Soa;
            let cname = node.get(&RrType::Cname);
            let matching: Vec<_> = node
                .iter()
                .filter(|(kind, _)| served(kind) && wanted.matches(**kind))
                .collect();
            if !matching.is_empty() {
                for (kind, set) in matching {
                    push_set(&mut answers, &owner, *kind, set);
                }
                break;
            }
            let Some(cname) = cname else {
                dead_end = followed;
                break;
            };
            push_set(&mut answers, &owner, RrType::Cname, cname);
            // Follow the CNAME only while it stays inside this zone.
            let target = cname
                .data
                .iter()
                .next()
                .map(|t| t.trim_end_matches('.').to_owned());
            // ... and is not delegated away ...
            // ... and does not come back to a name it answered (a loop).
            let answered = |name: &str| answers.iter().any(|rr: &DnsRecord| rr.owner == name);
            match target {
                Some(target) if in_zone(&zone.name, &target) && !answered(&target) => {
                    if let Some(cut) = delegation(zone, &target) {
                        entered = Some(cut.to_owned());
                        break;
                    }
                    owner = target
                }
                _ => break,
            }
        }
        if let Some(cut) = entered {
            return Lookup {
                answers,
                ..referral(zone, &cut)
            };
        }
        if dead_end {
            return negative(zone, &owner, answers);
        }
        if !answers.is_empty() {
            return Lookup {
                outcome: Outcome::Answer,
                answers,
                authority: apex_ns(zone),
                additional: Vec::new(),
                soa: None,
                zone: Some(zone.name.clone()),
            };
        }
        negative(zone, &name, answers)
    }
}

/// NODATA or NXDOMAIN for `name` (by whether anything exists at or below
/// it, or a wildcard answers it) with the SOA, after `answers` (the CNAME
/// chain that led there, if any).
fn negative(zone: &Zone, name: &str, answers: Vec<DnsRecord>) -> Lookup {
    let exists = name == zone.name || zone.records.exists_at_or_below(name);
    Lookup {
        outcome: if exists || wildcard_for(zone, name).is_some() {
            Outcome::NoData
        } else {
            Outcome::NxDomain
        },
        answers,
        authority: Vec::new(),
        additional: Vec::new(),
        soa: Some(soa(zone, true)),
        zone: Some(zone.name.clone()),
    }
}

/// The zone cut `name` lies at or below: of the names from the apex down to
/// `name`, the first below the apex with NS records (what is below it is
/// the child zone's, even where this zone holds records for it).
fn delegation<'z>(zone: &Zone, name: &'z str) -> Option<&'z str> {
    let mut cuts = Vec::new();
    let mut at = name;
    while at != zone.name && in_zone(&zone.name, at) {
        cuts.push(at);
        at = at.split_once('.')?.1;
    }
    cuts.into_iter()
        .rev()
        .find(|cut| zone.records.rrset(cut, RrType::Ns).is_some())
}

/// The referral to the delegation at `cut`: its NS records, and as glue
/// the A and AAAA records this zone holds for those of its name servers
/// that lie in the zone.
fn referral(zone: &Zone, cut: &str) -> Lookup {
    let mut authority = Vec::new();
    let mut additional = Vec::new();
    if let Some(set) = zone.records.rrset(cut, RrType::Ns) {
        push_set(&mut authority, cut, RrType::Ns, set);
        for target in &set.data {
            let host = target.trim_end_matches('.');
            if !in_zone(&zone.name, host) {
                continue;
            }
            for kind in [RrType::A, RrType::Aaaa] {
                if let Some(addresses) = zone.records.rrset(host, kind) {
                    push_set(&mut additional, host, kind, addresses);
                }
            }
        }
    }
    Lookup {
        outcome: Outcome::Referral,
        answers: Vec::new(),
        authority,
        additional,
        soa: None,
        zone: Some(zone.name.clone()),
    }
}

/// The node answering `owner`: its own, or a wildcard's when `owner` does not
/// exist (RFC 4592: `*.` of the closest existing ancestor).
fn node_for<'z>(zone: &'z Zone, owner: &str) -> Option<&'z super::Node> {
    match zone.records.node(owner) {
        Some(node) => Some(node),
        None => zone.records.node(&wildcard_for(zone, owner)?),
    }
}

/// `*.<closest encloser>` when `name` does not exist and that wildcard does.
fn wildcard_for(zone: &Zone, name: &str) -> Option<String> {
    if name == zone.name || zone.records.exists_at_or_below(name) {
        return None;
    }
    let mut ancestor = name.split_once('.')?.1;
    loop {
        if ancestor == zone.name || zone.records.exists_at_or_below(ancestor) {
            let wildcard = format!("*.{ancestor}");
            return zone.records.node(&wildcard).is_some().then_some(wildcard);
        }
        if !in_zone(&zone.name, ancestor) {
            return None;
        }
        ancestor = ancestor.split_once('.')?.1;
    }
}

/// Whether `name` is the apex `zone` or below it.
fn in_zone(zone: &str, name: &str) -> bool {
    name == zone
        || (name.len() > zone.len()
            && name.ends_with(zone)
            && name.as_bytes()[name.len() - zone.len() - 1] == b'.')
}

fn push_set(answers: &mut Vec<DnsRecord>, owner: &str, kind: RrType, set: &super::RrSet) {
    for data in &set.data {
        answers.push(DnsRecord {
            owner: owner.to_owned(),
            ttl: set.ttl,
            kind: kind.as_str(),
            data: data.clone(),
        });
    }
}

fn apex_ns(zone: &Zone) -> Vec<DnsRecord> {
    let mut records = Vec::new();
    if let Some(set) = zone.records.rrset(&zone.name, RrType::Ns) {
        push_set(&mut records, &zone.name, RrType::Ns, set);
    }
    records
}

fn soa(zone: &Zone, negative: bool) -> DnsRecord {
    DnsRecord {
        owner: zone.name.clone(),
        ttl: if negative {
            zone.soa.ttl.min(zone.soa.minttl)
        } else {
            zone.soa.ttl
        },
        kind: "SOA",
        data: zone.soa.data(),
    }
}

/// The asked type, as the zone's types see it.
#[derive(Debug, Clone, Copy)]
enum Wanted {
    Any,
    Soa,
    Kind(RrType),
    /// A type otebox keeps no records of (NODATA where the name exists).
    Other,
}

impl Wanted {
    fn of(kind: &str) -> Wanted {
        match kind {
            "ANY" => Wanted::Any,
            "SOA" => Wanted::Soa,
            _ => match RrType::parse(kind) {
                Some(kind) if !kind.is_pseudo() => Wanted::Kind(kind),
                _ => Wanted::Other,
            },
        }
    }

    fn matches(self, kind: RrType) -> bool {
        match self {
            Wanted::Any => true,
            Wanted::Kind(wanted) => wanted == kind,
            Wanted::Soa | Wanted::Other => false,
        }
    }
}

#[cfg(test)]
mod tests;
