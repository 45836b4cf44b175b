//! What sharing costs: one rate-limit check and one webhook claim (claim +
//! commit) in memory and against a local Redis (its own `redis-server` on a
//! free loopback port; skipped with a note when none is installed).

use divan::Bencher;
use pickyassist::{
    store::{Fingerprint, LimitKey, MemoryRateLimits, RateLimitStore, RedisStore},
    webhook::Claims,
    RateLimit,
};
use std::{
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicU64, Ordering},
        LazyLock, Mutex, OnceLock,
    },
    time::{Duration, Instant},
};
use tokio::runtime::Runtime;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
});

/// A `redis-server` for the run, killed at exit; `None` without one.
static REDIS: OnceLock<Option<(Mutex<Child>, String)>> = OnceLock::new();

fn start_redis() -> Option<(Mutex<Child>, String)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .ok()?
        .port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| eprintln!("redis-server: {e}; the Redis benchmarks are skipped"))
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    Some((Mutex::new(child), format!("redis://127.0.0.1:{port}/")))
}

fn redis() -> Option<RedisStore> {
    let (_, url) = REDIS.get_or_init(start_redis).as_ref()?;
    Some(RedisStore::new(url).expect("a Redis URL"))
}

fn main() {
    divan::main();
    if let Some(Some((child, _))) = REDIS.get() {
        let _ = child.lock().map(|mut c| c.kill());
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
