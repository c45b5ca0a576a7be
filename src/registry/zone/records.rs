//! [`Records`]: the ordered record set of one zone (SOA not inside). Owners
//! in DNS canonical order (labels compared from the right, the apex first,
//! a name's descendants right after it), then type rank, then canonical
//! data. Each owner+type is one RRset with one TTL. Adding, removing and
//! finding one record, an RRset, and "is there anything at or below this
//! name" are O(log n); counts are O(1); a page is O(first + limit).
//! Knows no zone, owner account or command.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::record::{Pattern, Rr, RrType};

/// An absolute name (lower case, no trailing dot) ordered the DNS way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Name(pub(super) String);

impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        let mut a = self.0.rsplit('.');
        let mut b = other.0.rsplit('.');
        loop {
            match (a.next(), b.next()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(x), Some(y)) => match x.cmp(y) {
                    Ordering::Equal => continue,
                    unequal => return unequal,
                },
            }
        }
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The records of one owner and type: one TTL, canonical data sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RrSet {
    pub ttl: u32,
    pub data: BTreeSet<String>,
}

/// A borrowed record, as iteration yields it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RrRef<'a> {
    pub owner: &'a str,
    pub ttl: u32,
    pub kind: RrType,
    pub data: &'a str,
}

impl RrRef<'_> {
    pub fn to_owned_rr(&self) -> Rr {
        Rr {
            owner: self.owner.to_owned(),
            ttl: self.ttl,
            kind: self.kind,
            data: self.data.to_owned(),
        }
    }
}

/// The records of one owner name, by type.
pub type Node = BTreeMap<RrType, RrSet>;

/// The record set of a zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Records {
    owners: BTreeMap<Name, Node>,
    len: usize,
    pseudo: usize,
}

impl Records {
    /// Every record (pseudo-records included).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The X-HTTP / X-SMTP records among them.
    pub fn pseudo_len(&self) -> usize {
        self.pseudo
    }

    /// The records of one owner, by type.
    pub fn node(&self, owner: &str) -> Option<&Node> {
        self.owners.get(&Name(owner.to_owned()))
    }

    /// The RRset of `owner` and `kind`.
    pub fn rrset(&self, owner: &str, kind: RrType) -> Option<&RrSet> {
        self.node(owner)?.get(&kind)
    }

    pub fn contains(&self, owner: &str, kind: RrType, data: &str) -> bool {
        self.rrset(owner, kind)
            .is_some_and(|set| set.data.contains(data))
    }

    /// Whether any record exists at `name` or below it (an empty
    /// non-terminal answers NODATA, not NXDOMAIN).
    pub fn exists_at_or_below(&self, name: &str) -> bool {
        let Some((next, _)) = self.owners.range(Name(name.to_owned())..).next() else {
            return false;
        };
        let found = &next.0;
        found == name
            || (found.len() > name.len()
                && found.ends_with(name)
                && found.as_bytes()[found.len() - name.len() - 1] == b'.')
    }

    /// Adds `rr`; its TTL becomes the TTL of its whole RRset (the newest
    /// TTL wins). Returns false (and changes only the TTL) if it was there.
    pub fn insert(&mut self, rr: Rr) -> bool {
        let set = self
            .owners
            .entry(Name(rr.owner))
            .or_default()
            .entry(rr.kind)
            .or_default();
        set.ttl = rr.ttl;
        let added = set.data.insert(rr.data);
        if added {
            self.len += 1;
            if rr.kind.is_pseudo() {
                self.pseudo += 1;
            }
        }
        added
    }

    /// Sets the TTL of an existing RRset.
    pub fn set_ttl(&mut self, owner: &str, kind: RrType, ttl: u32) {
        if let Some(set) = self
            .owners
            .get_mut(&Name(owner.to_owned()))
            .and_then(|node| node.get_mut(&kind))
        {
            set.ttl = ttl;
        }
    }

    /// Removes one exact record; empty RRsets and owners go with it.
    pub fn remove(&mut self, owner: &str, kind: RrType, data: &str) -> bool {
        let key = Name(owner.to_owned());
        let Some(node) = self.owners.get_mut(&key) else {
            return false;
        };
        let Some(set) = node.get_mut(&kind) else {
            return false;
        };
        if !set.data.remove(data) {
            return false;
        }
        if set.data.is_empty() {
            node.remove(&kind);
            if node.is_empty() {
                self.owners.remove(&key);
            }
        }
        self.len -= 1;
        if kind.is_pseudo() {
            self.pseudo -= 1;
        }
        true
    }

    /// Moves every record of `other` in; `other`'s RRset TTLs win.
    pub fn merge(&mut self, other: Records) {
        for (owner, node) in other.owners {
            for (kind, set) in node {
                for data in set.data {
                    self.insert(Rr {
                        owner: owner.0.clone(),
                        ttl: set.ttl,
                        kind,
                        data,
                    });
                }
            }
        }
    }

