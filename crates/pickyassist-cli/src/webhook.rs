//! `pickyassist webhook post`: a sample webhook body to your handler.

use crate::output::{self, paint, Colour};
use crate::read_input;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// The types Picky Assist posts to a webhook.
const WEBHOOK_TYPES: [&str; 2] = ["WebhookMessage", "WebhookEvent"];

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Post a webhook body (JSON, or the legacy form fields) to a URL.
    ///
    /// Exit status: 0 the handler answered 200, 1 the handler refused (any
    /// other status, 204 included: Picky Assist retries an incoming message
    /// until it gets a 200, and an event it does not retry is lost), 2 usage
    /// or I/O error, 3 no answer (cannot connect, or none within --timeout,
    /// 180 s by default as Picky Assist waits).
    #[command(
        after_help = "Examples:\n  pickyassist webhook post --type WebhookMessage message.json --to http://127.0.0.1:3000/hook?key=SECRET\n  pickyassist webhook post --type WebhookMessage message.json --to http://127.0.0.1:3000/hook --form"
    )]
    Post(PostArgs),
}

#[derive(Debug, clap::Args)]
pub struct PostArgs {
    /// The body's type (WebhookMessage, WebhookEvent); it is checked first.
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    ty: String,
    /// The body (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Your handler's URL (http:// or https://).
    #[arg(long, value_name = "URL")]
    to: String,
    /// Post the legacy "Standard POST" form (one field per top-level value) instead of JSON.
    #[arg(long)]
    form: bool,
    /// Seconds to wait for the handler's answer (Picky Assist waits 180).
    #[arg(long, value_name = "SECONDS", default_value_t = 180)]
    timeout: u64,
}

pub async fn run(command: &Command) -> ExitCode {
    let Command::Post(args) = command;
    let request = match prepare(args) {
        Ok(request) => request,
        Err(message) => return output::usage_error(message),
    };
    let answer = match request.send().await {
        Ok(answer) => answer,
        Err(e) => {
            eprintln!(
                "{} cannot post to the handler: {}",
                paint("error", Colour::Red, std::io::stderr().is_terminal()),
                cause(&e)
            );
            return ExitCode::from(output::NOT_SENT);
        }
    };
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    println!("{} {}", status.as_u16(), body);
    // The docs: "a HTTP 200 response" ends the delivery; anything else is
    // retried (the mock does the same).
    if status == reqwest::StatusCode::OK {
        if args.ty == "WebhookMessage" {
            if let Some(note) = reply_note(&body) {
                eprintln!(
                    "{} {note}",
                    paint("note", Colour::Dim, std::io::stderr().is_terminal())
                );
            }
        }
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "the handler answered {status}, not 200; {}",
            after_refusal(&args.ty)
        );
        ExitCode::from(output::INVALID)
    }
}

/// What is wrong with a message handler's 200 answer as an instant reply,
/// if anything: Picky Assist reads it as a `WebhookReply` (`{}` for none).
fn reply_note(body: &str) -> Option<String> {
    if body.trim().is_empty() {
        return Some("the answer is empty; Picky Assist expects JSON ({} for no reply)".into());
    }
    match pickyassist_model::validate_json::<pickyassist_model::WebhookReply>(body.as_bytes()) {
        Ok(_) => None,
        Err(errors) => Some(format!(
            "the answer is not a valid instant reply (WebhookReply), so Picky Assist may send nothing: {}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

/// What Picky Assist does when a handler of `ty` (a name `prepare` found)
/// does not answer 200: it retries an incoming message, and never an event
/// (the docs: "no retry for event webhooks").
fn after_refusal(ty: &str) -> &'static str {
    if ty == "WebhookMessage" {
        "Picky Assist would retry (after 1 minute, 15 minutes, 2 hours and 6 hours)"
    } else {
        "Picky Assist does not retry events: this one would be lost (the Report API recovers missed ones)"
    }
}

/// Checks everything that can be checked before posting, then builds the
/// request; a note about a body that breaks its schema comes only once
/// the post will happen.
fn prepare(args: &PostArgs) -> Result<reqwest::RequestBuilder, String> {
    let ty = output::schema_type(&args.ty)?;
    if !WEBHOOK_TYPES.contains(&ty.name) {
        return Err(format!(
            "{} is not a webhook body: Picky Assist posts {} (see `pickyassist validate` for other types)",
            ty.name,
            WEBHOOK_TYPES.join(" or ")
        ));
    }
    let url = handler_url(&args.to)?;
    let bytes = read_input(&args.file)?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("the body is not JSON: {e}"))?;
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(args.timeout))
        .build()
        .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
    let request = if args.form {
        let fields = value.as_object().ok_or("--form needs a JSON object")?;
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (key, v) in fields {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            form.append_pair(key, &text);
        }
        http.post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.finish())
    } else {
        http.post(url)
            .header("content-type", "application/json")
            .body(value.to_string())
    };
    if let Err(errors) = (ty.validate_json)(&bytes) {
        // Posted anyway: testing a handler with odd bodies is the point.
        eprintln!(
            "{} the body breaks {}'s schema (posting it anyway):\n{errors}",
            paint("note", Colour::Dim, std::io::stderr().is_terminal()),
            ty.name
        );
    }
    Ok(request)
}

/// `--to` as a URL, or what is wrong with it (without repeating it: its
/// query often holds the webhook secret).
fn handler_url(to: &str) -> Result<reqwest::Url, String> {
    match reqwest::Url::parse(to) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(url),
        // `localhost:3000/hook` reads as scheme `localhost`.
        Ok(url) if url.cannot_be_a_base() => {
            Err("--to has no scheme: write it in full, e.g. http://127.0.0.1:3000/hook".into())
        }
        Ok(url) => Err(format!(
            "--to: a {}: URL; write the handler's http:// or https:// URL",
            url.scheme()
        )),
        // url's `RelativeUrlWithoutBase` (reqwest does not re-export the error type).
        Err(e) if e.to_string() == "relative URL without a base" => {
            Err("--to has no scheme: write it in full, e.g. http://127.0.0.1:3000/hook".into())
        }
        Err(e) => Err(format!("--to is not a URL: {e}")),
    }
}

/// Why a post failed, down to the root cause (connection refused, DNS,
/// TLS), without the URL.
fn cause(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "cannot connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = std::error::Error::source(e);
    let mut last = None;
    while let Some(s) = source {
        last = Some(s.to_string());
        source = s.source();
    }
    if let Some(root) = last {
        text.push_str(": ");
        text.push_str(&root);
    }
    text
}
