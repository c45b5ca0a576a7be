//! Limits against abuse (issue 8): the configured [`Limits`]; the address
//! lock-out after failed logins ([`Lockout`], one per registry, because an
//! address is not per system); and, per system, the request quota of each
//! account per calendar minute and the count of each account's open
//! sessions that StartSession's cap reads (`session.rs` keeps it current).
//! Plain data with `now` passed in. Which refusals count as failed logins
//! is `auth/guard.rs`'s call; nothing here reads a request.

use std::net::IpAddr;

use super::{HashMap, Registry, System, Timestamp};
use crate::error::{Error, Result};

/// Addresses the lock-out remembers at most; past it the oldest unlocked
/// entries are forgotten first.
pub const MAX_ADDRESSES: usize = 65_536;

/// The relation (AddUser / ModifyUser `RELATION<n>=NAME:VALUE`) that gives
/// an account its own quota of requests per minute.
pub const QUOTA_RELATION: &str = "API_QUOTA_PER_MINUTE";

/// Reads the value of [`QUOTA_RELATION`] sent as parameter `name`: empty
/// removes the account's own quota (`None`), else a whole number
/// 0..=1,000,000 (0: no quota for that account); `505` otherwise. The
/// result goes to [`System::set_quota`].
pub fn parse_quota(name: &str, value: &str) -> Result<Option<u32>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<u32>() {
        Ok(n) if n <= 1_000_000 && value.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(n)),
        _ => Err(Error::syntax_rule(
            name,
            &format!("{QUOTA_RELATION}:{value}"),
            "takes requests per minute: a whole number 0-1000000 (0: no quota), or nothing \
             to remove the account's own quota",
        )),
    }
}

/// The abuse limits, from the command line (`--max-sessions-per-account`,
/// `--lockout-failures`, `--lockout-window`, `--lockout-duration`,
/// `--quota-per-minute`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Open sessions one account (its role users included) may hold.
    pub max_sessions_per_account: u32,
    /// Failed logins from one address within `lockout_window` that lock
    /// it; 0 turns the lock-out off.
    pub lockout_failures: u32,
    /// Seconds within which the failures must fall.
    pub lockout_window: u64,
    /// Seconds a locked address stays locked.
    pub lockout_duration: u64,
    /// Requests per calendar minute of an account without its own quota;
    /// 0: no quota.
    pub quota_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_sessions_per_account: 1000,
            lockout_failures: 10,
            lockout_window: 60,
            lockout_duration: 300,
            quota_per_minute: 0,
        }
    }
}

/// Failed logins per client address.
#[derive(Debug, Default)]
pub(super) struct Lockout {
    limits: Limits,
    addresses: HashMap<IpAddr, Failures>,
    /// The latest end of a lock ever set: no address is locked from then
    /// on, so until the next lock a request's address is not looked up.
    locks_end: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    /// The first failure of the current window.
    first: Timestamp,
    count: u32,
    /// Set when `count` reached the limit: refused until then.
    locked_until: Option<Timestamp>,
}

impl Failures {
    /// Whether the entry says nothing any more at `now`.
    fn stale(&self, now: Timestamp, window: u64) -> bool {
        match self.locked_until {
            Some(until) => until <= now,
            None => now.seconds_since(self.first) >= window,
        }
    }
}

impl Lockout {
    fn record(&mut self, ip: IpAddr, now: Timestamp) {
        let limits = self.limits;
        if limits.lockout_failures == 0 {
            return;
        }
        if !self.addresses.contains_key(&ip) && self.addresses.len() >= MAX_ADDRESSES {
            self.make_room(now);
        }
        let entry = self.addresses.entry(ip).or_insert(Failures {
            first: now,
            count: 0,
            locked_until: None,
        });
        if entry.locked_until.is_some_and(|until| until > now) {
            return; // locked already; the lock is not extended
        }
        if entry.stale(now, limits.lockout_window) {
            *entry = Failures {
                first: now,
                count: 0,
                locked_until: None,
            };
        }
        entry.count += 1;
        if entry.count >= limits.lockout_failures {
            let until = Timestamp(now.0 + limits.lockout_duration);
            entry.locked_until = Some(until);
            self.locks_end = self.locks_end.max(Some(until));
        }
    }

    /// Until when `ip` is locked, if it is at `now`.
    #[inline]
    fn locked_until(&self, ip: IpAddr, now: Timestamp) -> Option<Timestamp> {
        match self.locks_end {
            Some(end) if end > now => self.locked_entry(ip, now),
            _ => None,
        }
    }

