//! Typed checks of the hand-written runtime types, for values built in code.
//!
//! A decoded runtime value always satisfies its schema (its decoder checks
//! it); a value built with a constructor may not (`Token::new("")`,
//! `LenientInt(10u64.pow(16))`). [`Validate`](super::Validate) and the typed
//! fast path call these checks.

use super::{
    Decimal, Id, LenientInt, LooseString, NumericId, PhoneNumber, Pin, Token, LENIENT_INT_MAX,
    SAFE_INT_MAX,
};
use serde_json::Value;

/// Whether a value of a runtime type satisfies its schema.
pub trait TypedValid {
    /// `true` when the value's JSON form satisfies the type's schema.
    fn typed_valid(&self) -> bool;
}

impl TypedValid for Token {
    fn typed_valid(&self) -> bool {
        !self.is_empty()
    }
}

impl TypedValid for LenientInt {
    fn typed_valid(&self) -> bool {
        self.0 <= LENIENT_INT_MAX
    }
}

/// Constructors check these completely.
impl TypedValid for PhoneNumber {
    fn typed_valid(&self) -> bool {
        true
    }
}

/// Constructors check the digits; the id is sent as a string, which has no range.
impl TypedValid for NumericId {
    fn typed_valid(&self) -> bool {
        true
    }
}

/// Any text is a valid string form.
impl TypedValid for Decimal {
    fn typed_valid(&self) -> bool {
        true
    }
}

/// Any text is a valid string form.
impl TypedValid for LooseString {
    fn typed_valid(&self) -> bool {
        true
    }
}

/// Ids that came as JSON numbers must be exact in every language.
impl TypedValid for Id {
    fn typed_valid(&self) -> bool {
        !self.was_number() || self.as_u64().is_some_and(|n| n <= SAFE_INT_MAX)
    }
}

/// How a runtime type says, in its own words, why a JSON value is not one of it.
pub trait Explain {
    /// The reason `value` is not a valid value of this type, when the type can
    /// say it better than the schema's keywords (`None`: use the keyword's message).
    fn explain(value: &Value) -> Option<String> {
        let _ = value;
        None
    }
}

impl Explain for Token {}
impl Explain for LenientInt {}
impl Explain for NumericId {}
impl Explain for Decimal {}
impl Explain for LooseString {}
impl Explain for Id {}
impl Explain for Pin {}

/// Constructors check the six digits.
impl TypedValid for Pin {
    fn typed_valid(&self) -> bool {
        true
    }
}

/// Worded as [`PhoneNumber::new`] words it ("digits only, no +, spaces or dashes; found '+'").
impl Explain for PhoneNumber {
    fn explain(value: &Value) -> Option<String> {
        let error = match value {
            Value::String(text) => PhoneNumber::new(text.as_str()).err()?,
            Value::Number(n) => match n.as_u64() {
                Some(n) => PhoneNumber::try_from(n).err()?,
                None => return Some(format!("{n} is not a phone number")),
            },
            _ => return None,
        };
        Some(error.to_string())
    }
}

/// `holds(value, test)` is `test(value)`: lets generated typed checks name a
/// required field once.
pub fn holds<T: ?Sized>(value: &T, test: impl FnOnce(&T) -> bool) -> bool {
    test(value)
}

/// Whether an open type's `extra` holds nothing that belongs to a known key:
/// a known key lands there only when its value could not be read as its type,
/// or is a `null` (fine only where the schema allows `null`).
pub fn extra_ok(extra: &serde_json::Map<String, Value>, known: &[&str], nullable: &[&str]) -> bool {
    !extra.iter().any(|(key, value)| {
        known.contains(&key.as_str()) && !(value.is_null() && nullable.contains(&key.as_str()))
    })
}

/// The items of a list setter, converted.
pub fn list<T, I: Into<T>>(items: impl IntoIterator<Item = I>) -> Vec<T> {
    items.into_iter().map(Into::into).collect()
}

/// A list with one more item (for the one-item appenders).
pub fn append<T>(list: Option<Vec<T>>, item: impl Into<T>) -> Option<Vec<T>> {
    let mut list = list.unwrap_or_default();
    list.push(item.into());
    Some(list)
}

mod fits {
    //! [`Fits`] of the runtime types: exactly what their decoders accept.

    use super::super::decode::Fits;
    use super::super::lenient::{RawRef, LENIENT_INT_MAX, LENIENT_INT_MAX_DIGITS, SAFE_INT_MAX};
    use super::super::{Decimal, Id, LenientInt, LooseString, NumericId, PhoneNumber, Pin, Token};
    use serde_json::Value;

    impl Fits for Token {
        fn fits(v: &Value) -> bool {
            v.as_str().is_some_and(|s| !s.is_empty())
        }
    }

    impl Fits for LenientInt {
        fn fits(v: &Value) -> bool {
            RawRef::of(v)
                .and_then(|r| r.to_u64(LENIENT_INT_MAX, LENIENT_INT_MAX_DIGITS))
                .is_some()
        }
    }

    impl Fits for Id {
        fn fits(v: &Value) -> bool {
            match RawRef::of(v) {
                Some(RawRef::Str(_)) => true,
                Some(r) => r.to_u64(SAFE_INT_MAX, 0).is_some(),
                None => false,
            }
        }
    }

    impl Fits for NumericId {
        fn fits(v: &Value) -> bool {
            match RawRef::of(v) {
                Some(RawRef::Str(s)) => NumericId::new(s).is_some(),
                Some(r) => r.to_u64(SAFE_INT_MAX, 0).is_some(),
                None => false,
            }
        }
    }

    impl Fits for PhoneNumber {
        fn fits(v: &Value) -> bool {
            match RawRef::of(v) {
                Some(RawRef::Str(s)) => PhoneNumber::new(s).is_ok(),
                Some(r) => r
                    .to_u64(LENIENT_INT_MAX, 0)
                    .is_some_and(|n| PhoneNumber::try_from(n).is_ok()),
                None => false,
            }
        }
    }

    impl Fits for Pin {
        fn fits(v: &Value) -> bool {
            match RawRef::of(v) {
                Some(RawRef::Str(s)) => Pin::new(s).is_ok(),
                Some(r) => r.to_u64(999_999, 0).is_some_and(|n| n >= 100_000),
                None => false,
            }
        }
    }

    impl Fits for Decimal {
        fn fits(v: &Value) -> bool {
            v.is_number() || v.is_string()
        }
    }

    impl Fits for LooseString {
        fn fits(v: &Value) -> bool {
            v.is_number() || v.is_string()
        }
    }
}
