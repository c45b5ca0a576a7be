//! The `otebox` binary: reads flags and environment (declared in
//! `flags.rs`), starts tracing, binds the listeners (plain, and HTTPS with
//! the local CA of `tls.rs`), prints where they listen (and the DNS sockets
//! of `--dns-listen`), and runs the server until SIGINT/SIGTERM; `otebox ca`
//! prints how to trust the CA, `otebox otp` a TOTP code. No protocol,
//! registry or HTTP-routing logic.

use std::hash::{BuildHasher, RandomState};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use otebox::dns::DnsListener;
use otebox::registry::otp::{OtpSecret, STEP};
use otebox::registry::snapshot::read_snapshot;
use otebox::registry::{Limits, Registry, System, Timestamp};
use otebox::server::{self, Config, Listeners, TlsListener};
use otebox::tls::{self, Ca};

mod flags;

use flags::{Command, Flags};

/// `otebox otp`: the code of `secret` at `at` (default now) on stdout, and
/// how long it stays the current one on stderr; the server accepts the step
/// before and after too.
fn print_otp(secret: &str, at: Option<u64>) -> ExitCode {
    let Ok(secret) = OtpSecret::parse("OTPSECRET", secret) else {
        eprintln!(
            "otebox: the secret is not base32 (A-Z and 2-7, 16 to 128 characters, not 8n+1, 8n+3 or 8n+6 of them)"
        );
        return ExitCode::FAILURE;
    };
    let now = at.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    let left = STEP - now % STEP;
    // The code alone on stdout, so `s_otp=$(otebox otp SECRET)` sends it;
    // how long it lasts on stderr, which a terminal shows beside it.
    println!("{}", secret.code(Timestamp(now)));
    eprintln!("({left} s left; for {} UTC)", Timestamp(now).datetime());
    ExitCode::SUCCESS
}

/// The default number of serving threads: half the cores, at least one.
/// Every command runs under the one registry lock, so more threads add HTTP
/// and kernel parallelism but also lock hand-offs and cross-thread wake-ups;
/// and a sandbox's clients (WHMCS, a test suite, a load generator) run on the
/// same machine and need cores of their own (BENCHMARKS.md, "Serving threads").
fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| (cores.get() / 2).max(1))
}

/// The CA in `--data-dir` or the platform's data directory, created when missing.
fn load_ca(data_dir: Option<&PathBuf>) -> Result<Ca, String> {
    let dir = match data_dir {
        Some(dir) => dir.clone(),
        None => tls::default_data_dir()
            .ok_or("no home directory for the data directory: give --data-dir")?,
    };
    Ca::load_or_create(&dir)
}

