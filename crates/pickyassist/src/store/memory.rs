//! The in-process stores: the defaults for one instance.

use super::{
    ClaimId, ClaimState, ClaimStore, Fingerprint, LimitKey, RateLimitStore, Slot, StoreFuture,
};
use crate::RateLimit;
use governor::{
    clock::{Clock, Reference},
    middleware::NoOpMiddleware,
    nanos::Nanos,
    state::{InMemoryState, NotKeyed},
    Quota, RateLimiter,
};
use std::{
    collections::{HashMap, VecDeque},
    num::NonZeroU32,
    ops::Add,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::time::Instant;

/// Rate limits kept in this process (governor's GCRA, on tokio's clock).
///
/// Each [`Client`](crate::Client) gets its own unless given one: share one
/// between clients built separately in one process with
/// [`ClientBuilder::rate_limit_store`](crate::ClientBuilder::rate_limit_store)
/// (`MemoryRateLimits` is cheap to clone; clones share the limits), and use
/// [`RedisStore`](super::RedisStore) across processes.
#[derive(Debug, Clone, Default)]
pub struct MemoryRateLimits {
    limiters: Arc<Mutex<Limiters>>,
}

/// One GCRA per endpoint of a token (and rate, should two clients sharing
/// the store keep different ones).
type Limiters = HashMap<(LimitKey, RateLimit), Arc<Gcra>>;

type Gcra = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Tick>>;

impl MemoryRateLimits {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn limiter(&self, key: &LimitKey, limit: RateLimit) -> Arc<Gcra> {
        let mut limiters = self.limiters.lock().unwrap_or_else(|p| p.into_inner());
        limiters
            .entry((*key, limit))
            .or_insert_with(|| {
                let quota = Quota::with_period(limit.spacing())
                    .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
                    .allow_burst(NonZeroU32::MIN);
                Arc::new(RateLimiter::direct_with_clock(quota, TokioClock))
            })
            .clone()
    }
}

impl RateLimitStore for MemoryRateLimits {
    fn take<'a>(&'a self, key: &'a LimitKey, limit: RateLimit) -> StoreFuture<'a, Slot> {
        let slot = match self.limiter(key, limit).check() {
            Ok(()) => Slot::Taken,
            Err(not_until) => Slot::WaitFor(not_until.wait_time_from(TokioClock.now())),
        };
        Box::pin(std::future::ready(Ok(slot)))
    }
}

/// Governor's clock on tokio's time, so that a test with paused time (and the
/// mock, which reads the same clock) sees minutes pass in no time.
#[derive(Debug, Clone, Copy, Default)]
struct TokioClock;

/// A point in tokio's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Tick(Instant);

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
        Tick(Instant::now())
    }
}

/// Webhook claims kept in this process, for a receiver that runs as one
/// instance: at most `capacity` keys, each a 16-byte [`Fingerprint`] with
/// its state (about 100 bytes, however long the key), the oldest forgotten
/// first. Size it to hold the retry window (Picky Assist retries for about
/// 8 hours) of your traffic.
///
/// A claim whose handler still runs is never forgotten to make room: when
/// every key held is one, a new key is answered "in progress" (the receiver
/// says `503`, and Picky Assist delivers it again later) rather than let a
/// redelivery of a forgotten key run beside its handler.
///
/// Cheap to clone; clones share the claims.
#[derive(Debug, Clone)]
pub struct MemoryClaims {
    capacity: usize,
    table: Arc<Mutex<Table>>,
}

#[derive(Debug, Default)]
struct Table {
    entries: HashMap<Fingerprint, Entry>,
    /// Keys in the order they were first stored, each once.
    order: VecDeque<Fingerprint>,
}

#[derive(Debug, Clone, Copy)]
enum Entry {
    Claimed {
        owner: ClaimId,
        until: Instant,
    },
    Done {
        until: Instant,
    },
    /// Released, or never anything else: free to claim.
    Free,
}

impl Table {
    /// Room for one more key within `capacity`: forgets the oldest key that
    /// is not a live claim. `false` when every key held is one.
    fn make_room(&mut self, capacity: usize, now: Instant) -> bool {
        if self.entries.len() < capacity {
            return true;
        }
        let live = |e: &Entry| matches!(e, Entry::Claimed { until, .. } if *until > now);
        let entries = &self.entries;
        let Some(at) = self
            .order
            .iter()
            .position(|k| !entries.get(k).is_some_and(live))
        else {
            return false;
        };
        if let Some(key) = self.order.remove(at) {
            self.entries.remove(&key);
        }
        true
    }
}

impl MemoryClaims {
    /// A table of at most `capacity` keys (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            table: Arc::default(),
        }
    }

    /// How many keys are stored (claimed, done, or released but not yet forgotten).
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether no key is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn claim_now(&self, key: &Fingerprint, owner: ClaimId, lease: Duration) -> ClaimState {
        let now = Instant::now();
        let mut table = self.lock();
        let claimed = Entry::Claimed {
            owner,
            until: now + lease,
        };
        match table.entries.get_mut(key) {
            Some(Entry::Claimed { until, .. }) if *until > now => ClaimState::InProgress,
            Some(Entry::Done { until }) if *until > now => ClaimState::Done,
            Some(entry) => {
                *entry = claimed;
                ClaimState::Claimed
            }
            None => {
                if !table.make_room(self.capacity, now) {
                    return ClaimState::InProgress;
                }
                table.entries.insert(*key, claimed);
                table.order.push_back(*key);
                ClaimState::Claimed
            }
        }
    }

    fn commit_now(&self, key: &Fingerprint, retention: Duration) {
        let now = Instant::now();
        let until = now + retention;
        let mut table = self.lock();
        match table.entries.get_mut(key) {
            Some(entry) => *entry = Entry::Done { until },
            // Forgotten meanwhile (its lease lapsed, then a flood of other
            // keys): remember it again if there is room beside live claims;
            // if not, a redelivery is handled again, never lost.
            None => {
                if table.make_room(self.capacity, now) {
                    table.entries.insert(*key, Entry::Done { until });
                    table.order.push_back(*key);
                }
            }
        }
    }

    fn release_now(&self, key: &Fingerprint, owner: ClaimId) {
        let mut table = self.lock();
        if let Some(entry) = table.entries.get_mut(key) {
            if matches!(entry, Entry::Claimed { owner: o, .. } if *o == owner) {
                *entry = Entry::Free;
            }
        }
    }
}

