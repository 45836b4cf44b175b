//! Typed payloads of the Picky Assist API, with validators that report every
//! violation of the project's JSON Schema together with its JSON pointer.
//!
//! Everything under [`generated`] is produced by `cargo xtask codegen` from
//! `schema/*.schema.json`; [`runtime`] is the small hand-written layer the
//! generated code calls (errors, lenient numbers, phone numbers, …).
//!
//! ```
//! use pickyassist_model::{validate_json, PushRequest};
//!
//! let body = br#"{"token":"t0k","application":"10","globalmessage":"Hi",
//!                 "data":[{"number":"919000000001"}]}"#;
//! let request: PushRequest = validate_json(body).expect("valid push");
//! assert_eq!(request.data.as_ref().map(Vec::len), Some(1));
//!
//! let errors = validate_json::<PushRequest>(br#"{"token":"t","application":1,"priority ":0}"#)
//!     .unwrap_err();
//! assert!(errors.iter().any(|e| e.pointer == "/priority "));
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[rustfmt::skip]
pub mod generated;
pub mod runtime;

pub use generated::*;
pub use runtime::{
    validate_json, validate_value, Decimal, JsonSchema, LenientInt, LooseString, NumericId,
    PhoneNumber, Validate, ValidationError, ValidationErrors,
};
