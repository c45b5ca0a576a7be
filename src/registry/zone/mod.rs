//! Hosted DNS zones: the [`Zone`] record with its [`Soa`] and status, and
//! the `impl System` block that finds, inserts, changes and removes zones
//! keeping the owner index right. Zones are objects of their own: deleting
//! or transferring a domain leaves its zone where it is. Record syntax is
//! `record.rs`, the ordered set `records.rs`, validated changes `change.rs`.
//! No wire text; the commands decide who may do what.

mod change;
mod lookup;
mod rdata;
mod rdata_cnr;
mod record;
#[cfg(test)]
mod record_tests;
mod records;
mod stats;

pub use change::{SoaFields, ZoneChange, ZonePlan};
pub use lookup::{DnsRecord, Lookup, Outcome};
pub use rdata::quoted_strings;
pub use record::{
    DEFAULT_TTL, Line, MAX_TTL, MAX_TXT, Pattern, Rr, RrType, SoaLine, owner_name, parse_line,
    parse_pattern, parse_rdata, target_name,
};
pub use records::{Node, Records, RrRef, RrSet};
pub use stats::{QueryCounts, QueryStats};

use super::{DomainName, System, Timestamp};
use crate::error::{Error, Result};

/// The nameservers the sandbox itself runs: every zone it creates is
/// delegated to them, and they "answer" for every zone it hosts.
pub const SANDBOX_NAMESERVERS: &[&str] = &["ns1.ispapi.net", "ns2.ispapi.net", "ns3.ispapi.net"];
/// The nameservers a zone made through the CentralNic Reseller dialect is
/// delegated to: KeyDNS's default set (ns1-3.rrpproxy.net), which
/// DNSControl's CNR provider expects on a new zone.
pub const CNR_NAMESERVERS: &[&str] = &["ns1.rrpproxy.net", "ns2.rrpproxy.net", "ns3.rrpproxy.net"];
/// [`SANDBOX_NAMESERVERS`] as one space-separated value (INTERNALNAMESERVER).
pub const SANDBOX_NAMESERVER_LIST: &str = "ns1.ispapi.net ns2.ispapi.net ns3.ispapi.net";

/// A zone's SOA fields; names absolute with their trailing dot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Soa {
    pub ttl: u32,
    pub mname: String,
    pub rname: String,
    pub serial: u32,
    pub refresh: u32,
    pub retry: u32,
    pub expire: u32,
    pub minttl: u32,
}

impl Soa {
    /// The defaults of a zone created `now`: serial `YYYYMMDD01`.
    pub fn new(zone: &str, now: Timestamp) -> Soa {
        let date = now.datetime().to_string();
        let digits: String = date[..10].chars().filter(char::is_ascii_digit).collect();
        Soa {
            ttl: DEFAULT_TTL,
            mname: "ns1.ispapi.net.".to_owned(),
            rname: format!("hostmaster.{zone}."),
            serial: format!("{digits}01").parse().unwrap_or(1),
            refresh: 86_400,
            retry: 7_200,
            expire: 3_600_000,
            minttl: 172_800,
        }
    }

    /// The SOA rdata: `mname rname serial refresh retry expire minimum`.
    pub fn data(&self) -> String {
        format!(
            "{} {} {} {} {} {} {}",
            self.mname, self.rname, self.serial, self.refresh, self.retry, self.expire, self.minttl
        )
    }
}

/// STATUS of a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ZoneStatus {
    Active,
    Inactive,
    Hold,
}

impl ZoneStatus {
    pub fn parse(text: &str) -> Option<ZoneStatus> {
        match text.to_ascii_uppercase().as_str() {
            "ACTIVE" => Some(ZoneStatus::Active),
            "INACTIVE" => Some(ZoneStatus::Inactive),
            "HOLD" => Some(ZoneStatus::Hold),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ZoneStatus::Active => "ACTIVE",
            ZoneStatus::Inactive => "INACTIVE",
            ZoneStatus::Hold => "HOLD",
        }
    }
}

/// A hosted zone.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Zone {
    /// ACE, lower case, no trailing dot.
    pub name: String,
    /// The account that holds it.
    pub owner: String,
    pub soa: Soa,
    /// Every record but the SOA.
    pub records: Records,
    pub status: ZoneStatus,
    /// DNSSEC-MODE `AUTO` (else `DISABLED`).
    pub dnssec_auto: bool,
    /// Created with EXTERNAL=1 (a name not registered here): SUBCLASS EXTERNAL.
    pub external: bool,
    /// Made by INTERNALDNS=1 and not yet claimed by a CreateDNSZone (which
    /// then answers 200 for it once: `System::claim_internal_zone`).
    pub internal: bool,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub created_by: String,
    pub updated_by: String,
    /// What `--dns-listen` answered for it, per hour (`stats.rs`).
    pub queries: QueryStats,
}

