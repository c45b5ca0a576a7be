//! The admin API's clock, `/_admin/clock` (issue 12): `GET` shows the sandbox
//! clock of one system or both, `POST` moves it (`advance=<duration>` or
//! `set=<RFC 3339 time>`, from the query, a form body or a flat JSON body)
//! and runs every job that falls due, in batches that let API requests in
//! between. Owns the admin guard ([`authorize`], which issue 15 reuses), the
//! parameters, the small JSON answers and the one-line `400` texts. The clock
//! itself is `registry/clock.rs`; routing is `request.rs` (one arm).

use std::net::IpAddr;

use crate::server::payload::whole;
use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, WWW_AUTHENTICATE};
use hyper::{Method, StatusCode};
use subtle::ConstantTimeEq;
use tracing::info;

use super::request::HttpResponse;
use super::{Peer, State, now};
use crate::registry::clock::{ClockRefusal, LATEST, TICK_BUDGET, parse_duration};
use crate::registry::{Entity, System, Timestamp};

pub(super) mod accounts;
mod call;
pub(super) mod faults;
pub(super) mod inspector;
mod origin;
pub(super) mod outbox;
pub(super) mod params;
pub(super) mod snapshot;

use call::Call;
use params::{Move, Params};

/// Jobs one batch of an admin advance runs under the lock before letting
/// waiting requests in.
const BATCH: usize = 1024;

/// The text of a `401`: no token, or not the one `--admin-token` set.
pub(crate) const TOKEN_WRONG: &str = "admin token missing or wrong (Authorization: Bearer …)";
/// The text of a `403`: no `--admin-token`, and the peer is not loopback.
pub(crate) const LOOPBACK_ONLY: &str =
    "the admin API answers loopback peers only unless --admin-token is set";

/// Whether a request may use the admin API. With a `token` (`--admin-token`)
/// the request must carry `Authorization: Bearer <token>` (compared in
/// constant time), wherever it comes from; without one the TCP `peer` must
/// be a loopback address. The peer is the connection's, never what
/// `X-Forwarded-For` or `s_remoteaddr` claim.
pub(crate) fn authorize(
    peer: IpAddr,
    token: Option<&str>,
    header: Option<&[u8]>,
) -> Result<(), (StatusCode, &'static str)> {
    let Some(token) = token else {
        return if peer.to_canonical().is_loopback() {
            Ok(())
        } else {
            Err((StatusCode::FORBIDDEN, LOOPBACK_ONLY))
        };
    };
    let sent = header.and_then(|value| {
        let (scheme, rest) = value.split_at_checked(6)?;
        let sent = rest.strip_prefix(b" ")?.trim_ascii();
        scheme.eq_ignore_ascii_case(b"Bearer").then_some(sent)
    });
    match sent {
        Some(sent) if bool::from(sent.ct_eq(token.as_bytes())) => Ok(()),
        _ => Err((StatusCode::UNAUTHORIZED, TOKEN_WRONG)),
    }
}

/// The guard of every admin call: [`guard`] with the server's token.
pub(crate) fn admit(
    state: &State,
    peer: &Peer,
    headers: &hyper::HeaderMap,
) -> Result<(), (StatusCode, &'static str)> {
    guard(peer.ip, state.config.admin_token.as_deref(), headers)
}

/// [`authorize`] for a request: its `Authorization` header, or failing
/// that the web inspector's cookie (set by `POST /_admin/login` when the
/// browser gave the token; `admin/inspector.rs`). Without a token, a
/// loopback request must also name this machine in its `Host` and
/// `Origin` (`admin/origin.rs`: no web page of another site may call).
pub(crate) fn guard(
    peer: IpAddr,
    token: Option<&str>,
    headers: &hyper::HeaderMap,
) -> Result<(), (StatusCode, &'static str)> {
    let bearer = headers.get(AUTHORIZATION).map(HeaderValue::as_bytes);
    match authorize(peer, token, bearer) {
        Err((StatusCode::UNAUTHORIZED, _)) if inspector::has_cookie(token, headers) => Ok(()),
        Ok(()) if token.is_none() && !origin::same_machine(headers) => {
            Err((StatusCode::FORBIDDEN, origin::OTHER_SITE))
        }
        other => other,
    }
}

