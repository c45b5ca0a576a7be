//! The sandbox clock of one system (issue 12): the wall time passed in plus
//! an offset the tester moves forward (never back), and the queue of jobs
//! that fall due on it (a transfer's pending period ending, ...), run in due
//! order when time reaches them. Object dates, transfers and the lifecycle
//! read this time; sessions, OTP windows, lock-outs and quotas keep the wall
//! time. Never reads a clock: every function takes the wall time.

use std::collections::BTreeMap;

use super::{Entity, Registry, System, Timestamp};

/// Jobs one API request runs at most before it is answered; the rest run at
/// the next requests, the sweeper, or an admin advance (which runs all).
pub const TICK_BUDGET: usize = 64;

/// The longest move of the clock one advance may make: 100 years.
pub const MAX_ADVANCE: u64 = 100 * 365 * 86_400;

/// The latest sandbox time, 9979-12-31 23:59:59: the protocol writes
/// four-digit years, and the dates computed from the time (a ten-year
/// expiry, its grace and purge periods) must still fit them.
pub const LATEST: Timestamp = Timestamp(252_771_148_799);

/// Something that happens at a point of sandbox time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// The pending period of the transfer of this domain (ACE) ends.
    Transfer(Box<str>),
    /// A live domain reaches its next due point (`lifecycle.rs`).
    Domain(Box<str>),
    /// A deleted domain's restorable period is over (`lifecycle.rs`).
    Purge(Box<str>),
    /// The confirmation period of the trade of this domain ends (`trade.rs`).
    Trade(Box<str>),
    /// The registry confirms the registration of this domain (`creating.rs`).
    Create(Box<str>),
    /// The auction of this dropped name's backorders ends (`backorder.rs`).
    Auction(Box<str>),
    /// The validation of this SSLCERTID is checked (`ssl_validation.rs`).
    Ssl(Box<str>),
}

/// Bits of a queue key that hold the job's kind (a change of it changes
/// what stored keys mean: `snapshot.rs`'s VERSION goes up with it).
const KIND_BITS: u32 = 3;

impl Job {
    /// The kind (below `1 << KIND_BITS`) and the name.
    fn parts(self) -> (u64, Box<str>) {
        match self {
            Job::Transfer(name) => (0, name),
            Job::Domain(name) => (1, name),
            Job::Purge(name) => (2, name),
            Job::Trade(name) => (3, name),
            Job::Create(name) => (4, name),
            Job::Auction(name) => (5, name),
            Job::Ssl(name) => (6, name),
        }
    }

    fn from_parts(kind: u64, name: Box<str>) -> Job {
        match kind {
            0 => Job::Transfer(name),
            1 => Job::Domain(name),
            2 => Job::Purge(name),
            3 => Job::Trade(name),
            4 => Job::Create(name),
            5 => Job::Auction(name),
            _ => Job::Ssl(name),
        }
    }
}

/// The job queued under `key` with `name`.
fn job_of(key: (Timestamp, u64), name: Box<str>) -> Job {
    Job::from_parts(key.1 & ((1 << KIND_BITS) - 1), name)
}

/// The offset, the time reached, and the due queue of one system.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Clock {
    /// Seconds the sandbox runs ahead of the wall clock.
    offset: u64,
    /// The latest sandbox time any request or job has seen: never goes back,
    /// even when the wall clock does.
    reached: Timestamp,
    /// Jobs by due time, ties in the order they were queued: a job is kept
    /// as its name, its kind in the key's low bits ([`Job::parts`]), so an
    /// entry is 16 bytes and not 24 (one per live domain).
    due: BTreeMap<(Timestamp, u64), Box<str>>,
    queued: u64,
    /// Jobs run so far (a job may queue its successor, so the queue's
    /// length does not tell).
    ran: u64,
}

/// Why the clock cannot be set to a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockRefusal {
    /// The target is before the time already reached.
    Backwards {
        target: Timestamp,
        reached: Timestamp,
    },
    /// The target is more than [`MAX_ADVANCE`] ahead.
    TooFar { target: Timestamp },
    /// The target is past [`LATEST`].
    PastEnd { target: Timestamp },
}

impl System {
    /// The sandbox time of `wall` (wall + offset, never before what was
    /// reached), after running at most `budget` jobs due by then. While jobs
    /// are left, the time answered is that of the last job run, so a request
    /// sees the state as of its own `now`.
    pub fn tick(&mut self, wall: Timestamp, budget: usize) -> Timestamp {
        let target = self.clock.target(wall);
        for _ in 0..budget {
            let Some(entry) = self.clock.due.first_entry() else {
                break;
            };
            let at = entry.key().0;
            if at > target {
                break;
            }
            let (key, name) = entry.remove_entry();
            let job = job_of(key, name);
            self.clock.ran += 1;
            // A job queued for a time already passed (SetDomainRenewalMode
            // AUTORENEW after ACCOUNTINGDATE) runs, and dates its charge,
            // events and log, now: time never goes back.
            self.clock.reached = self.clock.reached.max(at);
            self.run_job(job, self.clock.reached);
        }
        let left = self
            .clock
            .due
            .first_key_value()
            .is_some_and(|((at, _), _)| *at <= target);
        if !left {
            self.clock.reached = self.clock.reached.max(target);
        }
        self.clock.reached
    }

