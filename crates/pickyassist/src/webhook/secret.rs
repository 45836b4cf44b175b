//! The recommended authenticity check: a secret in the webhook URL's query.

use super::WebhookError;

/// A shared secret that Picky Assist's calls carry as a query parameter,
/// because you put it in the webhook URL you configured
/// (`https://you.example/hook?key=<secret>`). Picky Assist signs nothing;
/// this is the docs' way (custom query variables).
///
/// ```
/// use pickyassist::webhook::WebhookSecret;
/// let secret = WebhookSecret::query("key", "a-long-random-value");
/// assert!(secret.verify(Some("key=a-long-random-value")).is_ok());
/// assert!(secret.verify(Some("key=guess")).is_err());
/// assert!(secret.verify(None).is_err());
/// ```
#[derive(Clone)]
pub struct WebhookSecret {
    param: String,
    secret: String,
}

impl WebhookSecret {
    /// Expect `secret` in query parameter `param`.
    pub fn query(param: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            param: param.into(),
            secret: secret.into(),
        }
    }

    /// Checks a request's query string, comparing in constant time.
    pub fn verify(&self, query: Option<&str>) -> Result<(), WebhookError> {
        let given = form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .find(|(k, _)| *k == self.param)
            .map(|(_, v)| v.into_owned());
        match given {
            Some(given)
                if !self.secret.is_empty() && equal(given.as_bytes(), self.secret.as_bytes()) =>
            {
                Ok(())
            }
            _ => Err(WebhookError::Unauthorized),
        }
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebhookSecret({}=<redacted>)", self.param)
    }
}

/// Equal bytes, in a time that depends on the lengths only.
fn equal(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    for i in 0..a.len().max(b.len()) {
        diff |= a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0xff);
    }
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_whole_values() {
        assert!(equal(b"abc", b"abc"));
        assert!(!equal(b"abc", b"abd"));
        assert!(!equal(b"abc", b"abcd"));
        assert!(!equal(b"", b"a"));
        let s = WebhookSecret::query("key", "s3cret");
        assert!(s.verify(Some("a=1&key=s3cret")).is_ok());
        assert!(s.verify(Some("key=s3cre")).is_err());
        assert!(!format!("{s:?}").contains("s3cret"));
        assert!(WebhookSecret::query("key", "")
            .verify(Some("key="))
            .is_err());
    }
}
