//! Deterministic benchmark inputs, shared by the benchmarks in `benches/`
//! (the reference validator is the test crate's, `pickyassist_tests::reference`). Run them with `scripts/bench.sh` (see BENCHMARKS.md).

use serde_json::{json, Value};

/// Sizes (number of recipients) every request benchmark runs at.
pub const SIZES: [usize; 3] = [1, 100, 10_000];

/// A valid push request with `items` recipients, each with a personal message
/// and a distinct number; the same bytes for every contender.
pub fn push_request(items: usize) -> Vec<u8> {
    let data: Vec<Value> = (0..items)
        .map(|i| {
            json!({
                "number": format!("9190{:08}", i),
                "message": format!("Hi #{i}, your order 👋 has shipped; code {}", 10_000 + i),
            })
        })
        .collect();
    encode(&json!({
        "token": "bench-token-0123456789",
        "application": "1",
        "priority": 1,
        "globalmessage": "Your order has shipped",
        "data": data,
    }))
}

/// An invalid push request with `items` recipients and several errors per
/// recipient: a bad number, an unknown key, an empty per-recipient language
/// without a template, plus a misspelt top-level key.
pub fn push_request_invalid(items: usize) -> Vec<u8> {
    let data: Vec<Value> = (0..items)
        .map(|i| {
            json!({
                "number": format!("+91 90{:08}", i),
                "mesage": "typo",
                "language": "",
            })
        })
        .collect();
    misspelt_push(data)
}

/// A push request with `items` recipients of which one in a hundred has a
/// broken number, plus a misspelt top-level key: `items / 100 + 1` broken
/// places in an otherwise valid body (the shape of a real mistake).
pub fn push_request_sparse_invalid(items: usize) -> Vec<u8> {
    let data: Vec<Value> = (0..items)
        .map(|i| {
            let number = if i % 100 == 50 {
                format!("+91 90{:08}", i)
            } else {
                format!("9190{:08}", i)
            };
            json!({
                "number": number,
                "message": format!("Hi #{i}, your order 👋 has shipped; code {}", 10_000 + i),
            })
        })
        .collect();
    misspelt_push(data)
}

/// A push of `data` whose `priority` key has a trailing space.
fn misspelt_push(data: Vec<Value>) -> Vec<u8> {
    encode(&json!({
        "token": "bench-token-0123456789",
        "application": "1",
        "priority ": "1",
        "globalmessage": "Your order has shipped",
        "data": data,
    }))
}

/// An accepted push's answer with `items` receipts.
pub fn push_response(items: usize) -> Vec<u8> {
    let data: Vec<Value> = (0..items)
        .map(|i| {
            json!({
                "msg_id": (9_844_217 + i).to_string(),
                "number": format!("9190{:08}", i),
                "credit": "0.005",
            })
        })
        .collect();
    encode(&json!({ "status": 100, "push_id": "7478630", "message": "Success", "data": data }))
}

/// An incoming message as the global webhook posts it (the docs' text-and-media sample, plus a contact).
pub fn webhook_message() -> Vec<u8> {
    encode(&json!({
        "number": "963587413",
        "message-in": "Where+is+my+order%3F",
        "message_in_raw": "Where is my order?",
        "type": "2",
        "application": "1",
        "unique-id": "5642",
        "project-id": "27",
        "media-url": "https://upload.wikimedia.org/wikipedia/commons/5/57/PT05_ubt.jpeg",
        "custom-variable": "test",
        "contact": [{"first_name": "Solo", "city": null, "phone": "+91 99999 00111"}],
    }))
}

/// A delivery-report event with `items` reports (the newer docs sample's
/// shape), its keys in the docs' order: `project_id`, `event_id`, `data`.
pub fn webhook_event(items: usize) -> Vec<u8> {
    let data = encode(&delivery_reports(items));
    let mut body = br#"{"project_id":"3526","event_id":1,"data":"#.to_vec();
    body.extend_from_slice(&data);
    body.push(b'}');
    body
}

/// [`webhook_event`] with its keys sorted, so that the tag comes after the
/// reports (what a sender that sorts keys posts).
pub fn webhook_event_sorted(items: usize) -> Vec<u8> {
    let data = delivery_reports(items);
    encode(&json!({ "project_id": "3526", "event_id": 1, "data": data }))
}

fn delivery_reports(items: usize) -> Value {
    let data: Vec<Value> = (0..items)
        .map(|i| {
            json!({
                "push_id": "595536",
                "number": format!("9190{:08}", i),
                "msg_id": (1_758_142 + i).to_string(),
                "status": "1",
                "reference_number": "Y12333",
                "message": "We have delivered your order 123213",
                "message_type": "image",
                "channel_id": "122",
                "agent_id": "7311",
                "template_id": "YQ11811243",
                "source": "Teambox",
            })
        })
        .collect();
    Value::Array(data)
}

fn encode(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("a JSON value encodes")
}
