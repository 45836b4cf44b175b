//! The API token: sent in every request body, never printed.

use super::lenient::RawRef;
use super::{
    decode::Fits,
    typed::{Explain, TypedValid},
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// A Picky Assist API token.
///
/// `Debug` prints `Token(<redacted>)`, and there is no `Display`, so a token
/// cannot end up in a log line or an error message by accident. Use
/// [`Token::expose`] where the raw text is really needed (the request body).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Token(String);

impl Token {
    /// Wraps a token.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The raw token text. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the token is empty (the schema rejects an empty token).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl From<&str> for Token {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<String> for Token {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&String> for Token {
    fn from(text: &String) -> Self {
        Self(text.clone())
    }
}

impl Serialize for Token {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Decodes a non-empty string: exactly what the `Token` schema accepts.
impl<'de> Deserialize<'de> for Token {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.is_empty() {
            return Err(serde::de::Error::custom("the token is empty"));
        }
        Ok(Self(text))
    }
}

impl TypedValid for Token {
    fn typed_valid(&self) -> bool {
        !self.is_empty()
    }
}

impl Explain for Token {
    fn accepts(value: Option<RawRef<'_>>) -> bool {
        matches!(value, Some(RawRef::Str(s)) if !s.is_empty())
    }
}

impl Fits for Token {
    fn fits(v: &Value) -> bool {
        <Self as Explain>::accepts(RawRef::of(v))
    }
}

#[cfg(feature = "schemars")]
super::schemars_impl::by_name!(Token);

#[cfg(test)]
mod tests {
    use super::Token;

    #[test]
    fn debug_hides_the_token() {
        let token = Token::new("s3cr3t-value");
        assert_eq!(format!("{token:?}"), "Token(<redacted>)");
        assert_eq!(token.expose(), "s3cr3t-value");
        assert_eq!(
            serde_json::to_string(&token).expect("encodes"),
            "\"s3cr3t-value\""
        );
    }
}
