//! One admin API call being served (clock, accounts, faults, snapshot,
//! outbox): the guard it passes first, the time it started, and its
//! refusals, each logged as one `info` line (`admin <name> refused`, with
//! the reason) and answered as one line of plain text. The guard's rule is
//! `admin.rs`'s [`super::guard`]; what each endpoint does is its own file's.

use std::time::Instant;

use hyper::StatusCode;
use hyper::header::{ALLOW, HeaderValue};
use tracing::info;

use super::super::request::HttpResponse;
use super::super::{Peer, State};
use super::{admit, refusal, text};

/// An admitted call: its peer, when it started and its log name.
pub(crate) struct Call<'a> {
    peer: &'a Peer,
    started: Instant,
    name: &'static str,
}

impl<'a> Call<'a> {
    /// Starts the call named `name` (`clock`, `faults`, ...) and runs the
    /// admin guard on its headers: the call, or the guard's answer (a `401`
    /// names the Bearer scheme), logged; boxed, as an answer is large.
    pub(crate) fn admit(
        state: &State,
        peer: &'a Peer,
        headers: &hyper::HeaderMap,
        name: &'static str,
    ) -> Result<Call<'a>, Box<HttpResponse>> {
        let call = Call {
            peer,
            started: Instant::now(),
            name,
        };
        match admit(state, peer, headers) {
            Ok(()) => Ok(call),
            Err((status, why)) => {
                call.log_refusal(status, why);
                Err(Box::new(refusal(status, why)))
            }
        }
    }

    /// Microseconds since the call started (its log line's `micros`).
    pub(crate) fn micros(&self) -> u64 {
        self.started.elapsed().as_micros() as u64
    }

    /// Refuses the call with `status` and the one-line `why`, logged.
    pub(crate) fn refuse(&self, status: StatusCode, why: String) -> HttpResponse {
        self.log_refusal(status, &why);
        text(status, why)
    }

    /// A `405` naming the methods the path takes (`Allow: allow`), logged.
    pub(crate) fn wrong_method(&self, why: String, allow: &'static str) -> HttpResponse {
        let mut response = self.refuse(StatusCode::METHOD_NOT_ALLOWED, why);
        let allow = HeaderValue::from_static(allow);
        response.headers_mut().insert(ALLOW, allow);
        response
    }

    /// The `info` line of a refused call; `why` quoted and escaped by the log.
    fn log_refusal(&self, status: StatusCode, why: &str) {
        let (peer, micros) = (&self.peer.text, self.micros());
        let status = status.as_u16();
        info!(peer = %peer, status, why, micros, "admin {} refused", self.name);
    }
}
