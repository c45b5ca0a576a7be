//! [`Index`]: where each key of a large [`Params`](super::Params) is, by a
//! hash of the key. Owns only the table of positions; the keys stay in the
//! entries, which a lookup compares against.
//!
//! A slot is one word, the key's position and the high half of its hash, so
//! a table holds no copy of a key and a lookup compares texts only when the
//! hashes agree. The hash reads the key eight bytes at a time with a seed
//! drawn once per process (issue 7: `std`'s map over cloned keys, with foldhash
//! through `Hash for CompactString`, was a third of parsing a 25-name check).

use std::hash::BuildHasher;
use std::sync::OnceLock;

use super::Text;

/// The table of positions: open addressing, linear probing, at most half full.
#[derive(Clone)]
pub(super) struct Index {
    /// Empty (0), or the high half of a key's hash over its position plus one.
    slots: Box<[u64]>,
    /// Keys held.
    len: usize,
    seed: u64,
}

/// Where a key not held goes: its hash and the free slot its search ended at.
pub(super) struct Vacant {
    hash: u64,
    slot: usize,
}

/// The fewest slots a table has.
const FEWEST: usize = 16;

impl Index {
    /// A table for `entries` with room for `capacity` keys in all, or
    /// `None` when a position does not fit a slot (never, in a request).
    pub(super) fn new(entries: &[(Text, Text)], capacity: usize) -> Option<Index> {
        // One seed for the process, drawn at its first table.
        static SEED: OnceLock<u64> = OnceLock::new();
        let seed = *SEED.get_or_init(|| foldhash::fast::RandomState::default().hash_one(0));
        Index::with_seed(entries, capacity, seed)
    }

    fn with_seed(entries: &[(Text, Text)], capacity: usize, seed: u64) -> Option<Index> {
        let wanted = capacity.max(entries.len()).saturating_mul(2);
        let mut index = Index {
            slots: vec![0; wanted.next_power_of_two().max(FEWEST)].into_boxed_slice(),
            len: 0,
            seed,
        };
        for (at, (key, _)) in entries.iter().enumerate() {
            let hash = index.hash(key.as_bytes());
            index.put(hash, at)?;
        }
        Some(index)
    }

    /// The position of `key` among `entries`, or where [`Index::add`]
    /// records it. (Inlined: a call and its answer through memory were
    /// half its cost.)
    #[inline(always)]
    pub(super) fn find(&self, key: &[u8], entries: &[(Text, Text)]) -> Result<usize, Vacant> {
        let hash = self.hash(key);
        let mask = self.slots.len() - 1;
        let tag = hash >> 32;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots.get(at).copied().unwrap_or_default();
            if slot == 0 {
                return Err(Vacant { hash, slot: at });
            }
            if slot >> 32 == tag {
                let position = (slot as u32 as usize).wrapping_sub(1);
                if entries
                    .get(position)
                    .is_some_and(|(known, _)| known.as_bytes() == key)
                {
                    return Ok(position);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Records that the key [`Index::find`] did not find is at position
    /// `at`, the end of `entries`, in the slot it found free (or, when the
    /// table is half full, in a table twice as large); `None` when `at` does
    /// not fit a slot.
    #[inline(always)]
    pub(super) fn add(&mut self, place: Vacant, at: usize, entries: &[(Text, Text)]) -> Option<()> {
        if (self.len + 1) * 2 > self.slots.len() {
            return self.grow(place.hash, at, entries);
        }
        self.fill(place.slot, place.hash, at)
    }

    /// [`Index::add`] into a table twice as large.
    #[cold]
    fn grow(&mut self, hash: u64, at: usize, entries: &[(Text, Text)]) -> Option<()> {
        *self = Index::with_seed(entries, self.slots.len(), self.seed)?;
        self.put(hash, at)
    }

    /// Puts position `at` in the first free slot for `hash`.
    fn put(&mut self, hash: u64, at: usize) -> Option<()> {
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        while self.slots.get(slot).is_some_and(|taken| *taken != 0) {
            slot = (slot + 1) & mask;
        }
        self.fill(slot, hash, at)
    }

    /// Puts position `at`, of a key of `hash`, in the free `slot`.
    #[inline(always)]
    fn fill(&mut self, slot: usize, hash: u64, at: usize) -> Option<()> {
        let position = u32::try_from(at.checked_add(1)?).ok()?;
        *self.slots.get_mut(slot)? = (hash >> 32 << 32) | u64::from(position);
        self.len += 1;
        Some(())
    }

    /// The hash of `key`: up to 16 bytes (nearly every key) its first and
    /// last eight bytes (overlapping) folded in one product; longer, its
    /// eight-byte words folded in one by one, then mixed once more.
    #[inline(always)]
    fn hash(&self, key: &[u8]) -> u64 {
        let word = |at: usize| {
            key.get(at..at + 8)
                .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
                .map_or(0, u64::from_le_bytes)
        };
        let len = key.len() as u64;
        match key.len() {
            0..8 => fold(self.seed ^ short_word(key), MULTIPLIER ^ len),
            8..=16 => fold(self.seed ^ word(0), word(key.len() - 8) ^ MULTIPLIER ^ len),
            _ => {
                let mut hash = self.seed ^ len;
                let mut chunks = key.chunks_exact(8);
                for chunk in &mut chunks {
                    let chunk = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
                    hash = fold(hash ^ chunk, MULTIPLIER);
                }
                if !chunks.remainder().is_empty() {
                    hash = fold(hash ^ word(key.len() - 8), MULTIPLIER);
                }
                fold(hash, FINAL)
            }
        }
    }
}

/// A key of up to seven bytes as one word: from four bytes as two
/// overlapping halves (its length, hashed beside, tells them apart), else
/// byte by byte.
#[inline(always)]
fn short_word(key: &[u8]) -> u64 {
    match key.len().checked_sub(4) {
        Some(last) => {
            let half = |at: usize| {
                key.get(at..at + 4)
                    .and_then(|half| <[u8; 4]>::try_from(half).ok())
                    .map_or(0, u32::from_le_bytes)
            };
            u64::from(half(0)) | (u64::from(half(last)) << 32)
        }
        None => key
            .iter()
            .fold(0, |word, &byte| (word << 8) | u64::from(byte)),
    }
}

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
const FINAL: u64 = 0xd6e8_feb8_6659_fd93;

/// The two halves of `a × b` xored: every bit of the product mixes into the
/// low half, which picks the slot.
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}
