//! `pickyassist send --redis`: separate invocations, as a shell loop starts
//! them, share one rate limit. Starts its own `redis-server` on a free
//! loopback port; skips with a note when none is installed, unless
//! `PICKYASSIST_REQUIRE_REDIS` is set.

use pickyassist_mock::{MockServer, TEST_TOKEN};
use pickyassist_test_redis::RedisServer;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_pickyassist");
const PUSH: &str =
    r#"{"token":"x","application":1,"globalmessage":"Hi","data":[{"number":"919000000001"}]}"#;

#[tokio::test(flavor = "multi_thread")]
async fn parallel_sends_with_redis_share_one_limit() {
    let Some(server) = RedisServer::start("parallel_sends_with_redis_share_one_limit") else {
        return;
    };
    let mock = MockServer::start().await.expect("mock");
    let url = server.url();
    let start = Instant::now();
    // Four invocations at once, as `for f in …; do pickyassist send … & done` starts them.
    let sends: Vec<_> = (0..4)
        .map(|_| {
            let (base, url) = (mock.url(), url.clone());
            tokio::task::spawn_blocking(move || {
                let mut child = Command::new(BIN)
                    .args(["send", "push", "-", "--base-url", &base])
                    .args(["--redis", &url, "--rate-limit", "120"])
                    .env("PICKYASSIST_TOKEN", TEST_TOKEN)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawns");
                child
                    .stdin
                    .take()
                    .expect("stdin")
                    .write_all(PUSH.as_bytes())
                    .expect("writes");
                let out = child.wait_with_output().expect("finishes");
                (out, start.elapsed())
            })
        })
        .collect();
    let mut finished = Vec::new();
    for send in sends {
        let (out, at) = send.await.expect("task");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        finished.push(at);
    }
    finished.sort();
    // 120 a minute is one every 500 ms: four sends need three gaps, however
    // the processes are scheduled (each alone would send at once).
    let span = finished[3] - finished[0];
    assert!(
        span >= Duration::from_millis(1400),
        "4 sends within {span:?}"
    );
    assert_eq!(mock.request_count(), 4);
}