impl Zone {
    /// An empty zone (no records but its SOA) with the default SOA.
    pub fn new(name: &str, owner: &str, now: Timestamp, actor: &str) -> Zone {
        Zone {
            name: name.to_owned(),
            owner: owner.to_owned(),
            soa: Soa::new(name, now),
            records: Records::default(),
            status: ZoneStatus::Active,
            dnssec_auto: false,
            external: false,
            internal: false,
            created: now,
            updated: now,
            created_by: actor.to_owned(),
            updated_by: actor.to_owned(),
            queries: QueryStats::default(),
        }
    }

    /// Adds `@ NS ns1..3.ispapi.net.` unless an apex NS exists.
    pub fn add_default_nameservers(&mut self) {
        self.add_nameservers(SANDBOX_NAMESERVERS);
    }

    /// Adds an apex NS record for each of `set` unless an apex NS exists.
    pub fn add_nameservers(&mut self, set: &[&str]) {
        if self.records.rrset(&self.name, RrType::Ns).is_some() {
            return;
        }
        for ns in set {
            self.records.insert(Rr {
                owner: self.name.clone(),
                ttl: self.soa.ttl,
                kind: RrType::Ns,
                data: format!("{ns}."),
            });
        }
    }

    /// Records a listing counts (the SOA included, pseudo-records only
    /// when `extended`): COUNT/TOTAL, RRSTOTAL. O(1).
    pub fn total(&self, extended: bool) -> usize {
        let pseudo = if extended {
            0
        } else {
            self.records.pseudo_len()
        };
        1 + self.records.len() - pseudo
    }
}

impl System {
    /// The zone `name` (ACE, no trailing dot), whoever holds it.
    pub fn zone(&self, name: &str) -> Option<&Zone> {
        self.zones.get(name)
    }

    /// The zone `name` if `owner` holds it: `545` if nobody does, `531` if
    /// another account does.
    pub fn owned_zone(&self, owner: &str, name: &str) -> Result<&Zone> {
        match self.zones.get(name) {
            None => Err(Error::ObjectNotFound(format!(
                "DNSZONE NOT FOUND; {name}. (CreateDNSZone creates it)"
            ))),
            Some(zone) if zone.owner != owner => {
                Err(self.not_held(owner, &zone.owner, format!("dnszone {name}.")))
            }
            Some(zone) => Ok(zone),
        }
    }

    /// Whether `owner` may create the zone `name`: `540` when it exists
    /// (anyone's), when another account holds the domain of that name, or
    /// when the name lies under another account's domain (its `www.` zone
    /// would answer real DNS for that account's `www`). Another account's
    /// zone above it does not count: a zone may be a suffix such as
    /// `com.au` that no one holds as a domain.
    pub fn check_new_zone(&self, owner: &str, name: &str) -> Result<()> {
        if self.zones.contains_key(name) {
            return Err(Error::NotUnique(format!(
                "zone {name}. exists already (UpdateDNSZone changes it, DeleteDNSZone removes it)"
            )));
        }
        if let Some(domain) = self.domain(name)
            && domain.owner != owner
        {
            return Err(Error::NotUnique(format!(
                "zone {name}. belongs to the domain {name}, which {owner} does not hold"
            )));
        }
        if let Some(at) = self.foreign_domain_above(owner, name) {
            return Err(Error::NotUnique(format!(
                "zone {name}. lies in the domain {at}, which {owner} does not hold"
            )));
        }
        Ok(())
    }

