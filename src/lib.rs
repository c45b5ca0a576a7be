//! otebox: a self-hosted sandbox of the HEXONET / CentralNic Reseller ISPAPI
//! registrar API. This file wires the stages together and holds nothing else.
//!
//! Layout, in the order a request flows (see ARCHITECTURE.md):
//! - `server` — HTTP (hyper/tokio), the one lock, timeouts, shutdown;
//! - `wire` — request bytes → `wire::Request`, `wire::Response` → response text;
//! - `command` — the `COMMANDS` table, `dispatch`, one function per command;
//! - `auth` — sessions, credentials and the `s_user` view;
//! - `registry` — the data and its rules, deterministic and synchronous;
//! - `error` — the one error enum and the one code/description table.

#![warn(unreachable_pub)]

pub mod auth;
pub mod command;
pub mod error;
pub mod registry;
pub mod server;
pub mod wire;

use std::net::IpAddr;

use registry::{Registry, Timestamp};
use wire::Response;

/// Transport facts of one request, passed in so that `handle` stays a pure
/// function of (registry, meta, bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub peer: IpAddr,
    pub now: Timestamp,
}

/// The result of one request, with what the request log needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub response: Response,
    /// The COMMAND as sent.
    pub command: Option<String>,
    /// `s_entity` as sent, or the system of the session used.
    pub entity: Option<String>,
    /// The authenticated principal, else the `s_login` that was tried.
    pub login: Option<String>,
}

/// Runs one API request (query string and body, both form-urlencoded)
/// against the registry. Synchronous, with no socket and no clock: the
/// protocol fixtures drive this function directly.
///
/// ```
/// use otebox::registry::{Registry, Timestamp};
/// use otebox::{Meta, handle, wire};
///
/// let mut registry = Registry::new(1);
/// let meta = Meta { peer: [127, 0, 0, 1].into(), now: Timestamp(1_767_225_600) };
/// let body = b"s_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=StatusAccount";
/// let outcome = handle(&mut registry, &meta, b"", body);
/// assert_eq!(outcome.response.code, 200);
/// assert_eq!(outcome.response.first("CURRENCY"), Some("EUR"));
/// assert!(wire::encode(&outcome.response).starts_with("[RESPONSE]\r\nPROPERTY[AMOUNT][0]="));
/// ```
pub fn handle(registry: &mut Registry, meta: &Meta, query: &[u8], body: &[u8]) -> Outcome {
    let request = match wire::parse(query, body) {
        Ok(request) => request,
        Err(error) => {
            return Outcome {
                response: error.into(),
                command: None,
                entity: None,
                login: None,
            };
        }
    };
    tracing::debug!(?request, "parsed");
    let (result, caller) = command::dispatch(registry, &request, meta.now);
    let response = result.unwrap_or_else(Response::from);
    Outcome {
        response,
        command: request.command().map(str::to_owned),
        entity: match &caller {
            Some(caller) => Some(caller.entity.code().to_owned()),
            None => request.entity.clone(),
        },
        login: match caller {
            Some(caller) => Some(caller.principal.to_string()),
            None => request.login.clone(),
        },
    }
}
