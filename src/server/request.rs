//! One request on a connection the server accepted: the proxy's answers
//! (`CONNECT` and absolute-form requests, for the API hosts only), routing
//! by host, path and method, reading the body (`request/transport.rs`), running the command
//! under the registry lock, and the HTTP answer; the request's one record
//! (its log line, the metrics, the inspector's ring) is `request/record.rs`. Knows
//! nothing of listeners, TLS or connections (`server.rs` has those).

use std::net::IpAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONNECTION, CONTENT_TYPE, EXPECT, HOST, HeaderValue};
use hyper::{Method, StatusCode};
use tracing::{debug, error};

use super::faults::rule::HttpFault;
use super::inspector::Record;
use super::payload::{Payload, whole};
use super::{Peer, State, now};
use crate::Meta;
use crate::auth::ClientAddress;
use crate::dialect::Route;
use crate::error::Error;
use crate::tls;
use crate::wire::{self, Request, Response};

mod record;
mod transport;

use record::{complete, log_line};
use transport::{discard, form_body, forwarded_for, read_body};

pub(super) type HttpResponse = hyper::Response<Full<Payload>>;

pub(super) async fn route(
    state: &Arc<State>,
    peer: &Peer,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    if request.method() == Method::CONNECT {
        return connect(state, peer, request);
    }
    // An absolute-form request (`POST http://host/...`) asks otebox as a
    // proxy: only for the API hosts. Otherwise the Host header names the host.
    let host = match request.uri().host() {
        Some(host) => match api_host(host) {
            Some(host) => Some(host),
            None => return not_proxied(),
        },
        // The few headers walked rather than the name hashed, as for
        // `X-Forwarded-For` (`request/transport.rs`): the first value, as
        // `get` gives it.
        None => request
            .headers()
            .iter()
            .find_map(|(name, value)| (*name == HOST).then_some(value))
            .and_then(|host| host.to_str().ok())
            .and_then(|host| api_host(host.split(':').next().unwrap_or(host))),
    };
    // CentralNic Reseller's hosts speak its dialect at every API address.
    let cnr_host = host.is_some_and(|host| host.ends_with(".rrpproxy.net"));
    let path = request.uri().path();
    let route = match path {
        "/api/call.cgi" | "/api/call" | "/cnr/api/call.cgi" | "/cnr/api/call" if cnr_host => {
            Some(Route::Cnr)
        }
        "/api/call.cgi" | "/api/call" => Some(Route::Shared {
            default: state.config.default_dialect,
        }),
        "/cnr/api/call.cgi" | "/cnr/api/call" => Some(Route::Cnr),
        _ => None,
    };
    let is_api = route.is_some();
    match (request.method(), route) {
        (&Method::GET | &Method::POST, Some(route)) => api(state, peer, route, request).await,
        (_, None) if path == "/_admin/clock" => {
            Box::pin(super::admin::clock(state, peer, request)).await
        }
        (&Method::GET | &Method::HEAD, None) if path == "/metrics" => metrics(state),
        (_, None) if path == "/_admin/faults" || path.starts_with("/_admin/faults/") => {
            Box::pin(super::admin::faults::serve(state, peer, request)).await
        }
        (_, None)
            if path == "/_admin/reset"
                || path == "/_admin/accounts"
                || path.starts_with("/_admin/accounts/") =>
        {
            Box::pin(super::admin::accounts::serve(state, peer, request)).await
        }
        (_, None) if path == "/_admin/outbox" => {
            Box::pin(super::admin::outbox::serve(state, peer, request)).await
        }
        (_, None) if path == "/_admin/snapshot" || path == "/_admin/restore" => {
            Box::pin(super::admin::snapshot::serve(state, peer, request)).await
        }
        (_, None) if super::admin::inspector::serves(path) => {
            Box::pin(super::admin::inspector::serve(state, peer, request)).await
        }
        (&Method::GET | &Method::HEAD, None) if path == "/healthz" => plain(StatusCode::OK, "ok\n"),
        _ if is_api => {
            let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "use GET or POST\n");
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET, POST"));
            unread(state, request, response).await
        }
        _ => {
            let response = plain(
                StatusCode::NOT_FOUND,
                "not found: the API is at /api/call.cgi\n",
            );
            unread(state, request, response).await
        }
    }
}

