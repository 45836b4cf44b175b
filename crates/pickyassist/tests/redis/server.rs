//! A `redis-server` of the test's own (the workspace's shared launcher: a
//! free loopback port, no persistence, killed on drop); and a recording
//! Picky Assist stand-in that notes when each push arrives.

use axum::{extract::State, routing::post, Router};
use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

pub use pickyassist_test_redis::RedisServer;

/// When each push arrived, on the test's clock.
#[derive(Clone, Default)]
pub struct Arrivals(Arc<Mutex<Vec<Instant>>>);

impl Arrivals {
    /// The arrival times, sorted.
    pub fn times(&self) -> Vec<Instant> {
        let mut times = self.0.lock().expect("lock").clone();
        times.sort();
        times
    }

    /// The most arrivals in any window of `width` (closed at both ends).
    pub fn most_in_any_window(&self, width: Duration) -> usize {
        let times = self.times();
        (0..times.len())
            .map(|i| {
                times[i..]
                    .iter()
                    .take_while(|t| **t - times[i] <= width)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }
}

/// A stand-in for the Push API that accepts every push and notes when it
/// arrived; returns its base URL.
pub async fn recording_api(arrivals: Arrivals) -> String {
    async fn push(State(arrivals): State<Arrivals>) -> &'static str {
        arrivals.0.lock().expect("lock").push(Instant::now());
        r#"{"status":100,"push_id":"1","message":"Success","data":[{"number":"919000000001","msg_id":"1","status":100}]}"#
    }
    let app = Router::new()
        .route("/push", post(push))
        .with_state(arrivals);
    serve(app).await
}

/// Serves `app` on a free loopback port; returns its base URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}