    /// Moves the clock so that `wall` is `target` in sandbox time: forward
    /// only, at most [`MAX_ADVANCE`] past the time reached and never past
    /// [`LATEST`]. Runs no job:
    /// `tick` runs them (an admin advance calls it until none is due).
    pub fn set_target(&mut self, wall: Timestamp, target: Timestamp) -> Result<(), ClockRefusal> {
        let reached = self.clock.reached.max(self.clock.target(wall));
        if target < reached {
            return Err(ClockRefusal::Backwards { target, reached });
        }
        if target.0 - reached.0 > MAX_ADVANCE {
            return Err(ClockRefusal::TooFar { target });
        }
        if target > LATEST {
            return Err(ClockRefusal::PastEnd { target });
        }
        self.clock.offset = target.0.saturating_sub(wall.0);
        Ok(())
    }

    /// The sandbox time `wall` stands for, without running anything.
    pub fn sandbox_time(&self, wall: Timestamp) -> Timestamp {
        self.clock.reached.max(self.clock.target(wall))
    }

    /// The latest sandbox time a request or job has seen (what a change
    /// made outside a request, such as a removal by the admin API, is dated).
    pub(super) fn time_reached(&self) -> Timestamp {
        self.clock.reached
    }

    /// Seconds the sandbox runs ahead of the wall clock.
    pub fn clock_offset(&self) -> u64 {
        self.clock.offset
    }

    /// Sets the offset past every check (a corrupt state, for tests).
    #[cfg(test)]
    pub(super) fn force_clock_offset(&mut self, offset: u64) {
        self.clock.offset = offset;
    }

    /// Jobs run since the system started (a job may queue its successor,
    /// so the queue's length does not tell how many ran).
    pub fn jobs_ran(&self) -> u64 {
        self.clock.ran
    }

    /// Jobs queued, due or not.
    pub fn pending_jobs(&self) -> usize {
        self.clock.due.len()
    }

    /// Whether a job is due at `wall`'s sandbox time and has not run.
    pub fn jobs_due(&self, wall: Timestamp) -> bool {
        let target = self.clock.target(wall);
        self.clock
            .due
            .first_key_value()
            .is_some_and(|((at, _), _)| *at <= target)
    }

    /// Queues `job` to run when the sandbox time reaches `at`; returns its
    /// key, which [`System::unschedule`] takes.
    pub fn schedule(&mut self, at: Timestamp, job: Job) -> (Timestamp, u64) {
        self.clock.queued += 1;
        let (kind, name) = job.parts();
        let key = (at, (self.clock.queued << KIND_BITS) | kind);
        self.clock.due.insert(key, name);
        key
    }

    /// Takes a queued job out (a transfer cancelled before its deadline).
    pub fn unschedule(&mut self, key: (Timestamp, u64)) {
        self.clock.due.remove(&key);
    }

    fn run_job(&mut self, job: Job, at: Timestamp) {
        match job {
            Job::Transfer(name) => self.transfer_deadline(&name, at),
            Job::Domain(name) => self.domain_due(&name, at),
            Job::Purge(name) => self.purge_due(&name, at),
            Job::Trade(name) => self.trade_due(&name, at),
            Job::Create(name) => self.create_due(&name, at),
            Job::Auction(name) => self.auction_due(&name, at),
            Job::Ssl(name) => self.ssl_due(&name, at),
        }
    }

    /// The job queued under `key`, if any (the lifecycle's invariant tests).
    #[cfg(test)]
    pub(super) fn queued(&self, key: (Timestamp, u64)) -> Option<Job> {
        self.clock
            .due
            .get(&key)
            .map(|name| job_of(key, name.clone()))
    }
}

impl Clock {
    /// The sandbox time `wall` stands for: the wall clock plus the offset,
    /// stopped at [`LATEST`] (the wall clock keeps running after an advance
    /// to it, and a state past it would not load again).
    fn target(&self, wall: Timestamp) -> Timestamp {
        Timestamp(wall.0.saturating_add(self.offset).min(LATEST.0))
    }
}

impl Registry {
    /// Moves `entity`'s clock `seconds` forward from its sandbox time at
    /// `wall` and runs every job due by then; returns how many ran. What the
    /// fixtures' `#@ advance:` does in one go (the admin endpoint does the
    /// same in batches, letting requests in between).
    pub fn advance(
        &mut self,
        entity: Entity,
        wall: Timestamp,
        seconds: u64,
    ) -> Result<usize, ClockRefusal> {
        let system = self.system_mut(entity);
        let target = Timestamp(system.sandbox_time(wall).0.saturating_add(seconds));
        system.set_target(wall, target)?;
        let before = system.jobs_ran();
        while system.jobs_due(wall) {
            system.tick(wall, TICK_BUDGET);
        }
        system.tick(wall, 0);
        Ok((system.jobs_ran() - before) as usize)
    }
}

