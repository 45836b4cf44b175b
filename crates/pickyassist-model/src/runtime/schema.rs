//! The trait generated types implement, and the entry points that check raw JSON.

use super::{
    at::At,
    decode::Fits,
    error::ValidationErrors,
    json::parse_noting_duplicates,
    keywords::Errors,
    tree::{self, Doc, Json},
    ValidationError,
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// A type of the Picky Assist model: its schema's name and its generated validator.
///
/// Implemented by every generated type and by the runtime value types
/// ([`PhoneNumber`](crate::PhoneNumber), [`Token`](crate::Token), …). Use
/// [`validate_json`] and [`Validate`] rather than these methods.
pub trait Model: Sized {
    /// The type's name under `$defs` in `schema/pickyassist.bundle.json`.
    const NAME: &'static str;

    /// Whether this type's decoder accepts exactly the values its schema
    /// accepts (runtime and enum types), so decoding alone validates.
    const EXACT_DECODE: bool = false;

    /// Whether this type is decoded strictly (a closed object: what we send
    /// to Picky Assist): unknown keys, and a key given twice, are errors.
    const STRICT: bool = false;

    /// The JSON keys an object type documents: a struct's properties; for a
    /// union, its discriminator and every variant's properties. Empty for
    /// types that are not objects.
    const PROPERTIES: &'static [&'static str] = &[];

    /// For a received union chosen by a discriminator key (`WebhookEvent`
    /// by `event_id`): that key, whose value the exact decode finds before
    /// it reads the body. `None` for every other type.
    const UNION_TAG: Option<&'static str> = None;

    /// Reports every violation of the schema found in `value` to `out`.
    #[doc(hidden)]
    fn check_value(value: Json<'_>, at: &At<'_>, out: &mut Errors);

    /// Whether `value` satisfies the schema (what the generated checks ask
    /// of a subschema that names this type).
    #[doc(hidden)]
    fn is_valid_json(value: Json<'_>) -> bool {
        super::keywords::passes(|out| Self::check_value(value, &At::ROOT, out))
    }

    /// Whether `value` satisfies the schema. (A value holding 4 GiB of text
    /// or more is not checked: `false`.)
    fn is_valid_value(value: &Value) -> bool {
        Doc::from_value(value).is_ok_and(|doc| Self::is_valid_json(doc.root()))
    }

    /// Fast path for [`validate_json`] and [`Validate`]: does the JSON form of
    /// `self` satisfy the schema? `true` is a guarantee; `false` means "not
    /// known", and the caller falls back to the full check on the JSON form.
    fn is_valid_typed(&self) -> bool {
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
/// [`MAX_JSON_DEPTH`]. In a request (a type we send), a key given twice is
/// an error at its pointer (keyword `duplicateKey`): servers differ on which
/// copy they read. Never panics, whatever the input.
///
/// Valid input takes a fast path: it is decoded straight into `T` and checked
/// there ([`Model::is_valid_typed`]), which costs little more than the
/// decoding. Only when that fails is the document parsed again as a JSON
/// value and checked rule by rule, so that every error can be reported.
pub fn validate_json<T: Model + DeserializeOwned>(bytes: &[u8]) -> Result<T, ValidationErrors> {
    if let Some(typed) = decode_valid::<T>(bytes) {
        return Ok(typed);
    }
    let (doc, duplicates) = match std::str::from_utf8(bytes) {
        Ok(text) => tree::parse(text).map_err(malformed)?,
        // Not UTF-8: serde_json's own error, with its position, as
        // `serde_json::from_slice` gives it.
        Err(_) => {
            let (value, duplicates) = parse_noting_duplicates(bytes).map_err(malformed)?;
            let doc =
                Doc::from_value(&value).map_err(|_| ValidationErrors::new(vec![too_large()]))?;
            (doc, duplicates)
        }
    };
    let mut out = Errors::new();
    if T::STRICT {
        duplicates
            .into_iter()
            .for_each(|p| out.push(duplicate_key(p)));
    }
    T::check_value(doc.root(), &At::ROOT, &mut out);
    if let Some(errors) = out.into_report() {
        return Err(errors);
    }
    // Valid, but not on the fast path: decoded as a caller would decode it,
    // or from the value as sent when that fails.
    super::json::from_bytes::<T>(bytes).or_else(|_| {
        let value = super::json::value_from_bytes(bytes).map_err(malformed)?;
        decoded(value)
    })
}

/// Checks a parsed value: converted to a [`Doc`] first.
fn check_converted<T: Model>(value: &Value, out: &mut Errors) {
    match Doc::from_value(value) {
        Ok(doc) => T::check_value(doc.root(), &At::ROOT, out),
        Err(tree::TooLarge) => out.push(too_large()),
    }
}

/// The one error of a value too large for a [`Doc`].
fn too_large() -> ValidationError {
    ValidationError::new(
        String::new(),
        "type",
        String::new(),
        "a value holding 4 GiB of text or more is not checked",
    )
}

/// A document we send, parsed: its value and a `duplicateKey` error for
/// every key given twice, or the one error of malformed JSON.
pub fn parse_sent(bytes: &[u8]) -> Result<(Value, Vec<ValidationError>), ValidationErrors> {
    let (value, duplicates) = parse_noting_duplicates(bytes).map_err(malformed)?;
    Ok((value, duplicates.into_iter().map(duplicate_key).collect()))
}

fn malformed(e: serde_json::Error) -> ValidationErrors {
    ValidationErrors::at_root("json", format!("not valid JSON: {e}"))
}

fn duplicate_key(pointer: String) -> ValidationError {
    let key = super::at::unescape_segment(pointer.rsplit('/').next().unwrap_or_default());
    // A key that could be a phone number or a token is not quoted.
    let named = if super::check::could_be_personal(&key) {
        "this key".to_owned()
    } else {
        format!("{key:?}")
    };
    ValidationError::new(
        pointer,
        "duplicateKey",
        String::new(),
        format!("{named} is given more than once; servers differ on which copy they read, so give it once"),
    )
}

/// The exact decode of received bytes (`decode_exact`) for a schema type:
/// when `T` is a union chosen by a tag ([`Model::UNION_TAG`]), the tag is
/// looked for before the body is decoded, so that its variant reads the body
/// in one pass wherever the tag is.
pub fn decode_exact_model<T: Model + DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    super::decode::decode_exact_tagged(bytes, T::UNION_TAG).ok()
}

/// The fast path of [`validate_json`]: `Some` when `bytes` decode into `T`
/// and the typed check vouches for the result.
fn decode_valid<T: Model + DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    decode_exact_model::<T>(bytes).filter(Model::is_valid_typed)
}

