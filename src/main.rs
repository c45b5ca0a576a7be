//! The `otebox` binary: reads flags and environment, starts tracing, binds the
//! listeners (plain, and HTTPS with the local CA of `tls.rs`), prints where
//! they listen (and the DNS sockets of `--dns-listen`), and runs the server until SIGINT/SIGTERM; `otebox ca` prints
//! how to trust the CA, `otebox otp` a TOTP code. No protocol, registry or
//! HTTP-routing logic.

use std::hash::{BuildHasher, RandomState};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::{Parser, Subcommand};
use ipnet::IpNet;
use otebox::dialect::Dialect;
use otebox::dns::DnsListener;
use otebox::registry::otp::{OtpSecret, STEP};
use otebox::registry::snapshot::read_snapshot;
use otebox::registry::{Entity, Limits, Registry, System, Timestamp};
use otebox::server::{self, Config, Listeners, TlsListener};
use otebox::tls::{self, Ca};

/// A self-hosted sandbox of the HEXONET / CentralNic Reseller ISPAPI registrar API.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Flags {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "OTEBOX_LISTEN", default_value = "127.0.0.1:8765")]
    listen: SocketAddr,
    /// Address to serve HTTPS on as well (off unless given); port 0 picks a
    /// free port. The certificate is for api.ispapi.net, api-ote.ispapi.net,
    /// localhost, 127.0.0.1 and ::1, issued by otebox's local CA (`otebox ca`).
    #[arg(long, env = "OTEBOX_TLS_LISTEN")]
    tls_listen: Option<SocketAddr>,
    /// Directory of the local CA (`ca.crt`, `ca.key`), created when missing;
    /// default the platform's data directory, e.g. ~/.local/share/otebox.
    #[arg(long, env = "OTEBOX_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// Largest request body in bytes; larger requests get a protocol error.
    #[arg(long, env = "OTEBOX_BODY_LIMIT", default_value_t = 1 << 20)]
    body_limit: usize,
    /// Seconds a client has to send its request headers.
    #[arg(long, env = "OTEBOX_HEADER_TIMEOUT", default_value_t = 10)]
    header_timeout: u64,
    /// Seconds a client has to send its request body.
    #[arg(long, env = "OTEBOX_BODY_TIMEOUT", default_value_t = 30)]
    body_timeout: u64,
    /// Seed of session ids and password salts; random when not given.
    #[arg(long, env = "OTEBOX_SEED")]
    seed: Option<u64>,
    /// Log filter (tracing `EnvFilter` syntax), e.g. `info`, `otebox=debug`, `warn`.
    #[arg(long, env = "OTEBOX_LOG", default_value = "info")]
    log: String,
    /// Dialect of a request on /api/call.cgi whose fields do not tell
    /// (`s_login`, `s_pw` and a command only): `hexonet` or `cnr`.
    /// `/cnr/api/call.cgi` always speaks CentralNic Reseller.
    #[arg(long, env = "OTEBOX_DEFAULT_DIALECT", default_value = "hexonet", value_parser = parse_dialect)]
    default_dialect: Dialect,
    /// Threads serving requests; default half the machine's cores (at least
    /// one), leaving the rest to the clients under test on the same machine.
    #[arg(long, env = "OTEBOX_WORKERS")]
    workers: Option<usize>,
    /// Peers (CIDR subnets or addresses, comma-separated) whose
    /// `s_remoteaddr` and `X-Forwarded-For` name the client that allow-lists
    /// check; from any other peer those fields are ignored. None by default.
    #[arg(long, env = "OTEBOX_TRUSTED_PROXY", value_delimiter = ',', value_parser = parse_net)]
    trusted_proxy: Vec<IpNet>,
    /// Open sessions one account (its role users included) may hold; past
    /// it the account's StartSession answers 521. Other accounts are unaffected.
    #[arg(long, env = "OTEBOX_MAX_SESSIONS_PER_ACCOUNT", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_sessions_per_account: u32,
    /// Failed logins from one client address within --lockout-window that
    /// lock the address out (425) for --lockout-duration; 0 turns it off.
    #[arg(long, env = "OTEBOX_LOCKOUT_FAILURES", default_value_t = 10)]
    lockout_failures: u32,
    /// Seconds within which --lockout-failures failed logins lock an address.
    #[arg(long, env = "OTEBOX_LOCKOUT_WINDOW", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    lockout_window: u64,
    /// Seconds a locked-out address stays locked (sessions keep working).
    #[arg(long, env = "OTEBOX_LOCKOUT_DURATION", default_value_t = 300)]
    lockout_duration: u64,
    /// Requests per calendar minute of an account without a quota of its
    /// own (relation API_QUOTA_PER_MINUTE); past it 425 with
    /// QUOTAEXCEEDED=1. 0: no quota.
    #[arg(long, env = "OTEBOX_QUOTA_PER_MINUTE", default_value_t = 0)]
    quota_per_minute: u32,
    /// Bearer token of the admin API (`/_admin/clock`, which moves the
    /// sandbox clock): with it, admin calls need `Authorization: Bearer
    /// <token>` from any peer; without it, only loopback peers may call.
    #[arg(long, env = "OTEBOX_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Answer the sandbox's DNS zones over UDP and TCP on this address
    /// (authoritative, no recursion, no zone transfers); port 0 picks a free
    /// port and prints it. Off by default.
    #[arg(long, env = "OTEBOX_DNS_LISTEN")]
    dns_listen: Option<SocketAddr>,
    /// The system whose zones `--dns-listen` answers: 1234 (OT&E) or 54cd (LIVE).
    #[arg(long, env = "OTEBOX_DNS_ENTITY", default_value = "1234", value_parser = parse_entity)]
    dns_entity: Entity,
    /// Start from snapshot files (`GET /_admin/snapshot`): each holds the
    /// system it belongs to, one file per system at most.
    #[arg(long, env = "OTEBOX_LOAD", value_delimiter = ',')]
    load: Vec<PathBuf>,
    /// Keep the state in the data directory (`durable/`): every change a
    /// client was told succeeded is in a write-ahead journal before the
    /// answer, and a restart (even after a crash) replays it. With --load,
    /// the loaded files replace the durable state.
    #[arg(long, env = "OTEBOX_DURABLE", value_parser = clap::builder::BoolishValueParser::new())]
    durable: bool,
    /// With --durable: compact the journal into a snapshot after this many records.
    #[arg(
        long,
        env = "OTEBOX_DURABLE_COMPACT_RECORDS",
        default_value_t = 100_000
    )]
    durable_compact_records: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print where the local CA certificate is and how to make a system
    /// trust it (creating the CA when there is none).
    Ca {
        /// Print the CA certificate (PEM) instead.
        #[arg(long)]
        pem: bool,
    },
    /// Print the current TOTP code of a two-factor secret (the OTPSECRET
    /// given to ModifyUserPassword, ModifyUser or UpdateRoleUser) and the
    /// seconds it stays current: what to send as s_otp, OTP or OLDOTP.
    Otp {
        /// The base32 secret (A-Z, 2-7; at least 16 characters).
        secret: String,
        /// The time to compute the code for, in seconds since the Unix
        /// epoch, instead of now (e.g. 1767225600 = 2026-01-01 00:00:00 UTC).
        #[arg(long)]
        at: Option<u64>,
    },
}

