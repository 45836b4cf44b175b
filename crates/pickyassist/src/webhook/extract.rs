//! An axum extractor for webhook bodies (feature `axum`).

use super::{
    parse::{parse_bytes, QueryVars},
    Format, WebhookError, WebhookSecret, MAX_BODY_BYTES,
};
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
/// The route must carry a [`WebhookSecret`] as an extension
/// (`.layer(Extension(WebhookSecret::query("key", secret)))`, added after
/// the webhook routes): a request without the right secret is answered
/// `401 Unauthorized` before its body is read, and a route that no secret
/// reaches answers `500` and runs no handler (fail closed; see
/// [`WebhookSecret::none_i_verify_callers_myself`] to opt out by name).
///
/// The body is buffered once, up to [`MAX_BODY_BYTES`] (more is `413`);
/// [`raw`](Self::raw) keeps it for the handler. A body that is not a webhook
/// is answered `400 Bad Request` with a short reason (no content quoted).
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
            WebhookError::NoSecretConfigured => StatusCode::INTERNAL_SERVER_ERROR,
            WebhookError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
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

    async fn from_request(request: Request, _: &S) -> Result<Self, Rejection> {
        let Some(secret) = request.extensions().get::<WebhookSecret>().cloned() else {
            tracing::error!(
                target: "pickyassist::webhook",
                path = request.uri().path(),
                "no WebhookSecret reaches this route: refusing every call"
            );
            return Err(Rejection(WebhookError::NoSecretConfigured));
        };
        secret.verify(request.uri().query()).map_err(Rejection)?;
        let query = request.uri().query().map(str::to_owned);
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let raw = read_body(request.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(Rejection)?;
        let query = QueryVars::of(query.as_deref(), &secret);
        let incoming = parse_bytes::<T>(raw, content_type.as_deref(), query).map_err(Rejection)?;
        Ok(Self {
            body: incoming.body,
            raw: incoming.raw,
            format: incoming.format,
        })
    }
}

/// The whole body, refused as soon as it grows past `limit` (whatever the
/// router's `DefaultBodyLimit` says: this limit is the one the error names).
async fn read_body(body: axum::body::Body, limit: usize) -> Result<Bytes, WebhookError> {
    use http_body::Body as _;
    let too_large = WebhookError::TooLarge { limit };
    let mut body = std::pin::pin!(body);
    if body.size_hint().lower() > limit as u64 {
        return Err(too_large);
    }
    let mut buffer = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|_| WebhookError::Unreadable)?;
        if let Ok(data) = frame.into_data() {
            if buffer.len() + data.len() > limit {
                return Err(too_large);
            }
            buffer.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(buffer))
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
