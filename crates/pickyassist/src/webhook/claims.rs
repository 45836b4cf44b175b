//! Picky Assist calls again when it gets no 200 in time: the same message
//! can arrive several times, at the same time or hours apart, at one
//! instance or another. Claims process each one once, and never lose one.

use crate::store::{ClaimId, ClaimState, ClaimStore, Fingerprint, MemoryClaims, StoreError};
use std::{
    fmt,
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Waker},
    time::Duration,
};

/// How long a claim holds by default: longer than Picky Assist waits for an
/// answer (180 s), so a slow handler keeps its claim; short enough that a
/// crashed worker does not block the key for long.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(5 * 60);

/// How long a processed key is remembered by default: longer than Picky
/// Assist's retries last (1 min, 15 min, 2 h, 6 h after the first call).
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest a lease or a retention is kept: `Duration::MAX` ("for
/// ever") would overflow the clock of the memory store and be refused by
/// Redis, so every claim would fail.
pub const LONGEST_HOLD: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// The shortest a lease or a retention is kept: a zero lease would let
/// every retry run beside the first delivery, a zero retention forget each
/// key as soon as it is done.
pub const SHORTEST_HOLD: Duration = Duration::from_secs(1);

/// De-duplication of webhook deliveries: claim → commit / release.
///
/// [`begin`](Self::begin) claims a delivery's key (a message's `unique-id`)
/// while its handler runs. [`ClaimGuard::commit`] marks it done when the
/// handler succeeded; a guard dropped without commit (the handler failed,
/// returned early or panicked) releases it, so that Picky Assist's retry is
/// processed. A delivery whose key is claimed by a running handler, or is
/// done, is skipped with a [`Skip`] that answers Picky Assist: done → 200,
/// in progress → 503 (it tries again later). A claim lapses after its
/// lease, so a crashed worker does not block the key.
///
/// Keys are stored as 16-byte hashes, so memory does not grow with their
/// length. [`Claims::in_memory`] serves one instance; share a
/// [`RedisStore`](crate::store::RedisStore) between instances (feature
/// `redis`). Cheap to clone; clones share the store.
///
/// ```
/// # async fn run() {
/// use pickyassist::webhook::{Claims, Skip};
///
/// let claims = Claims::in_memory(100_000);
/// let first = claims.begin(Some("5642")).await.expect("new");
/// // A retry while the first delivery is being handled:
/// assert!(matches!(claims.begin(Some("5642")).await, Err(Skip::InProgress)));
/// first.commit().await; // the handler succeeded
/// assert!(matches!(claims.begin(Some("5642")).await, Err(Skip::Done)));
///
/// let failed = claims.begin(Some("5643")).await.expect("new");
/// drop(failed); // the handler failed: released
/// assert!(claims.begin(Some("5643")).await.is_ok(), "the retry is processed");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Claims {
    store: Arc<dyn ClaimStore>,
    lease: Duration,
    retention: Duration,
}

impl Claims {
    /// Claims kept in this process, at most `capacity` keys (see [`MemoryClaims`]).
    pub fn in_memory(capacity: usize) -> Self {
        Self::new(MemoryClaims::new(capacity))
    }

    /// Claims kept in `store` (a [`RedisStore`](crate::store::RedisStore)
    /// for several instances).
    pub fn new(store: impl ClaimStore + 'static) -> Self {
        Self {
            store: Arc::new(store),
            lease: DEFAULT_LEASE,
            retention: DEFAULT_RETENTION,
        }
    }

