//! A hosted zone's DNS query counts (QueryDNSZoneStats): what `--dns-listen`
//! answered for it, per hour of the sandbox clock, and the sums of a period's
//! rows. Counts only: knows no DNS wire and no command, never reads a clock.

use std::collections::BTreeMap;

use super::Lookup;
use super::Outcome;
use crate::registry::{System, Timestamp};

const HOUR: u64 = 3_600;

/// Hours a zone keeps: a year and a month, more than the longest period
/// QueryDNSZoneStats reads (twelve calendar months to the current one).
const KEPT_HOURS: u64 = 396 * 24;

/// The answers of one period: every one, and those that were errors
/// (NXDOMAIN; REFUSED is never counted, it is no zone's answer).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QueryCounts {
    pub responses: u64,
    pub errors: u64,
}

/// A zone's counts per hour since the epoch (only hours that had answers).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QueryStats {
    hours: BTreeMap<u64, QueryCounts>,
}

impl QueryStats {
    /// One answer sent at `at`; hours older than [`KEPT_HOURS`] are dropped.
    pub fn count(&mut self, at: Timestamp, error: bool) {
        let hour = at.0 / HOUR;
        let counts = self.hours.entry(hour).or_default();
        counts.responses += 1;
        counts.errors += u64::from(error);
        let oldest = hour.saturating_sub(KEPT_HOURS - 1);
        if self
            .hours
            .first_key_value()
            .is_some_and(|(h, _)| *h < oldest)
        {
            self.hours = self.hours.split_off(&oldest);
        }
    }

    /// The answers sent from `from` (inclusive) to `to` (exclusive), whole hours.
    pub fn between(&self, from: Timestamp, to: Timestamp) -> QueryCounts {
        let (from, to) = (from.0 / HOUR, to.0 / HOUR);
        self.hours
            .range(from..to.max(from))
            .fold(QueryCounts::default(), |sum, (_, counts)| QueryCounts {
                responses: sum.responses + counts.responses,
                errors: sum.errors + counts.errors,
            })
    }
}

impl System {
    /// The answer to a DNS question ([`System::dns_lookup`]), counted in its
    /// zone's stats at the sandbox time of the wall time `wall`.
    pub fn answer_dns(&mut self, name: &str, kind: &str, wall: Timestamp) -> Lookup {
        let lookup = self.dns_lookup(name, kind);
        let at = self.sandbox_time(wall);
        if let Some(zone) = lookup.zone.as_deref().and_then(|z| self.zones.get_mut(z)) {
            zone.queries.count(at, lookup.outcome == Outcome::NxDomain);
        }
        lookup
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::zone::Zone;
    use crate::registry::{Entity, Registry};

    #[test]
    fn answers_count_in_their_zone_and_refusals_nowhere() {
        let mut registry = Registry::new(1);
        let system = registry.system_mut(Entity::Ote);
        system.insert_zone(Zone::new(
            "example.com",
            "test.user",
            Timestamp(0),
            "test.user",
        ));
        let wall = Timestamp(1_767_225_600);
        for (name, kind) in [
            ("example.com", "SOA"),
            ("example.com", "MX"),
            ("nope.example.com", "A"),
            ("example.org", "A"),
        ] {
            system.answer_dns(name, kind, wall);
        }
        let at = system.sandbox_time(wall);
        let zone = system.owned_zone("test.user", "example.com").unwrap();
        let counts = zone.queries.between(at, Timestamp(at.0 + HOUR));
        assert_eq!(
            counts,
            QueryCounts {
                responses: 3,
                errors: 1
            }
        );
    }

    #[test]
    fn counts_sum_by_hour_and_old_hours_go() {
        let mut stats = QueryStats::default();
        let t = |hours: u64| Timestamp(1_767_225_600 + hours * HOUR);
        stats.count(t(0), false);
        stats.count(Timestamp(t(0).0 + 3_599), true);
        stats.count(t(1), false);
        let both = QueryCounts {
            responses: 2,
            errors: 1,
        };
        assert_eq!(stats.between(t(0), t(1)), both);
        assert_eq!(stats.between(t(0), t(2)).responses, 3);
        assert_eq!(stats.between(t(2), t(3)), QueryCounts::default());
        // An answer a year and a month later drops the first hours.
        stats.count(t(KEPT_HOURS), false);
        assert_eq!(stats.between(t(0), t(2)).responses, 1);
        assert_eq!(stats.hours.len(), 2);
    }
}
