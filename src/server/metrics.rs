//! `GET /metrics` in the Prometheus text format (prometheus-client): API
//! requests by dialect, command and result code, their latency, and at each
//! scrape the registry's sizes per system (accounts, open sessions, domains,
//! DNS zones). Counting a request is two relaxed atomic adds into tables
//! fixed at start-up (one cell per dialect, command-table row and code; one
//! per latency bucket), so it stays on at full speed; the text is written by
//! a prometheus-client collector from those cells only when scraped. Shows
//! no secret (no login, no parameter value), so it needs no token. Owns the
//! metric definitions and the answer; must not change the registry.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use prometheus_client::collector::Collector;
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry as Metrics_;

use crate::command::{COMMANDS, cnr::CNR_COMMANDS};
use crate::dialect::Dialect;
use crate::registry::{Entity, Registry};
use crate::wire::Response;

/// Result codes are 100..=599: one cell each.
const CODES: usize = 500;
/// Per dialect: the table's rows, then `unknown` (a name not in the table),
/// then `none` (no COMMAND: a CNR login, a request that could not be read).
fn hexonet_rows() -> usize {
    COMMANDS.len() + 2
}

fn cnr_rows() -> usize {
    CNR_COMMANDS.len() + 2
}
/// Latency bucket bounds in seconds: 50 µs doubling to about 1.6 s.
const BUCKETS: [f64; 16] = {
    let mut bounds = [0.000_05; 16];
    let mut at = 1;
    while at < 16 {
        bounds[at] = bounds[at - 1] * 2.0;
        at += 1;
    }
    bounds
};

/// One API request's labels: bounded sets only (command names come from the
/// command tables, never from what a client sent).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    dialect: &'static str,
    command: &'static str,
    code: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SystemLabels {
    entity: &'static str,
}

/// The cells requests are counted in.
#[derive(Debug)]
struct Counts {
    /// `[row][code]`, HEXONET rows first, then CNR's.
    requests: Box<[AtomicU64]>,
    /// One per bucket of [`BUCKETS`], then `+Inf`.
    latency: [AtomicU64; BUCKETS.len() + 1],
    /// Total latency in nanoseconds.
    latency_sum: AtomicU64,
}

impl Counts {
    fn new() -> Counts {
        Counts {
            requests: (0..(hexonet_rows() + cnr_rows()) * CODES)
                .map(|_| AtomicU64::new(0))
                .collect(),
            latency: std::array::from_fn(|_| AtomicU64::new(0)),
            latency_sum: AtomicU64::new(0),
        }
    }

    /// The dialect and command name of row `row`.
    fn row_labels(row: usize) -> (&'static str, &'static str) {
        let name = |table: &'static [crate::command::Command], at: usize| match at {
            _ if at < table.len() => table[at].name,
            _ if at == table.len() => "unknown",
            _ => "none",
        };
        if row < hexonet_rows() {
            ("hexonet", name(COMMANDS, row))
        } else {
            ("cnr", name(CNR_COMMANDS, row - hexonet_rows()))
        }
    }
}

impl Collector for Counts {
    fn encode(&self, mut encoder: DescriptorEncoder) -> fmt::Result {
        let mut requests = encoder.encode_descriptor(
            "api_requests",
            "API requests answered, by dialect, command and result code",
            None,
            MetricType::Counter,
        )?;
        for (cell, count) in self.requests.iter().enumerate() {
            let count = count.load(Relaxed);
            if count == 0 {
                continue;
            }
            let (dialect, command) = Counts::row_labels(cell / CODES);
            let labels = RequestLabels {
                dialect,
                command,
                code: (cell % CODES + 100) as u16,
            };
            requests
                .encode_family(&labels)?
                .encode_counter::<NoLabelSet, _, u64>(&count, None)?;
        }
        // Per bucket, not cumulative: the encoder adds them up.
        let mut total = 0;
        let mut buckets = Vec::with_capacity(BUCKETS.len() + 1);
        for (at, count) in self.latency.iter().enumerate() {
            let count = count.load(Relaxed);
            total += count;
            buckets.push((BUCKETS.get(at).copied().unwrap_or(f64::INFINITY), count));
        }
        let sum = self.latency_sum.load(Relaxed) as f64 / 1e9;
        encoder
            .encode_descriptor(
                "api_request_duration_seconds",
                "Time from the request's arrival to its answer (RUNTIME)",
                None,
                MetricType::Histogram,
            )?
            .encode_histogram::<NoLabelSet>(sum, total, &buckets, None)
    }
}

