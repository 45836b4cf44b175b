//! The recommended authenticity check: a secret in the webhook URL's query.

use super::{
    charset::{form_decoded, form_pair},
    WebhookError,
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A shared secret that Picky Assist's calls carry as a query parameter,
/// because you put it in the webhook URL you configured
/// (`https://you.example/hook?key=<secret>`). Picky Assist signs nothing;
/// this is the docs' way (custom query variables).
///
/// The [`Webhook`](super::Webhook) extractor fails closed: a route that no
/// `WebhookSecret` reaches (the layer was added before the route, or not at
/// all) answers 500 and runs no handler. An app that authenticates callers
/// some other way (a private network, a gateway that checks) says so by name
/// with [`WebhookSecret::none_i_verify_callers_myself`].
///
/// ```
/// use pickyassist::webhook::WebhookSecret;
/// let secret = WebhookSecret::query("key", "a-long-random-value");
/// assert!(secret.verify(Some("key=a-long-random-value")).is_ok());
/// assert!(secret.verify(Some("key=guess")).is_err());
/// assert!(secret.verify(None).is_err());
/// ```
#[derive(Clone)]
pub struct WebhookSecret(Check);

#[derive(Clone)]
enum Check {
    /// The SHA-256 of the secret: comparing digests takes the same time
    /// whatever the lengths, and the secret itself is not kept.
    Query {
        param: String,
        digest: [u8; 32],
        empty: bool,
    },
    Unchecked,
}

impl WebhookSecret {
    /// Expect `secret` in query parameter `param`. An empty secret lets
    /// nothing through.
    pub fn query(param: impl Into<String>, secret: impl AsRef<[u8]>) -> Self {
        let secret = secret.as_ref();
        Self(Check::Query {
            param: param.into(),
            digest: Sha256::digest(secret).into(),
            empty: secret.is_empty(),
        })
    }

    /// No secret: every caller is let through. Only for an app that
    /// authenticates Picky Assist's calls itself (a private network, a
    /// gateway that checks the caller); the long name is there so that a
    /// review sees the decision.
    pub fn none_i_verify_callers_myself() -> Self {
        Self(Check::Unchecked)
    }

    /// The query parameter that carries the secret (none when unchecked).
    pub(crate) fn param(&self) -> Option<&str> {
        match &self.0 {
            Check::Query { param, .. } => Some(param),
            Check::Unchecked => None,
        }
    }

    /// Checks a request's query string, comparing in constant time.
    pub fn verify(&self, query: Option<&str>) -> Result<(), WebhookError> {
        let Check::Query {
            param,
            digest,
            empty,
        } = &self.0
        else {
            return Ok(());
        };
        let given: Vec<&[u8]> = query
            .unwrap_or("")
            .as_bytes()
            .split(|&b| b == b'&')
            .map(form_pair)
            .filter(|(k, _)| form_decoded(k) == param.as_bytes())
            .map(|(_, v)| v)
            .collect();
        // Every copy must hold the secret: of two different values, which
        // one counts cannot be decided.
        let matches = |value: &[u8]| {
            // `+` is a space in a form, but a secret pasted into the URL as
            // written keeps its `+`: either reading is the secret.
            let form = Sha256::digest(form_decoded(value));
            let plain =
                Sha256::digest(percent_encoding::percent_decode(value).collect::<Vec<u8>>());
            form.as_slice().ct_eq(digest) | plain.as_slice().ct_eq(digest)
        };
        if !*empty && !given.is_empty() && given.iter().all(|v| bool::from(matches(v))) {
            Ok(())
        } else {
            Err(WebhookError::Unauthorized)
        }
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Check::Query { param, .. } => write!(f, "WebhookSecret({param}=<redacted>)"),
            Check::Unchecked => f.write_str("WebhookSecret(none: callers verified by the app)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_whole_values() {
        let s = WebhookSecret::query("key", "s3cret");
        assert!(s.verify(Some("a=1&key=s3cret")).is_ok());
        assert!(s.verify(Some("key=s3cre")).is_err());
        assert!(s.verify(Some("key=s3crett")).is_err());
        assert!(s.verify(Some("key=")).is_err());
        assert!(s.verify(Some("Key=s3cret")).is_err());
        assert!(s.verify(Some("key=s3%63ret")).is_ok(), "percent-decoded");
        assert!(s.verify(Some("k%65y=s3cret")).is_ok(), "the name too");
        // Two copies: both must hold it.
        assert!(s.verify(Some("key=s3cret&key=s3cret")).is_ok());
        assert!(s.verify(Some("key=s3cret&key=bad")).is_err());
        assert!(s.verify(Some("key=bad&key=s3cret")).is_err());
        assert!(s.verify(Some("key")).is_err());
        assert!(!format!("{s:?}").contains("s3cret"));
        assert!(WebhookSecret::query("key", "")
            .verify(Some("key="))
            .is_err());
        // A `+` pasted into the URL as written, or encoded, or a space.
        let plus = WebhookSecret::query("key", "ab+cd/ef==");
        for written in [
            "key=ab+cd/ef==",
            "key=ab%2Bcd%2Fef%3D%3D",
            "key=ab%2bcd/ef%3d=",
        ] {
            assert!(plus.verify(Some(written)).is_ok(), "{written}");
        }
        assert!(plus.verify(Some("key=ab%20cd/ef==")).is_err());
        let space = WebhookSecret::query("key", "ab cd");
        assert!(space.verify(Some("key=ab+cd")).is_ok());
        assert!(space.verify(Some("key=ab%20cd")).is_ok());
        assert!(space.verify(Some("key=ab%2Bcd")).is_err());
        let open = WebhookSecret::none_i_verify_callers_myself();
        assert!(open.verify(None).is_ok());
    }
}
