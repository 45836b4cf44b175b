//! The two-step verification PIN: a secret, so it is never printed.

use super::lenient::RawRef;
use super::{
    decode::Fits,
    typed::{Explain, TypedValid},
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// A WhatsApp two-step verification PIN: exactly 6 ASCII digits
/// (`"012345"` included). `Debug` prints `Pin(<redacted>)` and there is no
/// `Display`, like [`Token`](crate::Token). It decodes from a 6-digit string
/// or an integer 100000–999999 and encodes as a string, as the docs' sample sends it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Pin(String);

/// Why a text is not a [`Pin`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a PIN is exactly 6 digits")]
#[non_exhaustive]
pub struct PinError;

impl Pin {
    /// Checks and wraps a PIN given as text.
    pub fn new(text: impl Into<String>) -> Result<Self, PinError> {
        let text = text.into();
        if Self::is_pin(&text) {
            Ok(Self(text))
        } else {
            Err(PinError)
        }
    }

    /// Whether `text` is six digits (nothing is copied).
    fn is_pin(text: &str) -> bool {
        text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit())
    }

    /// The digits. Do not log them.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

impl TryFrom<&str> for Pin {
    type Error = PinError;
    fn try_from(text: &str) -> Result<Self, PinError> {
        Self::new(text)
    }
}

impl Serialize for Pin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Accepts exactly what the `Pin` schema accepts.
impl<'de> Deserialize<'de> for Pin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use super::lenient::Raw;
        let raw = Raw::deserialize(d)?;
        let pin = match &raw {
            Raw::Str(text) => Self::new(text.as_ref()).ok(),
            other => other
                .to_u64(999_999, 0)
                .filter(|n| *n >= 100_000)
                .map(|n| Self(n.to_string())),
        };
        // The value is a secret: the message does not repeat it.
        pin.ok_or_else(|| serde::de::Error::custom("not a PIN (exactly 6 digits)"))
    }
}

/// Constructors check the six digits.
impl TypedValid for Pin {
    fn typed_valid(&self) -> bool {
        true
    }
}

impl Explain for Pin {
    fn accepts(value: Option<RawRef<'_>>) -> bool {
        match value {
            Some(RawRef::Str(s)) => Pin::is_pin(s),
            Some(r) => r.to_u64(999_999, 0).is_some_and(|n| n >= 100_000),
            None => false,
        }
    }
}

impl Fits for Pin {
    fn fits(v: &Value) -> bool {
        <Self as Explain>::accepts(RawRef::of(v))
    }
}

#[cfg(feature = "schemars")]
super::schemars_impl::by_name!(Pin);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_six_digits_and_never_printed() {
        let pin: Pin = serde_json::from_str("\"012345\"").expect("string");
        assert_eq!(pin.expose(), "012345");
        assert_eq!(format!("{pin:?}"), "Pin(<redacted>)");
        let from_number: Pin = serde_json::from_str("987123").expect("number");
        assert_eq!(
            serde_json::to_string(&from_number).expect("encodes"),
            "\"987123\""
        );
        for bad in [
            "12345",
            "\"12345\"",
            "\"1234567\"",
            "\"12 345\"",
            "12345.5",
            "-123456",
        ] {
            assert!(serde_json::from_str::<Pin>(bad).is_err(), "{bad}");
        }
    }
}