/// The server's metrics.
pub(crate) struct Metrics {
    registry: Metrics_,
    counts: Arc<Counts>,
    accounts: Family<SystemLabels, Gauge>,
    sessions: Family<SystemLabels, Gauge>,
    domains: Family<SystemLabels, Gauge>,
    zones: Family<SystemLabels, Gauge>,
    /// Bytes in the `--durable` journal since its last compaction (0 without).
    journal: Gauge,
}

impl Metrics {
    pub(crate) fn new() -> Metrics {
        let mut registry = Metrics_::with_prefix("otebox");
        let counts = Arc::new(Counts::new());
        registry.register_collector(Box::new(counts.clone()));
        let gauge = |registry: &mut Metrics_, name: &str, help: &str| {
            let family = Family::<SystemLabels, Gauge>::default();
            registry.register(name, help, family.clone());
            family
        };
        let accounts = gauge(&mut registry, "accounts", "Accounts and subusers");
        let sessions = gauge(&mut registry, "open_sessions", "Open API sessions");
        let domains = gauge(&mut registry, "domains", "Registered domains");
        let zones = gauge(&mut registry, "dns_zones", "Hosted DNS zones");
        let journal = Gauge::default();
        let help = "Bytes in the --durable journal since its last compaction";
        registry.register("journal_bytes", help, journal.clone());
        Metrics {
            registry,
            counts,
            accounts,
            sessions,
            domains,
            zones,
            journal,
        }
    }

    /// The journal-size gauge, which the journal sets as it grows.
    pub(crate) fn journal_gauge(&self) -> Gauge {
        self.journal.clone()
    }

    /// Counts one answered API request by the COMMAND it sent (`None`
    /// when it sent none, or could not be read or parsed): two relaxed
    /// atomic adds. A request a fault rule left without an API answer (a
    /// closed connection, an HTTP 502 or 503: code 0) is not counted; the
    /// rule's own `count` in `/_admin/faults` says how often it fired.
    pub(crate) fn record(&self, command: Option<&str>, response: &Response) {
        if response.code == 0 {
            return;
        }
        let (first, table) = match response.dialect {
            Dialect::Hexonet => (0, COMMANDS.len()),
            Dialect::Cnr => (hexonet_rows(), CNR_COMMANDS.len()),
        };
        // The table's rows, then `unknown`, then `none`.
        let row = first
            + command.map_or(table + 1, |name| {
                row_of(response.dialect, name).unwrap_or(table)
            });
        let code = usize::from(response.code).clamp(100, 599) - 100;
        self.counts.requests[row * CODES + code].fetch_add(1, Relaxed);
        let nanos = u64::try_from(response.runtime.as_nanos()).unwrap_or(u64::MAX);
        self.counts.latency[bucket(nanos)].fetch_add(1, Relaxed);
        self.counts.latency_sum.fetch_add(nanos, Relaxed);
    }

    /// The Prometheus text of every metric, the sizes read from `registry` now.
    pub(crate) fn render(&self, registry: &Registry) -> String {
        for entity in Entity::ALL {
            let system = registry.system(entity);
            let labels = SystemLabels {
                entity: entity.code(),
            };
            let size = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
            self.accounts
                .get_or_create(&labels)
                .set(size(system.user_count()));
            self.sessions
                .get_or_create(&labels)
                .set(size(system.session_count()));
            self.domains
                .get_or_create(&labels)
                .set(size(system.domain_count()));
            self.zones
                .get_or_create(&labels)
                .set(size(system.zone_count()));
        }
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut text, &self.registry);
        text
    }
}

