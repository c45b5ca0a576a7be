//! Accounts (users), their balances and their hashed passwords, and the login
//! syntax `account[!role]`. Data and invariants only; the decision whether a
//! request may proceed lives in `auth.rs`.

use rand_chacha::ChaCha20Rng;
use rand_core::Rng;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::environment::SYSTEM_START;
use super::otp::OtpSecret;
use super::{AllowList, IndexMap, Money, Percent, Timestamp};

/// An account of one system.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct User {
    pub id: String,
    /// The account above this one in the user tree; `None` for top-level accounts.
    pub parent: Option<String>,
    /// `false` means the account cannot log in (StatusUser `ACTIVE=0`).
    pub active: bool,
    pub password: PasswordHash,
    pub account: Account,
    /// Where the account (and its role users) may log in from; empty: anywhere.
    pub allowed: AllowList,
    /// The TOTP secret when the account has two-factor authentication.
    pub otp: Option<OtpSecret>,
    /// Levels below a top-level account (0 for the demo accounts), at most 8.
    pub depth: u8,
    /// When the account was added and last changed (StatusUser dates).
    pub created: Timestamp,
    pub updated: Timestamp,
    /// Free comment lines (AddUser/ModifyUser COMMENT[n], appended).
    pub comments: Vec<String>,
    /// Custom relations set by the parent (ALLOW_SUBUSER, API_QUOTA_PER_MINUTE, ...),
    /// by name in the order first set.
    #[serde(with = "crate::registry::serial::pairs")]
    pub relations: IndexMap<String, String>,
    /// AddUser/ModifyUser TAXRATES as sent; `None`: `VAT:<rate>`.
    pub tax_rates: Option<String>,
    /// Its number in the system (StatusUser `USERINDEX`, GetUserIndex), given
    /// by [`System::insert_user`](super::System::insert_user) and kept for
    /// good: a deleted account's number is never given again, nor does any
    /// other account's move; 0 until inserted.
    pub index: u32,
}

/// The length bounds of a password the admin API and CheckUserProperties
/// take (AddUser takes any): characters, not bytes.
pub const PASSWORD_LENGTH: std::ops::RangeInclusive<usize> = 8..=128;

/// Whether `password` is one the admin API and CheckUserProperties take:
/// [`PASSWORD_LENGTH`] characters, none a control character.
pub fn is_acceptable_password(password: &str) -> bool {
    password_fault(password).is_none()
}

/// What keeps `password` from being acceptable ([`is_acceptable_password`]),
/// for a refusal: its length (`5 characters`) when that is wrong, else `a
/// control character`; `None` when nothing does.
pub fn password_fault(password: &str) -> Option<String> {
    let chars = password.chars().count();
    if !PASSWORD_LENGTH.contains(&chars) {
        return Some(format!("{chars} characters"));
    }
    (password.chars().any(char::is_control)).then(|| "a control character".to_owned())
}

