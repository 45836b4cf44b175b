//! The one send path every endpoint method takes: the token, validation,
//! the rate limit, the retry rule, no redirects, a bounded body, a typed answer.

use crate::{
    body::{excerpt, read_limited},
    Answer, Client, Encoding, Endpoint, Error, Request, TokenKind,
};
use pickyassist_model::{
    __private::{checked_json, parse_sent},
    ApiStatus, Model, Token, ValidationErrors,
};
use serde::{de::DeserializeOwned, Serialize};

impl Client {
    /// Sends any request of the endpoint index to its endpoint
    /// ([`R::ENDPOINT`](Request::ENDPOINT)) and decodes its answer: what every
    /// named method (`push`, `delivery_report`, …) does.
    ///
    /// The request carries this client's token (the project's, or the master
    /// token for the project-management endpoints) whatever token it was built
    /// with; it is validated first and not sent if it breaks a rule; any API
    /// status but 100 is [`Error::Api`].
    ///
    /// ```no_run
    /// # async fn run(client: pickyassist::Client) -> Result<(), pickyassist::Error> {
    /// let request = client.delivery_report_request(43534u64);
    /// let report = client.send(&request).await?;
    /// # let _ = report; Ok(()) }
    /// ```
    pub async fn send<R: Request>(&self, request: &R) -> Result<R::Response, Error> {
        let endpoint = R::ENDPOINT;
        let token = self.token_for(endpoint)?;
        let with_token;
        let request = if request.token() == token {
            request
        } else {
            let mut copy = request.clone();
            *copy.token_mut() = token.clone();
            with_token = copy;
            &with_token
        };
        let json = encode(request)?;
        let (status, body) = self.post(endpoint, json).await?;
        self.decode(endpoint, status, &body)
    }

    /// Sends a JSON document to `endpoint` and returns the answer as JSON: for
    /// tools that do not name the Rust types (the `pickyassist` command line).
    ///
    /// The same rules as the typed methods: the client's token replaces the
    /// document's, the document is validated first (keys given twice
    /// included) and not sent if it breaks a rule, any status but 100 is
    /// [`Error::Api`], and an answer the endpoint's typed method could not
    /// decode (a proxy's `200 {"error": …}` without a `status`) is
    /// [`Error::Decode`]: its outcome is unknown, not a success.
    pub async fn call_json(
        &self,
        endpoint: &'static Endpoint,
        document: &[u8],
    ) -> Result<serde_json::Value, Error> {
        let json = self.checked_document(endpoint, document)?;
        let (status, body) = self.post(endpoint, json).await?;
        let answer: serde_json::Value = self.decode::<JsonAnswer>(endpoint, status, &body)?.0;
        let schema = schema_type(endpoint.response)?;
        if let Err(reason) = crate::lenient::check_decodes(schema.decode_json, &body) {
            return Err(Error::decode_reason(
                endpoint,
                status,
                &reason,
                &body,
                &self.inner.secrets,
            ));
        }
        Ok(answer)
    }

    /// The document with the client's token, as it would be sent, when it
    /// satisfies the endpoint's request schema (for dry runs).
    pub fn checked_document(&self, endpoint: &Endpoint, document: &[u8]) -> Result<String, Error> {
        let schema = schema_type(endpoint.request)?;
        let (mut value, duplicates) = parse_sent(document).map_err(Error::Validation)?;
        if let Some(object) = value.as_object_mut() {
            let token = self.token_for(endpoint)?;
            object.insert(
                "token".into(),
                serde_json::Value::String(token.expose().to_owned()),
            );
        }
        let mut errors = schema.errors(&value);
        errors.extend(duplicates);
        if errors.is_empty() {
            Ok(value.to_string())
        } else {
            Err(Error::Validation(ValidationErrors::new(errors)))
        }
    }

    fn token_for(&self, endpoint: &Endpoint) -> Result<&Token, Error> {
        match endpoint.token {
            TokenKind::Project => Ok(&self.inner.token),
            TokenKind::Master => self.inner.master_token.as_ref().ok_or_else(|| {
                Error::Config(format!(
                    "{} authenticates with the account's master API token: set ClientBuilder::master_token",
                    endpoint.path
                ))
            }),
            // The table is the model's (non-exhaustive): a kind of token
            // newer than this client is a configuration it cannot meet.
            _ => Err(Error::Config(format!(
                "{} authenticates with a kind of token this client does not know ({:?}): update pickyassist",
                endpoint.path, endpoint.token
            ))),
        }
    }

