//! Identifiers *we send* that must be digits (`push_id` of a delivery-report
//! request, `messenger_id`, `quoted`, …). Kept as text so that long ids never
//! lose digits. Ids *we receive* are opaque: see [`ReceivedId`](super::ReceivedId).

use super::lenient::RawRef;
use super::lenient::{Raw, SAFE_INT_MAX};
use super::{
    decode::Fits,
    typed::{Explain, TypedValid},
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// An identifier sent to Picky Assist, where the docs ask for digits: a
/// string of 1 to 32 ASCII digits, or a JSON integer up to 2^53 - 1 (larger
/// numbers lose digits in JavaScript, send them as strings). Encodes as a
/// string. (An id *received* is a [`ReceivedId`](crate::ReceivedId): opaque, any text.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumericId(String);

impl NumericId {
    /// Longest accepted digit string.
    pub const MAX_DIGITS: usize = 32;

    /// Checks and wraps an id given as text.
    pub fn new(text: impl Into<String>) -> Option<Self> {
        let text = text.into();
        Self::is_digits(&text).then_some(Self(text))
    }

    /// Whether `text` is an id's digits (nothing is copied).
    fn is_digits(text: &str) -> bool {
        !text.is_empty()
            && text.len() <= Self::MAX_DIGITS
            && text.bytes().all(|b| b.is_ascii_digit())
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a number, when it fits in a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

impl From<u64> for NumericId {
    fn from(n: u64) -> Self {
        Self(n.to_string())
    }
}

impl fmt::Display for NumericId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for NumericId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for NumericId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = Raw::deserialize(d)?;
        let id = match &raw {
            Raw::Str(s) => Self::new(s.as_ref()),
            other => other.to_u64(SAFE_INT_MAX, 0).map(Self::from),
        };
        id.ok_or_else(|| D::Error::custom(format!("{} is not a numeric id", raw.describe())))
    }
}

/// Constructors check the digits; the id is sent as a string, which has no range.
impl TypedValid for NumericId {
    fn typed_valid(&self) -> bool {
        true
    }
}

impl Explain for NumericId {
    fn accepts(value: Option<RawRef<'_>>) -> bool {
        match value {
            Some(RawRef::Str(s)) => NumericId::is_digits(s),
            Some(r) => r.to_u64(SAFE_INT_MAX, 0).is_some(),
            None => false,
        }
    }
}

impl Fits for NumericId {
    fn fits(v: &Value) -> bool {
        <Self as Explain>::accepts(RawRef::of(v))
    }
}

#[cfg(feature = "schemars")]
super::schemars_impl::by_name!(NumericId);
