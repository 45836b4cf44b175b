//! The webhook reader on any request: every way Picky Assist posts (JSON, a
//! form carrying the JSON, the legacy one-field-per-variable form, the query
//! string), with broken bodies, odd content types, bad percent-escapes and
//! secrets. It never panics, keeps the body it read, and its errors never
//! quote what the body held (a number, a message text): today every error is
//! a size, a shape or a secret refusal, and the test reaches each of those
//! with marked bodies, so that one that starts quoting values fails here.

use pickyassist::webhook::{self, Format, WebhookError, WebhookSecret};
use pickyassist_model::{PushRequest, WebhookEvent, WebhookMessage};
use pickyassist_tests::generate::Generator;
use pickyassist_tests::robustness::{input, INPUTS};
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A phone number and a message text that must never appear in an error.
const NUMBER: &str = "919876543210";
const TEXT: &str = "private words MARKER";
/// Pieces of them an error could quote.
const LEAKS: [&str; 3] = ["9876543210", "876543", "MARKER"];

const CONTENT_TYPES: [Option<&str>; 7] = [
    None,
    Some("application/json"),
    Some("application/x-www-form-urlencoded"),
    Some("application/x-www-form-urlencoded; charset=ISO-8859-1"),
    Some("multipart/form-data; boundary=x"),
    Some("text/plain"),
    Some("ünïcode/garbage;;="),
];

/// A message and an event that hold the markers, in many places and forms.
fn marked_bodies() -> Vec<Value> {
    let message = json!({
        "number": NUMBER,
        "message-in": TEXT,
        "message_in_raw": TEXT,
        "type": "1",
        "unique-id": "77",
        "contact": [{"first_name": TEXT, "phone": NUMBER}],
    });
    let event = json!({
        "project_id": "3526",
        "event_id": 1,
        "data": [{"push_id": "1", "number": NUMBER, "message": TEXT, "status": "1"}],
    });
    let mut untagged = event.clone();
    untagged
        .as_object_mut()
        .expect("an object")
        .remove("event_id");
    let mut bodies = vec![message.clone(), event.clone(), untagged];
    // Each marked value in a form the type does not expect.
    for (body, key) in [
        (&message, "number"),
        (&message, "message-in"),
        (&message, "contact"),
    ] {
        for odd in [
            json!([TEXT, NUMBER]),
            json!({ "x": TEXT, NUMBER: 1 }),
            json!(9_876_543_210_u64),
        ] {
            let mut b = body.clone();
            b[key] = odd;
            bodies.push(b);
        }
    }
    for odd in [
        json!(TEXT),
        json!(NUMBER),
        json!([NUMBER]),
        json!({ TEXT: NUMBER }),
    ] {
        let mut b = event.clone();
        b["data"] = odd.clone();
        bodies.push(b);
        let mut b = event.clone();
        b["event_id"] = odd;
        bodies.push(b);
    }
    bodies
}

/// The ways a JSON document can be posted: (body, content type, query).
fn postings(
    document: &[u8],
    generator: &mut Generator,
) -> Vec<(Vec<u8>, Option<&'static str>, Option<String>)> {
    let form = |pairs: &[(&str, &[u8])]| -> Vec<u8> {
        let mut out = String::new();
        for (k, v) in pairs {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(
                &percent_encoding::percent_encode(k.as_bytes(), percent_encoding::NON_ALPHANUMERIC)
                    .to_string(),
            );
            out.push('=');
            out.push_str(
                &percent_encoding::percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                    .to_string(),
            );
        }
        out.into_bytes()
    };
    let legacy: Vec<(String, Vec<u8>)> = match serde_json::from_slice::<Value>(document) {
        Ok(Value::Object(o)) => o
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, text.into_bytes())
            })
            .collect(),
        _ => vec![("number".into(), document.to_vec())],
    };
    let legacy_pairs: Vec<(&str, &[u8])> = legacy
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_slice()))
        .collect();
    let legacy_form = form(&legacy_pairs);
    let query = String::from_utf8_lossy(&legacy_form).into_owned();
    let pick = *generator.rng().pick(&CONTENT_TYPES);
    let mut out = vec![
        (document.to_vec(), pick, None),
        (document.to_vec(), Some("application/json"), None),
        (
            form(&[("data", document)]),
            Some("application/x-www-form-urlencoded"),
            None,
        ),
        (
            form(&[("data", document)]),
            pick,
            Some("data=%7B%7D".into()),
        ),
        (
            percent_encoding::percent_encode(document, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .into_bytes(),
            Some("application/x-www-form-urlencoded"),
            None,
        ),
        (
            legacy_form.clone(),
            Some("application/x-www-form-urlencoded"),
            None,
        ),
        (Vec::new(), None, Some(query.clone())),
        (Vec::new(), pick, Some(format!("key=secret-value&{query}"))),
    ];
    // Broken escapes and separators in forms and queries.
    for junk in [
        "%", "%zz", "%FF%FE", "&&==&", "+%2", "data", "=%7B", "\u{0}",
    ] {
        let mut body = legacy_form.clone();
        let at = generator.rng().below(body.len() + 1);
        body.splice(at..at, junk.bytes());
        out.push((
            body.clone(),
            Some("application/x-www-form-urlencoded"),
            None,
        ));
        out.push((
            Vec::new(),
            None,
            Some(String::from_utf8_lossy(&body).into_owned()),
        ));
    }
    out
}

