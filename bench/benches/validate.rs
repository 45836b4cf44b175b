//! Validation: ours against the typed-parse floor and the `jsonschema` crate,
//! each contender on the same bytes in the same run.

use divan::{black_box, AllocProfiler, Bencher};
use pickyassist_bench::{
    push_request, push_request_invalid, push_request_sparse_invalid, push_response, webhook_event,
    webhook_event_sorted, webhook_message, SIZES,
};
use pickyassist_model::{
    validate_json, PushRequest, PushResponse, Validate, WebhookEvent, WebhookMessage,
};
use pickyassist_tests::reference::validator_at;
use serde_json::Value;
use std::sync::{Arc, LazyLock};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

static REQUEST: LazyLock<Arc<jsonschema::Validator>> =
    LazyLock::new(|| validator_at("/$defs/PushRequest"));
static RESPONSE: LazyLock<Arc<jsonschema::Validator>> =
    LazyLock::new(|| validator_at("/$defs/PushResponse"));
static MESSAGE: LazyLock<Arc<jsonschema::Validator>> =
    LazyLock::new(|| validator_at("/$defs/WebhookMessage"));
static EVENT: LazyLock<Arc<jsonschema::Validator>> =
    LazyLock::new(|| validator_at("/$defs/WebhookEvent"));

#[cfg(feature = "jsonschema-macros")]
#[jsonschema_gen::validator(
    schema = r#"{"$ref": "urn:pickyassist#/$defs/PushRequest"}"#,
    resources = { "urn:pickyassist" => { path = "../schema/pickyassist.bundle.json" } },
    draft = Draft202012
)]
struct GeneratedPushRequest;

fn main() {
    check_inputs();
    divan::main();
}

/// The jsonschema crate's contender on bytes: a `Value` parse, then
/// `is_valid` (asserted). The value is returned, so that the caller chooses
/// whether its freeing is timed.
#[inline]
fn parse_and_check(validator: &jsonschema::Validator, bytes: &[u8]) -> Value {
    let value: Value = serde_json::from_slice(black_box(bytes)).expect("JSON");
    assert!(validator.is_valid(&value));
    value
}

/// Before timing anything: every contender agrees on every input, and the
/// invalid inputs get the same number of errors from us and from jsonschema.
fn check_inputs() {
    for n in SIZES {
        let valid = push_request(n);
        let value: Value = serde_json::from_slice(&valid).expect("JSON");
        assert!(
            validate_json::<PushRequest>(&valid).is_ok(),
            "valid input, {n}"
        );
        assert!(REQUEST.is_valid(&value), "jsonschema: valid input, {n}");
        let invalid = push_request_invalid(n);
        let value: Value = serde_json::from_slice(&invalid).expect("JSON");
        // One error per mistake: a bad number that breaks two keywords is one
        // error listing both, so count keywords.
        let ours: usize = validate_json::<PushRequest>(&invalid)
            .expect_err("invalid")
            .iter()
            .map(|e| e.keywords().count())
            .sum();
        let theirs = REQUEST.iter_errors(&value).count();
        eprintln!("invalid input with {n} recipients: {ours} errors from validate_json, {theirs} from jsonschema iter_errors");
        assert_eq!(ours, theirs, "every error is reported");
    }
    let sparse = push_request_sparse_invalid(10_000);
    let errors = validate_json::<PushRequest>(&sparse).expect_err("invalid");
    let value: Value = serde_json::from_slice(&sparse).expect("JSON");
    let places: std::collections::BTreeSet<&str> =
        errors.iter().map(|e| e.pointer.as_str()).collect();
    let theirs = REQUEST.iter_errors(&value).count();
    eprintln!(
        "sparse invalid input: {} broken places from validate_json, {theirs} errors from jsonschema iter_errors",
        places.len()
    );
    assert_eq!(
        places.len(),
        101,
        "one error place per broken number, and the key"
    );
    let response = push_response(10_000);
    assert!(validate_json::<PushResponse>(&response).is_ok());
    let message = webhook_message();
    assert!(validate_json::<WebhookMessage>(&message).is_ok());
    assert!(MESSAGE.is_valid(&serde_json::from_slice(&message).expect("JSON")));
    for events in WEBHOOK_EVENTS {
        let event = event_body(events);
        assert!(validate_json::<WebhookEvent>(&event).is_ok());
        assert!(EVENT.is_valid(&serde_json::from_slice(&event).expect("JSON")));
    }
}

