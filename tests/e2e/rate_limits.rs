//! The client keeps the documented rate limits, so the server never drops a
//! push. Tokio's paused clock makes the minutes pass instantly; the client's
//! limiter and the mock's window both read it.

use pickyassist::{
    model::{PhoneNumber, PushMessage},
    Client, Error, RateLimit,
};
use pickyassist_mock::{MockServer, TEST_TOKEN};
use std::time::Duration;

const PUSHES: usize = 300;

/// Sends `PUSHES` pushes at once from as many tasks; returns how many were accepted.
async fn burst(client: &Client) -> (usize, Vec<Error>) {
    let to = PhoneNumber::new("919000000001").expect("valid");
    let tasks: Vec<_> = (0..PUSHES)
        .map(|i| {
            let client = client.clone();
            let request = client
                .push_request(1u64)
                .globalmessage(format!("push {i}"))
                .data(vec![PushMessage::new().number(to.clone())]);
            tokio::spawn(async move { client.push(&request).await })
        })
        .collect();
    let (mut accepted, mut errors) = (0, Vec::new());
    for task in tasks {
        match task.await.expect("task finished") {
            Ok(_) => accepted += 1,
            Err(e) => errors.push(e),
        }
    }
    (accepted, errors)
}

#[tokio::test(start_paused = true)]
async fn a_default_client_loses_nothing_to_the_documented_limit() {
    let mock = MockServer::builder()
        .enforce_rate_limits()
        .start()
        .await
        .expect("mock");
    let client = Client::builder(TEST_TOKEN)
        .base_url(mock.url())
        .build()
        .expect("client");
    let start = tokio::time::Instant::now();
    let (accepted, errors) = burst(&client).await;
    assert!(errors.is_empty(), "{:?}", errors.first());
    assert_eq!(accepted, PUSHES);
    assert_eq!(mock.dropped_count(), 0);
    assert_eq!(mock.request_count(), PUSHES);
    // 300 pushes at 90 a minute: the last one leaves after 299 gaps of 2/3 s.
    let took = start.elapsed();
    assert!(took >= Duration::from_secs(199), "{took:?}");
    assert!(took < Duration::from_secs(202), "{took:?}");
}

#[tokio::test(start_paused = true)]
async fn without_the_limiter_the_server_drops_pushes() {
    let mock = MockServer::builder()
        .enforce_rate_limits()
        .start()
        .await
        .expect("mock");
    let client = Client::builder(TEST_TOKEN)
        .base_url(mock.url())
        .no_rate_limits()
        .build()
        .expect("client");
    let (accepted, errors) = burst(&client).await;
    assert_eq!(accepted, 90, "one minute's worth is processed");
    assert_eq!(mock.dropped_count(), PUSHES - 90);
    assert!(errors
        .iter()
        .all(|e| matches!(e, Error::Http { status: 429, .. })));
}

#[tokio::test(start_paused = true)]
async fn the_limit_holds_under_the_documented_url_prefix() {
    let mock = MockServer::builder()
        .enforce_rate_limits()
        .start()
        .await
        .expect("mock");
    let client = Client::builder(TEST_TOKEN)
        .base_url(format!("{}/app/api/v2", mock.url()))
        .no_rate_limits()
        .build()
        .expect("client");
    let (accepted, _) = burst(&client).await;
    assert_eq!(accepted, 90, "the prefixed path counts against /push");
    assert_eq!(mock.dropped_count(), PUSHES - 90);
}

#[tokio::test(start_paused = true)]
async fn a_higher_plan_sets_its_own_rate() {
    let mock = MockServer::start().await.expect("mock");
    let client = Client::builder(TEST_TOKEN)
        .base_url(mock.url())
        .rate_limit(
            &pickyassist::PUSH,
            RateLimit::per_minute(600).expect("non-zero"),
        )
        .build()
        .expect("client");
    let start = tokio::time::Instant::now();
    let (accepted, _) = burst(&client).await;
    assert_eq!(accepted, PUSHES);
    let took = start.elapsed();
    // 299 gaps of 0.1 s.
    assert!(
        took >= Duration::from_millis(29_900) && took < Duration::from_secs(31),
        "{took:?}"
    );
}
