//! The HTTP side: an accept loop that runs the axum router per connection and
//! can hang up without answering, which a plain `axum::serve` cannot do.

use crate::{
    answer::answer,
    record::{parse_document, read_document},
    route::Route,
    Behavior, Received, Shared,
};
use axum::{
    body::{Body, Bytes},
    extract::State,
    http::{header, HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::post,
    Router,
};
use http_body::Frame;
use hyper::{body::Incoming, server::conn::http1, service::service_fn, Request};
use hyper_util::rt::TokioIo;
use std::{
    convert::Infallible,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
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

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let mut router = Router::new();
    // Each route also under the real hosts' prefixes, so a client whose URLs
    // are written out in full only needs its host changed.
    for prefix in ["", "/app/api/v2", "/api/v2"] {
        for route in crate::generated::ROUTES {
            router = router.route(
                &format!("{prefix}{}", route.path),
                post(move |state, uri, headers, body| handle(route, state, uri, headers, body)),
            );
        }
    }
    router
        .route("/mock/incoming", post(incoming))
        .fallback(not_found)
        .with_state(shared)
}

/// `POST /mock/incoming` with a message JSON: the mock posts it to the global
/// webhook (retrying as Picky Assist does) and answers with the last call:
/// `{"attempt", "status", "answer"}`. For tools outside Rust.
async fn incoming(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let Ok(message) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return raw(400, "text/plain", Body::from("the body is not JSON"));
    };
    if shared.callbacks.message_url.is_none() {
        return raw(
            409,
            "text/plain",
            Body::from("no webhook URL: start the mock with one"),
        );
    }
    let call = match shared.callbacks.incoming(message).await {
        Some(call) => Some(call),
        None => shared.callbacks.last_call(),
    };
    json(serde_json::json!({
        "attempt": call.as_ref().map(|c| c.attempt),
        "status": call.as_ref().and_then(|c| c.status),
        "answer": call.and_then(|c| c.answer),
    }))
}

pub(crate) async fn accept_loop(listener: TcpListener, router: Router) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let router = router.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let mut router = router.clone();
                async move {
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
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(
    route: &'static Route,
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (encoding, document) = read_document(uri.query(), content_type, &body);
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
    if dropped {
        // The docs: over the limit, requests "are dropped and not processed".
        return raw(
            429,
            "text/plain",
            Body::from("rate limit exceeded; request dropped"),
        );
    }
    let documented = || {
        let body = answer(route, &document, &payload, &shared.keys, &shared.ids);
        // An accepted push is reported on the event webhook, as Picky Assist does.
        if let (crate::route::Answer::Receipts, Ok(request)) = (&route.answer, &payload) {
            if body["status"] == 100 {
                shared.callbacks.after_push(request, &body);
            }
        }
        json(body)
    };
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

async fn not_found() -> Response {
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

/// A JSON document padded with spaces to `bytes`, sent whole or in chunks.
fn oversized(bytes: usize, declare_length: bool) -> Response {
    const CHUNK: usize = 64 * 1024;
    let head = br#"{"status":100,"message":"Success"}"#;
    if declare_length {
        let mut body = head.to_vec();
        body.resize(bytes.max(head.len()), b' ');
        return raw(200, "application/json", Body::from(body));
    }
    let mut remaining = bytes.saturating_sub(head.len());
    let mut chunks = vec![Bytes::from_static(head)];
    while remaining > 0 {
        let n = remaining.min(CHUNK);
        chunks.push(Bytes::from(vec![b' '; n]));
        remaining -= n;
    }
    raw(
        200,
        "application/json",
        Body::new(Chunks(chunks.into_iter())),
    )
}

/// A body of known chunks and unknown length, so hyper sends it chunked.
struct Chunks(std::vec::IntoIter<Bytes>);

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.next().map(|chunk| Ok(Frame::data(chunk))))
    }
}
