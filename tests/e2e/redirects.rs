//! The token never follows a redirect, whoever's HTTP client sends it.

use crate::{hello, within};
use pickyassist::{Client, Error};
use pickyassist_mock::{Behavior, MockServer, TEST_TOKEN};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

/// A server on another loopback address that records every byte it is sent
/// and answers like an accepting Picky Assist would.
struct Thief {
    url: String,
    seen: Arc<Mutex<Vec<u8>>>,
    connections: Arc<Mutex<usize>>,
}

impl Thief {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.2:0")
            .await
            .expect("bind 127.0.0.2");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let (bytes, count) = (Arc::clone(&seen), Arc::clone(&connections));
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                *count.lock().expect("lock") += 1;
                let bytes = Arc::clone(&bytes);
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    // Read what arrives within a moment, then answer "accepted".
                    while let Ok(Ok(n)) =
                        tokio::time::timeout(Duration::from_millis(100), stream.read(&mut buf))
                            .await
                    {
                        if n == 0 {
                            break;
                        }
                        bytes.lock().expect("lock").extend_from_slice(&buf[..n]);
                    }
                    let body = r#"{"status":100,"push_id":"1","message":"Success"}"#;
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(answer.as_bytes()).await;
                });
            }
        });
        Self {
            url,
            seen,
            connections,
        }
    }

    fn saw_token(&self) -> bool {
        let seen = self.seen.lock().expect("lock");
        seen.windows(TEST_TOKEN.len())
            .any(|w| w == TEST_TOKEN.as_bytes())
    }

    fn connections(&self) -> usize {
        *self.connections.lock().expect("lock")
    }
}

async fn redirected_push(client: &Client) -> Error {
    within(client.push(&hello(client)))
        .await
        .expect_err("a redirect is an error")
}

#[tokio::test]
async fn the_client_never_follows_a_redirect() {
    let thief = Thief::start().await;
    for status in [301, 302, 303, 307, 308] {
        let mock = MockServer::start().await.expect("mock");
        mock.enqueue(Behavior::redirect(status, format!("{}/steal", thief.url)));
        let client = Client::builder(TEST_TOKEN)
            .base_url(mock.url())
            .build()
            .expect("client");
        let error = redirected_push(&client).await;
        // Whoever redirected had the request: its fate is unknown.
        assert!(error.may_have_been_sent(), "{status}: {error}");
        assert!(!error.is_retry_safe(), "{status}: a push is not read-only");
        match error {
            Error::Redirect {
                status: got,
                location,
                followed,
                ..
            } => {
                assert_eq!(got, status);
                assert_eq!(location, format!("{}/steal", thief.url));
                assert!(!followed);
            }
            other => panic!("{status}: got {other:?}"),
        }
        assert_eq!(
            mock.request_count(),
            1,
            "{status}: one request, not retried"
        );
    }
    assert_eq!(
        thief.connections(),
        0,
        "the second server was never contacted"
    );
}

#[tokio::test]
async fn a_second_mock_behind_the_redirect_receives_nothing() {
    let second = MockServer::start().await.expect("second mock");
    let first = MockServer::start().await.expect("first mock");
    first.enqueue(Behavior::redirect(307, format!("{}/push", second.url())));
    let client = Client::builder(TEST_TOKEN)
        .base_url(first.url())
        .build()
        .expect("client");
    let error = redirected_push(&client).await;
    assert!(
        matches!(error, Error::Redirect { status: 307, .. }),
        "{error:?}"
    );
    // The first server had the request: its fate is unknown, never a refusal.
    assert!(error.may_have_been_sent());
    assert_eq!(second.request_count(), 0);
}

#[tokio::test]
async fn a_custom_client_that_follows_redirects_cannot_carry_the_token() {
    let thief = Thief::start().await;
    // reqwest's default policy follows up to 10 redirects.
    let http = reqwest::Client::new();
    for status in [301, 302, 303, 307, 308] {
        let mock = MockServer::start().await.expect("mock");
        mock.enqueue(Behavior::redirect(status, format!("{}/steal", thief.url)));
        let client = Client::builder(TEST_TOKEN)
            .base_url(mock.url())
            .http_client(http.clone())
            .build()
            .expect("client");
        let error = redirected_push(&client).await;
        assert!(
            matches!(error, Error::Redirect { .. }),
            "{status}: got {error:?}"
        );
        assert!(
            !thief.saw_token(),
            "{status}: the token reached the second host"
        );
    }
    let text = String::from_utf8_lossy(&thief.seen.lock().expect("lock")).into_owned();
    assert!(
        !text.contains("POST"),
        "no body was posted elsewhere:\n{text}"
    );
}

#[test]
fn plain_http_to_another_machine_needs_an_explicit_opt_in() {
    let build = |url: &str| Client::builder(TEST_TOKEN).base_url(url).build();
    match build("http://pickyassist.example/app/api/v2") {
        Err(Error::Config(message)) => assert!(message.contains("https"), "{message}"),
        other => panic!("got {other:?}"),
    }
    for loopback in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost:9",
        "http://[::1]:9",
    ] {
        assert!(build(loopback).is_ok(), "{loopback} is this machine");
    }
    assert!(build("https://pickyassist.example").is_ok());
    assert!(Client::builder(TEST_TOKEN)
        .base_url("http://10.0.0.5")
        .allow_insecure_http()
        .build()
        .is_ok());
}

#[test]
fn the_query_encoding_is_refused_with_a_custom_client() {
    let built = Client::builder(TEST_TOKEN)
        .encoding(pickyassist::Encoding::Query)
        .http_client(reqwest::Client::new())
        .build();
    assert!(matches!(built, Err(Error::Config(_))), "{built:?}");
}

#[tokio::test]
async fn bodies_that_cannot_be_replayed_still_carry_their_length() {
    // Some PHP servers refuse chunked uploads: the unreplayable body must
    // still be sent with a Content-Length.
    let server = Thief::start().await;
    let client = Client::builder(TEST_TOKEN)
        .base_url(&server.url)
        .build()
        .expect("client");
    within(client.push(&hello(&client)))
        .await
        .expect("the fake server accepts");
    let text = String::from_utf8_lossy(&server.seen.lock().expect("lock")).to_lowercase();
    assert!(text.contains("content-length:"), "{text}");
    assert!(!text.contains("transfer-encoding"), "{text}");
}
