//! What a client author tests against: answers and callbacks that agree with
//! what was sent, refusals that say why, and a lenient mode.

use crate::{call, eventually, push, within, Receiver};
use pickyassist_mock::{Delivery, MockServer, TEST_TOKEN};
use serde_json::{json, Value};

fn two_recipients() -> Value {
    json!([
        {"number": "919000000001", "reference_number": "order-1182"},
        {"number": "919000000002", "message": "Your parcel is at the door"}
    ])
}

#[tokio::test]
async fn a_delivery_report_names_the_recipients_ids_and_references_of_its_push() {
    let mock = MockServer::builder()
        .deliveries([
            Delivery::submitted(),
            Delivery::failed("131026", "Not on WhatsApp"),
        ])
        .start()
        .await
        .expect("mock");
    let accepted = call(&mock, "/push", &push(two_recipients())).await;
    let report = call(
        &mock,
        "/delivery-report",
        &json!({"token": TEST_TOKEN, "push_id": accepted["push_id"]}),
    )
    .await;
    // The same id; the report writes it as a number, as the docs' sample does.
    let id = accepted["push_id"]
        .as_str()
        .expect("a string in the push answer");
    assert_eq!(report["push_id"].to_string(), id);
    assert_eq!(report["application"], "10");
    assert_eq!(report["message_type"], "3", "text");
    let items = report["data"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    for (item, receipt) in items
        .iter()
        .zip(accepted["data"].as_array().expect("receipts"))
    {
        assert_eq!(item["number"], receipt["number"]);
        assert_eq!(item["msg_id"], receipt["msg_id"]);
        // The last state the event webhook would announce.
        assert_eq!(
            (item["status"].as_str(), item["error_code"].as_str()),
            (Some("2"), Some("131026"))
        );
    }
    assert_eq!(items[0]["reference_number"], "order-1182");
    assert_eq!(items[1].get("reference_number"), None);
    // A push id the mock never gave out still gets the docs sample.
    let unknown = call(
        &mock,
        "/delivery-report",
        &json!({"token": TEST_TOKEN, "push_id": 590915}),
    )
    .await;
    assert_eq!(unknown["push_id"], 590915);
    assert_eq!(unknown["data"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn delivery_report_events_carry_what_was_sent() {
    let receiver = Receiver::default();
    let mock = MockServer::builder()
        .event_webhook(receiver.start().await)
        .deliveries([Delivery::delivered()])
        .start()
        .await
        .expect("mock");
    let accepted = call(&mock, "/push", &push(two_recipients())).await;
    let mut media = push(json!([{"number": "919000000003"}]));
    media["globalmedia"] = json!("https://cdn.example/photos/parcel.jpg?size=large");
    let with_media = call(&mock, "/push", &media).await;
    let template = json!({"token": TEST_TOKEN, "application": 8, "template_id": "YG7203", "language": "en",
        "data": [{"number": "919000000004", "template_message": ["Anita"]}]});
    let with_template = call(&mock, "/push", &template).await;
    assert_eq!(with_template["status"], 100, "{with_template}");
    eventually(|| receiver.bodies().len() == 3).await;
    // Two pushes, two calls, in either order.
    let events = receiver.bodies();
    let of = |push_id: &Value| {
        events
            .iter()
            .find(|e| &e["data"][0]["push_id"] == push_id)
            .map(|e| e["data"].clone())
            .expect("an event for the push")
    };
    let text = &of(&accepted["push_id"]);
    assert_eq!(text[0]["push_id"], accepted["push_id"]);
    assert_eq!(text[0]["msg_id"], accepted["data"][0]["msg_id"]);
    assert_eq!(text[0]["reference_number"], "order-1182");
    assert_eq!(
        text[0]["message"], "Your order has shipped",
        "the global text"
    );
    assert_eq!(
        text[1]["message"], "Your parcel is at the door",
        "the recipient's own"
    );
    assert_eq!(text[1].get("reference_number"), None);
    assert_eq!(text[0]["message_type"], "text");
    assert_eq!(text[0]["channel_id"], "10");
    assert_eq!(text[0].get("template_id"), None);
    assert_eq!(of(&with_template["push_id"])[0]["template_id"], "YG7203");
    let image = &of(&with_media["push_id"])[0];
    assert_eq!(image["message_type"], "image");
    assert_eq!(
        image["media"],
        "https://cdn.example/photos/parcel.jpg?size=large"
    );
}

#[tokio::test]
async fn a_token_only_device_status_is_a_phone_automation_request() {
    let mock = MockServer::start().await.expect("mock");
    let phone = call(&mock, "/device-status", &json!({"token": TEST_TOKEN})).await;
    assert_eq!(phone, json!({"status": 100, "message": "Success"}));
    let server = call(
        &mock,
        "/device-status",
        &json!({"token": TEST_TOKEN, "application": 10}),
    )
    .await;
    assert_eq!(server["status"], "CONNECTED");
}

#[tokio::test]
async fn a_refusal_names_the_first_broken_rule_in_the_documented_shape() {
    let mock = MockServer::start().await.expect("mock");
    let bad_number = call(
        &mock,
        "/push",
        &push(json!([{"number": "+91 98460 42290"}])),
    )
    .await;
    assert_eq!(bad_number["status"], 406);
    assert_eq!(
        bad_number["message"],
        "Invalid Mobile Number: /data/0/number: a phone number holds digits only (no +, spaces or dashes); found '+' [pattern, not]"
    );
    let mut typo = push(json!([{"number": "919000000001"}]));
    typo["priority "] = json!(1);
    let refused = call(&mock, "/push", &typo).await;
    assert_eq!(refused["status"], 410);
    assert_eq!(
        refused["message"],
        "Invalid Request: /priority : unknown variable \"priority \" in PushRequest; did you mean \"priority\"? [additionalProperties]"
    );
    let keys: Vec<&String> = refused.as_object().expect("an object").keys().collect();
    assert_eq!(keys.len(), 2, "status and message only: {keys:?}");
}

#[tokio::test]
async fn lenient_accepts_undocumented_keys_and_nothing_else() {
    let mock = MockServer::builder().lenient().start().await.expect("mock");
    let mut extra = push(json!([{"number": "919000000001", "tag": "vip"}]));
    extra["callback_id"] = json!("abc");
    assert_eq!(call(&mock, "/push", &extra).await["status"], 100);
    extra["data"][0]["number"] = json!("+91 98460");
    assert_eq!(
        call(&mock, "/push", &extra).await["status"],
        406,
        "other rules hold"
    );
    let strict = MockServer::start().await.expect("mock");
    extra["data"][0]["number"] = json!("919000000001");
    assert_eq!(call(&strict, "/push", &extra).await["status"], 410);
}

#[tokio::test]
async fn a_json_body_labelled_as_a_form_is_read_as_json() {
    // `curl -d @push.json URL` sends application/x-www-form-urlencoded.
    let mock = MockServer::start().await.expect("mock");
    let body = push(json!([{"number": "919000000001"}])).to_string();
    let answer = within(
        reqwest::Client::new()
            .post(format!("{}/push", mock.url()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send(),
    )
    .await
    .expect("sent");
    let text = answer.text().await.expect("a body");
    assert!(text.contains("\"status\":100"), "{text}");
    // A form whose `data` is missing and whose body is no JSON stays refused.
    let answer = within(
        reqwest::Client::new()
            .post(format!("{}/push", mock.url()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("token=x&application=1")
            .send(),
    )
    .await
    .expect("sent");
    let text = answer.text().await.expect("a body");
    assert!(text.contains("\"status\":410"), "{text}");
}
