//! The mock calls back: delivery reports to the event webhook after an
//! accepted push, and incoming messages to the global webhook on request,
//! retried on the documented schedule when the handler does not answer 200.

use crate::background::Background;
use crate::bounded::url_for_log;
use crate::delivery::Delivery;
use crate::pushes::{Push, PROJECT_ID};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The docs' retry schedule of the global webhook: no 200 within 180 s →
/// again after 1 minute, 15 minutes, 2 hours and 6 hours.
pub const DOCUMENTED_RETRIES: [Duration; 4] = [
    Duration::from_secs(60),
    Duration::from_secs(15 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(6 * 3600),
];

/// Which webhook a call went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hook {
    /// The global webhook (incoming messages).
    Message,
    /// The event webhook (delivery reports).
    Event,
}

/// One call the mock made to a webhook.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Call {
    /// Which webhook.
    pub hook: Hook,
    /// 1 for the first try, 2… for retries.
    pub attempt: u32,
    /// The body posted.
    pub body: Value,
    /// The handler's HTTP status, or `None` when it could not be reached.
    pub status: Option<u16>,
    /// The handler's answer body (an instant reply, for incoming messages).
    pub answer: Option<Value>,
}

/// Where and how the mock calls back.
#[derive(Debug, Clone)]
pub(crate) struct Callbacks {
    pub message_url: Option<String>,
    pub event_url: Option<String>,
    pub deliveries: Vec<Delivery>,
    pub retries: Vec<Duration>,
    pub calls: Arc<Mutex<Vec<Call>>>,
    pub http: reqwest::Client,
    /// Calls made after the answer (event reports, incoming retries).
    pub background: Arc<Background>,
}

/// Calls kept for [`MockServer::webhook_calls`](crate::MockServer::webhook_calls),
/// the oldest forgotten first.
const MAX_CALLS: usize = 1000;

impl Callbacks {
    pub(crate) fn new() -> Self {
        Self {
            message_url: None,
            event_url: None,
            deliveries: vec![Delivery::submitted(), Delivery::delivered()],
            retries: DOCUMENTED_RETRIES.to_vec(),
            calls: Arc::default(),
            background: Arc::default(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(180))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
        }
    }

    fn record(&self, call: Call) {
        let mut calls = self.calls();
        if calls.len() >= MAX_CALLS {
            calls.remove(0);
        }
        calls.push(call);
    }

    /// The calls made so far (a poisoned lock still holds them).
    pub(crate) fn calls(&self) -> std::sync::MutexGuard<'_, Vec<Call>> {
        self.calls.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// After an accepted push: one delivery-report event per state, each
    /// listing every recipient with the `msg_id` the answer gave it, its
    /// `reference_number`, its text and the kind of content sent.
    pub(crate) fn after_push(&self, push: &Push) {
        let Some(url) = self.event_url.clone() else {
            return;
        };
        // A push to a group has no recipients, and the docs: "Delivery & Read
        // reports are NOT supported for WhatsApp Groups".
        if push.recipients.is_empty() {
            return;
        }
        let events: Vec<Value> = if push.number_filter {
            vec![number_filter_event(push)]
        } else {
            self.delivery_events(push)
        };
        let this = self.clone();
        let started = self.background.spawn(async move {
            // The event webhook is not retried (the docs: recover with the
            // delivery-report API).
            for event in events {
                this.post(Hook::Event, &url, event, 1).await;
            }
        });
        if !started {
            tracing::warn!(target: "pickyassist_mock", hook = "event", "too many webhook calls in flight: events skipped");
        }
    }

