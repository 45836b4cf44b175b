//! The endpoint index (`schema/endpoints.json`) as plain data, checked
//! against the types it names: the source of the model's endpoint table, the
//! client's methods, the mock's routes and the OpenAPI document.

use crate::cases::Case;
use crate::ir::{FieldType, Ir, Shape};
use crate::Error;
use serde_json::Value;
use std::path::Path;

const FILE: &str = "endpoints.json";

/// Every endpoint and webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// Host name (`v3`, `v4`) → base URL.
    pub hosts: Vec<(String, String)>,
    /// Endpoints in the index's order.
    pub endpoints: Vec<Endpoint>,
    /// The two webhooks.
    pub webhooks: Vec<Webhook>,
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Client method and OpenAPI operationId.
    pub name: String,
    /// Path after the base URL (`/push`).
    pub path: String,
    /// What it does, in our words.
    pub summary: String,
    /// The docs page.
    pub docs: String,
    /// Hosts whose URL the docs print.
    pub hosts: Vec<String>,
    /// The body carries the account's master token (project management).
    pub master: bool,
    /// Request type.
    pub request: String,
    /// Answer type.
    pub response: String,
    /// Documented requests per minute.
    pub rate_limit: Option<u32>,
    /// Only reads: calling it again after a timeout cannot act twice.
    pub read_only: bool,
    /// Status codes the page lists.
    pub codes: Vec<u64>,
    /// `(since, note)` when the docs say it no longer works.
    pub deprecated: Option<(String, String)>,
    /// How the mock answers.
    pub mock: Mock,
}

/// How the mock answers one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Mock {
    /// The documented answer to a valid request.
    pub reply: MockReply,
    /// Which refusal a broken rule gets, first match wins.
    pub errors: Vec<MockError>,
}

/// The documented answer to a valid request.
#[derive(Debug, Clone, PartialEq)]
pub enum MockReply {
    /// A valid case of the answer type, with the request's values copied
    /// into keys both share.
    Sample {
        /// The case file, from the workspace root.
        path: String,
        /// Its text, built into the mock (a published crate cannot reach
        /// files outside its own directory).
        text: String,
        /// A request key, and the text answered when it is absent or `""`.
        when_blank: Option<(String, String)>,
    },
    /// One receipt per recipient, with fresh ids (the push answer).
    Receipts,
}

/// A refusal for a broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct MockError {
    /// API status code.
    pub code: u64,
    /// The server's message.
    pub message: String,
    /// Pointer of the failing value; `*` matches one segment.
    pub pointer: String,
    /// The keyword that failed, when it matters.
    pub keyword: Option<String>,
}

/// One webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// `message` or `event`.
    pub name: String,
    /// The body Picky Assist posts.
    pub payload: String,
    /// The answer a handler may give, if any.
    pub reply: Option<String>,
    /// The docs page.
    pub docs: String,
    /// What it carries, in our words.
    pub summary: String,
}

/// The file as written: every key known (a misspelt `rate_limit_per_minte`
/// is an error, not a missing limit), nullable keys required.
mod raw {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Index {
        #[serde(rename = "$schema")]
        pub _schema: Option<String>,
        #[serde(rename = "$comment")]
        pub _comment: Option<String>,
        pub hosts: serde_json::Map<String, serde_json::Value>,
        pub endpoints: Vec<Endpoint>,
        pub webhooks: Vec<Webhook>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Endpoint {
        pub name: String,
        pub path: String,
        pub summary: String,
        pub docs: String,
        pub hosts: Vec<String>,
        pub token: Token,
        pub request: String,
        pub response: String,
        #[serde(deserialize_with = "nullable")]
        pub rate_limit_per_minute: Option<u32>,
        pub read_only: bool,
        pub codes: Vec<u64>,
        #[serde(deserialize_with = "nullable")]
        pub deprecated: Option<Deprecated>,
        #[serde(default)]
        pub mock: Option<Mock>,
    }

