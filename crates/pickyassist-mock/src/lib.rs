//! An embeddable fake Picky Assist server, for tests and examples that must
//! not need an account or a network.
//!
//! It listens on `127.0.0.1` (a random port unless told otherwise), serves
//! every endpoint of the project's endpoint index (`schema/endpoints.json`,
//! one generated route each), checks every request with the generated model
//! (keys given twice included), answers the way the docs describe, records
//! what it received, calls webhooks back, and can be told to misbehave.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use pickyassist_mock::{Behavior, MockServer, TEST_TOKEN};
//!
//! let mock = MockServer::start().await?;
//! let body = format!(
//!     r#"{{"token":"{TEST_TOKEN}","application":1,"globalmessage":"Hi","data":[{{"number":"919000000001"}}]}}"#
//! );
//! # let _ = body;
//! mock.enqueue(Behavior::server_error()); // the next request gets a 503
//! assert_eq!(mock.request_count(), 0);
//! # Ok(())
//! # }
//! ```
//!
//! Answers (JSON body, form field `data`, or query `data`; the API status
//! travels in the JSON body with HTTP 200, as Picky Assist does):
//!
//! | request | answer |
//! |---|---|
//! | an accepted push | `{"status":100,"push_id":"…","message":"Success","data":[{"msg_id","number","credit"}…]}` (a number filter, `action` 1: `status` "0" instead of `credit`) |
//! | any other accepted request | the endpoint's docs sample (a valid case of its answer type), with the request's values copied into the keys both share |
//! | unknown token (the master token on `/pm/*`) | 401 `Authentication Failed` |
//! | a rule the index maps to a documented code | that code (push: 402 no recipients, 406 a bad number, 407 empty message; groups 833–842; profile 819–822) |
//! | anything else the schema rejects, or no JSON (why: the parser's place, a missing `data` field, bytes that are not UTF-8) | 410 `Invalid Request` |
//!
//! A refusal's message also names the first broken rules (pointer and
//! reason, at most 5, then the total count). A `/delivery-report` for a push
//! the mock accepted names that push's recipients, ids and references; a
//! token-only `/device-status` (phone automation) answers status 100. A
//! `/delivery-report` for a push id it never gave out, and every `/pm/*`
//! call (the real API switched them off in 2023), are answered as documented
//! with a warning in the log.
//! [`MockBuilder::lenient`] accepts keys the docs do not list.
//!
//! With [`MockBuilder::event_webhook`], every accepted push is followed by
//! its delivery reports (a number filter by its results, event 2); with [`MockBuilder::webhook`],
//! [`MockServer::post_incoming`] posts an incoming message and retries it on
//! the documented schedule until the handler answers 200, while
//! `POST /mock/incoming` (for clients outside Rust) answers with the first
//! try at once and retries in the background. With
//! [`MockBuilder::enforce_rate_limits`] requests over the documented limits
//! are dropped, as the docs say Picky Assist does.
//!
//! Every request and webhook call is logged with `tracing` (target
//! `pickyassist_mock`), never with a token, a phone number or a message
//! text. What an outsider can send is bounded: the requests kept
//! ([`MockBuilder::history`]), the refusal and log line of a huge payload,
//! the time to send a request head ([`MockBuilder::header_timeout`]) and
//! its body ([`MockBuilder::body_timeout`]), and
//! the webhook deliveries in flight.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod answer;
mod background;
mod behavior;
mod bounded;
mod callback;
mod deadline;
mod delivery;
#[rustfmt::skip]
mod generated;
mod history;
mod pushes;
mod record;
mod route;
mod script;
mod serve;

pub use behavior::Behavior;
pub use callback::{Call, Hook, DOCUMENTED_RETRIES};
pub use delivery::Delivery;
pub use history::{DEFAULT_HISTORY, HISTORY_BYTES};
pub use record::{Received, ReceivedVia};
pub use script::{parse_duration, parse_script, ScriptError};
pub use serve::MAX_REQUEST_BYTES;

use answer::{Ids, Keys, Tokens};
use callback::Callbacks;
use history::History;
use pushes::Pushes;
use route::Route;
use std::{
    collections::{BTreeMap, VecDeque},
    net::SocketAddr,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};
use tokio::{net::TcpListener, task::JoinHandle};

/// The project token [`MockServer::start`] accepts.
pub const TEST_TOKEN: &str = "mock-token";
/// The master token [`MockServer::start`] accepts on the project-management routes.
pub const TEST_MASTER_TOKEN: &str = "mock-master-token";
/// How long a connection may take to send its request head by default
/// ([`MockBuilder::header_timeout`]).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a request body may take to arrive whole by default, counted
/// from its head ([`MockBuilder::body_timeout`]).
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// A running fake server. Dropping it stops accepting connections.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

