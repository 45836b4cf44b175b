//! `pickyassist validate`: one document or JSON Lines against a type's schema.

use crate::output::{self, paint, Colour};
use crate::{read_input, Format};
use pickyassist_model::{SchemaType, ValidationError, SCHEMA_TYPES};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The type to check against (its `$defs` name: PushRequest, WebhookEvent, …).
    #[arg(
        long = "type",
        short = 't',
        value_name = "TYPE",
        required_unless_present = "list_types"
    )]
    ty: Option<String>,
    /// The document (`-` for standard input).
    #[arg(value_name = "FILE", default_value = "-")]
    file: PathBuf,
    /// Read JSON Lines: one document per line, each checked on its own.
    #[arg(long)]
    lines: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// List every type and exit.
    #[arg(long)]
    list_types: bool,
}

pub fn run(args: &Args) -> ExitCode {
    if args.list_types {
        for t in SCHEMA_TYPES {
            println!("{}", t.name);
        }
        return ExitCode::SUCCESS;
    }
    let Some(name) = &args.ty else {
        return output::usage_error("--type is required");
    };
    let ty = match output::schema_type(name) {
        Ok(ty) => ty,
        Err(e) => return output::usage_error(format!("{e} (see --list-types)")),
    };
    let bytes = match read_input(&args.file) {
        Ok(b) => b,
        Err(e) => return output::usage_error(e),
    };
    let source = if args.file.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        args.file.display().to_string()
    };
    let mut report = Report::new(args.format, &source);
    if args.lines {
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => return output::usage_error(format!("{source} is not UTF-8: {e}")),
        };
        let progress = std::io::stderr().is_terminal();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            report.document(ty, line.as_bytes(), Some(i + 1));
            if progress && report.documents % 10_000 == 0 {
                eprint!("\r{} lines checked", report.documents);
            }
        }
        if progress && report.documents >= 10_000 {
            eprintln!();
        }
    } else {
        report.document(ty, &bytes, None);
    }
    report.finish()
}

/// What was found so far, printed as it is found.
struct Report<'a> {
    format: Format,
    source: &'a str,
    tty: bool,
    documents: usize,
    invalid: usize,
    errors: usize,
}

impl<'a> Report<'a> {
    fn new(format: Format, source: &'a str) -> Self {
        Self {
            format,
            source,
            tty: std::io::stdout().is_terminal(),
            documents: 0,
            invalid: 0,
            errors: 0,
        }
    }

    fn document(&mut self, ty: &SchemaType, bytes: &[u8], line: Option<usize>) {
        self.documents += 1;
        let Err(errors) = (ty.validate_json)(bytes) else {
            return;
        };
        self.invalid += 1;
        self.errors += errors.len();
        for e in errors.iter() {
            match self.format {
                Format::Json => println!("{}", self.json(e, line)),
                Format::Text => println!("{}", self.text(e, line)),
            }
        }
    }

    fn text(&self, e: &ValidationError, line: Option<usize>) -> String {
        let place = match line {
            Some(n) => format!("{}:{n}", self.source),
            None => self.source.to_owned(),
        };
        let pointer = if e.pointer.is_empty() {
            "(document)"
        } else {
            &e.pointer
        };
        let keywords: Vec<&str> = e.keywords().collect();
        format!(
            "{}: {}: {} {}",
            paint(&place, Colour::Dim, self.tty),
            paint(pointer, Colour::Red, self.tty),
            e.message,
            paint(&format!("[{}]", keywords.join(", ")), Colour::Dim, self.tty)
        )
    }

    fn json(&self, e: &ValidationError, line: Option<usize>) -> String {
        serde_json::json!({
            "file": self.source,
            "line": line,
            "pointer": e.pointer,
            "keyword": e.keyword,
            "keywords": e.keywords().collect::<Vec<_>>(),
            "schema_path": e.schema_path,
            "message": e.message,
        })
        .to_string()
    }

    fn finish(self) -> ExitCode {
        // Totals on standard error, whatever the format of the errors.
        {
            let summary = format!(
                "{} document(s): {} valid, {} invalid, {} error(s)",
                self.documents,
                self.documents - self.invalid,
                self.invalid,
                self.errors
            );
            let colour = if self.invalid == 0 {
                Colour::Green
            } else {
                Colour::Red
            };
            eprintln!(
                "{}",
                paint(&summary, colour, std::io::stderr().is_terminal())
            );
        }
        ExitCode::from(if self.invalid == 0 {
            output::OK
        } else {
            output::INVALID
        })
    }
}
