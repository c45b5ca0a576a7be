//! The admin API's snapshots (issue 15): `GET /_admin/snapshot?entity=1234`
//! answers the whole state of one system as a snapshot file, `POST
//! /_admin/restore?entity=1234` makes such a file (the body) the system's
//! state. Owns the parameters, the one-line `400` texts of this endpoint,
//! the JSON answer and how long the registry lock is held: a snapshot
//! encodes under the lock (one pass, no copy of the tables; a clone took
//! as long) and computes its checksum outside it, a restore
//! reads and checks the file outside it, swaps the system under it and
//! drops the old state outside it again. The file format and its checks
//! are `registry/snapshot.rs`; the guard is `admin.rs`'s `admit`;
//! routing is `request.rs` (one arm).

use std::time::{Duration, Instant};

use crate::server::payload::whole;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HeaderValue};
use hyper::{Method, StatusCode};
use tracing::info;

use super::call::Call;
use super::params::{form, shown};
use crate::registry::Entity;
use crate::registry::snapshot::{read_snapshot, seal};
use crate::server::request::HttpResponse;
use crate::server::{Peer, State};

/// The largest snapshot `POST /_admin/restore` reads (a million domains
/// take about a tenth of it).
const MAX_FILE: usize = 1 << 31;
/// How long the body of a restore may take to arrive.
const BODY_TIME: Duration = Duration::from_secs(300);

/// A refusal: its status and its one-line text.
type Refusal = (StatusCode, String);

fn bad(why: impl Into<String>) -> Refusal {
    (StatusCode::BAD_REQUEST, why.into())
}

/// What a served call did, for its answer and its log line.
struct Done {
    entity: Entity,
    /// The file (a snapshot) or the JSON (a restore).
    body: Vec<u8>,
    json: bool,
    bytes: usize,
    /// Microseconds the registry lock was held.
    locked: u64,
    /// A restore's hold on `--durable` acknowledgements until it is compacted.
    hold: Option<crate::server::journal::Hold>,
}

