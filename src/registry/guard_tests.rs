//! Unit tests of `guard.rs`: the lock-out's window, lock and bound, the
//! quota's minutes and overrides, and the per-account session cap.

use super::*;
use crate::registry::otp::OtpSecret;
use crate::registry::{Entity, Principal, SessionOptions};

const START: u64 = 1_767_225_600; // 2026-01-01 00:00:00 UTC

fn at(seconds: u64) -> Timestamp {
    Timestamp(START + seconds)
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn limits() -> Limits {
    Limits {
        max_sessions_per_account: 3,
        lockout_failures: 3,
        lockout_window: 60,
        lockout_duration: 300,
        quota_per_minute: 0,
    }
}

#[test]
fn failures_within_the_window_lock_only_that_address() {
    let mut registry = Registry::with_limits(1, limits());
    let bad = ip("203.0.113.7");
    for _ in 0..2 {
        registry.record_failed_login(bad, at(10));
    }
    assert!(registry.check_lockout(bad, at(10)).is_ok(), "two of three");
    registry.record_failed_login(bad, at(20));
    let error = registry.check_lockout(bad, at(20)).unwrap_err();
    assert_eq!(error.code(), 425);
    assert_eq!(
        error.to_string(),
        "Service temporarily locked; usage exceeded; 3 failed logins from 203.0.113.7 \
         within 60 s: locked until 2026-01-01 00:05:20 UTC (--lockout-failures, \
         --lockout-window, --lockout-duration); sessions opened before still work"
    );
    registry.record_failed_login(bad, at(100));
    assert!(
        registry.check_lockout(bad, at(319)).is_err(),
        "not extended"
    );
    assert!(registry.check_lockout(bad, at(320)).is_ok(), "lifted");
    assert!(registry.check_lockout(ip("192.0.2.10"), at(20)).is_ok());
}

#[test]
fn failures_spread_wider_than_the_window_do_not_lock() {
    let mut registry = Registry::with_limits(1, limits());
    let bad = ip("2001:db8::7");
    for second in [0, 30, 60, 90, 120] {
        registry.record_failed_login(bad, at(second));
    }
    assert!(registry.check_lockout(bad, at(120)).is_ok());
}

#[test]
fn zero_failures_disables_the_lock_out() {
    let limits = Limits {
        lockout_failures: 0,
        ..limits()
    };
    let mut registry = Registry::with_limits(1, limits);
    let bad = ip("203.0.113.7");
    for _ in 0..100 {
        registry.record_failed_login(bad, at(0));
        registry.system_mut(Entity::Live).failed_login(bad, at(0));
    }
    assert!(registry.check_lockout(bad, at(0)).is_ok());
    assert!(registry.lockout.addresses.is_empty());
}

#[test]
fn failures_noted_by_handlers_count_at_the_next_check() {
    let mut registry = Registry::with_limits(1, limits());
    let bad = ip("203.0.113.7");
    registry.system_mut(Entity::Live).failed_login(bad, at(0));
    registry.system_mut(Entity::Ote).failed_login(bad, at(0));
    registry.system_mut(Entity::Ote).failed_login(bad, at(1));
    assert!(registry.is_locked(bad, at(1)), "both systems count");
}

#[test]
fn the_sweep_forgets_stale_entries_and_the_table_stays_bounded() {
    let mut registry = Registry::with_limits(1, limits());
    registry.record_failed_login(ip("10.0.0.1"), at(0));
    for _ in 0..3 {
        registry.record_failed_login(ip("10.0.0.2"), at(0));
    }
    registry.sweep_sessions(at(60));
    assert_eq!(registry.lockout.addresses.len(), 1, "the lock stays");
    registry.sweep_sessions(at(300));
    assert!(registry.lockout.addresses.is_empty());

    let locked = ip("10.255.255.255");
    for _ in 0..3 {
        registry.record_failed_login(locked, at(0));
    }
    for n in 0..(MAX_ADDRESSES as u32 + 10) {
        registry.record_failed_login(IpAddr::from((n + 1).to_be_bytes()), at(1));
    }
    assert!(registry.lockout.addresses.len() <= MAX_ADDRESSES);
    assert!(registry.is_locked(locked, at(2)), "locked entries go last");
}

#[test]
fn the_quota_counts_per_calendar_minute() {
    let limits = Limits {
        quota_per_minute: 2,
        ..limits()
    };
    let mut registry = Registry::with_limits(1, limits);
    let system = registry.system_mut(Entity::Ote);
    assert!(system.use_quota("test.user", at(58)).is_ok());
    assert!(!system.quota_exhausted("test.user", at(58)));
    assert!(system.use_quota("test.user", at(59)).is_ok());
    assert!(system.quota_exhausted("test.user", at(59)));
    let error = system.use_quota("test.user", at(59)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Service temporarily locked; usage exceeded; test.user made 2 requests in the \
         minute 00:00:00-00:00:59 UTC, its quota (--quota-per-minute) is 2: the next \
         minute starts at 00:01:00 UTC"
    );
    assert!(
        system.use_quota("test.user2", at(59)).is_ok(),
        "per account"
    );
    assert!(
        system.use_quota("test.user", at(60)).is_ok(),
        "a new minute"
    );
    assert!(!system.quota_exhausted("test.user", at(60)));
}

#[test]
fn an_accounts_own_quota_overrides_the_default() {
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    for _ in 0..100 {
        assert!(system.use_quota("test.user", at(0)).is_ok(), "no default");
    }
    assert!(system.guard.quotas.is_empty(), "and no bookkeeping");
    system.set_quota("test.user", Some(1));
    assert!(system.use_quota("test.user", at(0)).is_ok());
    let error = system.use_quota("test.user", at(0)).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("its quota (relation API_QUOTA_PER_MINUTE) is 1"),
        "{error}"
    );
    assert!(system.quota_exhausted("test.user", at(0)));
    system.set_quota("test.user", Some(0));
    assert!(system.use_quota("test.user", at(0)).is_ok(), "0: none");
    system.set_quota("test.user", None);
    assert_eq!(system.guard.overrides, 0);
    assert!(system.guard.quotas.is_empty(), "forgotten");
    assert!(system.use_quota("test.user", at(0)).is_ok());
}

