//! A webhook body, whatever way it was posted, as a typed value.

use super::charset::{form_decoded, form_pair, Charset};
use bytes::Bytes;
use pickyassist_model::Model;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// How the body was posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// A JSON body (the current "JSON method").
    Json,
    /// A form body whose only key is the whole JSON document (connectors post this way).
    FormJsonKey,
    /// A form body with the JSON document in a `data` field.
    FormDataField,
    /// The legacy "Standard POST": one form field per variable (`number`,
    /// `message-in`, …), every value a string.
    StandardPost,
    /// The legacy "Query String Method": no body, one URL query parameter
    /// per variable (the webhook secret's parameter left out), every value
    /// a string.
    QueryString,
}

/// A webhook body read into `T`, with the bytes it came from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Incoming<T> {
    /// The typed body.
    pub body: T,
    /// The raw request body, as received (empty for [`Format::QueryString`]).
    pub raw: Bytes,
    /// How it was posted.
    pub format: Format,
}

/// Why a request body is not a webhook.
///
/// The message describes the body's shape only: webhook bodies hold phone
/// numbers and message texts, which must not end up in logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is empty.
    #[error("the webhook body is empty")]
    Empty,
    /// No format yields a JSON object.
    #[error("the body is not a webhook: not a JSON object, nor a form carrying one ({0} bytes)")]
    NotAnObject(usize),
    /// A JSON object that is not this kind of webhook (the typed decoders
    /// keep what they do not know, so this is rare: a value the type
    /// cannot hold even as `extra`).
    #[error("the body is not a {kind} webhook: {reason}")]
    Shape {
        /// The expected type.
        kind: &'static str,
        /// What the decoder said (types and keys, no values).
        reason: String,
    },
    /// The secret query parameter is missing or wrong.
    #[error("the webhook secret is missing or wrong")]
    Unauthorized,
    /// No [`WebhookSecret`](super::WebhookSecret) reaches the route: the
    /// extractor refuses rather than let anyone post.
    #[error(
        "no webhook secret configured for this route: add \
         .layer(Extension(WebhookSecret::query(\"key\", secret))) after the webhook routes, \
         or WebhookSecret::none_i_verify_callers_myself() if the app authenticates callers itself"
    )]
    NoSecretConfigured,
    /// The body is larger than the receiver reads.
    #[error("the webhook body is larger than the {limit}-byte limit")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read (the connection failed while sending it).
    #[error("the webhook body could not be read: the connection failed")]
    Unreadable,
}

/// Reads a webhook body into `T`.
///
/// Tries, in order: the body as JSON (whatever the content type says); a
/// form body whose only key is the JSON document, or whose `data` field is;
/// then the legacy one-field-per-variable form. What the server sends is
/// read leniently (see the model crate): a value of an unexpected form is
/// kept in `extra`, and an unknown `event_id` is `WebhookEvent::Unknown`.
pub fn parse<T: DeserializeOwned + Model>(
    body: &[u8],
    content_type: Option<&str>,
) -> Result<Incoming<T>, WebhookError> {
    parse_bytes(Bytes::copy_from_slice(body), content_type, None)
}

/// Checks a whole request with `secret` and reads it into `T`: [`parse`]
/// of the body and, when the body is empty or carries no webhook, the
/// legacy "Query String Method", where every variable is a query parameter
/// ([`Format::QueryString`]). The secret's own parameter is never read as a
/// variable. What the [`Webhook`](super::Webhook) extractor does, for other
/// HTTP stacks.
///
/// ```
/// use pickyassist::webhook::{self, Format, WebhookSecret};
/// use pickyassist::model::WebhookMessage;
///
/// let secret = WebhookSecret::query("key", "a-long-random-value");
/// let query = "key=a-long-random-value&number=919000000001&message-in=Hi&unique-id=77";
/// let incoming = webhook::parse_request::<WebhookMessage>(b"", None, Some(query), &secret)?;
/// assert_eq!(incoming.format, Format::QueryString);
/// assert!(incoming.body.extra.get("key").is_none());
/// # Ok::<(), pickyassist::webhook::WebhookError>(())
/// ```
pub fn parse_request<T: DeserializeOwned + Model>(
    body: &[u8],
    content_type: Option<&str>,
    query: Option<&str>,
    secret: &super::WebhookSecret,
) -> Result<Incoming<T>, WebhookError> {
    secret.verify(query)?;
    let query = QueryVars::of(query, secret);
    parse_bytes(Bytes::copy_from_slice(body), content_type, query)
}