    /// How long a claim holds before it lapses (default [`DEFAULT_LEASE`];
    /// at least [`SHORTEST_HOLD`], at most [`LONGEST_HOLD`]).
    /// Keep it above your handler's longest run: the lease is not renewed, so
    /// a handler still running when it lapses no longer holds the key, and a
    /// redelivery arriving after that runs beside it (whichever commits
    /// first marks the key done).
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.clamp(SHORTEST_HOLD, LONGEST_HOLD);
        self
    }

    /// How long a processed key is remembered (default
    /// [`DEFAULT_RETENTION`]; at least [`SHORTEST_HOLD`], at most
    /// [`LONGEST_HOLD`]); keep it above Picky Assist's retry window.
    pub fn retention(mut self, retention: Duration) -> Self {
        self.retention = retention.clamp(SHORTEST_HOLD, LONGEST_HOLD);
        self
    }

    /// Claims `key` for a handler about to run, or says why not to run it.
    ///
    /// `None` (a delivery without a key, such as a message without
    /// `unique-id`) cannot be told apart from another: the guard claims
    /// nothing and the handler always runs. So does a blank key (empty or
    /// only spaces): deliveries sharing it may well be different ones.
    pub async fn begin(&self, key: Option<&str>) -> Result<ClaimGuard, Skip> {
        let Some(key) = key.filter(|k| !k.trim().is_empty()) else {
            return Ok(ClaimGuard {
                claim: None,
                retention: self.retention,
            });
        };
        let key = Fingerprint::of("claim", key.as_bytes());
        let owner = ClaimId::random();
        match self.store.claim(&key, owner, self.lease).await {
            Ok(ClaimState::Claimed) => Ok(ClaimGuard {
                claim: Some(Held {
                    store: self.store.clone(),
                    key,
                    owner,
                }),
                retention: self.retention,
            }),
            Ok(ClaimState::InProgress) => Err(Skip::InProgress),
            Ok(ClaimState::Done) => Err(Skip::Done),
            Err(e) => {
                tracing::warn!(target: "pickyassist::webhook", error = %e, "claim store unavailable: answering 503");
                Err(Skip::Unavailable(e))
            }
        }
    }
}

/// Why a delivery is not processed now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Skip {
    /// It was processed already: answer 200, do nothing.
    #[error("this delivery was processed already")]
    Done,
    /// Another call is processing it right now: answer so that Picky Assist
    /// tries again later (503).
    #[error("this delivery is being processed by another call; try again later")]
    InProgress,
    /// The claim store cannot answer: nothing was claimed or marked; answer
    /// 503 so that Picky Assist tries again later.
    #[error("the claim store is unavailable ({0}); try again later")]
    Unavailable(StoreError),
}

/// A claim on one delivery, held while its handler runs. [`commit`](Self::commit)
/// it when the handler succeeded; dropping it releases the key, so that a
/// retry is processed.
///
/// Drop it (or [`release`](Self::release) it) on a thread of the runtime
/// the store's connection runs on: dropped on another thread while that
/// runtime is blocked (a current-thread runtime waiting on the dropping
/// thread), a Redis release cannot be sent and the key stays claimed until
/// its lease lapses, which delays the retry.
#[must_use = "a guard dropped at once releases the claim: commit it when the handler succeeded"]
pub struct ClaimGuard {
    claim: Option<Held>,
    retention: Duration,
}

struct Held {
    store: Arc<dyn ClaimStore>,
    key: Fingerprint,
    owner: ClaimId,
}

impl ClaimGuard {
    /// Marks the delivery done: its retries are skipped with [`Skip::Done`].
    ///
    /// If the store cannot be reached, the failure is logged and the claim
    /// lapses after its lease: the work is done either way, so answer 200
    /// (a 503 would make Picky Assist deliver it again).
    pub async fn commit(mut self) {
        if let Some(held) = self.claim.take() {
            if let Err(e) = held.store.commit(&held.key, self.retention).await {
                tracing::warn!(
                    target: "pickyassist::webhook",
                    error = %e,
                    "claim store unavailable: could not mark the delivery done; the claim lapses after its lease"
                );
            }
        }
    }

    /// Releases the claim now (what dropping the guard does), so that a
    /// retry is processed.
    pub async fn release(mut self) {
        if let Some(held) = self.claim.take() {
            held.release().await;
        }
    }
}

impl Held {
    async fn release(self) {
        if let Err(e) = self.store.release(&self.key, self.owner).await {
            tracing::warn!(
                target: "pickyassist::webhook",
                error = %e,
                "claim store unavailable: could not release the claim; it lapses after its lease"
            );
        }
    }
}

