//! Client-side rate limits: Picky Assist drops requests over its documented
//! limits without telling (no 429), so the client waits instead of losing them.

use crate::{
    store::{Fingerprint, LimitKey, MemoryRateLimits, RateLimitStore, Slot},
    Error,
};
use std::{collections::BTreeMap, num::NonZeroU32, sync::Arc, time::Duration};

/// A request rate for one endpoint: at most `per_minute` requests in any 60 seconds.
///
/// The client spaces requests evenly (one every `60 s / per_minute`, a little
/// more to absorb rounding), so no window of a minute, wherever it starts, ever
/// holds more than `per_minute` of them. That is the only reading of "90
/// requests per minute" under which nothing is dropped, whether the server
/// counts per clock minute or over a sliding minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

/// The limits of one client (shared by its clones): where slots are taken,
/// and, per endpoint, a queue so that callers in this process go in order.
#[derive(Debug)]
pub(crate) struct Limiter {
    store: Arc<dyn RateLimitStore>,
    token: Fingerprint,
    endpoints: BTreeMap<&'static str, (RateLimit, tokio::sync::Mutex<()>)>,
}

impl Limiter {
    pub(crate) fn new(
        limits: &Limits,
        store: Option<Arc<dyn RateLimitStore>>,
        token: &pickyassist_model::Token,
    ) -> Self {
        Self {
            store: store.unwrap_or_else(|| Arc::new(MemoryRateLimits::new())),
            token: Fingerprint::of("token", token.expose().as_bytes()),
            endpoints: limits
                .0
                .iter()
                .filter_map(|(path, limit)| Some((*path, ((*limit)?, Default::default()))))
                .collect(),
        }
    }

    /// Waits, in call order, until a request to `endpoint` may go out. Fails
    /// only when the store cannot answer; then nothing may be sent.
    pub(crate) async fn until_ready(&self, endpoint: &'static str) -> Result<(), Error> {
        let Some((limit, turn)) = self.endpoints.get(endpoint) else {
            return Ok(());
        };
        let _turn = turn.lock().await;
        let key = LimitKey {
            token: self.token,
            endpoint,
        };
        loop {
            match self.store.take(&key, *limit).await {
                Ok(Slot::Taken) => return Ok(()),
                Ok(Slot::WaitFor(wait)) => {
                    tracing::debug!(
                        target: "pickyassist",
                        endpoint,
                        wait_ms = wait.as_millis() as u64,
                        "rate limit: waiting before sending"
                    );
                    tokio::time::sleep(wait).await;
                }
                Err(error) => {
                    tracing::warn!(
                        target: "pickyassist",
                        endpoint,
                        %error,
                        "rate-limit store unavailable: not sending"
                    );
                    return Err(Error::RateLimitStore(error));
                }
            }
        }
    }
}

/// A store that always fails, for tests of the failure path.
#[cfg(test)]
#[derive(Debug)]
pub(crate) struct Broken;

#[cfg(test)]
impl RateLimitStore for Broken {
    fn take<'a>(&'a self, _: &'a LimitKey, _: RateLimit) -> crate::store::StoreFuture<'a, Slot> {
        Box::pin(std::future::ready(Err(
            crate::store::StoreError::Unavailable("down".into()),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pickyassist_model::Token;

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

    fn limiter(store: Option<Arc<dyn RateLimitStore>>) -> Limiter {
        let limits = Limits([("/device-status", Some(RateLimit::STATUS_CHECK))].into());
        Limiter::new(&limits, store, &Token::new("t0k"))
    }

    #[tokio::test(start_paused = true)]
    async fn waits_in_order_and_spaces_requests() {
        let limiter = limiter(None);
        let start = tokio::time::Instant::now();
        let mut times = Vec::new();
        for _ in 0..4 {
            limiter.until_ready("/device-status").await.expect("memory");
            times.push(start.elapsed());
        }
        assert_eq!(times[0], Duration::ZERO);
        assert!(times[1] >= Duration::from_secs(20) && times[1] < Duration::from_secs(21));
        assert!(times[3] >= Duration::from_secs(60));
        // An endpoint without a limit never waits.
        limiter.until_ready("/push").await.expect("no limit");
        assert!(start.elapsed() < Duration::from_secs(61));
    }

    #[tokio::test]
    async fn a_broken_store_sends_nothing() {
        let limiter = limiter(Some(Arc::new(Broken)));
        let e = limiter
            .until_ready("/device-status")
            .await
            .expect_err("no slot without the store");
        assert!(matches!(e, Error::RateLimitStore(_)), "{e:?}");
        assert!(!e.may_have_been_sent());
    }
}
