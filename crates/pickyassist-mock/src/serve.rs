//! The HTTP side: an accept loop that runs the axum router per connection and
//! can hang up without answering, which a plain `axum::serve` cannot do.

use crate::{
    answer::checked,
    bounded::path_for_log,
    deadline::Deadline,
    pushes::Push,
    record::{parse_document, read_document},
    route::Route,
    Behavior, Received, ReceivedVia, Shared,
};
use axum::{
    body::{Body, Bytes},
    extract::{rejection::BytesRejection, DefaultBodyLimit, State},
    http::{header, HeaderMap, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::post,
    Router,
};
use http_body::Frame;
use hyper::{body::Incoming, server::conn::http1, service::service_fn, Request};
use hyper_util::rt::{TokioIo, TokioTimer};
use pickyassist_model as model;
use serde_json::{json, Value};
use std::{
    convert::Infallible,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};
use tokio::net::TcpListener;
use tower_service::Service;

/// Marks a response that must not be sent: the connection is closed instead.
#[derive(Clone, Copy)]
struct HangUp;

/// The error handed to hyper to make it drop the connection.
#[derive(Debug)]
struct HungUp;

impl std::fmt::Display for HungUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("mock hung up on purpose")
    }
}

impl std::error::Error for HungUp {}

/// The largest request body the mock reads (16 MiB: a push may carry a
/// media file as base64); a larger one is answered 413 and logged.
pub const MAX_REQUEST_BYTES: usize = 16 << 20;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let mut router = Router::new();
    // Each route also under the real hosts' prefixes, so a client whose URLs
    // are written out in full only needs its host changed. The host a prefix
    // stands for is checked against the hosts the docs list for the route.
    for (prefix, host) in [
        ("", None),
        ("/app/api/v2", Some("v3")),
        ("/api/v2", Some("v4")),
    ] {
        for route in crate::generated::ROUTES {
            router = router.route(
                &format!("{prefix}{}", route.endpoint.path),
                post(move |state, uri, headers, body| {
                    handle(route, host, state, uri, headers, body)
                })
                .fallback(not_allowed),
            );
        }
    }
    router
        .route("/mock/incoming", post(incoming).fallback(not_allowed))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(shared)
}

/// `POST /mock/incoming` with a message JSON: the mock posts it to the global
/// webhook once and answers at once with that call: `{"attempt", "status",
/// "answer", "next_retry_in_seconds"}`. Without a 200, the retries follow in
/// the background on the schedule. For tools outside Rust.
async fn incoming(
    State(shared): State<Arc<Shared>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(refused) => return body_not_read("/mock/incoming", &refused),
    };
    let Ok(message) = serde_json::from_slice::<Value>(&body) else {
        tracing::info!(target: "pickyassist_mock", path = "/mock/incoming", status = 400, "not JSON");
        return raw(400, "text/plain", Body::from("the body is not JSON"));
    };
    // Posted as given (a test may want a broken one), but said so.
    if let Err(errors) = model::validate_json::<model::WebhookMessage>(&body) {
        tracing::warn!(target: "pickyassist_mock", path = "/mock/incoming", errors = %crate::bounded::rules(&errors), "not a valid WebhookMessage: posting it anyway");
    }
    let Some((call, next)) = ({
        tracing::info!(target: "pickyassist_mock", path = "/mock/incoming", "posting an incoming message to the webhook");
        shared.callbacks.incoming_once(message).await
    }) else {
        tracing::info!(target: "pickyassist_mock", path = "/mock/incoming", status = 409, "no webhook URL");
        return raw(
            409,
            "text/plain",
            Body::from("no webhook URL: start the mock with one"),
        );
    };
    json(json!({
        "attempt": call.attempt,
        "status": call.status,
        "answer": call.answer,
        "next_retry_in_seconds": next.map(|d| d.as_secs_f64()),
    }))
}

/// The pause after a failed accept: out of file descriptors, retrying at
/// once only spins (and floods the log) until a connection closes.
const ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

