//! Where the client keeps its rate limits and the webhook receiver its
//! claims: in this process by default, or shared by several instances
//! through Redis (feature `redis`).
//!
//! The documented limits hold per account, not per process, and Picky Assist
//! retries a webhook up to 6 hours later, perhaps to another instance. Two
//! small traits carry both promises across processes:
//!
//! - [`RateLimitStore`]: take a slot for one endpoint of one token now, or
//!   say how long to wait. [`MemoryRateLimits`] is the default;
//!   [`ClientBuilder::rate_limit_store`](crate::ClientBuilder::rate_limit_store)
//!   sets another.
//! - [`ClaimStore`]: claim a webhook delivery while its handler runs, then
//!   commit or release it. [`MemoryClaims`] is the default; see
//!   [`Claims`](crate::webhook::Claims).
//!
//! Keys are fixed-size hashes ([`Fingerprint`]): the token itself is never
//! stored, and a megabyte-long `unique-id` costs as much memory as a short one.
//!
//! When a store cannot answer (Redis down, a timeout), nothing is sent over
//! the limit and nothing is marked done: sending fails with
//! [`Error::RateLimitStore`](crate::Error::RateLimitStore) (not sent, safe to
//! retry) and claiming with a [`StoreError`] that the receiver answers with
//! 503, so that Picky Assist tries again later.

mod memory;
#[cfg(feature = "redis")]
mod redis;

pub use memory::{MemoryClaims, MemoryRateLimits};
#[cfg(feature = "redis")]
pub use redis::RedisStore;

use crate::RateLimit;
use sha2::{Digest, Sha256};
use std::{fmt, future::Future, pin::Pin, time::Duration};

/// The future a store method returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A store could not answer: nothing was taken, claimed or marked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store did not answer within its timeout.
    #[error("the store did not answer within {0:?}")]
    Timeout(Duration),
    /// The store is unreachable or refused the command.
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
}

/// A fixed-size, stable hash of a secret or an outsider's value (a token, a
/// webhook's `unique-id`): the first 128 bits of its SHA-256.
///
/// Stable across processes and machines, so that instances sharing a store
/// compute the same key; fixed-size, so that memory does not grow with the
/// length of what an outsider sends; one-way, so that a store's keys do not
/// reveal the token.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    /// The fingerprint of `value` within `domain` (so that a token and a
    /// webhook key that happen to be equal do not share a key).
    pub fn of(domain: &str, value: &[u8]) -> Self {
        let mut hash = Sha256::new();
        hash.update((domain.len() as u64).to_be_bytes());
        hash.update(domain.as_bytes());
        hash.update(value);
        let digest = hash.finalize();
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&digest[..16]);
        Self(bytes)
    }

    /// The 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    /// 32 lowercase hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Whose limit a slot is taken from: one endpoint of one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LimitKey {
    /// The token's fingerprint (never the token).
    pub token: Fingerprint,
    /// The endpoint's path (`/push`).
    pub endpoint: &'static str,
}

/// What [`RateLimitStore::take`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Slot {
    /// A slot was taken: send now.
    Taken,
    /// Nothing was taken: ask again after this long.
    WaitFor(Duration),
}

/// Keeps request rates: "may one more request to this endpoint of this
/// token go out now?", atomically across everyone who shares the store.
///
/// A slot is granted when the last one was granted at least
/// [`RateLimit::spacing`] ago (GCRA with a burst of one), so no window of a
/// minute, wherever it starts, ever holds more than the limit.
pub trait RateLimitStore: Send + Sync + fmt::Debug {
    /// Takes a slot for `key` if one is free now, else says how long to wait
    /// (and takes nothing).
    fn take<'a>(&'a self, key: &'a LimitKey, limit: RateLimit) -> StoreFuture<'a, Slot>;
}

/// Who holds a claim: a random id per claim, so that only its holder
/// releases it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimId(u128);

impl ClaimId {
    /// A new random id.
    pub fn random() -> Self {
        use std::hash::{BuildHasher, Hasher};
        use std::sync::atomic::{AtomicU64, Ordering};
        // `RandomState` is seeded from the OS; a counter makes ids within
        // one process distinct even if two hashers were seeded alike.
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let half = |salt: u64| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(n);
            h.write_u64(salt);
            h.finish()
        };
        Self((u128::from(half(1)) << 64) | u128::from(half(2)))
    }
}

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl fmt::Debug for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClaimId({self})")
    }
}

/// The state of a webhook key after [`ClaimStore::claim`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimState {
    /// The key was free (never seen, released, or its lease lapsed): it is
    /// now claimed by the caller.
    Claimed,
    /// Someone else holds a live claim on it: its handler is running.
    InProgress,
    /// It was committed: already processed.
    Done,
}

/// Claims on webhook deliveries: claim while the handler runs, commit when
/// it succeeded, release when it failed, so that a retry of a failed
/// delivery is processed and a retry of a processed one is not.
pub trait ClaimStore: Send + Sync + fmt::Debug {
    /// Claims `key` for `owner` for `lease`, unless it is claimed or done.
    fn claim<'a>(
        &'a self,
        key: &'a Fingerprint,
        owner: ClaimId,
        lease: Duration,
    ) -> StoreFuture<'a, ClaimState>;

    /// Marks `key` done for `retention` (whoever holds it now).
    fn commit<'a>(&'a self, key: &'a Fingerprint, retention: Duration) -> StoreFuture<'a, ()>;

    /// Frees `key` if `owner` still holds it (a lapsed and retaken claim is
    /// someone else's and stays).
    fn release<'a>(&'a self, key: &'a Fingerprint, owner: ClaimId) -> StoreFuture<'a, ()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_fixed_size_and_domain_separated() {
        let a = Fingerprint::of("claim", b"5642");
        assert_eq!(a, Fingerprint::of("claim", b"5642"));
        assert_ne!(a, Fingerprint::of("token", b"5642"));
        assert_ne!(a, Fingerprint::of("claim", b"5643"));
        // Known answer: stable across versions and machines (other instances
        // must compute the same Redis key).
        assert_eq!(
            Fingerprint::of("", b"").to_string(),
            "af5570f5a1810b7af78caf4bc70a660f"
        );
        let huge = Fingerprint::of("claim", &vec![b'x'; 1 << 20]);
        assert_eq!(huge.to_string().len(), 32);
    }

    #[test]
    fn claim_ids_differ() {
        let ids: std::collections::HashSet<_> = (0..1000).map(|_| ClaimId::random()).collect();
        assert_eq!(ids.len(), 1000);
    }
}