/// `response` to a request whose body it does not need, once that body is
/// read and dropped ([`discard`]); `Connection: close` when it could not be,
/// and at once, without asking for the body, when the client waits for
/// `100 Continue` before sending it (RFC 9110 §10.1.1).
async fn unread(
    state: &State,
    request: hyper::Request<Incoming>,
    mut response: HttpResponse,
) -> HttpResponse {
    let waits = request
        .headers()
        .get(EXPECT)
        .is_some_and(|expect| expect.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if waits || !discard(request.into_body(), state.config.body_timeout).await {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// `GET /metrics`: the Prometheus text (no token: it holds no secret).
fn metrics(state: &State) -> HttpResponse {
    let text = state.metrics.render(&state.registry());
    let mut response = hyper::Response::new(whole(text));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

/// The API host `host` names (any case, a final dot allowed), if any.
fn api_host(host: &str) -> Option<&'static str> {
    let host = host.strip_suffix('.').unwrap_or(host);
    tls::API_HOSTS
        .into_iter()
        .find(|api| api.eq_ignore_ascii_case(host))
}

/// A `CONNECT`: `200` and a TLS tunnel (served by `server.rs`) for an API
/// host on port 443, `403` for anything else: never an open proxy.
fn connect(state: &Arc<State>, peer: &Peer, request: hyper::Request<Incoming>) -> HttpResponse {
    let target = request.uri().authority();
    let allowed = target
        .filter(|target| target.port_u16() == Some(443))
        .and_then(|target| api_host(target.host()));
    debug!(peer = %peer.text, target = ?target.map(|t| t.as_str()), allowed = allowed.is_some(), "CONNECT");
    if allowed.is_none() {
        return not_proxied();
    }
    match state.tunnel_acceptor() {
        Ok(acceptor) => {
            super::tunnel(state, peer, acceptor.clone(), request);
            hyper::Response::new(whole(Bytes::new()))
        }
        Err(error) => text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("otebox cannot serve TLS in the tunnel: {error}\n"),
        ),
    }
}

/// The `403` of a proxy request for a host otebox does not serve; the
/// connection closes after it.
fn not_proxied() -> HttpResponse {
    let mut response = text(
        StatusCode::FORBIDDEN,
        format!(
            "otebox is not an open proxy: it serves only {} \
             (CONNECT to port 443, or http:// URLs)\n",
            tls::API_HOSTS.join(", ")
        ),
    );
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

fn plain(status: StatusCode, text: &'static str) -> HttpResponse {
    respond(status, Bytes::from_static(text.as_bytes()))
}

fn text(status: StatusCode, text: String) -> HttpResponse {
    respond(status, Bytes::from(text))
}

fn respond(status: StatusCode, text: Bytes) -> HttpResponse {
    let mut response = hyper::Response::new(whole(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    response
}

/// One API call: read the body, run it (see [`run`]), answer HTTP 200
/// with the encoded response (protocol.md §2.5), whatever the outcome.
/// The request's record is made here, empty, in the `Arc` the inspector's
/// ring will keep (usually the allocation of a record the ring let go), and
/// filled in place as the request goes (the parsed request, the caller, the
/// reason); the answer is written into a slot of this function's: nothing
/// large is returned by value through the path, and the record is never
/// moved. Once the answer is encoded into the record, the record is
/// completed and handed to the log ([`complete`], [`log_line`]), the HTTP
/// body reads the answer from it, and it goes to the ring (`size`: the
/// request's and the answer's bytes).
async fn api(
    state: &State,
    peer: &Peer,
    route: Route,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let query = parts.uri.query().unwrap_or("").as_bytes();
    let config = &state.config;
    let forwarded = forwarded_for(&parts.headers, &config.trusted_proxies);
    let mut shared = super::inspector::fresh(peer.ip);
    // Never a copy: a fresh record is not shared.
    let record = Arc::make_mut(&mut shared);
    let mut answer = None;
    // A body that could not be read whole closes the connection after the
    // answer; one read whole but not form text (a broken multipart) does not.
    let body = match read_body(body, config.body_limit, config.body_timeout).await {
        Ok(body) => form_body(&parts.headers, body).map_err(|error| (error, false)),
        Err(error) => Err((error, true)),
    };
    let (response, http, close, size) = match body {
        Ok(body) => {
            let transport = (route, forwarded);
            let request = (query, &body[..]);
            let (response, http) = run(
                state,
                peer,
                transport,
                request,
                started,
                record,
                &mut answer,
            )
            .await;
            (response, http, false, body.len())
        }
        Err((error, close)) => {
            let response = answer.insert(refused(&error, route.fallback(), started));
            (response, None, close, 0)
        }
    };
    // Into the buffer the record kept from the answer it held before.
    wire::encode_into(response, &mut record.answer);
    // The ring's byte budget counts the answer's whole buffer: a record
    // keeps up to 16 KiB of it from earlier answers (`Record::clear`).
    let size = size + query.len() + record.answer.capacity();
    let fault = record.fault.zip(http);
    complete(state, record, response);
    log_line(&shared);
    if let Some((id, http)) = fault {
        let body = Bytes::copy_from_slice(shared.answer.as_bytes());
        state.inspector.push(shared, size);
        return super::faults::http::answer(http, id, body);
    }
    // The HTTP body reads the answer from the record.
    let mut http = hyper::Response::new(Full::new(Payload::answer(shared.clone())));
    state.inspector.push(shared, size);
    let headers = http.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    if close {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    http
}

/// The refusal of a request that could not be read or parsed.
fn refused(error: &Error, dialect: crate::dialect::Dialect, started: Instant) -> Response {
    let mut response = Response::refusal(error, dialect);
    response.runtime = started.elapsed();
    response
}

/// Parses the request and runs it under the lock; the answer goes into
/// `answer`, and the fault rule's HTTP failure, if any, is returned for
/// [`api`] to carry out. What the log line and the inspector's record keep
/// (the parsed request, the caller, the full reason, the number of the fault
/// rule that changed the request) goes straight into `record`. Parsing
/// happens before the lock is taken (and encoding after), so the lock is
/// held for the command alone. A panic (a bug in otebox) becomes `421`, is
/// logged with the request, and leaves the server serving. Between parsing
/// and the lock, the fault rules (when there are any) may delay the request,
/// answer it instead of running it, or ask for an HTTP failure.
async fn run<'a>(
    state: &State,
    peer: &Peer,
    (route, forwarded): (Route, Option<IpAddr>),
    (query, body): (&[u8], &[u8]),
    started: Instant,
    record: &mut Record,
    answer: &'a mut Option<Response>,
) -> (&'a mut Response, Option<HttpFault>) {
    // Parsed in place, into the record that keeps the request.
    let request = record.request.insert(Request::default());
    if let Err(error) = wire::parse_into(query, body, request) {
        record.request = None;
        return (
            answer.insert(refused(&error, route.fallback(), started)),
            None,
        );
    }
    let request = &*request;
    // The request's `Debug` redacts passwords, OTPs and session ids.
    debug!(peer = %peer.text, ?request, "parsed");
    let mut meta = Meta {
        peer: peer.ip,
        now: now(),
        route,
        forwarded,
        trusted_proxy: peer.trusted,
        slow: None,
    };
    let mut fired = match state.faults.armed() {
        true => super::faults::check(state, request, &meta),
        false => None,
    };
    // The two waits are boxed: most requests have neither, and a future
    // held inline would make every request's future larger to create and move.
    if let Some(delay) = fired.as_ref().and_then(|fired| fired.delay) {
        Box::pin(tokio::time::sleep(delay)).await;
        meta.now = now();
    }
    meta.slow = fired.as_ref().and_then(|fired| fired.slow);
    let mut ticket = None;
    let mut journal_panic = None;
    let ran = match fired.as_mut().and_then(|fired| fired.answer.take()) {
        Some(instead) => Ok(instead),
        None => {
            let mut registry = state.registry();
            // The outcome is taken apart where it was made: the caller and
            // the reason into the record, the response out of the closure.
            // A panic while journaling is not the command's: caught on its
            // own and resumed once the lock is released.
            catch_unwind(AssertUnwindSafe(|| {
                let outcome = (state.execute)(&mut registry, &meta, request);
                let journaled = catch_unwind(AssertUnwindSafe(|| {
                    super::journal::record(state, &meta, (query, body), request, &outcome)
                }));
                match journaled {
                    Ok(journaled) => ticket = journaled,
                    Err(panic) => journal_panic = Some(panic),
                }
                record.caller = outcome.caller;
                record.reason = outcome.reason;
                // A refusal before there was a caller: the address it judged.
                if record.caller.is_none() {
                    record.client = ClientAddress::of(&meta, request).ok();
                }
                outcome.response
            }))
        }
    };
    if let Some(panic) = journal_panic {
        std::panic::resume_unwind(panic);
    }
    if ticket.is_some() {
        Box::pin(super::journal::durable(state, ticket)).await;
    }
    let response = answer.insert(ran.unwrap_or_else(|_| {
        error!(peer = %peer.text, ?request, "command panicked");
        Response::refusal(&Error::ServerError, route.fallback())
    }));
    if fired.as_ref().is_some_and(|fired| fired.pending) {
        super::faults::answer_pending(response);
    }
    response.runtime = started.elapsed();
    record.fault = fired.as_ref().map(|fired| fired.id);
    (response, fired.and_then(|fired| fired.http))
}
