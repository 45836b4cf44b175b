//! Identifiers the server hands out (`push_id`, `msg_id`, template and group
//! ids, …): opaque, kept exactly as sent.

use super::lenient::{RawRef, SAFE_INT_MAX};
use super::text::Text;
use super::{
    decode::Fits,
    typed::{Explain, TypedValid},
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// An id received from Picky Assist: digits, letters or a JSON number, kept
/// as sent. Compare ids as text ([`as_str`](ReceivedId::as_str)); the docs send the
/// same id as `"7478630"` on one page and `590915` on another.
///
/// It re-encodes in the form it came in (a number stays a number), so
/// nothing the server sent changes when it is passed on. (An id *sent* where
/// the docs ask for digits is a [`NumericId`](crate::NumericId).)
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReceivedId {
    text: Text,
    number: bool,
}

impl ReceivedId {
    /// An id given as text.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: Text::from_string(text.into()),
            number: false,
        }
    }

    /// The id as text (a JSON number in its decimal form).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The id as a number, when it is one (a JSON integer or a digit string).
    pub fn as_u64(&self) -> Option<u64> {
        if self.text.is_empty() || !self.text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.text.parse().ok()
    }

    /// Whether the id arrived as a JSON number.
    pub fn was_number(&self) -> bool {
        self.number
    }
}

impl From<&str> for ReceivedId {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for ReceivedId {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<u64> for ReceivedId {
    fn from(n: u64) -> Self {
        Self {
            text: Text::from_string(n.to_string()),
            number: true,
        }
    }
}

impl PartialEq<str> for ReceivedId {
    fn eq(&self, other: &str) -> bool {
        self.text.as_str() == other
    }
}

impl PartialEq<&str> for ReceivedId {
    fn eq(&self, other: &&str) -> bool {
        self.text.as_str() == *other
    }
}

impl fmt::Display for ReceivedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for ReceivedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.number {
            write!(f, "ReceivedId({})", self.text)
        } else {
            write!(f, "ReceivedId({:?})", self.text)
        }
    }
}

impl Serialize for ReceivedId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.number.then(|| self.text.parse::<u64>().ok()).flatten() {
            Some(n) => s.serialize_u64(n),
            None => s.serialize_str(&self.text),
        }
    }
}

/// Decodes any string, or a whole JSON number up to 2^53 - 1: exactly what
/// the `ReceivedId` schema accepts (larger numbers lose digits in JavaScript; in a
/// received object such a value is kept as sent in `extra`).
impl<'de> Deserialize<'de> for ReceivedId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use super::lenient::{Raw, SAFE_INT_MAX};
        let raw = Raw::deserialize(d)?;
        if let Raw::Str(text) = raw {
            return Ok(Self {
                text: Text::from_cow(text),
                number: false,
            });
        }
        match raw.to_u64(SAFE_INT_MAX, 0) {
            Some(n) => Ok(Self::from(n)),
            None => Err(serde::de::Error::custom(format!(
                "{} is not an id (a string or a whole number from 0 to 2^53-1)",
                raw.describe()
            ))),
        }
    }
}

/// Ids that came as JSON numbers must be exact in every language.
impl TypedValid for ReceivedId {
    fn typed_valid(&self) -> bool {
        !self.was_number() || self.as_u64().is_some_and(|n| n <= SAFE_INT_MAX)
    }
}

impl Explain for ReceivedId {
    fn accepts(value: Option<RawRef<'_>>) -> bool {
        match value {
            Some(RawRef::Str(_)) => true,
            Some(r) => r.to_u64(SAFE_INT_MAX, 0).is_some(),
            None => false,
        }
    }
}

impl Fits for ReceivedId {
    fn fits(v: &Value) -> bool {
        <Self as Explain>::accepts(RawRef::of(v))
    }
}

#[cfg(feature = "schemars")]
super::schemars_impl::by_name!(ReceivedId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ids_as_sent() {
        for text in [r#""7478630""#, "590915", r#""push-1""#, r#""""#] {
            let id: ReceivedId = serde_json::from_str(text).expect("an id");
            assert_eq!(serde_json::to_string(&id).expect("encodes"), text);
        }
        let id: ReceivedId = serde_json::from_str("590915").expect("id");
        assert_eq!((id.as_str(), id.as_u64()), ("590915", Some(590_915)));
        assert_eq!(ReceivedId::from("msg-1").as_u64(), None);
        assert!(serde_json::from_str::<ReceivedId>("1.5").is_err());
        assert!(serde_json::from_str::<ReceivedId>("-3").is_err());
        assert!(serde_json::from_str::<ReceivedId>("9007199254740992").is_err());
        let whole: ReceivedId = serde_json::from_str("5.0").expect("a whole number");
        assert_eq!(serde_json::to_string(&whole).expect("encodes"), "5");
        assert_eq!(format!("{:?}", ReceivedId::from("a")), "ReceivedId(\"a\")");
    }
}
