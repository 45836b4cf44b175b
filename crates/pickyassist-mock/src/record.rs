//! What the mock received, kept for assertions.

use bytes::Bytes;
use pickyassist_model::{validate_value, PushRequest, ValidationErrors};
use serde_json::Value;

/// How the JSON document reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
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
    pub encoding: Encoding,
    /// The raw request body.
    pub body: Bytes,
    /// The JSON document, or why it could not be read.
    pub payload: Result<Value, String>,
    /// Over the endpoint's rate limit: dropped, not processed (only when the
    /// mock enforces limits, see [`MockBuilder::enforce_rate_limits`](crate::MockBuilder::enforce_rate_limits)).
    pub dropped: bool,
}

impl Received {
    /// The payload checked against the model's schema and decoded.
    pub fn push_request(&self) -> Result<PushRequest, ValidationErrors> {
        match &self.payload {
            Ok(value) => validate_value(value.clone()),
            Err(reason) => Err(ValidationErrors::at_root("json", reason.clone())),
        }
    }

    /// The `token` the request carried, if any.
    pub fn token(&self) -> Option<&str> {
        self.payload.as_ref().ok()?.get("token")?.as_str()
    }
}

/// Finds the JSON document: `data` in the query, `data` in a form body, or the body itself.
pub(crate) fn read_payload(
    query: Option<&str>,
    content_type: &str,
    body: &Bytes,
) -> (Encoding, Result<Value, String>) {
    if let Some(data) = query.and_then(|q| form_field(q.as_bytes(), "data")) {
        return (Encoding::Query, parse(data.as_bytes()));
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let parsed = form_field(body, "data")
            .ok_or_else(|| "form body has no `data` field".to_string())
            .and_then(|data| parse(data.as_bytes()));
        return (Encoding::Form, parsed);
    }
    (Encoding::Json, parse(body))
}

fn form_field(encoded: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn parse(bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_document_in_each_encoding() {
        let json = Bytes::from_static(br#"{"token":"t"}"#);
        let (enc, value) = read_payload(None, "application/json", &json);
        assert_eq!(
            (enc, value.ok()),
            (Encoding::Json, Some(serde_json::json!({"token":"t"})))
        );

        let form = Bytes::from_static(b"data=%7B%22token%22%3A%22t%22%7D");
        let (enc, value) = read_payload(None, "application/x-www-form-urlencoded", &form);
        assert_eq!(
            (enc, value.ok()),
            (Encoding::Form, Some(serde_json::json!({"token":"t"})))
        );

        let (enc, value) = read_payload(Some("data=%7B%7D"), "", &Bytes::new());
        assert_eq!(
            (enc, value.ok()),
            (Encoding::Query, Some(serde_json::json!({})))
        );

        let (enc, value) = read_payload(
            None,
            "application/x-www-form-urlencoded",
            &Bytes::from_static(b"x=1"),
        );
        assert_eq!(enc, Encoding::Form);
        assert!(value.expect_err("no data field").contains("data"));
    }
}