pub(crate) async fn accept_loop(
    listener: TcpListener,
    router: Router,
    header_timeout: Duration,
    body_timeout: Duration,
) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                tracing::warn!(target: "pickyassist_mock", error = %e, pause = ?ACCEPT_BACKOFF, "cannot accept a connection");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let router = router.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let mut router = router.clone();
                let too_large = declared_too_large(&request);
                let request = request.map(|body| Body::new(Deadline::new(body, body_timeout)));
                async move {
                    if let Some(response) = too_large {
                        return Ok(response);
                    }
                    let response = match router.call(request).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    };
                    if response.extensions().get::<HangUp>().is_some() {
                        Err(HungUp)
                    } else {
                        Ok::<_, HungUp>(response)
                    }
                }
            });
            // A client that goes away mid-request is not the mock's problem.
            // The header timeout closes connections that never send a whole
            // request head, and the body's deadline those that stop halfway
            // through a body, so neither can be held open forever.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// 413 at once for a body whose declared length is over the limit: reading
/// it first would wait for bytes a client may never send (a 408 after the
/// body deadline), and the answer does not depend on them.
fn declared_too_large(request: &Request<Incoming>) -> Option<Response> {
    // hyper's size hint is the declared `Content-Length` (0 when chunked).
    let declared = http_body::Body::size_hint(request.body()).lower();
    if declared <= MAX_REQUEST_BYTES as u64 {
        return None;
    }
    let path = path_for_log(request.uri().path());
    tracing::warn!(target: "pickyassist_mock", %path, status = 413, declared, limit = MAX_REQUEST_BYTES, "request body not read: its declared length is over the limit");
    let text = format!("the request body is over the mock's limit of {MAX_REQUEST_BYTES} bytes");
    Some(raw(413, "text/plain", Body::from(text)))
}

/// The answer to a body that could not be read: 408 when it stopped
/// arriving (the connection is then closed), else axum's refusal (413 over
/// the size limit), logged either way.
fn body_not_read(path: &'static str, refused: &BytesRejection) -> Response {
    if let Some(limit) = crate::deadline::stalled(refused) {
        tracing::warn!(target: "pickyassist_mock", path, status = 408, ?limit, "request body not read: it stopped arriving; closing the connection");
        let text = format!("the request body did not arrive whole within {limit:?}");
        return raw(408, "text/plain", Body::from(text));
    }
    let status = refused.status().as_u16();
    tracing::warn!(target: "pickyassist_mock", path, status, limit = MAX_REQUEST_BYTES, "request body not read: {}", refused.body_text());
    raw(status, "text/plain", Body::from(refused.body_text()))
}