/// A request's query string, read as variables only when the body has none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueryVars<'a> {
    /// The query string.
    pub(crate) query: &'a str,
    /// The webhook secret's parameter, never read as a variable.
    pub(crate) secret_param: Option<&'a str>,
}

impl<'a> QueryVars<'a> {
    /// A request's `query`, whose `secret` parameter is never a variable.
    pub(crate) fn of(query: Option<&'a str>, secret: &'a super::WebhookSecret) -> Option<Self> {
        query.map(|query| Self {
            query,
            secret_param: secret.param(),
        })
    }
}

/// [`parse`] without copying the body, falling back on `query`'s variables.
pub(crate) fn parse_bytes<T: DeserializeOwned + Model>(
    body: Bytes,
    content_type: Option<&str>,
    query: Option<QueryVars<'_>>,
) -> Result<Incoming<T>, WebhookError> {
    // The usual body, a JSON object whose every value fits its type, decodes
    // straight from the bytes; anything else takes the lenient path.
    let trimmed = crate::lenient::without_bom(&body).trim_ascii();
    let exact = match trimmed.first() {
        Some(b'{') => pickyassist_model::__private::decode_exact_model::<T>(trimmed),
        _ => None,
    };
    let (typed, format) = match exact {
        Some(typed) => (typed, Format::Json),
        None => {
            let (json, format) = match document::<T>(&body, content_type) {
                Ok(read) => read,
                // No webhook in the body: the legacy query-string method?
                Err(e @ (WebhookError::Empty | WebhookError::NotAnObject(_))) => {
                    match query.and_then(query_document::<T>) {
                        Some(o) => (o, Format::QueryString),
                        None => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            };
            let typed = serde_json::from_value::<T>(Value::Object(json)).map_err(|e| {
                WebhookError::Shape {
                    kind: T::NAME,
                    reason: crate::mask::shape_only(&e),
                }
            })?;
            (typed, format)
        }
    };
    tracing::debug!(target: "pickyassist::webhook", kind = T::NAME, ?format, bytes = body.len(), "webhook read");
    Ok(Incoming {
        body: typed,
        raw: body,
        format,
    })
}

/// The JSON object the body carries, and how it was posted.
fn document<T: Model>(
    body: &[u8],
    content_type: Option<&str>,
) -> Result<(Map<String, Value>, Format), WebhookError> {
    let charset = Charset::of(body, content_type);
    let text = charset.to_utf8(body);
    let trimmed = crate::lenient::without_bom(&text).trim_ascii();
    if trimmed.is_empty() {
        return Err(WebhookError::Empty);
    }
    if let Some(o) = object(trimmed) {
        return Ok((o, Format::Json));
    }
    // A form whatever the content type says (senders label forms JSON and
    // the reverse): only a form that carries a webhook is taken. Under a
    // single-byte charset its `%XX` escapes are bytes of that charset.
    let (form, form_charset) = match charset {
        Charset::Windows1252 => (
            crate::lenient::without_bom(body).trim_ascii(),
            Charset::Windows1252,
        ),
        _ => (trimmed, Charset::Utf8),
    };
    let Some(fields) = form_fields(form, form_charset) else {
        return Err(WebhookError::NotAnObject(body.len()));
    };
    // A form whose key is the JSON text: decoding the whole body is safer
    // than taking the first key, because `=` or `&` inside the JSON split it.
    let decoded: String = fields
        .iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join("&");
    if let Some(o) = object(decoded.as_bytes()) {
        return Ok((o, Format::FormJsonKey));
    }
    if let Some((_, data)) = fields.iter().find(|(k, _)| k == "data") {
        if let Some(o) = object(data.as_bytes()) {
            return Ok((o, Format::FormDataField));
        }
    }
    match variables::<T>(fields) {
        Some(o) => Ok((o, Format::StandardPost)),
        None => Err(WebhookError::NotAnObject(body.len())),
    }
}

/// A form's fields, names and values decoded as text in `charset`; `None`
/// for more fields than any webhook has. Counted first (borrowing), so that
/// a body of `&`s does not become millions of strings.
fn form_fields(form: &[u8], charset: Charset) -> Option<Vec<(String, String)>> {
    let pairs = || form.split(|&b| b == b'&').filter(|pair| !pair.is_empty());
    if pairs().nth(MAX_FORM_FIELDS).is_some() {
        return None;
    }
    let fields = pairs().map(|pair| {
        let (name, value) = form_pair(pair);
        (
            form_component(name, charset),
            form_component(value, charset),
        )
    });
    Some(fields.collect())
}

/// A form's name or value: `+` a space, `%XX` a byte, the bytes text in
/// `charset` (bytes that are not become `U+FFFD`).
fn form_component(raw: &[u8], charset: Charset) -> String {
    String::from_utf8_lossy(&charset.to_utf8(&form_decoded(raw))).into_owned()
}

/// The variables of the legacy query-string method: every query parameter
/// but the webhook secret's.
fn query_document<T: Model>(vars: QueryVars<'_>) -> Option<Map<String, Value>> {
    let fields = form_fields(vars.query.as_bytes(), Charset::Utf8)?
        .into_iter()
        .filter(|(k, _)| Some(k.as_str()) != vars.secret_param)
        .collect();
    variables::<T>(fields)
}

/// The legacy formats: each variable its own field (the names are the JSON
/// keys). Only fields that name at least one of the type's variables are
/// one: an HTML page, stray bytes or a URL's own custom variables parse as
/// fields too.
fn variables<T: Model>(fields: Vec<(String, String)>) -> Option<Map<String, Value>> {
    let known = fields
        .iter()
        .any(|(k, _)| T::PROPERTIES.contains(&k.as_str()));
    let plain = fields
        .iter()
        .all(|(k, _)| !k.is_empty() && !k.starts_with('{'));
    (known && plain).then(|| {
        fields
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect()
    })
}

/// Most fields a form body is read with: a legacy form has about twenty, a
/// JSON document posted as a form key one per `&` in its texts.
const MAX_FORM_FIELDS: usize = 10_000;

/// The JSON object in `text`, read leniently (numbers outside `f64` kept as text).
fn object(text: &[u8]) -> Option<Map<String, Value>> {
    match crate::lenient::value_from_slice(text) {
        Ok(Value::Object(o)) => Some(o),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pickyassist_model::{WebhookEvent, WebhookMessage};

    fn message(body: &[u8], ct: Option<&str>) -> Incoming<WebhookMessage> {
        parse(body, ct).expect("a webhook")
    }

    #[test]
    fn reads_every_way_a_message_is_posted() {
        let json = br#"{"number":"919000000001","message-in":"Hi","unique-id":"5642"}"#;
        assert_eq!(message(json, Some("application/json")).format, Format::Json);
        // The content type lies: the body is JSON anyway.
        assert_eq!(message(json, Some("text/plain")).format, Format::Json);

        let key_is_json: String = form_urlencoded::byte_serialize(json).collect::<String>() + "=";
        let m = message(
            key_is_json.as_bytes(),
            Some("application/x-www-form-urlencoded"),
        );
        assert_eq!(m.format, Format::FormJsonKey);
        assert_eq!(m.body.unique_id.as_ref().map(|i| i.as_str()), Some("5642"));

        // `=` and `&` inside the JSON text split the form "key".
        let tricky = br#"{"number":"919000000001","message-in":"a=b&c"}"#;
        let encoded: String = form_urlencoded::byte_serialize(tricky).collect();
        let m = message(
            encoded.as_bytes(),
            Some("application/x-www-form-urlencoded"),
        );
        assert_eq!(m.body.message_in.as_deref(), Some("a=b&c"));

        let data = format!(
            "data={}",
            form_urlencoded::byte_serialize(json).collect::<String>()
        );
        assert_eq!(message(data.as_bytes(), None).format, Format::FormDataField);

        let legacy =
            b"number=919000000001&message-in=Hello+there&application=1&type=1&unique-id=77";
        let m = message(legacy, Some("application/x-www-form-urlencoded"));
        assert_eq!(m.format, Format::StandardPost);
        assert_eq!(m.body.text().as_deref(), Some("Hello there"));
        assert_eq!(m.raw.as_ref(), legacy);
    }

    /// A text is read as its label says, never replaced while the call is
    /// answered 200; and a form is a form whatever the content type says.
    #[test]
    fn reads_other_charsets_and_mislabelled_forms() {
        let latin = Some("application/x-www-form-urlencoded; charset=ISO-8859-1");
        for body in [
            &b"number=919000000001&message-in=caf%E9+%80&unique-id=1"[..],
            b"number=919000000001&message-in=caf\xE9 \x80&unique-id=1",
            // Labelled Latin-1, written in UTF-8: kept as UTF-8.
            "number=919000000001&message-in=caf%C3%A9+%E2%82%AC&unique-id=1".as_bytes(),
        ] {
            let m = message(body, latin);
            assert_eq!(m.body.text().as_deref(), Some("café €"), "{body:?}");
        }
        let json = Some("application/json; charset=windows-1252");
        let m = message(
            b"{\"number\":\"919000000001\",\"message-in\":\"caf\xE9\"}",
            json,
        );
        assert_eq!(m.body.message_in.as_deref(), Some("café"));
        assert_eq!(m.format, Format::Json);

        let text = r#"{"number":"919000000001","message-in":"héllo 😀"}"#;
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            message(&utf16, Some("application/json"))
                .body
                .message_in
                .as_deref(),
            Some("héllo 😀")
        );

        let data = format!(
            "data={}",
            form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
        );
        for ct in ["application/json", "text/plain", "application/octet-stream"] {
            let m = message(data.as_bytes(), Some(ct));
            assert_eq!(m.format, Format::FormDataField, "{ct}");
            assert_eq!(m.body.message_in.as_deref(), Some("héllo 😀"));
            let legacy = message(b"number=919000000001&message-in=Hi", Some(ct));
            assert_eq!(legacy.format, Format::StandardPost, "{ct}");
        }
        // Text that names no variable is still no webhook.
        assert!(parse::<WebhookMessage>(b"hello=1", Some("text/plain")).is_err());
    }

    #[test]
    fn numbers_outside_f64_are_kept_as_their_text() {
        let big = "9".repeat(400);
        let body = format!(
            r#"{{"number":"919000000001","message-in":"Hi","unique-id":{big},"x":[1e400]}}"#
        );
        let m = message(body.as_bytes(), Some("application/json"));
        assert_eq!(m.body.unique_id.as_ref().map(|i| i.as_str()), Some(&*big));
        assert_eq!(m.body.extra["x"], serde_json::json!(["1e400"]));
        assert_eq!(m.body.text().as_deref(), Some("Hi"));
        let event = parse::<WebhookEvent>(br#"{"event_id":1,"project_id":1e999,"data":[]}"#, None)
            .expect("lenient");
        assert!(matches!(event.body, WebhookEvent::DeliveryReport(_)));
    }

    #[test]
    fn refuses_what_is_not_a_webhook_without_quoting_it() {
        assert_eq!(
            parse::<WebhookMessage>(b"  ", None).unwrap_err(),
            WebhookError::Empty
        );
        assert!(matches!(
            parse::<WebhookMessage>(b"<html>919000000001</html>", Some("text/html")),
            Err(WebhookError::NotAnObject(_))
        ));
        // Not JSON, and no variable of the type in a "form" reading of it.
        for (body, ct) in [
            (&b"<html><body>919000000001</body></html>"[..], None),
            (
                b"<html>hi</html>",
                Some("application/x-www-form-urlencoded"),
            ),
            (b"\xff\xfe\x00\x01", None),
            (b"foo=bar&baz=1", Some("application/x-www-form-urlencoded")),
        ] {
            assert!(
                matches!(
                    parse::<WebhookMessage>(body, ct),
                    Err(WebhookError::NotAnObject(_))
                ),
                "{body:?}"
            );
        }
        // An event without `event_id` is kept whole, not refused: events
        // are never retried.
        let kept = parse::<WebhookEvent>(br#"{"number":"919000000001"}"#, None).expect("kept");
        assert!(matches!(kept.body, WebhookEvent::Unknown(_)), "{kept:?}");
    }

    #[test]
    fn the_query_string_method_is_read_only_when_the_body_has_no_webhook() {
        use crate::webhook::WebhookSecret;
        let secret = WebhookSecret::query("key", "s3cret");
        let query = "key=s3cret&number=919000000001&message-in=Hi&unique-id=9&v1=x";
        let read =
            |body: &[u8], query| parse_request::<WebhookMessage>(body, None, Some(query), &secret);
        let m = read(b"", query).expect("from the query");
        assert_eq!(m.format, Format::QueryString);
        assert_eq!(m.body.unique_id.as_ref().map(|i| i.as_str()), Some("9"));
        assert_eq!(m.body.extra.get("v1"), Some(&Value::String("x".into())));
        assert!(m.body.extra.get("key").is_none(), "{:?}", m.body.extra);
        // A body that is a webhook wins over the query.
        let json = br#"{"number":"919000000002","unique-id":"10"}"#;
        let m = read(json, query).expect("from the body");
        assert_eq!(
            (m.format, m.body.unique_id.map(|i| i.as_str().to_owned())),
            (Format::Json, Some("10".into()))
        );
        // No variable of the type in the query: the body's own error.
        assert_eq!(
            read(b"", "key=s3cret&v1=x").unwrap_err(),
            WebhookError::Empty
        );
        // The secret is checked first.
        assert_eq!(
            read(b"", "key=guess&number=1").unwrap_err(),
            WebhookError::Unauthorized
        );
        // Without a query, as before.
        let plain = parse_request::<WebhookMessage>(
            b"",
            None,
            None,
            &WebhookSecret::none_i_verify_callers_myself(),
        );
        assert_eq!(plain.unwrap_err(), WebhookError::Empty);
    }

    #[test]
    fn a_byte_order_mark_before_the_json_is_skipped() {
        let body = b"\xEF\xBB\xBF{\"number\":\"919000000001\",\"unique-id\":\"5642\"}";
        let m = message(body, Some("application/json"));
        assert_eq!(m.body.unique_id.as_ref().map(|i| i.as_str()), Some("5642"));
        assert_eq!(m.format, Format::Json);
    }

    #[test]
    fn a_form_of_more_fields_than_a_webhook_has_is_refused_before_it_is_read() {
        // 2 MiB of `&` would be a million fields, each a pair of strings.
        let flood = "number=919000000001&".repeat(MAX_FORM_FIELDS + 1);
        let read = parse::<WebhookMessage>(flood.as_bytes(), None).map(|m| m.format);
        assert!(
            matches!(read, Err(WebhookError::NotAnObject(_))),
            "{read:?}"
        );
        // A legacy form is far below the limit.
        let form = b"number=919000000001&message-in=Hi&unique-id=5642";
        assert_eq!(message(form, None).format, Format::StandardPost);
    }
}
