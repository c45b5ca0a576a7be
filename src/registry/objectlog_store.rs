//! The object log's storage (split from `objectlog.rs`, which owns the
//! entry's writer-side form and the wire names): how entries are kept
//! densely by LOGINDEX, the bounds applied on each write, the object and
//! account indexes, and the [`Logged`] view readers get. Writes nothing but
//! the log. The `impl System` block the registry calls it through is its
//! child module, `objectlog_system.rs`.

use std::collections::VecDeque;
use std::sync::Arc;

use super::{
    Actor, FIRST_INDEX, Info, LogEntry, Op, OpStatus, PER_ACCOUNT, PER_OBJECT, split_lines,
};
use crate::registry::{HashMap, Timestamp};

/// An entry as the log keeps it: [`LogEntry`] is what writers hand in,
/// [`Logged`] what readers get. The account is its number in the log, the
/// actor and full lines (rare) share one box.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Stored {
    date: Timestamp,
    object: Box<str>,
    extra: Option<Box<Extra>>,
    account: u32,
    /// [`Info::Short`]'s command, as its number in the log's table of
    /// commands, and [`PENDING`] (unused when `extra` holds the lines).
    command: u16,
    op: Op,
    status: OpStatus,
}

/// The bit of [`Stored::command`] that says `pending`.
const PENDING: u16 = 0x8000;

/// What few entries have: another actor, the full OPERATIONINFO lines.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Extra {
    by: Option<Box<Actor>>,
    lines: Option<Box<str>>,
}

impl Stored {
    /// `command` is the number of a short info's command (`None`: there
    /// is none, or the table is full and the lines are kept instead).
    fn new(entry: LogEntry, account: u32, command: Option<u16>) -> Stored {
        let (command, lines) = match (entry.info, command) {
            (Info::Short { pending, .. }, Some(number)) => {
                (number | if pending { PENDING } else { 0 }, None)
            }
            (Info::Lines(text), _) => (0, Some(text)),
            (short @ Info::Short { .. }, None) => {
                (0, Some(short.render(&entry.object).join("\n").into()))
            }
        };
        let by = entry.by;
        let extra = (by.is_some() || lines.is_some()).then(|| Box::new(Extra { by, lines }));
        Stored {
            date: entry.date,
            object: entry.object,
            extra,
            account,
            command,
            op: entry.op,
            status: entry.status,
        }
    }
}

/// A kept entry as readers see it.
#[derive(Debug, Clone, Copy)]
pub struct Logged<'a> {
    /// LOGDATE.
    pub date: Timestamp,
    /// Whose log it is in.
    pub account: &'a str,
    /// OBJECTID.
    pub object: &'a str,
    pub op: Op,
    pub status: OpStatus,
    command: &'static str,
    stored: &'a Stored,
}

impl<'a> Logged<'a> {
    fn by(&self) -> Option<&'a Actor> {
        self.stored
            .extra
            .as_ref()
            .and_then(|extra| extra.by.as_deref())
    }

    /// LOGUSER (and REFERENCE).
    pub fn user(&self) -> &'a str {
        self.by().map_or(self.account, |by| &by.user)
    }

    /// LOGROLEID.
    pub fn role(&self) -> &'a str {
        self.by().map_or("", |by| &by.role)
    }

    /// The command of a short info (`None` when the full lines are kept).
    pub fn short_command(&self) -> Option<&'static str> {
        let lines = self
            .stored
            .extra
            .as_ref()
            .and_then(|extra| extra.lines.as_ref());
        lines.is_none().then_some(self.command)
    }

    /// The OPERATIONINFO lines.
    pub fn lines(&self) -> Vec<String> {
        match self
            .stored
            .extra
            .as_ref()
            .and_then(|extra| extra.lines.as_ref())
        {
            Some(text) => split_lines(text),
            None => Info::Short {
                command: self.command,
                pending: self.stored.command & PENDING != 0,
            }
            .render(self.object),
        }
    }
}

