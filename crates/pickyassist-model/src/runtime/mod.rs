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
mod find_tag;
mod in_place;
mod interned;
pub mod is;
mod json;
mod keywords;
mod lenient;
mod literal;
mod numeric_id;
mod order;
mod pattern;
mod phone;
mod pin;
mod pointer;
mod received_id;
mod received_text;
mod schema;
#[cfg(feature = "schemars")]
mod schemars_impl;
mod suggest;
mod text;
mod token;
mod tree;
mod typed;
mod union;
mod whole_number;

pub use decimal::Decimal;
pub use error::{NotAVariant, ValidationError, ValidationErrors};
pub use lenient::SAFE_INT_MAX;
pub use numeric_id::NumericId;
pub use phone::{PhoneNumber, PhoneNumberError};
pub use pin::{Pin, PinError};
pub use received_id::ReceivedId;
pub use received_text::ReceivedText;
pub use schema::{validate_json, validate_value, Model, SchemaType, Validate, MAX_JSON_DEPTH};
pub use suggest::did_you_mean;
pub use token::Token;
pub use whole_number::{WholeNumber, WHOLE_NUMBER_MAX};

/// A deterministic stream of numbers below `n` (xorshift), for the
/// runtime's property tests.
#[cfg(test)]
fn numbers(mut state: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}

/// What generated code calls; not part of the public API.
#[doc(hidden)]
pub mod private {
    pub use super::at::{unescape_segment, At};
    pub use super::check::{char_len, could_be_personal};
    pub use super::decode::{
        decode_exact, keep_fitting, keep_fitting_list, required, set_list_once, set_once,
        unknown_field, Fits, Key,
    };
    pub use super::find_tag::string_end;
    pub use super::in_place::{list as list_of, ReadInto};
    pub use super::is;
    pub use super::is::count;
    pub use super::json::{value_from_bytes, PlainJson};
    pub use super::keywords::Errors;
    pub use super::lenient::Raw;
    pub use super::literal::{Lit, Ty};
    pub use super::pattern::Pattern;
    pub use super::schema::{check_items, check_member, decode_exact_model};
    pub use super::schema::{checked_json, parse_sent, validate_typed, Model};
    #[cfg(feature = "schemars")]
    pub use super::schemars_impl::{bundle_defs, schema as schemars_schema};
    pub use super::tree::{Arr, Doc, Json, Obj};
    pub use super::typed::{append, extra_ok, list, Explain, TypedValid};
    pub use super::union::{read_union, tag_value, Union, UnionBody};
    pub use super::whole_number::{read_code, WHOLE_NUMBER_MAX};
    #[cfg(feature = "schemars")]
    pub use schemars;
}
