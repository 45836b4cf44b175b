//! Amounts the API sends as decimal strings (`"credit": "0.005"`).

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

/// A decimal amount kept exactly as received (a JSON number is kept in its
/// shortest text form). Encodes as a string, so no rounding ever happens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(Text);

impl Decimal {
    /// Wraps a decimal given as text (not checked: the server's text is kept).
    pub fn new(text: impl Into<String>) -> Self {
        Self(Text::from_string(text.into()))
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The amount as a float, if the text is a number.
    pub fn as_f64(&self) -> Option<f64> {
        self.0.trim().parse().ok()
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Raw::deserialize(d).map(|raw| Self(raw.into_short_text()))
    }
}

/// Any text is a valid string form.
impl TypedValid for Decimal {
    fn typed_valid(&self) -> bool {
        true
    }
}

impl Explain for Decimal {
    fn accepts(value: Option<RawRef<'_>>) -> bool {
        value.is_some()
    }
}

impl Fits for Decimal {
    fn fits(v: &Value) -> bool {
        <Self as Explain>::accepts(RawRef::of(v))
    }
}

#[cfg(feature = "schemars")]
super::schemars_impl::by_name!(Decimal);
