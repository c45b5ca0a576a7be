//! The abuse guards of authentication (issue 8, design note §3.4, §4): the
//! address lock-out before the password, which refusals of the login count
//! as failed logins, the account's second factor (`s_otp`) after the
//! allow-list, and the request quota once the caller is known. `mod.rs`
//! calls each with one line; the state lives in `registry/guard.rs`. Reads
//! the request's transport fields only; never shows a secret.

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::otp::OtpSecret;
use crate::registry::{Principal, Registry, Timestamp};
use crate::wire::{Request, Secret};

use super::{Caller, ClientAddress};

/// `425` when the client address is locked out and the request carries a
/// password to check: its credentials, or (over a session) a
/// CheckAuthentication PASSWORD or an OLDPASSWORD. Other session requests
/// of a locked address go on: the lock is against guessing, not against
/// the holder of a session. (Inlined: almost always one test that no lock
/// lasts until `now`.)
#[inline]
pub(super) fn unlocked(
    registry: &mut Registry,
    request: &Request,
    client: &ClientAddress,
    now: Timestamp,
) -> Result<()> {
    if !registry.is_locked(client.ip, now) {
        return Ok(());
    }
    let by_credentials = request.session.is_none() && request.session_id.is_none();
    let checks_password = request.params.contains_key("OLDPASSWORD")
        || (request.params.contains_key("PASSWORD")
            && request
                .command()
                .is_some_and(|c| c.eq_ignore_ascii_case("CheckAuthentication")));
    if by_credentials || checks_password {
        registry.check_lockout(client.ip, now)
    } else {
        Ok(())
    }
}

/// `result` of the login step (unknown login, wrong password, unknown or
/// inactive account or role user: whatever the login lookup refuses),
/// counting a refusal as a failed login of the client address.
pub(super) fn counted<T>(
    registry: &mut Registry,
    client: &ClientAddress,
    now: Timestamp,
    result: Result<T>,
) -> Result<T> {
    if result.is_err() {
        registry.record_failed_login(client.ip, now);
    }
    result
}

/// The second factor of an account's credentialed login, when the account
/// has a TOTP `secret`: `s_otp` must be its code of `now` (one step of skew
/// either way); a missing or wrong code is `530 Authentication failed; OTP;
/// …`, which the caller counts as a failed login. Role users' own secrets
/// are the role store's; an account's 2FA does not bind its role users.
pub(super) fn second_factor(
    secret: &OtpSecret,
    principal: &Principal,
    otp: Option<&Secret>,
    dialect: Dialect,
    now: Timestamp,
) -> Result<()> {
    match (otp.map(Secret::expose), dialect) {
        (_, Dialect::Cnr) => Err(Error::Otp(format!(
            "{principal} has two-factor authentication (OTPSTATUS ACTIVE) and the \
             CentralNic Reseller dialect has no s_otp: log in through /api/call.cgi with \
             s_otp, or disable 2FA with ModifyUserPassword OTPSECRET="
        ))),
        (None | Some(""), _) => Err(Error::Otp(format!(
            "s_otp is missing: {principal} has two-factor authentication (OTPSTATUS ACTIVE); \
             send the current 6-digit code, or use a session"
        ))),
        (Some(code), _) => secret
            .check(code, now)
            .map_err(|why| wrong_code(why, principal)),
    }
}

/// `530 Authentication failed; OTP; …` for a code `OtpSecret::check`
/// refused, naming whose secret it is not the code of (an account's, or a
/// role user's own: a tester may hold both).
pub(super) fn wrong_code(why: String, whose: &dyn std::fmt::Display) -> Error {
    Error::Otp(why.replacen(
        " is not the code for ",
        &format!(" is not the code of {whose} for "),
        1,
    ))
}

/// Counts the request against its account's quota of the minute (`425` +
/// `QUOTAEXCEEDED=1` past it); role users count toward their account.
pub(super) fn quota(registry: &mut Registry, caller: &Caller, now: Timestamp) -> Result<()> {
    registry
        .system_mut(caller.entity)
        .use_quota(&caller.principal.account, now)
}

#[cfg(test)]
mod tests {
    use crate::registry::{Limits, Registry, Timestamp};
    use crate::{Meta, handle, wire};

    const START: u64 = 1_767_225_600; // 2026-01-01 00:00:00 UTC

