//! Receives Picky Assist's webhooks with axum: the embedded mock plays Picky
//! Assist, pushes a message, posts its delivery reports to the event webhook
//! and an incoming message to the global webhook, which answers at once.
//!
//! ```sh
//! cargo run --example receive_webhooks
//! ```
//!
//! The handlers use `pickyassist::webhook` (feature `axum`): the `Webhook`
//! extractor (JSON, form and legacy bodies), the secret in the URL's query
//! (the docs' way to recognise Picky Assist's calls; a route without one
//! refuses every call), `Claims` so that each message is processed once
//! however often Picky Assist retries it, and `Reply` for an instant answer.

use axum::{extract::State, response::Response, routing::post, Extension, Router};
use pickyassist::{
    model::{PhoneNumber, PushMessage, WebhookEvent, WebhookMessage},
    webhook::{Claims, Reply, Webhook, WebhookSecret},
    Client,
};
use pickyassist_mock::{Delivery, MockServer, TEST_TOKEN};
use std::{sync::Arc, time::Duration};
use tokio::sync::mpsc;

/// In a real service: a long random value, also in the URL configured in
/// Picky Assist (Settings → Developers → Webhooks).
const SECRET: &str = "change-me-to-a-long-random-value";

struct App {
    /// Which messages are being or have been processed (`Claims::new(RedisStore)`
    /// when several instances receive).
    claims: Claims,
    events: mpsc::UnboundedSender<String>,
}

/// The global webhook: answer within 180 s (here at once), work later.
async fn on_message(
    State(app): State<Arc<App>>,
    hook: Webhook<WebhookMessage>,
) -> Result<Reply, Response> {
    // A retry of a processed message answers 200 here; one that another call
    // is processing right now answers 503 (Picky Assist tries again later).
    let claim = app.claims.begin(hook.body.dedup_key().as_deref()).await?;
    let text = hook.body.text().unwrap_or_default();
    // The work. If it fails, return an error before `commit`: dropping the
    // claim releases it, so Picky Assist's retry is processed.
    let reply = Reply::text(format!("Thanks! We got: {text}"));
    claim.commit().await;
    Ok(reply)
}

/// The event webhook: delivery reports, number-filter results, group events, …
async fn on_event(State(app): State<Arc<App>>, hook: Webhook<WebhookEvent>) -> Reply {
    let line = match hook.body {
        WebhookEvent::DeliveryReport(report) => report
            .data
            .unwrap_or_default()
            .iter()
            .map(|item| {
                let id = item.msg_id.as_ref().map_or("?".into(), ToString::to_string);
                format!("message {id}: {:?}", item.status)
            })
            .collect::<Vec<_>>()
            .join(", "),
        // Events carry phone numbers: name the kind, not the content (the
        // same goes for your logs).
        other => match other.discriminator() {
            Some(id) if matches!(other, WebhookEvent::Unknown(_)) => {
                format!("an event this crate does not know (event_id {id})")
            }
            Some(id) => format!("event {id}"),
            None => "an event without event_id".into(),
        },
    };
    let _ = app.events.send(line);
    Reply::none()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Your webhook server.
    let (events, mut received) = mpsc::unbounded_channel();
    let app = Arc::new(App {
        claims: Claims::in_memory(100_000),
        events,
    });
    let router = Router::new()
        .route("/picky/message", post(on_message))
        .route("/picky/event", post(on_event))
        // After the routes it covers: a route added below would refuse every call.
        .layer(Extension(WebhookSecret::query("key", SECRET)))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });
    println!("webhook server on {base}");

    // Picky Assist, played by the mock, configured with your webhook URLs.
    let mock = MockServer::builder()
        .webhook(format!("{base}/picky/message?key={SECRET}"))
        .event_webhook(format!("{base}/picky/event?key={SECRET}"))
        .deliveries([
            Delivery::submitted(),
            Delivery::delivered(),
            Delivery::read(),
        ])
        .start()
        .await?;
    let client = Client::builder(TEST_TOKEN).base_url(mock.url()).build()?;

    // 1. A push; its delivery reports arrive typed on the event webhook.
    let request = client
        .push_request(1u64)
        .globalmessage("Your order has shipped")
        .recipient(PushMessage::new().number(PhoneNumber::new("919000000001")?));
    let accepted = client.push(&request).await?;
    println!(
        "push {} accepted",
        accepted
            .push_id
            .map(|id| id.to_string())
            .unwrap_or_default()
    );
    for _ in 0..3 {
        let line = tokio::time::timeout(Duration::from_secs(5), received.recv())
            .await?
            .ok_or("the event webhook stopped")?;
        println!("event webhook: {line}");
    }

    // 2. An incoming message; the handler's answer is the instant reply.
    let call = mock
        .post_incoming(serde_json::json!({
            "number": "919000000001", "message-in": "Where+is+my+order%3F",
            "type": "1", "application": "1", "unique-id": "5642"
        }))
        .await
        .ok_or("the global webhook did not answer 200")?;
    println!("instant reply: {}", call.answer.unwrap_or_default());
    Ok(())
}
