//! The `otebox` binary: reads flags and environment, starts tracing, binds the
//! listener, prints where it listens, and runs the server until SIGINT/SIGTERM.
//! No protocol, registry or HTTP-routing logic.

use std::hash::{BuildHasher, RandomState};
use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use otebox::dialect::Dialect;
use otebox::registry::Registry;
use otebox::server::{self, Config};

/// A self-hosted sandbox of the HEXONET / CentralNic Reseller ISPAPI registrar API.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Flags {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "OTEBOX_LISTEN", default_value = "127.0.0.1:8765")]
    listen: SocketAddr,
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

fn main() -> std::process::ExitCode {
    let flags = Flags::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(flags.workers.unwrap_or_else(default_workers).max(1))
        .enable_all()
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(run(flags)),
        Err(error) => {
            eprintln!("otebox: cannot start the runtime: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(flags: Flags) -> std::process::ExitCode {
    // One line per event, written to stderr in batches by a thread of its
    // own (src/log.rs); `_log` writes the last batch when main returns.
    let _log = otebox::log::init(&flags.log);
    let listener = match tokio::net::TcpListener::bind(flags.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("otebox: cannot listen on {}: {error}", flags.listen);
            return std::process::ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(flags.listen);
    let url = format!("http://{address}/api/call.cgi");
    println!(
        "otebox listening on {url} — try: curl -d 's_login=test.user&s_pw=test.passw0rd&s_entity=1234&command=StatusAccount' {url}"
    );
    let config = Config {
        body_limit: flags.body_limit,
        header_timeout: Duration::from_secs(flags.header_timeout),
        body_timeout: Duration::from_secs(flags.body_timeout),
        seed: flags
            .seed
            .unwrap_or_else(|| RandomState::new().hash_one(std::process::id())),
        default_dialect: flags.default_dialect,
    };
    let registry = Registry::new(config.seed);
    match server::serve(listener, config, registry, shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("otebox: {error}");
            std::process::ExitCode::FAILURE
        }
    }
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
