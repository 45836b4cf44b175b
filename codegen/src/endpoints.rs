//! The endpoint index (`schema/endpoints.json`) as plain data, checked
//! against the types it names: the source of the client's methods, the
//! mock's routes and the OpenAPI document.

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
    pub answer: MockAnswer,
    /// Which refusal a broken rule gets, first match wins.
    pub errors: Vec<MockError>,
}

/// The documented answer to a valid request.
#[derive(Debug, Clone, PartialEq)]
pub enum MockAnswer {
    /// A valid case of the answer type, with the request's values copied
    /// into keys both share.
    Sample {
        /// The case file, from the workspace root.
        path: String,
        /// Its text, built into the mock (a published crate cannot reach
        /// files outside its own directory).
        text: String,
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

/// Reads and checks `schema/endpoints.json`.
pub fn load(schema_dir: &Path, ir: &Ir, cases: &[Case]) -> Result<Index, Error> {
    let text = std::fs::read_to_string(schema_dir.join(FILE))
        .map_err(|e| Error::new(FILE, "", format!("cannot read: {e}")))?;
    let json: Value =
        serde_json::from_str(&text).map_err(|e| Error::new(FILE, "", format!("not JSON: {e}")))?;
    let hosts = json["hosts"]
        .as_object()
        .ok_or_else(|| Error::new(FILE, "/hosts", "expected an object"))?
        .iter()
        .map(|(k, v)| Ok((k.clone(), str_at(v, "/hosts")?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut endpoints = Vec::new();
    for (i, e) in array(&json["endpoints"], "/endpoints")?.iter().enumerate() {
        endpoints.push(endpoint(e, &format!("/endpoints/{i}"), ir, cases)?);
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
    for (i, w) in array(&json["webhooks"], "/webhooks")?.iter().enumerate() {
        let at = format!("/webhooks/{i}");
        let field = |k: &str| str_at(&w[k], &format!("{at}/{k}"));
        let payload = field("payload")?;
        known_type(ir, &payload, &format!("{at}/payload"))?;
        let reply = match &w["reply"] {
            Value::Null => None,
            v => Some(str_at(v, &format!("{at}/reply"))?),
        };
        if let Some(r) = &reply {
            known_type(ir, r, &format!("{at}/reply"))?;
        }
        webhooks.push(Webhook {
            name: field("webhook")?,
            payload,
            reply,
            docs: field("docs")?,
            summary: field("summary")?,
        });
    }
    Ok(Index {
        hosts,
        endpoints,
        webhooks,
    })
}

fn endpoint(e: &Value, at: &str, ir: &Ir, cases: &[Case]) -> Result<Endpoint, Error> {
    let field = |k: &str| str_at(&e[k], &format!("{at}/{k}"));
    let request = field("request")?;
    let response = field("response")?;
    // A request is a closed object with the token; an answer is open.
    match ir.get(&request).map(|t| &t.shape) {
        Some(Shape::Struct(s))
            if s.deny_unknown
                && s.fields.iter().any(|f| {
                    f.json_name == "token" && f.required && f.ty == FieldType::Named("Token".into())
                }) => {}
        _ => {
            return Err(Error::new(
                FILE,
                format!("{at}/request"),
                format!("{request} is not a request type (a closed object with a required token)"),
            ))
        }
    }
    match ir.get(&response).map(|t| &t.shape) {
        Some(Shape::Struct(s)) if !s.deny_unknown => {}
        _ => {
            return Err(Error::new(
                FILE,
                format!("{at}/response"),
                format!("{response} is not an open object type"),
            ))
        }
    }
    let deprecated = match &e["deprecated"] {
        Value::Null => None,
        d => Some((str_at(&d["since"], at)?, str_at(&d["note"], at)?)),
    };
    let mock = &e["mock"];
    let answer = match mock["answer"].as_str() {
        Some("receipts") => MockAnswer::Receipts,
        _ => {
            let case = sample(mock, &response, cases, at)?;
            MockAnswer::Sample {
                path: case.path.clone(),
                text: case.text.clone(),
            }
        }
    };
    let errors = mock["errors"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|x| {
                    Ok(MockError {
                        code: x["code"]
                            .as_u64()
                            .ok_or_else(|| Error::new(FILE, at, "mock error code"))?,
                        message: str_at(&x["message"], at)?,
                        pointer: str_at(&x["pointer"], at)?,
                        keyword: x["keyword"].as_str().map(str::to_string),
                    })
                })
                .collect::<Result<Vec<_>, Error>>()
        })
        .transpose()?
        .unwrap_or_default();
    Ok(Endpoint {
        name: field("name")?,
        path: field("path")?,
        summary: field("summary")?,
        docs: field("docs")?,
        hosts: array(&e["hosts"], at)?
            .iter()
            .map(|h| str_at(h, at))
            .collect::<Result<_, _>>()?,
        master: e["token"] == "master",
        request,
        response,
        rate_limit: e["rate_limit_per_minute"].as_u64().map(|n| n as u32),
        codes: array(&e["codes"], at)?
            .iter()
            .filter_map(Value::as_u64)
            .collect(),
        deprecated,
        mock: Mock { answer, errors },
    })
}

/// The mock's documented answer: the named case, or the first docs sample
/// of the answer type that is a success (status 100, a state, or none).
fn sample<'a>(
    mock: &Value,
    response: &str,
    cases: &'a [Case],
    at: &str,
) -> Result<&'a Case, Error> {
    if let Some(name) = mock["sample"].as_str() {
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

fn array<'a>(v: &'a Value, at: &str) -> Result<&'a Vec<Value>, Error> {
    v.as_array()
        .ok_or_else(|| Error::new(FILE, at, "expected an array"))
}

fn str_at(v: &Value, at: &str) -> Result<String, Error> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::new(FILE, at, "expected a string"))
}
