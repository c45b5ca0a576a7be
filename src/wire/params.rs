//! [`Params`]: a request's parameters, upper-case keys in request order,
//! looked up by name. Owns only this map; what a key means is the commands'.
//!
//! Nearly every request has a handful of parameters (a sessionless
//! StatusAccount one, `COMMAND`; a one-name check two), and each is looked
//! up a few times (dispatch, the ACL, `Args`, the log line), so a small map is
//! a list scanned by comparing texts: no table to allocate, no key hashed on
//! insert or lookup (issue 14: the map's allocation and hashing were a tenth
//! of parsing). Past [`SCAN`] entries (a zone of RRs, a 25-name check), or
//! once room for more is reserved, a table of positions by hash
//! (`params/index.rs`) keeps every lookup one hash, whatever the size. The
//! first [`INLINE`] entries are held in place, so a usual request's
//! parameters cost no allocation (and no free at its drop).

use self::index::Index;
use super::Text;

use arrayvec::ArrayVec;

/// Entries up to which a lookup scans the list instead of hashing the key.
const SCAN: usize = 8;

/// Entries held in place: a usual request's parameters (`COMMAND` and a
/// few more) without an allocation (issue 14: its allocation and free were
/// about 150 instructions a request).
const INLINE: usize = 4;

/// A request's parameters: keys unique, in the order first inserted (a
/// later value for a key replaces the earlier one in its place).
#[derive(Default, Clone)]
pub struct Params {
    entries: Entries,
    /// Each key's position, once there are more than [`SCAN`] entries (or
    /// room for them was reserved).
    index: Option<Index>,
}

/// The entries: in place up to [`INLINE`], then all in a `Vec`.
#[derive(Clone)]
enum Entries {
    Inline(ArrayVec<(Text, Text), INLINE>),
    Heap(Vec<(Text, Text)>),
}

impl Default for Entries {
    fn default() -> Entries {
        Entries::Inline(ArrayVec::new())
    }
}