/// `/_admin/snapshot` and `/_admin/restore`: the guard, the method, the
/// parameters, then the snapshot or the restore. One `info` line per call,
/// refused or not.
pub(crate) async fn serve(
    state: &State,
    peer: &Peer,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    let call = match Call::admit(state, peer, request.headers(), "snapshot") {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
    let path = request.uri().path().to_owned();
    let (allowed, answer) = match (path.as_str(), request.method()) {
        ("/_admin/snapshot", &Method::GET) => ("GET", Some(snapshot(state, &request).await)),
        ("/_admin/snapshot", _) => ("GET", None),
        ("/_admin/restore", &Method::POST) => ("POST", Some(restore(state, request).await)),
        _ => ("POST", None),
    };
    let Some(answer) = answer else {
        let why = match allowed {
            "GET" => "use GET to take a snapshot (POST /_admin/restore loads one)",
            _ => "use POST with the snapshot file as the body (GET /_admin/snapshot takes one)",
        };
        return call.wrong_method(why.to_owned(), allowed);
    };
    match answer {
        Ok(mut done) => {
            if let Some(hold) = done.hold.take() {
                crate::server::journal::after_admin(hold, "restore").await;
            }
            let micros = call.micros();
            let (entity, bytes, locked) = (done.entity.code(), done.bytes as u64, done.locked);
            info!(peer = %peer.text, path, entity, bytes, locked_micros = locked, micros, "admin snapshot");
            let mut response = hyper::Response::new(whole(done.body));
            let headers = response.headers_mut();
            if done.json {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            } else {
                let kind = HeaderValue::from_static("application/octet-stream");
                headers.insert(CONTENT_TYPE, kind);
                let name = format!("attachment; filename=\"otebox-{entity}.snapshot\"");
                if let Ok(name) = HeaderValue::from_str(&name) {
                    headers.insert(CONTENT_DISPOSITION, name);
                }
            }
            response
        }
        Err((status, why)) => call.refuse(status, why),
    }
}

/// The system a call names: `entity=1234` (the default) or `entity=54cd`,
/// from the query; any other parameter is refused.
fn entity(query: &str) -> Result<Entity, Refusal> {
    let mut entity = Entity::Ote;
    for (name, value) in form(query.as_bytes()).map_err(bad)? {
        if !name.eq_ignore_ascii_case("entity") {
            return Err(bad(format!(
                "{:?} is not a parameter here: the only one is entity=1234 or entity=54cd",
                shown(&name)
            )));
        }
        entity = match value.trim() {
            "1234" => Entity::Ote,
            code if code.eq_ignore_ascii_case("54cd") => Entity::Live,
            code => {
                return Err(bad(format!(
                    "entity: {:?} is not 1234 (OT&E) or 54cd (LIVE)",
                    shown(code)
                )));
            }
        };
    }
    Ok(entity)
}

/// `GET /_admin/snapshot`: the state encoded under the lock, the checksum
/// computed outside it (on a blocking thread: a large state takes a
/// moment).
async fn snapshot(state: &State, request: &hyper::Request<Incoming>) -> Result<Done, Refusal> {
    let entity = entity(request.uri().query().unwrap_or(""))?;
    let (mut file, locked) = {
        let registry = state.registry();
        let held = Instant::now();
        let file = registry.system(entity).encode();
        (file, held.elapsed().as_micros() as u64)
    };
    let sealed = tokio::task::spawn_blocking(move || {
        seal(&mut file);
        file
    })
    .await;
    let Ok(file) = sealed else {
        let why = "sealing the snapshot failed inside otebox";
        return Err((StatusCode::INTERNAL_SERVER_ERROR, why.to_owned()));
    };
    Ok(Done {
        entity,
        bytes: file.len(),
        body: file,
        json: false,
        locked,
        hold: None,
    })
}

/// `POST /_admin/restore`: the body read and checked whole (on a blocking
/// thread: a large file takes a moment), then swapped in under the lock.
/// A refused file changes nothing.
async fn restore(state: &State, request: hyper::Request<Incoming>) -> Result<Done, Refusal> {
    let (parts, body) = request.into_parts();
    let entity = entity(parts.uri.query().unwrap_or(""))?;
    let collected = tokio::time::timeout(BODY_TIME, Limited::new(body, MAX_FILE).collect()).await;
    let file = match collected {
        Err(_) => return Err(bad("the snapshot did not arrive in time")),
        Ok(Err(_)) => {
            return Err(bad(format!(
                "the request body is unreadable or over {MAX_FILE} bytes"
            )));
        }
        Ok(Ok(body)) => body.to_bytes(),
    };
    let bytes = file.len();
    let read = tokio::task::spawn_blocking(move || read_snapshot(&file, Some(entity))).await;
    let system = match read {
        Ok(read) => read.map_err(bad)?,
        Err(_) => {
            let why = "reading the snapshot failed inside otebox";
            return Err((StatusCode::INTERNAL_SERVER_ERROR, why.to_owned()));
        }
    };
    let (users, domains) = (system.user_count(), system.domain_count());
    let hold = crate::server::journal::hold(state);
    let (old, locked) = {
        let mut registry = state.registry();
        let held = Instant::now();
        let old = registry.replace_system(system);
        (old, held.elapsed().as_micros() as u64)
    };
    // A large state takes a moment to free: not on a worker thread.
    tokio::task::spawn_blocking(move || drop(old));
    let json = format!(
        "{{\"entity\":\"{}\",\"restored\":true,\"bytes\":{bytes},\"users\":{users},\"domains\":{domains}}}\n",
        entity.code()
    );
    Ok(Done {
        entity,
        body: json.into_bytes(),
        json: true,
        bytes,
        locked,
        hold: Some(hold),
    })
}