impl Drop for ClaimGuard {
    fn drop(&mut self) {
        let Some(held) = self.claim.take() else {
            return;
        };
        // Release at once where the store answers at once (in memory), so a
        // retry that follows the failed answer finds the key free; otherwise
        // on the runtime.
        let mut release: Pin<Box<dyn Future<Output = ()> + Send>> = Box::pin(held.release());
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                if release
                    .as_mut()
                    .poll(&mut Context::from_waker(Waker::noop()))
                    .is_pending()
                {
                    drop(runtime.spawn(release));
                }
            }
            // A plain thread (a store's future may need a runtime's timer
            // even to start): a small runtime of its own, for as long as
            // the store's timeout lets the release take.
            Err(_) => match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(release),
                Err(_) => tracing::warn!(
                    target: "pickyassist::webhook",
                    "claim dropped outside a tokio runtime: it lapses after its lease"
                ),
            },
        }
    }
}

impl fmt::Debug for ClaimGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.claim {
            Some(held) => write!(f, "ClaimGuard({:?})", held.key),
            None => f.write_str("ClaimGuard(no key)"),
        }
    }
}

#[cfg(feature = "axum")]
mod answer {
    use super::Skip;
    use axum::{
        http::{header, StatusCode},
        response::{IntoResponse, Response},
    };

    impl IntoResponse for Skip {
        /// Done → `200 {}`; in progress or store unavailable → `503` with
        /// `Retry-After: 60`, so that Picky Assist calls again later. The
        /// store's own error (which may name its host) stays in the log.
        fn into_response(self) -> Response {
            let busy = |text: &'static str| {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "60")],
                    text,
                )
                    .into_response()
            };
            match self {
                Skip::Done => (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "application/json")],
                    "{}",
                )
                    .into_response(),
                Skip::InProgress => {
                    busy("this delivery is being processed by another call; try again later")
                }
                Skip::Unavailable(_) => busy("the claim store is unavailable; try again later"),
            }
        }
    }

    impl From<Skip> for Response {
        fn from(skip: Skip) -> Response {
            skip.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_dropped_on_a_plain_thread_is_released() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let claims = Claims::in_memory(10);
        let guard = runtime.block_on(claims.begin(Some("5642"))).expect("new");
        std::thread::spawn(move || drop(guard))
            .join()
            .expect("no panic");
        assert!(
            runtime.block_on(claims.begin(Some("5642"))).is_ok(),
            "released"
        );
    }

    #[tokio::test]
    async fn for_ever_is_a_year_not_a_panic() {
        let claims = Claims::in_memory(10)
            .lease(Duration::MAX)
            .retention(Duration::MAX);
        assert_eq!(
            (claims.lease, claims.retention),
            (LONGEST_HOLD, LONGEST_HOLD)
        );
        let first = claims.begin(Some("5642")).await.expect("new");
        assert!(matches!(
            claims.begin(Some("5642")).await,
            Err(Skip::InProgress)
        ));
        first.commit().await;
        assert!(matches!(claims.begin(Some("5642")).await, Err(Skip::Done)));
    }

    #[cfg(feature = "axum")]
    #[tokio::test]
    async fn a_503_does_not_tell_the_caller_about_the_store() {
        use axum::response::IntoResponse;
        let skip = Skip::Unavailable(StoreError::Unavailable(
            "redis://db-7.internal:6379 refused".into(),
        ));
        let response = skip.into_response();
        assert_eq!(response.status(), 503);
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .expect("body");
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("unavailable"), "{body}");
        assert!(!body.contains("internal"), "{body}");
    }

    /// A zero lease would let a retry run beside the first delivery.
    #[tokio::test]
    async fn no_hold_is_shorter_than_a_second() {
        let claims = Claims::in_memory(10)
            .lease(Duration::ZERO)
            .retention(Duration::ZERO);
        assert_eq!(
            (claims.lease, claims.retention),
            (SHORTEST_HOLD, SHORTEST_HOLD)
        );
        let _first = claims.begin(Some("5642")).await.expect("new");
        assert!(matches!(
            claims.begin(Some("5642")).await,
            Err(Skip::InProgress)
        ));
    }

    /// Deliveries with a blank key may be different ones: each is handled.
    #[tokio::test]
    async fn a_blank_key_claims_nothing() {
        let claims = Claims::in_memory(10);
        for key in ["", " ", "\t"] {
            let first = claims.begin(Some(key)).await.expect("handled");
            first.commit().await;
            assert!(
                claims.begin(Some(key)).await.is_ok(),
                "{key:?} handled again"
            );
        }
    }
}
