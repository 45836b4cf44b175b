//! What every crate knows about each endpoint: the types of the endpoint
//! table. The table itself ([`ENDPOINTS`](crate::ENDPOINTS), one constant
//! per endpoint, the [`Request`] and [`Answer`] impls and the lookups
//! [`Endpoint::by_name`] and [`Endpoint::by_path`]) is generated from the
//! endpoint index (`schema/endpoints.json`); the client, the mock and the CLI
//! all read it.

use crate::{ApiStatus, Model, Token};
use serde::{de::DeserializeOwned, Serialize};
use std::{num::NonZeroU32, time::Duration};

/// One Picky Assist endpoint.
///
/// ```
/// use pickyassist_model::{Endpoint, TokenKind, PUSH};
///
/// let push = Endpoint::by_path("/push").expect("documented");
/// assert_eq!(push, &PUSH);
/// assert_eq!(push.token, TokenKind::Project);
/// assert_eq!(push.rate_limit.map(|r| r.requests_per_minute()), Some(90));
/// ```
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
    /// The hosts whose URL the docs print for the endpoint (`v3`, `v4`).
    pub hosts: &'static [&'static str],
    /// The documented rate limit (the client keeps it by default, the mock
    /// enforces it).
    pub rate_limit: Option<RateLimit>,
    /// The endpoint only reads (a report, a status, details, the balance):
    /// calling it again after a timeout cannot act twice (the client's
    /// `Error::is_retry_safe` says so).
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

/// A request rate for one endpoint: at most `per_minute` requests in any 60 seconds.
///
/// The client spaces requests evenly (one every `60 s / per_minute`, a little
/// more to absorb rounding), so no window of a minute, wherever it starts, ever
/// holds more than `per_minute` of them. That is the only reading of "90
/// requests per minute" under which nothing is dropped, whether the server
/// counts per clock minute or over a sliding minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    per_minute: NonZeroU32,
}

impl RateLimit {
    // The documented limits live in the endpoint index, one place:
    // `PUSH.rate_limit`, `DEVICE_STATUS.rate_limit`.
    pub(crate) const fn per_minute_const(n: u32) -> Self {
        match NonZeroU32::new(n) {
            Some(per_minute) => Self { per_minute },
            None => panic!("a rate limit needs at least one request per minute"),
        }
    }

    /// At most `n` requests per minute; `None` for 0 (the client's
    /// `ClientBuilder::no_rate_limit` switches a limit off).
    pub fn per_minute(n: u32) -> Option<Self> {
        NonZeroU32::new(n).map(|per_minute| Self { per_minute })
    }

    /// Requests per minute.
    pub fn requests_per_minute(self) -> u32 {
        self.per_minute.get()
    }

    /// The gap between two requests: 60 s / n, rounded up to the nanosecond.
    pub fn spacing(self) -> Duration {
        let n = u64::from(self.per_minute.get());
        Duration::from_nanos(60_000_000_000u64.div_ceil(n))
    }
}

/// What every answer can say about its outcome.
pub trait Answer {
    /// The API status, when the answer carries one (a code, not a state).
    fn api_status(&self) -> Option<ApiStatus>;
    /// The server's message, when it sent one as text.
    fn api_message(&self) -> Option<&str>;
}

/// A request of the endpoint index: where it goes and what comes back.
///
/// Generated for every request type (`PushRequest` → [`PUSH`](crate::PUSH),
/// answered by `PushResponse`); the client's `Client::send` takes any of
/// them. Sealed: the index is the one list of endpoints.
///
/// ```
/// use pickyassist_model::{PushRequest, Request, PUSH};
///
/// assert_eq!(<PushRequest as Request>::ENDPOINT, &PUSH);
/// ```
pub trait Request: Model + Serialize + Clone + Send + Sync + sealed::Sealed {
    /// The answer type.
    type Response: DeserializeOwned + Answer;
    /// The endpoint the request is posted to.
    const ENDPOINT: &'static Endpoint;
    /// The token the body carries.
    fn token(&self) -> &Token;
    /// The token the body carries, to replace with the client's.
    fn token_mut(&mut self) -> &mut Token;
}

pub(crate) mod sealed {
    /// Only the generated request types are [`Request`](super::Request)s.
    pub trait Sealed {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_never_fits_more_than_the_limit_into_a_minute() {
        for n in [1, 3, 7, 90, 1000] {
            let limit = RateLimit::per_minute(n).expect("non-zero");
            let spacing = limit.spacing();
            // Requests at 0, s, 2s, …: the (n+1)-th lands at n·s, which must be
            // at least a minute after the first.
            assert!(spacing * n >= Duration::from_secs(60), "{n}: {spacing:?}");
        }
        assert_eq!(RateLimit::per_minute(0), None);
        assert_eq!(RateLimit::per_minute_const(90).requests_per_minute(), 90);
    }
}