    fn locked_entry(&self, ip: IpAddr, now: Timestamp) -> Option<Timestamp> {
        self.addresses
            .get(&ip)
            .and_then(|entry| entry.locked_until)
            .filter(|until| *until > now)
    }

    fn check(&self, ip: IpAddr, now: Timestamp) -> Result<()> {
        let Some(until) = self.locked_until(ip, now) else {
            return Ok(());
        };
        Err(Error::Locked(format!(
            "{} failed logins from {ip} within {} s: locked until {} UTC \
             (--lockout-failures, --lockout-window, --lockout-duration); \
             sessions opened before still work",
            self.limits.lockout_failures,
            self.limits.lockout_window,
            until.datetime()
        )))
    }

    fn sweep(&mut self, now: Timestamp) {
        let window = self.limits.lockout_window;
        self.addresses.retain(|_, entry| !entry.stale(now, window));
    }

    /// At the cap: forget what is stale, and if that is not enough, the
    /// older half of the entries, unlocked ones first (amortised: one pass
    /// per `MAX_ADDRESSES / 2` new addresses).
    fn make_room(&mut self, now: Timestamp) {
        self.sweep(now);
        if self.addresses.len() < MAX_ADDRESSES {
            return;
        }
        let mut ages: Vec<(bool, Timestamp)> = self
            .addresses
            .values()
            .map(|entry| (entry.locked_until.is_some(), entry.first))
            .collect();
        let middle = ages.len() / 2;
        let (_, &mut cut, _) = ages.select_nth_unstable(middle);
        self.addresses
            .retain(|_, entry| (entry.locked_until.is_some(), entry.first) > cut);
    }
}

/// Per-system counters of the limits: open sessions and quota use per
/// account, and failed logins that handlers saw (CheckAuthentication's
/// PASSWORD, ModifyUserPassword's OLDPASSWORD), waiting for the registry's
/// lock-out, which a handler cannot reach.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct SystemGuard {
    #[serde(skip)]
    pub(super) limits: Limits,
    #[serde(with = "crate::registry::serial::sorted")]
    pub(super) sessions_open: HashMap<String, u32>,
    #[serde(with = "crate::registry::serial::sorted")]
    quotas: HashMap<String, Quota>,
    /// Accounts with a quota of their own (so that with no default and no
    /// override a request costs no lookup).
    overrides: usize,
    failed: Vec<(IpAddr, Timestamp)>,
    /// When StartSession at an account's cap last swept the sessions.
    pub(super) cap_swept: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
struct Quota {
    /// The account's own quota (relation API_QUOTA_PER_MINUTE).
    own: Option<u32>,
    /// The minute (`now / 60`) `count` is for.
    minute: u64,
    count: u32,
}

impl Registry {
    /// The registry of [`Registry::new`] with other abuse limits.
    pub fn with_limits(seed: u64, limits: Limits) -> Registry {
        let mut registry = Registry {
            live: System::new(super::Entity::Live, seed),
            ote: System::new(super::Entity::Ote, seed.wrapping_add(1)),
            lockout: Lockout::default(),
        };
        registry.set_limits(limits);
        registry
    }

    /// Puts `limits` in force for both systems and the address lock-out.
    pub fn set_limits(&mut self, limits: Limits) {
        self.lockout.limits = limits;
        self.live.guard.limits = limits;
        self.ote.guard.limits = limits;
    }

    /// `425 Service temporarily locked; …` when `ip` is locked out at `now`.
    /// Failed logins the handlers noted since the last call count first.
    pub fn check_lockout(&mut self, ip: IpAddr, now: Timestamp) -> Result<()> {
        self.settle_failed_logins();
        self.lockout.check(ip, now)
    }

    /// Whether `ip` is locked out at `now` (after [`Registry::check_lockout`]'s settling).
    #[inline]
    pub fn is_locked(&mut self, ip: IpAddr, now: Timestamp) -> bool {
        self.settle_failed_logins();
        self.lockout.locked_until(ip, now).is_some()
    }

    /// Counts a failed login from `ip`.
    pub fn record_failed_login(&mut self, ip: IpAddr, now: Timestamp) {
        self.lockout.record(ip, now);
    }

    /// Forgets lock-out entries that say nothing any more (the sweeper's part).
    pub(super) fn sweep_lockout(&mut self, now: Timestamp) {
        self.settle_failed_logins();
        self.lockout.sweep(now);
    }

    #[inline]
    fn settle_failed_logins(&mut self) {
        if !(self.live.guard.failed.is_empty() && self.ote.guard.failed.is_empty()) {
            self.settle_noted_failures();
        }
    }

