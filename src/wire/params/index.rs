//! [`Index`]: where each key of a large [`Params`](super::Params) is, by a
//! hash of the key. Owns only the table of positions (hashbrown's
//! `HashTable`); the keys stay in the entries, which a lookup compares
//! against, so the table holds no copy of a key (issue 7: `std`'s map over
//! cloned keys, hashed through `Hash for CompactString`, was a third of
//! parsing a 25-name check).

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

use super::Text;

/// The table of positions.
#[derive(Clone)]
pub(super) struct Index {
    table: HashTable<u32>,
    hasher: FixedState,
}

/// Where a key not held goes: its hash, for [`Index::add`].
pub(super) struct Vacant {
    hash: u64,
}

impl Index {
    /// A table for `entries` with room for `capacity` keys in all, or
    /// `None` when a position does not fit (never, in a request).
    pub(super) fn new(entries: &[(Text, Text)], capacity: usize) -> Option<Index> {
        // One seed for the process, drawn at its first table.
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| foldhash::fast::RandomState::default().hash_one(0));
        let mut index = Index {
            table: HashTable::with_capacity(capacity.max(entries.len())),
            hasher: FixedState::with_seed(seed),
        };
        for (at, (key, _)) in entries.iter().enumerate() {
            let place = Vacant {
                hash: index.hash(key.as_bytes()),
            };
            index.add(place, at, entries)?;
        }
        Some(index)
    }

    /// The position of `key` among `entries`, or where [`Index::add`]
    /// records it.
    #[inline(always)]
    pub(super) fn find(&self, key: &[u8], entries: &[(Text, Text)]) -> Result<usize, Vacant> {
        let hash = self.hash(key);
        let same = |at: &u32| {
            entries
                .get(*at as usize)
                .is_some_and(|(known, _)| known.as_bytes() == key)
        };
        match self.table.find(hash, same) {
            Some(at) => Ok(*at as usize),
            None => Err(Vacant { hash }),
        }
    }

    /// Records that the key [`Index::find`] did not find is at position
    /// `at`, the end of `entries`; `None` when `at` does not fit.
    #[inline(always)]
    pub(super) fn add(&mut self, place: Vacant, at: usize, entries: &[(Text, Text)]) -> Option<()> {
        let at = u32::try_from(at).ok()?;
        let Index { table, hasher } = self;
        let rehash = |known: &u32| {
            let key = entries.get(*known as usize).map(|(key, _)| key.as_bytes());
            hasher.hash_one(key.unwrap_or_default())
        };
        table.insert_unique(place.hash, at, rehash);
        Some(())
    }

    #[inline(always)]
    fn hash(&self, key: &[u8]) -> u64 {
        self.hasher.hash_one(key)
    }
}
