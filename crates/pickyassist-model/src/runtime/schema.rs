//! The traits generated types implement, and the entry points that check raw JSON.

use super::{error::ValidationErrors, pointer::Ptr, ValidationError};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// A type with a schema in `schema/`: its generated validator over JSON values.
pub trait JsonSchema {
    /// The type's name under `$defs` in `schema/pickyassist.bundle.json`.
    const NAME: &'static str;

    /// Pushes every violation of the schema found in `value` onto `out`,
    /// with pointers relative to `at`.
    fn check_value(value: &Value, at: &Ptr<'_>, out: &mut Vec<ValidationError>);

    /// Whether `value` satisfies the schema (stops at the first violation).
    fn is_valid_value(value: &Value) -> bool;
}

/// Validation of an already-built value against its schema.
pub trait Validate {
    /// Returns every violation, or `Ok(())`.
    fn validate(&self) -> Result<(), ValidationErrors>;
}

/// Parses `bytes` as JSON, checks it against `T`'s schema and decodes it.
///
/// All violations are reported, each with its instance pointer, in a
/// deterministic order. Malformed JSON is one error at the document root
/// (pointer `""`, keyword `json`). Never panics, whatever the input.
pub fn validate_json<T: JsonSchema + DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, ValidationErrors> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ValidationErrors::new(vec![ValidationError::new(
            String::new(),
            "json",
            "",
            format!("not valid JSON: {e}"),
        )])
    })?;
    validate_value(value)
}

/// Checks a parsed JSON value against `T`'s schema and decodes it.
pub fn validate_value<T: JsonSchema + DeserializeOwned>(
    value: Value,
) -> Result<T, ValidationErrors> {
    let mut out = Vec::new();
    T::check_value(&value, &Ptr::ROOT, &mut out);
    if !out.is_empty() {
        return Err(ValidationErrors::new(out));
    }
    // The schema and the types are generated from one source, so this only
    // fails if they disagree: still an error, never a panic.
    serde_json::from_value(value).map_err(|e| {
        ValidationErrors::new(vec![ValidationError::new(
            String::new(),
            "type",
            "",
            format!("valid per schema but not decodable as {}: {e}", T::NAME),
        )])
    })
}

/// [`Validate`] by way of the JSON form: what generated types use.
pub fn validate_serialized<T: JsonSchema + Serialize>(value: &T) -> Result<(), ValidationErrors> {
    let json = serde_json::to_value(value).map_err(|e| {
        ValidationErrors::new(vec![ValidationError::new(
            String::new(),
            "json",
            "",
            format!("cannot encode {}: {e}", T::NAME),
        )])
    })?;
    let mut out = Vec::new();
    T::check_value(&json, &Ptr::ROOT, &mut out);
    if out.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors::new(out))
    }
}