/// Checks a parsed JSON value against `T`'s schema and decodes it. (A parsed
/// value cannot show keys given twice: use [`validate_json`] on the bytes.)
pub fn validate_value<T: Model + DeserializeOwned>(value: Value) -> Result<T, ValidationErrors> {
    let mut out = Errors::new();
    check_converted::<T>(&value, &mut out);
    if let Some(errors) = out.into_report() {
        return Err(errors);
    }
    decoded(value)
}

fn decoded<T: Model + DeserializeOwned>(value: Value) -> Result<T, ValidationErrors> {
    // The schema and the types are generated from one source, so this only
    // fails if they disagree: still an error, never a panic.
    serde_json::from_value(value).map_err(|e| {
        ValidationErrors::at_root(
            "type",
            format!("valid per schema but not decodable as {}: {e}", T::NAME),
        )
    })
}

/// Every violation of `T`'s schema in `value`, sorted.
fn errors_of<T: Model>(value: &Value) -> ValidationErrors {
    let mut out = Errors::new();
    check_converted::<T>(value, &mut out);
    out.into_report()
        .unwrap_or_else(|| ValidationErrors::ordered(Vec::new()))
}

/// [`errors_of`] as a list, for [`SchemaType::collect`].
fn error_list<T: Model>(value: &Value) -> Vec<ValidationError> {
    errors_of::<T>(value).into_vec()
}

/// [`Validate`] for generated types: the typed check first, and when it does
/// not vouch for the value, every rule on its JSON form (to list the errors).
pub fn validate_typed<T: Model + Serialize>(value: &T) -> Result<(), ValidationErrors> {
    if value.is_valid_typed() {
        Ok(())
    } else {
        checked_json(value).map(drop)
    }
}

/// The JSON form of `value`, when it satisfies `T`'s schema; every violation otherwise.
pub fn checked_json<T: Model + Serialize>(value: &T) -> Result<Value, ValidationErrors> {
    let json = serde_json::to_value(value).map_err(|e| {
        ValidationErrors::at_root("json", format!("cannot encode {}: {e}", T::NAME))
    })?;
    let errors = errors_of::<T>(&json);
    if errors.is_empty() {
        Ok(json)
    } else {
        Err(errors)
    }
}

