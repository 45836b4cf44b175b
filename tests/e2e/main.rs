//! End-to-end tests: the client against the embedded mock, all on 127.0.0.1.

mod answer_trust;
mod concurrency;
mod encodings;
#[macro_use]
mod endpoints;
#[rustfmt::skip]
mod generated;
mod lenient_answers;
mod misbehaviour;
mod rate_limits;
mod redirects;
mod retry;
mod secrets;
mod statuses;
mod webhooks;

use pickyassist::{
    model::{Application, PhoneNumber, PushMessage, PushRequest},
    Client, ClientBuilder,
};
use pickyassist_mock::{MockServer, TEST_TOKEN};
use std::time::Duration;

/// A client for `mock` with a short timeout, so a broken test fails fast.
/// Without the client's rate limits (90 pushes a minute), which have their
/// own tests on paused time: here many pushes must not take minutes.
fn builder(mock: &MockServer) -> ClientBuilder {
    Client::builder(TEST_TOKEN)
        .base_url(mock.url())
        .no_rate_limits()
        .timeout(Duration::from_secs(5))
}

/// A valid bulk push to one number.
fn hello(client: &Client) -> PushRequest {
    client
        .push_request(Application::WhatsappPersonal)
        .globalmessage("Hello")
        .data(vec![PushMessage::new().number(
            PhoneNumber::new("919000000001").expect("valid number"),
        )])
}

/// A 200 answer with this JSON body, as the server wrote it.
fn raw(body: &str) -> pickyassist_mock::Behavior {
    pickyassist_mock::Behavior::Raw {
        status: 200,
        content_type: "application/json".into(),
        body: body.into(),
    }
}

/// Runs `future` with a generous ceiling, so a hang is a test failure, not a stuck CI run.
async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("finished within 20 s")
}
