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

/// A TCP relay to Redis that can go silent on the connections it holds
/// (they stay open, nothing passes), as after a failover to another address
/// or a NAT that forgot them, while new connections pass as usual.
struct Relay {
    url: String,
    /// Connections numbered below this one are silent.
    silent_below: Arc<AtomicU32>,
    opened: Arc<AtomicU32>,
}

impl Relay {
    async fn start(redis_port: u16) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("redis://{}/", listener.local_addr().expect("addr"));
        let silent_below = Arc::new(AtomicU32::new(0));
        let opened = Arc::new(AtomicU32::new(0));
        let (silent, count) = (silent_below.clone(), opened.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let id = count.fetch_add(1, Ordering::SeqCst);
                let Ok(upstream) = tokio::net::TcpStream::connect(("127.0.0.1", redis_port)).await
                else {
                    continue;
                };
                let (client_read, client_write) = client.into_split();
                let (upstream_read, upstream_write) = upstream.into_split();
                tokio::spawn(pass(id, client_read, upstream_write, silent.clone()));
                tokio::spawn(pass(id, upstream_read, client_write, silent.clone()));
            }
        });
        Self {
            url,
            silent_below,
            opened,
        }
    }

    /// Every connection open now goes silent for good.
    fn silence_open_connections(&self) {
        self.silent_below
            .store(self.opened.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

/// Copies `from` to `to` until connection `id` is silenced, then holds both
/// ends open and passes nothing.
async fn pass(
    id: u32,
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    silent_below: Arc<AtomicU32>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0; 16 * 1024];
    loop {
        let Ok(n) = from.read(&mut buf).await else {
            return;
        };
        if n == 0 {
            return;
        }
        if id < silent_below.load(Ordering::SeqCst) {
            // Silent: keep the sockets, drop the bytes, never answer.
            std::future::pending::<()>().await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_dies_silently_is_replaced_after_one_timeout() {
    let Some(redis) =
        RedisServer::start("a_connection_that_dies_silently_is_replaced_after_one_timeout")
    else {
        return;
    };
    let relay = Relay::start(redis.port()).await;
    let arrivals = Arrivals::default();
    let api = recording_api(arrivals.clone()).await;
    let client = Client::builder("T0KEN-silent")
        .base_url(&api)
        .rate_limit_store(
            RedisStore::new(&relay.url)
                .expect("a Redis URL")
                .timeout(Duration::from_millis(300)),
        )
        .build()
        .expect("client");
    client.push(&hello(&client, 0)).await.expect("accepted");

    relay.silence_open_connections();
    let error = client
        .push(&hello(&client, 1))
        .await
        .expect_err("no answer from the silent connection");
    assert!(matches!(error, Error::RateLimitStore(_)), "{error:?}");
    // The next call connects anew instead of waiting on the dead one.
    client
        .push(&hello(&client, 2))
        .await
        .expect("sent through a new connection");
    assert_eq!(arrivals.times().len(), 2);
}