/// Reads a duration: an optional `+`, then one or more `<n><unit>` with
/// unit `s`, `m`, `h`, `d`, `w` or `y` (365 days), e.g. `+30d`, `1d12h`,
/// `61d`; a bare number is seconds. `None` when malformed or longer than
/// [`MAX_ADVANCE`].
pub fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    if text.is_empty() {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok().filter(|s| *s <= MAX_ADVANCE);
    }
    let (mut total, mut number): (u64, Option<u64>) = (0, None);
    for byte in text.bytes() {
        if byte.is_ascii_digit() {
            let digit = u64::from(byte - b'0');
            number = Some(number.unwrap_or(0).checked_mul(10)?.checked_add(digit)?);
            continue;
        }
        let unit = match byte {
            b's' => 1,
            b'm' => 60,
            b'h' => 3_600,
            b'd' => 86_400,
            b'w' => 7 * 86_400,
            b'y' => 365 * 86_400,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit)?)?;
    }
    (number.is_none() && total <= MAX_ADVANCE).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WALL: Timestamp = Timestamp(1_767_225_600);

    #[test]
    fn the_clock_moves_forward_only_and_never_goes_back_with_the_wall() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        assert_eq!(system.tick(WALL, TICK_BUDGET), WALL);
        let later = Timestamp(WALL.0 + 86_400);
        assert_eq!(system.set_target(WALL, later), Ok(()));
        assert_eq!(system.tick(WALL, TICK_BUDGET), later);
        assert_eq!(system.clock_offset(), 86_400);
        assert_eq!(
            system.set_target(WALL, WALL),
            Err(ClockRefusal::Backwards {
                target: WALL,
                reached: later
            })
        );
        // The wall clock stepping back leaves the sandbox time where it was.
        assert_eq!(system.tick(Timestamp(WALL.0 - 3_600), TICK_BUDGET), later);
        let far = Timestamp(later.0 + MAX_ADVANCE + 1);
        assert_eq!(
            system.set_target(WALL, far),
            Err(ClockRefusal::TooFar { target: far })
        );
    }

    #[test]
    fn the_clock_stops_before_dates_leave_the_four_digit_years() {
        let mut registry = Registry::new(1);
        let refused = (0..100).find_map(|_| registry.advance(Entity::Ote, WALL, MAX_ADVANCE).err());
        let reached = registry.system_mut(Entity::Ote).sandbox_time(WALL);
        assert!(
            matches!(refused, Some(ClockRefusal::PastEnd { .. })),
            "{refused:?}"
        );
        // A ten-year registration made at the latest time still ends in 9999.
        let expiry = reached
            .plus(crate::registry::Period::years(10))
            .plus_days(45);
        assert!(
            expiry.datetime().to_string().starts_with("99"),
            "{expiry:?}"
        );
        assert!(expiry <= Timestamp::parse("9999-12-31 23:59:59").unwrap());
    }

    #[test]
    fn every_kind_of_job_survives_its_packing_into_the_queue_key() {
        let jobs = [
            Job::Transfer("a.com".into()),
            Job::Domain("b.com".into()),
            Job::Purge("c.com".into()),
            Job::Trade("d.com".into()),
            Job::Create("e.com".into()),
            Job::Auction("f.com".into()),
            Job::Ssl("34001".into()),
        ];
        for job in jobs {
            let (kind, name) = job.clone().parts();
            assert!(kind < 1 << KIND_BITS, "{job:?} needs more KIND_BITS");
            assert_eq!(Job::from_parts(kind, name), job);
        }
    }

    #[test]
    fn durations_read_as_testers_write_them() {
        for (text, seconds) in [
            ("+30d", 2_592_000),
            ("1d12h", 129_600),
            ("61d", 5_270_400),
            ("90", 90),
            ("2w", 1_209_600),
            ("1y", 31_536_000),
            ("5m30s", 330),
        ] {
            assert_eq!(parse_duration(text), Some(seconds), "{text}");
        }
        for bad in ["", "+", "3x", "d", "10d5", "-1d", "101y"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn due_jobs_run_in_order_within_the_budget() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        for n in 0..3 {
            system.schedule(Timestamp(WALL.0 + 10 + n), Job::Transfer("x.com".into()));
        }
        let gone = system.schedule(Timestamp(WALL.0 + 5), Job::Transfer("y.com".into()));
        system.unschedule(gone);
        assert_eq!(system.pending_jobs(), 3);
        let target = Timestamp(WALL.0 + 100);
        system.set_target(WALL, target).unwrap();
        assert!(system.jobs_due(WALL));
        // Two of three run: the time answered is the second job's.
        assert_eq!(system.tick(WALL, 2), Timestamp(WALL.0 + 11));
        assert_eq!(system.tick(WALL, 2), target);
        assert_eq!(system.pending_jobs(), 0);
        assert!(!system.jobs_due(WALL));
    }
}
