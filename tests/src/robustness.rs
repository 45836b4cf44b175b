//! Byte-level checks: whatever the input, the model answers (a value or
//! errors) and never panics, and its answer is consistent with the JSON.

use crate::differential::compare;
use crate::generate::Generator;
use pickyassist_model::SchemaType;
use serde_json::Value;

/// The kinds of input [`input`] makes.
pub const INPUTS: [&str; 8] = [
    "random bytes",
    "token soup",
    "truncated payload",
    "flipped bytes",
    "deep nesting",
    "long string",
    "invalid UTF-8",
    "odd numbers",
];

/// Checks one input: `validate_json` and plain decoding return (no panic),
/// malformed JSON is exactly one `json` error at the root, and well-formed
/// JSON gets the verdict the differential comparison expects.
pub fn check_bytes(entry: &SchemaType, bytes: &[u8]) -> Result<(), String> {
    let verdict = (entry.validate_json)(bytes);
    let _ = (entry.decode_json)(bytes);
    match (serde_json::from_slice::<Value>(bytes), verdict) {
        (Err(_), Ok(())) => Err("validate_json accepts bytes that are not JSON".into()),
        (Err(_), Err(errors)) => {
            let root_json = errors.len() == 1
                && errors
                    .iter()
                    .all(|e| e.keyword == "json" && e.pointer.is_empty());
            if root_json {
                Ok(())
            } else {
                Err(format!(
                    "malformed JSON should be one root `json` error, got:\n{errors}"
                ))
            }
        }
        (Ok(value), verdict) => {
            let valid = compare(entry, &value)?.valid;
            if verdict.is_ok() == valid {
                Ok(())
            } else {
                Err(format!(
                    "validate_json on the raw bytes says {}, the value validators say {valid}",
                    verdict.is_ok()
                ))
            }
        }
    }
}

/// A byte input of kind `kind` (an index into [`INPUTS`]) for `type_name`.
pub fn input(generator: &mut Generator, type_name: &str, kind: usize) -> Vec<u8> {
    match kind % INPUTS.len() {
        0 => {
            let len = generator.rng().below(64);
            (0..len).map(|_| generator.rng().next_u64() as u8).collect()
        }
        1 => {
            let len = 1 + generator.rng().below(24);
            let mut out = Vec::new();
            for _ in 0..len {
                out.extend_from_slice(generator.rng().pick(&SOUP).as_bytes());
            }
            out
        }
        2 => {
            let mut bytes = payload_bytes(generator, type_name);
            let cut = generator.rng().below(bytes.len().max(1));
            bytes.truncate(cut);
            bytes
        }
        3 => {
            let mut bytes = payload_bytes(generator, type_name);
            for _ in 0..1 + generator.rng().below(3) {
                if bytes.is_empty() {
                    break;
                }
                let at = generator.rng().below(bytes.len());
                bytes[at] = *generator
                    .rng()
                    .pick(&[b'"', b'\\', b'{', b']', b',', b'0', 0xff, 0x00]);
            }
            bytes
        }
        4 => {
            let levels = *generator.rng().pick(&[126usize, 127, 128, 1_000, 10_000]);
            let (open, close): (&[u8], &[u8]) = if generator.rng().chance(0.5) {
                (b"[", b"]")
            } else {
                (b"{\"a\":", b"}")
            };
            let mut out = open.repeat(levels);
            out.extend_from_slice(b"1");
            if generator.rng().chance(0.5) {
                out.extend_from_slice(&close.repeat(levels));
            }
            out
        }
        5 => {
            let mut value = generator.payload(type_name);
            // Megabyte strings are slow in debug builds: rare here, and
            // covered on their own by the robustness test target.
            let len = if generator.rng().chance(0.02) {
                200_000
            } else {
                2_000
            };
            let long = "9".repeat(len);
            replace_first_string(&mut value, &long);
            serde_json::to_vec(&value).unwrap_or_default()
        }
        6 => {
            let mut bytes = payload_bytes(generator, type_name);
            match bytes.iter().position(|&b| b == b'"') {
                Some(quote) => {
                    let bad = generator.rng().pick(&INVALID_UTF8);
                    bytes.splice(quote + 1..quote + 1, bad.iter().copied());
                }
                None => bytes.extend_from_slice(b"\"\xff\""),
            }
            bytes
        }
        _ => {
            let number = *generator.rng().pick(&ODD_NUMBERS);
            let text = serde_json::to_string(&generator.payload(type_name)).unwrap_or_default();
            // Put the number where a number is, or make it the whole document.
            match first_number_span(&text) {
                Some((start, end)) => {
                    format!("{}{number}{}", &text[..start], &text[end..]).into_bytes()
                }
                None => number.as_bytes().to_vec(),
            }
        }
    }
}

fn payload_bytes(generator: &mut Generator, type_name: &str) -> Vec<u8> {
    serde_json::to_vec(&generator.payload(type_name)).unwrap_or_default()
}

fn replace_first_string(value: &mut Value, text: &str) {
    match value {
        Value::String(s) => *s = text.to_owned(),
        Value::Array(items) => {
            if let Some(first) = items.first_mut() {
                replace_first_string(first, text);
            }
        }
        Value::Object(o) => {
            if let Some(v) = o.values_mut().find(|v| v.is_string() || v.is_array()) {
                replace_first_string(v, text);
            } else {
                o.insert("message".into(), Value::String(text.to_owned()));
            }
        }
        other => *other = Value::String(text.to_owned()),
    }
}

/// Byte range of the first JSON number outside strings.
fn first_number_span(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'-' || b.is_ascii_digit() {
            let end = bytes[i..]
                .iter()
                .position(|c| !(c.is_ascii_digit() || b"+-.eE".contains(c)))
                .map_or(bytes.len(), |n| i + n);
            return Some((i, end));
        }
    }
    None
}

const SOUP: [&str; 24] = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\"token\"",
    "\"data\"",
    "\"number\"",
    "\"application\"",
    "\"globalmessage\"",
    "\"é\"",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "1e400",
    "-0",
    "18446744073709551616",
    "1.5",
    "true",
    "null",
    "\"",
    "\\",
    "\"919000000001\"",
];

const INVALID_UTF8: [&[u8]; 4] = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x28\x8c\x28"];

const ODD_NUMBERS: [&str; 10] = [
    "1e400",
    "-1e400",
    "-0",
    "0.0",
    "1.0",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "9007199254740993",
    "1e-400",
    "123456789012345678901234567890e-20",
];
