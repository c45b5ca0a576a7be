//! The admin API's fault rules, `/_admin/faults` (issue 15): `POST` adds a
//! rule (a flat JSON object or a form) and answers `{"id":N}`, `GET` lists
//! them, `DELETE /_admin/faults/N` removes one and `DELETE /_admin/faults`
//! all. Behind the clock's guard ([`super::admit`]), with its one-line
//! plain-text `400`s; one `info` line per call. The rules and what they do
//! are `server/faults.rs`; this file only speaks HTTP for them.

use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONTENT_TYPE, HeaderValue, WWW_AUTHENTICATE};
use hyper::{Method, StatusCode};
use tracing::info;

use super::super::request::HttpResponse;
use super::super::{Peer, State};
use super::{admit, params, text};

const PATH: &str = "/_admin/faults";

/// Any method on `/_admin/faults` or `/_admin/faults/<id>`.
pub(crate) async fn serve(
    state: &State,
    peer: &Peer,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    let started = Instant::now();
    let token = state.config.admin_token.as_deref();
    if let Err((status, why)) = admit(peer.ip, token, request.headers()) {
        refused(peer, status, why, started);
        let mut response = text(status, why.to_owned());
        if status == StatusCode::UNAUTHORIZED {
            let headers = response.headers_mut();
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return response;
    }
    let tail = request.uri().path()[PATH.len()..].to_owned();
    let one = match tail.strip_prefix('/') {
        None if tail.is_empty() => None,
        Some(id) => match id.parse::<u32>() {
            Ok(id) => Some(id),
            Err(_) => {
                let why = format!(
                    "{:?} is not a rule number: use /_admin/faults/N with N from GET /_admin/faults",
                    params::shown(id)
                );
                refused(peer, StatusCode::BAD_REQUEST, &why, started);
                return text(StatusCode::BAD_REQUEST, why);
            }
        },
        None => {
            return text(
                StatusCode::NOT_FOUND,
                "not found: the fault rules are at /_admin/faults".into(),
            );
        }
    };
    let faults = &state.faults;
    let (json, what) = match (request.method().clone(), one) {
        (Method::GET, None) => (faults.list(), "listed".to_owned()),
        (Method::POST, None) => match read(state, request)
            .await
            .and_then(|fields| faults.add(fields))
        {
            Ok(id) => (format!("{{\"id\":{id}}}\n"), format!("added {id}")),
            Err(why) => {
                refused(peer, StatusCode::BAD_REQUEST, &why, started);
                return text(StatusCode::BAD_REQUEST, why);
            }
        },
        (Method::DELETE, None) => {
            let removed = faults.remove(None);
            (format!("{{\"removed\":{removed}}}\n"), "cleared".to_owned())
        }
        (Method::DELETE, Some(id)) => match faults.remove(Some(id)) {
            0 => {
                let why = format!("no fault rule {id}: GET /_admin/faults lists them");
                refused(peer, StatusCode::NOT_FOUND, &why, started);
                return text(StatusCode::NOT_FOUND, why);
            }
            removed => (
                format!("{{\"removed\":{removed}}}\n"),
                format!("removed {id}"),
            ),
        },
        (_, one) => {
            let (why, allow) = match one {
                None => (
                    "use GET to list, POST to add or DELETE to clear the fault rules",
                    "GET, POST, DELETE",
                ),
                Some(_) => ("use DELETE to remove a fault rule", "DELETE"),
            };
            refused(peer, StatusCode::METHOD_NOT_ALLOWED, why, started);
            let mut response = text(StatusCode::METHOD_NOT_ALLOWED, why.to_owned());
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static(allow));
            return response;
        }
    };
    let micros = started.elapsed().as_micros() as u64;
    info!(peer = %peer.text, micros, "admin faults {what}");
    let mut response = hyper::Response::new(Full::new(Bytes::from(json)));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The fields of a `POST`: a JSON object body, or a form in the body or the query.
async fn read(
    state: &State,
    request: hyper::Request<Incoming>,
) -> Result<Vec<(String, String)>, String> {
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
    let mut fields = params::form(parts.uri.query().unwrap_or("").as_bytes())?;
    fields.extend(if json {
        params::object(&body)?
    } else {
        params::form(&body)?
    });
    if fields.is_empty() {
        return Err("the rule is empty: send e.g. {\"command\":\"AddDomain\",\"code\":421}".into());
    }
    Ok(fields)
}

/// The `info` line of a refused call; `why` quoted and escaped by the log.
fn refused(peer: &Peer, status: StatusCode, why: &str, started: Instant) {
    let micros = started.elapsed().as_micros() as u64;
    info!(peer = %peer.text, status = status.as_u16(), why, micros, "admin faults refused");
}