/// State shared by the connections of one mock.
#[derive(Debug)]
pub(crate) struct Shared {
    keys: Keys,
    ids: Ids,
    log: Mutex<Log>,
    /// Whether requests over their route's documented limit are dropped.
    enforce_limits: bool,
    /// Webhooks to call back.
    callbacks: Callbacks,
    /// Undocumented keys are accepted (with a warning) instead of refused.
    lenient: bool,
    /// The accepted pushes, for `/delivery-report` and the event webhook.
    pushes: Mutex<Pushes>,
}

#[derive(Debug)]
struct Log {
    received: History,
    queue: VecDeque<Behavior>,
    default: Behavior,
    /// Arrival times of the requests processed in the last minute, by
    /// route (one count for a route under every prefix it is served at).
    recent: BTreeMap<&'static str, VecDeque<tokio::time::Instant>>,
}

impl Log {
    /// Whether a request to `route` arriving now goes over its limit: more
    /// than the allowed number within any minute (a sliding window, the
    /// strictest reading of "per minute"). Reads tokio's clock, so a test with
    /// paused time sees minutes pass instantly, as the client's limiter does.
    /// Returns how long until a request would be let through, when this
    /// one is not.
    fn over_limit(&mut self, route: &Route) -> Option<Duration> {
        let limit = route.endpoint.rate_limit?.requests_per_minute();
        let now = tokio::time::Instant::now();
        let recent = self.recent.entry(route.endpoint.path).or_default();
        let minute = Duration::from_secs(60);
        while recent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= minute)
        {
            recent.pop_front();
        }
        if recent.len() >= limit as usize {
            let oldest = recent.front().copied().unwrap_or(now);
            return Some(minute.saturating_sub(now.duration_since(oldest)));
        }
        recent.push_back(now);
        None
    }
}

impl Shared {
    /// Records a request to `route`, marks it dropped when it goes over the
    /// route's limit (with limits enforced), and picks the behaviour for it:
    /// one step under one lock, so that concurrent requests each take a
    /// different queued behaviour. Returns, when it was dropped, how long
    /// until a request would be let through.
    fn record(&self, route: &Route, mut received: Received) -> (Option<Duration>, Behavior) {
        let mut log = self.lock();
        let dropped = if self.enforce_limits {
            log.over_limit(route)
        } else {
            None
        };
        received.dropped = dropped.is_some();
        log.received.push(received);
        let behavior = match log.queue.pop_front() {
            Some(behavior) => behavior,
            None => log.default.clone(),
        };
        (dropped, behavior)
    }

    /// The accepted pushes (a poisoned lock still holds them).
    fn pushes(&self) -> MutexGuard<'_, Pushes> {
        self.pushes.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock(&self) -> MutexGuard<'_, Log> {
        // A panic while holding the lock cannot leave the log half-written
        // (every update is a single push/pop), so a poisoned lock is still usable.
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Settings for a [`MockServer`] before it starts.
#[derive(Debug, Clone)]
pub struct MockBuilder {
    addr: SocketAddr,
    tokens: Tokens,
    master_tokens: Tokens,
    behavior: Behavior,
    enforce_limits: bool,
    callbacks: Callbacks,
    history: usize,
    header_timeout: Duration,
    body_timeout: Duration,
    lenient: bool,
}

impl Default for MockBuilder {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            tokens: Tokens::Only(vec![TEST_TOKEN.to_owned()]),
            master_tokens: Tokens::Only(vec![TEST_MASTER_TOKEN.to_owned()]),
            behavior: Behavior::Answer,
            enforce_limits: false,
            callbacks: Callbacks::new(),
            history: DEFAULT_HISTORY,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            lenient: false,
        }
    }
}

