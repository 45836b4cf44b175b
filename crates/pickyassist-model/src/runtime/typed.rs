//! Typed checks of the hand-written runtime types, for values built in code.
//!
//! A decoded runtime value always satisfies its schema (its decoder checks
//! it); a value built with a constructor may not (`Token::new("")`,
//! `LenientInt(10u64.pow(16))`). [`Validate`](super::Validate) and the typed
//! fast path call these checks.

use super::{Decimal, LenientInt, LooseString, NumericId, PhoneNumber, Token, LENIENT_INT_MAX};

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

/// `holds(value, test)` is `test(value)`: lets generated typed checks name a
/// required field once.
pub fn holds<T: ?Sized>(value: &T, test: impl FnOnce(&T) -> bool) -> bool {
    test(value)
}
