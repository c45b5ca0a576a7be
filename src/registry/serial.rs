//! The serde helpers of the snapshot format (issue 15, `snapshot.rs`): hash
//! maps written sorted by key (their iteration order is the hasher's, so
//! the same state always gives the same bytes), `IndexMap`s as their
//! ordered pairs, `&'static str` names read back through a small interner,
//! shared `Arc<str>` names, and the money types as `rust_decimal`'s 16
//! bytes. Owns no state table and no rule; the types carry their own
//! derives and point here with `#[serde(with = ...)]`.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash};
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{AccountName, Money, Percent};

/// A hash map as its pairs sorted by key.
pub(crate) mod sorted {
    use super::*;

    pub(crate) fn serialize<K, V, H, S>(
        map: &HashMap<K, V, H>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>
    where
        K: Serialize + Ord,
        V: Serialize,
        S: Serializer,
    {
        let mut pairs: Vec<(&K, &V)> = map.iter().collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
        serializer.collect_seq(pairs)
    }

    pub(crate) fn deserialize<'de, K, V, H, D>(
        deserializer: D,
    ) -> Result<HashMap<K, V, H>, D::Error>
    where
        K: Deserialize<'de> + Eq + Hash,
        V: Deserialize<'de>,
        H: BuildHasher + Default,
        D: Deserializer<'de>,
    {
        let pairs = Vec::<(K, V)>::deserialize(deserializer)?;
        let mut map = HashMap::with_capacity_and_hasher(pairs.len(), H::default());
        map.extend(pairs);
        Ok(map)
    }
}

/// An `IndexMap` as its pairs in order.
pub(crate) mod pairs {
    use super::*;

    pub(crate) fn serialize<K, V, H, S>(
        map: &indexmap::IndexMap<K, V, H>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>
    where
        K: Serialize,
        V: Serialize,
        S: Serializer,
    {
        serializer.collect_seq(map.iter())
    }

    pub(crate) fn deserialize<'de, K, V, H, D>(
        deserializer: D,
    ) -> Result<indexmap::IndexMap<K, V, H>, D::Error>
    where
        K: Deserialize<'de> + Eq + Hash,
        V: Deserialize<'de>,
        H: BuildHasher + Default,
        D: Deserializer<'de>,
    {
        let pairs = Vec::<(K, V)>::deserialize(deserializer)?;
        let mut map = indexmap::IndexMap::with_capacity_and_hasher(pairs.len(), H::default());
        map.extend(pairs);
        Ok(map)
    }
}

/// The most distinct names [`intern`] keeps for a process (currencies,
/// command names, event classes: a few hundred at most in practice).
const MAX_INTERNED: usize = 4096;

/// The `&'static str` of `text`: one leaked copy per distinct name and
/// process, so a restore never leaks twice; `None` past [`MAX_INTERNED`].
pub(crate) fn intern(text: &str) -> Option<&'static str> {
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut names = NAMES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(name) = names.get(text) {
        return Some(name);
    }
    if names.len() >= MAX_INTERNED {
        return None;
    }
    let name: &'static str = Box::leak(text.to_owned().into_boxed_str());
    names.insert(name);
    Some(name)
}

fn interned<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let text = String::deserialize(deserializer)?;
    intern(&text).ok_or_else(|| D::Error::custom("too many distinct names"))
}

/// A `&'static str` name as fields declare it, so that serde's derive does
/// not take it for a borrow of the input.
pub(crate) type Static = &'static str;

/// A `&'static str` name (a currency, a command, an event class).
pub(crate) mod name {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        name: &&'static str,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(name)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<&'static str, D::Error> {
        super::interned(deserializer)
    }
}

/// A list of `&'static str` names.
pub(crate) mod names {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        names: &[&'static str],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(names)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<&'static str>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|text| intern(text).ok_or_else(|| D::Error::custom("too many distinct names")))
            .collect()
    }
}

/// A list of pairs whose first half is a shared `Arc<str>` name.
pub(crate) mod arc_pairs {
    use super::*;

    pub(crate) fn serialize<V: Serialize, S: Serializer>(
        pairs: &[(Arc<str>, V)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(pairs.iter().map(|(name, value)| (&**name, value)))
    }

    pub(crate) fn deserialize<'de, V: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(Arc<str>, V)>, D::Error> {
        let pairs = Vec::<(String, V)>::deserialize(deserializer)?;
        Ok(pairs
            .into_iter()
            .map(|(name, value)| (Arc::from(name), value))
            .collect())
    }
}

/// Subnets (`ipnet` without its serde feature) as address and prefix.
pub(crate) mod nets {
    use super::*;
    use ipnet::IpNet;
    use std::net::IpAddr;

    pub(crate) fn serialize<S: Serializer>(
        nets: &[IpNet],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(nets.iter().map(|net| (net.addr(), net.prefix_len())))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<IpNet>, D::Error> {
        Vec::<(IpAddr, u8)>::deserialize(deserializer)?
            .into_iter()
            .map(|(addr, prefix)| IpNet::new(addr, prefix).map_err(D::Error::custom))
            .collect()
    }
}

impl Serialize for AccountName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for AccountName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AccountName, D::Error> {
        let name = <&str>::deserialize(deserializer)?;
        Ok(AccountName::from(name))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        <[u8; 16]>::deserialize(deserializer).map(|bytes| Money(Decimal::deserialize(bytes)))
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Percent, D::Error> {
        <[u8; 16]>::deserialize(deserializer).map(|bytes| Percent(Decimal::deserialize(bytes)))
    }
}
