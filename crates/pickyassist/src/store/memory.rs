//! The in-process stores: the defaults for one instance.

use super::{
    ClaimId, ClaimState, ClaimStore, Fingerprint, LimitKey, RateLimitStore, Slot, StoreFuture,
};
use crate::RateLimit;
use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::time::Instant;

/// Rate limits kept in this process, on tokio's clock (so that a test with
/// paused time sees minutes pass in no time).
///
/// Each [`Client`](crate::Client) gets its own unless given one: share one
/// between clients built separately in one process with
/// [`ClientBuilder::rate_limit_store`](crate::ClientBuilder::rate_limit_store)
/// (`MemoryRateLimits` is cheap to clone; clones share the limits), and use
/// [`RedisStore`](super::RedisStore) across processes. Both run the same
/// rule: a GCRA with a burst of one per endpoint of a token, and when
/// clients sharing it keep different limits, the strictest holds while any
/// slot is recent.
#[derive(Debug, Clone, Default)]
pub struct MemoryRateLimits {
    limiters: Arc<Mutex<HashMap<LimitKey, Gcra>>>,
}

/// The state of one endpoint of a token.
#[derive(Debug, Clone, Copy)]
struct Gcra {
    /// When the next slot frees.
    next: Instant,
    /// The largest spacing asked of it while it lives.
    spacing: Duration,
}

/// A state this long past its next slot says nothing any more (and is
/// forgotten), as the Redis key expires.
const STALE_AFTER: Duration = Duration::from_secs(1);
/// Beyond this many states, stale ones are swept on the next new key.
const SWEEP_ABOVE: usize = 1024;

impl MemoryRateLimits {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn take_now(&self, key: &LimitKey, limit: RateLimit) -> Slot {
        let now = Instant::now();
        let live = |g: &Gcra| g.next + STALE_AFTER > now;
        let mut limiters = self.limiters.lock().unwrap_or_else(|p| p.into_inner());
        let state = limiters.get(key).copied().filter(live);
        let spacing = state.map_or(limit.spacing(), |g| g.spacing.max(limit.spacing()));
        if let Some(g) = state.filter(|g| g.next > now) {
            return Slot::WaitFor(g.next - now);
        }
        if state.is_none() && limiters.len() >= SWEEP_ABOVE {
            limiters.retain(|_, g| live(g));
        }
        limiters.insert(
            *key,
            Gcra {
                next: now + spacing,
                spacing,
            },
        );
        Slot::Taken
    }
}

impl RateLimitStore for MemoryRateLimits {
    fn take<'a>(&'a self, key: &'a LimitKey, limit: RateLimit) -> StoreFuture<'a, Slot> {
        Box::pin(std::future::ready(Ok(self.take_now(key, limit))))
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

    #[tokio::test(start_paused = true)]
    async fn the_strictest_limit_holds_while_a_slot_is_recent() {
        // Two clients sharing the store keep different limits for one key:
        // together they stay within the stricter, as with Redis.
        let store = MemoryRateLimits::new();
        let push = LimitKey {
            token: key("t"),
            endpoint: "/push",
        };
        let (fast, slow) = (
            RateLimit::per_minute(90).expect("non-zero"),
            RateLimit::per_minute(30).expect("non-zero"),
        );
        assert_eq!(store.take(&push, slow).await, Ok(Slot::Taken));
        tokio::time::advance(Duration::from_millis(700)).await;
        // 90 a minute would allow one now; 30 a minute does not.
        assert!(
            matches!(store.take(&push, fast).await, Ok(Slot::WaitFor(d)) if d == Duration::from_millis(1300))
        );
        tokio::time::advance(Duration::from_millis(1300)).await;
        assert_eq!(store.take(&push, fast).await, Ok(Slot::Taken));
        assert!(
            matches!(store.take(&push, fast).await, Ok(Slot::WaitFor(d)) if d == Duration::from_secs(2)),
            "the stricter spacing is kept"
        );
        // Idle for a while: the key is forgotten, each limit is its own again.
        tokio::time::advance(Duration::from_secs(4)).await;
        assert_eq!(store.take(&push, fast).await, Ok(Slot::Taken));
        assert!(
            matches!(store.take(&push, fast).await, Ok(Slot::WaitFor(d)) if d < Duration::from_millis(700))
        );
    }
}
