//! The header timeout of a connection (`--header-timeout`), kept per
//! connection instead of per request: a connection that has had no request
//! in service and none started for the timeout is closed, whether it never
//! sent a complete head (a slow or stalled client) or sat idle after its
//! last answer (keep-alive). hyper's own `header_read_timeout` armed a timer
//! in tokio's wheel for every request (about 500 instructions, BENCHMARKS.md
//! "Full speed as shipped"); here a request pays two relaxed atomic adds and
//! the connection one timer that wakes four times per timeout. Knows
//! nothing of HTTP or requests beyond "one started", "one ended".

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Checks per timeout: a silent connection is closed between the timeout
/// and a quarter more.
const CHECKS: u32 = 4;

/// The request count of one connection, shared by its service (which counts)
/// and its watchdog (which reads).
#[derive(Clone, Default)]
pub(super) struct Activity(Arc<AtomicU64>);

impl Activity {
    /// Counts a request's start and, when `ended` is dropped, its end: the
    /// count is odd while a request is in service.
    pub(super) fn begin(&self) -> InService {
        self.0.fetch_add(1, Ordering::Relaxed);
        InService(self.0.clone())
    }

    /// Resolves once the connection has been silent (no request in service,
    /// none begun or ended) for `timeout`; never when `timeout` is zero.
    pub(super) async fn silent_for(&self, timeout: Duration) {
        if timeout.is_zero() {
            return std::future::pending().await;
        }
        let step = timeout / CHECKS;
        let mut seen = self.0.load(Ordering::Relaxed);
        let mut quiet = 0;
        loop {
            tokio::time::sleep(step).await;
            let now = self.0.load(Ordering::Relaxed);
            quiet = if now == seen && now.is_multiple_of(2) {
                quiet + 1
            } else {
                0
            };
            if quiet == CHECKS {
                return;
            }
            seen = now;
        }
    }
}

/// A request in service: its end is counted when dropped (also when the
/// request's future is dropped half way).
pub(super) struct InService(Arc<AtomicU64>);

impl Drop for InService {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn closes_a_silent_connection_and_spares_a_busy_one() {
        let activity = Activity::default();
        let timeout = Duration::from_secs(10);
        let started = tokio::time::Instant::now();
        activity.silent_for(timeout).await;
        let waited = started.elapsed();
        assert!(waited >= timeout && waited <= timeout * 5 / 4, "{waited:?}");

        // A request in service for three timeouts is not cut off.
        let busy = activity.begin();
        let watch = activity.silent_for(timeout);
        tokio::pin!(watch);
        let served = tokio::time::timeout(timeout * 3, &mut watch).await;
        assert!(served.is_err(), "cut off while a request was in service");
        drop(busy);
        let started = tokio::time::Instant::now();
        watch.await;
        assert!(started.elapsed() <= timeout * 5 / 4 + timeout / 4);
    }
}
