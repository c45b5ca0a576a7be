//! The wire IR: [`Request`] (transport fields plus ordered command parameters)
//! and [`Response`] (code, description, ordered properties, in `response.rs`).
//! Owns the data types only; parsing lives in `parse.rs` and formatting in
//! `encode.rs`.

mod encode;
pub mod multipart;
mod params;
mod parse;
mod response;
mod spare;

pub use encode::{encode, encode_into};
pub use params::Params;
pub(crate) use parse::scan;
pub use parse::{parse, parse_into};
pub(crate) use response::row;
#[cfg(test)]
pub(crate) use response::seen_clashes;
pub use response::{Response, Row, RowLines, SUCCESS, printable};
pub use spare::answer_in;

use std::fmt;

use arrayvec::ArrayString;

/// A decoded API request: the `s_*` transport fields and the command parameters.
///
/// Parameter keys are upper-case and unique; `COMMAND` is one of them. Values
/// are trimmed UTF-8 text, and an empty value is kept (it means NULL).
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Request {
    pub entity: Option<Text>,
    pub login: Option<Text>,
    pub password: Option<Secret>,
    pub otp: Option<Secret>,
    pub session: Option<Secret>,
    /// `s_sessionid`: the CentralNic Reseller dialect's session field, kept
    /// apart from `s_session` because it also tells the dialect.
    pub session_id: Option<Secret>,
    /// A `persistent` field came (CentralNic Reseller: log in and open a session).
    pub persistent: bool,
    /// An `s_opmode` field came (sent by RRPproxy clients only, e.g. `OTE`;
    /// it changes nothing but tells the dialect).
    pub opmode: bool,
    pub remote_addr: Option<Text>,
    pub user: Option<Text>,
    pub params: Params,
}

/// A text of a request: kept inline up to 24 bytes (almost every key, login
/// and value), so parsing a request allocates for its long values only,
/// not for each field (issue 14: the allocations and frees of a request's
/// strings were a tenth of its parse and a visible part of its drop).
pub type Text = compact_str::CompactString;

/// Whether a parameter's value is a secret that no log, log entry or
/// explanation may show (product.md, "Secrets"): passwords (`PASSWORD`,
/// `OLDPASSWORD`, ...), auth codes (`AUTH`, `DOMAINAUTH`), registry
/// credentials (`X-AERO-ENS-AUTH-KEY`, `X-CAT-ENS-AUTH-KEY`) and two-factor
/// values (`OTP`, `OLDOTP`, `OTPSECRET`); names compared ignoring case and
/// an index after them (`PASSWORD2`, `AUTH0`: no command takes one, but a
/// client may send it). The one rule of the request debug line, the object
/// log and ACL denials.
pub fn is_secret(param: &str) -> bool {
    let name = param
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .as_bytes();
    ["PASSWORD", "AUTH", "AUTH-KEY", "OTP", "OTPSECRET"]
        .iter()
        .any(|end| {
            name.len() >= end.len()
                && name[name.len() - end.len()..].eq_ignore_ascii_case(end.as_bytes())
        })
}

impl Request {
    /// The COMMAND parameter as sent, if any.
    pub fn command(&self) -> Option<&str> {
        self.params.get("COMMAND").map(Text::as_str)
    }
}

/// Prints the request for a `debug!` log line with every secret redacted.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(key, value)| {
                let shown = if is_secret(key) { "***" } else { value };
                (key.as_str(), shown)
            })
            .collect();
        f.debug_struct("Request")
            .field("entity", &self.entity)
            .field("login", &self.login)
            .field("password", &self.password)
            .field("otp", &self.otp)
            .field("session", &self.session)
            .field("session_id", &self.session_id)
            .field("persistent", &self.persistent)
            .field("opmode", &self.opmode)
            .field("remote_addr", &self.remote_addr)
            .field("user", &self.user)
            .field("params", &params)
            .finish()
    }
}

/// A secret string (password, OTP, session id) whose `Debug` prints `***`.
///
/// Up to [`SECRET_ON_STACK`] bytes it is kept without an allocation: a
/// session id is 64 hex characters, too long for a [`Text`]'s inline 24, and
/// allocating and freeing it was a tenth of parsing a session's request
/// (issue 14).
#[derive(Clone)]
pub struct Secret(Hidden);

/// A secret longer than a [`Text`] keeps inline and up to this long is held
/// in place.
const SECRET_ON_STACK: usize = 64;

#[derive(Clone)]
enum Hidden {
    Text(Text),
    Long(ArrayString<SECRET_ON_STACK>),
}

impl Secret {
    pub fn new(value: impl Into<Text>) -> Secret {
        Secret(Hidden::Text(value.into()))
    }

    /// The secret `value`, held in place when it fits.
    pub(crate) fn from_text(value: &str) -> Secret {
        const INLINE: usize = std::mem::size_of::<Text>();
        if value.len() <= INLINE {
            return Secret(Hidden::Text(value.into()));
        }
        match ArrayString::from(value) {
            Ok(long) => Secret(Hidden::Long(long)),
            Err(_) => Secret(Hidden::Text(value.into())),
        }
    }

    /// The secret itself, for the one comparison that needs it.
    pub fn expose(&self) -> &str {
        match &self.0 {
            Hidden::Text(text) => text,
            Hidden::Long(long) => long,
        }
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}
