//! The admin API's fault rules, `/_admin/faults` (issue 15): `POST` adds a
//! rule (a flat JSON object or a form) and answers `{"id":N}`, `GET` lists
//! them, `DELETE /_admin/faults/N` removes one and `DELETE /_admin/faults`
//! all. Behind the clock's guard ([`super::admit`]), with its one-line
//! plain-text `400`s; one `info` line per call. The rules and what they do
//! are `server/faults.rs`; this file only speaks HTTP for them.

use hyper::body::Incoming;
use hyper::{Method, StatusCode};
use tracing::info;

use super::super::request::HttpResponse;
use super::super::{Peer, State};
use super::call::Call;
use super::{params, text};

const PATH: &str = "/_admin/faults";

/// Any method on `/_admin/faults` or `/_admin/faults/<id>`.
pub(crate) async fn serve(
    state: &State,
    peer: &Peer,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    let call = match Call::admit(state, peer, request.headers(), "faults") {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
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
                return call.refuse(StatusCode::BAD_REQUEST, why);
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
            Err(why) => return call.refuse(StatusCode::BAD_REQUEST, why),
        },
        (Method::DELETE, None) => {
            let removed = faults.remove(None);
            (format!("{{\"removed\":{removed}}}\n"), "cleared".to_owned())
        }
        (Method::DELETE, Some(id)) => match faults.remove(Some(id)) {
            0 => {
                let why = format!("no fault rule {id}: GET /_admin/faults lists them");
                return call.refuse(StatusCode::NOT_FOUND, why);
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
            return call.wrong_method(why.to_owned(), allow);
        }
    };
    let micros = call.micros();
    info!(peer = %peer.text, micros, "admin faults {what}");
    super::json_answer(json)
}

/// The fields of a `POST`: a JSON object body, or a form in the body or the query.
async fn read(
    state: &State,
    request: hyper::Request<Incoming>,
) -> Result<Vec<(String, String)>, String> {
    let (parts, body, json) = super::call_body(state, request).await?;
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
