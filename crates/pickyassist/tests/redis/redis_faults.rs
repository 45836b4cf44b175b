//! Redis stops mid-run: nothing is sent over the limit and nothing is
//! marked done; it comes back, and everything works again without a restart.

use crate::{
    hello,
    redis_claims::{deliver, replica},
    server::{recording_api, Arrivals, RedisServer},
};
use pickyassist::{store::RedisStore, Client, Error};
use std::{
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc,
    },
    time::Duration,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_means_not_sent_and_503_then_restarted_works_again() {
    let Some(mut redis) =
        RedisServer::start("redis_stopped_means_not_sent_and_503_then_restarted_works_again")
    else {
        return;
    };
    let arrivals = Arrivals::default();
    let api = recording_api(arrivals.clone()).await;
    let client = Client::builder("T0KEN-faults")
        .base_url(&api)
        .rate_limit_store(
            RedisStore::new(&redis.url())
                .expect("a Redis URL")
                .timeout(Duration::from_millis(500)),
        )
        .build()
        .expect("client");
    let processed = Arc::new(AtomicU32::new(0));
    let hook = replica(&redis.url(), &processed, false, None).await;

    client.push(&hello(&client, 0)).await.expect("accepted");
    assert_eq!(deliver(&hook, "1").await, 200);

    redis.stop();
    let error = client
        .push(&hello(&client, 1))
        .await
        .expect_err("no slot without Redis");
    assert!(matches!(error, Error::RateLimitStore(_)), "{error:?}");
    assert!(
        !error.may_have_been_sent() && error.is_retry_safe(),
        "{error}"
    );
    assert!(error.to_string().starts_with("not sent"), "{error}");
    assert_eq!(deliver(&hook, "2").await, 503, "Picky Assist retries later");
    assert_eq!(
        arrivals.times().len(),
        1,
        "nothing was sent while Redis was down"
    );
    assert_eq!(processed.load(Ordering::SeqCst), 1, "nothing was processed");

    redis.restart();
    // The connection is remade on the next calls; allow it a few seconds.
    let mut sent = false;
    for _ in 0..50 {
        match client.push(&hello(&client, 2)).await {
            Ok(_) => {
                sent = true;
                break;
            }
            Err(Error::RateLimitStore(_)) => tokio::time::sleep(Duration::from_millis(100)).await,
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!(sent, "sending works again after Redis came back");
    let mut status = 0;
    for _ in 0..50 {
        status = deliver(&hook, "2").await;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "receiving works again after Redis came back");
    assert_eq!(processed.load(Ordering::SeqCst), 2);
    assert_eq!(arrivals.times().len(), 2);
}
