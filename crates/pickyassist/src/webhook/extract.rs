//! An axum extractor for webhook bodies (feature `axum`).

use super::{parse::parse_bytes, Format, WebhookError, WebhookSecret};
use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use pickyassist_model::Model;
use serde::de::DeserializeOwned;

/// A webhook body read into `T` (`WebhookMessage`, `WebhookEvent`), with
/// the raw bytes it came from, in an axum handler.
///
/// The body is buffered once; [`raw`](Self::raw) keeps it for the handler.
/// A body that is not a webhook is answered `400 Bad Request` with a short
/// reason (no content quoted). When the router carries a [`WebhookSecret`]
/// as an extension (`.layer(Extension(WebhookSecret::query("key", secret)))`),
/// a request without the right secret is answered `401 Unauthorized` before
/// its body is read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Webhook<T> {
    /// The typed body.
    pub body: T,
    /// The raw request body.
    pub raw: Bytes,
    /// How it was posted.
    pub format: Format,
}

/// Why the extractor refused a request: a [`WebhookError`] as an HTTP answer.
#[derive(Debug)]
pub struct Rejection(pub WebhookError);

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let status = match self.0 {
            WebhookError::Unauthorized => StatusCode::UNAUTHORIZED,
            _ => StatusCode::BAD_REQUEST,
        };
        (status, self.0.to_string()).into_response()
    }
}

impl<S, T> FromRequest<S> for Webhook<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Model + Send,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        if let Some(secret) = request.extensions().get::<WebhookSecret>() {
            secret.verify(request.uri().query()).map_err(Rejection)?;
        }
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let raw = Bytes::from_request(request, state)
            .await
            .map_err(|_| Rejection(WebhookError::NotAnObject(0)))?;
        let incoming = parse_bytes::<T>(raw, content_type.as_deref()).map_err(Rejection)?;
        Ok(Self {
            body: incoming.body,
            raw: incoming.raw,
            format: incoming.format,
        })
    }
}

/// A handler's answer to the global webhook: HTTP 200 with a
/// [`WebhookReply`](pickyassist_model::WebhookReply) (Picky Assist sends it
/// to the sender at once, without a Push API call), or `{}` for no reply.
/// Answer within 180 seconds, or Picky Assist calls again.
#[derive(Debug, Clone, Default)]
pub struct Reply(pub Option<pickyassist_model::WebhookReply>);

impl Reply {
    /// Reply with this text.
    pub fn text(text: impl Into<String>) -> Self {
        Self(Some(
            pickyassist_model::WebhookReply::new().message_out(text),
        ))
    }

    /// No reply: `{}`.
    pub fn none() -> Self {
        Self(None)
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let body = match &self.0 {
            Some(reply) => serde_json::to_string(reply).unwrap_or_else(|_| "{}".into()),
            None => "{}".into(),
        };
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}
