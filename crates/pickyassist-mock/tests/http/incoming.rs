//! `POST /mock/incoming` answers with the first call at once; retries follow
//! in the background on the configured schedule.

use crate::{call, closed_port_url, eventually, Receiver};
use pickyassist_mock::{Hook, MockServer};
use serde_json::json;
use std::time::Duration;

fn message() -> serde_json::Value {
    json!({"number": "919000000001", "message-in": "hi", "unique-id": "77"})
}

#[tokio::test]
async fn answers_the_first_try_at_once_and_retries_in_the_background() {
    let receiver = Receiver::failing_first(&[503, 503]);
    let mock = MockServer::builder()
        .webhook(receiver.start().await)
        .webhook_retries([Duration::from_millis(20); 4])
        .start()
        .await
        .expect("mock");
    let answer = call(&mock, "/mock/incoming", &message()).await;
    assert_eq!(answer["attempt"], 1);
    assert_eq!(answer["status"], 503);
    assert_eq!(answer["next_retry_in_seconds"], 0.02);
    // The retries run after the answer: the third try gets the 200.
    eventually(|| mock.webhook_calls().iter().any(|c| c.status == Some(200))).await;
    let tries: Vec<(Hook, u32, Option<u16>)> = mock
        .webhook_calls()
        .iter()
        .map(|c| (c.hook, c.attempt, c.status))
        .collect();
    assert_eq!(
        tries,
        [
            (Hook::Message, 1, Some(503)),
            (Hook::Message, 2, Some(503)),
            (Hook::Message, 3, Some(200))
        ]
    );
    assert_eq!(receiver.bodies().len(), 3);
}

#[tokio::test]
async fn an_unreachable_webhook_does_not_hold_the_answer_for_the_documented_hours() {
    // The documented schedule (1 min, 15 min, 2 h, 6 h) and nobody listening:
    // the answer still comes now (`call` gives up after 20 s).
    let mock = MockServer::builder()
        .webhook(closed_port_url())
        .start()
        .await
        .expect("mock");
    let answer = call(&mock, "/mock/incoming", &message()).await;
    assert_eq!(answer["attempt"], 1);
    assert_eq!(answer["status"], serde_json::Value::Null, "not reached");
    assert_eq!(answer["next_retry_in_seconds"], 60.0);
}

#[tokio::test]
async fn a_200_answers_with_the_reply_and_no_schedule_means_one_try() {
    let receiver = Receiver::default();
    let mock = MockServer::builder()
        .webhook(receiver.start().await)
        .start()
        .await
        .expect("mock");
    let answer = call(&mock, "/mock/incoming", &message()).await;
    assert_eq!(answer["status"], 200);
    assert_eq!(answer["answer"], json!({"message-out": "thanks"}));
    assert_eq!(answer["next_retry_in_seconds"], serde_json::Value::Null);
    assert_eq!(receiver.bodies(), [message()]);

    let refusing = Receiver::failing_first(&[401]);
    let once = MockServer::builder()
        .webhook(refusing.start().await)
        .webhook_retries([])
        .start()
        .await
        .expect("mock");
    let answer = call(&once, "/mock/incoming", &message()).await;
    assert_eq!(answer["status"], 401);
    assert_eq!(answer["next_retry_in_seconds"], serde_json::Value::Null);
}