/// The delivery-report events of the webhook benchmarks: 1 or 100 reports,
/// keys in the docs' order (the tag before the reports) or sorted (after).
const WEBHOOK_EVENTS: [&str; 4] = ["1", "100", "1-sorted", "100-sorted"];

/// The body a [`WEBHOOK_EVENTS`] entry names.
fn event_body(name: &str) -> Vec<u8> {
    let (count, sorted) = match name.strip_suffix("-sorted") {
        Some(count) => (count, true),
        None => (name, false),
    };
    let items = count.parse().expect("a count of reports");
    if sorted {
        webhook_event_sorted(items)
    } else {
        webhook_event(items)
    }
}

/// Webhook bodies, from bytes: an incoming message, and delivery-report events.
mod webhook {
    use super::*;

    #[divan::bench]
    fn message_floor_typed_parse(bencher: Bencher) {
        let bytes = webhook_message();
        bencher
            .bench(|| serde_json::from_slice::<WebhookMessage>(black_box(&bytes)).expect("valid"));
    }

    #[divan::bench]
    fn message_ours_validate_json(bencher: Bencher) {
        let bytes = webhook_message();
        bencher.bench(|| validate_json::<WebhookMessage>(black_box(&bytes)).expect("valid"));
    }

    #[divan::bench]
    fn message_jsonschema_parse_and_validate(bencher: Bencher) {
        let bytes = webhook_message();
        let validator = &*MESSAGE;
        bencher.bench(|| parse_and_check(validator, &bytes));
    }

