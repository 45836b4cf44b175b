//! Phone numbers as the Push API wants them: full country code, digits only.

use super::interned::concat;
use super::lenient::{Raw, RawRef};
use super::text::Text;
use super::tree::Json;
use super::whole_number::WHOLE_NUMBER_MAX;
use super::{
    decode::Fits,
    typed::{Explain, TypedValid},
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::{borrow::Cow, fmt, str::FromStr};

/// A phone number with its full country code: 5 to 15 ASCII digits, no
/// leading `0` or `+` (`55123456789`, not `+55 12345 6789`).
///
/// [`new`](Self::new) takes the digits exactly; [`parse_lenient`](Self::parse_lenient)
/// also takes a number as people type it (`+55 12345-6789`) and removes the
/// separators. The value cannot exist in an invalid state: every constructor checks it.
/// It decodes from a JSON number or a digit string and encodes as a string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(Text);

/// Why a text is not a valid [`PhoneNumber`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PhoneNumberError {
    /// Fewer than 5 or more than 15 digits.
    Length(usize),
    /// Starts with `0`: the country code is missing.
    LeadingZero,
    /// Contains something other than ASCII digits (`+`, spaces, dashes, …).
    NotDigit(char),
}

impl PhoneNumberError {
    /// The error in words, as [`Display`](fmt::Display) writes it; built
    /// without the formatting machinery, since a report of a long list of
    /// numbers says it once per number.
    pub fn message(&self) -> Cow<'static, str> {
        match *self {
            Self::Length(n) => {
                format!("a phone number has 5 to 15 digits, this one has {n}").into()
            }
            Self::LeadingZero => "a phone number starts with its country code, not with 0".into(),
            Self::NotDigit(c) => {
                const WORDS: &str =
                    "a phone number holds digits only (no +, spaces or dashes); found ";
                // Every printable ASCII character, to borrow one from.
                const ASCII: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
                // `{c:?}`, interned, for the characters it writes as they are.
                let at = (c as usize).checked_sub(usize::from(b' '));
                match at.and_then(|at| ASCII.get(at..=at)) {
                    Some(one) if c != '\\' && c != '\'' => concat(&[WORDS, "'", one, "'"]),
                    _ => format!("{WORDS}{c:?}").into(),
                }
            }
        }
    }
}

impl fmt::Display for PhoneNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for PhoneNumberError {}

/// What [`PhoneNumber::parse_lenient`] removes: the separators people type.
const SEPARATORS: [char; 6] = [' ', '-', '.', '(', ')', '\u{a0}'];

impl PhoneNumber {
    /// Shortest accepted number of digits.
    pub const MIN_DIGITS: usize = 5;
    /// Longest accepted number of digits (E.164).
    pub const MAX_DIGITS: usize = 15;

    /// Checks and wraps a number given as text.
    pub fn new(text: impl Into<String>) -> Result<Self, PhoneNumberError> {
        Self::from_str_checked(&text.into())
    }

    /// Why `text` is not a phone number, if it is not (nothing is copied).
    fn check(text: &str) -> Result<(), PhoneNumberError> {
        // Bytes, not chars: a digit is one byte, and the first byte that is
        // not one starts the character to name.
        if let Some(i) = text.bytes().position(|b| !b.is_ascii_digit()) {
            let c = text[i..].chars().next().unwrap_or_default();
            return Err(PhoneNumberError::NotDigit(c));
        }
        if !(Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&text.len()) {
            return Err(PhoneNumberError::Length(text.len()));
        }
        if text.starts_with('0') {
            return Err(PhoneNumberError::LeadingZero);
        }
        Ok(())
    }

    /// Checks and copies a borrowed text (at most 15 digits: kept inline).
    fn from_str_checked(text: &str) -> Result<Self, PhoneNumberError> {
        Self::check(text)?;
        Ok(Self(Text::new(text)))
    }

    /// Reads a number as people write it: removes spaces (also non-breaking),
    /// dashes, dots, parentheses and one leading `+`, then checks the rest as
    /// [`new`](Self::new) does. `"+91 98460-42290"` and `"(55) 11 98765.4321"`
    /// are accepted; a leading `0` (a national number without its country
    /// code), letters or a second `+` are still refused.
    ///
    /// ```
    /// use pickyassist_model::PhoneNumber;
    /// assert_eq!(PhoneNumber::parse_lenient("+91 98460 42290")?.as_str(), "919846042290");
    /// assert!(PhoneNumber::parse_lenient("098460 42290").is_err());
    /// # Ok::<(), pickyassist_model::PhoneNumberError>(())
    /// ```
    pub fn parse_lenient(text: &str) -> Result<Self, PhoneNumberError> {
        let trimmed = text.trim();
        let without_plus = trimmed.strip_prefix('+').unwrap_or(trimmed);
        Self::new(
            without_plus
                .chars()
                .filter(|c| !SEPARATORS.contains(c))
                .collect::<String>(),
        )
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PhoneNumber {
    type Err = PhoneNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_str_checked(s)
    }
}

impl TryFrom<u64> for PhoneNumber {
    type Error = PhoneNumberError;
    fn try_from(n: u64) -> Result<Self, Self::Error> {
        Self::new(n.to_string())
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.0)
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match Raw::deserialize(d)? {
            Raw::Str(s) => Self::from_str_checked(&s).map_err(D::Error::custom),
            other => match other.to_u64(WHOLE_NUMBER_MAX, 0) {
                Some(n) => Self::try_from(n).map_err(D::Error::custom),
                None => Err(D::Error::custom(format!(
                    "{} is not a phone number (5 to 15 digits)",
                    other.describe()
                ))),
            },
        }
    }
}

