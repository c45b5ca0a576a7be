//! Changing a zone in two steps: [`Zone::plan`] checks a parsed
//! [`ZoneChange`] against the zone without touching it (duplicates, CNAME
//! exclusivity) and returns a [`ZonePlan`]; [`Zone::apply`] carries the plan
//! out and cannot fail. Order: RR# replaces every record (SOA kept), then
//! DELRR# removes, then ADDRR# adds (checked against the records after the
//! removals and the earlier additions), then SOA fields, STATUS, serial.
//! Only RR# builds a new record set; DELRR/ADDRR touch single records.

use std::collections::HashSet;

use super::record::{Line, Pattern, Rr, RrType};
use super::records::Records;
use super::{Soa, Zone, ZoneStatus};
use crate::error::{Error, Result};
use crate::registry::Timestamp;

/// The SOA fields a request sets (SOATTL, SOAMNAME, ...); `None` keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SoaFields {
    pub ttl: Option<u32>,
    pub mname: Option<String>,
    pub rname: Option<String>,
    pub serial: Option<u32>,
    pub refresh: Option<u32>,
    pub retry: Option<u32>,
    pub expire: Option<u32>,
    pub minttl: Option<u32>,
}

/// A parsed change request; each line carries the parameter it came in
/// (`ADDRR3`) for the refusal.
#[derive(Debug, Clone, Default)]
pub struct ZoneChange {
    /// RR#: replace every record (pseudo-records too when `extended`).
    pub replace: Option<Vec<(String, Line)>>,
    pub delete: Vec<(String, Pattern)>,
    pub add: Vec<(String, Line)>,
    pub soa: SoaFields,
    pub status: Option<ZoneStatus>,
    pub dnssec_auto: Option<bool>,
    /// INCSERIAL=1: the serial moves even when nothing else does.
    pub inc_serial: bool,
    /// EXTENDED=1: pseudo-records are visible to patterns and RR#.
    pub extended: bool,
}

/// A checked change, ready for [`Zone::apply`].
#[derive(Debug, Clone)]
pub struct ZonePlan {
    replace: Option<Records>,
    removed: Vec<(String, RrType, String)>,
    added: Records,
    soa: Soa,
    status: Option<ZoneStatus>,
    dnssec_auto: Option<bool>,
    serial: Option<u32>,
    bump: bool,
}

/// The records as they will be: `base` minus `removed` plus `added`.
struct Overlay<'a> {
    base: &'a Records,
    removed: HashSet<(String, RrType, String)>,
    added: Records,
    zone: &'a str,
}

impl<'a> Overlay<'a> {
    fn new(base: &'a Records, zone: &'a str) -> Overlay<'a> {
        Overlay {
            base,
            removed: HashSet::new(),
            added: Records::default(),
            zone,
        }
    }

    fn kept(&self, owner: &str, kind: RrType, data: &str) -> bool {
        !self
            .removed
            .contains(&(owner.to_owned(), kind, data.to_owned()))
    }

    /// The records at `owner`, as (type, data).
    fn at_owner(&self, owner: &str) -> Vec<(RrType, String)> {
        let mut found: Vec<(RrType, String)> = self
            .base
            .at_owner(owner)
            .filter(|rr| self.removed.is_empty() || self.kept(rr.owner, rr.kind, rr.data))
            .map(|rr| (rr.kind, rr.data.to_owned()))
            .collect();
        found.extend(
            self.added
                .at_owner(owner)
                .map(|rr| (rr.kind, rr.data.to_owned())),
        );
        found
    }

    fn delete(&mut self, pattern: &Pattern, extended: bool) {
        let hits: Vec<(String, RrType, String)> = self
            .base
            .matching(pattern, extended)
            .map(|rr| (rr.owner.to_owned(), rr.kind, rr.data.to_owned()))
            .collect();
        self.removed.extend(hits);
        let added: Vec<Rr> = self
            .added
            .matching(pattern, extended)
            .map(|rr| rr.to_owned_rr())
            .collect();
        for rr in added {
            self.added.remove(&rr.owner, rr.kind, &rr.data);
        }
    }

    fn add(&mut self, rr: Rr) -> Result<()> {
        let exists = (self.base.contains(&rr.owner, rr.kind, &rr.data)
            && self.kept(&rr.owner, rr.kind, &rr.data))
            || self.added.contains(&rr.owner, rr.kind, &rr.data);
        if exists {
            return Err(Error::InvalidValue(format!("duplicate record [{rr}]")));
        }
        if !rr.kind.is_pseudo() {
            let others = self.at_owner(&rr.owner);
            let clash = if rr.kind == RrType::Cname {
                others
                    .iter()
                    .find(|(kind, _)| !kind.is_pseudo())
                    .map(|(kind, _)| {
                        if *kind == RrType::Cname {
                            "an owner has at most one CNAME; delete the old one first"
                        } else {
                            "the owner has other records; a CNAME must stand alone"
                        }
                    })
            } else {
                others
                    .iter()
                    .any(|(kind, _)| *kind == RrType::Cname)
                    .then_some("the owner has a CNAME, which must stand alone")
            };
            if let Some(why) = clash {
                return Err(Error::InvalidValue(format!(
                    "CNAME and other data [{rr}] ({why}; zone {}.)",
                    self.zone
                )));
            }
        }
        self.added.insert(rr);
        Ok(())
    }
}

/// Takes an SOA line's fields (not its serial: the zone manages it).
fn set_soa_line(soa: &mut Soa, line: super::record::SoaLine) -> bool {
    let before = soa.clone();
    if let Some(ttl) = line.ttl {
        soa.ttl = ttl;
    }
    soa.mname = line.mname;
    soa.rname = line.rname;
    soa.refresh = line.refresh;
    soa.retry = line.retry;
    soa.expire = line.expire;
    soa.minttl = line.minttl;
    *soa != before
}

