//! The documented answers: what Picky Assist says to a push it accepts or refuses.

use bytes::Bytes;
use pickyassist_model::{validate_json, ApiStatus, PushRequest, ValidationErrors};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};

/// Which tokens the mock accepts.
#[derive(Debug, Clone)]
pub(crate) enum Tokens {
    Any,
    Only(Vec<String>),
}

impl Tokens {
    fn accepts(&self, token: &str) -> bool {
        match self {
            Self::Any => !token.is_empty(),
            Self::Only(list) => list.iter().any(|t| t == token),
        }
    }
}

/// Ids handed out to accepted pushes, starting at the docs' sample values.
#[derive(Debug)]
pub(crate) struct Ids {
    push: AtomicU64,
    message: AtomicU64,
}

impl Default for Ids {
    fn default() -> Self {
        Self {
            push: AtomicU64::new(7_478_630),
            message: AtomicU64::new(9_844_217),
        }
    }
}

/// The body Picky Assist would send back for this payload.
pub(crate) fn answer(
    document: &Result<Bytes, String>,
    payload: &Result<Value, String>,
    tokens: &Tokens,
    ids: &Ids,
) -> Value {
    let (Ok(document), Ok(value)) = (document, payload) else {
        return refusal(ApiStatus::InvalidRequest, "Invalid Request");
    };
    let token = value.get("token").and_then(Value::as_str).unwrap_or("");
    if !tokens.accepts(token) {
        return refusal(ApiStatus::AuthenticationFailed, "Authentication Failed");
    }
    match validate_json::<PushRequest>(document) {
        Ok(request) => accepted(&request, ids),
        Err(errors) => {
            let (status, message) = classify(&errors);
            refusal(status, &message)
        }
    }
}

/// Maps schema violations onto the status codes the docs list, most specific first.
fn classify(errors: &ValidationErrors) -> (ApiStatus, String) {
    let at = |pred: &dyn Fn(&str) -> bool| errors.iter().any(|e| pred(&e.pointer));
    if at(&|p| p == "/data") {
        return (ApiStatus::EmptyNumberList, "Empty Number List".into());
    }
    if at(&|p| p.ends_with("/number")) {
        return (
            ApiStatus::InvalidMobileNumber,
            "Invalid Mobile Number".into(),
        );
    }
    if at(&|p| p == "/globalmessage" || p.ends_with("/message")) {
        return (ApiStatus::EmptyMessage, "Message cannot be empty".into());
    }
    // Not a documented case: say what is wrong, as a helpful server would.
    (
        ApiStatus::InvalidRequest,
        format!("Invalid Request: {errors}"),
    )
}

fn refusal(status: ApiStatus, message: &str) -> Value {
    json!({ "status": status.code(), "message": message })
}

fn accepted(request: &PushRequest, ids: &Ids) -> Value {
    let push_id = ids.push.fetch_add(1, Ordering::Relaxed);
    let receipts: Vec<Value> = request
        .data
        .iter()
        .flatten()
        .map(|item| {
            let number = item
                .number
                .as_ref()
                .map(|n| n.as_str().to_owned())
                .or_else(|| item.messenger_id.as_ref().map(|id| id.as_str().to_owned()))
                .unwrap_or_default();
            json!({
                "msg_id": ids.message.fetch_add(1, Ordering::Relaxed).to_string(),
                "number": number,
                "credit": "0.005",
            })
        })
        .collect();
    let mut body = json!({
        "status": ApiStatus::Success.code(),
        "push_id": push_id.to_string(),
        "message": "Success",
    });
    if !receipts.is_empty() {
        body["data"] = Value::Array(receipts);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of(payload: Value) -> u64 {
        answer(
            &Ok(Bytes::from(payload.to_string())),
            &Ok(payload),
            &Tokens::Only(vec!["tok".into()]),
            &Ids::default(),
        )["status"]
            .as_u64()
            .expect("status is a number")
    }

    #[test]
    fn documented_answers() {
        let ok = json!({"token":"tok","application":1,"globalmessage":"Hi","data":[{"number":"919000000001"}]});
        assert_eq!(status_of(ok.clone()), 100);
        let mut bad_token = ok.clone();
        bad_token["token"] = json!("nope");
        assert_eq!(status_of(bad_token), 401);
        assert_eq!(
            status_of(json!({"token":"tok","application":1,"globalmessage":"Hi"})),
            402
        );
        let mut bad_number = ok.clone();
        bad_number["data"][0]["number"] = json!("+55 12345 6789");
        assert_eq!(status_of(bad_number), 406);
        let mut empty = ok.clone();
        empty["globalmessage"] = json!("");
        assert_eq!(status_of(empty), 407);
        let mut typo = ok;
        typo["priority "] = json!(1);
        assert_eq!(status_of(typo), 410);
        let unreadable = answer(
            &Err("x".into()),
            &Err("x".into()),
            &Tokens::Any,
            &Ids::default(),
        );
        assert_eq!(unreadable["status"], 410);
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        let twice: &[u8] = br#"{"token":"tok","application":1,"token":"tok","globalmessage":"Hi","data":[{"number":"919000000001"}]}"#;
        let body = answer(
            &Ok(Bytes::from_static(twice)),
            &serde_json::from_slice(twice).map_err(|e| e.to_string()),
            &Tokens::Only(vec!["tok".into()]),
            &Ids::default(),
        );
        assert_eq!(body["status"], 410);
        let message = body["message"].as_str().expect("message");
        assert!(
            message.contains("/token") && message.contains("more than once"),
            "{message}"
        );
    }

    #[test]
    fn accepted_push_lists_one_receipt_per_recipient() {
        let payload = json!({"token":"t","application":1,"globalmessage":"Hi",
                             "data":[{"number":"919000000001"},{"number":919000000002u64}]});
        let body = answer(
            &Ok(Bytes::from(payload.to_string())),
            &Ok(payload),
            &Tokens::Any,
            &Ids::default(),
        );
        assert_eq!(body["push_id"], "7478630");
        assert_eq!(body["data"][0]["msg_id"], "9844217");
        assert_eq!(body["data"][1]["msg_id"], "9844218");
        assert_eq!(body["data"][1]["number"], "919000000002");
        assert_eq!(body["data"][0]["credit"], "0.005");
    }
}
