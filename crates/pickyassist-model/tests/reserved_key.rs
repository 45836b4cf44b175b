//! serde_json's reserved key `$serde_json::private::RawValue` is a key like
//! any other: its own `Value` (with the `raw_value` feature this crate turns
//! on) would read the JSON text inside it instead, so that a validator judged
//! a body that was never sent, and a value kept as sent was not.

use pickyassist_model::{validate_json, PushResponse, WebhookEvent, WebhookMessage};

const KEY: &str = "$serde_json::private::RawValue";

fn keywords<T>(body: &str) -> Vec<(String, &'static str)>
where
    T: pickyassist_model::__private::Model + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let errors = validate_json::<T>(body.as_bytes()).expect_err(body);
    errors
        .iter()
        .map(|e| (e.pointer.clone(), e.keyword))
        .collect()
}

#[test]
fn a_body_of_the_reserved_key_is_judged_as_sent() {
    let hidden = format!(r#"{{"{KEY}":"{{\"status\":100}}"}}"#);
    assert!(keywords::<PushResponse>(&hidden).contains(&("/status".into(), "required")));

    let hidden = format!(r#"{{"status":100,"data":{{"{KEY}":"[]"}}}}"#);
    assert!(keywords::<PushResponse>(&hidden).contains(&("/data".into(), "type")));

    let hidden = format!(r#"{{"{KEY}":"{{\"event_id\":1}}"}}"#);
    assert!(!keywords::<WebhookEvent>(&hidden).is_empty());
}

#[test]
fn a_value_of_the_reserved_key_is_kept_as_sent() {
    let body =
        format!(r#"{{"number":"919000000001","x":{{"{KEY}":"1"}},"city":[{{"{KEY}":"2"}}]}}"#);
    let kept = serde_json::json!({ KEY: "1" });
    let checked = validate_json::<WebhookMessage>(body.as_bytes()).expect("valid");
    assert_eq!(checked.extra["x"], kept);
    let lenient: WebhookMessage = serde_json::from_str(&body).expect("decodes");
    assert_eq!(lenient.extra["x"], kept);
    assert_eq!(lenient.extra["city"], serde_json::json!([{ KEY: "2" }]));
}
