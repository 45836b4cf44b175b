//! `pickyassist`: the Picky Assist toolkit for the command line.
//!
//! Validate payloads against the project's schemas, print those schemas,
//! call the API, run a fake Picky Assist for any language's client, and post
//! test webhooks to your handler.

// Every `print!`, `println!`, `eprint!` and `eprintln!` in this binary goes
// through `output`, which ends output quietly on a closed pipe
// (`pickyassist schema | head`) where the standard macros panic.
macro_rules! print {
    ($($arg:tt)*) => { $crate::output::stdout(format_args!($($arg)*)) };
}
macro_rules! println {
    () => { $crate::output::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    () => { $crate::output::stderr(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}

mod mock;
mod output;
mod schema;
mod send;
mod validate;
mod webhook;

use clap::{Parser, Subcommand, ValueEnum};
use std::{path::PathBuf, process::ExitCode};

/// The Picky Assist toolkit: validate payloads, print schemas, call the API,
/// run a fake Picky Assist, post test webhooks.
#[derive(Debug, Parser)]
#[command(name = "pickyassist", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  pickyassist validate --type PushRequest push.json
  pickyassist validate --type WebhookMessage --lines messages.jsonl --format json
  pickyassist schema PushRequest
  PICKYASSIST_TOKEN=… pickyassist send push push.json
  pickyassist mock --port 8080 --event-webhook http://127.0.0.1:3000/events
  pickyassist webhook post --type WebhookMessage message.json --to http://127.0.0.1:3000/hook";

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a JSON document (or JSON Lines) against a type's schema.
    ///
    /// Exit status: 0 valid, 1 invalid, 2 usage or I/O error.
    #[command(
        after_help = "Examples:\n  pickyassist validate --type PushRequest push.json\n  cat answers.jsonl | pickyassist validate --type PushResponse --lines -\n  pickyassist validate --list-types"
    )]
    Validate(validate::Args),
    /// Print the schema bundle, one type's schema, or the OpenAPI document.
    #[command(
        after_help = "Examples:\n  pickyassist schema > pickyassist.bundle.json\n  pickyassist schema WebhookEvent\n  pickyassist schema --openapi"
    )]
    Schema(schema::Args),
    /// Validate a request, then send it to an endpoint and print the answer.
    ///
    /// The token comes from PICKYASSIST_TOKEN or --token-file (never from the
    /// command line, where shell history would keep it). Exit status: 0
    /// accepted, 1 refused by Picky Assist, 2 usage or I/O error (bad
    /// settings included), 3 not sent (invalid request, no connection, the
    /// rate-limit store unreachable), 4 may have been sent (a timeout or a
    /// lost connection after sending, a 5xx, 408 or 429, a redirect, an
    /// unreadable answer, a status code no docs page names: check before
    /// sending again). A --dry-run needs no token.
    #[command(
        after_help = "Examples:\n  PICKYASSIST_TOKEN=… pickyassist send push push.json\n  pickyassist send delivery-report report.json --token-file ~/.picky-token --v4\n  pickyassist send push push.json --dry-run\n  pickyassist send push push.json --base-url http://127.0.0.1:8080/app/api/v2"
    )]
    Send(send::Args),
    /// Run a fake Picky Assist on this machine until Ctrl-C.
    ///
    /// Point any client at the URL it prints. Every request is logged with
    /// its verdict and the pointer of every broken rule.
    #[command(
        after_help = "Examples:\n  pickyassist mock --port 8080\n  pickyassist mock --webhook http://127.0.0.1:3000/hook --event-webhook http://127.0.0.1:3000/events\n  curl -d @message.json http://127.0.0.1:8080/mock/incoming   # post an incoming message to --webhook"
    )]
    Mock(mock::Args),
    /// Post test webhooks to your handler.
    #[command(subcommand)]
    Webhook(webhook::Command),
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
enum Format {
    /// For people (colours on a terminal).
    #[default]
    Text,
    /// One JSON object per error or answer, for scripts.
    Json,
}

/// A file argument: a path, or `-` for standard input.
fn read_input(path: &PathBuf) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))
    };
    let done = |result: Result<(), String>| match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => output::usage_error(message),
    };
    let code = match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Schema(args) => done(schema::run(&args)),
        Command::Send(args) => {
            runtime().map_or_else(output::usage_error, |rt| rt.block_on(send::run(&args)))
        }
        Command::Mock(args) => done(runtime().and_then(|rt| rt.block_on(mock::run(&args)))),
        Command::Webhook(command) => runtime().map_or_else(output::usage_error, |rt| {
            rt.block_on(webhook::run(&command))
        }),
    };
    output::finish(code)
}
