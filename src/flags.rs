//! The `otebox` binary's flags and environment variables (clap), split
//! from `main.rs`: every option with its `OTEBOX_*` variable, default and
//! help text, the `ca` and `otp` subcommands, and the parsers of the values
//! clap cannot read by itself. Declares what the binary accepts only; must
//! not start, bind or read anything (that is `main.rs`), nor hold protocol,
//! registry or HTTP-routing logic.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use ipnet::IpNet;
use otebox::dialect::Dialect;
use otebox::registry::Entity;

/// A self-hosted sandbox of the HEXONET / CentralNic Reseller ISPAPI registrar API.
#[derive(Parser, Debug)]
#[command(version, about)]
pub(crate) struct Flags {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "OTEBOX_LISTEN", default_value = "127.0.0.1:8765")]
    pub(crate) listen: SocketAddr,
    /// Address to serve HTTPS on as well (off unless given); port 0 picks a
    /// free port. The certificate is for api.ispapi.net, api-ote.ispapi.net,
    /// api.rrpproxy.net, api-ote.rrpproxy.net, localhost, 127.0.0.1 and ::1,
    /// issued by otebox's local CA (`otebox ca`).
    #[arg(long, env = "OTEBOX_TLS_LISTEN")]
    pub(crate) tls_listen: Option<SocketAddr>,
    /// Directory of the local CA (`ca.crt`, `ca.key`), created when missing;
    /// default the platform's data directory, e.g. ~/.local/share/otebox.
    #[arg(long, env = "OTEBOX_DATA_DIR", global = true)]
    pub(crate) data_dir: Option<PathBuf>,
    /// Largest request body in bytes; larger requests get a protocol error.
    #[arg(long, env = "OTEBOX_BODY_LIMIT", default_value_t = 1 << 20)]
    pub(crate) body_limit: usize,
    /// Seconds a client has to send its request headers.
    #[arg(long, env = "OTEBOX_HEADER_TIMEOUT", default_value_t = 10)]
    pub(crate) header_timeout: u64,
    /// Seconds a client has to send its request body.
    #[arg(long, env = "OTEBOX_BODY_TIMEOUT", default_value_t = 30)]
    pub(crate) body_timeout: u64,
    /// Seed of session ids and password salts; random when not given.
    #[arg(long, env = "OTEBOX_SEED")]
    pub(crate) seed: Option<u64>,
    /// Log filter (tracing `EnvFilter` syntax), e.g. `info`, `otebox=debug`, `warn`.
    #[arg(long, env = "OTEBOX_LOG", default_value = "info")]
    pub(crate) log: String,
    /// Dialect of a request on /api/call.cgi whose fields do not tell
    /// (`s_login`, `s_pw` and a command only): `hexonet` or `cnr`.
    /// `/cnr/api/call.cgi` always speaks CentralNic Reseller.
    #[arg(long, env = "OTEBOX_DEFAULT_DIALECT", default_value = "hexonet", value_parser = parse_dialect)]
    pub(crate) default_dialect: Dialect,
    /// Threads serving requests; default half the machine's cores (at least
    /// one), leaving the rest to the clients under test on the same machine.
    #[arg(long, env = "OTEBOX_WORKERS", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) workers: Option<u16>,
    /// Peers (CIDR subnets or addresses, comma-separated) whose
    /// `s_remoteaddr` and `X-Forwarded-For` name the client that allow-lists
    /// check; from any other peer those fields are ignored. None by default.
    #[arg(long, env = "OTEBOX_TRUSTED_PROXY", value_delimiter = ',', value_parser = parse_net)]
    pub(crate) trusted_proxy: Vec<IpNet>,
    /// Open sessions one account (its role users included) may hold; past
    /// it the account's StartSession answers 521. Other accounts are unaffected.
    #[arg(long, env = "OTEBOX_MAX_SESSIONS_PER_ACCOUNT", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) max_sessions_per_account: u32,
    /// Failed logins from one client address within --lockout-window that
    /// lock the address out (425) for --lockout-duration; 0 turns it off.
    #[arg(long, env = "OTEBOX_LOCKOUT_FAILURES", default_value_t = 10)]
    pub(crate) lockout_failures: u32,
    /// Seconds within which --lockout-failures failed logins lock an address.
    #[arg(long, env = "OTEBOX_LOCKOUT_WINDOW", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) lockout_window: u64,
    /// Seconds a locked-out address stays locked (sessions keep working).
    #[arg(long, env = "OTEBOX_LOCKOUT_DURATION", default_value_t = 300)]
    pub(crate) lockout_duration: u64,
    /// Requests per calendar minute of an account without a quota of its
    /// own (relation API_QUOTA_PER_MINUTE); past it 425 with
    /// QUOTAEXCEEDED=1. 0: no quota.
    #[arg(long, env = "OTEBOX_QUOTA_PER_MINUTE", default_value_t = 0)]
    pub(crate) quota_per_minute: u32,
    /// Bearer token of the admin API (`/_admin/`: the clock, accounts,
    /// resets, snapshots, faults and the inspector): with it, admin calls
    /// need `Authorization: Bearer <token>` (or the inspector's cookie) from
    /// any peer; without it, only loopback peers may call.
    #[arg(long, env = "OTEBOX_ADMIN_TOKEN", hide_env_values = true)]
    pub(crate) admin_token: Option<String>,
    /// Requests the web inspector (`/_admin/`) keeps per system, at most 16
    /// MiB of them; 0 keeps none.
    #[arg(long, env = "OTEBOX_INSPECTOR_KEEP", default_value_t = otebox::server::INSPECTOR_KEEP,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(otebox::server::INSPECTOR_KEEP_MAX)))]
    pub(crate) inspector_keep: u32,
    /// Answer the sandbox's DNS zones over UDP and TCP on this address
    /// (authoritative, no recursion, no zone transfers); port 0 picks a free
    /// port and prints it. Off by default.
    #[arg(long, env = "OTEBOX_DNS_LISTEN")]
    pub(crate) dns_listen: Option<SocketAddr>,
    /// The system whose zones `--dns-listen` answers: 1234 (OT&E) or 54cd (LIVE).
    #[arg(long, env = "OTEBOX_DNS_ENTITY", default_value = "1234", value_parser = parse_entity)]
    pub(crate) dns_entity: Entity,
    /// Start from snapshot files (`GET /_admin/snapshot`): each holds the
    /// system it belongs to, one file per system at most.
    #[arg(long, env = "OTEBOX_LOAD", value_delimiter = ',')]
    pub(crate) load: Vec<PathBuf>,
    /// Keep the state in the data directory (`durable/`): every change a
    /// client was told succeeded is in a write-ahead journal before the
    /// answer, and a restart (even after a crash) replays it. With --load,
    /// the loaded files replace the durable state.
    #[arg(long, env = "OTEBOX_DURABLE", value_parser = clap::builder::BoolishValueParser::new())]
    pub(crate) durable: bool,
    /// With --durable: compact the journal into a snapshot after this many records.
    #[arg(
        long,
        env = "OTEBOX_DURABLE_COMPACT_RECORDS",
        default_value_t = 100_000
    )]
    pub(crate) durable_compact_records: u64,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
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
        /// The base32 secret (A-Z, 2-7; 16 to 128 characters).
        secret: String,
        /// The time to compute the code for, in seconds since the Unix
        /// epoch, instead of now (e.g. 1767225600 = 2026-01-01 00:00:00 UTC).
        #[arg(long)]
        at: Option<u64>,
    },
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
