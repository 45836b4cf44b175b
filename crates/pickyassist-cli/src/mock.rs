//! `pickyassist mock`: the embedded mock in the foreground, for any language's client.

use pickyassist_mock::{parse_duration, parse_script, Behavior, MockServer};
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Accept only this project token (default: any non-empty token).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "PICKYASSIST_MOCK_TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,
    /// Accept only this master token on the project-management routes
    /// (/pm/*). Default: any non-empty token, or `mock-master-token` when
    /// --token is given.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "PICKYASSIST_MOCK_MASTER_TOKEN",
        hide_env_values = true
    )]
    master_token: Option<String>,
    /// Your global webhook: incoming messages go there (`POST /mock/incoming` posts one).
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
    /// Your event webhook: every accepted push is followed by its delivery reports.
    #[arg(long, value_name = "URL")]
    event_webhook: Option<String>,
    /// The waits between tries of an incoming message the webhook did not
    /// answer 200 (comma-separated: 500ms, 5s, 1m, 2h), or `none`.
    #[arg(long, value_name = "WAITS", default_value = "1m,15m,2h,6h")]
    webhook_retries: String,
    /// Drop requests over the documented rate limits, as Picky Assist does.
    #[arg(long)]
    enforce_rate_limits: bool,
    /// Accept keys the docs do not list (each is logged as a warning).
    #[arg(long)]
    lenient: bool,
    /// How every request is answered, e.g. "refuse 403 Insufficient
    /// balance", "http 503", "html 502", "malformed", "slow 5s", "hang-up",
    /// "redirect 307 URL", "oversized BYTES" or "oversized BYTES chunked" (default: answer).
    #[arg(long, value_name = "BEHAVIOUR")]
    behavior: Option<String>,
    /// One behaviour per line, for one request each, in order (`#`
    /// comments); then --behavior.
    #[arg(long, value_name = "FILE")]
    script: Option<PathBuf>,
    /// Requests kept in memory (the most recent ones).
    #[arg(long, value_name = "N", default_value_t = pickyassist_mock::DEFAULT_HISTORY)]
    history: usize,
}

/// A webhook URL the mock can call: absolute, http or https. The error
/// never repeats the URL (its query usually holds a secret).
fn webhook_url(flag: &str, url: &str) -> Result<String, String> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(url.to_owned())
        }
        Ok(u) => Err(format!(
            "{flag}: a {}: URL; only http:// and https:// webhooks can be called",
            u.scheme()
        )),
        Err(e) => Err(format!(
            "{flag} is not an absolute URL ({e}); write it as http://127.0.0.1:3000/hook"
        )),
    }
}

/// `1m,15m,2h,6h`, or `none` for no retries.
fn retries(text: &str) -> Result<Vec<Duration>, String> {
    if text.trim() == "none" {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|w| parse_duration(w).map_err(|e| format!("--webhook-retries: {e}")))
        .collect()
}

pub async fn run(args: &Args) -> Result<(), String> {
    let mut builder = MockServer::builder().bind(SocketAddr::from(([127, 0, 0, 1], args.port)));
    builder = match args.token.as_deref() {
        Some("") => {
            return Err(
                "--token: the token is empty; give one, or leave --token out to accept any".into(),
            )
        }
        Some(t) => builder.token(t),
        None => builder.any_token(),
    };
    builder = match args.master_token.as_deref() {
        Some("") => return Err("--master-token: the token is empty".into()),
        Some(t) => builder.master_token(t),
        None => builder,
    };
    if let Some(url) = &args.webhook {
        builder = builder.webhook(webhook_url("--webhook", url)?);
    }
    if let Some(url) = &args.event_webhook {
        builder = builder.event_webhook(webhook_url("--event-webhook", url)?);
    }
    builder = builder
        .webhook_retries(retries(&args.webhook_retries)?)
        .history(args.history);
    if args.enforce_rate_limits {
        builder = builder.enforce_rate_limits();
    }
    if args.lenient {
        builder = builder.lenient();
    }
    if let Some(text) = &args.behavior {
        let behavior: Behavior = text.parse().map_err(|e| format!("--behavior: {e}"))?;
        builder = builder.behavior(behavior);
    }
    let script = match &args.script {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            parse_script(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Vec::new(),
    };
    // RUST_LOG chooses what is logged (default: every request, at info).
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .with_env_filter(filter)
        .init();
    let mock = builder
        .start()
        .await
        .map_err(|e| format!("cannot listen on port {}: {e}", args.port))?;
    for behavior in script {
        mock.enqueue(behavior);
    }
    // Listen for Ctrl-C before printing the URL: a script that reads it
    // and interrupts at once must find the handler in place.
    let stop = stop_signal()?;
    // The first line names the URL, so scripts can read it.
    println!(
        "mock listening on {}/app/api/v2 (also {}/api/v2 and {})",
        mock.url(),
        mock.url(),
        mock.url()
    );
    eprintln!(
        "point your client at {}/app/api/v2; Ctrl-C stops",
        mock.url()
    );
    stop.await;
    eprintln!("stopped after {} request(s)", mock.request_count());
    Ok(())
}

/// Ctrl-C (SIGINT), registered now; the future ends when it arrives.
#[cfg(unix)]
fn stop_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt =
        signal(SignalKind::interrupt()).map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
    Ok(async move {
        interrupt.recv().await;
    })
}

/// Ctrl-C, registered on first poll (elsewhere than Unix).
#[cfg(not(unix))]
fn stop_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
