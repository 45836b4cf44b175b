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

fn encode(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).expect("a JSON value encodes")
}
