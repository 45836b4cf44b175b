//! Received JSON is read leniently: a number no `f64` can hold (`1e400`, a
//! 400-digit integer) is kept as its text instead of failing the whole body.

use serde::de::DeserializeOwned;

/// `bytes` without a leading UTF-8 byte order mark, which serde_json
/// refuses: a server script saved with one (PHP writes it before any
/// output) would make every answer and webhook unreadable.
pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decodes `bytes` as `T`; if that fails and the text holds numbers outside
/// `f64`, decodes it again with those numbers written as strings (their
/// text, unchanged), which lenient received types keep.
pub(crate) fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    // Straight from the bytes when every value fits (no `Value` buffered).
    if let Some(value) = pickyassist_model::__private::decode_exact(bytes) {
        return Ok(value);
    }
    with_huge_numbers_quoted(bytes, |b| serde_json::from_slice(b))
}

/// A JSON value as sent, read as [`from_slice`] reads: numbers outside `f64`
/// kept as their text, and `$serde_json::private::RawValue` a key like any
/// other (serde_json's own `Value` would read the text inside it instead).
pub(crate) fn value_from_slice(bytes: &[u8]) -> serde_json::Result<serde_json::Value> {
    with_huge_numbers_quoted(bytes, pickyassist_model::__private::value_from_bytes)
}

/// Whether an answer's top-level object gives `status` more than once, with
/// values that read as different codes: a decoder keeps the last one, and
/// which one the server meant is unknown.
pub(crate) fn status_given_twice(bytes: &[u8]) -> bool {
    // Most answers name `status` once and escape no key: no parse.
    if memchr::memmem::find_iter(bytes, b"\"status\"")
        .nth(1)
        .is_none()
        && memchr::memmem::find(bytes, b"\\u").is_none()
    {
        return false;
    }
    let Ok(TopStatuses(statuses)) = serde_json::from_slice::<TopStatuses>(bytes) else {
        return false;
    };
    let code = |v: &serde_json::Value| {
        <pickyassist_model::ApiStatus as serde::Deserialize>::deserialize(v).ok()
    };
    statuses.windows(2).any(|w| code(&w[0]) != code(&w[1]))
}

/// Every value of a top-level `status` key, in order; other values skipped.
struct TopStatuses(Vec<serde_json::Value>);

impl<'de> serde::Deserialize<'de> for TopStatuses {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = TopStatuses;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an answer object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TopStatuses, A::Error> {
                let mut statuses = Vec::new();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "status" {
                        statuses.push(map.next_value()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(TopStatuses(statuses))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// `decode(bytes)` (a type's plain decoder, as the model's `SchemaType`
/// names it), retried as [`from_slice`] retries.
pub(crate) fn check_decodes(
    decode: fn(&[u8]) -> Result<(), String>,
    bytes: &[u8],
) -> Result<(), String> {
    with_huge_numbers_quoted(bytes, decode)
}

/// `read(bytes)`; if that fails and the text holds numbers outside `f64`,
/// `read` of a copy with those numbers quoted, keeping the first error.
fn with_huge_numbers_quoted<T, E>(
    bytes: &[u8],
    read: impl Fn(&[u8]) -> Result<T, E>,
) -> Result<T, E> {
    read(bytes).or_else(|error| match quote_huge_numbers(bytes) {
        Some(quoted) => read(&quoted).map_err(|_| error),
        None => Err(error),
    })
}

/// A copy of `json` with every number that overflows `f64` put in quotes, or
/// `None` when there is none. Strings are skipped whole (escapes included);
/// nothing else is touched, so malformed JSON stays malformed.
pub(crate) fn quote_huge_numbers(json: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'"' => i += string_len(&json[i..]),
            b'-' | b'0'..=b'9' => {
                let start = i;
                i += number_len(&json[i..]);
                let text = std::str::from_utf8(&json[start..i]).unwrap_or("");
                if text.parse::<f64>().is_ok_and(f64::is_infinite) {
                    let out = out.get_or_insert_with(|| Vec::with_capacity(json.len() + 16));
                    out.extend_from_slice(&json[copied..start]);
                    out.push(b'"');
                    out.extend_from_slice(&json[start..i]);
                    out.push(b'"');
                    copied = i;
                }
            }
            _ => i += 1,
        }
    }
    let mut out = out?;
    out.extend_from_slice(&json[copied..]);
    Some(out)
}

/// The length of the string literal `json` starts with (its quotes and
/// escapes included), or all of `json` when it is cut inside the literal.
pub(crate) fn string_len(json: &[u8]) -> usize {
    pickyassist_model::__private::string_end(json, 0).unwrap_or(json.len())
}

/// The length of the number `json` starts with.
pub(crate) fn number_len(json: &[u8]) -> usize {
    json.iter()
        .position(|b| !matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
        .unwrap_or(json.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn numbers_outside_f64_are_kept_as_text() {
        let big = "1".repeat(400);
        let body = format!(r#"{{"a":1e400,"b":[-{big}],"c":"1e400 \" 9e999","d":1.5,"e":12}}"#);
        let value: Value = from_slice(body.as_bytes()).expect("lenient");
        assert_eq!(
            value,
            json!({"a": "1e400", "b": [format!("-{big}")], "c": "1e400 \" 9e999", "d": 1.5, "e": 12})
        );
        assert_eq!(quote_huge_numbers(br#"{"a":1e300,"b":"1e400"}"#), None);
        // Malformed stays malformed.
        assert!(from_slice::<Value>(b"{\"a\":1e400").is_err());
    }
}
