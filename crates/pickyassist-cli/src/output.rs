//! Exit codes, colours (on a terminal only) and error lines.

pub use pickyassist_model::did_you_mean;
use pickyassist_model::{SchemaType, SCHEMA_TYPES};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::OnceLock;

/// Exit status: valid, accepted.
pub const OK: u8 = 0;
/// Exit status: invalid document, or refused by Picky Assist.
pub const INVALID: u8 = 1;
/// Exit status: usage or I/O error.
pub const USAGE: u8 = 2;
/// Exit status (`send`): not sent.
pub const NOT_SENT: u8 = 3;
/// Exit status (`send`): may have been sent.
pub const MAYBE_SENT: u8 = 4;

/// The first write that failed for a reason other than a closed pipe (a
/// full disk): output was lost, so the command must not exit 0.
static WRITE_FAILED: OnceLock<String> = OnceLock::new();

/// Writes to standard output (what `print!` and `println!` do in this
/// binary). A reader that went away (`pickyassist schema | head`) only ends
/// the output: the command carries on quietly and exits as it would have.
pub fn stdout(text: std::fmt::Arguments<'_>) {
    write_to(&mut std::io::stdout().lock(), text, "standard output");
}

/// Writes to standard error, as [`stdout`] does to standard output.
pub fn stderr(text: std::fmt::Arguments<'_>) {
    write_to(&mut std::io::stderr().lock(), text, "standard error");
}

fn write_to(out: &mut impl Write, text: std::fmt::Arguments<'_>, name: &str) {
    if let Err(e) = out.write_fmt(text) {
        note_write_error(&e, name);
    }
}

fn note_write_error(e: &std::io::Error, name: &str) {
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        let _ = WRITE_FAILED.set(format!("cannot write {name}: {e}"));
    }
}

/// The exit status to end with: `code`, unless output was lost to
/// something other than a closed pipe, which is an I/O error.
pub fn finish(code: ExitCode) -> ExitCode {
    if let Err(e) = std::io::stdout().lock().flush() {
        note_write_error(&e, "standard output");
    }
    match WRITE_FAILED.get() {
        Some(message) => usage_error(message),
        None => code,
    }
}

/// Prints `message` to standard error and exits with the usage status.
pub fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!(
        "{}: {message}",
        paint("error", Colour::Red, std::io::stderr().is_terminal())
    );
    ExitCode::from(USAGE)
}

#[derive(Clone, Copy)]
pub enum Colour {
    Red,
    Green,
    Dim,
}

/// `text` in `colour` when `tty`, else as is.
pub fn paint(text: &str, colour: Colour, tty: bool) -> String {
    if !tty {
        return text.to_owned();
    }
    let code = match colour {
        Colour::Red => "31",
        Colour::Green => "32",
        Colour::Dim => "2",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}

/// The schema type named `name`, or a message saying there is none (with a
/// "did you mean" hint when one is close).
pub fn schema_type(name: &str) -> Result<&'static SchemaType, String> {
    SCHEMA_TYPES.iter().find(|t| t.name == name).ok_or_else(|| {
        let hint = did_you_mean(name, SCHEMA_TYPES.iter().map(|t| t.name))
            .map(|n| format!("; did you mean {n}?"))
            .unwrap_or_default();
        format!("no type {name}{hint}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paints_only_on_a_terminal() {
        assert_eq!(paint("x", Colour::Red, false), "x");
        assert_eq!(paint("x", Colour::Red, true), "\u{1b}[31mx\u{1b}[0m");
    }
}