fn main() -> ExitCode {
    let flags = Flags::parse();
    if let Some(Command::Otp { secret, at }) = &flags.command {
        return print_otp(secret, *at);
    }
    if let Some(Command::Ca { pem }) = flags.command {
        return match load_ca(flags.data_dir.as_ref()) {
            Ok(ca) if pem => {
                print!("{}", ca.cert_pem);
                ExitCode::SUCCESS
            }
            Ok(ca) => {
                print!("{}", ca.trust_instructions());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("otebox: {error}");
                ExitCode::FAILURE
            }
        };
    }
    // One serving thread is the current-thread runtime on this thread (no
    // worker pool, no work-stealing or cross-thread wake-ups: ARCHITECTURE.md,
    // "Serving threads"); more are the multi-thread runtime's workers.
    let workers = flags.workers.map_or_else(default_workers, usize::from);
    let runtime = match workers {
        1 => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        _ => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .enable_all()
            .build(),
    };
    match runtime {
        Ok(runtime) => runtime.block_on(run(flags)),
        Err(error) => {
            eprintln!("otebox: cannot start the runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(flags: Flags) -> ExitCode {
    // One line per event, written to stderr in batches by a thread of its
    // own (src/log.rs); `_log` writes the last batch when main returns.
    let _log = otebox::log::init(&flags.log);
    let loaded = match load_snapshots(&flags.load) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("otebox: {error}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(flags.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("otebox: cannot listen on {}: {error}", flags.listen);
            return ExitCode::FAILURE;
        }
    };
    let https = match flags.tls_listen {
        Some(address) => match tls_listener(address, &flags).await {
            Ok(https) => Some(https),
            Err(error) => {
                eprintln!("otebox: {error}");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    // Said once every start-up check has passed (the durable state's replay
    // included), so a line never announces a server that then exits.
    let mut announce = Vec::new();
    let address = listener.local_addr().unwrap_or(flags.listen);
    let url = format!("http://{address}/api/call.cgi");
    announce.push(format!(
        "otebox listening on {url} — try: curl -d '{TRY}' {url}"
    ));
    if let Some((https, ca)) = &https {
        let address = https.listener.local_addr().unwrap_or(address);
        let url = format!("https://{address}/api/call.cgi");
        let ca = tls::shell_quote(&ca.cert_path.display().to_string());
        announce.push(format!(
            "otebox listening on {url} — try: curl --cacert {ca} -d '{TRY}' {url}"
        ));
    }
    let dns = match flags.dns_listen {
        Some(address) => match DnsListener::bind(address, flags.dns_entity).await {
            Ok(dns) => {
                let at = dns.local_addr().unwrap_or(address);
                let (host, port) = (at.ip(), at.port());
                announce.push(format!(
                    "otebox answering DNS on {at} (UDP and TCP, zones of {}) — try: dig @{host} -p {port} example.com SOA",
                    flags.dns_entity.code()
                ));
                Some(dns)
            }
            Err(error) => {
                eprintln!("otebox: cannot answer DNS on {address}: {error}");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let mut config = Config {
        body_limit: flags.body_limit,
        header_timeout: Duration::from_secs(flags.header_timeout),
        body_timeout: Duration::from_secs(flags.body_timeout),
        seed: flags
            .seed
            .unwrap_or_else(|| RandomState::new().hash_one(std::process::id())),
        default_dialect: flags.default_dialect,
        data_dir: flags.data_dir.clone(),
        trusted_proxies: flags.trusted_proxy.clone(),
        // An empty token (OTEBOX_ADMIN_TOKEN= in a compose file) is no token.
        admin_token: flags.admin_token.clone().filter(|token| !token.is_empty()),
        journal: None,
        inspector_keep: flags.inspector_keep as usize,
    };
    let limits = Limits {
        max_sessions_per_account: flags.max_sessions_per_account,
        lockout_failures: flags.lockout_failures,
        lockout_window: flags.lockout_window,
        lockout_duration: flags.lockout_duration,
        quota_per_minute: flags.quota_per_minute,
    };
    let mut registry = Registry::with_limits(config.seed, limits);
    if !flags.durable {
        for system in loaded {
            registry.replace_system(system);
        }
    } else {
        match durable(&flags, registry, loaded) {
            Ok((durable, journal)) => (registry, config.journal) = (durable, Some(journal)),
            Err(error) => {
                eprintln!("otebox: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    for line in announce {
        println!("{line}");
    }
    let https = https.map(|(https, _)| https);
    let listeners = Listeners {
        http: listener,
        https,
        dns,
    };
    let served = server::serve_listeners(
        listeners,
        config,
        registry,
        otebox::execute,
        shutdown_signal(),
    );
    match served.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("otebox: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `--durable`: the state of the data directory (see `server/journal.rs`).
fn durable(
    flags: &Flags,
    registry: Registry,
    loaded: Vec<System>,
) -> Result<(Registry, std::sync::Arc<server::journal::Journal>), String> {
    let dir = match &flags.data_dir {
        Some(dir) => dir.clone(),
        None => {
            tls::default_data_dir().ok_or("--durable needs a data directory: give --data-dir")?
        }
    };
    let settings = server::journal::Settings {
        compact_records: flags.durable_compact_records.max(1),
        ..Default::default()
    };
    server::journal::open(&dir, registry, loaded, settings)
}

/// Reads the `--load` files, each a snapshot of a system no other file
/// holds; errors name the file and what is wrong with it.
fn load_snapshots(paths: &[PathBuf]) -> Result<Vec<System>, String> {
    let mut systems: Vec<System> = Vec::new();
    for path in paths {
        let started = Instant::now();
        let shown = path.display();
        let file = std::fs::read(path).map_err(|error| format!("--load {shown}: {error}"))?;
        let system = read_snapshot(&file, None).map_err(|why| format!("--load {shown}: {why}"))?;
        let entity = system.entity().code();
        if systems
            .iter()
            .any(|other| other.entity() == system.entity())
        {
            return Err(format!(
                "--load {shown}: another file holds system {entity} already: give one snapshot per system"
            ));
        }
        let millis = started.elapsed().as_millis() as u64;
        let (bytes, domains) = (file.len() as u64, system.domain_count() as u64);
        tracing::info!(file = %shown, entity, bytes, domains, millis, "snapshot loaded");
        systems.push(system);
    }
    Ok(systems)
}

/// The request the start-up lines suggest trying.
const TRY: &str = "s_login=test.user&s_pw=test.passw0rd&s_entity=1234&command=StatusAccount";

/// The HTTPS listener: the CA (created on first use), a new server
/// certificate, and the socket; errors name what failed.
async fn tls_listener(address: SocketAddr, flags: &Flags) -> Result<(TlsListener, Ca), String> {
    let ca = load_ca(flags.data_dir.as_ref())?;
    let config = ca.server_config()?;
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| format!("cannot listen on {address}: {error}"))?;
    let timeout = Duration::from_secs(flags.header_timeout);
    let acceptor = tls::Acceptor::new(config, timeout);
    Ok((TlsListener { listener, acceptor }, ca))
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return interrupt.await.unwrap_or(()),
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    interrupt.await.unwrap_or(());
}
