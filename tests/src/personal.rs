//! No error may quote a value that could be personal data or a secret:
//! which values of a payload those are, and whether a report quotes one.

use serde_json::Value;

/// The first value of `payload` that looks like personal data or a secret
/// (a number of 5 digits or more, a text with a space, a token of 8
/// characters or more) and that
/// `report` quotes, if any. Values the report may name for other reasons are
/// left out: the payload's keys (an unknown key is named) and text the
/// schema itself states (limits, examples in hints, allowed values).
pub fn quoted_in(payload: &Value, report: &str) -> Option<String> {
    let schema = pickyassist_model::BUNDLE_JSON;
    let mut keys = Vec::new();
    let mut values = Vec::new();
    collect(payload, &mut keys, &mut values);
    values.into_iter().find(|v| {
        report.contains(v.as_str())
            && !schema.contains(v.as_str())
            && !keys.iter().any(|k| k.contains(v.as_str()))
    })
}

fn collect(v: &Value, keys: &mut Vec<String>, out: &mut Vec<String>) {
    let mut push = |text: String| {
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        if digits >= 5 || (text.len() >= 8 && text.contains(' ')) {
            out.push(text);
        }
    };
    match v {
        Value::String(s) => push(s.clone()),
        Value::Number(n) => push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|i| collect(i, keys, out)),
        Value::Object(map) => {
            for (key, value) in map {
                keys.push(key.clone());
                // A token is long; a short one (a mutated payload's `"👋"`)
                // would match any character a message names.
                if key == "token" {
                    let token = value.as_str().filter(|t| t.chars().count() >= 8);
                    out.extend(token.map(str::to_string));
                }
                collect(value, keys, out);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_a_quoted_number_or_text_but_not_a_key_or_schema_text() {
        let payload = json!({"token": "tok-1234", "data": [{"number": "919846012345", "message": "Dear Anita, hi"}], "x 919846012345": 1});
        assert_eq!(
            quoted_in(&payload, "found 919846012345"),
            None,
            "it is part of a key"
        );
        let payload = json!({"token": "tok-1234", "data": [{"number": "919846012345", "message": "Dear Anita, hi"}]});
        assert_eq!(
            quoted_in(&payload, "found 919846012345").as_deref(),
            Some("919846012345")
        );
        assert_eq!(
            quoted_in(&payload, "x: Dear Anita, hi").as_deref(),
            Some("Dear Anita, hi")
        );
        assert_eq!(
            quoted_in(&payload, "bad token tok-1234").as_deref(),
            Some("tok-1234")
        );
        let short = json!({"token": "👋", "number": "+👋"});
        assert_eq!(quoted_in(&short, "found '👋'"), None, "a short token");
        assert_eq!(quoted_in(&payload, "/data/0/number: a phone number…"), None);
        let limit = json!({"n": 99999});
        assert_eq!(
            quoted_in(&limit, "must be at most 999999999999999"),
            None,
            "schema text"
        );
    }
}