    fn call(registry: &mut Registry, at: u64, command: &str) -> wire::Response {
        let body = format!(
            "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command={}",
            command.replace('=', "%3D").replace('\n', "%0A")
        );
        let meta = Meta::loopback(Timestamp(START + at));
        handle(registry, &meta, b"", body.as_bytes()).response
    }

    #[test]
    fn the_quota_refuses_past_the_minutes_requests_and_check_authentication_says_so() {
        let limits = Limits {
            quota_per_minute: 3,
            ..Limits::default()
        };
        let mut registry = Registry::with_limits(1, limits);
        assert_eq!(call(&mut registry, 0, "COMMAND=StatusAccount").code, 200);
        let check = call(&mut registry, 1, "COMMAND=CheckAuthentication");
        assert_eq!((check.code, check.first("QUOTAEXCEEDED")), (200, None));
        let check = call(&mut registry, 2, "COMMAND=CheckAuthentication");
        assert_eq!((check.code, check.first("QUOTAEXCEEDED")), (200, Some("1")));
        let over = call(&mut registry, 59, "COMMAND=StatusAccount");
        assert_eq!((over.code, over.first("QUOTAEXCEEDED")), (425, Some("1")));
        assert_eq!(
            over.description,
            "Service temporarily locked; usage exceeded; test.user made 3 requests in the \
             minute 00:00:00-00:00:59 UTC, its quota (--quota-per-minute) is 3: the next \
             minute starts at 00:01:00 UTC"
        );
        assert_eq!(call(&mut registry, 60, "COMMAND=StatusAccount").code, 200);
    }

    #[test]
    fn an_accounts_own_quota_binds_it_alone() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(crate::registry::Entity::Ote);
        system.set_quota("test.user", Some(1));
        let check = call(
            &mut registry,
            0,
            "COMMAND=CheckAuthentication\nSUBUSER=test.user\nPASSWORD=test.passw0rd",
        );
        assert_eq!((check.code, check.first("QUOTAEXCEEDED")), (200, Some("1")));
        let over = call(&mut registry, 1, "COMMAND=StatusAccount");
        assert_eq!(over.code, 425);
        assert!(
            over.description
                .contains("its quota (relation API_QUOTA_PER_MINUTE) is 1"),
            "{}",
            over.description
        );
        let body =
            "s_entity=1234&s_login=test.user2&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount";
        let meta = Meta::loopback(Timestamp(START + 1));
        let other = handle(&mut registry, &meta, b"", body.as_bytes()).response;
        assert_eq!(other.code, 200);
    }

    #[test]
    fn otp_misses_and_wrong_oldpasswords_count_toward_the_lock_out() {
        let limits = Limits {
            lockout_failures: 3,
            ..Limits::default()
        };
        let mut registry = Registry::with_limits(1, limits);
        let enable =
            "COMMAND=ModifyUserPassword\nOTPSECRET=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\nOTP=745690";
        assert_eq!(call(&mut registry, 0, enable).code, 200);
        let missing = call(&mut registry, 0, "COMMAND=StatusAccount");
        assert_eq!(missing.code, 530, "{}", missing.description);
        let with_otp = |registry: &mut Registry, command: &str| {
            let body = format!(
                "s_entity=1234&s_login=test.user&s_otp=745690&s_pw=test.passw0rd&s_command={}",
                command.replace('=', "%3D").replace('\n', "%0A")
            );
            let meta = Meta::loopback(Timestamp(START));
            handle(registry, &meta, b"", body.as_bytes()).response
        };
        let wrong = with_otp(
            &mut registry,
            "COMMAND=ModifyUserPassword\nPASSWORD=x\nOLDPASSWORD=guess",
        );
        assert_eq!(wrong.code, 541);
        assert_eq!(with_otp(&mut registry, "COMMAND=StatusAccount").code, 200);
        let body = "s_entity=1234&s_login=test.user&s_otp=000000&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount";
        let meta = Meta::loopback(Timestamp(START));
        assert_eq!(
            handle(&mut registry, &meta, b"", body.as_bytes())
                .response
                .code,
            530
        );
        let locked = with_otp(&mut registry, "COMMAND=StatusAccount");
        assert_eq!(locked.code, 425, "{}", locked.description);
    }
}
