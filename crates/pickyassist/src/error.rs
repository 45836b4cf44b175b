//! Everything that can go wrong with a call, as one enum.

use crate::body::{excerpt, Secrets};
use pickyassist_model::{ApiStatus, PhoneNumberError, ValidationErrors};
use std::time::Duration;

/// Why a call did not return an accepted answer.
///
/// No variant's `Display` or `Debug` contains the API token: server text and
/// body excerpts are redacted, and transport errors are stored without the URL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks the schema; it was not sent. Lists every violation with its pointer.
    #[error("the request was not sent, it breaks the schema:\n{0}")]
    Validation(ValidationErrors),

    /// Picky Assist answered with a status other than 100 (e.g. 401 authentication
    /// failed, 403 insufficient balance, 834 group subject too long): it read
    /// the request and did not accept it.
    #[error("Picky Assist refused the request: status {} ({status:?}){}", status.code(),
            if message.is_empty() { String::new() } else { format!(": {message}") })]
    Api {
        /// The status code, typed; unknown codes are `ApiStatus::Other`.
        status: ApiStatus,
        /// The server's `message`, or an empty string when it sent none.
        message: String,
        /// The whole answer, as JSON (token removed from its texts).
        answer: Box<serde_json::Value>,
    },

    /// An HTTP error status without a Picky Assist answer in the body (a 5xx, a proxy page, …).
    #[error("HTTP {status} without a Picky Assist answer; body starts: {excerpt:?}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The first bytes of the body (at most [`EXCERPT_BYTES`](crate::EXCERPT_BYTES)).
        excerpt: String,
    },

    /// The answer is not a Picky Assist response (HTML, malformed or truncated JSON, …).
    #[error("the answer (HTTP {status}) is not a Picky Assist response: {reason}; body starts: {excerpt:?}")]
    Decode {
        /// The HTTP status code.
        status: u16,
        /// What the decoder said.
        reason: String,
        /// The first bytes of the body (at most [`EXCERPT_BYTES`](crate::EXCERPT_BYTES)).
        excerpt: String,
    },

    /// The answer is larger than the client's limit; reading stopped there.
    #[error("the answer (HTTP {status}) is larger than the {limit}-byte limit")]
    BodyTooLarge {
        /// The HTTP status code.
        status: u16,
        /// The limit set with [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes).
        limit: usize,
    },

    /// No complete answer within the timeout. The request may have reached the
    /// server, so it was not retried: check before sending it again.
    #[error("no answer within the timeout{}; the push may have been accepted, it was not retried",
            timeout.map(|t| format!(" ({t:?})")).unwrap_or_default())]
    Timeout {
        /// The client's overall timeout, if one was set.
        timeout: Option<Duration>,
    },

    /// Could not connect (refused, DNS, TLS). Nothing was sent; retried per the retry policy.
    #[error("could not connect after {attempts} attempt(s): {message}")]
    Connect {
        /// How many connection attempts were made.
        attempts: u32,
        /// The last failure.
        message: String,
    },

    /// The connection failed after the request was (perhaps) written. Not
    /// retried: the push may have been accepted.
    #[error("the connection failed after the request was sent; the push may have been accepted, it was not retried: {message}")]
    Transport {
        /// What failed.
        message: String,
    },

    /// The server answered with a redirect (3xx), or a custom HTTP client
    /// followed one. Picky Assist does not redirect; the client never follows
    /// one, because the token travels in the body and would go to the new host.
    #[error("{} to {location:?} refused: the token must not follow a redirect",
            if *followed { format!("a redirect (answer HTTP {status}) followed by the custom HTTP client") }
            else { format!("HTTP {status} redirect") })]
    Redirect {
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

impl Error {
    /// The API status, when Picky Assist answered with one.
    pub fn api_status(&self) -> Option<ApiStatus> {
        match self {
            Self::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the request may have been **accepted** by the server, so that
    /// sending it again could deliver it twice.
    ///
    /// `false` when it was never sent (validation, connection, configuration)
    /// and when the server answered with a refusal ([`Error::Api`]: it read
    /// the request and did not accept it) or a redirect. `true` when the
    /// outcome is unknown: a timeout, a connection lost after sending, an
    /// HTTP error without a Picky Assist answer, an answer that could not be
    /// read or was too large.
    pub fn may_have_been_sent(&self) -> bool {
        match self {
            Self::Validation(_)
            | Self::PhoneNumber(_)
            | Self::Connect { .. }
            | Self::Config(_)
            | Self::Api { .. }
            | Self::Redirect { .. } => false,
            Self::Http { .. }
            | Self::Decode { .. }
            | Self::BodyTooLarge { .. }
            | Self::Timeout { .. }
            | Self::Transport { .. } => true,
        }
    }

    /// Whether sending the same request again cannot deliver it twice: the
    /// opposite of [`may_have_been_sent`](Self::may_have_been_sent). It says
    /// nothing about whether a new attempt would succeed (a wrong token stays wrong).
    pub fn is_retry_safe(&self) -> bool {
        !self.may_have_been_sent()
    }

    pub(crate) fn from_reqwest(
        error: reqwest::Error,
        secrets: &Secrets,
        attempts: u32,
        timeout: Option<Duration>,
    ) -> Self {
        let timed_out = error.is_timeout();
        let connect = error.is_connect();
        // The URL can carry the token (query encoding): never keep it.
        let message = secrets.redact(&chain(&error.without_url()));
        if timed_out {
            Self::Timeout { timeout }
        } else if connect {
            Self::Connect { attempts, message }
        } else {
            Self::Transport { message }
        }
    }

    pub(crate) fn decode(
        status: u16,
        reason: impl ToString,
        body: &[u8],
        secrets: &Secrets,
    ) -> Self {
        Self::Decode {
            status,
            reason: secrets.redact(&reason.to_string()),
            excerpt: excerpt(body, secrets),
        }
    }
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
        let sent = [
            Error::Http {
                status: 502,
                excerpt: String::new(),
            },
            Error::Decode {
                status: 200,
                reason: String::new(),
                excerpt: String::new(),
            },
            Error::BodyTooLarge {
                status: 200,
                limit: 1,
            },
            Error::Timeout { timeout: None },
            Error::Transport {
                message: String::new(),
            },
        ];
        let not_sent = [
            Error::Validation(ValidationErrors::at_root("json", "x")),
            Error::PhoneNumber(PhoneNumberError::LeadingZero),
            Error::Connect {
                attempts: 1,
                message: String::new(),
            },
            Error::Config(String::new()),
            api(401, "Authentication Failed"),
            api(403, "Insufficient Balance"),
            api(499, ""),
            Error::Redirect {
                status: 307,
                location: String::new(),
                followed: false,
            },
        ];
        for e in &sent {
            assert!(e.may_have_been_sent() && !e.is_retry_safe(), "{e:?}");
        }
        for e in &not_sent {
            assert!(!e.may_have_been_sent() && e.is_retry_safe(), "{e:?}");
        }
    }

    #[test]
    fn a_refusal_without_a_message_has_no_dangling_colon() {
        assert_eq!(
            api(499, "").to_string(),
            "Picky Assist refused the request: status 499 (Other(499))"
        );
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
