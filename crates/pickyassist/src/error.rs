//! Everything that can go wrong with a call, as one enum.

use crate::{
    body::{excerpt, Secrets},
    store::StoreError,
    Endpoint,
};
use pickyassist_model::{ApiStatus, PhoneNumberError, ValidationErrors};
use std::time::Duration;

/// Why a call did not return an accepted answer.
///
/// No variant's `Display` or `Debug` contains the API token: server text and
/// body excerpts are redacted, and transport errors are stored without the URL.
/// A body excerpt keeps the answer's shape, ids and the server's top-level
/// words but not the phone numbers or texts an answer may echo (every other
/// JSON string is `"…"`, every run of 5 or more digits outside an id `#…`),
/// and a decoder's reason names types and places, not values. `Api::answer`
/// is the refusal as the server sent it (token removed), for a program to
/// read; `Display` and `Debug` (what `unwrap` and `{:?}` print) show neither
/// it nor the server's message with phone numbers or texts.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks the schema; it was not sent. Lists every violation with its pointer.
    #[error("the request was not sent, it breaks the schema:\n{0}")]
    Validation(ValidationErrors),

    /// Picky Assist answered with a status other than 100 (e.g. 401 authentication
    /// failed, 403 insufficient balance, 834 group subject too long): it read
    /// the request and did not accept it. A code no docs page names
    /// ([`ApiStatus::Other`]) says nothing certain: see
    /// [`may_have_been_sent`](Self::may_have_been_sent).
    #[error("{}: status {} ({status:?}){}",
            if unknown_fate(status) {
                "Picky Assist answered with a status no docs page names, the request may have been accepted"
            } else {
                "Picky Assist refused the request"
            },
            status.code(),
            if message.is_empty() { String::new() } else { format!(": {}", crate::mask::hide_digit_runs(message)) })]
    Api {
        /// The status code, typed; unknown codes are `ApiStatus::Other`.
        status: ApiStatus,
        /// The server's `message`, or an empty string when it sent none
        /// (token removed; the error's `Display` and `Debug` also hide runs
        /// of 5 or more digits, which may be a recipient's number).
        message: String,
        /// The whole answer, as JSON (token removed from its texts), for a
        /// program to read: it may echo recipients, so the error's `Debug`
        /// shows it as a body excerpt does (ids and shape, no texts or numbers).
        answer: Box<serde_json::Value>,
    },

    /// An HTTP answer that is not Picky Assist's own: a 5xx, 408 or 429
    /// (whatever its body says: gateways and proxies write JSON too), or an
    /// error status without a refusal in the body. The request may have been
    /// accepted: check before sending it again.
    #[error("HTTP {status} from {}, not a Picky Assist answer: the request may have been accepted, it was not retried; body starts: {excerpt:?}", endpoint.path)]
    Http {
        /// The endpoint called.
        endpoint: &'static Endpoint,
        /// The HTTP status code.
        status: u16,
        /// The first bytes of the body (at most [`EXCERPT_BYTES`](crate::EXCERPT_BYTES)).
        excerpt: String,
    },

    /// The answer is not a Picky Assist response (HTML, malformed or truncated JSON, …).
    #[error("the answer of {} (HTTP {status}) is not a Picky Assist response: {reason}; the request may have been accepted; body starts: {excerpt:?}", endpoint.path)]
    Decode {
        /// The endpoint called.
        endpoint: &'static Endpoint,
        /// The HTTP status code.
        status: u16,
        /// What the decoder said.
        reason: String,
        /// The first bytes of the body (at most [`EXCERPT_BYTES`](crate::EXCERPT_BYTES)).
        excerpt: String,
    },

    /// The answer is larger than the client's limit; reading stopped there.
    #[error("the answer of {} (HTTP {status}) is larger than the {limit}-byte limit; the request may have been accepted", endpoint.path)]
    BodyTooLarge {
        /// The endpoint called.
        endpoint: &'static Endpoint,
        /// The HTTP status code.
        status: u16,
        /// The limit set with [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes).
        limit: usize,
    },

    /// No complete answer within the timeout. The request may have reached the
    /// server, so it was not retried: check before sending it again.
    #[error("no answer from {} within the timeout{}; the request may have been accepted, it was not retried",
            endpoint.path, timeout.map(|t| format!(" ({t:?})")).unwrap_or_default())]
    Timeout {
        /// The endpoint called.
        endpoint: &'static Endpoint,
        /// The client's overall timeout, if one was set.
        timeout: Option<Duration>,
    },

    /// Could not connect (refused, DNS, TLS, or no answer to the connection
    /// attempt within the connect timeout). Nothing was sent; retried per the
    /// retry policy.
    #[error("could not connect to send {} after {attempts} attempt(s); nothing was sent: {message}", endpoint.path)]
    Connect {
        /// The endpoint called.
        endpoint: &'static Endpoint,
        /// How many connection attempts were made.
        attempts: u32,
        /// The last failure.
        message: String,
    },

    /// The connection failed after the request was (perhaps) written. Not
    /// retried: the request may have been accepted.
    #[error("the connection failed after the request to {} was sent; the request may have been accepted, it was not retried: {message}", endpoint.path)]
    Transport {
        /// The endpoint called.
        endpoint: &'static Endpoint,
        /// What failed.
        message: String,
    },

    /// The shared rate-limit store (e.g. Redis) could not say whether a
    /// request may go out, so it was not sent: sending over the documented
    /// limit would get it dropped. Safe to retry.
    #[error("not sent: the rate-limit store could not be asked for a slot ({0})")]
    RateLimitStore(StoreError),

    /// The server answered with a redirect (3xx), or a custom HTTP client
    /// followed one. Picky Assist does not redirect; the client never follows
    /// one, because the token travels in the body and would go to the new host.
    /// The request was sent to whoever redirected it, so it may have been
    /// accepted: not retried, and not reported as a refusal.
    #[error("{} to {location:?} from {}, not followed: the token must not follow a redirect; the request may have been accepted, it was not retried",
            if *followed { format!("a redirect (answer HTTP {status}) followed by the custom HTTP client") }
            else { format!("HTTP {status} redirect") }, endpoint.path)]
    Redirect {
        /// The endpoint called.
        endpoint: &'static Endpoint,
        /// The HTTP status (the 3xx, or the final answer's status when `followed`).
        status: u16,
        /// Where the redirect pointed (the `Location` header or the final URL, token removed).
        location: String,
        /// A custom `reqwest::Client` followed the redirect (without the body).
        followed: bool,
    },

    /// A phone number given to a request is not one (so nothing was sent):
    /// what `?` makes of [`PhoneNumber::new`](pickyassist_model::PhoneNumber::new)'s error.
    #[error("not sent: {0}")]
    PhoneNumber(#[from] PhoneNumberError),

    /// The client could not be built (bad base URL, empty token, …).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

/// Written out so that `Api` shows its answer and message without personal
/// data; every other variant reads as a derived `Debug` would, with the
/// endpoint by its path.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::mask::{hide_digit_runs, hide_personal};
        match self {
            Self::Validation(e) => f.debug_tuple("Validation").field(e).finish(),
            Self::Api {
                status,
                message,
                answer,
            } => f
                .debug_struct("Api")
                .field("status", status)
                .field("message", &hide_digit_runs(message))
                .field("answer", &hide_personal(&answer.to_string()))
                .finish(),
            Self::Http {
                endpoint,
                status,
                excerpt,
            } => f
                .debug_struct("Http")
                .field("endpoint", &endpoint.path)
                .field("status", status)
                .field("excerpt", excerpt)
                .finish(),
            Self::Decode {
                endpoint,
                status,
                reason,
                excerpt,
            } => f
                .debug_struct("Decode")
                .field("endpoint", &endpoint.path)
                .field("status", status)
                .field("reason", reason)
                .field("excerpt", excerpt)
                .finish(),
            Self::BodyTooLarge {
                endpoint,
                status,
                limit,
            } => f
                .debug_struct("BodyTooLarge")
                .field("endpoint", &endpoint.path)
                .field("status", status)
                .field("limit", limit)
                .finish(),
            Self::Timeout { endpoint, timeout } => f
                .debug_struct("Timeout")
                .field("endpoint", &endpoint.path)
                .field("timeout", timeout)
                .finish(),
            Self::Connect {
                endpoint,
                attempts,
                message,
            } => f
                .debug_struct("Connect")
                .field("endpoint", &endpoint.path)
                .field("attempts", attempts)
                .field("message", message)
                .finish(),
            Self::Transport { endpoint, message } => f
                .debug_struct("Transport")
                .field("endpoint", &endpoint.path)
                .field("message", message)
                .finish(),
            Self::RateLimitStore(e) => f.debug_tuple("RateLimitStore").field(e).finish(),
            Self::Redirect {
                endpoint,
                status,
                location,
                followed,
            } => f
                .debug_struct("Redirect")
                .field("endpoint", &endpoint.path)
                .field("status", status)
                .field("location", location)
                .field("followed", followed)
                .finish(),
            Self::PhoneNumber(e) => f.debug_tuple("PhoneNumber").field(e).finish(),
            Self::Config(e) => f.debug_tuple("Config").field(e).finish(),
        }
    }
}

