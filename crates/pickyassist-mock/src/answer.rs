//! The documented answers: what Picky Assist says to a request it accepts or refuses.

use crate::bounded;
use crate::route::{Reply, Route};
use bytes::Bytes;
use pickyassist_model::{ApiStatus, TokenKind, ValidationError, ValidationErrors};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};

/// Which tokens the mock accepts.
#[derive(Debug, Clone)]
pub(crate) enum Tokens {
    Any,
    Only(Vec<String>),
}

impl Tokens {
    pub(crate) fn accepts(&self, token: &str) -> bool {
        match self {
            Self::Any => !token.is_empty(),
            Self::Only(list) => list.iter().any(|t| t == token),
        }
    }
}

/// The tokens of a mock: projects' and the account's master token.
#[derive(Debug, Clone)]
pub(crate) struct Keys {
    pub project: Tokens,
    pub master: Tokens,
}

/// Ids handed out to accepted pushes, starting at the docs' sample values.
#[derive(Debug)]
pub(crate) struct Ids {
    push: AtomicU64,
    message: AtomicU64,
}

impl Default for Ids {
    fn default() -> Self {
        Self {
            push: AtomicU64::new(7_478_630),
            message: AtomicU64::new(9_844_217),
        }
    }
}

/// The body Picky Assist would send back for this request to `route`.
#[cfg(test)]
fn answer(
    route: &Route,
    document: &Result<Bytes, String>,
    payload: &Result<Value, String>,
    keys: &Keys,
    ids: &Ids,
    lenient: bool,
) -> Value {
    checked(route, document, payload, keys, ids, lenient).1
}

/// Whether Picky Assist would accept this request to `route`, and the body
/// it would send back; `lenient` accepts keys the docs do not list.
pub(crate) fn checked(
    route: &Route,
    document: &Result<Bytes, String>,
    payload: &Result<Value, String>,
    keys: &Keys,
    ids: &Ids,
    lenient: bool,
) -> (bool, Value) {
    let (Ok(document), Ok(value)) = (document, payload) else {
        // Why, in the parser's words (a place, never the text), or which
        // field is missing: the payload carries the document's error too.
        let why = payload
            .as_ref()
            .err()
            .map_or_else(String::new, |why| bounded::excerpt(why));
        tracing::info!(target: "pickyassist_mock", path = route.endpoint.path, status = 410, reason = %why, "not a JSON document");
        return (
            false,
            refusal(
                ApiStatus::InvalidRequest.code(),
                &format!("Invalid Request: {why}"),
            ),
        );
    };
    if let Some(deprecated) = route.endpoint.deprecated {
        tracing::warn!(target: "pickyassist_mock", path = route.endpoint.path, "answered as documented, but the real API no longer serves it ({deprecated})");
    }
    let token = value.get("token").and_then(Value::as_str).unwrap_or("");
    let (tokens, which) = if route.endpoint.token == TokenKind::Master {
        (&keys.master, "master token")
    } else {
        (&keys.project, "token")
    };
    if !tokens.accepts(token) {
        let why = if token.is_empty() {
            format!("no {which} (missing, empty or not a string)")
        } else {
            format!("unknown {which}")
        };
        tracing::info!(target: "pickyassist_mock", path = route.endpoint.path, status = 401, "{why}");
        return (
            false,
            refusal(
                ApiStatus::AuthenticationFailed.code(),
                "Authentication Failed",
            ),
        );
    }
    match (route.request.validate_json)(document) {
        Ok(()) => {
            tracing::info!(target: "pickyassist_mock", path = route.endpoint.path, status = 100, "accepted");
            (true, success(route, value, ids, &[]))
        }
        Err(errors) => {
            let errors = if lenient {
                let (unknown, other): (Vec<ValidationError>, Vec<ValidationError>) = errors
                    .into_iter()
                    .partition(|e| e.keywords().any(|k| k == "additionalProperties"));
                // Undocumented keys are accepted, never echoed into the
                // answer (a `status` of the request's would replace its own).
                let undocumented: Vec<String> = unknown
                    .iter()
                    .filter_map(|e| e.pointer.strip_prefix('/'))
                    .filter(|key| !key.contains('/'))
                    .map(pickyassist_model::__private::unescape_segment)
                    .collect();
                if !unknown.is_empty() {
                    let unknown = ValidationErrors::new(unknown);
                    tracing::warn!(target: "pickyassist_mock", path = route.endpoint.path, keys = %bounded::rules(&unknown), "undocumented keys accepted (lenient)");
                }
                if other.is_empty() {
                    tracing::info!(target: "pickyassist_mock", path = route.endpoint.path, status = 100, "accepted");
                    return (true, success(route, value, ids, &undocumented));
                }
                ValidationErrors::new(other)
            } else {
                errors
            };
            let (code, documented) = route.refusal(&errors);
            // Pointers and keywords only in the log: messages can quote values.
            tracing::info!(target: "pickyassist_mock", path = route.endpoint.path, status = code, errors = %bounded::rules(&errors), "refused");
            // The caller sees the documented message and what is wrong.
            (false, refusal(code, &bounded::reasons(documented, &errors)))
        }
    }
}

