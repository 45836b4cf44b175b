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

    /// Whether this type's decoder accepts exactly the values its schema
    /// accepts (runtime and enum types), so decoding alone validates.
    const EXACT_DECODE: bool = false;

    /// Fast path for [`validate_json`] and [`Validate`]: does the JSON form of
    /// `self` satisfy the schema? `true` is a guarantee; `false` means "not
    /// known", and the caller falls back to the full check on the JSON form.
    /// Generated per type; the default knows nothing.
    fn is_valid_typed(&self) -> bool
    where
        Self: Sized,
    {
        false
    }
}

/// Validation of an already-built value against its schema.
pub trait Validate {
    /// Returns every violation, or `Ok(())`.
    fn validate(&self) -> Result<(), ValidationErrors>;
}

/// Deepest nesting of arrays and objects [`validate_json`] reads (the root
/// counts as 1). Deeper documents are refused as malformed JSON, whatever the
/// schema says, so that hostile input cannot exhaust the stack.
pub const MAX_JSON_DEPTH: usize = 127;

/// Parses `bytes` as JSON, checks it against `T`'s schema and decodes it.
///
/// All violations are reported, each with its instance pointer, in a
/// deterministic order. Malformed JSON is one error at the document root
/// (pointer `""`, keyword `json`); so is a document nested deeper than
/// [`MAX_JSON_DEPTH`]. Never panics, whatever the input.
///
/// Valid input takes a fast path: it is decoded straight into `T` and checked
/// there ([`JsonSchema::is_valid_typed`]), which costs little more than the
/// decoding. Only when that fails is the document parsed again as a JSON
/// value and checked rule by rule, so that every error can be reported.
pub fn validate_json<T: JsonSchema + DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, ValidationErrors> {
    if let Some(typed) = decode_valid(bytes) {
        return Ok(typed);
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ValidationErrors::at_root("json", format!("not valid JSON: {e}")))?;
    validate_value(value)
}

/// The fast path of [`validate_json`]: `Some` when `bytes` decode into `T`
/// and the typed check vouches for the result.
fn decode_valid<T: JsonSchema + DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_json::from_slice::<T>(bytes)
        .ok()
        .filter(JsonSchema::is_valid_typed)
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
        ValidationErrors::at_root(
            "type",
            format!("valid per schema but not decodable as {}: {e}", T::NAME),
        )
    })
}

/// [`Validate`] for generated types: the typed check first, and when it does
/// not vouch for the value, every rule on its JSON form (to list the errors).
pub fn validate_typed<T: JsonSchema + Serialize>(value: &T) -> Result<(), ValidationErrors> {
    if value.is_valid_typed() {
        Ok(())
    } else {
        validate_serialized(value)
    }
}

/// [`Validate`] by way of the JSON form.
pub fn validate_serialized<T: JsonSchema + Serialize>(value: &T) -> Result<(), ValidationErrors> {
    checked_json(value).map(drop)
}

/// The JSON form of `value`, when it satisfies `T`'s schema; every violation otherwise.
pub fn checked_json<T: JsonSchema + Serialize>(value: &T) -> Result<Value, ValidationErrors> {
    let json = serde_json::to_value(value).map_err(|e| {
        ValidationErrors::at_root("json", format!("cannot encode {}: {e}", T::NAME))
    })?;
    let mut out = Vec::new();
    T::check_value(&json, &Ptr::ROOT, &mut out);
    if out.is_empty() {
        Ok(json)
    } else {
        Err(ValidationErrors::new(out))
    }
}

/// One schema type chosen at run time by its `$defs` name: what generic
/// tools (differential tests, fuzzers, a CLI) need without naming the Rust type.
/// The generated [`SCHEMA_TYPES`](crate::generated::SCHEMA_TYPES) lists them all.
#[derive(Clone, Copy)]
pub struct SchemaType {
    /// The `$defs` name, e.g. `PushRequest`.
    pub name: &'static str,
    /// [`JsonSchema::check_value`] of the type.
    pub check_value: fn(&Value, &Ptr<'_>, &mut Vec<ValidationError>),
    /// [`JsonSchema::is_valid_value`] of the type.
    pub is_valid_value: fn(&Value) -> bool,
    /// [`validate_json`] of the type, keeping only the verdict.
    pub validate_json: fn(&[u8]) -> Result<(), ValidationErrors>,
    /// Plain `serde_json` decoding of the type (no schema), keeping only the verdict.
    pub decode_json: fn(&[u8]) -> Result<(), String>,
    /// [`JsonSchema::EXACT_DECODE`] of the type.
    pub exact_decode: bool,
    /// Whether `validate_json` accepts these bytes on its fast path
    /// (typed decode, then [`JsonSchema::is_valid_typed`]).
    pub fast_path: fn(&[u8]) -> bool,
}

impl SchemaType {
    /// The entry for `T`.
    pub const fn of<T: JsonSchema + DeserializeOwned>() -> Self {
        Self {
            name: T::NAME,
            check_value: T::check_value,
            is_valid_value: T::is_valid_value,
            validate_json: verdict::<T>,
            decode_json: decode::<T>,
            exact_decode: T::EXACT_DECODE,
            fast_path: fast::<T>,
        }
    }

    /// Every violation in `value`, sorted as [`ValidationErrors`] sorts them.
    pub fn errors(&self, value: &Value) -> Vec<ValidationError> {
        let mut out = Vec::new();
        (self.check_value)(value, &Ptr::ROOT, &mut out);
        ValidationErrors::new(out).into_vec()
    }
}

impl std::fmt::Debug for SchemaType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaType")
            .field("name", &self.name)
            .finish()
    }
}

fn verdict<T: JsonSchema + DeserializeOwned>(bytes: &[u8]) -> Result<(), ValidationErrors> {
    validate_json::<T>(bytes).map(drop)
}

fn fast<T: JsonSchema + DeserializeOwned>(bytes: &[u8]) -> bool {
    decode_valid::<T>(bytes).is_some()
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(bytes)
        .map(drop)
        .map_err(|e| e.to_string())
}