/// The latency bucket of `nanos`: how many bounds of [`BUCKETS`] (50 µs
/// times a power of two) lie below it, from the bit length of
/// `(nanos - 1) / 50 µs` instead of comparing floating-point seconds.
fn bucket(nanos: u64) -> usize {
    let over = nanos.saturating_sub(1) / 50_000;
    (u64::BITS - over.leading_zeros()).min(BUCKETS.len() as u32) as usize
}

thread_local! {
    /// The last command name a serving thread counted and its row: clients
    /// mostly send one command over and over, and the table lookup (a
    /// lower-cased copy and a hash) is most of counting a request.
    static LAST: std::cell::RefCell<(Dialect, String, Option<usize>)> =
        const { std::cell::RefCell::new((Dialect::Hexonet, String::new(), None)) };
}

/// The row of `name` in `dialect`'s command table, as `find_position` says.
fn row_of(dialect: Dialect, name: &str) -> Option<usize> {
    let find = match dialect {
        Dialect::Hexonet => crate::command::find_position,
        Dialect::Cnr => crate::command::cnr::find_position,
    };
    LAST.with(|last| {
        let Ok(mut last) = last.try_borrow_mut() else {
            return find(name);
        };
        let (known, text, row) = &mut *last;
        if *known != dialect || text != name {
            *row = find(name);
            *known = dialect;
            text.clear();
            text.push_str(name);
        }
        *row
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Response;

    #[test]
    fn requests_are_counted_by_their_table_name_and_code() {
        let metrics = Metrics::new();
        let request = crate::wire::parse(b"", b"s_entity=1234&command=statusaccount").unwrap();
        let mut response = Response::ok();
        metrics.record(request.command(), &response);
        metrics.record(request.command(), &response);
        let typo = crate::wire::parse(b"", b"command=NoSuchThing").unwrap();
        response.code = 500;
        metrics.record(typo.command(), &response);
        metrics.record(None, &response);
        // A fault rule's closed connection: no API answer, not counted.
        response.code = 0;
        metrics.record(request.command(), &response);
        let text = metrics.render(&Registry::new(1));
        assert!(!text.contains(r#"code="100""#), "{text}");
        assert!(
            text.contains(
                r#"otebox_api_requests_total{dialect="hexonet",command="StatusAccount",code="200"} 2"#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#"command="unknown",code="500"} 1"#),
            "{text}"
        );
        assert!(text.contains(r#"command="none",code="500"} 1"#), "{text}");
        assert!(
            text.contains("otebox_api_request_duration_seconds_count 4"),
            "{text}"
        );
        // Fixed zero runtimes fall into the first bucket; the buckets are cumulative.
        assert!(
            text.contains(r#"otebox_api_request_duration_seconds_bucket{le="0.00005"} 4"#)
                && text.contains(r#"otebox_api_request_duration_seconds_bucket{le="+Inf"} 4"#),
            "{text}"
        );
        assert!(
            text.contains(r#"otebox_accounts{entity="1234"} 2"#),
            "{text}"
        );
        assert!(text.contains("# EOF"), "{text}");
    }

    #[test]
    fn a_latency_falls_in_the_bucket_the_bounds_give() {
        for nanos in (0..4_000_000_000u64)
            .step_by(24_999)
            .chain([0, 1, 49_999, 50_000, 50_001, 100_000, 100_001, u64::MAX])
            .chain((0..16).map(|at| 50_000 << at))
            .chain((0..16).map(|at| (50_000 << at) + 1))
        {
            let seconds = std::time::Duration::from_nanos(nanos).as_secs_f64();
            let by_bounds = BUCKETS.partition_point(|bound| *bound < seconds);
            assert_eq!(bucket(nanos), by_bounds, "{nanos} ns");
        }
    }

    #[test]
    fn every_row_has_its_name() {
        assert_eq!(Counts::row_labels(0), ("hexonet", COMMANDS[0].name));
        assert_eq!(
            Counts::row_labels(hexonet_rows() - 2),
            ("hexonet", "unknown")
        );
        assert_eq!(
            Counts::row_labels(hexonet_rows()),
            ("cnr", CNR_COMMANDS[0].name)
        );
        assert_eq!(
            Counts::row_labels(hexonet_rows() + cnr_rows() - 1),
            ("cnr", "none")
        );
    }
}
