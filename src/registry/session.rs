//! API sessions (StartSession / EndSession): creation with a 64-character id
//! from the system's seeded generator, idle and absolute expiry against a
//! passed-in `now`, sweeping, and the count of open sessions per account
//! that the per-account cap reads (every insert and removal goes through
//! here and keeps it). No clock reads; no policy beyond expiry and the caps.

use rand_core::Rng;

use super::{HashMap, Principal, System, Timestamp};
use crate::error::{Error, Result};

/// Sessions one system holds at most; StartSession beyond it answers 521.
pub const MAX_SESSIONS: usize = 1_000_000;

const ID_LENGTH: usize = 64;
const ID_ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The StartSession parameters (protocol.md §5.3), already range-checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionOptions {
    pub kind: String,
    /// Seconds of inactivity after which the session expires (60..=3600).
    pub timeout: u64,
    /// Seconds after creation at which the session expires (60..=86400).
    pub max_ttl: u64,
}

impl Default for SessionOptions {
    fn default() -> SessionOptions {
        SessionOptions {
            kind: "API".to_owned(),
            timeout: 600,
            max_ttl: 86_400,
        }
    }
}

/// An open session: who it acts for, and when it expires.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub principal: Principal,
    pub options: SessionOptions,
    pub created: Timestamp,
    pub last_used: Timestamp,
}

impl Session {
    /// Why the session is no longer valid at `now`, or `None` while it is.
    fn expired(&self, now: Timestamp) -> Option<String> {
        let idle = now.seconds_since(self.last_used);
        let age = now.seconds_since(self.created);
        if idle >= self.options.timeout {
            Some(format!(
                "session expired: idle for {idle}s, TIMEOUT is {}s",
                self.options.timeout
            ))
        } else if age >= self.options.max_ttl {
            Some(format!(
                "session expired: {age}s old, MAXTTL is {}s",
                self.options.max_ttl
            ))
        } else {
            None
        }
    }
}

impl System {
    /// Opens a session for `principal` and returns its id: `521` when the
    /// system or the principal's account holds its cap of sessions (expired
    /// ones are swept first, at most once a second for the account cap).
    pub fn start_session(
        &mut self,
        principal: Principal,
        options: SessionOptions,
        now: Timestamp,
    ) -> Result<String> {
        if self.sessions.len() >= MAX_SESSIONS {
            self.sweep_sessions(now);
            if self.sessions.len() >= MAX_SESSIONS {
                return Err(Error::TooManySessions(format!(
                    "{} holds {MAX_SESSIONS} sessions, its limit: end some with EndSession",
                    self.entity.label()
                )));
            }
        }
        self.account_cap(&principal.account, now)?;
        let id = loop {
            let candidate = self.session_id();
            if !self.sessions.contains_key(&candidate) {
                break candidate;
            }
        };
        let session = Session {
            principal,
            options,
            created: now,
            last_used: now,
        };
        opened(&mut self.guard.sessions_open, &session.principal.account);
        self.sessions.insert(id.clone(), session);
        Ok(id)
    }

    /// Looks up a live session and marks it used at `now`. An unknown or
    /// expired session is a 530 whose detail says which; an expired one is removed.
    pub fn resume_session(&mut self, id: &str, now: Timestamp) -> Result<&Session> {
        let Some(index) = self.sessions.get_index_of(id) else {
            return Err(Error::AuthenticationFailed(format!(
                "session not found in {}: unknown, ended or expired",
                self.entity.label()
            )));
        };
        if let Some(why) = self.sessions[index].expired(now) {
            if let Some((_, session)) = self.sessions.swap_remove_index(index) {
                closed(&mut self.guard.sessions_open, &session.principal.account);
            }
            return Err(Error::AuthenticationFailed(why));
        }
        let session = &mut self.sessions[index];
        session.last_used = now;
        Ok(session)
    }

    /// Whether `id` names a session of this system, expired or not.
    pub fn knows_session(&self, id: &str) -> bool {
        self.sessions.contains_key(id)
    }

    /// Who the session `id` acts for, expired or not, without touching it
    /// (fault rules that name a login match session requests by it).
    pub fn session_principal(&self, id: &str) -> Option<&Principal> {
        self.sessions.get(id).map(|session| &session.principal)
    }

    /// Ends a session; `545` if there is none by that id.
    pub fn end_session(&mut self, id: &str) -> Result<()> {
        match self.sessions.swap_remove(id) {
            Some(session) => {
                closed(&mut self.guard.sessions_open, &session.principal.account);
                Ok(())
            }
            None => Err(Error::ObjectNotFound("SESSION".to_owned())),
        }
    }