/// The answer to a call [`admit`] refused: its text, and with a `401` the
/// `WWW-Authenticate: Bearer` challenge.
pub(crate) fn refusal(status: StatusCode, why: &str) -> HttpResponse {
    let mut response = text(status, why.to_owned());
    if status == StatusCode::UNAUTHORIZED {
        let headers = response.headers_mut();
        headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// A `200` with a JSON body.
pub(crate) fn json_answer(body: String) -> HttpResponse {
    let mut response = hyper::Response::new(whole(body));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// An admin call's head and body (within `--body-limit` and
/// `--body-timeout`), and whether the body is JSON (by its Content-Type or
/// its first character).
pub(crate) async fn call_body(
    state: &State,
    request: hyper::Request<Incoming>,
) -> Result<(hyper::http::request::Parts, Bytes, bool), String> {
    let (parts, body) = request.into_parts();
    let limit = state.config.body_limit;
    let collected = tokio::time::timeout(
        state.config.body_timeout,
        Limited::new(body, limit).collect(),
    )
    .await;
    let body = match collected {
        Err(_) => return Err("the request body did not arrive in time".into()),
        Ok(Err(_)) => {
            return Err(format!(
                "the request body is unreadable or over {limit} bytes"
            ));
        }
        Ok(Ok(body)) => body.to_bytes(),
    };
    let json = parts
        .headers
        .get(CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/json"))
        || body.trim_ascii_start().starts_with(b"{");
    Ok((parts, body, json))
}

/// `GET` or `POST /_admin/clock`: the guard, the parameters, then the clock.
/// Logs one `info` line per call, refused or not.
pub(super) async fn clock(
    state: &State,
    peer: &Peer,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    let call = match Call::admit(state, peer, request.headers(), "clock") {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
    let answer = match *request.method() {
        Method::GET => read(state, request),
        Method::POST => match read_post(state, request).await {
            Ok((entity, moved)) => {
                let hold = super::journal::hold(state);
                let done = advance(state, entity, moved).await;
                super::journal::after_admin(hold, "clock").await;
                done
            }
            Err(why) => Err(why),
        },
        _ => {
            let why = "use GET to read the clock or POST to move it".to_owned();
            return call.wrong_method(why, "GET, POST");
        }
    };
    match answer {
        Ok(done) => {
            let micros = call.micros();
            info!(
                peer = %peer.text,
                advance = done.advance.as_deref().map(tracing::field::display),
                set = done.set.map(|at| tracing::field::display(at.rfc3339())),
                entity = done.entity.map(|entity| tracing::field::display(entity.code())),
                ran = done.ran.map(|ran| ran as u64),
                micros,
                "admin clock"
            );
            json_answer(done.json)
        }
        Err(why) => call.refuse(StatusCode::BAD_REQUEST, why),
    }
}

/// What a served call did, for its answer and its log line.
struct Done {
    json: String,
    /// `None`: a `GET` of both systems.
    entity: Option<Entity>,
    advance: Option<String>,
    set: Option<Timestamp>,
    ran: Option<usize>,
}

/// `GET`: one system (`entity=`) or both, after the due jobs a request
/// would run (at most [`TICK_BUDGET`]), so `now` is what a request sees.
fn read(state: &State, request: hyper::Request<Incoming>) -> Result<Done, String> {
    let params = Params::read(request.uri().query().unwrap_or(""), b"", false)?;
    if params.moved.is_some() {
        return Err(
            "GET only reads the clock: POST advance=<duration> or set=<RFC 3339 time> to move it"
                .into(),
        );
    }
    let wall = now();
    let mut registry = state.registry();
    let mut show = |entity: Entity| {
        let system = registry.system_mut(entity);
        system.tick(wall, TICK_BUDGET);
        json(entity, system, wall, None)
    };
    let (json, entity) = match params.entity()? {
        Some(entity) => (show(entity), Some(entity)),
        None => {
            let both = format!("[{},{}]", show(Entity::Ote), show(Entity::Live));
            (both, None)
        }
    };
    Ok(Done {
        json: json + "\n",
        entity,
        advance: None,
        set: None,
        ran: None,
    })
}

/// Reads a `POST`'s parameters from the query and the body (form or JSON).
async fn read_post(
    state: &State,
    request: hyper::Request<Incoming>,
) -> Result<(Entity, Move), String> {
    let (parts, body, json) = call_body(state, request).await?;
    let params = Params::read(parts.uri.query().unwrap_or(""), &body, json)?;
    let entity = params.entity()?.unwrap_or(Entity::Ote);
    let moved = params
        .moved
        .ok_or("POST needs advance=<duration> or set=<RFC 3339 time>")?;
    Ok((entity, moved))
}

/// Moves `entity`'s clock and runs everything due: batches of [`BATCH`]
/// jobs, the lock released and a short pause between them, so API
/// requests keep being answered during a long advance (each sees the time
/// of the last job run).
async fn advance(state: &State, entity: Entity, moved: Move) -> Result<Done, String> {
    let mut target = None;
    let mut ran = 0usize;
    loop {
        let wall = now();
        let finished = {
            let mut registry = state.registry();
            let system = registry.system_mut(entity);
            if target.is_none() {
                let reached = system.sandbox_time(wall);
                let to = match &moved {
                    Move::Advance(_, seconds) => Timestamp(reached.0.saturating_add(*seconds)),
                    Move::Set(at) => *at,
                };
                system
                    .set_target(wall, to)
                    .map_err(|refusal| refused(entity, refusal))?;
                target = Some(to);
            }
            let before = system.jobs_ran();
            system.tick(wall, BATCH);
            ran += (system.jobs_ran() - before) as usize;
            (!system.jobs_due(wall)).then(|| json(entity, system, wall, Some(ran)))
        };
        if let Some(json) = finished {
            let (advance, set) = match moved {
                Move::Advance(text, _) => (Some(text), None),
                Move::Set(at) => (None, Some(at)),
            };
            return Ok(Done {
                json: json + "\n",
                entity: Some(entity),
                advance,
                set,
                ran: Some(ran),
            });
        }
        // The registry's mutex is not fair: a request waiting for it would
        // rarely win against this loop taking it straight back, so the
        // advance pauses between batches.
        tokio::time::sleep(BREATHER).await;
    }
}

/// The pause between two batches of a long advance, in which waiting API
/// requests take the lock (a year over a million due jobs: about a second).
const BREATHER: std::time::Duration = std::time::Duration::from_millis(1);

/// The `400` text of a move the clock refuses.
fn refused(entity: Entity, refusal: ClockRefusal) -> String {
    match refusal {
        ClockRefusal::Backwards { target, reached } => format!(
            "set: {} is before the sandbox time {} of {}: the clock only moves forward",
            target.rfc3339(),
            reached.rfc3339(),
            entity.code()
        ),
        ClockRefusal::TooFar { target } => format!(
            "set: {} is more than 100 years ahead of the sandbox time of {}: move the clock at most 100 years at a time",
            target.rfc3339(),
            entity.code()
        ),
        ClockRefusal::PastEnd { target } => format!(
            "the clock of {} cannot reach {}: the latest sandbox time is {}, so that the dates computed from it (a 10-year expiry) keep four-digit years",
            entity.code(),
            target.rfc3339(),
            LATEST.rfc3339()
        ),
    }
}

/// The JSON of one system's clock; every value is a number or a text
/// otebox wrote, so nothing needs escaping.
fn json(entity: Entity, system: &System, wall: Timestamp, ran: Option<usize>) -> String {
    let mut json = format!(
        "{{\"entity\":\"{}\",\"now\":\"{}\",\"wall\":\"{}\",\"offset_seconds\":{},\"pending_jobs\":{}",
        entity.code(),
        system.sandbox_time(wall).rfc3339(),
        wall.rfc3339(),
        system.clock_offset(),
        system.pending_jobs()
    );
    if let Some(ran) = ran {
        json.push_str(&format!(",\"ran\":{ran}"));
    }
    json.push('}');
    json
}

/// A one-line plain-text answer.
fn text(status: StatusCode, mut text: String) -> HttpResponse {
    text.push('\n');
    let mut response = hyper::Response::new(whole(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    response
}

/// Whether `text` has the shape of a duration (digits and units), so that
/// one `parse_duration` refuses can only be too long.
fn duration_shaped(text: &str) -> bool {
    let text = text.trim().strip_prefix('+').unwrap_or(text.trim());
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes[0].is_ascii_digit()
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || b"smhdwy".contains(b))
        && (bytes.iter().all(u8::is_ascii_digit) || !bytes[bytes.len() - 1].is_ascii_digit())
        && !bytes
            .windows(2)
            .any(|w| !w[0].is_ascii_digit() && !w[1].is_ascii_digit())
}

/// `advance`: a duration, as `parse_duration` reads it.
fn read_advance(text: &str) -> Result<Move, String> {
    match parse_duration(text) {
        Some(seconds) => Ok(Move::Advance(text.trim().to_owned(), seconds)),
        None if duration_shaped(text) => Err(format!(
            "advance: {:?} is more than 100 years: move the clock at most 100 years at a time",
            params::shown(text)
        )),
        None => Err(format!(
            "advance: {:?} is not a duration (digits then s, m, h, d, w or y, e.g. +30d or 1d12h)",
            params::shown(text)
        )),
    }
}

#[cfg(test)]
mod tests;