async fn handle(
    route: &'static Route,
    host: Option<&'static str>,
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(refused) => return body_not_read(route.endpoint.path, &refused),
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (encoding, document) = read_document(uri.query(), content_type, &body);
    if encoding == ReceivedVia::Json
        && content_type.starts_with("application/x-www-form-urlencoded")
    {
        tracing::warn!(target: "pickyassist_mock", path = route.endpoint.path, "a JSON body labelled as a form (read as JSON; send Content-Type: application/json)");
    }
    let payload = parse_document(&document);
    let (dropped, behavior) = shared.record(
        route,
        Received {
            path: uri.path().to_owned(),
            encoding,
            body,
            document: document.clone(),
            payload: payload.clone(),
            dropped: false,
        },
    );
    if let Some(host) = host.filter(|h| !route.endpoint.hosts.contains(h)) {
        tracing::warn!(target: "pickyassist_mock", path = route.endpoint.path, host, "the docs do not list this endpoint on the {host} host");
    }
    if let Some(wait) = dropped {
        tracing::info!(target: "pickyassist_mock", path = route.endpoint.path, status = 429, "dropped: over the documented rate limit");
        // The docs: over the limit, requests "are dropped and not processed".
        let mut response = raw(
            429,
            "text/plain",
            Body::from("rate limit exceeded; request dropped"),
        );
        // Whole seconds, rounded up, so that a client that waits is let in.
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        return response;
    }
    let documented = || {
        let (accepted, body) = checked(
            route,
            &document,
            &payload,
            &shared.keys,
            &shared.ids,
            shared.lenient,
        );
        json(match &payload {
            Ok(request) if accepted => follow_up(&shared, route, request, body),
            _ => body,
        })
    };
    if behavior != Behavior::Answer {
        tracing::info!(target: "pickyassist_mock", path = route.endpoint.path, "misbehaving on request: {}", describe(&behavior));
    }
    match behavior {
        Behavior::Answer => documented(),
        Behavior::Slow(delay) => {
            tokio::time::sleep(delay).await;
            documented()
        }
        Behavior::ApiStatus { code, message } => {
            json(serde_json::json!({ "status": code, "message": message }))
        }
        Behavior::Raw {
            status,
            content_type,
            body,
        } => raw(status, &content_type, Body::from(body)),
        Behavior::Redirect { status, location } => {
            let mut response = raw(status, "text/html", Body::from("<html>Moved</html>"));
            if let Ok(value) = header::HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Behavior::HangUp => {
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            response.extensions_mut().insert(HangUp);
            response
        }
        Behavior::Oversized {
            bytes,
            declare_length,
        } => oversized(bytes, declare_length),
    }
}

/// An accepted request's answer, made consistent with what the mock
/// remembers: a push is remembered (and reported on the event webhook, as
/// Picky Assist does), a delivery report names the push it asks about, a
/// token-only device status is a phone-automation request.
fn follow_up(shared: &Shared, route: &Route, request: &Value, body: Value) -> Value {
    match *route.endpoint {
        model::PUSH => {
            let push = Push::new(request, &body);
            shared.callbacks.after_push(&push);
            shared.pushes().remember(push);
            body
        }
        model::DELIVERY_REPORT => match shared.pushes().find(&request["push_id"]) {
            Some(push) => push.report(&shared.callbacks.deliveries),
            // A push id the mock never gave out: the docs sample, said so.
            None => {
                tracing::warn!(target: "pickyassist_mock", path = route.endpoint.path, "a push_id this mock never gave out: answering the docs' sample report, not one of your pushes");
                body
            }
        },
        model::DEVICE_STATUS if request.get("application").is_none() => {
            json!({ "status": 100, "message": "Success" })
        }
        _ => body,
    }
}

/// A behaviour in a few words, for the log.
fn describe(behavior: &Behavior) -> String {
    match behavior {
        Behavior::Answer => "answering as documented".into(),
        Behavior::ApiStatus { code, .. } => format!("API status {code}"),
        Behavior::Raw { status, .. } => format!("HTTP {status}"),
        Behavior::Redirect { status, .. } => format!("redirect {status}"),
        Behavior::Slow(delay) => format!("answering after {delay:?}"),
        Behavior::HangUp => "hanging up".into(),
        Behavior::Oversized { bytes, .. } => format!("a {bytes}-byte answer"),
    }
}

/// Any method but POST on an endpoint path.
async fn not_allowed(method: Method, uri: Uri) -> Response {
    tracing::info!(target: "pickyassist_mock", %method, path = %path_for_log(uri.path()), status = 405, "method not allowed (every endpoint takes POST)");
    let mut response = raw(
        405,
        "text/plain",
        Body::from("method not allowed: use POST"),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
    response
}

async fn not_found(method: Method, uri: Uri) -> Response {
    tracing::info!(target: "pickyassist_mock", %method, path = %path_for_log(uri.path()), status = 404, "no such endpoint");
    raw(
        404,
        "text/html",
        Body::from("<html><body><h1>404 Not Found</h1></body></html>"),
    )
}

fn json(value: serde_json::Value) -> Response {
    raw(200, "application/json", Body::from(value.to_string()))
}

fn raw(status: u16, content_type: &str, body: Body) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, body).into_response();
    if let Ok(value) = header::HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// A JSON document padded with spaces to `bytes`, with its length declared
/// or sent chunked. Made as it is sent, 64 KiB at a time, so that any size
/// costs no memory (building it whole, a large size crashed the mock).
fn oversized(bytes: usize, declare_length: bool) -> Response {
    let head = Bytes::from_static(br#"{"status":100,"message":"Success"}"#);
    let total = (bytes as u64).max(head.len() as u64);
    raw(
        200,
        "application/json",
        Body::new(Padded {
            remaining: total - head.len() as u64,
            head: Some(head),
            length: declare_length.then_some(total),
        }),
    )
}

/// Spaces to pad an [`oversized`] body with, one chunk's worth.
static SPACES: [u8; 64 * 1024] = [b' '; 64 * 1024];

/// A head, then `remaining` spaces; its exact length when `length` is set
/// (hyper then sends `Content-Length`), else unknown (sent chunked).
struct Padded {
    head: Option<Bytes>,
    remaining: u64,
    length: Option<u64>,
}

impl http_body::Body for Padded {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(head) = self.head.take() {
            return Poll::Ready(Some(Ok(Frame::data(head))));
        }
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        let n = self.remaining.min(SPACES.len() as u64);
        self.remaining -= n;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
            &SPACES[..n as usize],
        )))))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.length.map_or_else(
            http_body::SizeHint::default,
            http_body::SizeHint::with_exact,
        )
    }
}