    /// Ends every session `principal` opened (a role user re-created under
    /// the ROLEID of a deleted one must not inherit its sessions). One pass
    /// over the table, only while the principal's account holds sessions.
    pub fn end_sessions_of_principal(&mut self, principal: &Principal) {
        if self.open_sessions(&principal.account) == 0 {
            return;
        }
        let open = &mut self.guard.sessions_open;
        self.sessions.retain(|_, session| {
            let keep = session.principal != *principal;
            if !keep {
                closed(open, &session.principal.account);
            }
            keep
        });
    }

    /// Removes every session expired at `now`; returns how many.
    pub(super) fn sweep_sessions(&mut self, now: Timestamp) -> usize {
        let before = self.sessions.len();
        let open = &mut self.guard.sessions_open;
        self.sessions.retain(|_, session| {
            let keep = session.expired(now).is_none();
            if !keep {
                closed(open, &session.principal.account);
            }
            keep
        });
        before - self.sessions.len()
    }

    /// `521` when `account` holds `--max-sessions-per-account` open
    /// sessions, after sweeping expired ones (at most once a second).
    fn account_cap(&mut self, account: &str, now: Timestamp) -> Result<()> {
        let cap = self.guard.limits.max_sessions_per_account;
        if self.open_sessions(account) < cap {
            return Ok(());
        }
        if self.guard.cap_swept != Some(now) {
            self.guard.cap_swept = Some(now);
            self.sweep_sessions(now);
        }
        let open = self.open_sessions(account);
        if open < cap {
            return Ok(());
        }
        Err(Error::TooManySessions(format!(
            "{account} has {open} open sessions, the cap per account \
             (--max-sessions-per-account): end some with EndSession or let them expire \
             (TIMEOUT, default 600 s)"
        )))
    }

    /// 64 characters `[A-Za-z0-9]`, unbiased (rejection sampling).
    fn session_id(&mut self) -> String {
        let mut id = String::with_capacity(ID_LENGTH);
        while id.len() < ID_LENGTH {
            for byte in self.rng.next_u64().to_le_bytes() {
                // 248 = 4 * 62: bytes at or above it would favour the first letters.
                if byte < 248 && id.len() < ID_LENGTH {
                    id.push(ID_ALPHABET[usize::from(byte) % 62] as char);
                }
            }
        }
        id
    }
}

fn opened(open: &mut HashMap<String, u32>, account: &str) {
    match open.get_mut(account) {
        Some(count) => *count += 1,
        None => {
            open.insert(account.to_owned(), 1);
        }
    }
}

fn closed(open: &mut HashMap<String, u32>, account: &str) {
    if let Some(count) = open.get_mut(account) {
        *count = count.saturating_sub(1);
        if *count == 0 {
            open.remove(account);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{Entity, Registry};

    fn principal() -> Principal {
        Principal {
            account: "test.user".into(),
            role: None,
        }
    }

    #[test]
    fn ids_are_64_alphanumerics_and_deterministic_per_seed() {
        let ids = |seed| {
            let mut registry = Registry::new(seed);
            let system = registry.system_mut(Entity::Ote);
            let options = SessionOptions::default();
            let first = system
                .start_session(principal(), options.clone(), Timestamp(0))
                .unwrap();
            let second = system
                .start_session(principal(), options, Timestamp(0))
                .unwrap();
            (first, second)
        };
        let (first, second) = ids(1);
        assert_eq!(first.len(), 64);
        assert!(first.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(first, second);
        assert_eq!(ids(1), (first.clone(), second));
        assert_ne!(ids(2).0, first);
    }

    #[test]
    fn expires_on_idle_timeout_and_on_max_ttl() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Live);
        let options = SessionOptions {
            kind: "API".into(),
            timeout: 60,
            max_ttl: 100,
        };
        let id = system
            .start_session(principal(), options, Timestamp(1000))
            .unwrap();
        assert!(
            system.resume_session(&id, Timestamp(1059)).is_ok(),
            "59s idle is fine"
        );
        assert!(
            system.resume_session(&id, Timestamp(1090)).is_ok(),
            "idle time restarts"
        );
        let error = system.resume_session(&id, Timestamp(1100)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Authentication failed; session expired: 100s old, MAXTTL is 100s"
        );
        assert!(!system.knows_session(&id), "an expired session is removed");
    }

    #[test]
    fn sweep_removes_only_expired_sessions() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Live);
        let short = SessionOptions {
            kind: "API".into(),
            timeout: 60,
            max_ttl: 86_400,
        };
        let gone = system
            .start_session(principal(), short, Timestamp(0))
            .unwrap();
        let kept = system
            .start_session(principal(), SessionOptions::default(), Timestamp(0))
            .unwrap();
        assert_eq!(registry.sweep_sessions(Timestamp(61)), 1);
        let system = registry.system(Entity::Live);
        assert!(!system.knows_session(&gone) && system.knows_session(&kept));
    }
}
