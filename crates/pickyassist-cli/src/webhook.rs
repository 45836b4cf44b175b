//! `pickyassist webhook post`: a sample webhook body to your handler.

use crate::output::{paint, Colour};
use crate::read_input;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Post a webhook body (JSON, or the legacy form fields) to a URL.
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
    /// Your handler's URL.
    #[arg(long, value_name = "URL")]
    to: String,
    /// Post the legacy "Standard POST" form (one field per top-level value) instead of JSON.
    #[arg(long)]
    form: bool,
}

pub async fn run(command: &Command) -> Result<(), String> {
    let Command::Post(args) = command;
    let ty = crate::output::schema_type(&args.ty)?;
    let bytes = read_input(&args.file)?;
    let tty = std::io::stderr().is_terminal();
    if let Err(errors) = (ty.validate_json)(&bytes) {
        // Posted anyway: testing a handler with odd bodies is the point.
        eprintln!(
            "{} the body breaks {}'s schema (posting it anyway):\n{errors}",
            paint("note", Colour::Dim, tty),
            ty.name
        );
    }
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("the body is not JSON: {e}"))?;
    let http = reqwest::Client::new();
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
        http.post(&args.to)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.finish())
    } else {
        http.post(&args.to)
            .header("content-type", "application/json")
            .body(value.to_string())
    };
    let answer = request
        .send()
        .await
        .map_err(|e| format!("cannot post to {}: {e}", args.to))?;
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    println!("{} {}", status.as_u16(), body);
    if status.is_success() {
        Ok(())
    } else {
        Err(format!(
            "the handler answered {status}; Picky Assist would retry"
        ))
    }
}