    /// One delivery-report event (event 1) per configured state.
    fn delivery_events(&self, push: &Push) -> Vec<Value> {
        self.deliveries
            .iter()
            .map(|d| {
                let data: Vec<Value> = push
                    .recipients
                    .iter()
                    .map(|sent| {
                        let mut report = json!({
                            "push_id": push.push_id,
                            "number": sent.number,
                            "msg_id": sent.msg_id,
                            "status": d.status.to_string(),
                            "message_type": sent.kind.word(),
                            "channel_id": push.application,
                        });
                        let optional = [
                            ("reference_number", &sent.reference_number),
                            ("message", &sent.message),
                            ("media", &sent.media),
                            ("template_id", &push.template_id),
                        ];
                        for (key, value) in optional {
                            if let Some(value) = value {
                                report[key] = json!(value);
                            }
                        }
                        if let Some((code, message)) = &d.error {
                            report["error_code"] = json!(code);
                            report["error_message"] = json!(message);
                        }
                        report
                    })
                    .collect();
                json!({ "project_id": PROJECT_ID, "event_id": 1, "data": data })
            })
            .collect()
    }

    /// Posts an incoming message to the global webhook once and returns
    /// that call with the wait before the next try; when it got no 200, the
    /// retries run in the background on the schedule, each logged.
    pub(crate) async fn incoming_once(&self, message: Value) -> Option<(Call, Option<Duration>)> {
        let url = self.message_url.clone()?;
        let call = self.post(Hook::Message, &url, message.clone(), 1).await;
        if call.status == Some(200) {
            return Some((call, None));
        }
        let next = self.retries.first().copied();
        if next.is_some() {
            let this = self.clone();
            let started = self.background.spawn(async move {
                let mut attempt = 1;
                while let Some(wait) = this.retries.get(attempt as usize - 1).copied() {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    let call = this.post(Hook::Message, &url, message.clone(), attempt).await;
                    if call.status == Some(200) {
                        return;
                    }
                }
                tracing::warn!(target: "pickyassist_mock", hook = "message", attempt, "webhook retries exhausted: the message is lost");
            });
            if !started {
                tracing::warn!(target: "pickyassist_mock", hook = "message", "too many webhook calls in flight: no retries");
                return Some((call, None));
            }
        }
        Some((call, next))
    }

    /// Posts an incoming message to the global webhook, retrying on the
    /// schedule until a 200; returns the first 200's answer.
    pub(crate) async fn incoming(&self, message: Value) -> Option<Call> {
        let url = self.message_url.clone()?;
        let mut attempt = 1;
        loop {
            let call = self
                .post(Hook::Message, &url, message.clone(), attempt)
                .await;
            if call.status == Some(200) {
                return Some(call);
            }
            let wait = *self.retries.get(attempt as usize - 1)?;
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn post(&self, hook: Hook, url: &str, body: Value, attempt: u32) -> Call {
        let name = match hook {
            Hook::Message => "message",
            Hook::Event => "event",
        };
        let sent = self.http.post(url).json(&body).send().await;
        let (status, answer) = match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                tracing::info!(target: "pickyassist_mock", hook = name, attempt, url = %url_for_log(url), status, "webhook answered");
                let answer = read_answer(response).await;
                (Some(status), answer)
            }
            Err(e) => {
                // The error's text can hold the URL, query (a secret) included.
                let cause = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "cannot connect"
                } else {
                    "request failed"
                };
                tracing::warn!(target: "pickyassist_mock", hook = name, attempt, url = %url_for_log(url), cause, "webhook not reached");
                (None, None)
            }
        };
        let call = Call {
            hook,
            attempt,
            body,
            status,
            answer,
        };
        self.record(call.clone());
        call
    }
}

/// Largest webhook answer the mock reads (an instant reply is a few lines).
const MAX_ANSWER: usize = 64 * 1024;

/// The number filter's results (event 2): every number found on WhatsApp,
/// status "1" (the docs' samples send 1 and 2 and name neither).
fn number_filter_event(push: &Push) -> Value {
    let data: Vec<Value> = push
        .recipients
        .iter()
        .map(|sent| {
            json!({
                "push_id": push.push_id,
                "number": sent.number,
                "msg_id": sent.msg_id,
                "status": "1",
            })
        })
        .collect();
    json!({ "project_id": PROJECT_ID, "event_id": 2, "data": data })
}

/// The handler's answer as JSON, if it is JSON within [`MAX_ANSWER`].
async fn read_answer(mut response: reqwest::Response) -> Option<Value> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        if body.len() + chunk.len() > MAX_ANSWER {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).ok()
}
