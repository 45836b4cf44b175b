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
    PhoneNumber, SchemaType, Token, Validate, ValidationError, ValidationErrors,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_makes_a_valid_push() {
        let to = PhoneNumber::new("919000000001").expect("valid number");
        let request = PushRequest::new("TOKEN", Application::WhatsappOfficial)
            .globalmessage("Your order has shipped")
            .data(vec![PushMessage::new().number(to)]);
        assert_eq!(request.validate(), Ok(()));
        let json = serde_json::to_value(&request).expect("encodes");
        assert_eq!(
            json,
            serde_json::json!({"token":"TOKEN","application":8,"globalmessage":"Your order has shipped",
                               "data":[{"number":"919000000001"}]})
        );
    }

    #[test]
    fn validate_reports_missing_content_on_a_built_request() {
        let request = PushRequest::new("TOKEN", 10u64).data(vec![
            PushMessage::new().number(PhoneNumber::new("919000000001").expect("valid"))
        ]);
        let errors = request.validate().expect_err("no text anywhere");
        assert_eq!(errors.pointers(), ["/globalmessage"]);
    }

    #[test]
    fn built_values_outside_the_schema_are_caught() {
        let to =
            || vec![PushMessage::new().number(PhoneNumber::new("919000000001").expect("valid"))];
        let empty_token = PushRequest::new("", 1u64).globalmessage("Hi").data(to());
        assert_eq!(
            empty_token.validate().expect_err("empty token").pointers(),
            ["/token"]
        );
        let huge_channel = PushRequest::new("t", 10u64.pow(16))
            .globalmessage("Hi")
            .data(to());
        assert_eq!(
            huge_channel.validate().expect_err("too large").pointers(),
            ["/application"]
        );
        let nowhere = PushRequest::new("t", 1u64)
            .location(Location::new(f64::NAN, 0.0))
            .data(to());
        assert!(
            nowhere.validate().is_err(),
            "NaN latitude is not a number in JSON"
        );
        let fine = PushRequest::new("t", 1u64).globalmessage("Hi").data(to());
        assert!(
            fine.is_valid_typed(),
            "a valid built request takes the typed path"
        );
        assert_eq!(fine.validate(), Ok(()));
    }

    #[test]
    fn a_null_from_the_server_is_kept_not_lost() {
        let body = br#"{"status":100,"push_id":null,"message":"Success","new_field":[1]}"#;
        let answer: PushResponse = serde_json::from_slice(body).expect("lenient decode");
        assert_eq!(answer.push_id, None);
        assert_eq!(answer.extra.get("push_id"), Some(&serde_json::Value::Null));
        let again: serde_json::Value = serde_json::to_value(&answer).expect("encodes");
        let sent: serde_json::Value = serde_json::from_slice(body).expect("JSON");
        assert_eq!(again, sent, "re-encoding gives back what was received");
        // The schema does not allow null, and validation says where.
        let errors = validate_json::<PushResponse>(body).expect_err("null push_id");
        assert_eq!(errors.pointers(), ["/push_id"]);
    }

    #[test]
    fn readme_example_reports_three_errors() {
        let body = br#"{"token":"t0k","application":"10","priority ":1,"data":[{"number":"+55 12345 6789"}]}"#;
        let errors = validate_json::<PushRequest>(body).expect_err("invalid");
        // Errors come sorted by pointer; the number breaks two rules, so it appears twice.
        let mut pointers = errors.pointers();
        pointers.dedup();
        assert_eq!(pointers, ["/data/0/number", "/globalmessage", "/priority "]);
    }

    #[test]
    fn arbitrary_bytes_give_errors_not_panics() {
        for input in [
            &b""[..],
            b"{",
            b"\xff\xfe",
            b"[[[[[[",
            b"null",
            b"{\"data\":[{}]}",
            &[b'['; 5000][..],
        ] {
            assert!(validate_json::<PushRequest>(input).is_err());
            assert!(validate_json::<PushResponse>(input).is_err());
        }
    }
}
