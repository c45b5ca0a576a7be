//! [`Rare`]: a future polled only when its own waker fired, for the branches
//! of a connection's `select!` that almost never finish (the shutdown signal,
//! the header-timeout watchdog). `select!` polls every branch each time the
//! connection's task wakes, twice per request; those two branches cost about
//! a thousand instructions per request that way (issue 14, BENCHMARKS.md).
//! Wrapped, a wake-up that was not theirs costs an atomic swap and a
//! `will_wake` check. Knows nothing of connections or HTTP.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

/// A future that is polled on its first poll and then only after it woke
/// its task itself; in between, polls answer `Pending` at once.
pub(super) struct Rare<F> {
    inner: Pin<Box<F>>,
    signal: Arc<Signal>,
    waker: Waker,
}

/// Whether the inner future woke since it was last polled, and the task to
/// wake on its behalf.
struct Signal {
    woken: AtomicBool,
    task: Mutex<Option<Waker>>,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        let task = self.task.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(task) = task.as_ref() {
            task.wake_by_ref();
        }
    }
}

impl<F: Future> Rare<F> {
    pub(super) fn new(inner: F) -> Rare<F> {
        let signal = Arc::new(Signal {
            woken: AtomicBool::new(true),
            task: Mutex::new(None),
        });
        Rare {
            inner: Box::pin(inner),
            waker: Waker::from(signal.clone()),
            signal,
        }
    }
}

impl<F: Future> Future for Rare<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        {
            // The task to wake is kept current, as a future must.
            let mut task = this
                .signal
                .task
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if !task.as_ref().is_some_and(|task| task.will_wake(cx.waker())) {
                *task = Some(cx.waker().clone());
            }
        }
        if !this.signal.woken.swap(false, Ordering::AcqRel) {
            return Poll::Pending;
        }
        this.inner
            .as_mut()
            .poll(&mut Context::from_waker(&this.waker))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Counts its polls; ready once `ready` is set (and it was woken).
    struct Probe {
        polls: Arc<AtomicUsize>,
        ready: Arc<AtomicBool>,
        waker: Arc<Mutex<Option<Waker>>>,
    }

    impl Future for Probe {
        type Output = ();

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            self.polls.fetch_add(1, Ordering::SeqCst);
            if self.ready.load(Ordering::SeqCst) {
                return Poll::Ready(());
            }
            *self.waker.lock().unwrap() = Some(cx.waker().clone());
            Poll::Pending
        }
    }

    #[tokio::test]
    async fn polls_the_inner_future_only_when_it_woke() {
        let polls = Arc::new(AtomicUsize::new(0));
        let ready = Arc::new(AtomicBool::new(false));
        let waker = Arc::new(Mutex::new(None::<Waker>));
        let mut rare = Rare::new(Probe {
            polls: polls.clone(),
            ready: ready.clone(),
            waker: waker.clone(),
        });
        let noop = Waker::noop();
        let mut cx = Context::from_waker(noop);
        for _ in 0..5 {
            assert!(Pin::new(&mut rare).poll(&mut cx).is_pending());
        }
        assert_eq!(
            polls.load(Ordering::SeqCst),
            1,
            "polled once, then left alone"
        );

        // Its own wake-up: the next poll reaches it, and it finishes.
        ready.store(true, Ordering::SeqCst);
        let inner = waker
            .lock()
            .unwrap()
            .take()
            .expect("the inner future left a waker");
        inner.wake();
        assert!(Pin::new(&mut rare).poll(&mut cx).is_ready());
        assert_eq!(polls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_timer_inside_still_fires_in_a_select() {
        let mut slow = Rare::new(tokio::time::sleep(std::time::Duration::from_secs(5)));
        let started = tokio::time::Instant::now();
        let mut ticks = 0;
        loop {
            tokio::select! {
                biased;
                () = &mut slow => break,
                () = tokio::time::sleep(std::time::Duration::from_secs(1)) => ticks += 1,
            }
        }
        assert_eq!(started.elapsed(), std::time::Duration::from_secs(5));
        assert_eq!(ticks, 4);
    }
}
