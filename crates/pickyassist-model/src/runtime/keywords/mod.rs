//! One method per JSON Schema keyword: the generated validators call these,
//! and they own the error messages, so that a check is one call in generated
//! code. Each report method takes the rule's schema path (`path`: where the
//! keyword sits in the bundle), which the generated code states at the call,
//! so a report of 40 000 errors looks none up. One file per family of keywords (as in the generator's
//! `emit/keywords/`), each keyword's predicate beside its report; the
//! predicates are also reachable as [`rt::is`](super::is).

// The families' public items are their predicates, which `rt::is` re-exports.
pub(super) mod array;
mod errors;
pub(super) mod logic;
pub(super) mod object;
pub(super) mod value;

pub use errors::{passes, Errors};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::at::At;
    use crate::runtime::literal::{Lit, Ty};
    use crate::runtime::tree::Doc;
    use serde_json::{json, Value};

    fn doc(value: Value) -> Doc<'static> {
        Doc::from_value(&value).expect("small")
    }

    #[test]
    fn messages_name_the_limit_and_what_was_found() {
        let root = At::ROOT;
        let at = root.prop("name");
        let mut out = Errors::new();
        let checks = [
            (json!("abcdef"), "maxLength"),
            (json!(""), "minLength"),
            (json!(12), "maximum"),
            (json!(1.5), "type"),
            (json!(7), "enum"),
        ];
        out.max_length(
            doc(checks[0].0.clone()).root(),
            &at,
            "/$defs/T/maxLength",
            3,
        );
        out.min_length(
            doc(checks[1].0.clone()).root(),
            &at,
            "/$defs/T/minLength",
            1,
        );
        out.maximum(
            doc(checks[2].0.clone()).root(),
            &at,
            "/$defs/T/maximum",
            10.0,
        );
        out.ty(
            doc(checks[3].0.clone()).root(),
            &at,
            "/$defs/T/type",
            &[Ty::Integer, Ty::String],
        );
        out.one_of(
            doc(checks[4].0.clone()).root(),
            &at,
            "/$defs/T/enum",
            &[Lit::Int(1), Lit::Str("1")],
        );
        let errors = out.into_vec();
        let messages: Vec<&str> = errors.iter().map(|e| &*e.message).collect();
        assert_eq!(
            messages,
            [
                "must be at most 3 characters long; found 6",
                "must not be empty",
                "must be at most 10; found 12",
                "expected integer or string, found number",
                "must be one of 1, \"1\"; found 7",
            ]
        );
        for (e, (_, keyword)) in errors.iter().zip(checks) {
            assert_eq!(e.keyword, keyword);
            assert_eq!(e.schema_path, format!("/$defs/T/{keyword}"));
            assert_eq!(e.pointer, "/name");
        }
    }

    #[test]
    fn no_message_quotes_a_value_that_may_be_personal() {
        let at = At::ROOT;
        let mut out = Errors::new();
        let (maximum, minimum) = ("/$defs/T/maximum", "/$defs/T/minimum");
        let (one_of, nothing) = ("/$defs/T/enum", "/$defs/T/false");
        out.maximum(doc(json!(919846012345u64)).root(), &at, maximum, 999.0);
        out.minimum(doc(json!(1234)).root(), &at, minimum, 100000.0);
        out.one_of(
            doc(json!("Dear John")).root(),
            &at,
            one_of,
            &[Lit::Str("en"), Lit::Str("hi")],
        );
        out.one_of(
            doc(json!("EN")).root(),
            &at,
            one_of,
            &[Lit::Str("en"), Lit::Str("hi")],
        );
        out.constant(
            doc(json!(["Dear John", "OTP 4821"])).root(),
            &at,
            "/$defs/T/const",
            Lit::Int(1),
        );
        out.not(
            doc(json!({"text": "Dear John"})).root(),
            &at,
            "/$defs/T/not",
            true,
            true,
        );
        out.nothing(doc(json!("Dear John")).root(), &at, nothing);
        out.maximum(doc(json!(-7)).root(), &at, maximum, -10.0);
        out.nothing(doc(json!("")).root(), &at, nothing);
        let messages: Vec<String> = out
            .into_vec()
            .into_iter()
            .map(|e| e.message.into_owned())
            .collect();
        assert_eq!(
            messages,
            [
                "must be at most 999; found a number of 12 characters",
                "must be at least 100000; found a number of 4 characters",
                "must be one of \"en\", \"hi\"; found a string of 9 characters",
                "must be one of \"en\", \"hi\"; found a string of 2 characters; did you mean \"en\"?",
                "must be 1; found an array of 2 items",
                "is not allowed here; found an object of 1 member",
                "no value is allowed here; found a string of 9 characters",
                "must be at most -10; found -7",
                "no value is allowed here; found an empty string",
            ]
        );
    }

    #[test]
    fn a_hint_is_added_and_errors_point_at_keys() {
        let at = At::ROOT.hint("see the docs");
        let mut out = Errors::new();
        out.required(
            doc(json!({})).root().as_object().expect("object"),
            &at,
            "/$defs/T/required",
            &["token"],
        );
        let e = &out.into_vec()[0];
        assert_eq!(e.pointer, "/token");
        assert_eq!(e.schema_path, "/$defs/T/required");
        assert_eq!(
            e.message,
            "missing required variable \"token\"; see the docs"
        );
    }

    #[test]
    fn quick_mode_keeps_nothing_but_the_verdict() {
        assert!(!passes(|out| out.min_length(
            doc(json!("")).root(),
            &At::ROOT,
            "/$defs/T/minLength",
            1
        )));
        assert!(passes(|out| out.min_length(
            doc(json!("x")).root(),
            &At::ROOT,
            "/$defs/T/minLength",
            1
        )));
    }
}