fn principal(account: &str, role: Option<&str>) -> Principal {
    Principal {
        account: account.into(),
        role: role.map(Into::into),
    }
}

#[test]
fn an_account_holds_at_most_its_cap_of_sessions() {
    let mut registry = Registry::with_limits(1, limits());
    let system = registry.system_mut(Entity::Ote);
    let short = SessionOptions {
        timeout: 60,
        ..SessionOptions::default()
    };
    let first = system
        .start_session(principal("test.user", None), short, at(0))
        .unwrap();
    for role in [None, Some("ci")] {
        system
            .start_session(
                principal("test.user", role),
                SessionOptions::default(),
                at(0),
            )
            .unwrap();
    }
    assert_eq!(system.open_sessions("test.user"), 3, "roles count too");
    let error = system
        .start_session(
            principal("test.user", None),
            SessionOptions::default(),
            at(1),
        )
        .unwrap_err();
    assert_eq!(error.code(), 521);
    assert_eq!(
        error.to_string(),
        "Too many sessions open. Server closing connection; test.user has 3 open \
         sessions, the cap per account (--max-sessions-per-account): end some with \
         EndSession or let them expire (TIMEOUT, default 600 s)"
    );
    assert!(
        system
            .start_session(
                principal("test.user2", None),
                SessionOptions::default(),
                at(1)
            )
            .is_ok(),
        "other accounts are unaffected"
    );
    system.end_session(&first).unwrap();
    let again = system
        .start_session(
            principal("test.user", None),
            SessionOptions::default(),
            at(1),
        )
        .unwrap();
    assert!(system.resume_session(&again, at(2)).is_ok());
    assert_eq!(system.open_sessions("test.user"), 3);
}

#[test]
fn expired_sessions_free_their_place_by_sweep_or_by_use() {
    let mut registry = Registry::with_limits(1, limits());
    let system = registry.system_mut(Entity::Ote);
    let short = SessionOptions {
        timeout: 60,
        ..SessionOptions::default()
    };
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            system
                .start_session(principal("test.user", None), short.clone(), at(0))
                .unwrap(),
        );
    }
    assert!(system.resume_session(&ids[0], at(60)).is_err(), "expired");
    assert_eq!(system.open_sessions("test.user"), 2);
    // At the cap again, StartSession sweeps the expired ones itself.
    system
        .start_session(principal("test.user", None), short.clone(), at(60))
        .unwrap();
    assert_eq!(system.open_sessions("test.user"), 3);
    system
        .start_session(principal("test.user", None), short, at(61))
        .unwrap();
    assert_eq!(system.open_sessions("test.user"), 2);
    assert_eq!(registry.sweep_sessions(at(200)), 2);
    assert_eq!(registry.system(Entity::Ote).open_sessions("test.user"), 0);
}

/// The values design note §4.1 gives for the fixtures (RFC 6238 key).
#[test]
fn the_fixture_codes_of_the_rfc_key() {
    let secret = OtpSecret::parse("OTPSECRET", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
    assert_eq!(secret.code(Timestamp(START - 30)), "815958");
    assert_eq!(secret.code(at(0)), "745690");
    assert_eq!(secret.code(at(30)), "119644");
    assert_eq!(secret.code(at(60)), "582485");
    assert_eq!(secret.code(at(90)), "283362");
    for ok in ["815958", "745690", "119644"] {
        assert!(secret.check(ok, at(0)).is_ok(), "{ok}");
    }
    assert!(secret.check("582485", at(0)).is_err());
}

#[test]
fn quota_relation_values() {
    assert_eq!(parse_quota("RELATION0", "").unwrap(), None);
    assert_eq!(parse_quota("RELATION0", " 5 ").unwrap(), Some(5));
    assert_eq!(parse_quota("RELATION0", "0").unwrap(), Some(0));
    for bad in ["-1", "+5", "five", "1000001", "1.5"] {
        let error = parse_quota("RELATION0", bad).unwrap_err();
        assert_eq!(error.code(), 505, "{bad}");
    }
    assert_eq!(
        parse_quota("RELATION0", "x").unwrap_err().to_string(),
        "Invalid attribute value syntax; RELATION0: (API_QUOTA_PER_MINUTE:x) takes requests \
         per minute: a whole number 0-1000000 (0: no quota), or nothing to remove the \
         account's own quota"
    );
}
