//! The wire IR: [`Request`] (transport fields plus ordered command parameters)
//! and [`Response`] (code, description, ordered properties). Owns the data
//! types only; parsing lives in `parse.rs` and formatting in `encode.rs`.

mod encode;
mod parse;

pub use encode::encode;
pub use parse::parse;

use indexmap::IndexMap;
use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::error::Error;

/// A decoded API request: the `s_*` transport fields and the command parameters.
///
/// Parameter keys are upper-case and unique; `COMMAND` is one of them. Values
/// are trimmed UTF-8 text, and an empty value is kept (it means NULL).
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Request {
    pub entity: Option<String>,
    pub login: Option<String>,
    pub password: Option<Secret>,
    pub otp: Option<Secret>,
    pub session: Option<Secret>,
    pub remote_addr: Option<String>,
    pub user: Option<String>,
    pub params: IndexMap<String, String>,
}

/// Parameters whose values never reach a log (product.md, "Secrets").
const SECRET_PARAMS: &[&str] = &["PASSWORD", "NEWPASSWORD", "OLDPASSWORD"];

impl Request {
    /// The COMMAND parameter as sent, if any.
    pub fn command(&self) -> Option<&str> {
        self.params.get("COMMAND").map(String::as_str)
    }
}

/// Prints the request for a `debug!` log line with every secret redacted.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(key, value)| {
                let shown = if SECRET_PARAMS.contains(&key.as_str()) {
                    "***"
                } else {
                    value
                };
                (key.as_str(), shown)
            })
            .collect();
        f.debug_struct("Request")
            .field("entity", &self.entity)
            .field("login", &self.login)
            .field("password", &self.password)
            .field("otp", &self.otp)
            .field("session", &self.session)
            .field("remote_addr", &self.remote_addr)
            .field("user", &self.user)
            .field("params", &params)
            .finish()
    }
}

/// A secret string (password, OTP, session id) whose `Debug` prints `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
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

/// An API response before encoding. Columns keep insertion order, and each
/// column is a property's values (`PROPERTY[NAME][0..n]`).
///
/// Columns are a `Vec`, not a map: a response has a handful of them, a short
/// scan beats hashing, and names are usually `'static` (no allocation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub code: u16,
    pub description: Cow<'static, str>,
    pub properties: Vec<Column>,
    /// `PENDING=1`: accepted, finishes later (protocol.md §2.1).
    pub pending: bool,
    /// Wall time spent on the request; the server fills it in, fixtures keep 0.
    pub runtime: Duration,
}

/// One property of a response: its name and its values in index order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: Cow<'static, str>,
    pub values: Vec<String>,
}

/// The success text shared by nearly every command (protocol.md §3.2).
pub const SUCCESS: &str = "Command completed successfully";

impl Response {
    /// `200 Command completed successfully` with no properties yet.
    pub fn ok() -> Response {
        Response {
            code: 200,
            description: Cow::Borrowed(SUCCESS),
            properties: Vec::new(),
            pending: false,
            runtime: Duration::ZERO,
        }
    }

    /// Appends one value to the column `name`.
    pub fn push(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) -> &mut Response {
        let name = name.into();
        match self.column_mut(&name) {
            Some(column) => column.values.push(value.into()),
            None => self.properties.push(Column {
                name,
                values: vec![value.into()],
            }),
        }
        self
    }

    /// Appends one value to the column `name` and returns the response, for chaining.
    pub fn with(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) -> Response {
        self.push(name, value);
        self
    }

    /// The values of the column `name`, if there is one.
    pub fn column(&self, name: &str) -> Option<&[String]> {
        self.properties
            .iter()
            .find(|column| column.name == name)
            .map(|column| column.values.as_slice())
    }

    /// The first value of the column `name`, if any.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.column(name)?.first().map(String::as_str)
    }

    /// Rows are usually pushed column by column in order, so the column
    /// wanted is most often the last one: search from the end.
    fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.properties
            .iter_mut()
            .rev()
            .find(|column| column.name == name)
    }
}

impl From<Error> for Response {
    fn from(error: Error) -> Response {
        Response {
            code: error.code(),
            description: Cow::Owned(error.to_string()),
            ..Response::ok()
        }
    }
}
