//! The wire IR: [`Request`] (transport fields plus ordered command parameters)
//! and [`Response`] (code, description, ordered properties). Owns the data
//! types only; parsing lives in `parse.rs` and formatting in `encode.rs`.

mod encode;
mod params;
mod parse;
mod spare;

pub use encode::encode;
pub use params::Params;
pub use parse::parse;

use std::borrow::Cow;
use std::fmt::{self, Write};
use std::time::Duration;

use crate::dialect::Dialect;
use crate::error::Error;

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
/// `OLDPASSWORD`, ...), auth codes (`AUTH`, `DOMAINAUTH`) and two-factor
/// values (`OTP`, `OLDOTP`, `OTPSECRET`); names compared ignoring case.
/// The one rule of the request debug line, the object log and ACL denials.
pub fn is_secret(param: &str) -> bool {
    let name = param.as_bytes();
    ["PASSWORD", "AUTH", "OTP", "OTPSECRET"].iter().any(|end| {
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
            .field("remote_addr", &self.remote_addr)
            .field("user", &self.user)
            .field("params", &params)
            .finish()
    }
}

/// A secret string (password, OTP, session id) whose `Debug` prints `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Text);

impl Secret {
    pub fn new(value: impl Into<Text>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one comparison that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// An API response before encoding: code, description, and properties, each
/// a column of values (`PROPERTY[NAME][0..n]`) in the order first pushed.
///
/// Values live in one text buffer and column names are usually `'static`, so
/// a typical response costs three allocations (which grow with it) instead of
/// a `String` and a `Vec` per value, which the profile showed costing about
/// five percent of throughput (BENCHMARKS.md, "Profile").
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    pub code: u16,
    pub description: Cow<'static, str>,
    /// `PENDING=1`: accepted, finishes later (protocol.md §2.1).
    pub pending: bool,
    /// Wall time spent on the request; the server fills it in, fixtures keep 0.
    pub runtime: Duration,
    /// The layout it is written in: HEXONET's, or CentralNic Reseller's
    /// (lower-case keys, ` = `, LF, properties in push order).
    pub dialect: Dialect,
    /// Whether the CentralNic Reseller layout writes `runtime` and
    /// `queuetime`: its validation refusals (503, 504, 505) carry neither.
    pub timed: bool,
    /// Column names, in the order each was first pushed, each with a cheap
    /// fingerprint (see [`fingerprint`]): finding a column compares these
    /// first, so a response of fifty columns (StatusDomain) does not pay fifty
    /// string comparisons for each new one.
    names: Vec<(u64, Cow<'static, str>)>,
    /// One bit per fingerprint seen (256 bits): a name whose bit is clear is
    /// a new column without any search, the usual case in wide responses.
    seen: [u64; 4],
    /// Every value in push order: its column and where it is in `text`.
    values: Vec<Value>,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Value {
    column: usize,
    start: usize,
    end: usize,
}

/// The success text shared by nearly every command (protocol.md §3.2).
pub const SUCCESS: &str = "Command completed successfully";

impl Response {
    /// `200 Command completed successfully` with no properties yet.
    pub fn ok() -> Response {
        let spare::Buffers {
            names,
            values,
            text,
        } = spare::take();
        Response {
            code: 200,
            description: Cow::Borrowed(SUCCESS),
            pending: false,
            runtime: Duration::ZERO,
            dialect: Dialect::Hexonet,
            timed: true,
            names,
            seen: [0; 4],
            values,
            text,
        }
    }

    /// `200` with room for `values` property values of `text` bytes in all,
    /// for handlers that know their answer is large (StatusDomain, lists):
    /// the buffers then never grow while the answer is built.
    pub fn with_room(values: usize, text: usize) -> Response {
        let mut response = Response::ok();
        response.names.reserve_exact(values.min(64));
        response.values.reserve_exact(values);
        response.text.reserve_exact(text);
        response
    }

    /// A success with its own code and text, such as `210 Domain name
    /// available` or `219 Request is not available; <reason>` (2xx answers).
    pub fn status(code: u16, description: impl Into<Cow<'static, str>>) -> Response {
        let mut response = Response::ok();
        response.code = code;
        response.description = description.into();
        response
    }

    /// Appends one value to the column `name`. The value is written straight
    /// into the response's text, so numbers and amounts need no `String`.
    pub fn push(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl fmt::Display,
    ) -> &mut Response {
        let column = self.column(name.into());
        let start = self.text.len();
        // Writing into a `String` cannot fail.
        let _ = write!(self.text, "{value}");
        self.values.push(Value {
            column,
            start,
            end: self.text.len(),
        });
        self
    }

    /// [`Response::push`] for a value that is text already: copied as it is,
    /// without the formatting machinery (which costs more than the copy in
    /// wide answers such as StatusDomain and CheckDomains).
    pub fn push_str(&mut self, name: impl Into<Cow<'static, str>>, value: &str) -> &mut Response {
        let column = self.column(name.into());
        let start = self.text.len();
        self.text.push_str(value);
        self.values.push(Value {
            column,
            start,
            end: self.text.len(),
        });
        self
    }

    /// The index of the column `name`, added if new.
    fn column(&mut self, name: Cow<'static, str>) -> usize {
        // Rows are usually pushed column by column, so search from the end.
        let print = fingerprint(&name);
        let known = |(at, (known, text)): (usize, &(u64, Cow<'static, str>))| {
            (*known == print && *text == name).then_some(at)
        };
        let bit = (print ^ print >> 29 ^ print >> 47) as usize & 255;
        let maybe_known = self.seen[bit / 64] & 1 << (bit % 64) != 0;
        self.seen[bit / 64] |= 1 << (bit % 64);
        let found = match maybe_known {
            true => self.names.iter().enumerate().rev().find_map(known),
            false => None,
        };
        match found {
            Some(column) => column,
            None => {
                if self.names.capacity() == 0 {
                    // Room for a typical response in one allocation each.
                    self.names.reserve_exact(8);
                    self.values.reserve_exact(8);
                    self.text.reserve_exact(128);
                }
                self.names.push((print, name));
                self.names.len() - 1
            }
        }
    }

    /// Appends one value to the column `name` and returns the response, for chaining.
    pub fn with(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl fmt::Display,
    ) -> Response {
        self.push(name, value);
        self
    }

    /// The first value of the column `name`, if any.
    pub fn first(&self, name: &str) -> Option<&str> {
        let column = self.names.iter().position(|(_, known)| known == name)?;
        self.values
            .iter()
            .find(|value| value.column == column)
            .map(|value| self.value(value))
    }

    /// Every property line in the canonical order, as (name, index, value):
    /// columns in the order first pushed, each column's values in push order.
    pub fn lines(&self) -> impl Iterator<Item = (&str, usize, &str)> {
        // Values pushed column by column are in order already; rows pushed
        // across columns (CheckDomains, lists) are put in order by one
        // counting pass, which keeps each column's push order.
        let values = if self.values.is_sorted_by_key(|value| value.column) {
            Cow::Borrowed(self.values.as_slice())
        } else {
            let mut starts = vec![0; self.names.len() + 1];
            for value in &self.values {
                starts[value.column + 1] += 1;
            }
            for column in 1..starts.len() {
                starts[column] += starts[column - 1];
            }
            let mut sorted = self.values.clone();
            for value in &self.values {
                sorted[starts[value.column]] = *value;
                starts[value.column] += 1;
            }
            Cow::Owned(sorted)
        };
        let mut previous = None;
        let mut index = 0;
        (0..values.len()).map(move |at| {
            let value = values[at];
            index = if previous == Some(value.column) {
                index + 1
            } else {
                0
            };
            previous = Some(value.column);
            let name = &self.names[value.column].1;
            (name.as_ref(), index, self.value(&value))
        })
    }

    /// Calls `each` with every property line in push order, as (name, index,
    /// value), each index counted within its column: the CentralNic Reseller
    /// layout, where the handler pushes properties in wire order and rows cell
    /// by cell. The counters live on the stack for up to 64 columns.
    pub fn each_as_pushed(&self, mut each: impl FnMut(&str, usize, &str)) {
        let mut small = [0usize; 64];
        let mut large = Vec::new();
        let counts: &mut [usize] = match self.names.len() {
            n if n <= small.len() => &mut small[..n],
            n => {
                large.resize(n, 0);
                &mut large
            }
        };
        for value in &self.values {
            let index = counts[value.column];
            counts[value.column] += 1;
            each(&self.names[value.column].1, index, self.value(value));
        }
    }

    /// How many property lines the response has.
    pub fn line_count(&self) -> usize {
        self.values.len()
    }

    fn value(&self, value: &Value) -> &str {
        &self.text[value.start..value.end]
    }
}

/// A response's buffers go back to its thread's spares (`spare.rs`).
impl Drop for Response {
    fn drop(&mut self) {
        spare::give_back(spare::Buffers {
            names: std::mem::take(&mut self.names),
            values: std::mem::take(&mut self.values),
            text: std::mem::take(&mut self.text),
        });
    }
}

/// The length and the first and last three bytes of a column name: equal
/// names have equal prints, and different names of one response almost never do.
fn fingerprint(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let byte = |at: usize| u64::from(bytes.get(at).copied().unwrap_or(0));
    let end = bytes.len().saturating_sub(3);
    (bytes.len() as u64 & 0xffff)
        | byte(0) << 16
        | byte(1) << 24
        | byte(2) << 32
        | byte(end) << 40
        | byte(end + 1) << 48
        | byte(end + 2) << 56
}

/// Shows the properties as columns, the way they will be encoded.
impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .lines()
            .map(|(name, index, value)| format!("{name}[{index}]={value}"))
            .collect();
        f.debug_struct("Response")
            .field("code", &self.code)
            .field("description", &self.description)
            .field("pending", &self.pending)
            .field("runtime", &self.runtime)
            .field("properties", &lines)
            .finish()
    }
}

impl From<Error> for Response {
    /// The error in the HEXONET layout (see [`Response::refusal`]).
    fn from(error: Error) -> Response {
        Response::refusal(&error, Dialect::Hexonet)
    }
}

impl Response {
    /// The error's text in `dialect` ([`Error::describe`]), with braces
    /// written as parentheses: details echo request values, and the SDKs
    /// delete `{...}` tokens from answers.
    pub fn refusal(error: &Error, dialect: Dialect) -> Response {
        let mut text = error.describe(dialect);
        if text.contains(['{', '}']) {
            text = Cow::Owned(text.replace('{', "(").replace('}', ")"));
        }
        let mut response = Response::ok();
        response.code = error.code();
        response.description = text;
        response.dialect = dialect;
        response.timed = !error.is_validation();
        // CheckAuthentication documents the flag (protocol.md §5.3, without its space).
        if matches!(error, Error::QuotaExceeded(_)) {
            response.push("QUOTAEXCEEDED", 1);
        }
        response
    }
}
