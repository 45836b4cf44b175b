//! Hand-written runtime that the generated model calls.
//!
//! The generated code owns the *rules*; this module owns the *mechanics*:
//! error values, JSON pointers, lenient number decoding and the few value
//! types (phone numbers, numeric ids, decimals) whose invariants are enforced
//! by construction.

mod check;
mod decimal;
mod decode;
mod error;
mod lenient;
mod loose_string;
mod numeric_id;
mod phone;
mod pointer;
mod schema;
mod token;
mod typed;

pub use check::*;
pub use decimal::Decimal;
pub use decode::{set_once, Key};
pub use error::{ValidationError, ValidationErrors};
pub use lenient::{LenientInt, Raw, LENIENT_INT_MAX, LENIENT_INT_MAX_DIGITS, SAFE_INT_MAX};
pub use loose_string::LooseString;
pub use numeric_id::NumericId;
pub use phone::{PhoneNumber, PhoneNumberError};
pub use pointer::Ptr;
pub use schema::{
    checked_json, validate_json, validate_serialized, validate_typed, validate_value, JsonSchema,
    SchemaType, Validate, MAX_JSON_DEPTH,
};
pub use token::Token;
pub use typed::{holds, TypedValid};
