//! The retry rule: only when nothing can have reached the server.

use crate::{hello, within};
use pickyassist::{Client, Error, RetryPolicy};
use pickyassist_mock::{MockServer, TEST_TOKEN};
use std::{net::SocketAddr, time::Duration};

/// A loopback address with nothing listening (bound, then released).
fn free_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr")
}

/// Up to `max` retries, 10 ms apart.
fn quick_retries(max: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries: max,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(10),
    }
}

fn patient(addr: SocketAddr) -> Client {
    Client::builder(TEST_TOKEN)
        .base_url(format!("http://{addr}"))
        .retry(RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(200),
        })
        .build()
        .expect("client")
}

#[tokio::test]
async fn refused_connection_is_retried_until_the_server_appears() {
    let addr = free_addr();
    let client = patient(addr);
    let request = hello(&client);
    let sending = tokio::spawn(async move { client.push(&request).await });
    // Let at least one attempt be refused before the server exists.
    tokio::time::sleep(Duration::from_millis(120)).await;
    let mock = MockServer::builder()
        .bind(addr)
        .start()
        .await
        .expect("mock on the reserved port");
    let answer = within(sending)
        .await
        .expect("task")
        .expect("accepted after retries");
    assert!(answer.push_id.is_some());
    assert_eq!(
        mock.request_count(),
        1,
        "exactly one request reached the server"
    );
}

#[tokio::test]
async fn refused_connection_gives_up_after_the_policy() {
    let client = Client::builder(TEST_TOKEN)
        .base_url(format!("http://{}", free_addr()))
        .retry(quick_retries(2))
        .build()
        .expect("client");
    match within(client.push(&hello(&client))).await {
        Err(error @ Error::Connect { attempts, .. }) => {
            assert_eq!(attempts, 3);
            assert!(!error.may_have_been_sent());
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
}

#[tokio::test]
async fn no_retry_policy_fails_on_the_first_refusal() {
    let client = Client::builder(TEST_TOKEN)
        .base_url(format!("http://{}", free_addr()))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let error = within(client.push(&hello(&client)))
        .await
        .expect_err("refused");
    assert!(
        matches!(error, Error::Connect { attempts: 1, .. }),
        "{error:?}"
    );
}

/// A listener whose accept queue is full: the kernel drops further
/// connection attempts, so connecting times out and nothing is sent.
#[tokio::test]
async fn a_connect_timeout_is_a_failure_to_connect_and_safe_to_retry() {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("addr"))
        .expect("bind");
    let listener = socket.listen(0).expect("listen with no backlog");
    let addr = listener.local_addr().expect("addr");
    // Fill the queue (never accepted).
    let _filler = std::net::TcpStream::connect(addr).expect("the one queued connection");
    let client = Client::builder(TEST_TOKEN)
        .base_url(format!("http://{addr}"))
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(10))
        .retry(quick_retries(1))
        .build()
        .expect("client");
    let error = within(client.push(&hello(&client)))
        .await
        .expect_err("cannot connect");
    assert!(
        matches!(error, Error::Connect { attempts: 2, .. }),
        "retried once, then reported as not connected: {error:?}"
    );
    assert!(!error.may_have_been_sent() && error.is_retry_safe());
    assert!(error.to_string().contains("nothing was sent"), "{error}");
    drop(listener);
}

/// Counts the slots taken from the rate-limit store.
#[derive(Debug, Default)]
struct CountingSlots {
    taken: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    inner: pickyassist::store::MemoryRateLimits,
}

impl pickyassist::store::RateLimitStore for CountingSlots {
    fn take<'a>(
        &'a self,
        key: &'a pickyassist::store::LimitKey,
        limit: pickyassist::RateLimit,
    ) -> pickyassist::store::StoreFuture<'a, pickyassist::store::Slot> {
        Box::pin(async move {
            let slot = self.inner.take(key, limit).await?;
            if matches!(slot, pickyassist::store::Slot::Taken) {
                self.taken.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            Ok(slot)
        })
    }
}

#[tokio::test]
async fn every_attempt_takes_its_own_slot() {
    // A retry goes out later than its first slot allowed: the retries of
    // many calls, once the network is back, must not burst over the limit.
    let store = CountingSlots::default();
    let taken = store.taken.clone();
    let client = Client::builder(TEST_TOKEN)
        .base_url(format!("http://{}", free_addr()))
        .rate_limit_store(store)
        .retry(quick_retries(2))
        .build()
        .expect("client");
    let error = within(client.push(&hello(&client)))
        .await
        .expect_err("refused");
    assert!(
        matches!(error, Error::Connect { attempts: 3, .. }),
        "{error:?}"
    );
    assert_eq!(taken.load(std::sync::atomic::Ordering::SeqCst), 3);
}