impl MockBuilder {
    /// Accept this token (replaces the default [`TEST_TOKEN`]; call again to add more).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        match &mut self.tokens {
            Tokens::Only(list) if list.len() == 1 && list[0] == TEST_TOKEN => {
                *list = vec![token.into()];
            }
            Tokens::Only(list) => list.push(token.into()),
            Tokens::Any => self.tokens = Tokens::Only(vec![token.into()]),
        }
        self
    }

    /// Accept any non-empty token (project and master).
    pub fn any_token(mut self) -> Self {
        self.tokens = Tokens::Any;
        self.master_tokens = Tokens::Any;
        self
    }

    /// Accept this master token on the project-management routes (replaces
    /// [`TEST_MASTER_TOKEN`]).
    pub fn master_token(mut self, token: impl Into<String>) -> Self {
        self.master_tokens = Tokens::Only(vec![token.into()]);
        self
    }

    /// Listen on this address instead of a random loopback port.
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// The behaviour for every request that has no queued one (default [`Behavior::Answer`]).
    pub fn behavior(mut self, behavior: Behavior) -> Self {
        self.behavior = behavior;
        self
    }

    /// Enforce the documented rate limits of the endpoint index (push 90,
    /// device status 3 requests per minute): a request over the limit is recorded as
    /// [`dropped`](Received::dropped), not processed, and answered HTTP 429.
    /// The docs say only that such requests are dropped; the 429 makes the
    /// loss visible to the caller in tests, and its `Retry-After` says in
    /// how many seconds a request would be let through.
    pub fn enforce_rate_limits(mut self) -> Self {
        self.enforce_limits = true;
        self
    }

    /// Call this global webhook URL with incoming messages
    /// ([`MockServer::post_incoming`]).
    pub fn webhook(mut self, url: impl Into<String>) -> Self {
        self.callbacks.message_url = Some(url.into());
        self
    }

    /// Call this event webhook URL with delivery reports after every
    /// accepted push: one event per state of [`deliveries`](Self::deliveries),
    /// each listing every recipient with the `msg_id` the push answer gave it.
    pub fn event_webhook(mut self, url: impl Into<String>) -> Self {
        self.callbacks.event_url = Some(url.into());
        self
    }

    /// The states each push's delivery reports announce, in order (default:
    /// submitted, then delivered).
    pub fn deliveries(mut self, deliveries: impl IntoIterator<Item = Delivery>) -> Self {
        self.callbacks.deliveries = deliveries.into_iter().collect();
        self
    }

    /// The waits between tries of a global-webhook call that got no 200
    /// (default [`DOCUMENTED_RETRIES`]; tests compress them).
    pub fn webhook_retries(mut self, waits: impl IntoIterator<Item = std::time::Duration>) -> Self {
        self.callbacks.retries = waits.into_iter().collect();
        self
    }

    /// Keep at most this many requests for [`MockServer::requests`] (default
    /// [`DEFAULT_HISTORY`]; older ones are forgotten, and never more than
    /// [`HISTORY_BYTES`] in all). [`MockServer::request_count`] still counts every request.
    pub fn history(mut self, requests: usize) -> Self {
        self.history = requests;
        self
    }

    /// Close a connection that has not sent a whole request head within
    /// this time (default [`DEFAULT_HEADER_TIMEOUT`]), so idle or half-open
    /// connections cannot pile up.
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// Answer 408 and close the connection when a request body has not
    /// arrived whole within this time after its head (default
    /// [`DEFAULT_BODY_TIMEOUT`]), so a client that stops sending halfway
    /// cannot hold a connection open. Raise it to send bodies near the
    /// 16 MiB limit over a link slower than about 5 Mbit/s.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// Accept requests whose only fault is keys the docs do not list (each
    /// accepted one is logged as a warning); every other rule still holds.
    /// Useful against a client that sends extra keys Picky Assist ignores.
    pub fn lenient(mut self) -> Self {
        self.lenient = true;
        self
    }

    /// Binds the socket and starts serving on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            keys: Keys {
                project: self.tokens,
                master: self.master_tokens,
            },
            ids: Ids::default(),
            log: Mutex::new(Log {
                received: History::new(self.history),
                queue: VecDeque::new(),
                default: self.behavior,
                recent: BTreeMap::new(),
            }),
            callbacks: self.callbacks,
            enforce_limits: self.enforce_limits,
            lenient: self.lenient,
            pushes: Mutex::default(),
        });
        let task = tokio::spawn(serve::accept_loop(
            listener,
            serve::router(Arc::clone(&shared)),
            self.header_timeout,
            self.body_timeout,
        ));
        Ok(MockServer { addr, shared, task })
    }
}

impl MockServer {
    /// Starts a mock on a random `127.0.0.1` port that accepts [`TEST_TOKEN`].
    pub async fn start() -> std::io::Result<Self> {
        MockBuilder::default().start().await
    }

    /// Settings for a mock with other tokens, address or default behaviour.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234` (the push goes to `/push`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the mock listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The requests kept so far (the most recent ones, see
    /// [`MockBuilder::history`]), in arrival order.
    pub fn requests(&self) -> Vec<Received> {
        self.shared.lock().received.iter().cloned().collect()
    }

    /// How many requests have been received (kept or not).
    pub fn request_count(&self) -> usize {
        self.shared.lock().received.total
    }

    /// Posts an incoming message to the global webhook (see
    /// [`MockBuilder::webhook`]), retrying on the schedule until the handler
    /// answers 200. Returns that call, with the handler's answer (an
    /// instant reply), or `None` without a webhook or after the last retry.
    pub async fn post_incoming(&self, message: serde_json::Value) -> Option<Call> {
        self.shared.callbacks.incoming(message).await
    }

    /// Every webhook call made so far, retries included, in order.
    pub fn webhook_calls(&self) -> Vec<Call> {
        self.shared.callbacks.calls().clone()
    }

    /// How many requests were dropped for going over a rate limit.
    pub fn dropped_count(&self) -> usize {
        self.shared.lock().received.dropped
    }

    /// Queues a behaviour for one request; queued ones are used before the default, in order.
    pub fn enqueue(&self, behavior: Behavior) {
        self.shared.lock().queue.push_back(behavior);
    }

    /// Sets the behaviour for every request without a queued one.
    pub fn set_behavior(&self, behavior: Behavior) {
        self.shared.lock().default = behavior;
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
        self.shared.callbacks.background.stop();
    }
}
