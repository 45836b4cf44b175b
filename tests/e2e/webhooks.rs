//! Webhooks end to end: the mock calls an axum server that uses the
//! extractor, the secret check and the de-duplication helper.

use crate::{builder, hello, within};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Extension, Router,
};
use pickyassist::{
    model::{validate_json, DeliveryStatus, WebhookEvent, WebhookMessage, WebhookReply},
    webhook::{Claims, Format, Reply, Webhook, WebhookSecret},
};
use pickyassist_mock::{Delivery, Hook, MockBuilder, MockServer};
use std::{
    net::SocketAddr,
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

const SECRET: &str = "hook-secret-2f9c";

/// What the test server saw.
#[derive(Default)]
struct Seen {
    events: Mutex<Vec<WebhookEvent>>,
    messages: Mutex<Vec<(WebhookMessage, Format)>>,
    processed: AtomicU32,
    /// Fail the first N calls after claiming them (to make the mock retry).
    fail_first: AtomicU32,
    claims: Option<Claims>,
    /// Hold each handler here until told to go on (a slow handler).
    gate: Option<tokio::sync::Semaphore>,
    /// Handlers that reached the gate.
    at_gate: AtomicU32,
}

async fn on_event(State(seen): State<Arc<Seen>>, hook: Webhook<WebhookEvent>) -> StatusCode {
    seen.events.lock().expect("lock").push(hook.body);
    StatusCode::OK
}

/// The pattern the README shows: claim, work, commit; a failure drops the
/// claim, which releases it for Picky Assist's retry.
async fn on_message(
    State(seen): State<Arc<Seen>>,
    hook: Webhook<WebhookMessage>,
) -> Result<Reply, Response> {
    let claim = match &seen.claims {
        Some(claims) => Some(claims.begin(hook.body.dedup_key().as_deref()).await?),
        None => None,
    };
    if let Some(gate) = &seen.gate {
        seen.at_gate.fetch_add(1, Ordering::SeqCst);
        let _pass = gate
            .acquire()
            .await
            .map_err(|_| StatusCode::GONE.into_response())?;
    }
    if seen
        .fail_first
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    seen.processed.fetch_add(1, Ordering::SeqCst);
    if let Some(claim) = claim {
        claim.commit().await;
    }
    let text = hook.body.text().unwrap_or_default().into_owned();
    seen.messages
        .lock()
        .expect("lock")
        .push((hook.body, hook.format));
    Ok(Reply::text(format!("You said: {text}")))
}

/// A mock whose event webhook is the test server's `/events`.
fn events_to(addr: SocketAddr) -> MockBuilder {
    MockServer::builder().event_webhook(format!("http://{addr}/events?key={SECRET}"))
}

/// A mock whose global webhook is the test server's `/hook`.
fn messages_to(addr: SocketAddr) -> MockBuilder {
    MockServer::builder().webhook(format!("http://{addr}/hook?key={SECRET}"))
}

/// Starts the test server; returns its address.
async fn server(seen: Arc<Seen>) -> SocketAddr {
    let app = Router::new()
        .route("/hook", post(on_message))
        .route("/events", post(on_event))
        .layer(Extension(WebhookSecret::query("key", SECRET)))
        .with_state(seen);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

async fn eventually(mut done: impl FnMut() -> bool) {
    within(async {
        while !done() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_push_comes_back_as_typed_delivery_reports_with_its_msg_ids() {
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let mock = events_to(addr)
        .deliveries([
            Delivery::submitted(),
            Delivery::delivered(),
            Delivery::read(),
            Delivery::failed("131026", "Receiver is incapable of receiving this message"),
        ])
        .start()
        .await
        .expect("mock");
    let client = builder(&mock).build().expect("client");
    let answer = within(client.push(&hello(&client)))
        .await
        .expect("accepted");
    let msg_id = answer.receipts()[0].msg_id.clone().expect("a msg_id");
    eventually(|| seen.events.lock().expect("lock").len() == 4).await;
    let events = seen.events.lock().expect("lock").clone();
    let statuses: Vec<Option<DeliveryStatus>> = events
        .iter()
        .map(|e| match e {
            WebhookEvent::DeliveryReport(report) => {
                let item = &report.data.as_ref().expect("items")[0];
                assert_eq!(item.msg_id.as_ref(), Some(&msg_id), "the push's msg_id");
                item.status
            }
            other => panic!("not a delivery report: {other:?}"),
        })
        .collect();
    use DeliveryStatus::*;
    assert_eq!(
        statuses,
        [Some(Submitted), Some(Delivered), Some(Read), Some(Failed)]
    );
    // Every call the mock made is a valid event, as the schema says.
    for call in mock.webhook_calls() {
        assert_eq!((call.hook, call.status), (Hook::Event, Some(200)));
        let bytes = serde_json::to_vec(&call.body).expect("JSON");
        validate_json::<WebhookEvent>(&bytes).expect("a valid event");
    }
}

#[tokio::test]
async fn a_push_to_a_group_gets_no_delivery_reports() {
    // The docs: "Delivery & Read reports are NOT supported for WhatsApp Groups".
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let mock = events_to(addr).start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    let to_group = client
        .push_request(pickyassist::model::Application::WhatsappPersonal)
        .group_id("A3526")
        .globalmessage("Hello, group");
    within(client.push(&to_group)).await.expect("accepted");
    within(client.push(&hello(&client)))
        .await
        .expect("accepted");
    // The second push's two reports arrive; none came for the first.
    eventually(|| seen.events.lock().expect("lock").len() == 2).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let events = seen.events.lock().expect("lock").clone();
    assert_eq!(events.len(), 2);
    for event in &events {
        let WebhookEvent::DeliveryReport(report) = event else {
            panic!("not a delivery report: {event:?}");
        };
        assert_eq!(report.data.as_ref().map(Vec::len), Some(1));
    }
}

#[tokio::test]
async fn a_number_filter_is_answered_and_reported_as_one() {
    // The docs: the answer gives each number's lookup with a status, and
    // the results come as event 2, not as delivery reports.
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let mock = events_to(addr).start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    let filter = client
        .push_request(pickyassist::model::Application::WhatsappPersonal)
        .action(pickyassist::model::PushAction::WhatsappFilter)
        .data(vec![pickyassist::model::PushMessage::new().number(
            pickyassist::model::PhoneNumber::new("919000000001").expect("valid number"),
        )]);
    let answer = within(client.push(&filter)).await.expect("accepted");
    let receipt = &answer.receipts()[0];
    assert!(receipt.status.is_some(), "a lookup status: {receipt:?}");
    assert!(
        receipt.credit.is_none(),
        "no credit for a lookup: {receipt:?}"
    );
    let msg_id = receipt.msg_id.clone().expect("a msg_id");
    eventually(|| !seen.events.lock().expect("lock").is_empty()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let events = seen.events.lock().expect("lock").clone();
    assert_eq!(events.len(), 1, "{events:?}");
    let WebhookEvent::NumberFilter(results) = &events[0] else {
        panic!("not a number-filter event: {:?}", events[0]);
    };
    let item = &results.data.as_ref().expect("results")[0];
    assert_eq!(item.msg_id.as_ref(), Some(&msg_id));
}

#[tokio::test]
async fn a_slow_answer_still_sends_its_delivery_reports() {
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let mock = events_to(addr)
        .behavior(pickyassist_mock::Behavior::Slow(Duration::from_millis(20)))
        .start()
        .await
        .expect("mock");
    let client = builder(&mock).build().expect("client");
    within(client.push(&hello(&client)))
        .await
        .expect("accepted");
    // The documented deliveries: submitted, then delivered.
    eventually(|| seen.events.lock().expect("lock").len() == 2).await;
}

#[tokio::test]
async fn an_incoming_message_gets_an_instant_reply() {
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let mock = messages_to(addr).start().await.expect("mock");
    let call = mock
        .post_incoming(serde_json::json!({
            "number": "919000000001", "message-in": "Where+is+my+order%3F",
            "type": "1", "application": "1", "unique-id": "5642"
        }))
        .await
        .expect("answered 200");
    let reply = call.answer.expect("a reply body");
    assert_eq!(
        reply,
        serde_json::json!({"message-out": "You said: Where is my order?"})
    );
    let _valid: WebhookReply = validate_json(reply.to_string().as_bytes()).expect("a valid reply");
}

#[tokio::test]
async fn a_failed_handler_lets_the_retry_through_and_a_repeat_is_processed_once() {
    let seen = Arc::new(Seen {
        fail_first: AtomicU32::new(2),
        claims: Some(Claims::in_memory(1000)),
        ..Seen::default()
    });
    let addr = server(Arc::clone(&seen)).await;
    let mock = messages_to(addr)
        .webhook_retries([Duration::from_millis(20); 4])
        .start()
        .await
        .expect("mock");
    let message =
        serde_json::json!({"number": "919000000001", "message-in": "hi", "unique-id": "77"});
    let call = within(mock.post_incoming(message.clone()))
        .await
        .expect("answered at last");
    assert_eq!(call.attempt, 3, "two failures, then a 200");
    // Picky Assist may also repeat a call that did get its 200 (a slow answer).
    let repeat = within(mock.post_incoming(message)).await.expect("answered");
    assert_eq!(repeat.answer, Some(serde_json::json!({})), "skipped: done");
    let attempts: Vec<(u32, Option<u16>)> = mock
        .webhook_calls()
        .iter()
        .map(|c| (c.attempt, c.status))
        .collect();
    assert_eq!(
        attempts,
        [
            (1, Some(500)),
            (2, Some(500)),
            (3, Some(200)),
            (1, Some(200))
        ]
    );
    assert_eq!(seen.processed.load(Ordering::SeqCst), 1, "processed once");
}

#[tokio::test]
async fn two_concurrent_deliveries_of_one_message_are_processed_once() {
    let seen = Arc::new(Seen {
        claims: Some(Claims::in_memory(1000)),
        gate: Some(tokio::sync::Semaphore::new(0)),
        ..Seen::default()
    });
    let addr = server(Arc::clone(&seen)).await;
    let url = format!("http://{addr}/hook?key={SECRET}");
    let body = r#"{"number":"919000000001","message-in":"hi","unique-id":"88"}"#;
    let post = || {
        reqwest::Client::new()
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    // The first delivery claims the key and waits at the gate.
    let first = tokio::spawn(post());
    eventually(|| seen.at_gate.load(Ordering::SeqCst) == 1).await;
    // A second delivery meanwhile is told to come back later.
    let second = within(post()).await.expect("answered");
    assert_eq!(second.status(), 503);
    assert_eq!(second.headers()["retry-after"], "60");
    seen.gate.as_ref().expect("gate").add_permits(10);
    let first = within(first).await.expect("task").expect("answered");
    assert_eq!(first.status(), 200);
    // A third, after the first committed: done, answered 200 without processing.
    let third = within(post()).await.expect("answered");
    assert_eq!(third.status(), 200);
    assert_eq!(third.text().await.expect("body"), "{}");
    assert_eq!(seen.processed.load(Ordering::SeqCst), 1, "processed once");
}

#[tokio::test]
async fn every_way_of_posting_reaches_the_handler_and_strangers_are_refused() {
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/hook?key={SECRET}");
    let json = r#"{"number":"919000000001","message-in":"a=b&c","unique-id":"1"}"#;
    let key_is_json: String = json
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let form = "application/x-www-form-urlencoded";
    let bodies = [
        ("application/json", json.to_string()),
        (form, key_is_json),
        (
            form,
            "number=919000000001&message-in=Hello+there&type=1&unique-id=2".to_string(),
        ),
    ];
    for (content_type, body) in bodies {
        let answer = http
            .post(&url)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("sent");
        assert_eq!(answer.status(), 200);
    }
    // The legacy query-string method: no body, the variables in the URL
    // beside the secret and the URL's own custom variable.
    let in_query = http
        .post(format!(
            "{url}&variable1=picky&number=919000000001&message-in=Via+query&unique-id=3"
        ))
        .send()
        .await
        .expect("sent");
    assert_eq!(in_query.status(), 200);
    let formats: Vec<Format> = seen
        .messages
        .lock()
        .expect("lock")
        .iter()
        .map(|(_, f)| *f)
        .collect();
    assert_eq!(
        formats,
        [
            Format::Json,
            Format::FormJsonKey,
            Format::StandardPost,
            Format::QueryString
        ]
    );
    {
        let messages = seen.messages.lock().expect("lock");
        let (from_query, _) = messages.last().expect("the query-string message");
        assert_eq!(
            from_query.number.as_ref().map(|n| n.as_str()),
            Some("919000000001")
        );
        assert_eq!(
            from_query.extra.get("variable1"),
            Some(&serde_json::json!("picky"))
        );
        assert!(
            from_query.extra.get("key").is_none(),
            "the secret is not a variable"
        );
    }
    // An empty body whose URL carries only the secret and custom variables.
    let nothing = http
        .post(format!("{url}&variable1=picky"))
        .send()
        .await
        .expect("sent");
    assert_eq!(nothing.status(), 400);
    let texts: Vec<String> = seen
        .messages
        .lock()
        .expect("lock")
        .iter()
        .map(|(m, _)| m.text().unwrap_or_default().into_owned())
        .collect();
    assert_eq!(texts, ["a=b&c", "a=b&c", "Hello there", "Via query"]);

    // Without the secret, and with a body that is not a webhook.
    let no_key = http
        .post(format!("http://{addr}/hook"))
        .body(json)
        .send()
        .await
        .expect("sent");
    assert_eq!(no_key.status(), 401);
    let html = http
        .post(&url)
        .header("content-type", "text/html")
        .body("<html/>")
        .send()
        .await
        .expect("sent");
    assert_eq!(html.status(), 400);
}

#[tokio::test]
async fn an_unknown_event_reaches_the_handler_whole() {
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let body = serde_json::json!({"project_id": "1", "event_id": 9, "new": {"x": [1, 2]}});
    let answer = reqwest::Client::new()
        .post(format!("http://{addr}/events?key={SECRET}"))
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.status(), 200);
    let events = seen.events.lock().expect("lock").clone();
    match events.as_slice() {
        [WebhookEvent::Unknown(raw)] => assert_eq!(raw, &body),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn receiving_logs_no_numbers_and_no_texts() {
    let capture = crate::secrets::Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let number = "919812345678";
    let text = "my-private-message-text";
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/hook?key={SECRET}");
    let json = format!(r#"{{"number":"{number}","message-in":"{text}","unique-id":"9"}}"#);
    for (content_type, body) in [
        ("application/json", json.clone()),
        (
            "application/x-www-form-urlencoded",
            format!("number={number}&message-in={text}"),
        ),
        (
            "application/json",
            format!(r#"{{"number":{number},"type":"{text}"}}"#),
        ),
        ("text/html", format!("<p>{number} {text}</p>")),
    ] {
        http.post(&url)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("sent");
    }
    let event = format!(
        r#"{{"event_id":1,"data":[{{"number":"{number}","message":"{text}","msg_id":"1","status":"1"}}]}}"#
    );
    pickyassist::webhook::parse::<WebhookEvent>(event.as_bytes(), None).expect("an event");
    let _ = pickyassist::webhook::parse::<WebhookEvent>(
        format!(r#"{{"number":"{number}"}}"#).as_bytes(),
        None,
    );
    let logged = capture.text();
    assert!(
        logged.contains("webhook read"),
        "the receiving code did log: {logged}"
    );
    assert!(!logged.contains(number), "a number was logged: {logged}");
    assert!(
        !logged.contains(text),
        "a message text was logged: {logged}"
    );
    assert_eq!(seen.messages.lock().expect("lock").len(), 3);
}

/// Serves `app` on a free port; returns its base URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_route_no_secret_reaches_refuses_every_call() {
    let ran = Arc::new(AtomicU32::new(0));
    let handler = |ran: Arc<AtomicU32>| {
        move |_: Webhook<WebhookMessage>| async move {
            ran.fetch_add(1, Ordering::SeqCst);
            Reply::none()
        }
    };
    // The layer covers the routes added before it, not /b.
    let app = Router::new()
        .route("/a", post(handler(Arc::clone(&ran))))
        .layer(Extension(WebhookSecret::query("key", SECRET)))
        .route("/b", post(handler(Arc::clone(&ran))));
    let base = serve(app).await;
    let http = reqwest::Client::new();
    let body = r#"{"number":"919000000001","message-in":"hi","unique-id":"1"}"#;
    let post_to = |path: &str| http.post(format!("{base}{path}")).body(body).send();
    let b = post_to("/b").await.expect("answered");
    assert_eq!(b.status(), 500);
    assert!(b
        .text()
        .await
        .expect("body")
        .contains("no webhook secret configured"));
    assert_eq!(post_to("/a").await.expect("answered").status(), 401);
    assert_eq!(
        post_to(&format!("/a?key={SECRET}"))
            .await
            .expect("answered")
            .status(),
        200
    );
    assert_eq!(
        ran.load(Ordering::SeqCst),
        1,
        "only the call with the key ran"
    );

    // Opting out, by name.
    let open = Router::new()
        .route("/c", post(handler(Arc::clone(&ran))))
        .layer(Extension(WebhookSecret::none_i_verify_callers_myself()));
    let base = serve(open).await;
    let c = http
        .post(format!("{base}/c"))
        .body(body)
        .send()
        .await
        .expect("answered");
    assert_eq!(c.status(), 200);
    assert_eq!(ran.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn bodies_too_large_unreadable_or_odd_get_the_right_answer() {
    let seen = Arc::new(Seen::default());
    let addr = server(Arc::clone(&seen)).await;
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/hook?key={SECRET}");
    let send = |content_type: Option<&'static str>, body: Vec<u8>| {
        let mut request = http.post(&url).body(body);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request.send()
    };
    let form = Some("application/x-www-form-urlencoded");

    // Over the limit: 413, naming the limit.
    let big = vec![b'x'; pickyassist::webhook::MAX_BODY_BYTES + 1];
    let answer = send(None, big).await.expect("answered");
    assert_eq!(answer.status(), 413);
    let text = answer.text().await.expect("body");
    assert!(
        text.contains(&pickyassist::webhook::MAX_BODY_BYTES.to_string()),
        "{text}"
    );

    // Neither JSON nor a form naming a webhook variable: 400.
    for (ct, body) in [
        (None, b"<html><body>hello</body></html>".to_vec()),
        (form, b"<html><body>hello</body></html>".to_vec()),
        (None, vec![0xff, 0xfe, 0xfd, b'=', 0xff]),
        (form, b"utm_source=x&page=2".to_vec()),
    ] {
        let answer = send(ct, body.clone()).await.expect("answered");
        assert_eq!(answer.status(), 400, "{ct:?} {body:?}");
    }

    // Numbers no f64 holds are kept as text: the message is not lost.
    let huge = format!(
        r#"{{"number":"919000000001","message-in":"hi","unique-id":"5","price":1e400,"n":{}}}"#,
        "7".repeat(400)
    );
    let answer = send(Some("application/json"), huge.into_bytes())
        .await
        .expect("answered");
    assert_eq!(answer.status(), 200);
    let messages = seen.messages.lock().expect("lock");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].0.extra["price"], "1e400");
    assert_eq!(messages[0].0.extra["n"], "7".repeat(400));
}