    /// A copy of the pseudo-records only (what a non-EXTENDED RR#
    /// replacement keeps).
    pub fn pseudo_only(&self) -> Records {
        let mut kept = Records::default();
        if self.pseudo == 0 {
            return kept;
        }
        for rr in self.iter().filter(|rr| rr.kind.is_pseudo()) {
            kept.insert(rr.to_owned_rr());
        }
        kept
    }

    /// Every record in listing order.
    pub fn iter(&self) -> impl Iterator<Item = RrRef<'_>> + '_ {
        self.owners
            .iter()
            .flat_map(|(owner, node)| records_of(&owner.0, node))
    }

    /// The records of one owner in listing order.
    pub fn at_owner<'a>(&'a self, owner: &'a str) -> impl Iterator<Item = RrRef<'a>> + 'a {
        self.owners
            .get_key_value(&Name(owner.to_owned()))
            .into_iter()
            .flat_map(|(owner, node)| records_of(&owner.0, node))
    }

    /// The records `pattern` matches (pseudo-records only when
    /// `extended`): one lookup for an exact record or an owner, a walk for `%`.
    pub fn matching<'a>(
        &'a self,
        pattern: &'a Pattern,
        extended: bool,
    ) -> Box<dyn Iterator<Item = RrRef<'a>> + 'a> {
        let visible = move |rr: &RrRef<'_>| extended || !rr.kind.is_pseudo();
        match &pattern.owner {
            Some(owner) => Box::new(
                self.at_owner(owner)
                    .filter(move |rr| visible(rr) && pattern.matches(rr.owner, rr.kind, rr.data)),
            ),
            None => Box::new(
                self.iter()
                    .filter(move |rr| visible(rr) && pattern.matches(rr.owner, rr.kind, rr.data)),
            ),
        }
    }
}

fn records_of<'a>(owner: &'a str, node: &'a Node) -> impl Iterator<Item = RrRef<'a>> + 'a {
    node.iter().flat_map(move |(kind, set)| {
        set.data.iter().map(move |data| RrRef {
            owner,
            ttl: set.ttl,
            kind: *kind,
            data,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rr(owner: &str, kind: RrType, data: &str) -> Rr {
        Rr {
            owner: owner.to_owned(),
            ttl: 3600,
            kind,
            data: data.to_owned(),
        }
    }

    #[test]
    fn canonical_owner_order() {
        let mut records = Records::default();
        for owner in [
            "b.example.com",
            "a-b.example.com",
            "example.com",
            "x.a.example.com",
            "a.example.com",
            "*.example.com",
        ] {
            records.insert(rr(owner, RrType::A, "192.0.2.1"));
        }
        let owners: Vec<&str> = records.iter().map(|r| r.owner).collect();
        assert_eq!(
            owners,
            [
                "example.com",
                "*.example.com",
                "a.example.com",
                "x.a.example.com",
                "a-b.example.com",
                "b.example.com"
            ]
        );
        assert!(records.exists_at_or_below("a.example.com"));
        assert!(records.exists_at_or_below("example.com"));
        assert!(!records.exists_at_or_below("c.example.com"));
        assert!(!records.exists_at_or_below("b.a.example.com"));
    }

    /// 10,000 records: listing order, O(1) counts, exact delete, RRset TTL.
    #[test]
    fn ten_thousand_records() {
        let mut records = Records::default();
        for n in (0..10_000u32).rev() {
            let owner = format!("host{n:05}.example.com");
            let ip = format!("10.{}.{}.{}", n >> 16, (n >> 8) & 255, n & 255);
            assert!(records.insert(rr(&owner, RrType::A, &ip)));
        }
        assert_eq!(records.len(), 10_000);
        assert!(!records.insert(rr("host00000.example.com", RrType::A, "10.0.0.0")));
        assert_eq!(records.len(), 10_000);
        let first: Vec<&str> = records.iter().take(3).map(|r| r.owner).collect();
        assert_eq!(
            first,
            [
                "host00000.example.com",
                "host00001.example.com",
                "host00002.example.com"
            ]
        );
        let owners: Vec<&str> = records.iter().map(|r| r.owner).collect();
        assert!(owners.windows(2).all(|w| w[0] < w[1]));
        assert!(records.remove("host05000.example.com", RrType::A, "10.0.19.136"));
        assert!(!records.remove("host05000.example.com", RrType::A, "10.0.19.136"));
        assert!(!records.remove("host05001.example.com", RrType::A, "10.9.9.9"));
        assert_eq!(records.len(), 9_999);
        assert!(records.node("host05000.example.com").is_none());
        assert!(records.contains("host05001.example.com", RrType::A, "10.0.19.137"));
        let mut ttl = rr("host05001.example.com", RrType::A, "10.1.1.1");
        ttl.ttl = 60;
        records.insert(ttl);
        assert_eq!(
            records
                .rrset("host05001.example.com", RrType::A)
                .map(|s| (s.ttl, s.data.len())),
            Some((60, 2))
        );
        let pattern = Pattern {
            owner: None,
            kind: Some(RrType::A),
            data: Some("10.1.1.1".to_owned()),
        };
        assert_eq!(records.matching(&pattern, false).count(), 1);
    }
}
