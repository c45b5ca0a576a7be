//! Two-factor secrets (RFC 6238 TOTP: HMAC-SHA1, 6 digits, 30-second steps,
//! one step of skew either way) through `totp-rs`: parsing a base32
//! `OTPSECRET`, checking a code at a passed-in time with an explanation of a
//! miss, and generating the code a tester needs (`otebox otp`). Never reads
//! the clock; never shows a secret (its `Debug` is `OtpSecret(***)`).

use std::fmt;

use totp_rs::{Algorithm, Builder, Secret, Totp};

use super::Timestamp;
use crate::error::{Error, Result};

/// Seconds one code is valid for.
pub const STEP: u64 = 30;

/// A TOTP secret of an account or role user.
#[derive(Clone, PartialEq, Eq)]
pub struct OtpSecret(Totp);

impl OtpSecret {
    /// The secret from its raw bytes (a snapshot's copy, `serial.rs`).
    fn from_bytes(bytes: Vec<u8>) -> OtpSecret {
        OtpSecret(
            Builder::new()
                .with_algorithm(Algorithm::SHA1)
                .with_digits(6)
                .with_skew(1)
                .with_step_duration(STEP)
                .with_secret(bytes)
                .build_noncompliant(),
        )
    }
}

/// A snapshot keeps the raw secret (the file is the sandbox's own state).
impl serde::Serialize for OtpSecret {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0.secret().as_bytes())
    }
}

impl<'de> serde::Deserialize<'de> for OtpSecret {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<OtpSecret, D::Error> {
        let bytes = <Vec<u8>>::deserialize(deserializer)?;
        Ok(OtpSecret::from_bytes(bytes))
    }
}

impl OtpSecret {
    /// Reads a base32 secret (RFC 4648, any case, blanks and `=` ignored) of
    /// 16 to 128 characters, as `name` (`OTPSECRET`); else `505`.
    pub fn parse(name: &str, text: &str) -> Result<OtpSecret> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '=')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let rule = "is not a base32 secret (A-Z and 2-7, at least 16 characters)";
        if cleaned.len() < 16 {
            return Err(Error::syntax_rule(name, "***", rule));
        }
        if cleaned.len() > 128 {
            return Err(Error::syntax_rule(
                name,
                "***",
                format_args!(
                    "is too long for a secret: {} base32 characters, at most 128",
                    cleaned.len()
                ),
            ));
        }
        // RFC 4648: the last group of 8 characters holds 2, 4, 5 or 7 of
        // them; a lenient decoder drops the rest, an authenticator may refuse.
        if matches!(cleaned.len() % 8, 1 | 3 | 6) {
            return Err(Error::syntax_rule(
                name,
                "***",
                format_args!(
                    "is not a base32 secret: {} characters is no length a base32 text can have \
                     (RFC 4648: not 8n+1, 8n+3 or 8n+6); drop or add a character",
                    cleaned.len()
                ),
            ));
        }
        let secret =
            Secret::try_from_base32(&cleaned).map_err(|_| Error::syntax_rule(name, "***", rule))?;
        Ok(OtpSecret(
            Builder::new()
                .with_algorithm(Algorithm::SHA1)
                .with_digits(6)
                .with_skew(1)
                .with_step_duration(STEP)
                .with_secret(secret)
                .build_noncompliant(),
        ))
    }

    /// The code of the step holding `now`.
    pub fn code(&self, now: Timestamp) -> String {
        self.0.generate(now.0).to_string()
    }

    /// Whether `code` is the code of `now`'s step or the one before or
    /// after; the `Err` says why not, for `530 Authentication failed; OTP; …`,
    /// without the code itself (product.md "Secrets": `s_otp` is redacted,
    /// and a password pasted into the OTP field must not reach the log).
    pub fn check(&self, code: &str, now: Timestamp) -> Result<(), String> {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err("s_otp (***) is not 6 digits".to_owned());
        }
        if self.0.check(code, now.0).is_some() {
            return Ok(());
        }
        let start = now.0 - now.0 % STEP;
        let end = Timestamp(start + STEP - 1).datetime().to_string();
        Err(format!(
            "the code sent is not the code for {}-{} UTC or the step before or after (server time {} UTC)",
            Timestamp(start).datetime(),
            &end[11..],
            now.datetime()
        ))
    }
}

impl fmt::Debug for OtpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtpSecret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RFC 6238 key `12345678901234567890` in base32.
    const RFC_KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_of_the_rfc_key() {
        let secret = OtpSecret::parse("OTPSECRET", RFC_KEY).unwrap();
        // RFC 6238 Appendix B, T = 59: 94287082, of which six digits are used.
        assert_eq!(secret.code(Timestamp(59)), "287082");
        let now = Timestamp(1_767_225_600); // 2026-01-01 00:00:00 UTC
        let code = secret.code(now);
        assert!(secret.check(&code, now).is_ok());
        assert!(
            secret
                .check(&secret.code(Timestamp(now.0 - 30)), now)
                .is_ok()
        );
        assert!(
            secret
                .check(&secret.code(Timestamp(now.0 + 30)), now)
                .is_ok()
        );
        let far = secret.code(Timestamp(now.0 + 60));
        let why = secret.check(&far, now).unwrap_err();
        assert!(why.contains("2026-01-01 00:00:00-00:00:29 UTC"), "{why}");
        assert!(!why.contains(&far), "the code sent is not echoed: {why}");
        assert_eq!(
            secret.check("12ab", now).unwrap_err(),
            "s_otp (***) is not 6 digits"
        );
    }

    #[test]
    fn refuses_short_or_non_base32_secrets_without_echoing_them() {
        for bad in ["JBSWY3DP", "01234567890123456789", ""] {
            let error = OtpSecret::parse("OTPSECRET", bad).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with("Invalid attribute value syntax; OTPSECRET: (***)")
            );
        }
        let long = "A".repeat(129);
        let error = OtpSecret::parse("OTPSECRET", &long)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("129 base32 characters, at most 128"),
            "{error}"
        );
        assert!(OtpSecret::parse("OTPSECRET", &long[..128]).is_ok());
        // 17, 19 and 22 characters are no RFC 4648 length (8n+1, 8n+3, 8n+6).
        for odd in [
            "JBSWY3DPEHPK3PXPA",
            "JBSWY3DPEHPK3PXPABC",
            "JBSWY3DPEHPK3PXPABCDEF",
        ] {
            let error = OtpSecret::parse("OTPSECRET", odd).unwrap_err().to_string();
            assert!(
                error.contains("no length a base32 text can have"),
                "{error}"
            );
        }
        assert!(OtpSecret::parse("OTPSECRET", "JBSWY3DPEHPK3PXPAB").is_ok());
        assert!(OtpSecret::parse("OTPSECRET", "jbsw y3dp ehpk 3pxp").is_ok());
        let shown = format!("{:?}", OtpSecret::parse("OTPSECRET", RFC_KEY).unwrap());
        assert_eq!(shown, "OtpSecret(***)");
    }
}
