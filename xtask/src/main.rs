//! `cargo xtask codegen` regenerates every generated file from `schema/`;
//! `cargo xtask codegen --check` changes nothing and fails, naming each stale
//! or orphaned file with a diff, when the files on disk differ.

mod ensure;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]

  codegen          regenerate the model, the conformance tests and the schema bundle
  codegen --check  fail (naming the files) if any generated file is stale";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => run_codegen(ensure::Mode::Write),
        ["codegen", "--check"] => run_codegen(ensure::Mode::Check),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run_codegen(mode: ensure::Mode) -> ExitCode {
    let root = workspace_root();
    match codegen(&root, mode) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the generator on `root` and writes or checks its output.
pub fn codegen(root: &Path, mode: ensure::Mode) -> Result<String, String> {
    let out = pickyassist_codegen::generate(&root.join(pickyassist_codegen::paths::SCHEMA_DIR))
        .map_err(|e| format!("error: {e}"))?;
    ensure::apply(root, &out, mode)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain `cargo test` fails when a generated file is stale.
    #[test]
    fn generated_files_are_fresh() {
        if let Err(e) = codegen(&workspace_root(), ensure::Mode::Check) {
            panic!("{e}");
        }
    }
}