impl Error {
    /// The API status, when Picky Assist answered with one.
    pub fn api_status(&self) -> Option<ApiStatus> {
        match self {
            Self::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the request may have been **accepted** by the server, so that
    /// sending it again could act twice.
    ///
    /// `false` when it was never sent (validation, connection, configuration,
    /// an unreachable rate-limit store) and when Picky Assist answered with a
    /// refusal it documents ([`Error::Api`] with a named status: it read the
    /// request and did not accept it).
    /// `true` when the outcome is unknown: a timeout, a connection lost after
    /// sending, an HTTP answer that is not Picky Assist's own (any 5xx, 408 or
    /// 429, whatever its body), a redirect (whoever answered it had the
    /// request, and may have passed it on or acted on it before redirecting),
    /// an answer that could not be read or was too large, and a status code
    /// no docs page names ([`ApiStatus::Other`]: what it means is unknown).
    pub fn may_have_been_sent(&self) -> bool {
        match self {
            Self::Api { status, .. } => unknown_fate(status),
            Self::Validation(_)
            | Self::PhoneNumber(_)
            | Self::Connect { .. }
            | Self::Config(_)
            | Self::RateLimitStore(_) => false,
            Self::Redirect { .. }
            | Self::Http { .. }
            | Self::Decode { .. }
            | Self::BodyTooLarge { .. }
            | Self::Timeout { .. }
            | Self::Transport { .. } => true,
        }
    }

    /// Whether sending the same request again cannot act twice: it was
    /// not sent (the opposite of [`may_have_been_sent`](Self::may_have_been_sent)),
    /// or the endpoint only reads (delivery report, template status, group
    /// details, device status, balance: see [`Endpoint::read_only`]). It says
    /// nothing about whether a new attempt would succeed (a wrong token stays wrong).
    pub fn is_retry_safe(&self) -> bool {
        !self.may_have_been_sent() || self.endpoint().is_some_and(|e| e.read_only)
    }

    /// The endpoint called, for the errors that happened on the way to it or back.
    pub fn endpoint(&self) -> Option<&'static Endpoint> {
        match self {
            Self::Http { endpoint, .. }
            | Self::Redirect { endpoint, .. }
            | Self::Decode { endpoint, .. }
            | Self::BodyTooLarge { endpoint, .. }
            | Self::Timeout { endpoint, .. }
            | Self::Connect { endpoint, .. }
            | Self::Transport { endpoint, .. } => Some(endpoint),
            _ => None,
        }
    }

    pub(crate) fn from_reqwest(
        error: reqwest::Error,
        endpoint: &'static Endpoint,
        secrets: &Secrets,
        attempts: u32,
        timeout: Option<Duration>,
    ) -> Self {
        let (connect, timed_out) = (error.is_connect(), error.is_timeout());
        // The URL can carry the token (query encoding): never keep it.
        let message = secrets.redact(&chain(&error.without_url()));
        // A connect timeout (a full listen backlog, a dropped SYN) is a
        // failure to connect: not one byte of the request was written.
        if connect {
            Self::Connect {
                endpoint,
                attempts,
                message,
            }
        } else if timed_out {
            Self::Timeout { endpoint, timeout }
        } else {
            Self::Transport { endpoint, message }
        }
    }

    pub(crate) fn decode(
        endpoint: &'static Endpoint,
        status: u16,
        reason: &serde_json::Error,
        body: &[u8],
        secrets: &Secrets,
    ) -> Self {
        Self::decode_reason(endpoint, status, &reason.to_string(), body, secrets)
    }

    /// [`Error::decode`] from a decoder's message already written out.
    pub(crate) fn decode_reason(
        endpoint: &'static Endpoint,
        status: u16,
        reason: &str,
        body: &[u8],
        secrets: &Secrets,
    ) -> Self {
        Self::Decode {
            endpoint,
            status,
            reason: secrets.redact(&crate::mask::shape_of(reason.to_owned())),
            excerpt: excerpt(body, secrets),
        }
    }
}

/// Whether an API status says nothing certain about the request's fate: a
/// code no docs page names. What `Error::Api`'s message and
/// [`Error::may_have_been_sent`] both go by.
fn unknown_fate(status: &ApiStatus) -> bool {
    matches!(status, ApiStatus::Other(_))
}

/// An error and its sources on one line ("error sending request: connection refused").
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u64, message: &str) -> Error {
        Error::Api {
            status: ApiStatus::from_code(status),
            message: message.into(),
            answer: Box::new(serde_json::json!({"status": status, "message": message})),
        }
    }

    #[test]
    fn only_an_unknown_outcome_may_have_been_sent() {
        let push = &crate::PUSH;
        let sent = [
            Error::Http {
                endpoint: push,
                status: 502,
                excerpt: String::new(),
            },
            Error::Decode {
                endpoint: push,
                status: 200,
                reason: String::new(),
                excerpt: String::new(),
            },
            Error::BodyTooLarge {
                endpoint: push,
                status: 200,
                limit: 1,
            },
            Error::Timeout {
                endpoint: push,
                timeout: None,
            },
            Error::Transport {
                endpoint: push,
                message: String::new(),
            },
            // Whoever redirected had the request.
            Error::Redirect {
                endpoint: push,
                status: 307,
                location: String::new(),
                followed: false,
            },
        ];
        let not_sent = [
            Error::Validation(ValidationErrors::at_root("json", "x")),
            Error::PhoneNumber(PhoneNumberError::LeadingZero),
            Error::Connect {
                endpoint: push,
                attempts: 1,
                message: String::new(),
            },
            Error::Config(String::new()),
            api(401, "Authentication Failed"),
            api(403, "Insufficient Balance"),
            Error::RateLimitStore(StoreError::Unavailable("down".into())),
        ];
        for e in &sent {
            assert!(e.may_have_been_sent() && !e.is_retry_safe(), "{e:?}");
            assert!(e.to_string().contains("/push"), "names the endpoint: {e}");
        }
        for e in &not_sent {
            assert!(!e.may_have_been_sent() && e.is_retry_safe(), "{e:?}");
        }
        // A code no docs page names: what it means is unknown.
        let unknown = api(499, "");
        assert!(unknown.may_have_been_sent() && !unknown.is_retry_safe());
    }

    #[test]
    fn a_read_only_endpoint_is_safe_to_call_again_after_a_timeout() {
        let timeout = |endpoint| Error::Timeout {
            endpoint,
            timeout: None,
        };
        for endpoint in crate::ENDPOINTS {
            let e = timeout(endpoint);
            assert!(e.may_have_been_sent());
            assert_eq!(e.is_retry_safe(), endpoint.read_only, "{}", endpoint.path);
        }
        let read_only: Vec<_> = crate::ENDPOINTS
            .iter()
            .filter(|e| e.read_only)
            .map(|e| e.path)
            .collect();
        assert_eq!(
            read_only,
            [
                "/delivery-report",
                "/template-status",
                "/group-details",
                "/device-status",
                "/check-balance"
            ]
        );
        assert!(timeout(&crate::DEVICE_STATUS)
            .to_string()
            .starts_with("no answer from /device-status within the timeout"));
    }

    #[test]
    fn a_refusal_shows_no_recipient_in_display_or_debug() {
        let e = Error::Api {
            status: ApiStatus::from_code(402),
            message: "Invalid number 919846012345".into(),
            answer: Box::new(serde_json::json!({
                "status": 402,
                "push_id": "7478630",
                "data": [{"number": "919846012345", "message": "Dear Anita, your OTP is 4417"}],
            })),
        };
        for text in [e.to_string(), format!("{e:?}"), format!("{e:#?}")] {
            for personal in ["919846012345", "Anita", "4417"] {
                assert!(!text.contains(personal), "{personal} in {text}");
            }
            assert!(text.contains("Invalid number #…"), "{text}");
        }
        assert!(format!("{e:?}").contains("7478630"), "ids stay: {e:?}");
        // The program still reads the answer whole.
        let Error::Api { answer, .. } = &e else {
            unreachable!()
        };
        assert_eq!(answer["data"][0]["number"], "919846012345");
    }

    #[test]
    fn a_refusal_without_a_message_has_no_dangling_colon() {
        assert_eq!(
            api(402, "").to_string(),
            "Picky Assist refused the request: status 402 (EmptyNumberList)"
        );
        assert_eq!(
            api(499, "").to_string(),
            "Picky Assist answered with a status no docs page names, the request may have been accepted: status 499 (Other(499))"
        );
        assert!(api(499, "").may_have_been_sent());
        assert!(!api(401, "").may_have_been_sent());
        assert_eq!(
            api(401, "Authentication Failed").to_string(),
            "Picky Assist refused the request: status 401 (AuthenticationFailed): Authentication Failed"
        );
    }

    #[test]
    fn a_phone_number_error_converts_with_question_mark() {
        fn build() -> Result<pickyassist_model::PhoneNumber, Error> {
            Ok(pickyassist_model::PhoneNumber::new("+91 98460")?)
        }
        let e = build().expect_err("not digits");
        assert!(matches!(
            e,
            Error::PhoneNumber(PhoneNumberError::NotDigit('+'))
        ));
        assert!(!e.may_have_been_sent());
    }
}