    /// Posts the document after the rate limit allows it, retrying only
    /// connection failures; returns the HTTP status and body (without a
    /// leading byte order mark, see [`without_bom`](crate::lenient::without_bom)).
    async fn post(
        &self,
        endpoint: &'static Endpoint,
        json: String,
    ) -> Result<(u16, Vec<u8>), Error> {
        let inner = &*self.inner;
        let path = endpoint.path;
        let mut attempt = 1u32;
        loop {
            // A slot per attempt: a retry goes out later than its first
            // slot allowed, and reusing that slot would let the retries of
            // many calls, once the network is back, burst over the limit.
            inner.limiter.until_ready(endpoint.path).await?;
            tracing::debug!(
                target: "pickyassist",
                endpoint = path,
                attempt,
                bytes = json.len(),
                encoding = ?inner.encoding,
                "sending"
            );
            match self.request(path, &json).send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    self.refuse_redirect(endpoint, &response)?;
                    let mut body = read_limited(
                        response,
                        endpoint,
                        inner.max_response_bytes,
                        &inner.secrets,
                        inner.timeout,
                    )
                    .await?;
                    // Once here, for every reader of the answer.
                    let mark = body.len() - crate::lenient::without_bom(&body).len();
                    body.drain(..mark);
                    tracing::debug!(target: "pickyassist", endpoint = path, status, bytes = body.len(), "answer");
                    return Ok((status, body));
                }
                // Connecting failed (refused, unreachable, no answer to the
                // connection attempt in time), so no byte of the request
                // left: safe to try again.
                Err(e) if e.is_connect() => {
                    let error =
                        Error::from_reqwest(e, endpoint, &inner.secrets, attempt, inner.timeout);
                    let Some(wait) = inner.retry.backoff(attempt) else {
                        return Err(error);
                    };
                    tracing::warn!(
                        target: "pickyassist",
                        endpoint = path,
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        %error,
                        "not connected, nothing was sent; retrying"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(e) => {
                    return Err(Error::from_reqwest(
                        e,
                        endpoint,
                        &inner.secrets,
                        attempt,
                        inner.timeout,
                    ))
                }
            }
        }
    }

    /// A 3xx answer, or an answer that a custom client fetched by following
    /// one, is an error: Picky Assist does not redirect, so whoever does is
    /// not Picky Assist (or not the host the token was meant for).
    fn refuse_redirect(
        &self,
        endpoint: &'static Endpoint,
        response: &reqwest::Response,
    ) -> Result<(), Error> {
        let inner = &*self.inner;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .map(|v| inner.secrets.redact(&String::from_utf8_lossy(v.as_bytes())))
                .unwrap_or_default();
            return Err(Error::Redirect {
                endpoint,
                status: status.as_u16(),
                location,
                followed: false,
            });
        }
        // The client this crate builds never follows a redirect.
        if !inner.custom_http {
            return Ok(());
        }
        let asked = format!("{}{}", inner.base_url, endpoint.path);
        let mut location = response.url().clone();
        location.set_query(None);
        // Compared as parsed URLs: `http://LOCALHOST:80/x` is the
        // `http://localhost/x` the answer names.
        let same = match reqwest::Url::parse(&asked) {
            Ok(asked) => asked == location,
            Err(_) => location.as_str() == asked,
        };
        if !same {
            return Err(Error::Redirect {
                endpoint,
                status: status.as_u16(),
                location: inner.secrets.redact(location.as_str()),
                followed: true,
            });
        }
        Ok(())
    }

    fn request(&self, endpoint: &str, json: &str) -> reqwest::RequestBuilder {
        let inner = &*self.inner;
        let url = self.endpoint_url(endpoint);
        // A sized body that reqwest cannot clone: a custom client that follows
        // redirects then stops at a 307/308 instead of posting it again.
        let body = |text: String| reqwest::Body::wrap(text);
        let form = || {
            form_urlencoded::Serializer::new(String::new())
                .append_pair("data", json)
                .finish()
        };
        let builder = match inner.encoding {
            Encoding::Json => inner
                .http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body(json.to_owned())),
            Encoding::Form => inner
                .http
                .post(url)
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(body(form())),
            Encoding::Query => inner.http.post(format!("{url}?{}", form())),
        };
        match inner.timeout {
            Some(timeout) => builder.timeout(timeout),
            None => builder,
        }
    }

    /// What the answer means.
    ///
    /// A refusal is read only from an answer Picky Assist itself wrote: a
    /// JSON `status` other than 100 on a 2xx, or on a 4xx other than 408 and
    /// 429. A 5xx, 408 or 429 comes from whatever stands in front of the API
    /// as often as from the API (gateways and proxies write JSON too), so its
    /// outcome is unknown whatever its body says. What the server sends is
    /// read leniently (see the model crate), so only a body that is not an
    /// answer at all fails to decode.
    fn decode<Resp: DeserializeOwned + Answer>(
        &self,
        endpoint: &'static Endpoint,
        http: u16,
        body: &[u8],
    ) -> Result<Resp, Error> {
        let secrets = &self.inner.secrets;
        let not_an_answer = || Error::Http {
            endpoint,
            status: http,
            excerpt: excerpt(body, secrets),
        };
        if http >= 500 || http == 408 || http == 429 {
            return Err(not_an_answer());
        }
        let success = (200..300).contains(&http);
        let may_refuse = success || (400..500).contains(&http);
        match crate::lenient::from_slice::<Resp>(body) {
            // Two different codes: whether it was refused is unknown.
            Ok(_) if crate::lenient::status_given_twice(body) => Err(if success {
                Error::decode_reason(
                    endpoint,
                    http,
                    "the answer gives its status more than once, with different codes",
                    body,
                    secrets,
                )
            } else {
                not_an_answer()
            }),
            Ok(answer) => match answer.api_status() {
                Some(status) if !status.is_success() && may_refuse => {
                    let message = secrets.redact(answer.api_message().unwrap_or(""));
                    // The typed answer is freed before the body is read
                    // again, so that the two are never held at once.
                    drop(answer);
                    let mut raw: serde_json::Value =
                        crate::lenient::value_from_slice(body).unwrap_or(serde_json::Value::Null);
                    redact_texts(&mut raw, secrets);
                    Err(Error::Api {
                        status,
                        message,
                        answer: Box::new(raw),
                    })
                }
                _ if success => Ok(answer),
                // An error status that carries no refusal of its own (or a
                // contradictory "100") is reported as HTTP.
                _ => Err(not_an_answer()),
            },
            Err(_) if !success => Err(not_an_answer()),
            Err(e) => Err(Error::decode(endpoint, http, &e, body, secrets)),
        }
    }
}