/// Whether `id` is one a new account may have: 3-64 letters, digits, `.`,
/// `_` or `-` (no `!`, `:` or blanks: they delimit logins and `s_user`
/// chains). AddUser, CheckUserProperties and the admin API's accounts.
pub fn is_account_id(id: &str) -> bool {
    (3..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

impl super::System {
    /// Whether `id` names an account, or the platform user every top-level
    /// account's PARENTUSER shows ([`PLATFORM_USER`](super::environment::PLATFORM_USER)):
    /// neither can be a new account's id.
    pub fn id_taken(&self, id: &str) -> bool {
        self.users.contains_key(id) || id == super::environment::PLATFORM_USER
    }

    /// Adds `user` as `id` with the next USERINDEX (2 for the first account:
    /// 1 is the platform user).
    pub(super) fn insert_user(&mut self, id: String, mut user: User) {
        self.last_user_index += 1;
        user.index = self.last_user_index;
        self.users.insert(id, user);
    }

    /// `id`'s user and where it is in the table, looked for first at `hint`
    /// (where it was found before): one comparison of ids instead of hashing
    /// one while the table has not changed, a lookup when it has.
    pub fn user_entry_near(&self, id: &str, hint: usize) -> Option<(usize, &User)> {
        match self.users.get_index(hint) {
            Some((key, user)) if same_id(key.as_bytes(), id.as_bytes()) => Some((hint, user)),
            _ => self.user_entry(id),
        }
    }
}

/// Whether two short texts are the same bytes: 8 to 16 bytes (most logins
/// and command names) as two overlapping words, inline; others by the
/// slices' `==` (a call to `memcmp`). Also `command/lookup.rs`'s.
#[inline]
pub(crate) fn same_id(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if (8..=16).contains(&n) {
        let word = |bytes: &[u8], at: usize| {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(word)
        };
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    a == b
}

/// The finance figures StatusAccount reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Account {
    /// The balance; may go negative down to `-credit`.
    pub amount: Money,
    pub credit: Money,
    /// Money reserved for pending orders.
    pub deposit: Money,
    pub vat: Percent,
    #[serde(with = "crate::registry::serial::name")]
    pub currency: crate::registry::serial::Static,
}

impl User {
    /// Whether the account may have subusers (AddUser under it, AssignUser
    /// to it): top-level accounts may, a subuser only with the relation
    /// `ALLOW_SUBUSER:1` its parent set.
    pub fn may_have_subusers(&self) -> bool {
        self.parent.is_none()
            || self
                .relations
                .get("ALLOW_SUBUSER")
                .is_some_and(|value| value == "1")
    }

    /// A top-level account with the demo balance of product.md: EUR 100,000.00
    /// plus a credit line of 10,000.00, German VAT.
    pub fn demo(id: &str, password: PasswordHash) -> User {
        User {
            id: id.to_owned(),
            parent: None,
            active: true,
            password,
            allowed: AllowList::default(),
            otp: None,
            depth: 0,
            created: SYSTEM_START,
            updated: SYSTEM_START,
            comments: Vec::new(),
            relations: IndexMap::default(),
            tax_rates: None,
            index: 0,
            account: Account {
                amount: Money::from_cents(10_000_000),
                credit: Money::from_cents(1_000_000),
                deposit: Money::from_cents(0),
                vat: Percent(Decimal::new(1900, 2)),
                currency: "EUR",
            },
        }
    }
}

/// A salted SHA-256 of a password. The plain text is never stored.
///
/// A deliberately fast hash: every sessionless request verifies a password, and
/// the sandbox's passwords are test passwords. What matters here is that the
/// text never sits in memory dumps or logs and that comparison is constant-time.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PasswordHash {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl PasswordHash {
    pub fn new(password: &str, rng: &mut ChaCha20Rng) -> PasswordHash {
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        PasswordHash {
            salt,
            digest: digest(&salt, password),
        }
    }

    /// Constant-time comparison with a candidate password, a word at a
    /// time (`subtle` on each byte was ten times the instructions).
    pub fn verify(&self, candidate: &str) -> bool {
        let words = |digest: &[u8; 32]| -> [u64; 4] {
            std::array::from_fn(|at| {
                let mut word = [0u8; 8];
                word.copy_from_slice(&digest[at * 8..at * 8 + 8]);
                u64::from_le_bytes(word)
            })
        };
        let candidate = words(&digest(&self.salt, candidate));
        candidate[..].ct_eq(&words(&self.digest)[..]).into()
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

fn digest(salt: &[u8; 16], password: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(password.as_bytes());
    hasher.finalize().into()
}

/// A login as sent in `s_login` or CheckAuthentication's `SUBUSER`:
/// `account` or `account!role` (split at the first `!`, protocol.md §5.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login<'a> {
    pub account: &'a str,
    pub role: Option<&'a str>,
}

impl<'a> Login<'a> {
    pub fn parse(text: &'a str) -> Login<'a> {
        Login::split(text, '!')
    }

    /// A login whose role follows `separator`: `!` in HEXONET's dialect,
    /// `:` in CentralNic Reseller's (`account:role`).
    /// (An ASCII separator is found by a byte search, eight bytes at a time.)
    pub fn split(text: &'a str, separator: char) -> Login<'a> {
        let at = match u8::try_from(separator) {
            Ok(byte) if byte.is_ascii() => crate::wire::scan::find(text.as_bytes(), [byte]),
            _ => text.find(separator),
        };
        match at.and_then(|at| Some((text.get(..at)?, text.get(at + separator.len_utf8()..)?))) {
            Some((account, role)) => Login {
                account,
                role: Some(role),
            },
            None => Login {
                account: text,
                role: None,
            },
        }
    }
}

/// Who a request acts as once authenticated: an account, or a role user inside it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Principal {
    pub account: crate::wire::Text,
    pub role: Option<crate::wire::Text>,
}

impl std::fmt::Display for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.role {
            Some(role) => write!(f, "{}!{role}", self.account),
            None => f.write_str(&self.account),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng;

    #[test]
    fn verifies_only_the_right_password_and_salts_each_hash() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let first = PasswordHash::new("test.passw0rd", &mut rng);
        let second = PasswordHash::new("test.passw0rd", &mut rng);
        assert!(first.verify("test.passw0rd"));
        assert!(!first.verify("test.passw0rd "));
        assert!(!first.verify(""));
        assert_ne!(first, second, "two hashes of one password differ by salt");
    }

    #[test]
    fn ids_are_the_same_bytes_or_not_at_any_length() {
        for n in 0..24 {
            let a: Vec<u8> = (0..n).map(|i| b'a' + i as u8).collect();
            assert!(same_id(&a, &a.clone()));
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 1;
                assert!(!same_id(&a, &b), "{n} {at}");
            }
            assert!(!same_id(&a, &a[..n.saturating_sub(1)]) || n == 0);
        }
    }

    #[test]
    fn a_users_entry_near_a_hint_is_checked_by_id() {
        let system = crate::registry::System::new(crate::registry::Entity::Ote, 1);
        let (at, _) = system.user_entry("test.user2").expect("a demo account");
        let found = |id, hint| {
            system
                .user_entry_near(id, hint)
                .map(|(at, user)| (at, user.id.as_str()))
        };
        assert_eq!(found("test.user2", at), Some((at, "test.user2")));
        assert_eq!(found("test.user2", 999), Some((at, "test.user2")));
        let (other, _) = system.user_entry("test.user").expect("a demo account");
        assert_eq!(found("test.user", at), Some((other, "test.user")));
        assert_eq!(found("nobody", at), None);
    }

    #[test]
    fn a_users_place_is_only_a_hint_checked_by_id() {
        let system = crate::registry::System::new(crate::registry::Entity::Ote, 1);
        let (at, user) = system.user_entry("test.user2").expect("a demo account");
        assert_eq!(user.id, "test.user2");
        let found = |id, hint| system.user_at(id, hint).map(|user| user.id.as_str());
        assert_eq!(found("test.user2", at), Some("test.user2"));
        // A stale or wrong place falls back to the lookup by id.
        assert_eq!(found("test.user", at), Some("test.user"));
        assert_eq!(found("test.user2", 999), Some("test.user2"));
        assert_eq!(found("nobody", at), None);
    }

    #[test]
    fn the_first_separator_is_found_at_any_place() {
        for len in 0..40 {
            let text = "a".repeat(len);
            assert_eq!(crate::wire::scan::find(text.as_bytes(), [b'!']), None);
            for at in 0..len {
                let mut bytes = text.clone().into_bytes();
                bytes[at] = b'!';
                if at + 1 < len {
                    bytes[len - 1] = b'!';
                }
                assert_eq!(
                    crate::wire::scan::find(&bytes, [b'!']),
                    Some(at),
                    "{len} {at}"
                );
                bytes[at] = 0x21 ^ 0x80;
                assert_ne!(
                    crate::wire::scan::find(&bytes, [b'!']),
                    Some(at),
                    "{len} {at}"
                );
            }
        }
        assert_eq!(Login::split("acct:role", ':').role, Some("role"));
        assert_eq!(Login::split("acct\u{e9}role", '\u{e9}').role, Some("role"));
    }

    #[test]
    fn splits_role_logins_at_the_first_bang() {
        assert_eq!(
            Login::parse("acct"),
            Login {
                account: "acct",
                role: None
            }
        );
        assert_eq!(
            Login::parse("acct!role"),
            Login {
                account: "acct",
                role: Some("role")
            }
        );
        assert_eq!(
            Login::parse("a!b!c"),
            Login {
                account: "a",
                role: Some("b!c")
            }
        );
    }
}
