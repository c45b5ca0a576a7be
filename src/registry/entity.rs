//! The two systems a request can address (`Entity`, chosen by `s_entity`)
//! and the `Timestamp` every rule is given. Plain values: no state, no clock.

use crate::error::{Error, Result};

/// A point in time: whole seconds since the Unix epoch, always passed in.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// Seconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn seconds_since(self, earlier: Timestamp) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// The repository object id the CentralNic Reseller platform shows for an
/// object (`roid`, cnr-commands.md 0.1: `<digits>_DOMAIN-KEYSYS`,
/// `<digits>_CONTACT-KEYSYS`): otebox keeps none, so the digits are a hash
/// (FNV-1a) of the object's name and creation second, the same at every
/// asking and new when the name is created again.
pub fn roid(name: &str, created: Timestamp, class: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes().chain(created.0.to_le_bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{}_{class}-KEYSYS", hash % 10_000_000_000)
}

/// The two systems served side by side, chosen by `s_entity` (protocol.md §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