/// Constructors check these completely.
impl TypedValid for PhoneNumber {
    fn typed_valid(&self) -> bool {
        true
    }
}

/// Worded as [`PhoneNumber::new`] words it ("digits only, no +, spaces or dashes; found '+'").
impl Explain for PhoneNumber {
    fn accepts(value: Option<RawRef<'_>>) -> bool {
        match value {
            Some(RawRef::Str(s)) => PhoneNumber::check(s).is_ok(),
            Some(r) => r
                .to_u64(WHOLE_NUMBER_MAX, 0)
                .is_some_and(|n| PhoneNumber::try_from(n).is_ok()),
            None => false,
        }
    }

    fn explain(value: Json<'_>) -> Option<Cow<'static, str>> {
        let error = if let Some(text) = value.as_str() {
            PhoneNumber::check(text).err()?
        } else if value.is_number() {
            match value.as_u64() {
                Some(n) => PhoneNumber::try_from(n).err()?,
                // Negative, fractional, or too large for any phone number.
                None => return Some("a phone number is a whole number of 5 to 15 digits".into()),
            }
        } else {
            return None;
        };
        Some(error.message())
    }
}

impl Fits for PhoneNumber {
    fn fits(v: &Value) -> bool {
        <Self as Explain>::accepts(RawRef::of(v))
    }
}

#[cfg(feature = "schemars")]
super::schemars_impl::by_name!(PhoneNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_character_is_named_as_debug_names_it() {
        let ascii = (0..=127u8).map(char::from);
        for c in ascii.chain(['\u{a0}', 'é', '\u{301}', '٣', '\u{10ffff}']) {
            assert_eq!(
                PhoneNumberError::NotDigit(c).to_string(),
                format!("a phone number holds digits only (no +, spaces or dashes); found {c:?}")
            );
        }
    }

    #[test]
    fn accepts_only_documented_format() {
        assert_eq!(
            PhoneNumber::new("55123456789").map(|p| p.to_string()),
            Ok("55123456789".into())
        );
        assert_eq!(
            PhoneNumber::new("+55 12345 6789"),
            Err(PhoneNumberError::NotDigit('+'))
        );
        assert_eq!(
            PhoneNumber::new("0551234"),
            Err(PhoneNumberError::LeadingZero)
        );
        assert_eq!(PhoneNumber::new("1234"), Err(PhoneNumberError::Length(4)));
        assert_eq!(
            PhoneNumber::new("1234567890123456"),
            Err(PhoneNumberError::Length(16))
        );
        assert!(
            PhoneNumber::new("١٢٣٤٥").is_err(),
            "non-ASCII digits are rejected"
        );
    }

    #[test]
    fn lenient_parsing_removes_separators_only() {
        let ok = |s| PhoneNumber::parse_lenient(s).map(|p| p.to_string());
        assert_eq!(ok("+91 98460 42290"), Ok("919846042290".into()));
        assert_eq!(ok("+55 (11) 98765-4321"), Ok("5511987654321".into()));
        assert_eq!(ok("  44.20.7946.0958 "), Ok("442079460958".into()));
        assert_eq!(ok("++91 98460"), Err(PhoneNumberError::NotDigit('+')));
        assert_eq!(ok("0 98460 42290"), Err(PhoneNumberError::LeadingZero));
        assert_eq!(ok("91 98460 x"), Err(PhoneNumberError::NotDigit('x')));
        // The whole character is named, not its first byte.
        assert_eq!(ok("9198460é"), Err(PhoneNumberError::NotDigit('é')));
        assert_eq!(ok("919846042290👋"), Err(PhoneNumberError::NotDigit('👋')));
        assert_eq!(ok("+1 23"), Err(PhoneNumberError::Length(3)));
    }

    #[test]
    fn decodes_numbers_and_strings_encodes_string() {
        let a: PhoneNumber = serde_json::from_str("919000000001").expect("number form");
        let b: PhoneNumber = serde_json::from_str("\"919000000001\"").expect("string form");
        assert_eq!(a, b);
        assert_eq!(
            serde_json::to_string(&a).ok().as_deref(),
            Some("\"919000000001\"")
        );
        assert!(serde_json::from_str::<PhoneNumber>("1234").is_err());
        assert!(serde_json::from_str::<PhoneNumber>("12345.5").is_err());
    }
}
