//! Changing an account's own credentials (ModifyUserPassword): its
//! password, its TOTP secret and its allow-list, all at once or none. The
//! proofs (OLDPASSWORD, OTP, OLDOTP) and the allow-list's rule are the
//! command's; this only stores what it decided. A new password draws its
//! salt from the system's generator, as every password does.

use super::otp::OtpSecret;
use super::{AllowList, PasswordHash, System};
use crate::error::{Error, Result};

/// What ModifyUserPassword changes; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct CredentialChange<'a> {
    pub password: Option<&'a str>,
    /// `Some(None)` turns two-factor authentication off.
    pub otp: Option<Option<OtpSecret>>,
    pub allowed: Option<AllowList>,
}

impl System {
    /// Applies `change` to `account`; `545` if there is no such account.
    pub fn change_credentials(
        &mut self,
        account: &str,
        change: CredentialChange<'_>,
    ) -> Result<()> {
        if !self.users.contains_key(account) {
            return Err(Error::ObjectNotFound(format!("USER {account}")));
        }
        let password = change
            .password
            .map(|password| PasswordHash::new(password, &mut self.rng));
        let Some(user) = self.users.get_mut(account) else {
            return Err(Error::ObjectNotFound(format!("USER {account}")));
        };
        if let Some(password) = password {
            user.password = password;
        }
        if let Some(otp) = change.otp {
            user.otp = otp;
        }
        if let Some(allowed) = change.allowed {
            user.allowed = allowed;
        }
        Ok(())
    }
}
