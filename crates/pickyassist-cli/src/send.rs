//! `pickyassist send`: validate, call an endpoint, print the answer.

use crate::output::{self, did_you_mean, paint, Colour};
use crate::{read_input, Format};
use pickyassist::{Client, Endpoint, Error, TokenKind, ENDPOINTS};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The endpoint: its method name (`push`, `delivery_report`) or path (`/delivery-report`).
    #[arg(value_name = "ENDPOINT")]
    endpoint: String,
    /// The request document (`-` for standard input); its `token` is replaced.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Read the token from this file (else PICKYASSIST_TOKEN, or
    /// PICKYASSIST_MASTER_TOKEN for the project-management endpoints).
    #[arg(long, value_name = "PATH")]
    token_file: Option<PathBuf>,
    /// Send to this base URL (a mock: http://127.0.0.1:PORT).
    #[arg(long, value_name = "URL", conflicts_with = "v4")]
    base_url: Option<String>,
    /// Send to the V4 host (https://app.pickyassist.com/api/v2).
    #[arg(long)]
    v4: bool,
    /// Validate and show what would be sent (token redacted), without sending.
    #[arg(long)]
    dry_run: bool,
    /// Share the rate limits with every process that uses this Redis server
    /// (redis://host:port/), so that parallel `send`s together keep the
    /// documented limit.
    #[arg(
        long,
        value_name = "URL",
        env = "PICKYASSIST_REDIS_URL",
        hide_env_values = true
    )]
    redis: Option<String>,
    /// Requests per minute to keep for this endpoint, for a plan whose limit
    /// is higher than the documented one.
    #[arg(long, value_name = "PER_MINUTE")]
    rate_limit: Option<u32>,
    /// Give up waiting for the answer after this many seconds (default 30).
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// The endpoint named by a method name, a path, or a path without its slash.
fn find(name: &str) -> Result<&'static Endpoint, String> {
    let norm = name.trim_start_matches('/').replace('_', "-");
    Endpoint::by_name(name)
        .or_else(|| Endpoint::by_path(name))
        .or_else(|| {
            ENDPOINTS.iter().find(|e| {
                e.path.trim_start_matches('/') == norm || e.name.replace('_', "-") == norm
            })
        })
        .ok_or_else(|| {
            let hint = did_you_mean(name, ENDPOINTS.iter().map(|e| e.name))
                .map(|n| format!("; did you mean {n}?"))
                .unwrap_or_default();
            let all: Vec<&str> = ENDPOINTS.iter().map(|e| e.name).collect();
            format!("no endpoint {name}{hint} (one of: {})", all.join(", "))
        })
}

fn token(args: &Args, endpoint: &Endpoint) -> Result<String, String> {
    let token = match &args.token_file {
        // The path is not repeated: a token pasted where its path belongs
        // would end up on the screen and in CI logs.
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the file given to --token-file: {e}"))?
            .trim()
            .to_owned(),
        None => {
            let var = match endpoint.token {
                TokenKind::Master => "PICKYASSIST_MASTER_TOKEN",
                _ => "PICKYASSIST_TOKEN",
            };
            std::env::var(var).map_err(|_| format!("no token: set {var} or give --token-file"))?
        }
    };
    if token.is_empty() {
        return Err("the token is empty".into());
    }
    Ok(token)
}

pub async fn run(args: &Args) -> ExitCode {
    let prepared = (|| {
        let endpoint = find(&args.endpoint)?;
        let document = read_input(&args.file)?;
        // A dry run sends nothing and shows the token redacted: it needs none
        // (a check in CI without secrets).
        let token = match token(args, endpoint) {
            Err(_) if args.dry_run => "dry-run-without-a-token".to_owned(),
            read => read?,
        };
        let mut builder = Client::builder(token.clone())
            .master_token(token)
            .timeout(std::time::Duration::from_secs(args.timeout));
        if let Some(url) = &args.base_url {
            builder = builder.base_url(url);
        } else if args.v4 {
            builder = builder.v4();
        }
        if let Some(n) = args.rate_limit {
            let limit = pickyassist::RateLimit::per_minute(n)
                .ok_or("--rate-limit must be at least 1 request a minute")?;
            builder = builder.rate_limit(endpoint, limit);
        }
        if let Some(url) = &args.redis {
            let store =
                pickyassist::store::RedisStore::new(url).map_err(|e| format!("--redis: {e}"))?;
            builder = builder.rate_limit_store(store);
        }
        Ok::<_, String>((endpoint, document, builder))
    })();
    let (endpoint, document, builder) = match prepared {
        Ok(p) => p,
        Err(e) => return output::usage_error(e),
    };
    let client = match builder.build() {
        Ok(client) => client,
        // A setting the client refuses (a bad --base-url): a usage error.
        Err(e @ Error::Config(_)) => return output::usage_error(e.to_string()),
        Err(e) => return report(args, endpoint, "", Err(e)),
    };
    let target = client.url_for(endpoint);
    let result = if args.dry_run {
        client
            .checked_document(endpoint, &document)
            .map(|json| dry_run(&json, &target))
    } else {
        client.call_json(endpoint, &document).await
    };
    report(args, endpoint, &target, result)
}

/// The request as it would be sent, token redacted, and where.
fn dry_run(json: &str, target: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    if let Some(o) = value.as_object_mut() {
        o.insert("token".into(), "<redacted>".into());
    }
    serde_json::json!({ "dry_run": true, "would_post_to": target, "would_send": value })
}

fn report(
    args: &Args,
    endpoint: &Endpoint,
    target: &str,
    result: Result<serde_json::Value, Error>,
) -> ExitCode {
    let tty = std::io::stdout().is_terminal();
    match result {
        Ok(answer) => {
            match args.format {
                Format::Json => println!("{answer}"),
                Format::Text => {
                    let what = if args.dry_run {
                        "valid, not sent"
                    } else {
                        "accepted"
                    };
                    println!(
                        "{} {}: {what}",
                        paint("ok", Colour::Green, tty),
                        endpoint.path
                    );
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&answer).unwrap_or_default()
                    );
                }
            }
            ExitCode::from(output::OK)
        }
        Err(error) => {
            // An unknown fate first: a status code no docs page names is an
            // `Api` error whose outcome is unknown.
            let code = match &error {
                e if e.may_have_been_sent() => output::MAYBE_SENT,
                Error::Api { .. } => output::INVALID,
                _ => output::NOT_SENT,
            };
            match args.format {
                Format::Json => {
                    let mut out = serde_json::json!({
                        "url": target,
                        "error": error.to_string(),
                        "sent": code != output::NOT_SENT,
                        "may_have_been_sent": error.may_have_been_sent(),
                    });
                    if let Error::Api { status, answer, .. } = &error {
                        out["status"] = status.code().into();
                        out["answer"] = (**answer).clone();
                    }
                    if let Error::Validation(errors) = &error {
                        out["errors"] = errors
                            .iter()
                            .map(|e| serde_json::json!({"pointer": e.pointer, "keyword": e.keyword, "message": e.message}))
                            .collect();
                    }
                    println!("{out}");
                }
                Format::Text => {
                    let note = match code {
                        output::NOT_SENT => "not sent",
                        output::MAYBE_SENT => "may have been sent: check before sending again",
                        _ => "refused",
                    };
                    eprintln!(
                        "{} {} ({note}): {error}",
                        paint("error", Colour::Red, std::io::stderr().is_terminal()),
                        endpoint.path
                    );
                    if !target.is_empty() {
                        eprintln!("url: {target}");
                    }
                }
            }
            ExitCode::from(code)
        }
    }
}
