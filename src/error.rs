//! The one error enum and the one code/description table of protocol.md §3.
//! Owns every protocol-visible failure; must not depend on hyper, nom or tracing.

use std::fmt;

/// A protocol-visible failure. Each variant is an *outcome* a client can see;
/// [`Error::code`] and the `Display` impl below are the whole code table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `420`: the server gave up on the request (a client too slow to send its body).
    ServerClosing(String),
    /// `421`: a bug in otebox (a panic inside a command). The client may retry.
    ServerError,
    /// `500`: the COMMAND is absent (`None`) or names no command of the table.
    UnknownCommand(Option<String>),
    /// `502`: `s_entity` names neither system.
    InvalidEntity(String),
    /// `503`: a parameter the command does not take.
    UnknownParameter(String),
    /// `504`: a required parameter is absent or empty.
    MissingParameter(&'static str),
    /// `505`: a value (or a request field) that is not well-formed.
    InvalidSyntax { name: String, value: String },
    /// `507`: the request text itself cannot be read as a command.
    InvalidFormat(String),
    /// `521`: the session table of a system is full.
    TooManySessions(usize),
    /// `530`: the caller could not be authenticated; the detail says why.
    AuthenticationFailed(String),
    /// `531`: the caller is known but may not do this; the detail says why.
    AuthorizationFailed(String),
    /// `541`: a well-formed value that is out of range or not allowed.
    InvalidValue { name: &'static str, detail: String },
    /// `545`: the object the command refers to does not exist.
    ObjectNotFound(String),
}

/// The crate-wide result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The three-digit result code of protocol.md §3.2.
    pub fn code(&self) -> u16 {
        match self {
            Error::ServerClosing(_) => 420,
            Error::ServerError => 421,
            Error::UnknownCommand(_) => 500,
            Error::InvalidEntity(_) => 502,
            Error::UnknownParameter(_) => 503,
            Error::MissingParameter(_) => 504,
            Error::InvalidSyntax { .. } => 505,
            Error::InvalidFormat(_) => 507,
            Error::TooManySessions(_) => 521,
            Error::AuthenticationFailed(_) => 530,
            Error::AuthorizationFailed(_) => 531,
            Error::InvalidValue { .. } => 541,
            Error::ObjectNotFound(_) => 545,
        }
    }
}

/// The DESCRIPTION: the base text of protocol.md §3.2, byte for byte, then
/// `; <detail>` where a detail helps the tester (§3.3).
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ServerClosing(why) => write!(
                f,
                "Command failed due to server error. Server closing connection; {why}"
            ),
            Error::ServerError => {
                f.write_str("Command failed due to server error. Client should try again")
            }
            Error::UnknownCommand(None) => f.write_str("Invalid command name; COMMAND is missing"),
            Error::UnknownCommand(Some(_)) => f.write_str("Invalid command name"),
            Error::InvalidEntity(value) => write!(
                f,
                "Invalid entity value; s_entity must be 54cd (LIVE) or 1234 (OT&E), not ({value})"
            ),
            Error::UnknownParameter(name) => write!(f, "Invalid attribute name; {name}"),
            Error::MissingParameter(name) => write!(f, "Missing required attribute; {name}"),
            Error::InvalidSyntax { name, value } => {
                write!(f, "Invalid attribute value syntax; {name}: ({value})")
            }
            Error::InvalidFormat(why) => write!(f, "Invalid command format; {why}"),
            Error::TooManySessions(limit) => write!(
                f,
                "Too many sessions open. Server closing connection; limit of {limit} sessions reached, end some with EndSession"
            ),
            Error::AuthenticationFailed(why) => write!(f, "Authentication failed; {why}"),
            Error::AuthorizationFailed(why) => write!(f, "Authorization failed; {why}"),
            Error::InvalidValue { name, detail } => {
                write!(f, "Invalid attribute value; {name}: {detail}")
            }
            Error::ObjectNotFound(what) => write!(f, "Object not found; {what}"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clients match on the base text (protocol.md §0.1 item 8), so each one is
    /// pinned here against the table of §3.2.
    #[test]
    fn base_texts_match_the_protocol_table() {
        let cases: &[(Error, u16, &str)] = &[
            (
                Error::ServerError,
                421,
                "Command failed due to server error. Client should try again",
            ),
            (
                Error::UnknownCommand(Some("X".into())),
                500,
                "Invalid command name",
            ),
            (
                Error::UnknownParameter("FOO".into()),
                503,
                "Invalid attribute name; FOO",
            ),
            (
                Error::MissingParameter("PASSWORD"),
                504,
                "Missing required attribute; PASSWORD",
            ),
            (
                Error::InvalidSyntax {
                    name: "TIMEOUT".into(),
                    value: "x".into(),
                },
                505,
                "Invalid attribute value syntax; TIMEOUT: (x)",
            ),
            (
                Error::AuthenticationFailed("why".into()),
                530,
                "Authentication failed; why",
            ),
            (
                Error::AuthorizationFailed("why".into()),
                531,
                "Authorization failed; why",
            ),
            (
                Error::ObjectNotFound("SESSION".into()),
                545,
                "Object not found; SESSION",
            ),
        ];
        for (error, code, text) in cases {
            assert_eq!(error.code(), *code, "{error:?}");
            assert_eq!(error.to_string(), *text);
        }
    }
}