/// `otebox otp`: the code of `secret` at `at` (default now) and how long
/// it stays the current one; the server accepts the step before and after too.
fn print_otp(secret: &str, at: Option<u64>) -> ExitCode {
    let Ok(secret) = OtpSecret::parse("OTPSECRET", secret) else {
        eprintln!("otebox: the secret is not base32 (A-Z and 2-7, at least 16 characters)");
        return ExitCode::FAILURE;
    };
    let now = at.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    let left = STEP - now % STEP;
    println!(
        "{} ({left} s left; for {} UTC)",
        secret.code(Timestamp(now)),
        Timestamp(now).datetime()
    );
    ExitCode::SUCCESS
}

/// `10.0.0.0/8`, `2001:db8::/32`, or one address (`127.0.0.1`).
fn parse_net(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| format!("{text} is not an IP address or CIDR subnet"))
}

fn parse_entity(text: &str) -> Result<Entity, String> {
    Entity::from_wire(Some(text))
        .map_err(|_| format!("{text} is neither 1234 (OT&E) nor 54cd (LIVE)"))
}

fn parse_dialect(text: &str) -> Result<Dialect, String> {
    match text.to_ascii_lowercase().as_str() {
        "hexonet" => Ok(Dialect::Hexonet),
        "cnr" => Ok(Dialect::Cnr),
        _ => Err(format!("{text} is neither hexonet nor cnr")),
    }
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(flags.workers.unwrap_or_else(default_workers).max(1))
        .enable_all()
        .build();
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
    let address = listener.local_addr().unwrap_or(flags.listen);
    let url = format!("http://{address}/api/call.cgi");
    println!("otebox listening on {url} — try: curl -d '{TRY}' {url}");
    if let Some((https, ca)) = &https {
        let address = https.listener.local_addr().unwrap_or(address);
        let url = format!("https://{address}/api/call.cgi");
        let ca = tls::shell_quote(&ca.cert_path.display().to_string());
        println!("otebox listening on {url} — try: curl --cacert {ca} -d '{TRY}' {url}");
    }
    let dns = match flags.dns_listen {
        Some(address) => match DnsListener::bind(address, flags.dns_entity).await {
            Ok(dns) => {
                let at = dns.local_addr().unwrap_or(address);
                let (host, port) = (at.ip(), at.port());
                println!(
                    "otebox answering DNS on {at} (UDP and TCP, zones of {}) — try: dig @{host} -p {port} example.com SOA",
                    flags.dns_entity.code()
                );
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
    };
    let limits = Limits {
        max_sessions_per_account: flags.max_sessions_per_account,
        lockout_failures: flags.lockout_failures,
        lockout_window: flags.lockout_window,
        lockout_duration: flags.lockout_duration,
        quota_per_minute: flags.quota_per_minute,
    };
    let mut registry = Registry::with_limits(config.seed, limits);
    let fresh = !loaded.is_empty();
    for system in loaded {
        registry.replace_system(system);
    }
    if flags.durable {
        match durable(&flags, registry, fresh) {
            Ok((durable, journal)) => (registry, config.journal) = (durable, Some(journal)),
            Err(error) => {
                eprintln!("otebox: {error}");
                return ExitCode::FAILURE;
            }
        }
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
    fresh: bool,
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
    server::journal::open(&dir, registry, fresh, settings)
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
