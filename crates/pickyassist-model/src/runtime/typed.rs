//! Typed checks of the hand-written runtime types, for values built in code.
//!
//! A decoded runtime value always satisfies its schema (its decoder checks
//! it); a value built with a constructor may not (`Token::new("")`,
//! `WholeNumber(10u64.pow(16))`). [`Validate`](super::Validate) and the typed
//! fast path call these checks. Each runtime type implements them in its own
//! file, beside its serde impls and `Fits`.

use std::borrow::Cow;

use super::{lenient::RawRef, tree::Json};
use serde_json::Value;

/// Whether a value of a runtime type satisfies its schema.
pub trait TypedValid {
    /// `true` when the value's JSON form satisfies the type's schema.
    fn typed_valid(&self) -> bool;
}

/// What a runtime type (a scalar with its own decoder) says of a JSON value:
/// whether it is one, and, in its own words, why not.
pub trait Explain {
    /// Whether a scalar decodes as this type (`None`: the value is neither
    /// a string nor a number). The type's `Fits` and its report both ask this.
    fn accepts(value: Option<RawRef<'_>>) -> bool;

    /// [`accepts`](Self::accepts) for a value of a document being checked.
    fn accepts_json(value: Json<'_>) -> bool {
        Self::accepts(RawRef::of_json(value))
    }

    /// The reason `value` is not a valid value of this type, when the type can
    /// say it better than the schema's keywords (`None`: use the keyword's message).
    fn explain(value: Json<'_>) -> Option<Cow<'static, str>> {
        let _ = value;
        None
    }
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
