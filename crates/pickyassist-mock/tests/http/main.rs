//! The mock over HTTP, as a client in any language sees it: plain requests
//! with `reqwest`, webhooks received by small axum servers, all on 127.0.0.1.

mod bounds;
mod fidelity;
mod incoming;

use axum::{body::Bytes, extract::State, http::StatusCode, Router};
use pickyassist_mock::{MockServer, TEST_TOKEN};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Runs `future` with a generous ceiling, so a hang is a failure, not a stuck run.
async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("finished within 20 s")
}

/// Waits (within the ceiling) until `done`.
async fn eventually(mut done: impl FnMut() -> bool) {
    within(async {
        while !done() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

/// Posts `body` as JSON to `path` on `mock`; returns the HTTP status and body text.
async fn post(mock: &MockServer, path: &str, body: &Value) -> (u16, String) {
    let answer = within(
        reqwest::Client::new()
            .post(format!("{}{path}", mock.url()))
            .json(body)
            .send(),
    )
    .await
    .expect("sent");
    let status = answer.status().as_u16();
    (status, answer.text().await.expect("a body"))
}

/// Posts `body` and reads the answer as JSON.
async fn call(mock: &MockServer, path: &str, body: &Value) -> Value {
    let (status, text) = post(mock, path, body).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).expect("a JSON answer")
}

/// A valid push with the mock's token to these recipient items.
fn push(items: Value) -> Value {
    json!({"token": TEST_TOKEN, "application": "10", "globalmessage": "Your order has shipped", "data": items})
}

/// A webhook receiver: answers each call with the next status of
/// `statuses` (200 once they run out) and keeps the bodies it got.
#[derive(Clone, Default)]
struct Receiver {
    bodies: Arc<Mutex<Vec<Value>>>,
    statuses: Arc<Mutex<Vec<u16>>>,
}

impl Receiver {
    fn failing_first(statuses: &[u16]) -> Self {
        Self {
            statuses: Arc::new(Mutex::new(statuses.iter().rev().copied().collect())),
            ..Self::default()
        }
    }

    fn bodies(&self) -> Vec<Value> {
        self.bodies.lock().expect("lock").clone()
    }

    /// Serves on a free port; returns the URL of `/hook`.
    async fn start(&self) -> String {
        async fn hook(
            State(receiver): State<Receiver>,
            body: Bytes,
        ) -> (StatusCode, [(&'static str, &'static str); 1], String) {
            let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
            receiver.bodies.lock().expect("lock").push(body);
            let status = receiver.statuses.lock().expect("lock").pop().unwrap_or(200);
            let status = StatusCode::from_u16(status).expect("a status");
            let reply = json!({"message-out": "thanks"}).to_string();
            (status, [("content-type", "application/json")], reply)
        }
        let app = Router::new()
            .route("/hook", axum::routing::post(hook))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        url
    }
}

/// A loopback URL where nothing listens.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    drop(listener);
    url
}