impl Entries {
    fn as_slice(&self) -> &[(Text, Text)] {
        match self {
            Entries::Inline(entries) => entries,
            Entries::Heap(entries) => entries,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [(Text, Text)] {
        match self {
            Entries::Inline(entries) => entries,
            Entries::Heap(entries) => entries,
        }
    }

    /// Room for `additional` more entries: past [`INLINE`], in a `Vec`.
    fn reserve(&mut self, additional: usize) {
        match self {
            Entries::Inline(inline) if inline.len() + additional > INLINE => {
                *self = Entries::Heap(spill(inline, additional));
            }
            Entries::Inline(_) => {}
            Entries::Heap(heap) => heap.reserve(additional),
        }
    }

    #[inline(always)]
    fn push(&mut self, entry: (Text, Text)) {
        match self {
            Entries::Inline(inline) => {
                if let Err(full) = inline.try_push(entry) {
                    self.spill_and_push(full.element());
                }
            }
            Entries::Heap(heap) => heap.push(entry),
        }
    }

    /// [`Entries::push`] past the entries held in place (once a request).
    #[inline(never)]
    fn spill_and_push(&mut self, entry: (Text, Text)) {
        if let Entries::Inline(inline) = self {
            let mut heap = spill(inline, INLINE);
            heap.push(entry);
            *self = Entries::Heap(heap);
        }
    }
}

/// The entries held in place moved to a `Vec` with room for `additional` more.
fn spill(inline: &mut ArrayVec<(Text, Text), INLINE>, additional: usize) -> Vec<(Text, Text)> {
    let mut heap = Vec::with_capacity(inline.len() + additional);
    heap.extend(inline.drain(..));
    heap
}

impl Params {
    pub fn new() -> Params {
        Params::default()
    }

    pub fn len(&self) -> usize {
        self.entries.as_slice().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.as_slice().is_empty()
    }

    /// Room for `additional` more entries (a parser that knows roughly how
    /// many come): past [`SCAN`] in all, the table of positions too, so that
    /// neither grows entry by entry.
    pub fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
        let wanted = self.len().saturating_add(additional);
        if self.index.is_none() && wanted > SCAN {
            self.index = Index::new(self.entries.as_slice(), wanted);
        }
    }

    /// The position of `key`, if present.
    pub fn get_index_of(&self, key: &str) -> Option<usize> {
        self.position(key)
    }

    /// [`Params::get_index_of`], inlined into [`Params::insert`] (itself
    /// inlined where it pays): an insert costs no lookup call (issue 14).
    #[inline(always)]
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.find(key.as_bytes(), self.entries.as_slice()).ok(),
            None => self
                .entries
                .as_slice()
                .iter()
                .position(|(k, _)| k.as_str() == key),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Text> {
        self.get_full(key).map(|(_, _, value)| value)
    }

    /// The position, key and value of `key`, if present.
    pub fn get_full(&self, key: &str) -> Option<(usize, &Text, &Text)> {
        let at = self.get_index_of(key)?;
        let (key, value) = &self.entries.as_slice()[at];
        Some((at, key, value))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get_index_of(key).is_some()
    }

    /// Sets `key` to `value`: in its place when present (returning the
    /// value it had), else at the end.
    #[inline]
    pub fn insert(&mut self, key: Text, value: Text) -> Option<Text> {
        self.insert_inline(key, value)
    }

    /// [`Params::insert`] inlined, for the loop that reads an escaped
    /// `s_command`'s lines (once per parameter: a call, and the key and
    /// value passed through memory, were a fifth of an insert).
    #[inline(always)]
    pub(super) fn insert_inline(&mut self, key: Text, value: Text) -> Option<Text> {
        let at = self.len();
        let found = match &self.index {
            // Past [`SCAN`] entries: one hash of the key finds it or where
            // it goes.
            Some(index) => index.find(key.as_bytes(), self.entries.as_slice()),
            None => match self.position(&key) {
                Some(found) => Ok(found),
                None if at < SCAN => {
                    self.entries.push((key, value));
                    return None;
                }
                None => {
                    // Sized for a large request (a 25-name check's 27
                    // parameters) without growing.
                    self.reserve(4 * SCAN - at);
                    match &self.index {
                        Some(index) => index.find(key.as_bytes(), self.entries.as_slice()),
                        None => {
                            self.entries.push((key, value));
                            return None;
                        }
                    }
                }
            },
        };
        match found {
            Ok(found) => Some(std::mem::replace(
                &mut self.entries.as_mut_slice()[found].1,
                value,
            )),
            Err(place) => {
                if let Some(index) = &mut self.index
                    && index.add(place, at, self.entries.as_slice()).is_none()
                {
                    // A position past a slot's (never in a request): scanned.
                    self.index = None;
                }
                self.entries.push((key, value));
                None
            }
        }
    }

    /// The entry at position `at`, if there is one.
    pub fn get_index(&self, at: usize) -> Option<(&Text, &Text)> {
        self.entries
            .as_slice()
            .get(at)
            .map(|(key, value)| (key, value))
    }

    /// The entries in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.as_slice().iter())
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &Text> + '_ {
        self.entries.as_slice().iter().map(|(key, _)| key)
    }
}

/// Equal when they map the same keys to the same values, whatever the
/// order (as maps compare).
impl PartialEq for Params {
    fn eq(&self, other: &Params) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(key, value)| other.get(key) == Some(value))
    }
}

impl Eq for Params {}

impl FromIterator<(Text, Text)> for Params {
    fn from_iter<I: IntoIterator<Item = (Text, Text)>>(pairs: I) -> Params {
        let mut params = Params::new();
        for (key, value) in pairs {
            params.insert(key, value);
        }
        params
    }
}

/// The entries of [`Params`] in order, as `(key, value)` pairs.
#[derive(Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, (Text, Text)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Text, &'a Text);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(key, value)| (key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Params {
    type Item = (&'a Text, &'a Text);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

mod index;

#[cfg(test)]
mod tests;
