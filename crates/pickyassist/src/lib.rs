//! Async client for the [Picky Assist](https://pickyassist.com) messaging API,
//! and the receiving side of its webhooks ([`webhook`]).
//!
//! A thin transport over `reqwest` (rustls, no OpenSSL) for the typed payloads
//! of [`pickyassist_model`], re-exported here as [`model`]. Every endpoint of
//! the docs has a method on [`Client`] (generated from the project's endpoint
//! index, see [`ENDPOINTS`]), all through one send path.
//!
//! ```no_run
//! # async fn run() -> Result<(), pickyassist::Error> {
//! use pickyassist::{model::{Application, PhoneNumber, PushMessage}, Client};
//!
//! let client = Client::builder(std::env::var("PICKYASSIST_TOKEN").unwrap_or_default()).build()?;
//! let request = client
//!     .push_request(Application::WhatsappPersonal)
//!     .globalmessage("Your order has shipped")
//!     .recipient(PushMessage::new().number(PhoneNumber::parse_lenient("+91 90000 00001")?));
//! let accepted = client.push(&request).await?;
//! for receipt in accepted.receipts() {
//!     println!("{:?} queued", receipt.msg_id);
//! }
//! # Ok(()) }
//! ```
//!
//! # What `Ok` means: status 100
//!
//! Picky Assist answers every call with a `status` in the JSON body. 100 means
//! the request was **accepted**: for a push, queued for the channel (the
//! phone, the WhatsApp server, …), not delivered. Delivery is reported later
//! (the delivery-report API, the event webhook), keyed by each recipient's
//! `msg_id`. Status 100 is `Ok` whatever form the answer's other values take:
//! what the server sends is read leniently, so an accepted push never comes
//! back as an error and is never sent twice by mistake. Every other status is
//! an [`Error::Api`] carrying the typed [`ApiStatus`](model::ApiStatus) and
//! the server's message: a refusal, read only from an answer Picky Assist
//! itself wrote (a 2xx, or a 4xx other than 408 and 429). A 5xx, 408 or 429
//! comes as often from a gateway in front of the API, which writes JSON too:
//! it is [`Error::Http`], an unknown fate, whatever its body says.
//!
//! # Validation before sending
//!
//! Each request is checked against the project's JSON Schema before it leaves
//! the process. A request that breaks a rule is never sent: you get
//! [`Error::Validation`] with every violation and its JSON pointer.
//!
//! # Retries: never a duplicate push
//!
//! A request is retried only when it provably never reached the server: the
//! connection could not be established (refused, DNS failure, TLS handshake,
//! no answer to the connection attempt within the connect timeout) so no
//! byte of it was written. Retries follow [`RetryPolicy`] (by default 3,
//! after 100, 200 and 400 ms). A timeout, a connection reset after the request
//! was written, an HTTP error or any answer is **never** retried, because the
//! server may already have accepted the push and a second send would deliver
//! the message twice. Such errors say so ([`Error::may_have_been_sent`]);
//! check the delivery reports before sending again.
//!
//! # Rate limits: wait, never lose
//!
//! The docs allow 90 push requests and 3 status checks a minute, and drop
//! requests over the limit without processing them. The client keeps these
//! limits itself ([`RateLimit`]): calls wait their turn, in order, shared by
//! every clone of a client; a plan with higher limits sets its own
//! ([`ClientBuilder::rate_limit`]). Separately built clients and other
//! processes share one limit through a [`store`]
//! ([`ClientBuilder::rate_limit_store`]; Redis with the `redis` feature).
//!
//! # No redirects
//!
//! The token travels in the request body, so a followed `307` would post it
//! to whatever host the `Location` header names. The client follows no
//! redirect: any 3xx is [`Error::Redirect`], also through a custom
//! `reqwest::Client`. A plain `http://` base URL to another machine is refused
//! unless [`ClientBuilder::allow_insecure_http`] is set.
//!
//! # Secrets and limits
//!
//! The token lives in a [`Token`](model::Token) whose `Debug` is redacted; it
//! is not in any error message or `tracing` event of this crate. Answers are
//! read up to [`ClientBuilder::max_response_bytes`]; a larger one is
//! [`Error::BodyTooLarge`]. Calls time out after [`DEFAULT_TIMEOUT`] unless
//! configured otherwise.
//!
//! # Features
//!
//! - `axum`: the `webhook::Webhook` extractor and `webhook::Reply` for axum handlers.
//! - `redis`: [`store::RedisStore`], rate limits and webhook claims shared by
//!   several instances through Redis.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod body;
mod client;
mod error;
#[rustfmt::skip]
mod generated;
mod lenient;
mod limit;
mod mask;
mod retry;
mod send;
pub mod store;
pub mod webhook;

pub use body::EXCERPT_BYTES;
pub use client::{
    Client, ClientBuilder, Encoding, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT, V3_BASE_URL, V4_BASE_URL,
};
pub use error::Error;
pub use generated::*;
// The endpoint table is the model's, shared with the mock and the CLI.
pub use pickyassist_model as model;
pub use pickyassist_model::{Answer, Endpoint, RateLimit, Request, TokenKind};
pub use retry::RetryPolicy;
