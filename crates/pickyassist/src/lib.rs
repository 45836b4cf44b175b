//! Async client for the [Picky Assist](https://pickyassist.com) messaging API.
//!
//! A thin transport over `reqwest` (rustls, no OpenSSL) for the typed payloads
//! of [`pickyassist_model`], re-exported here as [`model`].
//!
//! ```no_run
//! # async fn run() -> Result<(), pickyassist::Error> {
//! use pickyassist::{model::{Application, PhoneNumber, PushMessage}, Client};
//!
//! let client = Client::builder(std::env::var("PICKYASSIST_TOKEN").unwrap_or_default()).build()?;
//! let to = PhoneNumber::new("919000000001").expect("a valid number");
//! let request = client
//!     .push_request(Application::WhatsappPersonal)
//!     .globalmessage("Your order has shipped")
//!     .data(vec![PushMessage::new().number(to)]);
//! let accepted = client.push(&request).await?;
//! println!("push {:?} accepted", accepted.push_id);
//! # Ok(()) }
//! ```
//!
//! # What `Ok` means: status 100
//!
//! Picky Assist answers every call with a `status` in the JSON body. 100 means
//! the push was **accepted** and queued for the channel (the phone, the
//! WhatsApp server, …), not that it was delivered. Delivery is reported later
//! (delivery-report API, webhooks), keyed by the `msg_id` of each recipient.
//! Every other status is an [`Error::Api`] carrying the typed
//! [`ApiStatus`](model::ApiStatus) (401 authentication failed, 402 empty
//! number list, 403 insufficient balance, … 410 invalid request) and the
//! server's message.
//!
//! # Validation before sending
//!
//! Each request is checked against the project's JSON Schema before it leaves
//! the process. A request that breaks a rule is never sent: you get
//! [`Error::Validation`] with every violation and its JSON pointer.
//!
//! # Retries: never a duplicate push
//!
//! A push is retried only when it provably never reached the server: the
//! connection could not be established (refused, DNS failure, TLS handshake)
//! so no byte of the request was written. Retries follow [`RetryPolicy`]
//! (by default 3, after 100, 200 and 400 ms). A timeout, a connection reset
//! after the request was written, an HTTP error or any answer is **never**
//! retried, because the server may already have accepted the push and a
//! second send would deliver the message twice. Such errors say so
//! ([`Error::may_have_been_sent`]); check the delivery reports before sending again.
//!
//! # Secrets and limits
//!
//! The token lives in a [`Token`](model::Token) whose `Debug` is redacted; it
//! is not in any error message or `tracing` event of this crate. Answers are
//! read up to [`ClientBuilder::max_response_bytes`]; a larger one is
//! [`Error::BodyTooLarge`]. Calls time out after [`DEFAULT_TIMEOUT`] unless
//! configured otherwise.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod body;
mod client;
mod endpoint;
mod error;
#[rustfmt::skip]
mod generated;
mod limit;
mod retry;
mod send;
pub mod webhook;

pub use body::EXCERPT_BYTES;
pub use client::{
    Client, ClientBuilder, Encoding, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT, V3_BASE_URL, V4_BASE_URL,
};
pub use endpoint::{Answer, Endpoint, TokenKind};
pub use error::Error;
pub use generated::*;
pub use limit::RateLimit;
pub use pickyassist_model as model;
pub use retry::RetryPolicy;
