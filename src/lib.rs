//! otebox: a self-hosted sandbox of the HEXONET / CentralNic Reseller ISPAPI
//! registrar API. This file wires the stages together and holds nothing else.
//!
//! Layout, in the order a request flows (see ARCHITECTURE.md):
//! - `server` — HTTP (hyper/tokio), the one lock, timeouts, shutdown;
//! - `wire` — request bytes → `wire::Request`, `wire::Response` → response text;
//! - `command` — the `COMMANDS` table, `dispatch`, one function per command;
//! - `auth` — sessions, credentials and the `s_user` view;
//! - `registry` — the data and its rules, deterministic and synchronous;
//! - `error` — the one error enum and the one code/description table;
//! - `log` — the log line format and its batching writer thread;
//! - `tls` — the local CA, the server certificate, the TLS handshake.

#![warn(unreachable_pub)]

pub mod auth;
pub mod command;
pub mod dialect;
pub mod dns;
pub mod error;
pub mod log;
pub mod registry;
pub mod server;
pub mod tls;
pub mod wire;

use std::net::IpAddr;

use auth::Caller;
use dialect::{Dialect, Route};
use error::Error;
use registry::{Registry, Timestamp};
use wire::{Request, Response};

/// Transport facts of one request, passed in so that `handle` stays a pure
/// function of (registry, meta, bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub peer: IpAddr,
    pub now: Timestamp,
    /// The address it came to, which may settle its dialect.
    pub route: Route,
    /// The address an `X-Forwarded-For` header names (its rightmost entry).
    pub forwarded: Option<IpAddr>,
    /// Whether `peer` is a `--trusted-proxy`, whose `s_remoteaddr` and
    /// `X-Forwarded-For` name the client.
    pub trusted_proxy: bool,
    /// Seconds the registry takes to confirm a registration or a transfer
    /// of this request: set by a fired `slow-registry` fault rule
    /// (`server/faults.rs`), read by AddDomain, AddDomainApplication and
    /// TransferDomain (`Ctx::slow`); `None`: the registry answers at once.
    pub slow: Option<u64>,
}

impl Meta {
    /// A request from 127.0.0.1 at `now` on the shared route, with no
    /// forwarding headers: what unit tests and benches run with.
    pub fn loopback(now: Timestamp) -> Meta {
        Meta {
            peer: IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            now,
            route: Route::DEFAULT,
            forwarded: None,
            trusted_proxy: false,
            slow: None,
        }
    }
}

/// The result of one request: the response, and the caller when
/// authentication succeeded (the request log names it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub response: Response,
    pub caller: Option<Caller>,
    /// The full reason of a refusal whose DESCRIPTION leaves it out (the
    /// CentralNic Reseller texts of `530` and `545`), for the log.
    pub reason: Option<String>,
}

/// Runs one API request (query string and body, both form-urlencoded)
/// against the registry: [`wire::parse`], then [`execute`]. Synchronous, with
/// no socket and no clock: the protocol fixtures drive this function directly.
///
/// ```
/// use otebox::registry::{Registry, Timestamp};
/// use otebox::{Meta, handle, wire};
///
/// let mut registry = Registry::new(1);
/// let meta = Meta { peer: [127, 0, 0, 1].into(), now: Timestamp(1_767_225_600), route: Default::default(), forwarded: None, trusted_proxy: false, slow: None };
/// let body = b"s_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=StatusAccount";
/// let outcome = handle(&mut registry, &meta, b"", body);
/// assert_eq!(outcome.response.code, 200);
/// assert_eq!(outcome.response.first("CURRENCY"), Some("EUR"));
/// assert!(wire::encode(&outcome.response).starts_with("[RESPONSE]\r\nPROPERTY[AMOUNT][0]="));
/// ```
pub fn handle(registry: &mut Registry, meta: &Meta, query: &[u8], body: &[u8]) -> Outcome {
    match wire::parse(query, body) {
        Ok(request) => execute(registry, meta, &request),
        Err(error) => refused(&error, meta.route.fallback(), None),
    }
}

/// Runs one parsed request: the part of [`handle`] that needs the registry.
/// The server parses and encodes outside its lock and holds it only for this.
/// The dialect is chosen here, once, and the whole answer is in it.
pub fn execute(registry: &mut Registry, meta: &Meta, request: &Request) -> Outcome {
    let dialect = match dialect::choose(meta.route, request) {
        Ok(dialect) => dialect,
        Err(error) => return refused(&error, meta.route.fallback(), None),
    };
    wire::answer_in(dialect);
    let mut caller = None;
    match command::dispatch(registry, request, dialect, meta, &mut caller) {
        Ok(mut response) => {
            response.dialect = dialect;
            Outcome {
                response,
                caller,
                reason: None,
            }
        }
        Err(error) => refused(&error, dialect, caller),
    }
}

/// The outcome of a refusal in `dialect`, keeping the full reason for the
/// log when the dialect's text leaves it out.
fn refused(error: &Error, dialect: Dialect, caller: Option<Caller>) -> Outcome {
    Outcome {
        reason: error.withheld(dialect),
        response: Response::refusal(error, dialect),
        caller,
    }
}
