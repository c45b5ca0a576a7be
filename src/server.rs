//! Everything async and HTTP: the accept loop of the plain and the HTTPS
//! listener, one hyper HTTP/1.1 connection task per client (after the TLS
//! handshake, which `tls.rs` does, in that task), the one registry lock, the
//! session sweeper and graceful shutdown; `server/request.rs` serves each
//! request (routing, body limit and timeout, the log line). With `tls.rs` the
//! only code that knows hyper or tokio networking; it never interprets
//! command text or writes response text by hand.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use ipnet::IpNet;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tracing::{debug, info, warn};

use crate::dialect::Dialect;
use crate::registry::{Registry, Timestamp};
use crate::tls;
use crate::wire::Request;
use crate::{Meta, Outcome, execute};

mod admin;
mod faults;
mod inspector;
pub mod journal;

/// Requests the web inspector keeps per system by default (`--inspector-keep`).
pub const INSPECTOR_KEEP: u32 = 1000;
/// The most `--inspector-keep` allows.
pub const INSPECTOR_KEEP_MAX: u32 = 100_000;
mod metrics;
mod payload;
mod peer;
mod rare;
mod request;
mod watchdog;

use peer::Peer;
use rare::Rare;

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
    /// Where the local CA is that the proxy's tunnels use when there is no
    /// HTTPS listener (read or created at the first `CONNECT`); `None`: the
    /// platform's data directory.
    pub data_dir: Option<PathBuf>,
    /// Peers whose `s_remoteaddr` and `X-Forwarded-For` name the client
    /// (`--trusted-proxy`); none by default.
    pub trusted_proxies: Vec<IpNet>,
    /// The bearer token of the admin API (`/_admin/clock`; `--admin-token`);
    /// without one the admin API answers loopback peers only.
    pub admin_token: Option<String>,
    /// The write-ahead journal of `--durable` ([`journal::open`]); `None`:
    /// the state lives in memory only.
    pub journal: Option<Arc<journal::Journal>>,
    /// Requests the web inspector keeps per system (`--inspector-keep`); 0: none.
    pub inspector_keep: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            body_limit: 1 << 20,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            seed: 0,
            default_dialect: Dialect::Hexonet,
            data_dir: None,
            trusted_proxies: Vec::new(),
            admin_token: None,
            inspector_keep: inspector::KEEP,
            journal: None,
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
    /// Shared with the DNS server of `--dns-listen`, which reads zones under it.
    registry: Arc<Mutex<Registry>>,
    config: Config,
    /// How every connection is served: the plain listener's, the HTTPS
    /// listener's and the proxy's tunnels.
    http: http1::Builder,
    /// The TLS side of the HTTPS listener and of the proxy's tunnels: the
    /// HTTPS listener's acceptor when there is one, else made from the CA at
    /// the first `CONNECT` (or why it could not be).
    tunnel_tls: OnceLock<Result<tls::Acceptor, String>>,
    /// Requests by command and code, latency, sizes (`GET /metrics`).
    metrics: metrics::Metrics,
    /// The fault rules of `/_admin/faults` (transport-level, not the registry's).
    faults: faults::Faults,
    /// The last requests of each system, for the web inspector (`/_admin/`).
    inspector: inspector::Inspector,
    /// Becomes `true` at shutdown; every connection holds a receiver, and
    /// shutdown waits until all are gone (open requests finished).
    shutdown: watch::Sender<bool>,
}

impl State {
    /// Locks the registry. A poisoned lock means a command panicked while
    /// holding it; commands validate everything before they change anything,
    /// so no half-done change can remain and serving goes on with the data.
    fn registry(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The acceptor of the proxy's tunnels (see `tunnel_tls`).
    fn tunnel_acceptor(&self) -> Result<&tls::Acceptor, &str> {
        let made = self.tunnel_tls.get_or_init(|| {
            let dir = match &self.config.data_dir {
                Some(dir) => dir.clone(),
                None => tls::default_data_dir()
                    .ok_or("no home directory for the data directory: give --data-dir")?,
            };
            let config = tls::Ca::load_or_create(&dir)?.server_config()?;
            Ok(tls::Acceptor::new(config, self.config.header_timeout))
        });
        made.as_ref().map_err(String::as_str)
    }
}

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
    let listeners = Listeners {
        http: listener,
        https: None,
        dns: None,
    };
    serve_listeners(listeners, config, registry, execute, shutdown).await
}

/// The HTTPS listener: its socket and the TLS side of its connections.
pub struct TlsListener {
    pub listener: TcpListener,
    pub acceptor: tls::Acceptor,
}

/// Everything otebox listens on: the plain HTTP listener, and when asked for,
/// the HTTPS one and the DNS sockets.
pub struct Listeners {
    pub http: TcpListener,
    pub https: Option<TlsListener>,
    pub dns: Option<crate::dns::DnsListener>,
}