    #[derive(Deserialize, PartialEq, Eq)]
    #[serde(rename_all = "lowercase")]
    pub enum Token {
        Project,
        Master,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Deprecated {
        pub since: String,
        pub note: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    pub struct Mock {
        #[serde(default)]
        pub answer: Option<ReplyKind>,
        #[serde(default)]
        pub sample: Option<String>,
        #[serde(default)]
        pub when_blank: Option<WhenBlank>,
        #[serde(default)]
        pub errors: Vec<MockError>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct WhenBlank {
        pub key: String,
        pub sample: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum ReplyKind {
        Sample,
        Receipts,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct MockError {
        pub code: u64,
        pub message: String,
        pub pointer: String,
        #[serde(default)]
        pub keyword: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Webhook {
        pub webhook: String,
        pub payload: String,
        #[serde(deserialize_with = "nullable")]
        pub reply: Option<String>,
        pub docs: String,
        pub summary: String,
    }

    /// A key that must be written, even when its value is `null`.
    fn nullable<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d)
    }
}

/// Reads and checks `schema/endpoints.json`.
pub fn load(schema_dir: &Path, ir: &Ir, cases: &[Case]) -> Result<Index, Error> {
    let text = std::fs::read_to_string(schema_dir.join(FILE))
        .map_err(|e| Error::new(FILE, "", format!("cannot read: {e}")))?;
    let file: raw::Index =
        serde_json::from_str(&text).map_err(|e| Error::new(FILE, "", e.to_string()))?;
    let hosts = file
        .hosts
        .iter()
        .map(|(k, v)| Ok((k.clone(), str_at(v, &format!("/hosts/{k}"))?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut endpoints = Vec::new();
    for (i, e) in file.endpoints.into_iter().enumerate() {
        let at = format!("/endpoints/{i}");
        if let Some(h) = e.hosts.iter().find(|h| !hosts.iter().any(|(k, _)| k == *h)) {
            return Err(Error::new(
                FILE,
                format!("{at}/hosts"),
                format!("{h} is not a host"),
            ));
        }
        endpoints.push(endpoint(e, &at, ir, cases)?);
    }
    for (i, a) in endpoints.iter().enumerate() {
        if let Some(b) = endpoints[..i]
            .iter()
            .find(|b| b.name == a.name || b.path == a.path)
        {
            return Err(Error::new(
                FILE,
                format!("/endpoints/{i}"),
                format!("{} repeats {}", a.path, b.path),
            ));
        }
    }
    let mut webhooks = Vec::new();
    for (i, w) in file.webhooks.into_iter().enumerate() {
        let at = format!("/webhooks/{i}");
        known_type(ir, &w.payload, &format!("{at}/payload"))?;
        if let Some(r) = &w.reply {
            known_type(ir, r, &format!("{at}/reply"))?;
        }
        webhooks.push(Webhook {
            name: w.webhook,
            payload: w.payload,
            reply: w.reply,
            docs: w.docs,
            summary: w.summary,
        });
    }
    Ok(Index {
        hosts,
        endpoints,
        webhooks,
    })
}

fn endpoint(e: raw::Endpoint, at: &str, ir: &Ir, cases: &[Case]) -> Result<Endpoint, Error> {
    // A request is a closed object with the token; an answer is open.
    match ir.get(&e.request).map(|t| &t.shape) {
        Some(Shape::Struct(s))
            if s.deny_unknown
                && s.fields.iter().any(|f| {
                    f.json_name == "token" && f.required && f.ty == FieldType::Named("Token".into())
                }) => {}
        _ => {
            return Err(Error::new(
                FILE,
                format!("{at}/request"),
                format!(
                    "{} is not a request type (a closed object with a required token)",
                    e.request
                ),
            ))
        }
    }
    match ir.get(&e.response).map(|t| &t.shape) {
        Some(Shape::Struct(s)) if !s.deny_unknown => {}
        _ => {
            return Err(Error::new(
                FILE,
                format!("{at}/response"),
                format!("{} is not an open object type", e.response),
            ))
        }
    }
    let mock = e.mock.unwrap_or_default();
    let reply = match mock.answer {
        Some(raw::ReplyKind::Receipts) => MockReply::Receipts,
        Some(raw::ReplyKind::Sample) | None => {
            let case = sample(mock.sample.as_deref(), &e.response, cases, at)?;
            let when_blank = match mock.when_blank {
                Some(w) => {
                    let case = sample(Some(&w.sample), &e.response, cases, at)?;
                    Some((w.key, case.text.clone()))
                }
                None => None,
            };
            MockReply::Sample {
                path: case.path.clone(),
                text: case.text.clone(),
                when_blank,
            }
        }
    };
    let errors = mock
        .errors
        .into_iter()
        .map(|x| MockError {
            code: x.code,
            message: x.message,
            pointer: x.pointer,
            keyword: x.keyword,
        })
        .collect();
    Ok(Endpoint {
        name: e.name,
        path: e.path,
        summary: e.summary,
        docs: e.docs,
        hosts: e.hosts,
        master: e.token == raw::Token::Master,
        request: e.request,
        response: e.response,
        rate_limit: e.rate_limit_per_minute,
        read_only: e.read_only,
        codes: e.codes,
        deprecated: e.deprecated.map(|d| (d.since, d.note)),
        mock: Mock { reply, errors },
    })
}

/// The mock's documented answer: the named case, or the first docs sample
/// of the answer type that is a success (status 100, a state, or none).
fn sample<'a>(
    named: Option<&str>,
    response: &str,
    cases: &'a [Case],
    at: &str,
) -> Result<&'a Case, Error> {
    if let Some(name) = named {
        let named = |c: &Case| c.path.ends_with(&format!("/{name}"));
        return crate::cases::preferred(cases, response, named)
            .ok_or_else(|| Error::new(FILE, at, format!("no valid case {name} of {response}")));
    }
    let success = |c: &Case| match &c.payload["status"] {
        Value::Null => true,
        Value::Number(n) => n.as_u64() == Some(100),
        Value::String(s) => s == "100" || !s.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    crate::cases::preferred(cases, response, success).ok_or_else(|| {
        Error::new(
            FILE,
            at,
            format!("no successful valid case of {response} for the mock to answer with"),
        )
    })
}

fn known_type(ir: &Ir, name: &str, at: &str) -> Result<(), Error> {
    ir.get(name)
        .map(drop)
        .ok_or_else(|| Error::new(FILE, at, format!("{name} is not a schema title")))
}

fn str_at(v: &Value, at: &str) -> Result<String, Error> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::new(FILE, at, "expected a string"))
}

#[cfg(test)]
mod tests {
    use super::raw;

    fn index_text() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/endpoints.json");
        std::fs::read_to_string(path).expect("schema/endpoints.json")
    }

    fn parse(text: &str) -> Result<raw::Index, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn the_index_parses() {
        let index = parse(&index_text()).expect("the index parses");
        assert!(index
            .endpoints
            .iter()
            .any(|e| e.rate_limit_per_minute.is_some()));
    }

    #[test]
    fn a_misspelt_key_is_an_error_not_a_missing_limit() {
        let text =
            index_text().replacen("\"rate_limit_per_minute\"", "\"rate_limit_per_minte\"", 1);
        let err = parse(&text).err().expect("a misspelt key is refused");
        assert!(
            err.contains("unknown field `rate_limit_per_minte`"),
            "{err}"
        );
    }

    #[test]
    fn a_nullable_key_must_still_be_written() {
        let text = index_text().replacen("\"rate_limit_per_minute\": null,", "", 1);
        assert_ne!(
            text,
            index_text(),
            "the index has an endpoint without a limit"
        );
        let err = parse(&text).err().expect("a left-out key is refused");
        assert!(
            err.contains("missing field `rate_limit_per_minute`"),
            "{err}"
        );
    }
}