/// A system's object log and its indexes.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ObjectLog {
    pub(super) last: u64,
    /// The entries from id `first` on, densely by `id - first` (`None`: an
    /// entry that was dropped while an older one is still kept).
    pub(super) entries: VecDeque<Option<Stored>>,
    /// The id of `entries`' front.
    pub(super) first: u64,
    /// How many of `entries` are kept (not `None`).
    pub(super) live: usize,
    /// Old entries moved out of `entries` so that its dropped slots can go
    /// (an account logging rarely must not pin every id after its entry).
    #[serde(with = "crate::registry::serial::sorted")]
    pub(super) stragglers: HashMap<u64, Stored>,
    /// Ids per (account, object), oldest first, keyed by a 64-bit hash of
    /// the pair: no name is stored twice, and readers check the entry's
    /// names (a collision only shares one list of at most 100).
    #[serde(with = "crate::registry::serial::sorted")]
    pub(super) by_object: HashMap<u64, Ids>,
    /// Account numbers by name.
    #[serde(skip)]
    pub(super) account_ids: HashMap<Arc<str>, u32>,
    /// Entries written while a command holds them (`System::holding_log`),
    /// in order, for the command to write after its own.
    #[serde(skip)]
    pub(super) held: Option<Vec<LogEntry>>,
    /// Per account number: its name and its ids, oldest first.
    #[serde(with = "crate::registry::serial::arc_pairs")]
    pub(super) accounts: Vec<(Arc<str>, VecDeque<u64>)>,
    /// The commands of short infos, by number (a few dozen names).
    #[serde(with = "crate::registry::serial::names")]
    pub(super) commands: Vec<&'static str>,
    #[serde(skip)]
    pub(super) command_ids: HashMap<&'static str, u16>,
}

/// Dropped slots `entries` may hold beyond as many as it keeps, before the
/// oldest kept ones move to `stragglers`.
pub(super) const SLACK: usize = 1_024;

/// The ids of one object: most objects have one entry (the bench's
/// registrations), kept inline without a buffer of its own.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) enum Ids {
    One(u64),
    // Boxed on purpose: 16 bytes per index slot instead of 32 (a list of
    // more than one is the rare case).
    #[allow(clippy::box_collection)]
    Many(Box<VecDeque<u64>>),
}

impl Ids {
    /// Appends `id`; returns the oldest id when the list passes [`PER_OBJECT`].
    fn push(&mut self, id: u64) -> Option<u64> {
        match self {
            Ids::One(first) => {
                *self = Ids::Many(Box::new(VecDeque::from([*first, id])));
                None
            }
            Ids::Many(ids) => {
                ids.push_back(id);
                (ids.len() > PER_OBJECT).then(|| ids.pop_front()).flatten()
            }
        }
    }

    /// Drops `id` if it is the oldest; true when nothing is left.
    fn drop_oldest(&mut self, id: u64) -> bool {
        match self {
            Ids::One(first) => *first == id,
            Ids::Many(ids) => {
                if ids.front() == Some(&id) {
                    ids.pop_front();
                }
                ids.is_empty()
            }
        }
    }

    /// Drops `id` wherever it is; true when nothing is left.
    fn forget(&mut self, id: u64) -> bool {
        match self {
            Ids::One(first) => *first == id,
            Ids::Many(ids) => {
                ids.retain(|&kept| kept != id);
                ids.is_empty()
            }
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = &u64> + '_> {
        match self {
            Ids::One(id) => Box::new(std::iter::once(id)),
            Ids::Many(ids) => Box::new(ids.iter()),
        }
    }
}

pub(super) fn object_key(account: &str, object: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x0b1e_c710_9000_0001).hash_one((account, object))
}