/// [`serve_with`] on the plain listener and, when given, the HTTPS one (the
/// same API, registry and limits on both) and the DNS server (the same
/// registry's zones).
pub async fn serve_listeners(
    listeners: Listeners,
    config: Config,
    registry: Registry,
    execute: ExecuteFn,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut http = http1::Builder::new();
    // The header timeout is the connection's watchdog (`watchdog.rs`), not
    // hyper's timer per request.
    http.header_read_timeout(None).keep_alive(true);
    // Head and answer go out as one buffer with one `write`, not as two
    // slices with `writev`: the answer's copy (a few KiB at most for all but
    // long lists) costs less than hyper's queue of slices (BENCHMARKS.md,
    // "eleventh pass").
    http.writev(false);
    let Listeners {
        http: listener,
        https,
        dns,
    } = listeners;
    let tunnel_tls = OnceLock::new();
    if let Some(https) = &https {
        let _ = tunnel_tls.set(Ok(https.acceptor.clone()));
    }
    let faults = faults::Faults::new(config.seed);
    let inspector = inspector::Inspector::new(config.inspector_keep);
    let state = Arc::new(State {
        execute,
        registry: Arc::new(Mutex::new(registry)),
        config,
        http,
        tunnel_tls,
        metrics: metrics::Metrics::new(),
        faults,
        inspector,
        shutdown: watch::Sender::new(false),
    });
    if let Some(journal) = &state.config.journal {
        journal.attach(state.registry.clone(), state.metrics.journal_gauge());
    }
    let sweeper = tokio::spawn(sweep_sessions(state.clone()));
    // Dropped at the end of this function: the DNS tasks end with it.
    let _dns = dns.map(|dns| crate::dns::serve(dns, state.registry.clone()));
    tokio::pin!(shutdown);
    loop {
        let (accepted, secure) = tokio::select! {
            accepted = listener.accept() => (accepted, false),
            accepted = accept(https.as_ref()) => (accepted, true),
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors and the like: back off, keep serving.
                warn!(%error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let watcher = state.shutdown.subscribe();
        match https.as_ref().filter(|_| secure) {
            None => {
                tokio::spawn(connection(watcher, &state, peer, stream));
            }
            // The handshake runs in the connection's own task, so a slow or
            // silent TLS client never holds up the accept loop.
            Some(https) => {
                let (acceptor, state) = (https.acceptor.clone(), state.clone());
                tokio::spawn(async move {
                    match acceptor.handshake(stream).await {
                        Ok(stream) => connection(watcher, &state, peer, stream).await,
                        Err(error) => debug!(%peer, %error, "TLS connection dropped"),
                    }
                });
            }
        }
    }
    sweeper.abort();
    info!("shutting down: waiting for open requests");
    state.shutdown.send_replace(true);
    tokio::select! {
        () = state.shutdown.closed() => {}
        () = tokio::time::sleep(Duration::from_secs(10)) => warn!("open connections cut off after 10s"),
    }
    journal::after_admin(journal::hold(&state), "shutdown").await;
    Ok(())
}

/// The next connection of the HTTPS listener; never, when there is none.
async fn accept(https: Option<&TlsListener>) -> std::io::Result<(TcpStream, SocketAddr)> {
    match https {
        Some(https) => https.listener.accept().await,
        None => std::future::pending().await,
    }
}

/// One client connection, plain, TLS or a proxy tunnel, served by hyper
/// until it closes: the one connection-serving path. `watcher` tells it
/// when to stop (after the request it is serving), and shutdown waits until
/// it is dropped. Upgrades are on for the proxy's `CONNECT`.
fn connection<T>(
    mut watcher: watch::Receiver<bool>,
    state: &Arc<State>,
    peer: SocketAddr,
    stream: T,
) -> impl Future<Output = ()> + Send + 'static
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let shared = state.clone();
    let client = Arc::new(Peer::new(peer.ip(), &state.config.trusted_proxies));
    let activity = watchdog::Activity::default();
    let counted = activity.clone();
    let service = service_fn(move |request| {
        let state = shared.clone();
        let client = client.clone();
        let in_service = counted.begin();
        async move {
            let response = faults::deliver(request::route(&state, &client, request).await);
            drop(in_service);
            response
        }
    });
    let timeout = state.config.header_timeout;
    let connection = state
        .http
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    async move {
        tokio::pin!(connection);
        // The shutdown signal and the watchdog are polled only when they
        // woke, not at each of the connection's wake-ups (`rare.rs`).
        let stop = Rare::new(watcher.wait_for(|stop| *stop));
        let silent = Rare::new(activity.silent_for(timeout));
        let stopped = tokio::select! {
            // In order: the connection first, as it is nearly always its wake-up.
            biased;
            result = &mut connection => Some(result),
            _ = stop => None,
            () = silent => {
                debug!(%peer, "connection closed: no request within the header timeout");
                return;
            }
        };
        let result = match stopped {
            Some(result) => result,
            None => {
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        };
        drop(watcher);
        if let Err(error) = result {
            debug!(%peer, %error, "connection ended with an error");
        }
    }
}

/// Serves the tunnel of a `CONNECT` the proxy answered `200`: once hyper
/// hands over the connection, the TLS handshake with the local CA's
/// certificate, then [`connection`] as for the HTTPS listener.
fn tunnel(
    state: &Arc<State>,
    peer: &Peer,
    acceptor: tls::Acceptor,
    request: hyper::Request<hyper::body::Incoming>,
) {
    let watcher = state.shutdown.subscribe();
    let state = state.clone();
    let peer = SocketAddr::new(peer.ip, 0);
    tokio::spawn(async move {
        let upgraded = match hyper::upgrade::on(request).await {
            Ok(upgraded) => upgraded,
            Err(error) => return debug!(%peer, %error, "proxy tunnel not opened"),
        };
        match acceptor.handshake_tunnel(TokioIo::new(upgraded)).await {
            Ok(stream) => connection(watcher, &state, peer, stream).await,
            Err(error) => debug!(%peer, %error, "proxy tunnel dropped"),
        }
    });
}

/// Seconds since the epoch from the wall clock: the only clock read of otebox.
pub(crate) fn now() -> Timestamp {
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
