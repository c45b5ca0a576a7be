//! Everything async and HTTP: the accept loop, one hyper HTTP/1.1 connection
//! task per client, routing, the body-size limit and read timeouts, the one
//! registry lock, one log line per request, the session sweeper and graceful
//! shutdown. The only file that knows hyper or tokio networking; it never
//! interprets command text or writes response text by hand.

use std::convert::Infallible;
use std::future::Future;
use std::net::IpAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::Body as _;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONNECTION, CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tracing::{debug, error, info, warn};

use crate::auth::Caller;
use crate::dialect::{Dialect, Route};
use crate::error::Error;
use crate::registry::{Registry, Timestamp};
use crate::wire::{self, Request, Response};
use crate::{Meta, Outcome, execute};

/// Server settings; `main.rs` fills them from flags and environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body read, in bytes; larger ones get a protocol error.
    pub body_limit: usize,
    /// Time a client has to send its request headers.
    pub header_timeout: Duration,
    /// Time a client has to send its request body.
    pub body_timeout: Duration,
    /// Seed of the registry's generator (session ids, salts).
    pub seed: u64,
    /// The dialect of a request on `/api/call.cgi` whose fields do not tell.
    pub default_dialect: Dialect,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            body_limit: 1 << 20,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            seed: 0,
            default_dialect: Dialect::Hexonet,
        }
    }
}

/// What the server runs under the lock for each parsed request;
/// [`crate::execute`] in production, something else in tests of the edge.
pub type ExecuteFn = fn(&mut Registry, &Meta, &Request) -> Outcome;

/// Shared by every connection task.
struct State {
    execute: ExecuteFn,
    /// The whole sandbox behind one `std::sync::Mutex`: every command runs
    /// under it from start to end, so commands are atomic. A blocking mutex is
    /// right because it is never held across an `.await` and commands take
    /// microseconds (the mini-redis reasoning).
    registry: Mutex<Registry>,
    config: Config,
}

impl State {
    /// Locks the registry. A poisoned lock means a command panicked while
    /// holding it; commands validate everything before they change anything,
    /// so no half-done change can remain and serving goes on with the data.
    fn registry(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// How many body bytes past the limit are read and thrown away, so that the
/// client gets the error response instead of a reset connection.
const DRAIN_LIMIT: usize = 64 << 20;

/// Serves the API on `listener` until `shutdown` completes, then lets open
/// requests finish (at most ten seconds).
pub async fn serve(
    listener: TcpListener,
    config: Config,
    registry: Registry,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    serve_with(listener, config, registry, execute, shutdown).await
}

/// [`serve`] with another request executor (tests inject one that panics).
pub async fn serve_with(
    listener: TcpListener,
    config: Config,
    registry: Registry,
    execute: ExecuteFn,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let state = Arc::new(State {
        execute,
        registry: Mutex::new(registry),
        config,
    });
    let sweeper = tokio::spawn(sweep_sessions(state.clone()));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(state.config.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        let client = Arc::new(Peer::new(peer.ip()));
        let service = service_fn(move |request| {
            let state = state.clone();
            let client = client.clone();
            async move { Ok::<_, Infallible>(route(&state, &client, request).await) }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                debug!(%peer, %error, "connection ended with an error");
            }
        });
    }
    sweeper.abort();
    info!("shutting down: waiting for open requests");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(10)) => warn!("open connections cut off after 10s"),
    }
    Ok(())
}

/// Seconds since the epoch from the wall clock: the only clock read of otebox.
fn now() -> Timestamp {
    Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    )
}

/// Forgets expired sessions once a minute, so abandoned ones do not pile up.
async fn sweep_sessions(state: Arc<State>) {
    let mut interval = tokio::time::interval(Duration::from_secs(60));
    loop {
        interval.tick().await;
        let removed = state.registry().sweep_sessions(now());
        if removed > 0 {
            debug!(removed, "expired sessions swept");
        }
    }
}

type HttpResponse = hyper::Response<Full<Bytes>>;

/// The client of one connection: its address, and that address as text,
/// written once per connection rather than once per request line of the log.
struct Peer {
    ip: IpAddr,
    text: Box<str>,
}

impl Peer {
    fn new(ip: IpAddr) -> Peer {
        Peer {
            ip,
            text: ip.to_string().into_boxed_str(),
        }
    }
}

async fn route(state: &State, peer: &Peer, request: hyper::Request<Incoming>) -> HttpResponse {
    let path = request.uri().path();
    let route = match path {
        "/api/call.cgi" | "/api/call" => Some(Route::Shared {
            default: state.config.default_dialect,
        }),
        "/cnr/api/call.cgi" | "/cnr/api/call" => Some(Route::Cnr),
        _ => None,
    };
    let is_api = route.is_some();
    match (request.method(), route) {
        (&Method::GET | &Method::POST, Some(route)) => api(state, peer, route, request).await,
        (&Method::GET, None) if path == "/healthz" => plain(StatusCode::OK, "ok\n"),
        _ if is_api => {
            let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "use GET or POST\n");
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET, POST"));
            response
        }
        _ => plain(
            StatusCode::NOT_FOUND,
            "not found: the API is at /api/call.cgi\n",
        ),
    }
}

fn plain(status: StatusCode, text: &'static str) -> HttpResponse {
    let mut response = hyper::Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    response
}

