//! What sharing costs: one rate-limit check and one webhook claim (claim +
//! commit) in memory and against a local Redis (its own `redis-server` on a
//! free loopback port; skipped with a note when none is installed).

use divan::Bencher;
use pickyassist::{
    store::{Fingerprint, LimitKey, MemoryRateLimits, RateLimitStore, RedisStore},
    webhook::Claims,
    RateLimit,
};
use pickyassist_test_redis::RedisServer;
use std::sync::{
    atomic::{AtomicU64, Ordering},
    LazyLock, Mutex, OnceLock,
};
use tokio::runtime::Runtime;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
});

/// A `redis-server` for the run, stopped at exit; `None` without one.
static REDIS: OnceLock<Mutex<Option<RedisServer>>> = OnceLock::new();

fn redis() -> Option<RedisStore> {
    let server = REDIS.get_or_init(|| {
        let started = RedisServer::try_start()
            .map_err(|why| eprintln!("{why}; the Redis benchmarks are skipped"));
        Mutex::new(started.ok())
    });
    let url = server.lock().expect("lock").as_ref()?.url();
    Some(RedisStore::new(&url).expect("a Redis URL"))
}

fn main() {
    divan::main();
    // Statics are never dropped: drop the server here, which kills it.
    if let Some(Ok(mut server)) = REDIS.get().map(Mutex::lock) {
        drop(server.take());
    }
}

/// A limit so high that every check takes a slot: the cost of asking.
fn key() -> (LimitKey, RateLimit) {
    let key = LimitKey {
        token: Fingerprint::of("token", b"T0KEN"),
        endpoint: "/push",
    };
    (key, RateLimit::per_minute(u32::MAX).expect("non-zero"))
}

fn take(bencher: Bencher, store: &dyn RateLimitStore) {
    let (key, limit) = key();
    bencher.bench(|| RUNTIME.block_on(store.take(&key, limit)).expect("answered"));
}

#[divan::bench]
fn rate_limit_check_memory(bencher: Bencher) {
    take(bencher, &MemoryRateLimits::new());
}

#[divan::bench]
fn rate_limit_check_redis(bencher: Bencher) {
    let Some(store) = redis() else { return };
    take(bencher, &store);
}

/// Claim a new key and commit it: what one processed webhook costs.
fn claim(bencher: Bencher, claims: Claims) {
    static N: AtomicU64 = AtomicU64::new(0);
    bencher.bench(|| {
        RUNTIME.block_on(async {
            let key = N.fetch_add(1, Ordering::Relaxed).to_string();
            let claim = claims.begin(Some(&key)).await.expect("a new key");
            claim.commit().await;
        })
    });
}

#[divan::bench]
fn webhook_claim_memory(bencher: Bencher) {
    claim(bencher, Claims::in_memory(1 << 20));
}

#[divan::bench]
fn webhook_claim_redis(bencher: Bencher) {
    let Some(store) = redis() else { return };
    claim(bencher, Claims::new(store));
}
