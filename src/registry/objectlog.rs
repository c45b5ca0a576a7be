//! The object log (issue 12, design note §5.1): one entry per operation on a
//! domain, in the log of the account it concerns, read by QueryObjectLogList
//! and StatusObjectLog. Owns the entries, their own id counter (never the
//! system's handle sequence or its generator, so no fixture shifts), the
//! bounds (100 entries per object, 10,000 per account: past either the oldest
//! goes) and the two indexes that let a list walk one object's or one
//! account's entries without scanning the table. Knows no wire parameters:
//! `command/mod.rs` turns a handler's intents into entries, the clock's jobs
//! call `System::log_object` directly. How entries are stored and
//! indexed is `objectlog_store.rs`.
//!
//! Memory: an entry is kept in 40 bytes (date, object name, the account's
//! number, the operation, a short info's command by number, one box only when
//! someone other than the account acted or the full lines are kept),
//! densely by id (no key, no hash slot: an entry that goes early leaves an
//! empty slot until the older ones before it go, and past `SLACK` empty
//! slots more than kept ones the oldest kept entries move to a small side
//! table). An account's name is kept once. The object's name is the entry's
//! one heap allocation. Its index slots: 25 bytes in the object index
//! (whose one-entry lists stay inline) and 8 in the account's. At most
//! 10,000 entries per account. Ordinary operations keep
//! [`Info::Short`] and their OPERATIONINFO lines are rebuilt on read.

use std::sync::Arc;

use super::Timestamp;
use super::environment::PLATFORM_USER;

/// The first LOGINDEX of a system.
pub const FIRST_INDEX: u64 = 31_000_001;
/// Entries kept per object of one account.
pub const PER_OBJECT: usize = 100;
/// Entries kept per account.
pub const PER_ACCOUNT: usize = 10_000;
/// The success text OPERATIONINFO shows (protocol.md §3.2).
pub const SUCCESS: &str = "Command completed successfully";

/// OPERATIONTYPE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Op {
    Create,
    Update,
    Renew,
    Delete,
    Expire,
    Restore,
    Trade,
    Transfer,
    InboundTransfer,
    OutboundTransfer,
    UserTransfer,
    Push,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Create => "CREATE",
            Op::Update => "UPDATE",
            Op::Renew => "RENEW",
            Op::Delete => "DELETE",
            Op::Expire => "EXPIRE",
            Op::Restore => "RESTORE",
            Op::Trade => "TRADE",
            Op::Transfer => "TRANSFER",
            Op::InboundTransfer => "INBOUND_TRANSFER",
            Op::OutboundTransfer => "OUTBOUND_TRANSFER",
            Op::UserTransfer => "USERTRANSFER",
            Op::Push => "PUSH",
        }
    }
}

/// OPERATIONSTATUS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OpStatus {
    Successful,
    Failed,
    Final,
    Request,
    Cancelled,
    Denied,
}

impl OpStatus {
    pub fn name(self) -> &'static str {
        match self {
            OpStatus::Successful => "SUCCESSFUL",
            OpStatus::Failed => "FAILED",
            OpStatus::Final => "FINAL",
            OpStatus::Request => "REQUEST",
            OpStatus::Cancelled => "CANCELLED",
            OpStatus::Denied => "DENIED",
        }
    }
}

/// What OPERATIONINFO shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Info {
    /// An ordinary command that answered `200` (`pending`: with
    /// `; action pending`): rebuilt on read as its COMMAND and DOMAIN lines.
    Short {
        command: &'static str,
        pending: bool,
    },
    /// The lines as they are shown, joined by `\n`.
    Lines(Box<str>),
}

