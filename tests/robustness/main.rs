//! No panics on any bytes: random, token soup, truncated, flipped, deeply
//! nested, very long strings, invalid UTF-8, out-of-range numbers, for every
//! type. `PICKYASSIST_BYTES_COUNT` sets the inputs per type (default 2 000).

mod webhooks;

use pickyassist_model::{validate_json, PushRequest, PushResponse, SCHEMA_TYPES};
use pickyassist_tests::generate::Generator;
use pickyassist_tests::robustness::{check_bytes, input, INPUTS};

const SEED: u64 = 7;

#[test]
fn every_type_answers_every_input_without_panicking() {
    let count: usize = std::env::var("PICKYASSIST_BYTES_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let mut problems = Vec::new();
    for entry in SCHEMA_TYPES {
        let mut generator = Generator::new(SEED ^ entry.name.len() as u64);
        for i in 0..count {
            let kind = i % INPUTS.len();
            let bytes = input(&mut generator, entry.name, kind);
            if let Err(problem) = check_bytes(entry, &bytes) {
                let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
                problems.push(format!(
                    "{} #{i} ({}): {problem}\n  input: {shown}",
                    entry.name, INPUTS[kind]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn ten_thousand_levels_are_an_error_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}"), ("{\"token\":", "}")] {
        let text = format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
        for entry in SCHEMA_TYPES {
            let errors = (entry.validate_json)(text.as_bytes()).expect_err("too deep");
            assert_eq!(errors.pointers(), [""], "{}", entry.name);
            assert!(errors.to_string().contains("recursion limit"), "{errors}");
            assert!((entry.decode_json)(text.as_bytes()).is_err());
        }
    }
}

#[test]
fn long_strings_are_checked_not_choked_on() {
    let message = "é".repeat(5_000_000);
    let body = format!(
        r#"{{"token":"t","application":1,"globalmessage":"{message}","data":[{{"number":"{}"}}]}}"#,
        "9".repeat(100_000)
    );
    let errors = validate_json::<PushRequest>(body.as_bytes()).expect_err("number too long");
    assert_eq!(errors.pointers(), ["/data/0/number"]);
    assert_eq!(
        errors.iter().map(|e| e.keyword).collect::<Vec<_>>(),
        ["maxLength"]
    );
}

#[test]
fn invalid_utf8_is_a_json_error() {
    let body = b"{\"status\":100,\"message\":\"\xc3\x28\"}";
    let errors = validate_json::<PushResponse>(body).expect_err("not UTF-8");
    assert_eq!(
        errors.iter().map(|e| e.keyword).collect::<Vec<_>>(),
        ["json"]
    );
}