fn refusal(code: u64, message: &str) -> Value {
    json!({ "status": code, "message": message })
}

/// The answer to an accepted push: a push id, and one receipt per recipient.
pub(crate) fn receipts(request: &Value, ids: &Ids) -> Value {
    let push_id = ids.push.fetch_add(1, Ordering::Relaxed);
    // The number filter's answer: each number's lookup, `status` "0" (its
    // result comes later, as an event 2), and no credit (the docs' sample).
    let filter = crate::pushes::is_number_filter(request);
    let receipts: Vec<Value> = request["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| {
            let number = [&item["number"], &item["messenger_id"]]
                .into_iter()
                .find_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .unwrap_or_default();
            let msg_id = ids.message.fetch_add(1, Ordering::Relaxed).to_string();
            if filter {
                json!({ "msg_id": msg_id, "number": number, "status": "0" })
            } else {
                json!({ "msg_id": msg_id, "number": number, "credit": "0.005" })
            }
        })
        .collect();
    let mut body = json!({
        "status": ApiStatus::Success.code(),
        "push_id": push_id.to_string(),
        "message": "Success",
    });
    if !receipts.is_empty() {
        body["data"] = Value::Array(receipts);
    }
    body
}

/// The answer to a valid `request` on `route`: fresh receipts, or the
/// documented sample with the request's values copied into the keys both
/// share (but `token` and the `undocumented` keys a lenient mock accepted).
fn success(route: &Route, request: &Value, ids: &Ids, undocumented: &[String]) -> Value {
    match route.reply {
        Reply::Receipts => receipts(request, ids),
        Reply::Sample { text, when_blank } => {
            let text = match when_blank {
                Some((key, blank)) if request.get(key).is_none_or(|v| v.is_null() || v == "") => {
                    blank
                }
                _ => text,
            };
            let mut answer: Value = serde_json::from_str(text).unwrap_or_default();
            if let (Some(answer), Some(request)) = (answer.as_object_mut(), request.as_object()) {
                for (key, value) in request {
                    if key != "token" && !undocumented.contains(key) && answer.contains_key(key) {
                        answer.insert(key.clone(), value.clone());
                    }
                }
            }
            answer
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::ROUTES;

    use pickyassist_model::{
        Endpoint, CREATE_GROUP, GET_PROJECTS, GROUP_DETAILS, PUSH, TEMPLATE_STATUS,
    };

    /// The route serving `endpoint`.
    fn route(endpoint: &Endpoint) -> &'static Route {
        ROUTES
            .iter()
            .find(|r| r.endpoint == endpoint)
            .expect("a route for every endpoint")
    }

    fn keys() -> Keys {
        Keys {
            project: Tokens::Only(vec!["tok".into()]),
            master: Tokens::Only(vec!["master".into()]),
        }
    }

    fn answer_to(endpoint: &Endpoint, payload: Value) -> Value {
        answer(
            route(endpoint),
            &Ok(Bytes::from(payload.to_string())),
            &Ok(payload),
            &keys(),
            &Ids::default(),
            false,
        )
    }

    fn status_of(payload: Value) -> u64 {
        answer_to(&PUSH, payload)["status"]
            .as_u64()
            .expect("status is a number")
    }

    #[test]
    fn documented_answers() {
        let ok = json!({"token":"tok","application":1,"globalmessage":"Hi","data":[{"number":"919000000001"}]});
        assert_eq!(status_of(ok.clone()), 100);
        let mut bad_token = ok.clone();
        bad_token["token"] = json!("nope");
        assert_eq!(status_of(bad_token), 401);
        assert_eq!(
            status_of(json!({"token":"tok","application":1,"globalmessage":"Hi"})),
            402
        );
        let mut bad_number = ok.clone();
        bad_number["data"][0]["number"] = json!("+55 12345 6789");
        assert_eq!(status_of(bad_number), 406);
        let mut empty = ok.clone();
        empty["globalmessage"] = json!("");
        assert_eq!(status_of(empty), 407);
        let mut typo = ok;
        typo["priority "] = json!(1);
        assert_eq!(status_of(typo), 410);
        let unreadable = answer(
            route(&PUSH),
            &Err("x".into()),
            &Err("x".into()),
            &keys(),
            &Ids::default(),
            false,
        );
        assert_eq!(unreadable["status"], 410);
    }

    #[test]
    fn a_lenient_mock_does_not_echo_undocumented_keys() {
        let payload =
            json!({"token":"tok","group_id":"120363@g.us","status":"oops","message":"<b>"});
        let body = answer(
            route(&GROUP_DETAILS),
            &Ok(Bytes::from(payload.to_string())),
            &Ok(payload),
            &keys(),
            &Ids::default(),
            true,
        );
        assert_eq!(body["status"], 100, "{body}");
        assert_ne!(body["message"], "<b>", "{body}");
        assert_eq!(
            body["group_id"], "120363@g.us",
            "documented keys are echoed"
        );
    }

    /// "If you pass blank then it will fetch all templates."
    #[test]
    fn template_status_without_an_id_lists_every_template() {
        for payload in [
            json!({"token":"tok"}),
            json!({"token":"tok","template_id":""}),
        ] {
            let all = answer_to(&TEMPLATE_STATUS, payload);
            assert_eq!(all["status"], 100, "{all}");
            assert!(
                all["templates"].as_array().is_some_and(|t| !t.is_empty()),
                "{all}"
            );
        }
        let one = answer_to(
            &TEMPLATE_STATUS,
            json!({"token":"tok","template_id":"YG7203"}),
        );
        assert_eq!(one["template_id"], "YG7203", "{one}");
        assert!(one.get("templates").is_none(), "{one}");
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        let twice: &[u8] = br#"{"token":"tok","application":1,"token":"tok","globalmessage":"Hi","data":[{"number":"919000000001"}]}"#;
        let body = answer(
            route(&PUSH),
            &Ok(Bytes::from_static(twice)),
            &serde_json::from_slice(twice).map_err(|e| e.to_string()),
            &keys(),
            &Ids::default(),
            false,
        );
        assert_eq!(body["status"], 410);
        let message = body["message"].as_str().expect("message");
        assert!(
            message.contains("/token") && message.contains("more than once"),
            "{message}"
        );
    }

    #[test]
    fn accepted_push_lists_one_receipt_per_recipient() {
        let body = answer_to(
            &PUSH,
            json!({"token":"tok","application":1,"globalmessage":"Hi",
                   "data":[{"number":"919000000001"},{"number":919000000002u64}]}),
        );
        assert_eq!(body["push_id"], "7478630");
        assert_eq!(body["data"][0]["msg_id"], "9844217");
        assert_eq!(body["data"][1]["msg_id"], "9844218");
        assert_eq!(body["data"][1]["number"], "919000000002");
        assert_eq!(body["data"][0]["credit"], "0.005");
    }

    #[test]
    fn other_endpoints_answer_their_documented_sample_and_codes() {
        let created = answer_to(&CREATE_GROUP, json!({"token":"tok","group_subject":"Team"}));
        assert_eq!(created["status"], 100, "{created}");
        // The documented shape, not a case that tries odd forms.
        assert!(created["group_id"].is_string(), "{created}");
        assert!(created.get("credit").is_none(), "{created}");
        let long = answer_to(
            &CREATE_GROUP,
            json!({"token":"tok","group_subject":"x".repeat(26)}),
        );
        assert_eq!(long["status"], 834);
        // The request's values are echoed into the keys the answer shares.
        let details = answer_to(
            &GROUP_DETAILS,
            json!({"token":"tok","group_id":"12036304@g.us"}),
        );
        assert_eq!(details["group_id"], "12036304@g.us");
        let members = details["group_members"].as_array().expect("members");
        assert!(members.iter().all(|m| m["number"].is_string()), "{details}");
        // Project management needs the master token.
        let pm = json!({"token":"tok","project_id":715});
        assert_eq!(answer_to(&GET_PROJECTS, pm)["status"], 401);
        let pm = json!({"token":"master","project_id":715});
        assert_eq!(answer_to(&GET_PROJECTS, pm)["status"], 100);
    }
}
