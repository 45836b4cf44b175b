//! An accepted push is never an error, whatever form the server's values take.

use crate::{builder, hello, raw, within};
use pickyassist::{model::ApiStatus, Error};
use pickyassist_mock::MockServer;

#[tokio::test]
async fn status_100_is_ok_with_odd_ids_nested_keys_and_swapped_types() {
    let bodies = [
        // A public client's test double.
        r#"{"status":100,"push_id":"push-1","message":"Success","data":[{"msg_id":"msg-1"}]}"#,
        // Numbers as strings and strings as numbers.
        r#"{"status":"100","push_id":7478630,"message":"Success","data":[{"msg_id":9844217,"number":919000000001,"credit":0.005}]}"#,
        // Extra nested keys, values of unexpected types, null.
        r#"{"status":100,"push_id":null,"message":["Success"],"queue":{"eta":{"s":3}},"data":[{"msg_id":{"id":1},"credit":"free","status":"queued"},7]}"#,
        // No data at all.
        r#"{"status":100}"#,
    ];
    let mock = MockServer::start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    for body in bodies {
        mock.enqueue(raw(body));
        let answer = within(client.push(&hello(&client)))
            .await
            .unwrap_or_else(|e| panic!("{body}: an accepted push came back as {e}"));
        assert_eq!(answer.status, ApiStatus::Success, "{body}");
        // Every key and value is kept (numbers and digit strings may change
        // form: codes encode as numbers, amounts and numbers as text).
        let sent: serde_json::Value = serde_json::from_str(body).expect("JSON");
        let again = serde_json::to_value(&answer).expect("encodes");
        assert_eq!(leaves(&again), leaves(&sent), "{body}");
    }
}

/// Every scalar with its pointer, numbers and strings compared as text.
fn leaves(v: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, at: String, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(o) => o
                .iter()
                .for_each(|(k, x)| walk(x, format!("{at}/{k}"), out)),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, format!("{at}/{i}"), out)),
            serde_json::Value::String(s) => out.push((at, s.clone())),
            other => out.push((at, other.to_string())),
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out.sort();
    out
}

#[tokio::test]
async fn only_a_body_that_is_not_an_answer_is_a_decode_error() {
    let mock = MockServer::start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    for body in [
        r#"{"message":"Success"}"#,
        "[100]",
        r#"{"status":"accepted"}"#,
    ] {
        mock.enqueue(raw(body));
        match within(client.push(&hello(&client))).await {
            Err(Error::Decode { .. }) => {}
            other => panic!("{body}: got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_json_call_reads_an_answer_as_the_typed_call_does() {
    let mock = MockServer::start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    let document = serde_json::to_vec(&hello(&client)).expect("encodes");
    let endpoint = &pickyassist::model::PUSH;
    for body in [
        // A proxy's 200 without a status.
        r#"{"error":"upstream"}"#,
        r#"{"message":"Success"}"#,
        // serde_json's reserved key, which its own `Value` would replace by
        // the text inside it (`{"status":100}`): a key like any other here.
        r#"{"$serde_json::private::RawValue":"{\"status\":100}"}"#,
    ] {
        mock.enqueue(raw(body));
        match within(client.call_json(endpoint, &document)).await {
            Err(e @ Error::Decode { .. }) => {
                assert!(e.may_have_been_sent(), "{body}: the outcome is unknown")
            }
            other => panic!("{body}: got {other:?}"),
        }
        mock.enqueue(raw(body));
        match within(client.push(&hello(&client))).await {
            Err(Error::Decode { .. }) => {}
            other => panic!("{body}: the typed call got {other:?}"),
        }
    }
    mock.enqueue(raw(
        r#"{"status":"100","push_id":7478630,"queue":{"eta":1}}"#,
    ));
    let answer = within(client.call_json(endpoint, &document))
        .await
        .expect("an accepted push");
    assert_eq!(answer["queue"]["eta"], 1, "kept as sent");
}

#[tokio::test]
async fn an_answer_after_a_byte_order_mark_is_read() {
    // A PHP script saved with a BOM writes it before any output.
    let mock = MockServer::start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    mock.enqueue(raw("\u{feff}{\"status\":100,\"push_id\":\"7478630\"}"));
    let answer = within(client.push(&hello(&client)))
        .await
        .expect("accepted");
    assert_eq!(answer.status, ApiStatus::Success);
    mock.enqueue(raw("\u{feff}{\"status\":100,\"push_id\":\"7478630\"}"));
    let document = serde_json::to_vec(&hello(&client)).expect("encodes");
    let json = within(client.call_json(&pickyassist::model::PUSH, &document))
        .await
        .expect("accepted");
    assert_eq!(json["push_id"], "7478630");
}
