//! What the mock received, kept for assertions.

use bytes::Bytes;
use pickyassist_model::{validate_json, PushRequest, ValidationErrors};
use serde_json::Value;

/// How the JSON document reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReceivedVia {
    /// A JSON request body (the documented way).
    Json,
    /// A form body with the JSON in the `data` field (the docs' "normal POST method").
    Form,
    /// The JSON in the `data` query parameter (`/push?data=JSON`).
    Query,
}

/// One request as the mock received it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Received {
    /// Request path, e.g. `/push`.
    pub path: String,
    /// Where the JSON document was found.
    pub encoding: ReceivedVia,
    /// The raw request body.
    pub body: Bytes,
    /// The JSON document's text as sent (the body, or the `data` field), or
    /// why there is none.
    pub document: Result<Bytes, String>,
    /// The JSON document, or why it could not be read.
    pub payload: Result<Value, String>,
    /// Over the endpoint's rate limit: dropped, not processed (only when the
    /// mock enforces limits, see [`MockBuilder::enforce_rate_limits`](crate::MockBuilder::enforce_rate_limits)).
    pub dropped: bool,
}

impl Received {
    /// The document checked against the model's schema (keys given twice
    /// included) and decoded.
    pub fn push_request(&self) -> Result<PushRequest, ValidationErrors> {
        match &self.document {
            Ok(bytes) => validate_json(bytes),
            Err(reason) => Err(ValidationErrors::at_root("json", reason.clone())),
        }
    }

    /// The `token` the request carried, if any.
    pub fn token(&self) -> Option<&str> {
        self.payload.as_ref().ok()?.get("token")?.as_str()
    }
}

/// Finds the JSON document: `data` in the query, `data` in a form body, or the body itself.
pub(crate) fn read_document(
    query: Option<&str>,
    content_type: &str,
    body: &Bytes,
) -> (ReceivedVia, Result<Bytes, String>) {
    if let Some(data) = query.and_then(|q| form_field(q.as_bytes(), "data")) {
        if !body.trim_ascii().is_empty() {
            tracing::warn!(target: "pickyassist_mock", "both `?data=` and a body: the query's document is read, the body ignored");
        }
        return (ReceivedVia::Query, data.map(Bytes::from));
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        // `curl -d @push.json` and PHP's curl without a content type label a
        // JSON body as a form: read it as the JSON it is (the caller logs it).
        let data = form_field(body, "data");
        if data.is_none() && body.trim_ascii_start().starts_with(b"{") {
            return (ReceivedVia::Json, Ok(body.clone()));
        }
        let data = data
            .unwrap_or_else(|| {
                Err(
                    "a form body without a `data` field: send the JSON document as the body \
                     (Content-Type: application/json) or in a `data` field"
                        .to_string(),
                )
            })
            .map(Bytes::from);
        return (ReceivedVia::Form, data);
    }
    (ReceivedVia::Json, Ok(body.clone()))
}

/// The document parsed as JSON.
pub(crate) fn parse_document(document: &Result<Bytes, String>) -> Result<Value, String> {
    document
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|d| parse(d))
}

/// The field `name` of a form, decoded; an error when its bytes are not
/// UTF-8 (form decoding elsewhere replaces them, which would change the
/// text sent where a JSON body with them is refused), or when it is given
/// more than once (servers differ on which copy they read, as with a JSON
/// key given twice).
fn form_field(encoded: &[u8], name: &str) -> Option<Result<String, String>> {
    let mut values = encoded.split(|b| *b == b'&').filter_map(|pair| {
        let (key, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        (form_decode(key).as_deref() == Some(name)).then_some(value)
    });
    let first = values.next()?;
    if values.next().is_some() {
        return Some(Err(format!(
            "the `{name}` field is given more than once: servers differ on which copy they read"
        )));
    }
    Some(form_decode(first).ok_or_else(|| format!("the `{name}` field is not UTF-8")))
}

/// One form-encoded name or value (`+` is a space), if it is UTF-8.
fn form_decode(bytes: &[u8]) -> Option<String> {
    let spaced: Vec<u8> = bytes
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    let decoded: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
    String::from_utf8(decoded).ok()
}

fn parse(bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_payload(
        q: Option<&str>,
        ct: &str,
        body: &Bytes,
    ) -> (ReceivedVia, Result<Value, String>) {
        let (encoding, document) = read_document(q, ct, body);
        (encoding, parse_document(&document))
    }

    #[test]
    fn finds_the_document_in_each_encoding() {
        let json = Bytes::from_static(br#"{"token":"t"}"#);
        let (enc, value) = read_payload(None, "application/json", &json);
        assert_eq!(
            (enc, value.ok()),
            (ReceivedVia::Json, Some(serde_json::json!({"token":"t"})))
        );

        let form = Bytes::from_static(b"data=%7B%22token%22%3A%22t%22%7D");
        let (enc, value) = read_payload(None, "application/x-www-form-urlencoded", &form);
        assert_eq!(
            (enc, value.ok()),
            (ReceivedVia::Form, Some(serde_json::json!({"token":"t"})))
        );

        let (enc, value) = read_payload(Some("data=%7B%7D"), "", &Bytes::new());
        assert_eq!(
            (enc, value.ok()),
            (ReceivedVia::Query, Some(serde_json::json!({})))
        );

        let (enc, value) = read_payload(
            None,
            "application/x-www-form-urlencoded",
            &Bytes::from_static(b"x=1"),
        );
        assert_eq!(enc, ReceivedVia::Form);
        assert!(value.expect_err("no data field").contains("data"));

        // Bytes that are not UTF-8 are refused, not replaced, as in a JSON body.
        for (q, body) in [
            (Some("data=%7B%22t%22%3A%22caf%E9%22%7D"), Bytes::new()),
            (
                None,
                Bytes::from_static(b"data=%7B%22t%22%3A%22caf%E9%22%7D"),
            ),
        ] {
            let (_, value) = read_payload(q, "application/x-www-form-urlencoded", &body);
            assert!(value.expect_err("not UTF-8").contains("not UTF-8"));
        }
        let (_, value) = read_payload(
            None,
            "application/x-www-form-urlencoded",
            &Bytes::from_static(b"x=1&data=%7B%22t%22%3A%22a+b%22%7D"),
        );
        assert_eq!(value.ok(), Some(serde_json::json!({"t": "a b"})));

        // Two documents: which one counts cannot be decided.
        for (q, body) in [
            (Some("data=%7B%7D&data=%7B%22t%22%3A1%7D"), Bytes::new()),
            (None, Bytes::from_static(b"data=%7B%7D&x=1&data=%7B%7D")),
        ] {
            let (_, value) = read_payload(q, "application/x-www-form-urlencoded", &body);
            assert!(value.expect_err("twice").contains("more than once"));
        }
    }
}
