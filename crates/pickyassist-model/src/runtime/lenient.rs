//! Scalars as they come off the wire ([`Raw`]), read once by every lenient
//! type: the docs' own samples send `"application": "10"` as well as
//! `"application": 10`, and the schema allows both
//! (`"type": ["integer", "string"]`); the lenient types accept exactly what
//! their schema accepts, no more.

use super::text::Text;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::{borrow::Cow, fmt};

/// Largest integer a JavaScript client can hold exactly (2^53 - 1).
pub const SAFE_INT_MAX: u64 = 9_007_199_254_740_991;

/// A scalar as it came off the wire, before a lenient type interprets it.
/// A string without escapes is borrowed from the input, so reading a code
/// (`"1"`) or a digit string allocates nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw<'a> {
    /// A JSON integer (negative values included, so they can be rejected with a message).
    Int(i128),
    /// A JSON number with a fraction or an exponent.
    Float(f64),
    /// A JSON string.
    Str(Cow<'a, str>),
}

/// A scalar of a parsed JSON value, borrowed: what [`Raw`] would be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RawRef<'a> {
    /// A JSON integer.
    Int(i128),
    /// A JSON number with a fraction or an exponent.
    Float(f64),
    /// A JSON string.
    Str(&'a str),
}

impl<'a> RawRef<'a> {
    /// The scalar `value` holds, as `Raw::deserialize` would read it.
    pub fn of(value: &'a serde_json::Value) -> Option<Self> {
        match value {
            serde_json::Value::Number(n) => Some(match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => RawRef::Int(u.into()),
                (None, Some(i), _) => RawRef::Int(i.into()),
                (None, None, f) => RawRef::Float(f.unwrap_or(f64::NAN)),
            }),
            serde_json::Value::String(s) => Some(RawRef::Str(s)),
            _ => None,
        }
    }

    /// The scalar a value of a document holds, as [`of`](Self::of) reads a `Value`'s.
    pub fn of_json(value: super::tree::Json<'a>) -> Option<Self> {
        if let Some(s) = value.as_str() {
            return Some(RawRef::Str(s));
        }
        match (value.as_u64(), value.as_i64(), value.as_f64()) {
            (Some(u), _, _) => Some(RawRef::Int(u.into())),
            (None, Some(i), _) => Some(RawRef::Int(i.into())),
            (None, None, Some(f)) => Some(RawRef::Float(f)),
            (None, None, None) => None,
        }
    }

    /// See [`Raw::to_u64`].
    pub fn to_u64(self, max: u64, max_digits: usize) -> Option<u64> {
        match self {
            RawRef::Int(n) => u64::try_from(n).ok().filter(|n| *n <= max),
            RawRef::Float(f) => whole(f).filter(|n| *n <= max),
            RawRef::Str(s) => {
                if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                if s.len() > 1 && s.starts_with('0') {
                    return None;
                }
                s.parse().ok()
            }
        }
    }
}

impl Raw<'_> {
    /// The value as an integer in `0..=max` if it is a whole JSON number in
    /// range, or a string of `1..=max_digits` ASCII digits without a leading
    /// zero (as a JSON number is written), so each number has one string form.
    pub fn to_u64(&self, max: u64, max_digits: usize) -> Option<u64> {
        let view = match self {
            Raw::Int(n) => RawRef::Int(*n),
            Raw::Float(f) => RawRef::Float(*f),
            Raw::Str(s) => RawRef::Str(s),
        };
        view.to_u64(max, max_digits)
    }

    /// Whether this is the JSON number `n` (`1` and `1.0` alike).
    pub fn is_number(&self, n: u64) -> bool {
        match self {
            Raw::Int(i) => *i == i128::from(n),
            Raw::Float(f) => whole(*f) == Some(n),
            Raw::Str(_) => false,
        }
    }

    /// Whether this is exactly the JSON string `s`.
    pub fn is_str(&self, s: &str) -> bool {
        matches!(self, Raw::Str(x) if x == s)
    }

    /// The value as text: a string as is, a number in its shortest form.
    pub fn into_text(self) -> String {
        match self {
            Raw::Int(n) => n.to_string(),
            Raw::Float(f) => f.to_string(),
            Raw::Str(s) => s.into_owned(),
        }
    }

    /// The value as text, kept inline when short (see [`Text`]).
    pub(crate) fn into_short_text(self) -> Text {
        match self {
            Raw::Str(s) => Text::from_cow(s),
            other => Text::from_string(other.into_text()),
        }
    }

    /// A short description for error messages.
    pub fn describe(&self) -> String {
        match self {
            Raw::Int(n) => n.to_string(),
            Raw::Float(f) => f.to_string(),
            Raw::Str(s) => format!("{s:?}"),
        }
    }
}

fn whole(f: f64) -> Option<u64> {
    // 2^64 is exactly representable; anything at or above it cannot be a u64.
    if f.is_finite() && f.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&f) {
        Some(f as u64)
    } else {
        None
    }
}

impl<'de> Deserialize<'de> for Raw<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw<'de>, E> {
                Ok(Raw::Int(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw<'de>, E> {
                Ok(Raw::Int(v.into()))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw<'de>, E> {
                i128::try_from(v)
                    .map(Raw::Int)
                    .map_err(|_| E::custom("number out of range"))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw<'de>, E> {
                Ok(Raw::Int(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw<'de>, E> {
                Ok(Raw::Float(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Raw<'de>, E> {
                Ok(Raw::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw<'de>, E> {
                Ok(Raw::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Raw<'de>, E> {
                Ok(Raw::Str(Cow::Owned(v)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `WholeNumber`'s bounds.
    const MAX: u64 = 999_999_999_999_999;

    fn raw(json: &str) -> Raw<'_> {
        serde_json::from_str(json).expect("scalar")
    }

    #[test]
    fn accepts_numbers_and_digit_strings_within_bounds() {
        assert_eq!(raw("10").to_u64(MAX, 15), Some(10));
        assert_eq!(raw("\"10\"").to_u64(MAX, 15), Some(10));
        assert_eq!(raw("10.0").to_u64(MAX, 15), Some(10));
        assert_eq!(
            raw("\"919737001155\"").to_u64(MAX, 15),
            Some(919_737_001_155)
        );
        assert_eq!(raw("-1").to_u64(MAX, 15), None);
        assert_eq!(raw("1.5").to_u64(MAX, 15), None);
        assert_eq!(raw("\"\"").to_u64(MAX, 15), None);
        assert_eq!(raw("\" 1\"").to_u64(MAX, 15), None);
        assert_eq!(raw("\"05\"").to_u64(MAX, 15), None);
        assert_eq!(raw("\"0\"").to_u64(MAX, 15), Some(0));
        assert_eq!(raw("\"1000000000000000\"").to_u64(MAX, 15), None);
        assert_eq!(raw("1000000000000000").to_u64(MAX, 15), None);
        assert!(raw("1.0").is_number(1));
        assert!(raw("\"1\"").is_str("1"));
        assert!(!raw("\"01\"").is_str("1"));
    }
}