impl Info {
    /// The full lines: `[HEADER]` (when `header` names user and address),
    /// `[COMMAND]` with `command` (KEY=VALUE each), `EOF`, an empty line,
    /// `[RESPONSE]`, CODE, DESCRIPTION, `PENDING=1` when pending, an empty
    /// line and `EOF` last (nothing after it: WHMCS's greedy
    /// `\[COMMAND\]\r\n(.+)\r\nEOF\r\n` then stops at the command's EOF).
    pub fn lines<'a>(
        header: Option<(&str, &str)>,
        command: impl IntoIterator<Item = (&'a str, &'a str)>,
        code: u16,
        description: &str,
        pending: bool,
    ) -> Info {
        let mut text = String::new();
        if let Some((user, address)) = header {
            text.push_str(&format!("[HEADER]\nuser={user}\nremoteaddr={address}\n\n"));
        }
        text.push_str("[COMMAND]\n");
        for (key, value) in command {
            // One value per line: line breaks inside a value become spaces.
            let value = value.replace(['\r', '\n'], " ");
            text.push_str(&format!("{key}={value}\n"));
        }
        text.push_str(&format!(
            "EOF\n\n[RESPONSE]\nCODE={code}\nDESCRIPTION={}\n",
            description.replace(['\r', '\n'], " ")
        ));
        if pending {
            text.push_str("PENDING=1\n");
        }
        text.push_str("\nEOF");
        Info::Lines(text.into())
    }

    /// The OPERATIONINFO lines of an entry on `object`.
    pub fn render(&self, object: &str) -> Vec<String> {
        match self {
            Info::Lines(text) => split_lines(text),
            Info::Short { command, pending } => {
                let mut description = SUCCESS.to_owned();
                if *pending {
                    description.push_str("; action pending");
                }
                let command = [("COMMAND", *command), ("DOMAIN", object)];
                match Info::lines(None, command, 200, &description, *pending) {
                    Info::Lines(text) => split_lines(&text),
                    Info::Short { .. } => Vec::new(),
                }
            }
        }
    }
}

/// `text`'s lines.
fn split_lines(text: &str) -> Vec<String> {
    text.split('\n').map(str::to_owned).collect()
}

/// Who acted, when it is not the account itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Actor {
    pub user: Box<str>,
    pub role: Box<str>,
}

/// One entry (OBJECTCLASS is always `DOMAIN`: contacts and hosts are not logged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// LOGDATE: the sandbox time of the operation.
    pub date: Timestamp,
    /// Whose log it is in (one copy per account, shared by its entries).
    pub account: Arc<str>,
    /// OBJECTID (the ACE name).
    pub object: Box<str>,
    /// `None`: the account itself acted (LOGUSER = account, LOGROLEID empty).
    pub by: Option<Box<Actor>>,
    pub op: Op,
    pub status: OpStatus,
    pub info: Info,
}

impl LogEntry {
    /// An entry acted by the account itself, with a short info of `command`.
    pub fn new(date: Timestamp, account: &str, object: &str, op: Op, status: OpStatus) -> Self {
        LogEntry {
            date,
            account: account.into(),
            object: object.into(),
            by: None,
            op,
            status,
            info: Info::Short {
                command: "",
                pending: false,
            },
        }
    }

    /// An entry written by the clock (LOGUSER the platform user): `job`
    /// names what ran, `code` and `text` its outcome.
    pub fn job(
        date: Timestamp,
        account: &str,
        object: &str,
        (op, status): (Op, OpStatus),
        job: &str,
        code: u16,
        text: &str,
    ) -> Self {
        let command = [("JOB", job), ("DOMAIN", object)];
        LogEntry {
            info: Info::lines(None, command, code, text, false),
            ..LogEntry::new(date, account, object, op, status)
        }
        .by(PLATFORM_USER, "")
    }

    /// Acted by `user` (role `role`, or empty); the account itself keeps `None`.
    pub fn by(mut self, user: &str, role: &str) -> Self {
        self.by = (user != &*self.account || !role.is_empty()).then(|| {
            Box::new(Actor {
                user: user.into(),
                role: role.into(),
            })
        });
        self
    }

    /// LOGUSER (and REFERENCE).
    pub fn user(&self) -> &str {
        self.by.as_ref().map_or(&*self.account, |by| &*by.user)
    }

    /// LOGROLEID.
    pub fn role(&self) -> &str {
        self.by.as_ref().map_or("", |by| &by.role)
    }
}

#[path = "objectlog_store.rs"]
mod store;
pub use store::{Logged, ObjectLog};
#[cfg(test)]
use store::{SLACK, Stored, object_key};

#[cfg(test)]
#[path = "objectlog_tests.rs"]
mod tests;