impl ObjectLog {
    fn push(&mut self, entry: LogEntry) -> u64 {
        self.last = self.last.max(FIRST_INDEX - 1) + 1;
        let id = self.last;
        let key = object_key(&entry.account, &entry.object);
        let evicted = match self.by_object.get_mut(&key) {
            Some(ids) => ids.push(id),
            None => {
                self.by_object.insert(key, Ids::One(id));
                None
            }
        };
        let account = match self.account_ids.get(&*entry.account) {
            Some(number) => *number,
            None => {
                let number = u32::try_from(self.accounts.len()).unwrap_or(u32::MAX);
                self.accounts
                    .push((Arc::clone(&entry.account), VecDeque::new()));
                self.account_ids.insert(Arc::clone(&entry.account), number);
                number
            }
        };
        let ids = self.accounts.get_mut(account as usize).map(|(_, ids)| ids);
        let oldest = ids.and_then(|ids| {
            ids.push_back(id);
            (ids.len() > PER_ACCOUNT).then(|| ids.pop_front()).flatten()
        });
        if self.entries.is_empty() {
            self.first = id;
        }
        let command = match entry.info {
            Info::Short { command, .. } => self.command_number(command),
            Info::Lines(_) => None,
        };
        self.entries
            .push_back(Some(Stored::new(entry, account, command)));
        self.live += 1;
        if let Some(old) = evicted {
            self.remove(old);
        }
        if let Some(old) = oldest
            && let Some(gone) = self.remove(old)
        {
            // The account's oldest is its object's oldest too.
            let key = object_key(self.name(gone.account), &gone.object);
            if self
                .by_object
                .get_mut(&key)
                .is_some_and(|ids| ids.drop_oldest(old))
            {
                self.by_object.remove(&key);
            }
        }
        id
    }

    /// Rebuilds the name tables a snapshot leaves out from the lists
    /// they index (`snapshot.rs`).
    pub(crate) fn rebuild_numbers(&mut self) {
        self.account_ids = (self.accounts.iter().enumerate())
            .map(|(number, (name, _))| (Arc::clone(name), number as u32))
            .collect();
        self.command_ids = (self.commands.iter().enumerate())
            .map(|(number, name)| (*name, number as u16))
            .collect();
    }

    /// The number of `command` in the table of commands (`None` when full).
    fn command_number(&mut self, command: &'static str) -> Option<u16> {
        if let Some(number) = self.command_ids.get(command) {
            return Some(*number);
        }
        let number = u16::try_from(self.commands.len())
            .ok()
            .filter(|number| *number < PENDING)?;
        self.commands.push(command);
        self.command_ids.insert(command, number);
        Some(number)
    }

    fn name(&self, account: u32) -> &str {
        self.accounts
            .get(account as usize)
            .map_or("", |(name, _)| name)
    }

    fn view<'a>(&'a self, stored: &'a Stored) -> Logged<'a> {
        Logged {
            date: stored.date,
            account: self.name(stored.account),
            object: &stored.object,
            op: stored.op,
            status: stored.status,
            command: self
                .commands
                .get(usize::from(stored.command & !PENDING))
                .copied()
                .unwrap_or(""),
            stored,
        }
    }

    fn get(&self, id: u64) -> Option<&Stored> {
        if id < self.first {
            return self.stragglers.get(&id);
        }
        let slot = usize::try_from(id - self.first).ok()?;
        self.entries.get(slot)?.as_ref()
    }

    /// Takes the entry `id` out, leaving a dropped slot, then lets the
    /// dropped slots at the front go.
    fn remove(&mut self, id: u64) -> Option<Stored> {
        let gone = match id.checked_sub(self.first) {
            None => self.stragglers.remove(&id),
            Some(slot) => {
                let slot = usize::try_from(slot).ok();
                let gone = slot
                    .and_then(|slot| self.entries.get_mut(slot))
                    .and_then(Option::take);
                if gone.is_some() {
                    self.live -= 1;
                }
                gone
            }
        };
        // Too many dropped slots behind an old entry: it moves aside.
        while self.entries.len() > 2 * self.live + SLACK {
            if let Some(Some(kept)) = self.entries.pop_front() {
                self.live -= 1;
                self.stragglers.insert(self.first, kept);
            }
            self.first += 1;
        }
        while let Some(None) = self.entries.front() {
            self.entries.pop_front();
            self.first += 1;
        }
        gone
    }
}

#[path = "objectlog_system.rs"]
mod system;
