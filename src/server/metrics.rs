//! `GET /metrics` in the Prometheus text format (prometheus-client): API
//! requests by dialect, command and result code, their latency, and at each
//! scrape the registry's sizes per system (accounts, open sessions, domains,
//! DNS zones). Counting a request is a map lookup under a read lock and two
//! atomic adds, cheap enough to stay on; the sizes are read only when scraped.
//! Shows no secret (no login, no parameter values), so it needs no token.
//! Owns the metric definitions and the answer; must not change the registry.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry as Metrics_;

use crate::dialect::Dialect;
use crate::registry::{Entity, Registry};
use crate::wire::{Request, Response};

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

/// The server's metrics.
pub(crate) struct Metrics {
    registry: Metrics_,
    requests: Family<RequestLabels, Counter>,
    latency: Histogram,
    accounts: Family<SystemLabels, Gauge>,
    sessions: Family<SystemLabels, Gauge>,
    domains: Family<SystemLabels, Gauge>,
    zones: Family<SystemLabels, Gauge>,
}

impl Metrics {
    pub(crate) fn new() -> Metrics {
        let mut registry = Metrics_::with_prefix("otebox");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "api_requests",
            "API requests answered, by dialect, command and result code",
            requests.clone(),
        );
        // 50 µs .. about 1.6 s.
        let latency = Histogram::new(exponential_buckets(0.000_05, 2.0, 16));
        registry.register(
            "api_request_duration_seconds",
            "Time from the request's arrival to its answer (RUNTIME)",
            latency.clone(),
        );
        let gauge = |registry: &mut Metrics_, name: &str, help: &str| {
            let family = Family::<SystemLabels, Gauge>::default();
            registry.register(name, help, family.clone());
            family
        };
        let accounts = gauge(&mut registry, "accounts", "Accounts and subusers");
        let sessions = gauge(&mut registry, "open_sessions", "Open API sessions");
        let domains = gauge(&mut registry, "domains", "Registered domains");
        let zones = gauge(&mut registry, "dns_zones", "Hosted DNS zones");
        Metrics {
            registry,
            requests,
            latency,
            accounts,
            sessions,
            domains,
            zones,
        }
    }

    /// Counts one answered API request (`request` is `None` when it could
    /// not be read or parsed).
    pub(crate) fn record(&self, request: Option<&Request>, response: &Response) {
        let (dialect, command) = match response.dialect {
            Dialect::Hexonet => (
                "hexonet",
                request
                    .and_then(Request::command)
                    .map(|name| crate::command::find(name).map_or("unknown", |row| row.name)),
            ),
            Dialect::Cnr => (
                "cnr",
                request
                    .and_then(Request::command)
                    .map(|name| crate::command::cnr::find(name).map_or("unknown", |row| row.name)),
            ),
        };
        let labels = RequestLabels {
            dialect,
            command: command.unwrap_or("none"),
            code: response.code,
        };
        self.requests.get_or_create(&labels).inc();
        self.latency.observe(response.runtime.as_secs_f64());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Response;

    #[test]
    fn requests_are_counted_by_their_table_name_and_code() {
        let metrics = Metrics::new();
        let request = crate::wire::parse(b"", b"s_entity=1234&command=statusaccount").unwrap();
        let mut response = Response::ok();
        metrics.record(Some(&request), &response);
        metrics.record(Some(&request), &response);
        let typo = crate::wire::parse(b"", b"command=NoSuchThing").unwrap();
        response.code = 500;
        metrics.record(Some(&typo), &response);
        metrics.record(None, &response);
        let text = metrics.render(&Registry::new(1));
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
        assert!(
            text.contains(r#"otebox_accounts{entity="1234"} 2"#),
            "{text}"
        );
        assert!(text.contains("# EOF"), "{text}");
    }
}
