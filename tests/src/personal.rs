//! No error may quote a value that could be personal data or a secret:
//! which values of a payload those are, and whether an error quotes one.

use pickyassist_model::ValidationError;
use serde_json::Value;

/// The first value of `payload` that one of `errors` quotes and that looks
/// like personal data or a secret (a number of 5 digits or more, a text with
/// a space, the token when it has 8 characters or more), with the error.
///
/// An error can only quote what its keyword saw: the value at its pointer
/// (and what that value holds), so each error is held against those values
/// and the token; that keeps the check linear in the payload. Values an
/// error may name for other reasons are left out: the payload's keys (an
/// unknown key is named) and text the schema itself states (limits,
/// examples in hints, allowed values).
pub fn quoted_by<'e>(
    payload: &Value,
    errors: impl IntoIterator<Item = &'e ValidationError>,
) -> Option<String> {
    let mut keys = Vec::new();
    keys_of(payload, &mut keys);
    let token = payload
        .get("token")
        .and_then(Value::as_str)
        .filter(|t| t.chars().count() >= 8);
    for error in errors {
        let text = error.to_string();
        let mut values: Vec<String> = token.map(str::to_string).into_iter().collect();
        if let Some(seen) = payload.pointer(&error.pointer) {
            personal_values(seen, &mut values);
        }
        let quoted = values.into_iter().find(|v| {
            text.contains(v.as_str())
                && !pickyassist_model::BUNDLE_JSON.contains(v.as_str())
                && !keys.iter().any(|k| k.contains(v.as_str()))
        });
        if let Some(value) = quoted {
            return Some(format!("{value:?} in {text:?}"));
        }
    }
    None
}

/// Every key of `v`, at any depth.
fn keys_of<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| keys_of(i, out)),
        Value::Object(map) => {
            for (key, value) in map {
                out.push(key);
                keys_of(value, out);
            }
        }
        _ => {}
    }
}

/// The values of `v`, at any depth, that look like personal data.
fn personal_values(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if looks_personal(s) => out.push(s.clone()),
        Value::Number(n) => {
            let text = n.to_string();
            if looks_personal(&text) {
                out.push(text);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| personal_values(i, out)),
        Value::Object(map) => map.values().for_each(|i| personal_values(i, out)),
        _ => {}
    }
}

/// A phone-like number (5 digits or more) or a text (a space, 8 bytes or more).
fn looks_personal(text: &str) -> bool {
    text.bytes().filter(u8::is_ascii_digit).count() >= 5 || (text.len() >= 8 && text.contains(' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error(pointer: &str, message: &str) -> ValidationError {
        ValidationError::new(pointer.into(), "enum", "", message.to_owned())
    }

    #[test]
    fn finds_a_quoted_number_text_or_token_but_not_a_key_or_schema_text() {
        let payload = json!({
            "token": "tok-1234",
            "data": [{"number": "919846012345", "message": "Dear Anita, hi"}],
        });
        let quoted = |pointer: &str, message: &str| quoted_by(&payload, &[error(pointer, message)]);
        assert!(quoted("/data/0/number", "found 919846012345").is_some());
        assert!(quoted("/data/0", "found Dear Anita, hi").is_some());
        assert!(quoted("/data/0/number", "bad token tok-1234").is_some());
        assert_eq!(
            quoted("/data/0/number", "a phone number holds digits only"),
            None
        );
        // Only what the error saw: another member's value is not its doing.
        assert_eq!(quoted("/token", "found 919846012345"), None);
        let keyed = json!({"x 919846012345": "919846012345"});
        assert_eq!(
            quoted_by(
                &keyed,
                &[error(
                    "/x 919846012345",
                    "unknown variable \"x 919846012345\""
                )]
            ),
            None
        );
        let limit = json!({"n": 99999});
        assert_eq!(
            quoted_by(&limit, &[error("/n", "must be at most 999999999999999")]),
            None
        );
        let short = json!({"token": "👋", "number": "+👋"});
        assert_eq!(quoted_by(&short, &[error("/number", "found '👋'")]), None);
    }
}