/// One schema type chosen at run time by its `$defs` name: what generic
/// tools (differential tests, fuzzers, a CLI) need without naming the Rust type.
/// The generated [`SCHEMA_TYPES`](crate::generated::SCHEMA_TYPES) lists them all.
#[derive(Clone, Copy)]
pub struct SchemaType {
    /// The `$defs` name, e.g. `PushRequest`.
    pub name: &'static str,
    /// Every violation in a JSON value, sorted.
    pub collect: fn(&Value) -> Vec<ValidationError>,
    /// [`Model::is_valid_value`] of the type.
    pub is_valid_value: fn(&Value) -> bool,
    /// [`validate_json`] of the type, keeping only the verdict.
    pub validate_json: fn(&[u8]) -> Result<(), ValidationErrors>,
    /// Plain `serde_json` decoding of the type (no schema), keeping only the verdict.
    pub decode_json: fn(&[u8]) -> Result<(), String>,
    /// [`Model::EXACT_DECODE`] of the type.
    pub exact_decode: bool,
    /// [`Model::STRICT`] of the type.
    pub strict: bool,
    /// Whether a JSON value decodes as the type, answered without decoding
    /// (what received structs use to keep values that do not fit).
    pub fits: fn(&Value) -> bool,
    /// Whether `validate_json` accepts these bytes on its fast path
    /// (typed decode, then [`Model::is_valid_typed`]).
    pub fast_path: fn(&[u8]) -> bool,
    /// `Err` when the unbuffered decode (`decode_exact`) answers and its
    /// answer differs from the lenient decode's.
    pub exact_agrees: fn(&[u8]) -> Result<(), String>,
    /// `schemars::schema_for!` of the type, as JSON (feature `schemars`).
    #[cfg(feature = "schemars")]
    pub schemars: fn() -> Value,
}

/// What a type needs to be listed in [`SchemaType`] (and, with the
/// `schemars` feature, `schemars::JsonSchema`).
#[cfg(not(feature = "schemars"))]
pub trait Listed: Model + DeserializeOwned + Serialize + Fits {}
#[cfg(not(feature = "schemars"))]
impl<T: Model + DeserializeOwned + Serialize + Fits> Listed for T {}

/// What a type needs to be listed in [`SchemaType`] (and, with the
/// `schemars` feature, `schemars::JsonSchema`).
#[cfg(feature = "schemars")]
pub trait Listed: Model + DeserializeOwned + Serialize + Fits + schemars::JsonSchema {}
#[cfg(feature = "schemars")]
impl<T: Model + DeserializeOwned + Serialize + Fits + schemars::JsonSchema> Listed for T {}

impl SchemaType {
    /// The entry for `T`.
    pub const fn of<T: Listed>() -> Self {
        Self {
            name: T::NAME,
            collect: error_list::<T>,
            is_valid_value: T::is_valid_value,
            validate_json: verdict::<T>,
            decode_json: decode::<T>,
            exact_decode: T::EXACT_DECODE,
            strict: T::STRICT,
            fits: T::fits,
            fast_path: fast::<T>,
            exact_agrees: exact_agrees::<T>,
            #[cfg(feature = "schemars")]
            schemars: schemars_root::<T>,
        }
    }
}

#[cfg(feature = "schemars")]
fn schemars_root<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default()
}

impl SchemaType {
    /// Every violation of the type's schema in `value`, sorted.
    pub fn errors(&self, value: &Value) -> Vec<ValidationError> {
        (self.collect)(value)
    }
}

impl std::fmt::Debug for SchemaType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaType")
            .field("name", &self.name)
            .finish()
    }
}

fn exact_agrees<T: Model + DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<(), String> {
    let Some(exact) = decode_exact_model::<T>(bytes) else {
        return Ok(());
    };
    let lenient: T = serde_json::from_slice(bytes)
        .map_err(|e| format!("decode_exact answers but the lenient decode fails: {e}"))?;
    let (exact, lenient) = (serde_json::to_value(&exact), serde_json::to_value(&lenient));
    match (exact, lenient) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (a, b) => Err(format!(
            "decode_exact gives {a:?}, the lenient decode {b:?}"
        )),
    }
}

fn verdict<T: Model + DeserializeOwned>(bytes: &[u8]) -> Result<(), ValidationErrors> {
    validate_json::<T>(bytes).map(drop)
}

fn fast<T: Model + DeserializeOwned>(bytes: &[u8]) -> bool {
    decode_valid::<T>(bytes).is_some()
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(bytes)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Checks `v`, the member `key` of the object at `at`, against the named type `T`.
pub fn check_member<T: Model>(v: Json<'_>, at: &At<'_>, out: &mut Errors, key: &'static str) {
    T::check_value(v, &at.prop(key), out);
}

/// Checks every element of the array `v`, when it is one, against `T`.
pub fn check_items<T: Model>(v: Json<'_>, at: &At<'_>, out: &mut Errors) {
    for (i, item) in v.as_array().into_iter().flatten().enumerate() {
        T::check_value(item, &at.item(i), out);
    }
}
