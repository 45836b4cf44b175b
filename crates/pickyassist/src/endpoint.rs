//! What the client knows about each endpoint: generated from the endpoint
//! index into [`ENDPOINTS`](crate::ENDPOINTS), one constant per endpoint.

use crate::RateLimit;
use pickyassist_model::ApiStatus;

/// One Picky Assist endpoint.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// The client method's name (`delivery_report`), also the OpenAPI operationId.
    pub name: &'static str,
    /// The path after the base URL (`/delivery-report`).
    pub path: &'static str,
    /// The request type's name (its `$defs` name in the bundle).
    pub request: &'static str,
    /// The answer type's name.
    pub response: &'static str,
    /// What the endpoint does.
    pub summary: &'static str,
    /// Which token the request carries.
    pub token: TokenKind,
    /// The documented rate limit the client keeps by default.
    pub rate_limit: Option<RateLimit>,
    /// The endpoint only reads (a report, a status, details, the balance):
    /// calling it again after a timeout cannot act twice, so
    /// [`Error::is_retry_safe`](crate::Error::is_retry_safe) says so.
    pub read_only: bool,
    /// The status codes the endpoint's docs page lists.
    pub codes: &'static [u64],
    /// Why the endpoint no longer works, when the docs say so.
    pub deprecated: Option<&'static str>,
    /// The docs page.
    pub docs: &'static str,
}

impl std::fmt::Debug for Endpoint {
    /// Just the path: errors carry their endpoint, and its summary and docs
    /// link would drown the message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Endpoint({})", self.path)
    }
}

/// The token an endpoint authenticates with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenKind {
    /// A project's API token (Settings → Developers → API).
    Project,
    /// The account's master API token (the project-management endpoints).
    Master,
}

/// What every answer can say about its outcome.
pub trait Answer {
    /// The API status, when the answer carries one (a code, not a state).
    fn api_status(&self) -> Option<ApiStatus>;
    /// The server's message, when it sent one as text.
    fn api_message(&self) -> Option<&str>;
}
