//! What the mock does with the next request: answer as the docs say, or misbehave.

use std::time::Duration;

/// How the mock answers a request.
///
/// [`MockServer::set_behavior`](crate::MockServer::set_behavior) sets the
/// default; [`MockServer::enqueue`](crate::MockServer::enqueue) queues
/// one-shot behaviours that are used first, in order. Every request is
/// recorded before the behaviour runs, whatever it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Behavior {
    /// Validate the request with the model and answer as the docs describe
    /// (100 with ids, or 401/402/406/407/410).
    Answer,
    /// Answer HTTP 200 with a JSON body carrying this API status and message.
    ApiStatus {
        /// The `status` value (e.g. 403 for insufficient balance).
        code: u64,
        /// The `message` value.
        message: String,
    },
    /// Answer with exactly this HTTP status, content type and body.
    Raw {
        /// HTTP status code.
        status: u16,
        /// `Content-Type` header value.
        content_type: String,
        /// Body text.
        body: String,
    },
    /// Answer with this redirect status (301, 302, 307, 308, …) and `Location`
    /// header, as a hijacked or misconfigured host might.
    Redirect {
        /// HTTP status code (3xx).
        status: u16,
        /// The `Location` header value.
        location: String,
    },
    /// Wait this long, then answer as [`Behavior::Answer`] would.
    Slow(Duration),
    /// Read the request, then close the connection without answering.
    HangUp,
    /// Answer 200 with a JSON body of about this many bytes.
    Oversized {
        /// Body size in bytes.
        bytes: usize,
        /// Send `Content-Length` (`true`) or stream it chunked, so a client
        /// has to enforce its limit while reading (`false`).
        declare_length: bool,
    },
}

impl Behavior {
    /// An API-level error: HTTP 200, `{"status": code, "message": message}`.
    pub fn api_status(code: u64, message: impl Into<String>) -> Self {
        Self::ApiStatus {
            code,
            message: message.into(),
        }
    }

    /// A redirect with this 3xx status to `location`.
    pub fn redirect(status: u16, location: impl Into<String>) -> Self {
        Self::Redirect {
            status,
            location: location.into(),
        }
    }

    /// HTTP 503 with a plain-text body, as an overloaded server answers.
    pub fn server_error() -> Self {
        Self::Raw {
            status: 503,
            content_type: "text/plain".into(),
            body: "Service Temporarily Unavailable".into(),
        }
    }

    /// An HTML error page with this HTTP status (what a proxy or a PHP crash returns).
    pub fn html_page(status: u16) -> Self {
        Self::Raw {
            status,
            content_type: "text/html; charset=UTF-8".into(),
            body: "<!DOCTYPE html><html><head><title>Error</title></head>\
                   <body><h1>Something went wrong</h1></body></html>"
                .into(),
        }
    }

    /// HTTP 200, JSON content type, a body cut off mid-object.
    pub fn malformed_json() -> Self {
        Self::Raw {
            status: 200,
            content_type: "application/json".into(),
            body: r#"{"status":100,"push_id":"7478630","data":[{"msg_id":"#.into(),
        }
    }
}