/// What the requests reached: the formats read, and the kinds of errors.
#[derive(Default)]
struct Reached {
    formats: Vec<Format>,
    errors: Vec<&'static str>,
}

/// What went wrong with one request, if anything.
fn check<T>(
    body: &[u8],
    content_type: Option<&str>,
    query: Option<&str>,
    reached: &mut Reached,
) -> Option<String>
where
    T: serde::de::DeserializeOwned + pickyassist_model::Model + serde::Serialize,
{
    let secrets = [
        WebhookSecret::none_i_verify_callers_myself(),
        WebhookSecret::query("key", "secret-value"),
    ];
    for secret in &secrets {
        let read = catch_unwind(AssertUnwindSafe(|| {
            webhook::parse_request::<T>(body, content_type, query, secret)
        }));
        match read {
            Err(_) => return Some("panicked".into()),
            Ok(Ok(incoming)) => {
                if !reached.formats.contains(&incoming.format) {
                    reached.formats.push(incoming.format);
                }
                // The body as received, or none for the query string.
                let raw: &[u8] = if incoming.format == Format::QueryString {
                    b""
                } else {
                    body
                };
                if incoming.raw != raw {
                    return Some(format!(
                        "read as {:?}, but not kept as received",
                        incoming.format
                    ));
                }
            }
            Ok(Err(error)) => {
                let kind = match &error {
                    WebhookError::Empty => "empty",
                    WebhookError::NotAnObject(_) => "not an object",
                    WebhookError::Shape { .. } => "shape",
                    WebhookError::Unauthorized => "unauthorized",
                    _ => "other",
                };
                if !reached.errors.contains(&kind) {
                    reached.errors.push(kind);
                }
                let shown = format!("{error} / {error:?}");
                if let Some(leak) = LEAKS.iter().find(|l| shown.contains(*l)) {
                    return Some(format!("the error quotes {leak:?}: {shown}"));
                }
            }
        }
    }
    None
}

#[test]
fn the_webhook_reader_never_panics_nor_quotes_the_body() {
    let mut generator = Generator::new(20_261_205);
    let mut documents: Vec<Vec<u8>> = marked_bodies()
        .iter()
        .map(|b| serde_json::to_vec(b).expect("encodes"))
        .collect();
    for kind in 0..INPUTS.len() * 25 {
        for name in ["WebhookMessage", "WebhookEvent"] {
            documents.push(input(&mut generator, name, kind));
        }
    }
    let mut problems = Vec::new();
    let mut reached = Reached::default();
    for document in &documents {
        for (body, content_type, query) in postings(document, &mut generator) {
            for (kind, problem) in [
                (
                    "WebhookMessage",
                    check::<WebhookMessage>(&body, content_type, query.as_deref(), &mut reached),
                ),
                (
                    "WebhookEvent",
                    check::<WebhookEvent>(&body, content_type, query.as_deref(), &mut reached),
                ),
                // The webhook types keep whatever they do not know, so only
                // a strict type still meets the shape error.
                (
                    "PushRequest",
                    check::<PushRequest>(&body, content_type, query.as_deref(), &mut reached),
                ),
            ] {
                if let Some(problem) = problem {
                    let shown = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
                    problems.push(format!(
                        "{kind}: {problem}\n  body: {shown}\n  type: {content_type:?}, query: {query:?}"
                    ));
                }
            }
        }
    }
    // The requests reach every reader, not only its refusals, and every
    // error that could quote the body.
    for kind in ["empty", "not an object", "shape", "unauthorized"] {
        assert!(
            reached.errors.contains(&kind),
            "no request met a {kind} error"
        );
    }
    for format in [
        Format::Json,
        Format::FormJsonKey,
        Format::FormDataField,
        Format::StandardPost,
        Format::QueryString,
    ] {
        assert!(
            reached.formats.contains(&format),
            "no request was read as {format:?}"
        );
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