impl ClaimStore for MemoryClaims {
    fn claim<'a>(
        &'a self,
        key: &'a Fingerprint,
        owner: ClaimId,
        lease: Duration,
    ) -> StoreFuture<'a, ClaimState> {
        Box::pin(std::future::ready(Ok(self.claim_now(key, owner, lease))))
    }

    fn commit<'a>(&'a self, key: &'a Fingerprint, retention: Duration) -> StoreFuture<'a, ()> {
        self.commit_now(key, retention);
        Box::pin(std::future::ready(Ok(())))
    }

    fn release<'a>(&'a self, key: &'a Fingerprint, owner: ClaimId) -> StoreFuture<'a, ()> {
        self.release_now(key, owner);
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Fingerprint {
        Fingerprint::of("test", s.as_bytes())
    }

    #[tokio::test(start_paused = true)]
    async fn claim_commit_release_and_lease() {
        let claims = MemoryClaims::new(10);
        let (a, b) = (ClaimId::random(), ClaimId::random());
        let lease = Duration::from_secs(60);
        let k = key("5642");
        assert_eq!(claims.claim_now(&k, a, lease), ClaimState::Claimed);
        assert_eq!(claims.claim_now(&k, b, lease), ClaimState::InProgress);
        // Only the holder releases.
        claims.release_now(&k, b);
        assert_eq!(claims.claim_now(&k, b, lease), ClaimState::InProgress);
        claims.release_now(&k, a);
        assert_eq!(claims.claim_now(&k, b, lease), ClaimState::Claimed);
        // A crashed holder: the lease lapses.
        tokio::time::advance(lease).await;
        assert_eq!(claims.claim_now(&k, a, lease), ClaimState::Claimed);
        claims.commit_now(&k, Duration::from_secs(3600));
        assert_eq!(claims.claim_now(&k, b, lease), ClaimState::Done);
        tokio::time::advance(Duration::from_secs(3600)).await;
        assert_eq!(claims.claim_now(&k, b, lease), ClaimState::Claimed);
    }

    #[tokio::test(start_paused = true)]
    async fn forgets_the_oldest_beyond_capacity() {
        let claims = MemoryClaims::new(2);
        let lease = Duration::from_secs(60);
        for k in ["a", "b", "c"] {
            let _ = claims.claim_now(&key(k), ClaimId::random(), lease);
            claims.commit_now(&key(k), Duration::from_secs(3600));
        }
        assert_eq!(claims.len(), 2);
        assert_eq!(
            claims.claim_now(&key("c"), ClaimId::random(), lease),
            ClaimState::Done
        );
        assert_eq!(
            claims.claim_now(&key("a"), ClaimId::random(), lease),
            ClaimState::Claimed,
            "a was forgotten"
        );
        assert_eq!(claims.len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn never_forgets_a_live_claim_to_make_room() {
        let claims = MemoryClaims::new(2);
        let lease = Duration::from_secs(60);
        let (a, b) = (ClaimId::random(), ClaimId::random());
        assert_eq!(claims.claim_now(&key("a"), a, lease), ClaimState::Claimed);
        assert_eq!(claims.claim_now(&key("b"), b, lease), ClaimState::Claimed);
        // Full of running handlers: the newcomer waits for a redelivery.
        assert_eq!(
            claims.claim_now(&key("c"), ClaimId::random(), lease),
            ClaimState::InProgress
        );
        assert_eq!(
            claims.claim_now(&key("a"), ClaimId::random(), lease),
            ClaimState::InProgress,
            "a is still held"
        );
        assert_eq!(claims.len(), 2);
        // Once one is done, it is the one forgotten, not the running one.
        claims.commit_now(&key("a"), Duration::from_secs(3600));
        assert_eq!(
            claims.claim_now(&key("c"), ClaimId::random(), lease),
            ClaimState::Claimed
        );
        assert_eq!(
            claims.claim_now(&key("b"), ClaimId::random(), lease),
            ClaimState::InProgress
        );
        // A lapsed lease is no longer live: its key may go.
        tokio::time::advance(lease).await;
        assert_eq!(
            claims.claim_now(&key("d"), ClaimId::random(), lease),
            ClaimState::Claimed
        );
        assert_eq!(claims.len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn spaces_slots_per_key() {
        let store = MemoryRateLimits::new();
        let limit = RateLimit::per_minute(3).expect("non-zero");
        let push = LimitKey {
            token: key("t"),
            endpoint: "/device-status",
        };
        let other = LimitKey {
            token: key("u"),
            ..push
        };
        assert_eq!(store.take(&push, limit).await, Ok(Slot::Taken));
        assert!(
            matches!(store.take(&push, limit).await, Ok(Slot::WaitFor(d)) if d > Duration::from_secs(19))
        );
        assert_eq!(
            store.take(&other, limit).await,
            Ok(Slot::Taken),
            "another token"
        );
        tokio::time::advance(Duration::from_secs(20)).await;
        assert_eq!(store.take(&push, limit).await, Ok(Slot::Taken));
    }
}
