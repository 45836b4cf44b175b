//! What an outsider can send is bounded: refusals, kept requests, and the
//! time a connection may take to send its request head and its body.

use crate::{call, post, push, within};
use pickyassist_mock::{MockServer, TEST_TOKEN};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn a_push_with_thousands_of_broken_items_gets_a_short_refusal() {
    let mock = MockServer::start().await.expect("mock");
    let items = vec![json!({"number": "+1"}); 20_000];
    let (status, text) = post(&mock, "/push", &push(json!(items))).await;
    assert_eq!(status, 200);
    assert!(text.len() < 4096, "{} bytes", text.len());
    let answer: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(answer["status"], 406);
    let message = answer["message"].as_str().expect("a message");
    assert!(
        message.starts_with("Invalid Mobile Number: /data/0/number: "),
        "{message}"
    );
    assert!(
        message.ends_with("(the first 5 of 20000 errors)"),
        "{message}"
    );
}

#[tokio::test]
async fn a_push_carrying_a_media_file_is_read_and_a_larger_body_is_413() {
    // 3 MB of base64, more than axum's 2 MB default: read and answered.
    let mock = MockServer::start().await.expect("mock");
    let mut body = push(json!([{"number": "919000000001"}]));
    body["globalmedia_code"] = "QUJD".repeat(750_000).into();
    let (status, text) = post(&mock, "/push", &body).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("\"status\":100"), "{text}");
    // Beyond the mock's limit: 413, naming it, nothing recorded.
    body["globalmedia_code"] = "A".repeat(pickyassist_mock::MAX_REQUEST_BYTES + 1).into();
    let (status, text) = post(&mock, "/push", &body).await;
    assert_eq!(status, 413, "{text}");
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test]
async fn only_the_most_recent_requests_are_kept() {
    let mock = MockServer::builder()
        .history(3)
        .start()
        .await
        .expect("mock");
    for i in 1..=5 {
        let number = format!("91900000000{i}");
        call(&mock, "/push", &push(json!([{ "number": number }]))).await;
    }
    assert_eq!(mock.request_count(), 5, "every request is counted");
    let kept: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| r.payload.as_ref().expect("JSON")["data"][0]["number"].to_string())
        .collect();
    assert_eq!(
        kept,
        ["\"919000000003\"", "\"919000000004\"", "\"919000000005\""]
    );
}

#[tokio::test]
async fn a_connection_that_sends_no_request_head_is_closed() {
    let mock = MockServer::builder()
        .header_timeout(Duration::from_millis(200))
        .start()
        .await
        .expect("mock");
    let mut silent = tokio::net::TcpStream::connect(mock.addr())
        .await
        .expect("connects");
    let mut half = tokio::net::TcpStream::connect(mock.addr())
        .await
        .expect("connects");
    half.write_all(b"POST /push HTTP/1.1\r\nhost: x\r\n")
        .await
        .expect("writes");
    for stream in [&mut silent, &mut half] {
        // Without a timeout this read waits forever (and `within` fails).
        let mut rest = Vec::new();
        let read = within(stream.read_to_end(&mut rest)).await;
        assert!(
            read.is_err() || !String::from_utf8_lossy(&rest).contains("200 OK"),
            "closed, not answered: {rest:?}"
        );
    }
    // The mock still serves whoever does send a request.
    let ok = call(
        &mock,
        "/push",
        &json!({"token": TEST_TOKEN, "application": 1, "globalmessage": "Hi", "data": [{"number": "919000000001"}]}),
    )
    .await;
    assert_eq!(ok["status"], 100);
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_answered_408_and_closed() {
    let mock = MockServer::builder()
        .body_timeout(Duration::from_millis(300))
        .start()
        .await
        .expect("mock");
    let body = serde_json::to_vec(&push(json!([{"number": "919000000001"}]))).expect("JSON");
    let head = format!(
        "POST /push HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    // Half the body, then nothing: without the deadline this read waits
    // until the client gives up (and `within` fails).
    for path in ["/push", "/mock/incoming"] {
        let mut stalled = tokio::net::TcpStream::connect(mock.addr())
            .await
            .expect("connects");
        let head = head.replacen("/push", path, 1);
        stalled.write_all(head.as_bytes()).await.expect("writes");
        stalled
            .write_all(&body[..body.len() / 2])
            .await
            .expect("writes");
        let mut answer = Vec::new();
        within(stalled.read_to_end(&mut answer))
            .await
            .expect("read until the mock closed the connection");
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 408"), "{path}: {answer}");
        assert!(
            answer.contains("did not arrive whole within 300ms"),
            "{path}: {answer}"
        );
    }
    assert_eq!(mock.request_count(), 0, "nothing recorded");

    // A body sent in pieces that arrives whole in time is read as usual.
    let mut slow = tokio::net::TcpStream::connect(mock.addr())
        .await
        .expect("connects");
    slow.write_all(head.as_bytes()).await.expect("writes");
    for piece in body.chunks(body.len() / 3 + 1) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        slow.write_all(piece).await.expect("writes");
    }
    let mut answer = vec![0; 4096];
    let n = within(slow.read(&mut answer)).await.expect("reads");
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"status\":100"), "{answer}");
}

#[tokio::test]
async fn a_body_declared_over_the_limit_is_413_at_once() {
    // A deadline far longer than the test's ceiling: only an answer that
    // does not wait for the body passes.
    let mock = MockServer::builder()
        .body_timeout(Duration::from_secs(600))
        .start()
        .await
        .expect("mock");
    for path in ["/push", "/mock/incoming", "/no-such-route"] {
        let mut client = tokio::net::TcpStream::connect(mock.addr())
            .await
            .expect("connects");
        let head = format!(
            "POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 99999999999\r\n\r\n{{\"to"
        );
        client.write_all(head.as_bytes()).await.expect("writes");
        let mut answer = vec![0; 4096];
        let n = within(client.read(&mut answer)).await.expect("reads");
        let answer = String::from_utf8_lossy(&answer[..n]);
        assert!(answer.starts_with("HTTP/1.1 413"), "{path}: {answer}");
        assert!(answer.contains("over the mock's limit"), "{path}: {answer}");
    }
    assert_eq!(mock.request_count(), 0, "nothing recorded");
}

#[tokio::test]
async fn a_dropped_request_says_when_to_come_back() {
    let mock = MockServer::builder()
        .enforce_rate_limits()
        .start()
        .await
        .expect("mock");
    let http = reqwest::Client::new();
    let url = format!("{}/device-status", mock.url());
    let body = json!({"token": TEST_TOKEN});
    // The documented limit is 3 a minute.
    let mut answers = Vec::new();
    for _ in 0..4 {
        let answer = within(http.post(&url).json(&body).send())
            .await
            .expect("answered");
        let retry_after = answer
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        answers.push((answer.status().as_u16(), retry_after));
    }
    assert!(
        answers[..3].iter().all(|a| *a == (200, None)),
        "{answers:?}"
    );
    let (status, retry_after) = answers[3];
    assert_eq!(status, 429, "{answers:?}");
    assert!(
        retry_after.is_some_and(|s| (1..=60).contains(&s)),
        "{answers:?}"
    );
}
