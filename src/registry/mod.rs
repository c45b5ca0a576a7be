//! All data and rules of the sandbox: two systems (LIVE and OT&E), each with its
//! own accounts and sessions. Plain data, no async, no locks, no clock reads, no
//! wire text: callers pass `now`, and random values come from a seeded generator
//! that is part of the state, so the same requests give the same state.

mod money;
mod session;
mod user;

pub use money::{Money, Percent};
pub use session::{MAX_SESSIONS, Session, SessionOptions};
pub use user::{Account, Login, PasswordHash, Principal, User};

use indexmap::IndexMap;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

use crate::error::{Error, Result};

/// A point in time: whole seconds since the Unix epoch, always passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// Seconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn seconds_since(self, earlier: Timestamp) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// The two systems served side by side, chosen by `s_entity` (protocol.md §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Live,
    Ote,
}

impl Entity {
    pub const ALL: [Entity; 2] = [Entity::Live, Entity::Ote];

    /// Reads `s_entity`; a missing value means LIVE, like the SDK default.
    pub fn from_wire(value: Option<&str>) -> Result<Entity> {
        match value {
            None | Some("54cd") => Ok(Entity::Live),
            Some("1234") => Ok(Entity::Ote),
            Some(other) => Err(Error::InvalidEntity(other.to_owned())),
        }
    }

    /// The `s_entity` value of this system.
    pub fn code(self) -> &'static str {
        match self {
            Entity::Live => "54cd",
            Entity::Ote => "1234",
        }
    }

    /// The name testers know the system by.
    pub fn label(self) -> &'static str {
        match self {
            Entity::Live => "LIVE",
            Entity::Ote => "OT&E",
        }
    }
}

/// The whole sandbox state: one [`System`] per entity.
#[derive(Debug)]
pub struct Registry {
    live: System,
    ote: System,
}

impl Registry {
    /// A fresh sandbox holding the demo data of product.md; `seed` drives every
    /// random value (session ids, password salts).
    pub fn new(seed: u64) -> Registry {
        Registry {
            live: System::new(Entity::Live, seed),
            ote: System::new(Entity::Ote, seed.wrapping_add(1)),
        }
    }

    pub fn system(&self, entity: Entity) -> &System {
        match entity {
            Entity::Live => &self.live,
            Entity::Ote => &self.ote,
        }
    }

    pub fn system_mut(&mut self, entity: Entity) -> &mut System {
        match entity {
            Entity::Live => &mut self.live,
            Entity::Ote => &mut self.ote,
        }
    }

    /// Forgets every session that has expired by `now`; returns how many.
    pub fn sweep_sessions(&mut self, now: Timestamp) -> usize {
        self.live.sweep_sessions(now) + self.ote.sweep_sessions(now)
    }
}

/// One system (LIVE or OT&E): its accounts, its sessions and its generator.
#[derive(Debug)]
pub struct System {
    entity: Entity,
    users: IndexMap<String, User>,
    sessions: IndexMap<String, Session>,
    rng: ChaCha20Rng,
}

/// The demo password of both demo accounts (product.md, "Built-in demo data").
pub const DEMO_PASSWORD: &str = "test.passw0rd";

impl System {
    fn new(entity: Entity, seed: u64) -> System {
        let mut system = System {
            entity,
            users: IndexMap::new(),
            sessions: IndexMap::new(),
            rng: ChaCha20Rng::seed_from_u64(seed),
        };
        for id in ["test.user", "test.user2"] {
            let password = PasswordHash::new(DEMO_PASSWORD, &mut system.rng);
            system.users.insert(id.to_owned(), User::demo(id, password));
        }
        system
    }

    pub fn entity(&self) -> Entity {
        self.entity
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.get(id)
    }

    /// Adds an account with the demo balance; the id must be new.
    pub fn add_user(&mut self, id: &str, password: &str) -> Result<()> {
        if self.users.contains_key(id) {
            return Err(Error::InvalidValue {
                name: "USER",
                detail: format!("{id} exists already"),
            });
        }
        let password = PasswordHash::new(password, &mut self.rng);
        self.users.insert(id.to_owned(), User::demo(id, password));
        Ok(())
    }

    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }
}
