//! Hand-written runtime that the generated model calls.
//!
//! The generated code owns the *rules*; this module owns the *mechanics*:
//! error values and messages, JSON pointers, decoding helpers, lenient
//! numbers and the few value types (phone numbers, ids, decimals) whose
//! invariants are enforced by construction.

mod at;
mod check;
mod decimal;
mod decode;
mod error;
mod id;
pub mod is;
mod json;
mod keywords;
mod lenient;
mod literal;
mod loose_string;
mod numeric_id;
mod phone;
mod pin;
mod schema;
#[cfg(feature = "schemars")]
mod schemars_impl;
mod suggest;
mod text;
mod token;
mod typed;

pub use decimal::Decimal;
pub use error::{NotAVariant, ValidationError, ValidationErrors};
pub use id::Id;
pub use lenient::{LenientInt, LENIENT_INT_MAX, SAFE_INT_MAX};
pub use loose_string::LooseString;
pub use numeric_id::NumericId;
pub use phone::{PhoneNumber, PhoneNumberError};
pub use pin::{Pin, PinError};
pub use schema::{validate_json, validate_value, Model, SchemaType, Validate, MAX_JSON_DEPTH};
pub use suggest::did_you_mean;
pub use token::Token;

/// What generated code calls; not part of the public API.
#[doc(hidden)]
pub mod private {
    pub use super::at::At;
    pub use super::check::char_len;
    pub use super::decode::{
        decode_exact, keep_fitting, required, set_once, unknown_field, Fits, Key, UnionBody,
    };
    pub use super::is;
    pub use super::is::count;
    pub use super::keywords::Errors;
    pub use super::lenient::{read_code, Raw, LENIENT_INT_MAX};
    pub use super::literal::{Lit, Ty};
    pub use super::schema::{check_items, check_member};
    pub use super::schema::{checked_json, parse_sent, validate_typed, Model};
    #[cfg(feature = "schemars")]
    pub use super::schemars_impl::{bundle_defs, schema as schemars_schema};
    pub use super::typed::{append, extra_ok, list, Explain, TypedValid};
    #[cfg(feature = "schemars")]
    pub use schemars;
}