impl Zone {
    /// Checks `change` against this zone; nothing changes. Refusals:
    /// `541 duplicate record [...]`, `541 CNAME and other data [...]`.
    pub fn plan(&self, change: ZoneChange) -> Result<ZonePlan> {
        let ZoneChange {
            replace,
            delete,
            add,
            soa: fields,
            status,
            dnssec_auto,
            inc_serial,
            extended,
        } = change;
        let mut soa = self.soa.clone();
        let mut changed = false;
        let replaced = match replace {
            None => None,
            Some(lines) => {
                changed = true;
                let kept = if extended {
                    Records::default()
                } else {
                    self.records.pseudo_only()
                };
                let mut overlay = Overlay::new(&kept, &self.name);
                for (_, line) in lines {
                    match line {
                        Line::Record(rr) => overlay.add(rr)?,
                        Line::Soa(line) => {
                            set_soa_line(&mut soa, line);
                        }
                    }
                }
                let added = overlay.added;
                let mut fresh = kept;
                fresh.merge(added);
                Some(fresh)
            }
        };
        let base = replaced.as_ref().unwrap_or(&self.records);
        let mut overlay = Overlay::new(base, &self.name);
        for (_, pattern) in &delete {
            overlay.delete(pattern, extended);
        }
        for (_, line) in add {
            match line {
                Line::Record(rr) => overlay.add(rr)?,
                Line::Soa(line) => changed |= set_soa_line(&mut soa, line),
            }
        }
        let Overlay { removed, added, .. } = overlay;
        changed |= !removed.is_empty() || !added.is_empty();
        let before = soa.clone();
        let SoaFields {
            ttl,
            mname,
            rname,
            serial,
            refresh,
            retry,
            expire,
            minttl,
        } = fields;
        soa.ttl = ttl.unwrap_or(soa.ttl);
        soa.mname = mname.unwrap_or(soa.mname);
        soa.rname = rname.unwrap_or(soa.rname);
        soa.refresh = refresh.unwrap_or(soa.refresh);
        soa.retry = retry.unwrap_or(soa.retry);
        soa.expire = expire.unwrap_or(soa.expire);
        soa.minttl = minttl.unwrap_or(soa.minttl);
        changed |= soa != before;
        Ok(ZonePlan {
            replace: replaced,
            removed: removed.into_iter().collect(),
            added,
            soa,
            status,
            dnssec_auto,
            serial,
            bump: changed || inc_serial,
        })
    }

    /// Carries out a plan of [`Zone::plan`]; returns the new serial. The
    /// serial: SOASERIAL sets it; else any change or INCSERIAL=1 adds one.
    pub fn apply(&mut self, plan: ZonePlan, now: Timestamp, actor: &str) -> u32 {
        let ZonePlan {
            replace,
            removed,
            added,
            mut soa,
            status,
            dnssec_auto,
            serial,
            bump,
        } = plan;
        if let Some(fresh) = replace {
            self.records = fresh;
        }
        for (owner, kind, data) in &removed {
            self.records.remove(owner, *kind, data);
        }
        self.records.merge(added);
        soa.serial = match serial {
            Some(serial) => serial,
            None if bump => self.soa.serial.wrapping_add(1).max(1),
            None => self.soa.serial,
        };
        self.soa = soa;
        if let Some(status) = status {
            self.status = status;
        }
        if let Some(auto) = dnssec_auto {
            self.dnssec_auto = auto;
        }
        self.updated = now;
        self.updated_by = actor.to_owned();
        self.soa.serial
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::registry::zone::{parse_line, parse_pattern};

    fn line(text: &str) -> (String, Line) {
        (
            "ADDRR0".to_owned(),
            parse_line(Dialect::Cnr, "big.example", text).unwrap(),
        )
    }

    /// One add and one exact delete on a 10,000-record zone: checked, then
    /// applied record by record; the serial moves once; a refused plan
    /// leaves the zone as it was.
    #[test]
    fn small_changes_of_a_large_zone() {
        let mut zone = Zone::new(
            "big.example",
            "test.user",
            Timestamp(1_767_225_600),
            "test.user",
        );
        for n in 0..10_000u32 {
            zone.records.insert(Rr {
                owner: format!("h{n}.big.example"),
                ttl: 3600,
                kind: RrType::A,
                data: format!("10.0.{}.{}", n / 256, n % 256),
            });
        }
        let serial = zone.soa.serial;
        let change = ZoneChange {
            delete: vec![(
                "DELRR0".to_owned(),
                parse_pattern(Dialect::Cnr, "big.example", "h42 A 10.0.0.42").unwrap(),
            )],
            add: vec![line("h42 TXT moved"), line("new 60 A 192.0.2.1")],
            ..ZoneChange::default()
        };
        let plan = zone.plan(change).unwrap();
        assert_eq!(
            zone.apply(plan, Timestamp(1_767_225_700), "test.user"),
            serial + 1
        );
        assert_eq!(zone.records.len(), 10_001);
        assert!(
            !zone
                .records
                .contains("h42.big.example", RrType::A, "10.0.0.42")
        );
        assert_eq!(
            zone.records
                .rrset("new.big.example", RrType::A)
                .map(|s| s.ttl),
            Some(60)
        );
        let before = zone.clone();
        let refused = ZoneChange {
            add: vec![line("h7 CNAME elsewhere.example.")],
            ..ZoneChange::default()
        };
        assert_eq!(zone.plan(refused).unwrap_err().code(), 541);
        assert_eq!(zone, before);
    }
}
