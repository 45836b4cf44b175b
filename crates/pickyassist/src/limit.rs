//! Client-side rate limits: Picky Assist drops requests over its documented
//! limits without telling (no 429), so the client waits instead of losing them.
//!
//! The documented limits come from the model's endpoint table
//! ([`Endpoint::rate_limit`](crate::Endpoint::rate_limit)), as a [`RateLimit`]
//! (the model's type, re-exported).

use crate::{
    store::{Fingerprint, LimitKey, MemoryRateLimits, RateLimitStore, Slot},
    Error, RateLimit,
};
use std::{collections::BTreeMap, sync::Arc};

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
    use std::time::Duration;

    fn limiter(store: Option<Arc<dyn RateLimitStore>>) -> Limiter {
        let limits = Limits([("/device-status", crate::DEVICE_STATUS.rate_limit)].into());
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
