//! Whole numbers that arrive as JSON integers or as digit strings
//! (`"application": "10"` and `"application": 10` mean the same).

use super::lenient::{Raw, RawRef};
use super::{
    decode::Fits,
    typed::{Explain, TypedValid},
};
use serde::de::{self, Deserialize, Deserializer};
use serde_json::Value;

/// Largest value of a `WholeNumber` (15 digits: the longest channel id or
/// phone number the API uses, and safe in every language's JSON numbers).
pub const WHOLE_NUMBER_MAX: u64 = 999_999_999_999_999;
/// Longest digit string accepted for a `WholeNumber`.
pub const WHOLE_NUMBER_MAX_DIGITS: usize = 15;

/// A non-negative integer sent as a JSON number or a digit string
/// (at most [`WHOLE_NUMBER_MAX`]); encodes as a JSON number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct WholeNumber(pub u64);

impl serde::Serialize for WholeNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read_whole(d, |found| {
            format!("{found} is not a whole number of at most 15 digits")
        })
        .map(WholeNumber)
    }
}

/// The code of an open integer enum `ty`: any whole number [`WholeNumber`]
/// reads, with an error naming `ty` otherwise.
pub fn read_code<'de, D: Deserializer<'de>>(d: D, ty: &str) -> Result<u64, D::Error> {
    read_whole(d, |found| {
        format!("{found} is not a valid {ty} (a whole number of at most 15 digits)")
    })
}

/// What [`WholeNumber`] and [`read_code`] read: a whole number within the
/// bounds, or the error `refuse` words from the value as read.
fn read_whole<'de, D: Deserializer<'de>>(
    d: D,
    refuse: impl FnOnce(String) -> String,
) -> Result<u64, D::Error> {
    let raw = Raw::deserialize(d)?;
    raw.to_u64(WHOLE_NUMBER_MAX, WHOLE_NUMBER_MAX_DIGITS)
        .ok_or_else(|| de::Error::custom(refuse(raw.describe())))
}

impl From<u64> for WholeNumber {
    fn from(n: u64) -> Self {
        Self(n)
    }
}

impl TypedValid for WholeNumber {
    fn typed_valid(&self) -> bool {
        self.0 <= WHOLE_NUMBER_MAX
    }
}

impl Explain for WholeNumber {
    fn accepts(value: Option<RawRef<'_>>) -> bool {
        value
            .and_then(|r| r.to_u64(WHOLE_NUMBER_MAX, WHOLE_NUMBER_MAX_DIGITS))
            .is_some()
    }
}

impl Fits for WholeNumber {
    fn fits(v: &Value) -> bool {
        <Self as Explain>::accepts(RawRef::of(v))
    }
}

#[cfg(feature = "schemars")]
super::schemars_impl::by_name!(WholeNumber);
