//! Client-side rate limits: Picky Assist drops requests over its documented
//! limits without telling (no 429), so the client waits instead of losing them.

use governor::{
    clock::{Clock, Reference},
    middleware::NoOpMiddleware,
    nanos::Nanos,
    state::{InMemoryState, NotKeyed},
    Quota, RateLimiter,
};
use std::{collections::BTreeMap, num::NonZeroU32, ops::Add, time::Duration};

/// A request rate for one endpoint: at most `per_minute` requests in any 60 seconds.
///
/// The client spaces requests evenly (one every `60 s / per_minute`, a little
/// more to absorb rounding), so no window of a minute, wherever it starts, ever
/// holds more than `per_minute` of them. That is the only reading of "90
/// requests per minute" under which nothing is dropped, whether the server
/// counts per clock minute or over a sliding minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    per_minute: NonZeroU32,
}

impl RateLimit {
    /// The Push API's documented limit: 90 requests per minute.
    pub const PUSH: RateLimit = RateLimit::per_minute_const(90);
    /// The documented limit of device and service status checks: 3 requests per minute.
    pub const STATUS_CHECK: RateLimit = RateLimit::per_minute_const(3);

    pub(crate) const fn per_minute_const(n: u32) -> Self {
        match NonZeroU32::new(n) {
            Some(per_minute) => Self { per_minute },
            None => panic!("a rate limit needs at least one request per minute"),
        }
    }

    /// At most `n` requests per minute; `None` for 0 (use
    /// [`ClientBuilder::no_rate_limit`](crate::ClientBuilder::no_rate_limit) to switch a limit off).
    pub fn per_minute(n: u32) -> Option<Self> {
        NonZeroU32::new(n).map(|per_minute| Self { per_minute })
    }

    /// Requests per minute.
    pub fn requests_per_minute(self) -> u32 {
        self.per_minute.get()
    }

    /// The gap between two requests: 60 s / n, rounded up to the nanosecond.
    pub fn spacing(self) -> Duration {
        let n = u64::from(self.per_minute.get());
        Duration::from_nanos(60_000_000_000u64.div_ceil(n))
    }
}

/// The rate limits a client keeps, by endpoint path (`/push`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Limits(pub(crate) BTreeMap<&'static str, Option<RateLimit>>);

impl Limits {
    /// The documented limits, from the endpoint index.
    pub(crate) fn documented() -> Self {
        Self(
            crate::ENDPOINTS
                .iter()
                .filter(|e| e.rate_limit.is_some())
                .map(|e| (e.path, e.rate_limit))
                .collect(),
        )
    }

    pub(crate) fn build(&self) -> BTreeMap<&'static str, Limiter> {
        self.0
            .iter()
            .filter_map(|(path, limit)| Some((*path, Limiter::new(path, (*limit)?))))
            .collect()
    }
}

/// Governor's clock on tokio's time, so that a test with paused time (and the
/// mock, which reads the same clock) sees minutes pass in no time.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokioClock;

/// A point in tokio's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Tick(tokio::time::Instant);

impl Add<Nanos> for Tick {
    type Output = Tick;
    fn add(self, n: Nanos) -> Tick {
        Tick(self.0 + Duration::from_nanos(n.as_u64()))
    }
}

impl Reference for Tick {
    fn duration_since(&self, earlier: Self) -> Nanos {
        Nanos::from(self.0.saturating_duration_since(earlier.0))
    }

    fn saturating_sub(&self, duration: Nanos) -> Self {
        self.0
            .checked_sub(Duration::from_nanos(duration.as_u64()))
            .map_or(*self, Tick)
    }
}

impl Clock for TokioClock {
    type Instant = Tick;
    fn now(&self) -> Tick {
        Tick(tokio::time::Instant::now())
    }
}

/// One endpoint's limiter, shared by every clone of a client.
#[derive(Debug)]
pub(crate) struct Limiter {
    path: &'static str,
    /// Callers take turns: the first to ask is the first to send.
    turn: tokio::sync::Mutex<()>,
    gcra: RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Tick>>,
}

impl Limiter {
    fn new(path: &'static str, limit: RateLimit) -> Self {
        let quota = Quota::with_period(limit.spacing())
            .unwrap_or_else(|| Quota::per_minute(limit.per_minute))
            .allow_burst(NonZeroU32::MIN);
        Self {
            path,
            turn: tokio::sync::Mutex::new(()),
            gcra: RateLimiter::direct_with_clock(quota, TokioClock),
        }
    }

    /// Waits, in call order, until a request may go out. Never fails.
    pub(crate) async fn until_ready(&self) {
        let _turn = self.turn.lock().await;
        while let Err(not_until) = self.gcra.check() {
            let wait = not_until.wait_time_from(TokioClock.now());
            tracing::debug!(
                target: "pickyassist",
                endpoint = self.path,
                wait_ms = wait.as_millis() as u64,
                "rate limit: waiting before sending"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_never_fits_more_than_the_limit_into_a_minute() {
        for n in [1, 3, 7, 90, 1000] {
            let limit = RateLimit::per_minute(n).expect("non-zero");
            let spacing = limit.spacing();
            // Requests at 0, s, 2s, …: the (n+1)-th lands at n·s, which must be
            // at least a minute after the first.
            assert!(spacing * n >= Duration::from_secs(60), "{n}: {spacing:?}");
        }
        assert_eq!(RateLimit::per_minute(0), None);
        assert_eq!(RateLimit::PUSH.requests_per_minute(), 90);
    }

    #[tokio::test(start_paused = true)]
    async fn waits_in_order_and_spaces_requests() {
        let limiter = std::sync::Arc::new(Limiter::new("/push", RateLimit::STATUS_CHECK));
        let start = tokio::time::Instant::now();
        let mut times = Vec::new();
        for _ in 0..4 {
            limiter.until_ready().await;
            times.push(start.elapsed());
        }
        assert_eq!(times[0], Duration::ZERO);
        assert!(times[1] >= Duration::from_secs(20) && times[1] < Duration::from_secs(21));
        assert!(times[3] >= Duration::from_secs(60));
    }
}
