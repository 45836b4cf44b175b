//! Two replicas of a webhook receiver behind one load balancer, sharing
//! claims through Redis.

use crate::server::{serve, RedisServer};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Extension, Router,
};
use pickyassist::{
    model::WebhookMessage,
    store::RedisStore,
    webhook::{Claims, Reply, Webhook, WebhookSecret},
};
use std::sync::{
    atomic::{AtomicU32, Ordering},
    Arc,
};

const SECRET: &str = "redis-hook-secret";

/// One replica: its own claims handle (its own connection), a shared
/// count of processed messages, and a switch that makes it fail.
struct Replica {
    claims: Claims,
    processed: Arc<AtomicU32>,
    fail: bool,
    gate: Option<Gate>,
}

/// Holds handlers until permits are added; counts those that reached it.
#[derive(Clone)]
pub(crate) struct Gate {
    permits: Arc<tokio::sync::Semaphore>,
    reached: Arc<AtomicU32>,
}

impl Gate {
    fn closed() -> Self {
        Self {
            permits: Arc::new(tokio::sync::Semaphore::new(0)),
            reached: Arc::default(),
        }
    }
}

async fn on_message(
    State(replica): State<Arc<Replica>>,
    hook: Webhook<WebhookMessage>,
) -> Result<Reply, Response> {
    let claim = replica
        .claims
        .begin(hook.body.dedup_key().as_deref())
        .await?;
    if let Some(gate) = &replica.gate {
        gate.reached.fetch_add(1, Ordering::SeqCst);
        let _pass = gate
            .permits
            .acquire()
            .await
            .map_err(|_| StatusCode::GONE.into_response())?;
    }
    if replica.fail {
        // The claim is dropped unsettled: released for the retry.
        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    replica.processed.fetch_add(1, Ordering::SeqCst);
    claim.commit().await;
    Ok(Reply::none())
}

/// Starts a replica on `redis`; returns its webhook URL.
pub(crate) async fn replica(
    redis: &str,
    processed: &Arc<AtomicU32>,
    fail: bool,
    gate: Option<Gate>,
) -> String {
    let state = Arc::new(Replica {
        claims: Claims::new(
            RedisStore::new(redis)
                .expect("a Redis URL")
                .timeout(std::time::Duration::from_millis(500)),
        ),
        processed: Arc::clone(processed),
        fail,
        gate,
    });
    let app = Router::new()
        .route("/hook", post(on_message))
        .layer(Extension(WebhookSecret::query("key", SECRET)))
        .with_state(state);
    format!("{}/hook?key={SECRET}", serve(app).await)
}

/// Posts a message with this `unique-id`; returns the HTTP status.
pub(crate) async fn deliver(url: &str, unique_id: &str) -> u16 {
    reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"number":"919000000001","message-in":"hi","unique-id":"{unique_id}"}}"#
        ))
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_process_a_retried_message_once() {
    let Some(redis) = RedisServer::start("two_replicas_process_a_retried_message_once") else {
        return;
    };
    let processed = Arc::new(AtomicU32::new(0));
    let a = replica(&redis.url(), &processed, false, None).await;
    let b = replica(&redis.url(), &processed, false, None).await;
    assert_eq!(deliver(&a, "5642").await, 200);
    // Picky Assist retries (its 200 got lost); the balancer picks the other replica.
    assert_eq!(deliver(&b, "5642").await, 200);
    assert_eq!(deliver(&a, "5642").await, 200);
    assert_eq!(processed.load(Ordering::SeqCst), 1, "processed once");
    // Another message is its own.
    assert_eq!(deliver(&b, "5643").await, 200);
    assert_eq!(processed.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_failing_on_one_replica_lets_the_retry_through_on_the_other() {
    let Some(redis) =
        RedisServer::start("a_handler_failing_on_one_replica_lets_the_retry_through_on_the_other")
    else {
        return;
    };
    let processed = Arc::new(AtomicU32::new(0));
    let failing = replica(&redis.url(), &processed, true, None).await;
    let healthy = replica(&redis.url(), &processed, false, None).await;
    assert_eq!(deliver(&failing, "77").await, 500);
    // A dropped claim is released by a task the guard spawns, which may
    // finish just after the 500 went out: until then the other replica
    // answers 503 and Picky Assist retries later, as it does here.
    let mut status = deliver(&healthy, "77").await;
    for _ in 0..50 {
        if status != 503 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        status = deliver(&healthy, "77").await;
    }
    assert_eq!(status, 200, "the retry is processed");
    assert_eq!(processed.load(Ordering::SeqCst), 1);
    assert_eq!(deliver(&failing, "77").await, 200, "then it is done");
    assert_eq!(processed.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_in_progress_on_one_replica_is_deferred_on_the_other() {
    let Some(redis) =
        RedisServer::start("a_delivery_in_progress_on_one_replica_is_deferred_on_the_other")
    else {
        return;
    };
    let processed = Arc::new(AtomicU32::new(0));
    let gate = Gate::closed();
    let slow = replica(&redis.url(), &processed, false, Some(gate.clone())).await;
    let other = replica(&redis.url(), &processed, false, None).await;
    let first = tokio::spawn({
        let slow = slow.clone();
        async move { deliver(&slow, "88").await }
    });
    // Wait until the slow replica holds the claim and is working.
    for _ in 0..500 {
        if gate.reached.load(Ordering::SeqCst) == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(
        gate.reached.load(Ordering::SeqCst),
        1,
        "the first delivery is being handled"
    );
    assert_eq!(deliver(&other, "88").await, 503, "told to come back later");
    gate.permits.add_permits(1);
    assert_eq!(first.await.expect("task"), 200);
    assert_eq!(deliver(&other, "88").await, 200);
    assert_eq!(processed.load(Ordering::SeqCst), 1);
}

#[test]
fn a_claim_dropped_on_a_plain_thread_is_released_not_a_panic() {
    // A Redis store's future needs a runtime's timer even to start.
    let Some(redis) =
        RedisServer::start("a_claim_dropped_on_a_plain_thread_is_released_not_a_panic")
    else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let claims = Claims::new(RedisStore::new(&redis.url()).expect("a Redis URL"));
    let guard = runtime.block_on(claims.begin(Some("5642"))).expect("new");
    std::thread::spawn(move || drop(guard))
        .join()
        .expect("dropping it on a plain thread does not panic");
    assert!(
        runtime.block_on(claims.begin(Some("5642"))).is_ok(),
        "released, not left to its lease"
    );
}
