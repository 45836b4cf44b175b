//! `pickyassist mock`: the embedded mock in the foreground, for any language's client.

use pickyassist_mock::MockServer;
use std::io::IsTerminal;
use std::net::SocketAddr;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Accept only this project token (default: any non-empty token).
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Your global webhook: incoming messages go there (`POST /mock/incoming` posts one).
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
    /// Your event webhook: every accepted push is followed by its delivery reports.
    #[arg(long, value_name = "URL")]
    event_webhook: Option<String>,
    /// Drop requests over the documented rate limits, as Picky Assist does.
    #[arg(long)]
    enforce_rate_limits: bool,
}

pub async fn run(args: &Args) -> Result<(), String> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .init();
    let mut builder = MockServer::builder().bind(SocketAddr::from(([127, 0, 0, 1], args.port)));
    builder = match &args.token {
        Some(t) => builder.token(t.clone()),
        None => builder.any_token(),
    };
    if let Some(url) = &args.webhook {
        builder = builder.webhook(url.clone());
    }
    if let Some(url) = &args.event_webhook {
        builder = builder.event_webhook(url.clone());
    }
    if args.enforce_rate_limits {
        builder = builder.enforce_rate_limits();
    }
    let mock = builder
        .start()
        .await
        .map_err(|e| format!("cannot listen on port {}: {e}", args.port))?;
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
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
    eprintln!("stopped after {} request(s)", mock.request_count());
    Ok(())
}