    fn settle_noted_failures(&mut self) {
        for system in [&mut self.live, &mut self.ote] {
            for (ip, at) in system.guard.failed.drain(..) {
                self.lockout.record(ip, at);
            }
        }
    }
}

impl System {
    /// The abuse limits this system runs with.
    pub fn limits(&self) -> Limits {
        self.guard.limits
    }

    /// Notes a failed login a handler saw (a wrong CheckAuthentication
    /// PASSWORD or ModifyUserPassword OLDPASSWORD); it counts for the
    /// address's lock-out before the next request is judged.
    pub fn failed_login(&mut self, ip: IpAddr, now: Timestamp) {
        if self.guard.limits.lockout_failures > 0 {
            self.guard.failed.push((ip, now));
        }
    }

    /// Sessions `account` (with its role users) holds open.
    pub fn open_sessions(&self, account: &str) -> u32 {
        self.guard.sessions_open.get(account).copied().unwrap_or(0)
    }

    /// Sets (`Some`) or removes (`None`) `account`'s own quota of requests
    /// per minute, which takes the place of `--quota-per-minute`;
    /// `Some(0)` means no quota for that account. `None` also forgets the
    /// account's count (what DeleteUser wants).
    pub fn set_quota(&mut self, account: &str, per_minute: Option<u32>) {
        let usage = &mut self.guard;
        let Some(per_minute) = per_minute else {
            if let Some(quota) = usage.quotas.remove(account)
                && quota.own.is_some()
            {
                usage.overrides -= 1;
            }
            return;
        };
        match usage.quotas.get_mut(account) {
            Some(quota) => {
                if quota.own.is_none() {
                    usage.overrides += 1;
                }
                quota.own = Some(per_minute);
            }
            None => {
                usage.overrides += 1;
                let quota = Quota {
                    own: Some(per_minute),
                    ..Quota::default()
                };
                usage.quotas.insert(account.to_owned(), quota);
            }
        }
    }

    /// Counts one request of `account` at `now`: `425` with
    /// `QUOTAEXCEEDED=1` when its quota of this minute is used up (the
    /// refused request is not counted).
    /// (Inlined: with no quota anywhere, as by default, two tests.)
    #[inline]
    pub fn use_quota(&mut self, account: &str, now: Timestamp) -> Result<()> {
        if self.guard.limits.quota_per_minute == 0 && self.guard.overrides == 0 {
            return Ok(());
        }
        self.count_quota(account, now)
    }

    fn count_quota(&mut self, account: &str, now: Timestamp) -> Result<()> {
        let usage = &mut self.guard;
        let default = usage.limits.quota_per_minute;
        let minute = now.0 / 60;
        if !usage.quotas.contains_key(account) {
            if default == 0 {
                return Ok(());
            }
            usage.quotas.insert(account.to_owned(), Quota::default());
        }
        let Some(quota) = usage.quotas.get_mut(account) else {
            return Ok(());
        };
        let (limit, source) = match quota.own {
            Some(own) => (own, "relation API_QUOTA_PER_MINUTE"),
            None => (default, "--quota-per-minute"),
        };
        if limit == 0 {
            return Ok(());
        }
        if quota.minute != minute {
            quota.minute = minute;
            quota.count = 0;
        }
        if quota.count >= limit {
            let start = Timestamp(minute * 60).datetime().to_string();
            let end = Timestamp(minute * 60 + 59).datetime().to_string();
            let next = Timestamp(minute * 60 + 60).datetime().to_string();
            return Err(Error::QuotaExceeded(format!(
                "{account} made {limit} requests in the minute {}-{} UTC, its quota ({source}) \
                 is {limit}: the next minute starts at {} UTC",
                &start[11..],
                &end[11..],
                &next[11..]
            )));
        }
        quota.count += 1;
        Ok(())
    }

    /// Whether `account` has used up its quota of the minute holding `now`
    /// (CheckAuthentication's `QUOTAEXCEEDED=1`).
    pub fn quota_exhausted(&self, account: &str, now: Timestamp) -> bool {
        let usage = &self.guard;
        let own = usage.quotas.get(account);
        let limit = match own.and_then(|quota| quota.own) {
            Some(own) => own,
            None => usage.limits.quota_per_minute,
        };
        limit > 0 && own.is_some_and(|quota| quota.minute == now.0 / 60 && quota.count >= limit)
    }
}

#[cfg(test)]
#[path = "guard_tests.rs"]
mod tests;
