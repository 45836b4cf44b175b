//! The client and its settings. Sending is in `send.rs`; the method per
//! endpoint is generated (`generated/mod.rs`).

use crate::{
    body::Secrets,
    limit::{Limiter, Limits},
    store::RateLimitStore,
    Endpoint, Error, RateLimit, RetryPolicy,
};
use pickyassist_model::Token;
use std::{sync::Arc, time::Duration};

/// The documented Push API base URL (the "V3" host).
pub const V3_BASE_URL: &str = "https://pickyassist.com/app/api/v2";
/// The base URL of Picky Assist V4 projects.
pub const V4_BASE_URL: &str = "https://app.pickyassist.com/api/v2";
/// Default limit for a whole call, from connecting to the last byte of the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on an answer's size (a 10 000-recipient push answer is about 0.7 MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// How the JSON document is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Encoding {
    /// A JSON body (`Content-Type: application/json`), the documented way.
    #[default]
    Json,
    /// The docs' "normal POST method" for tools that cannot post JSON: a form
    /// body whose `data` field holds the JSON document.
    Form,
    /// The JSON document in the `data` query parameter (`/push?data=JSON`), as
    /// the docs print it. The token then travels in the URL, where proxies and
    /// server logs may keep it: prefer [`Encoding::Form`].
    Query,
}

/// A Picky Assist API client. Cheap to clone; clones share connections.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) token: Token,
    /// The account's master token, for the project-management endpoints.
    pub(crate) master_token: Option<Token>,
    /// Both tokens, for redaction.
    pub(crate) secrets: Secrets,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    pub(crate) encoding: Encoding,
    pub(crate) limiter: Limiter,
    /// A user-supplied `reqwest::Client`, whose redirect policy is unknown.
    pub(crate) custom_http: bool,
}

/// Settings for a [`Client`]; start with [`Client::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    token: Token,
    master_token: Option<Token>,
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    encoding: Encoding,
    limits: Limits,
    rate_limit_store: Option<Arc<dyn RateLimitStore>>,
    allow_insecure_http: bool,
}

impl ClientBuilder {
    /// The API base URL (default [`V3_BASE_URL`]); endpoint paths such as `/push` are appended.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Use the V4 host, [`V4_BASE_URL`].
    pub fn v4(self) -> Self {
        self.base_url(V4_BASE_URL)
    }

    /// Limit for a whole call, from connecting to the last byte of the answer
    /// (default [`DEFAULT_TIMEOUT`]). Time spent waiting for the rate limit does not count.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// No limit for a whole call: wait for the answer as long as it takes.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Limit for establishing a connection (default [`DEFAULT_CONNECT_TIMEOUT`]).
    /// Ignored when a custom [`reqwest::Client`] is given: configure it there.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Send through this `reqwest` client (proxies, TLS roots, pools). The
    /// overall [`timeout`](Self::timeout) is still applied to every call.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`. If it
    /// follows redirects anyway, the token still cannot leave: bodies are sent
    /// in a form reqwest cannot replay (so a 307/308 is not followed), a
    /// 301/302/303 turns the call into a GET without the body, and any answer
    /// that went through a redirect is [`Error::Redirect`]. [`Encoding::Query`]
    /// (the token in the URL, which a redirect would carry in `Referer`) is
    /// refused with a custom client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// When to retry a send that could not connect (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Largest answer accepted (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How requests are encoded (default [`Encoding::Json`]).
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// Keeps this rate for `endpoint` (e.g. [`PUSH`](crate::PUSH)),
    /// replacing the documented one (a plan with a higher limit). See [`RateLimit`].
    pub fn rate_limit(mut self, endpoint: &Endpoint, limit: RateLimit) -> Self {
        self.limits.0.insert(endpoint.path, Some(limit));
        self
    }

    /// Sends to `endpoint` without waiting for its rate limit. Requests over
    /// the server's limit are then dropped by the server.
    pub fn no_rate_limit(mut self, endpoint: &Endpoint) -> Self {
        self.limits.0.insert(endpoint.path, None);
        self
    }

    /// Switches every client-side rate limit off.
    pub fn no_rate_limits(mut self) -> Self {
        for limit in self.limits.0.values_mut() {
            *limit = None;
        }
        self
    }

    /// Where the rate limits are kept (default: a new
    /// [`MemoryRateLimits`](crate::store::MemoryRateLimits), shared by this
    /// client's clones only).
    ///
    /// The documented limits hold per account: clients built separately in
    /// one process share a limit by sharing one `MemoryRateLimits`, and
    /// several processes (workers, replicas, shell loops) by sharing a
    /// [`RedisStore`](crate::store::RedisStore) (feature `redis`). When the
    /// store cannot answer, nothing is sent: the call fails with
    /// [`Error::RateLimitStore`], safe to retry.
    pub fn rate_limit_store(mut self, store: impl RateLimitStore + 'static) -> Self {
        self.rate_limit_store = Some(Arc::new(store));
        self
    }

    /// The account's master API token, which the project-management
    /// endpoints (`/pm/*`) use instead of a project's token.
    pub fn master_token(mut self, token: impl Into<Token>) -> Self {
        self.master_token = Some(token.into());
        self
    }

