//! Receiving Picky Assist's webhooks: incoming messages (the global webhook)
//! and events (delivery reports, number-filter results, group joins and
//! exits, new subscribers).
//!
//! ```
//! use pickyassist::webhook::{self, Format};
//! use pickyassist::model::{WebhookEvent, WebhookMessage};
//!
//! let body = br#"{"number":"919000000001","message-in":"Hello%20there","unique-id":"5642"}"#;
//! let incoming = webhook::parse::<WebhookMessage>(body, Some("application/json"))?;
//! assert_eq!(incoming.format, Format::Json);
//! assert_eq!(incoming.body.text().as_deref(), Some("Hello there"));
//!
//! // An event_id this crate does not know is kept whole, never an error.
//! let event = webhook::parse::<WebhookEvent>(br#"{"event_id":9,"x":1}"#, None)?;
//! assert!(matches!(event.body, WebhookEvent::Unknown(_)));
//! # Ok::<(), pickyassist::webhook::WebhookError>(())
//! ```
//!
//! # Answer first, work later
//!
//! Picky Assist waits up to **180 seconds** for an HTTP 200. Without one it
//! calls again after 1 minute, 15 minutes, 2 hours and 6 hours, so the same
//! message can arrive up to five times: answer at once, hand the work to a
//! queue, and drop repeats with a [`Deduplicator`] (keyed by `unique-id`).
//! To reply to the sender without a Push API call, answer a
//! [`WebhookReply`](crate::model::WebhookReply) (`{"message-out": …}`).
//!
//! # Authenticity
//!
//! Picky Assist signs nothing. The docs' way to recognise its calls is a
//! custom query variable on the webhook URL you configure: put a long random
//! secret there (`https://you.example/hook?key=…`) and check it with
//! [`WebhookSecret`], which compares in constant time.
//!
//! # Personal data
//!
//! Webhook bodies carry phone numbers and message texts. Nothing in this
//! module logs them, at any `tracing` level; errors describe the shape of a
//! body, never its content.

mod dedup;
mod parse;
mod secret;

#[cfg(feature = "axum")]
mod extract;

pub use dedup::Deduplicator;
#[cfg(feature = "axum")]
pub use extract::{Rejection, Reply, Webhook};
pub use parse::{parse, Format, Incoming, WebhookError};
pub use secret::WebhookSecret;
