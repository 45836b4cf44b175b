//! Text the server may send as a string or as a number (`"number"` in receipts).

use super::lenient::Raw;
use super::lenient::RawRef;
use super::text::Text;
use super::{
    decode::Fits,
    typed::{Explain, TypedValid},
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// A value received as a JSON string or number, kept as text (the receipts'
/// `number`). Encodes as a string. For amounts see [`Decimal`](crate::Decimal);
/// for counts and codes, [`WholeNumber`](crate::WholeNumber).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReceivedText(Text);

impl ReceivedText {
    /// Wraps a text.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Text::from_string(text.into()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as a whole number, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.trim().parse().ok()
    }
}

impl fmt::Display for ReceivedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for ReceivedText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ReceivedText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Raw::deserialize(d).map(|raw| Self(raw.into_short_text()))
    }
}

/// Any text is a valid string form.
impl TypedValid for ReceivedText {
    fn typed_valid(&self) -> bool {
        true
    }
}

impl Explain for ReceivedText {
    fn accepts(value: Option<RawRef<'_>>) -> bool {
        value.is_some()
    }
}

impl Fits for ReceivedText {
    fn fits(v: &Value) -> bool {
        <Self as Explain>::accepts(RawRef::of(v))
    }
}

#[cfg(feature = "schemars")]
super::schemars_impl::by_name!(ReceivedText);