    /// Allows a plain `http://` base URL to a host other than this machine.
    /// The token travels in the request body, readable by anyone on the way:
    /// only for a trusted network or a test server. Loopback addresses
    /// (`127.0.0.1`, `::1`, `localhost`) are always allowed.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        if self.token.is_empty() {
            return Err(Error::Config("the API token is empty".into()));
        }
        let secrets = Secrets::new(
            [self.token.clone()]
                .into_iter()
                .chain(self.master_token.clone()),
        );
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        // A URL may carry secrets (a token in its query, a password): errors
        // name it by scheme, host and path only, tokens removed.
        let shown = || secrets.redact(&shown_url(&base_url));
        // `127.0.0.1:8080` is no URL and `localhost:8080` has the scheme
        // `localhost`: both lack the http:// a person forgot.
        let in_full = "write it in full, e.g. http://127.0.0.1:8080/api/v2";
        let url = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("base URL {}: {e}; {in_full}", shown())))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL must be http(s): {}; {in_full}",
                shown()
            )));
        }
        if url.query().is_some() || url.fragment().is_some() || url.password().is_some() {
            return Err(Error::Config(format!(
                "base URL must have no query, fragment or password (the token travels in the body): {}",
                shown()
            )));
        }
        if url.scheme() == "http" && !is_loopback(&url) && !self.allow_insecure_http {
            return Err(Error::Config(format!(
                "base URL {} is plain http to another machine: the token would travel \
                 unencrypted; use https, or allow_insecure_http() on a trusted network",
                shown()
            )));
        }
        let custom_http = self.http.is_some();
        if custom_http && self.encoding == Encoding::Query {
            return Err(Error::Config(
                "Encoding::Query puts the token in the URL, which a custom reqwest client \
                 may send on to another host in a redirect's Referer; use Encoding::Form"
                    .into(),
            ));
        }
        let http = match self.http {
            Some(client) => client,
            // No redirects: the token is in the body, and a followed 307 would
            // post it to whatever host the Location header names.
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .referer(false)
                .user_agent(concat!("pickyassist-rs/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| Error::Config(e.to_string()))?,
        };
        let limiter = Limiter::new(&self.limits, self.rate_limit_store, &self.token);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                secrets,
                token: self.token,
                master_token: self.master_token,
                timeout: self.timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                encoding: self.encoding,
                limiter,
                custom_http,
            }),
        })
    }
}

/// A URL as errors may show it: what comes before any `?` or `#`, without
/// user information (`user:password@`).
fn shown_url(url: &str) -> String {
    let bare = url.split(['?', '#']).next().unwrap_or("");
    match bare.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit('@').next().unwrap_or(authority);
            let hidden = if host.len() < authority.len() {
                "…@"
            } else {
                ""
            };
            format!("{scheme}://{hidden}{host}{path}")
        }
        None => bare.to_owned(),
    }
}

/// Whether the URL names this machine (the mock, a local proxy).
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl Client {
    /// Settings for a client that authenticates with `token`.
    pub fn builder(token: impl Into<Token>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            master_token: None,
            base_url: V3_BASE_URL.to_owned(),
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            http: None,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            encoding: Encoding::Json,
            limits: Limits::documented(),
            rate_limit_store: None,
            allow_insecure_http: false,
        }
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The URL a call to `endpoint` is posted to, as errors show URLs (a
    /// user name hidden): for people, e.g. beside a failed call.
    pub fn url_for(&self, endpoint: &Endpoint) -> String {
        shown_url(&self.endpoint_url(endpoint.path))
    }

    /// The URL a call to the endpoint at `path` is posted to.
    pub(crate) fn endpoint_url(&self, path: &str) -> String {
        format!("{}{path}", self.inner.base_url)
    }

    /// The token a request to `endpoint` carries: the project's, or the
    /// master token for the project-management endpoints (the project's
    /// when none is set: sending then fails with [`Error::Config`]).
    pub(crate) fn request_token(&self, endpoint: &Endpoint) -> Token {
        match (endpoint.token, &self.inner.master_token) {
            (crate::TokenKind::Master, Some(master)) => master.clone(),
            _ => self.inner.token.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_base_url_is_named_without_what_may_be_secret() {
        let refuse = |url: &str| {
            let e = Client::builder("TOKEN-abc")
                .base_url(url)
                .build()
                .expect_err("refused");
            assert!(matches!(e, Error::Config(_)), "{e:?}");
            e.to_string()
        };
        let text = refuse("http://127.0.0.1:9/?token=TOKEN-abc");
        assert!(!text.contains("TOKEN"), "{text}");
        assert!(text.contains("http://127.0.0.1:9"), "{text}");
        let text = refuse("https://user:hunter2@example.com/api");
        assert!(
            !text.contains("hunter2") && !text.contains("user"),
            "{text}"
        );
        let text = refuse("ftp://TOKEN-abc.example.com/");
        assert!(!text.contains("TOKEN-abc"), "{text}");
        let text = refuse("http:// TOKEN-abc");
        assert!(!text.contains("TOKEN-abc"), "{text}");
        assert_eq!(
            shown_url("https://u:p@h.example:8/a?b#c"),
            "https://…@h.example:8/a"
        );
    }
}
