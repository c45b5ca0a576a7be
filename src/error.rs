//! The one error enum and the one code/description table of protocol.md §3.
//! Owns every protocol-visible failure; must not depend on hyper, nom or tracing.

use std::borrow::Cow;
use std::fmt;

use crate::dialect::Dialect;

/// protocol.md §3's `421` text with its code, as a CheckDomains row shows it.
pub const SERVER_ERROR_ROW: &str =
    "421 Command failed due to server error. Client should try again";
/// protocol.md §3's `421` text: a panic's and a `tempfail-` name's.
pub const SERVER_ERROR: &str = SERVER_ERROR_ROW.split_at(4).1;

/// A protocol-visible failure. Each variant is an *outcome* a client can see;
/// [`Error::code`] and the `Display` impl below are the whole code table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `420`: the server gave up on the request (a client too slow to send its body).
    ServerClosing(String),
    /// `421`: a bug in otebox (a panic inside a command). The client may retry.
    ServerError,
    /// `421` on purpose: the registry cannot answer for a name right now
    /// (the `tempfail-` scenario names); the detail names the scenario.
    TemporaryFailure(String),
    /// `500`: the COMMAND is absent (`None`) or names no command of the table.
    UnknownCommand(Option<String>),
    /// `502`: `s_entity` names neither system.
    InvalidEntity(String),
    /// `503`: a parameter the command does not take.
    UnknownParameter(String),
    /// `504`: a required parameter is absent or empty; the text names it
    /// (`CLASS=PREMIUM_...` names the value it needs too).
    MissingParameter(Cow<'static, str>),
    /// `505`: a value (or a request field) that is not well-formed.
    InvalidSyntax { name: String, value: String },
    /// `505`: a request with fields of both dialects (or a HEXONET field on the
    /// CentralNic Reseller address); the detail names them.
    MixedDialects(String),
    /// `505`: a DNS record line that cannot be stored, in the real API's
    /// words (`resource record [<line>]`, which the SDKs' translators match)
    /// and the reason after them.
    InvalidRecord { line: String, why: String },
    /// `505`: a value that breaks a syntax rule the detail names.
    SyntaxRule {
        name: String,
        value: String,
        rule: String,
    },
    /// `506`: a list option (ORDERBY, USERDEPTH, ...) outside its set.
    InvalidOption(String),
    /// `506`: the object is still used by another one (a contact by a domain).
    ObjectInUse(String),
    /// `507`: the request text itself cannot be read as a command.
    InvalidFormat(String),
    /// `521`: the session table of a system, or one account's share of it, is full;
    /// the detail names the cap.
    TooManySessions(String),
    /// `425`: the client address is locked out after failed logins; the detail
    /// says how many, from where, and until when.
    Locked(String),
    /// `425` with `QUOTAEXCEEDED=1`: the account used up its requests of this minute.
    QuotaExceeded(String),
    /// `530`: the client address is outside the principal's allow-list; the
    /// detail names the address seen and the list (both dialects keep it).
    AddressNotPermitted(String),
    /// `530 Authentication failed; OTP`: the principal has two-factor
    /// authentication and `s_otp` is missing or wrong (both dialects keep the detail).
    Otp(String),
    /// `530`: the caller could not be authenticated; the detail says why.
    AuthenticationFailed(String),
    /// `531`: the caller is known but may not do this; the detail says why.
    AuthorizationFailed(String),
    /// `531`: `object` belongs to subuser `holder` below the caller's view
    /// `view`; the text says how to reach it in the request's dialect
    /// (HEXONET `s_user=<chain>`, CentralNic Reseller `SUBUSER=<holder>`).
    HeldBySubuser {
        object: String,
        holder: String,
        view: String,
        chain: String,
    },
    /// `510`: the command does not apply to this TLD or object class.
    NotSupportedForClass(String),
    /// `532`: a host is still used as a nameserver by domains.
    LinkedWithNameserver(String),
    /// `540`: the object (handle, host, zone, ...) exists already.
    NotUnique(String),
    /// `541`: a well-formed value that is out of range or not allowed; the
    /// detail names the parameter (see [`Error::invalid`]).
    InvalidValue(String),
    /// `545`: the object the command refers to does not exist.
    ObjectNotFound(String),
    /// `545` in the registry's own words (`Object does not exist`), for objects
    /// a registry wants to exist first (.ca hosts; the text HEXONET's WHMCS FAQ quotes).
    ObjectDoesNotExist(String),
    /// `545` whose CentralNic Reseller DESCRIPTION keeps its detail, in the
    /// platform's own words where a client's recording shows one
    /// (`Entity reference not found; no ownerchange found for relevant
    /// registrar`, StatusOwnerChange).
    EntityNotFound(&'static str),
    /// `546`: the charge would take the balance below the credit limit.
    CreditLimitExceeded(String),
    /// `548`: the object cannot be renewed (yet, or any more).
    NotUpForRenewal(String),
    /// `549`: the registry refused; the detail says why.
    CommandFailed(String),
    /// `552`: the object's status forbids the operation (locks, pending states).
    StatusProhibits(String),
    /// `554`: the name is registered already.
    AlreadyRegistered(String),
    /// `561`: the object is still used by another one, in the CentralNic
    /// Reseller's words (a contact by a domain, cnr-commands.md §15).
    ResourceInUse(String),
    /// `550`: a host lies under no domain of the caller's account (the
    /// CentralNic Reseller platform's text, used in both dialects).
    ParentNotRegistered(String),
    /// `556`: the term would pass the registry's maximum (the CentralNic
    /// Reseller platform's code; HEXONET's RenewDomain answers 548).
    MaxPeriodExceeded(String),
    /// `555`: the renewal asked for was made already (RenewDomain's
    /// EXPIRATION or EXPIRATIONDATE before the current expiry).
    AlreadyRenewed(String),
    /// `534`: no transfer of the object is pending (CANCEL, APPROVE, DENY).
    NotFlaggedForTransfer(String),
    /// `536`: a transfer of the object is pending already.
    AlreadyFlaggedForTransfer(String),
    /// `553`: the object has a transfer pending, which forbids the change.
    PendingTransfer(String),
}

/// The crate-wide result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The three-digit result code of protocol.md §3.2.
    pub fn code(&self) -> u16 {
        match self {
            Error::ServerClosing(_) => 420,
            Error::ServerError | Error::TemporaryFailure(_) => 421,
            Error::UnknownCommand(_) => 500,
            Error::InvalidEntity(_) => 502,
            Error::UnknownParameter(_) => 503,
            Error::MissingParameter(_) => 504,
            Error::InvalidSyntax { .. }
            | Error::SyntaxRule { .. }
            | Error::MixedDialects(_)
            | Error::InvalidRecord { .. } => 505,
            Error::InvalidOption(_) | Error::ObjectInUse(_) => 506,
            Error::InvalidFormat(_) => 507,
            Error::TooManySessions(_) => 521,
            Error::Locked(_) | Error::QuotaExceeded(_) => 425,
            Error::AuthenticationFailed(_) | Error::AddressNotPermitted(_) | Error::Otp(_) => 530,
            Error::AuthorizationFailed(_) | Error::HeldBySubuser { .. } => 531,
            Error::NotSupportedForClass(_) => 510,
            Error::LinkedWithNameserver(_) => 532,
            Error::NotUnique(_) => 540,
            Error::InvalidValue(_) => 541,
            Error::ObjectNotFound(_) | Error::ObjectDoesNotExist(_) | Error::EntityNotFound(_) => {
                545
            }
            Error::CreditLimitExceeded(_) => 546,
            Error::NotUpForRenewal(_) => 548,
            Error::CommandFailed(_) => 549,
            Error::StatusProhibits(_) => 552,
            Error::AlreadyRegistered(_) => 554,
            Error::ResourceInUse(_) => 561,
            Error::ParentNotRegistered(_) => 550,
            Error::AlreadyRenewed(_) => 555,
            Error::MaxPeriodExceeded(_) => 556,
            Error::NotFlaggedForTransfer(_) => 534,
            Error::AlreadyFlaggedForTransfer(_) => 536,
            Error::PendingTransfer(_) => 553,
        }
    }

    /// `541 Invalid attribute value; NAME: detail`.
    pub fn invalid(name: &str, detail: impl fmt::Display) -> Error {
        Error::InvalidValue(format!("{name}: {detail}"))
    }

    /// `505 Invalid attribute value syntax; NAME: (value)`.
    pub fn syntax(name: &str, value: &str) -> Error {
        Error::InvalidSyntax {
            name: name.to_owned(),
            value: value.to_owned(),
        }
    }

    /// `505 Invalid attribute value syntax; NAME: (value) rule`.
    pub fn syntax_rule(name: &str, value: &str, rule: impl fmt::Display) -> Error {
        Error::SyntaxRule {
            name: name.to_owned(),
            value: value.to_owned(),
            rule: rule.to_string(),
        }
    }

    /// The DESCRIPTION in `dialect`. HEXONET's is the `Display` text. The
    /// CentralNic Reseller platform names some codes differently
    /// (cnr-commands.md §0.3) and, where its recordings show no detail
    /// (`545`, `530`), gives none: the log keeps the full reason.
    pub fn describe(&self, dialect: Dialect) -> Cow<'static, str> {
        if dialect == Dialect::Hexonet {
            return Cow::Owned(self.to_string());
        }
        if let Some(bare) = self.bare(dialect) {
            return Cow::Borrowed(bare);
        }
        match self {
            Error::NotUpForRenewal(why) => {
                Cow::Owned(format!("Domain is not up for renewal; {why}"))
            }
            Error::StatusProhibits(why) => {
                Cow::Owned(format!("Domain status does not allow for operation; {why}"))
            }
            Error::AlreadyRegistered(what) => {
                Cow::Owned(format!("Domain already registered; {what}"))
            }
            Error::AlreadyRenewed(why) => Cow::Owned(format!("Domain already renewed; {why}")),
            Error::EntityNotFound(what) => {
                Cow::Owned(format!("Entity reference not found; {what}"))
            }
            Error::PendingTransfer(why) => Cow::Owned(format!(
                "Operation not allowed. Domain pending transfer; {why}"
            )),
            // The CNR view takes the holder's id directly (`s_user` is
            // refused on that route with 505).
            Error::HeldBySubuser {
                object,
                holder,
                view,
                ..
            } => Cow::Owned(format!(
                "Authorization failed; {object} belongs to subuser {holder} of {view}: send SUBUSER={holder}"
            )),
            other => Cow::Owned(other.to_string()),
        }
    }

    /// The full reason when `dialect`'s DESCRIPTION leaves it out (the CNR
    /// `545` and `530` carry no detail), for the log and the inspector;
    /// `None` when the DESCRIPTION says it all.
    pub fn withheld(&self, dialect: Dialect) -> Option<String> {
        self.bare(dialect).map(|_| self.to_string())
    }

    /// The DESCRIPTION without detail that `dialect` gives this error, if
    /// it gives one: the CNR recordings of `545` and `530` show none.
    fn bare(&self, dialect: Dialect) -> Option<&'static str> {
        match (dialect, self) {
            (Dialect::Cnr, Error::ObjectNotFound(_) | Error::ObjectDoesNotExist(_)) => {
                Some("Entity reference not found")
            }
            (Dialect::Cnr, Error::AuthenticationFailed(_)) => Some("Authentication failed"),
            _ => None,
        }
    }

    /// A refusal of the request's form before anything ran (503, 504, 505):
    /// the CentralNic Reseller layout writes these without `runtime` and
    /// `queuetime`, as its recordings show (cnr-dialect.md §4.4).
    pub fn is_validation(&self) -> bool {
        matches!(self.code(), 503..=505)
    }

    /// `504 Missing required attribute; NAME` for a name built at run time.
    pub fn missing(name: impl Into<Cow<'static, str>>) -> Error {
        Error::MissingParameter(name.into())
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
            Error::ServerError => f.write_str(SERVER_ERROR),
            Error::TemporaryFailure(why) => write!(f, "{SERVER_ERROR}; {why}"),
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
            Error::MixedDialects(why) => write!(f, "Invalid attribute value syntax; {why}"),
            Error::InvalidRecord { line, why } => write!(
                f,
                "Invalid attribute value syntax; resource record [{line}] ({why})"
            ),
            Error::SyntaxRule { name, value, rule } => {
                write!(
                    f,
                    "Invalid attribute value syntax; {name}: ({value}) {rule}"
                )
            }
            Error::InvalidOption(why) => write!(f, "Invalid option value; {why}"),
            Error::ObjectInUse(why) => write!(f, "Object is in use; {why}"),
            Error::InvalidFormat(why) => write!(f, "Invalid command format; {why}"),
            Error::TooManySessions(why) => {
                write!(
                    f,
                    "Too many sessions open. Server closing connection; {why}"
                )
            }
            Error::Locked(why) | Error::QuotaExceeded(why) => {
                write!(f, "Service temporarily locked; usage exceeded; {why}")
            }
            Error::AddressNotPermitted(why) => write!(
                f,
                "Authentication failed; User not permitted from this IP address {why}"
            ),
            Error::Otp(why) => write!(f, "Authentication failed; OTP; {why}"),
            Error::AuthenticationFailed(why) => write!(f, "Authentication failed; {why}"),
            Error::AuthorizationFailed(why) => write!(f, "Authorization failed; {why}"),
            Error::HeldBySubuser {
                object,
                holder,
                view,
                chain,
            } => write!(
                f,
                "Authorization failed; {object} belongs to subuser {holder} of {view}: send s_user={chain}"
            ),
            Error::NotSupportedForClass(why) => {
                write!(f, "Command not supported for this class; {why}")
            }
            Error::LinkedWithNameserver(why) => {
                write!(f, "Domain names linked with name server; {why}")
            }
            Error::NotUnique(what) => write!(f, "Attribute value is not unique; {what}"),
            Error::InvalidValue(detail) => write!(f, "Invalid attribute value; {detail}"),
            Error::ObjectNotFound(what) => write!(f, "Object not found; {what}"),
            Error::ObjectDoesNotExist(what) => write!(f, "Object does not exist; {what}"),
            Error::EntityNotFound(what) => write!(f, "Object not found; {what}"),
            Error::CreditLimitExceeded(why) => write!(f, "Credit limit exceeded; {why}"),
            Error::NotUpForRenewal(why) => write!(f, "Object is not up for renewal; {why}"),
            Error::CommandFailed(why) => write!(f, "Command failed; {why}"),
            Error::StatusProhibits(why) => {
                write!(f, "Object status does not allow for operation; {why}")
            }
            Error::AlreadyRegistered(what) => write!(f, "Object already registered; {what}"),
            Error::ResourceInUse(why) => write!(f, "Resource still in use; {why}"),
            Error::ParentNotRegistered(why) => write!(f, "Parent domain not registered; {why}"),
            Error::AlreadyRenewed(why) => write!(f, "Object already renewed; {why}"),
            Error::MaxPeriodExceeded(why) => {
                write!(f, "Maximum registration period exceeded; {why}")
            }
            Error::NotFlaggedForTransfer(why) => {
                write!(f, "Object has not been flagged for transfer; {why}")
            }
            Error::AlreadyFlaggedForTransfer(why) => {
                write!(f, "Object already flagged for transfer; {why}")
            }
            Error::PendingTransfer(why) => {
                write!(f, "Operation not allowed. Object pending transfer; {why}")
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests;
