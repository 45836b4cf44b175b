//! One limit for every client and process that shares the Redis.

use crate::{
    hello,
    server::{recording_api, Arrivals, RedisServer},
};
use pickyassist::{store::RedisStore, Client, RateLimit, PUSH};
use std::time::Duration;

/// 600 a minute: one push every 100 ms, so a test lasts seconds.
const PER_MINUTE: u32 = 600;
const SPACING: Duration = Duration::from_millis(100);

/// A client built on its own, with its own connection to Redis.
fn client(api: &str, redis: &str) -> Client {
    Client::builder("T0KEN-shared")
        .base_url(api)
        .rate_limit(&PUSH, RateLimit::per_minute(PER_MINUTE).expect("non-zero"))
        .rate_limit_store(RedisStore::new(redis).expect("a Redis URL"))
        .build()
        .expect("client")
}

/// Sends `n` pushes at once through `client`; all must be accepted.
async fn burst(client: Client, n: usize) {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.push(&hello(&client, i)).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("accepted");
    }
}

/// Requests spaced by the limit: in any second at most 10 arrive (11 with
/// both ends of a closed window); without a shared limit two clients send 20.
fn assert_spaced(arrivals: &Arrivals, total: usize) {
    let times = arrivals.times();
    assert_eq!(times.len(), total);
    let most = arrivals.most_in_any_window(Duration::from_secs(1));
    assert!(most <= 11, "{most} pushes arrived within one second");
    let span = times[total - 1] - times[0];
    // n requests need n-1 gaps; allow a little for when each one arrives.
    let least = SPACING * (total as u32 - 1) - Duration::from_millis(150);
    assert!(span >= least, "{total} pushes arrived within {span:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_built_separately_keep_one_combined_rate() {
    let Some(redis) = RedisServer::start("two_clients_built_separately_keep_one_combined_rate")
    else {
        return;
    };
    let arrivals = Arrivals::default();
    let api = recording_api(arrivals.clone()).await;
    let (a, b) = (client(&api, &redis.url()), client(&api, &redis.url()));
    tokio::join!(burst(a, 12), burst(b, 12));
    assert_spaced(&arrivals, 24);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_keep_one_combined_rate() {
    let Some(redis) = RedisServer::start("two_processes_keep_one_combined_rate") else {
        return;
    };
    let arrivals = Arrivals::default();
    let api = recording_api(arrivals.clone()).await;
    let exe = std::env::current_exe().expect("this test binary");
    let workers: Vec<_> = (0..2)
        .map(|_| {
            tokio::process::Command::new(&exe)
                .args(["redis_limits::worker_process", "--exact", "--ignored"])
                .args(["--nocapture", "--test-threads=1"])
                .env(WORKER_API, &api)
                .env(WORKER_REDIS, redis.url())
                .kill_on_drop(true)
                .output()
        })
        .collect();
    for worker in workers {
        let out = tokio::time::timeout(Duration::from_secs(60), worker)
            .await
            .expect("the worker finished")
            .expect("the worker ran");
        assert!(
            out.status.success(),
            "worker failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_spaced(&arrivals, 2 * WORKER_PUSHES);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_keeping_different_limits_stay_within_the_strictest() {
    // A rolling deploy that lowers a limit: the instances not yet updated
    // must not keep sending at the old rate.
    let Some(redis) =
        RedisServer::start("clients_keeping_different_limits_stay_within_the_strictest")
    else {
        return;
    };
    let arrivals = Arrivals::default();
    let api = recording_api(arrivals.clone()).await;
    let with_limit = |per_minute| {
        Client::builder("T0KEN-mixed")
            .base_url(&api)
            .rate_limit(&PUSH, RateLimit::per_minute(per_minute).expect("non-zero"))
            .rate_limit_store(RedisStore::new(&redis.url()).expect("a Redis URL"))
            .build()
            .expect("client")
    };
    // One every 500 ms takes a slot; then one every 50 ms sends four at once.
    let slow = with_limit(120);
    slow.push(&hello(&slow, 0)).await.expect("accepted");
    burst(with_limit(1200), 4).await;
    let times = arrivals.times();
    assert_eq!(times.len(), 5);
    // The stricter spacing holds for the faster client's four too: 500 ms
    // apart, where its own limit alone would let them through 50 ms apart
    // (150 ms for the four).
    let span = times[4] - times[1];
    assert!(
        span >= Duration::from_millis(1400),
        "4 pushes within {span:?}"
    );
}

const WORKER_API: &str = "PICKYASSIST_TEST_WORKER_API";
const WORKER_REDIS: &str = "PICKYASSIST_TEST_WORKER_REDIS";
const WORKER_PUSHES: usize = 10;

/// Not a test of its own: the other process of
/// `two_processes_keep_one_combined_rate`, which starts this binary twice
/// with these variables set.
#[tokio::test]
#[ignore = "a worker process that two_processes_keep_one_combined_rate starts"]
async fn worker_process() {
    // Run by hand without the variables: nothing to do (the parent test,
    // which counts what arrives, is the one that can fail).
    let (Ok(api), Ok(redis)) = (std::env::var(WORKER_API), std::env::var(WORKER_REDIS)) else {
        return;
    };
    burst(client(&api, &redis), WORKER_PUSHES).await;
}
