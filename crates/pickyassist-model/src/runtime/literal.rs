//! The JSON types and literal values a schema names (`type`, `enum`,
//! `const`): a leaf that both the predicates (`is`) and the error reports
//! (`keywords`) read, so neither imports the other for them.

use super::check::json_equal;
use super::tree::{Doc, Json};
use serde_json::Value;

/// A JSON type as JSON Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `string`
    String,
    /// `integer` (a number without a fractional part, `1.0` included)
    Integer,
    /// `number`
    Number,
    /// `boolean`
    Boolean,
    /// `array`
    Array,
    /// `object`
    Object,
    /// `null`
    Null,
}

impl Ty {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Integer => "integer",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Array => "array",
            Ty::Object => "object",
            Ty::Null => "null",
        }
    }

    pub(crate) fn holds(self, v: Json<'_>) -> bool {
        match self {
            Ty::String => v.is_string(),
            Ty::Integer => v.is_integer(),
            Ty::Number => v.is_number(),
            Ty::Boolean => v.is_boolean(),
            Ty::Array => v.is_array(),
            Ty::Object => v.is_object(),
            Ty::Null => v.is_null(),
        }
    }
}

/// A scalar an `enum` or `const` lists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lit {
    /// A whole number as written in the schema.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string.
    Str(&'static str),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// An array or an object, as JSON text.
    Json(&'static str),
}

impl Lit {
    pub(crate) fn matches(self, v: Json<'_>) -> bool {
        match self {
            Lit::Int(n) => v.as_f64() == Some(n as f64),
            Lit::Float(x) => v.as_f64() == Some(x),
            Lit::Str(s) => v.as_str() == Some(s),
            Lit::Bool(b) => v.as_bool() == Some(b),
            Lit::Null => v.is_null(),
            Lit::Json(text) => serde_json::from_str::<Value>(text)
                .ok()
                .and_then(|lit| Doc::from_value(&lit).ok())
                .is_some_and(|lit| json_equal(lit.root(), v)),
        }
    }

    /// The string it lists, if it is a string.
    pub(crate) fn as_str(self) -> Option<&'static str> {
        match self {
            Lit::Str(s) => Some(s),
            _ => None,
        }
    }

    /// As JSON text (`1`, `"1"`), the way the schema writes it.
    pub(crate) fn to_json(self) -> String {
        match self {
            Lit::Int(n) => n.to_string(),
            Lit::Float(x) => Value::from(x).to_string(),
            Lit::Str(s) => Value::from(s).to_string(),
            Lit::Bool(b) => b.to_string(),
            Lit::Null => "null".into(),
            Lit::Json(text) => text.to_owned(),
        }
    }
}
