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
//! message can arrive up to five times; after a 200 it never calls again.
//! Process each message once with [`Claims`] (keyed by `unique-id`): a key is
//! claimed while the handler runs, committed when it succeeded, released
//! when it failed, so a retry of a failed delivery is processed and a retry
//! of a processed one is not. So answer 200 only once the work is done or
//! stored where a restart finds it (a database, a durable queue): work handed
//! to an in-memory task and answered at once is lost if the process stops,
//! because no retry will come. A handler that fails answers `5xx`, and the
//! retry processes the message. To reply to the sender without a Push API
//! call, answer a [`WebhookReply`](crate::model::WebhookReply)
//! (`{"message-out": …}`).
//!
//! # Authenticity
//!
//! Picky Assist signs nothing. The docs' way to recognise its calls is a
//! custom query variable on the webhook URL you configure: put a long random
//! secret there (`https://you.example/hook?key=…`) and check it with
//! [`WebhookSecret`], which compares in constant time. The extractor fails
//! closed: a route no secret reaches refuses every call.
//!
//! # Personal data
//!
//! Webhook bodies carry phone numbers and message texts. Nothing in this
//! module logs them, at any `tracing` level; errors describe the shape of a
//! body, never its content.

mod charset;
mod claims;
mod parse;
mod secret;

#[cfg(feature = "axum")]
mod extract;

/// The largest webhook body the [`Webhook`] extractor reads (2 MiB; a
/// delivery report of 100 messages is about 15 KB). Larger bodies are
/// answered `413`.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

pub use claims::{
    ClaimGuard, Claims, Skip, DEFAULT_LEASE, DEFAULT_RETENTION, LONGEST_HOLD, SHORTEST_HOLD,
};
#[cfg(feature = "axum")]
pub use extract::{Rejection, Reply, Webhook};
pub use parse::{parse, parse_request, Format, Incoming, WebhookError};
pub use secret::WebhookSecret;