/// One API call: read the body, run it (see [`run`]), answer HTTP 200
/// with the encoded response (protocol.md §2.5), whatever the outcome.
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
    let (response, close) = match read_body(body, config.body_limit, config.body_timeout).await {
        Ok(body) => (run(state, peer, route, query, &body, started), false),
        Err(error) => {
            let mut response = Response::refusal(&error, route.fallback());
            response.runtime = started.elapsed();
            log_request(peer, None, None, &response, None);
            (response, true)
        }
    };
    let mut http = hyper::Response::new(Full::new(Bytes::from(wire::encode(&response))));
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

/// Parses the request, runs it under the lock, and logs it. Parsing happens
/// before the lock is taken (and encoding after), so the lock is held for the
/// command alone. A panic (a bug in otebox) becomes `421`, is logged with the
/// request, and leaves the server serving.
fn run(
    state: &State,
    peer: &Peer,
    route: Route,
    query: &[u8],
    body: &[u8],
    started: Instant,
) -> Response {
    let request = match wire::parse(query, body) {
        Ok(request) => request,
        Err(error) => {
            let mut response = Response::refusal(&error, route.fallback());
            response.runtime = started.elapsed();
            log_request(peer, None, None, &response, None);
            return response;
        }
    };
    // The request's `Debug` redacts passwords, OTPs and session ids.
    debug!(peer = %peer.text, ?request, "parsed");
    let meta = Meta {
        peer: peer.ip,
        now: now(),
        route,
    };
    let outcome = {
        let mut registry = state.registry();
        catch_unwind(AssertUnwindSafe(|| {
            (state.execute)(&mut registry, &meta, &request)
        }))
    };
    let outcome = outcome.unwrap_or_else(|_| {
        error!(peer = %peer.text, ?request, "command panicked");
        Outcome {
            response: Response::refusal(&Error::ServerError, route.fallback()),
            caller: None,
            reason: None,
        }
    });
    let mut response = outcome.response;
    response.runtime = started.elapsed();
    log_request(
        peer,
        Some(&request),
        outcome.caller.as_ref(),
        &response,
        outcome.reason.as_deref(),
    );
    response
}

/// The one `info` line per request: who sent what (the system and principal
/// when authenticated, else what the request claimed), the answer, whose
/// description says why a refusal happened (or the full `reason` where the
/// dialect's text leaves it out), and the time it took (the response's
/// RUNTIME, read once). One event and no span: the fields are only
/// evaluated when the line is enabled, and none allocates for an account login.
fn log_request(
    peer: &Peer,
    request: Option<&Request>,
    caller: Option<&Caller>,
    response: &Response,
    reason: Option<&str>,
) {
    let role_login;
    let login = match caller {
        Some(Caller { principal, .. }) if principal.role.is_some() => {
            role_login = principal.to_string();
            Some(role_login.as_str())
        }
        Some(Caller { principal, .. }) => Some(principal.account.as_str()),
        None => request.and_then(|r| r.login.as_deref()),
    };
    info!(
        peer = %peer.text,
        entity = caller
            .map(|caller| caller.entity.code())
            .or_else(|| request.and_then(|r| r.entity.as_deref())),
        login,
        command = request.and_then(Request::command),
        code = response.code,
        micros = response.runtime.as_micros() as u64,
        "{}",
        reason.unwrap_or(&response.description)
    );
}

/// Reads the whole body within `timeout`. Past `limit` bytes the rest is read
/// and dropped (up to `DRAIN_LIMIT`), so the client still gets its answer.
async fn read_body(mut body: Incoming, limit: usize, timeout: Duration) -> Result<Bytes, Error> {
    // The deadline is set when the first frame is not there at once (it
    // usually is: the body came with the headers), so most requests read no
    // clock and arm no timer for it.
    let mut deadline = None;
    // A body usually arrives as one frame: keep it as it came, and copy
    // frames together only when there are more.
    let mut first = Bytes::new();
    let mut joined: Option<BytesMut> = None;
    let mut total = 0usize;
    loop {
        let ready =
            std::future::poll_fn(|cx| Poll::Ready(Pin::new(&mut body).poll_frame(cx))).await;
        let next = match ready {
            Poll::Ready(frame) => Ok(frame),
            Poll::Pending => {
                let deadline =
                    *deadline.get_or_insert_with(|| tokio::time::Instant::now() + timeout);
                tokio::time::timeout_at(deadline, body.frame()).await
            }
        };
        let frame = match next {
            Err(_) => {
                let why = format!("request body not received within {}s", timeout.as_secs());
                return Err(Error::ServerClosing(why));
            }
            Ok(None) => break,
            Ok(Some(Err(error))) => {
                return Err(Error::ServerClosing(format!(
                    "request body unreadable: {error}"
                )));
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        total = total.saturating_add(data.len());
        if total <= limit {
            if first.is_empty() && joined.is_none() {
                first = data;
            } else {
                joined
                    .get_or_insert_with(|| BytesMut::from(&first[..]))
                    .extend_from_slice(&data);
            }
        } else if total > limit.saturating_add(DRAIN_LIMIT) {
            break;
        }
    }
    if total > limit {
        return Err(Error::InvalidFormat(format!(
            "request body of {total} bytes or more exceeds the limit of {limit} bytes (--body-limit)"
        )));
    }
    Ok(joined.map_or(first, BytesMut::freeze))
}