    #[divan::bench]
    fn message_value_parse(bencher: Bencher) {
        let bytes = webhook_message();
        bencher.bench(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"));
    }

    #[divan::bench(args = WEBHOOK_EVENTS)]
    fn event_value_parse(bencher: Bencher, n: &str) {
        let bytes = event_body(n);
        bencher.bench(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"));
    }

    #[divan::bench(args = WEBHOOK_EVENTS)]
    fn event_floor_typed_parse(bencher: Bencher, n: &str) {
        let bytes = event_body(n);
        bencher.bench(|| serde_json::from_slice::<WebhookEvent>(black_box(&bytes)).expect("valid"));
    }

    #[divan::bench(args = WEBHOOK_EVENTS)]
    fn event_ours_validate_json(bencher: Bencher, n: &str) {
        let bytes = event_body(n);
        bencher.bench(|| validate_json::<WebhookEvent>(black_box(&bytes)).expect("valid"));
    }

    #[divan::bench(args = WEBHOOK_EVENTS)]
    fn event_jsonschema_parse_and_validate(bencher: Bencher, n: &str) {
        let bytes = event_body(n);
        let validator = &*EVENT;
        bencher.bench(|| parse_and_check(validator, &bytes));
    }
}

/// The webhook bodies again, each result freed inside the timing (divan
/// frees what a benchmark returns outside it): what a handler pays per body,
/// and how criterion's `iter` would time it.
mod webhook_freed {
    use super::*;

    #[divan::bench]
    fn message_ours_validate_json(bencher: Bencher) {
        let bytes = webhook_message();
        bencher.bench(|| drop(validate_json::<WebhookMessage>(black_box(&bytes)).expect("valid")));
    }

    #[divan::bench]
    fn message_jsonschema_parse_and_validate(bencher: Bencher) {
        let bytes = webhook_message();
        let validator = &*MESSAGE;
        bencher.bench(|| drop(parse_and_check(validator, &bytes)));
    }

    #[divan::bench]
    fn message_value_parse(bencher: Bencher) {
        let bytes = webhook_message();
        bencher.bench(|| drop(serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON")));
    }

    #[divan::bench(args = WEBHOOK_EVENTS)]
    fn event_ours_validate_json(bencher: Bencher, n: &str) {
        let bytes = event_body(n);
        bencher.bench(|| drop(validate_json::<WebhookEvent>(black_box(&bytes)).expect("valid")));
    }

    #[divan::bench(args = WEBHOOK_EVENTS)]
    fn event_jsonschema_parse_and_validate(bencher: Bencher, n: &str) {
        let bytes = event_body(n);
        let validator = &*EVENT;
        bencher.bench(|| drop(parse_and_check(validator, &bytes)));
    }

    #[divan::bench(args = WEBHOOK_EVENTS)]
    fn event_value_parse(bencher: Bencher, n: &str) {
        let bytes = event_body(n);
        bencher.bench(|| drop(serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON")));
    }
}

/// Valid push requests, from bytes.
mod valid {
    use super::*;

    #[divan::bench(args = SIZES)]
    fn floor_typed_parse(bencher: Bencher, n: usize) {
        let bytes = push_request(n);
        bencher.bench(|| serde_json::from_slice::<PushRequest>(black_box(&bytes)).expect("valid"));
    }

    #[divan::bench(args = SIZES)]
    fn ours_validate_json(bencher: Bencher, n: usize) {
        let bytes = push_request(n);
        bencher.bench(|| validate_json::<PushRequest>(black_box(&bytes)).expect("valid"));
    }

    /// A plain `#[derive(Deserialize)]` of the same field names (no schema,
    /// no number-or-string, unknown keys ignored): what decoding these bytes
    /// costs with nothing checked, the yardstick issue 22 names for the floor.
    #[divan::bench(args = SIZES)]
    fn plain_derive(bencher: Bencher, n: usize) {
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Message {
            number: Option<String>,
            messenger_id: Option<String>,
            message: Option<String>,
            reference_number: Option<String>,
            quoted: Option<String>,
            template_message: Option<Vec<String>>,
            language: Option<String>,
            template_header: Option<String>,
            media: Option<String>,
            media_code: Option<String>,
            payload: Option<Vec<String>>,
            interactive_buttons: Option<Vec<String>>,
        }
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Push {
            token: String,
            application: String,
            voice: Option<u64>,
            globalmessage: Option<String>,
            template_globalmessage: Option<Vec<String>>,
            template_id: Option<String>,
            language: Option<String>,
            template_header: Option<String>,
            globalmedia: Option<String>,
            globalmedia_code: Option<String>,
            media_code: Option<String>,
            media_name: Option<String>,
            sticker: Option<u64>,
            priority: Option<u64>,
            action: Option<u64>,
            location: Option<Value>,
            contact: Option<Vec<Value>>,
            data: Option<Vec<Message>>,
            interactive_globalbuttons: Option<Vec<String>>,
            group_id: Option<String>,
            mention_numbers: Option<Vec<String>>,
            sleep: Option<u64>,
            createcontact: Option<u64>,
        }
        let bytes = push_request(n);
        bencher.bench(|| serde_json::from_slice::<Push>(black_box(&bytes)).expect("decodes"));
    }

    #[divan::bench(args = SIZES)]
    fn value_parse(bencher: Bencher, n: usize) {
        let bytes = push_request(n);
        bencher.bench(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"));
    }

    #[divan::bench(args = SIZES)]
    fn jsonschema_parse_and_validate(bencher: Bencher, n: usize) {
        let bytes = push_request(n);
        let validator = &*REQUEST;
        bencher.bench(|| parse_and_check(validator, &bytes));
    }

    #[cfg(feature = "jsonschema-macros")]
    #[divan::bench(args = SIZES)]
    fn jsonschema_generated_parse_and_validate(bencher: Bencher, n: usize) {
        let bytes = push_request(n);
        bencher.bench(|| {
            let value: Value = serde_json::from_slice(black_box(&bytes)).expect("JSON");
            assert!(GeneratedPushRequest::is_valid(&value));
            value
        });
    }
}

/// The validation pass alone, on an already-parsed value.
mod parsed {
    use super::*;

    #[divan::bench(args = SIZES)]
    fn ours_validate(bencher: Bencher, n: usize) {
        let request: PushRequest = serde_json::from_slice(&push_request(n)).expect("valid");
        bencher.bench(|| black_box(&request).validate().expect("valid"));
    }

    #[divan::bench(args = SIZES)]
    fn jsonschema_is_valid(bencher: Bencher, n: usize) {
        let value: Value = serde_json::from_slice(&push_request(n)).expect("JSON");
        let validator = &*REQUEST;
        bencher.bench(|| validator.is_valid(black_box(&value)));
    }

    #[divan::bench(args = SIZES)]
    fn jsonschema_iter_errors(bencher: Bencher, n: usize) {
        let value: Value = serde_json::from_slice(&push_request(n)).expect("JSON");
        let validator = &*REQUEST;
        bencher.bench(|| validator.iter_errors(black_box(&value)).count());
    }

    #[cfg(feature = "jsonschema-macros")]
    #[divan::bench(args = SIZES)]
    fn jsonschema_generated_is_valid(bencher: Bencher, n: usize) {
        let value: Value = serde_json::from_slice(&push_request(n)).expect("JSON");
        bencher.bench(|| GeneratedPushRequest::is_valid(black_box(&value)));
    }
}

/// Invalid push requests with several errors per recipient, from bytes: all errors.
mod invalid {
    use super::*;

    #[divan::bench(args = SIZES)]
    fn value_parse(bencher: Bencher, n: usize) {
        let bytes = push_request_invalid(n);
        bencher.bench(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"));
    }

    #[divan::bench(args = SIZES)]
    fn ours_validate_json(bencher: Bencher, n: usize) {
        let bytes = push_request_invalid(n);
        bencher.bench(|| validate_json::<PushRequest>(black_box(&bytes)).expect_err("invalid"));
    }

    #[divan::bench(args = SIZES)]
    fn jsonschema_parse_and_iter_errors(bencher: Bencher, n: usize) {
        let bytes = push_request_invalid(n);
        let validator = &*REQUEST;
        bencher.bench(|| {
            let value: Value = serde_json::from_slice(black_box(&bytes)).expect("JSON");
            validator.iter_errors(&value).count()
        });
    }
}

/// A 10 000-recipient push with 101 broken places (one number in a hundred,
/// one misspelt key), from bytes: all errors.
mod sparse {
    use super::*;

    const N: usize = 10_000;

    #[divan::bench]
    fn value_parse(bencher: Bencher) {
        let bytes = push_request_sparse_invalid(N);
        bencher.bench(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"));
    }

    /// The `Value` freed inside the timing (divan frees what a benchmark
    /// returns outside it), as every contender here must.
    #[divan::bench]
    fn value_parse_and_drop(bencher: Bencher) {
        let bytes = push_request_sparse_invalid(N);
        bencher.bench(|| {
            let value = serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON");
            value.is_object()
        });
    }

    #[divan::bench]
    fn ours_validate_json(bencher: Bencher) {
        let bytes = push_request_sparse_invalid(N);
        bencher.bench(|| validate_json::<PushRequest>(black_box(&bytes)).expect_err("invalid"));
    }

    #[divan::bench]
    fn jsonschema_parse_and_iter_errors(bencher: Bencher) {
        let bytes = push_request_sparse_invalid(N);
        let validator = &*REQUEST;
        bencher.bench(|| {
            let value: Value = serde_json::from_slice(black_box(&bytes)).expect("JSON");
            validator.iter_errors(&value).count()
        });
    }
}

/// A push response with 10 000 receipts, from bytes.
mod response {
    use super::*;

    #[divan::bench]
    fn value_parse(bencher: Bencher) {
        let bytes = push_response(10_000);
        bencher.bench(|| serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"));
    }

    #[divan::bench]
    fn floor_typed_parse(bencher: Bencher) {
        let bytes = push_response(10_000);
        bencher.bench(|| serde_json::from_slice::<PushResponse>(black_box(&bytes)).expect("valid"));
    }

    #[divan::bench]
    fn ours_validate_json(bencher: Bencher) {
        let bytes = push_response(10_000);
        bencher.bench(|| validate_json::<PushResponse>(black_box(&bytes)).expect("valid"));
    }

    #[divan::bench]
    fn value_parse_and_drop(bencher: Bencher) {
        let bytes = push_response(10_000);
        bencher.bench(|| drop(serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON")));
    }

    #[divan::bench]
    fn ours_validate_json_and_drop(bencher: Bencher) {
        let bytes = push_response(10_000);
        bencher.bench(|| drop(validate_json::<PushResponse>(black_box(&bytes)).expect("valid")));
    }

    /// What a plain `#[derive(Deserialize)]` of the same fields costs (no
    /// schema, nothing kept that does not fit): the floor of any decoder.
    #[divan::bench]
    fn plain_derive(bencher: Bencher) {
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Receipt {
            msg_id: Option<String>,
            number: Option<String>,
            credit: Option<String>,
            status: Option<u64>,
        }
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Answer {
            status: u64,
            push_id: Option<String>,
            message: Option<String>,
            data: Option<Vec<Receipt>>,
        }
        let bytes = push_response(10_000);
        bencher.bench(|| serde_json::from_slice::<Answer>(black_box(&bytes)).expect("JSON"));
    }

    #[divan::bench]
    fn jsonschema_parse_and_validate(bencher: Bencher) {
        let bytes = push_response(10_000);
        let validator = &*RESPONSE;
        bencher.bench(|| parse_and_check(validator, &bytes));
    }

    #[divan::bench]
    fn jsonschema_parse_and_validate_and_drop(bencher: Bencher) {
        let bytes = push_response(10_000);
        let validator = &*RESPONSE;
        bencher.bench(|| drop(parse_and_check(validator, &bytes)));
    }
}