/// The request as JSON, when it satisfies its schema. The typed check
/// vouches for most requests; otherwise the JSON form is checked rule by
/// rule, which also lists every error.
fn encode<Req: Model + Serialize>(request: &Req) -> Result<String, Error> {
    if request.is_valid_typed() {
        serde_json::to_string(request).map_err(|e| {
            Error::Validation(ValidationErrors::at_root(
                "json",
                format!("cannot encode: {e}"),
            ))
        })
    } else {
        Ok(checked_json(request)
            .map_err(Error::Validation)?
            .to_string())
    }
}

/// The token removed from every string of `value`, keys included (an
/// answer may echo it as a key as well as in a text).
fn redact_texts(value: &mut serde_json::Value, secrets: &crate::body::Secrets) {
    match value {
        serde_json::Value::String(s) => *s = secrets.redact(s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|v| redact_texts(v, secrets)),
        serde_json::Value::Object(o) => {
            *o = std::mem::take(o)
                .into_iter()
                .map(|(key, mut v)| {
                    redact_texts(&mut v, secrets);
                    (secrets.redact(&key), v)
                })
                .collect();
        }
        _ => {}
    }
}

/// The model's entry for a `$defs` type the endpoint table names.
fn schema_type(name: &str) -> Result<&'static pickyassist_model::SchemaType, Error> {
    pickyassist_model::SCHEMA_TYPES
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| Error::Config(format!("no schema type {name}")))
}

/// Any JSON answer, with its status read as the typed answers read it.
struct JsonAnswer(serde_json::Value);

impl<'de> serde::Deserialize<'de> for JsonAnswer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // As sent: serde_json's own `Value` would read a reserved key.
        let value =
            serde::de::DeserializeSeed::deserialize(pickyassist_model::__private::PlainJson, d)?;
        if value.is_object() {
            Ok(Self(value))
        } else {
            Err(serde::de::Error::custom("an answer is a JSON object"))
        }
    }
}

impl Answer for JsonAnswer {
    fn api_status(&self) -> Option<ApiStatus> {
        // ApiStatus's own decoder: `401`, `401.0` and `"401"` alike.
        serde::Deserialize::deserialize(&self.0["status"]).ok()
    }

    fn api_message(&self) -> Option<&str> {
        self.0["message"].as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_json_answer_reads_its_status_as_the_typed_answers_do() {
        let status = |v| JsonAnswer(v).api_status();
        let refused = Some(ApiStatus::from_code(401));
        assert_eq!(status(json!({ "status": 401 })), refused);
        assert_eq!(status(json!({ "status": 401.0 })), refused);
        assert_eq!(status(json!({ "status": "401" })), refused);
        assert_eq!(status(json!({ "status": "+401" })), None);
        assert_eq!(status(json!({ "message": "no status" })), None);
    }
}