    /// The closest domain strictly above `name` held by an account other
    /// than `owner`, if any: where a zone of `owner` named `name` would
    /// answer for that account's names.
    fn foreign_domain_above<'n>(&self, owner: &str, name: &'n str) -> Option<&'n str> {
        let mut at = name;
        while let Some((_, parent)) = at.split_once('.') {
            at = parent;
            if self.domain(at).is_some_and(|domain| domain.owner != owner) {
                return Some(at);
            }
        }
        None
    }

    /// Stores a new zone (the caller checked [`System::check_new_zone`]).
    pub fn insert_zone(&mut self, zone: Zone) {
        self.owned_mut(&zone.owner).zones.insert(zone.name.clone());
        self.zones.insert(zone.name.clone(), zone);
    }

    /// Removes the zone `name` and returns it.
    pub fn remove_zone(&mut self, name: &str) -> Option<Zone> {
        let zone = self.zones.swap_remove(name)?;
        self.owned_mut(&zone.owner).zones.remove(name);
        Some(zone)
    }

    /// The zone `name` lies in (itself or its closest enclosing zone),
    /// whoever holds it, passing over a zone that lies in a domain another
    /// account holds (made before that domain was registered here, or left
    /// when it moved: [`System::check_new_zone`] would refuse it now), so
    /// that it answers nothing for that account's names; and none when a
    /// domain between `name` and that zone (`name` itself too) is held by
    /// another account than the zone's: a suffix zone (`co.uk`) answers
    /// nothing at or below another account's `mine.co.uk`, as real DNS
    /// would ask that domain's own nameservers. Two lookups per label of
    /// `name` at most (ACE, lower case, no trailing dot). For answering
    /// DNS queries.
    pub fn enclosing_zone(&self, name: &str) -> Option<&Zone> {
        self.enclosing_zone_for(name, None)
    }

    /// [`System::enclosing_zone`] as `holder` manages its zones: a zone of
    /// `holder`'s in another account's domain is not passed over (the CNR
    /// forwarding commands still reach the records of a zone that no
    /// longer answers), but no zone reaches below another account's domain.
    pub fn enclosing_zone_for(&self, name: &str, holder: Option<&str>) -> Option<&Zone> {
        let shown = |zone: &&Zone| {
            holder == Some(&*zone.owner)
                || self.foreign_domain_above(&zone.owner, &zone.name).is_none()
        };
        // The holder of the closest domain passed on the way up.
        let mut held_by: Option<&str> = None;
        let mut at = name;
        loop {
            if let Some(zone) = self.zones.get(at) {
                if held_by.is_some_and(|owner| owner != &*zone.owner) {
                    return None;
                }
                if shown(&zone) {
                    return Some(zone);
                }
            }
            if held_by.is_none() {
                held_by = self.domain(at).map(|domain| domain.owner());
            }
            at = at.split_once('.')?.1;
        }
    }

    /// How many zones this system hosts.
    pub fn zone_count(&self) -> usize {
        self.zones.len()
    }

    /// Zones held by `owner`, in name order.
    pub fn zones_of(&self, owner: &str) -> impl DoubleEndedIterator<Item = &Zone> + '_ {
        self.owned
            .get(owner)
            .into_iter()
            .flat_map(|owned| owned.zones.iter())
            .filter_map(|name| self.zones.get(name))
    }

    /// Applies a plan made by [`Zone::plan`] of the zone `name` (which must
    /// not have changed since); returns the new serial.
    pub fn apply_zone_change(
        &mut self,
        name: &str,
        plan: ZonePlan,
        now: Timestamp,
        actor: &str,
    ) -> u32 {
        match self.zones.get_mut(name) {
            Some(zone) => zone.apply(plan, now, actor),
            None => 0,
        }
    }

    /// INTERNALDNS=1: refuses (`540`) when another account holds the zone
    /// of the domain `name`; call before anything changes.
    pub fn check_internal_zone(&self, owner: &str, name: &DomainName) -> Result<()> {
        match self.zones.get(name.as_str()) {
            Some(zone) if zone.owner != owner => Err(Error::NotUnique(format!(
                "zone {name}. (INTERNALDNS=1) is held by another account"
            ))),
            _ => Ok(()),
        }
    }

    /// INTERNALDNS=1: creates the zone of `name` for `owner` with the
    /// sandbox's nameservers unless it exists. Never fails.
    pub fn ensure_internal_zone(
        &mut self,
        owner: &str,
        name: &DomainName,
        now: Timestamp,
        actor: &str,
    ) {
        if self.zones.contains_key(name.as_str()) {
            return;
        }
        let mut zone = Zone::new(name.as_str(), owner, now, actor);
        zone.add_default_nameservers();
        zone.internal = true;
        self.insert_zone(zone);
    }

    /// CreateDNSZone of a zone INTERNALDNS=1 made for `owner` and no
    /// CreateDNSZone has claimed yet: claims it (a later CreateDNSZone is
    /// `540` as for any existing zone) and says so; `false` changes nothing.
    pub fn claim_internal_zone(&mut self, owner: &str, name: &str) -> bool {
        match self.zones.get_mut(name) {
            Some(zone) if zone.owner == owner && zone.internal => {
                zone.internal = false;
                true
            }
            _ => false,
        }
    }
}
