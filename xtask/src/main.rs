//! `cargo xtask codegen` regenerates every generated file from `schema/`;
//! `cargo xtask codegen --check` changes nothing and fails, naming each stale
//! or orphaned file with a diff, when the files on disk differ.
//! `cargo xtask fuzz` runs the long differential campaign (a release build of
//! the test crate's `fuzz` binary, so that xtask never depends on generated code).

use std::process::ExitCode;
use xtask::{codegen, ensure, workspace_root};

const USAGE: &str = "usage: cargo xtask codegen [--check]
       cargo xtask ir [TYPE]...
       cargo xtask docs-coverage
       cargo xtask suite
       cargo xtask package
       cargo xtask fuzz [--count N] [--bytes N] [--seed S] [--type NAME]... [--no-write] [--corpus FILE]

  codegen          regenerate the model, the conformance tests and the schema bundle
  codegen --check  fail (naming the files) if any generated file is stale
  ir               print the intermediate representation of the named types
                   (every type's name when none is given)
  docs-coverage    every variable the docs pages list is in the schemas (per endpoint)
  package          the Python wheel and the npm package of the schemas, in target/package/
  suite            the official JSON Schema Test Suite (draft 2020-12) through the generator
  fuzz             compare the generated validators with jsonschema on N generated payloads
                   per type (default 100000) and check N/10 hostile byte inputs per type;
                   each disagreement becomes schema/cases/<Type>/*/fuzz_<seed>_<n>.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => run_codegen(ensure::Mode::Write),
        ["codegen", "--check"] => run_codegen(ensure::Mode::Check),
        ["fuzz", rest @ ..] => run_fuzz(rest),
        ["ir", names @ ..] => finish(print_ir(names)),
        ["suite"] => {
            finish(xtask::suite::run(&workspace_root()).map_err(|m| format!("error: {m}")))
        }
        ["package"] => finish(xtask::package::run(&workspace_root())),
        ["docs-coverage"] => finish(xtask::coverage::run(&workspace_root())),
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

/// The IR of the named types, as the generator holds it (`{:#?}`).
fn print_ir(names: &[&str]) -> Result<String, String> {
    use pickyassist_codegen::{lower, paths, schema};
    let dir = workspace_root().join(paths::SCHEMA_DIR);
    let ir = schema::load_dir(&dir)
        .and_then(|sources| lower::lower(&sources))
        .map_err(|e| format!("error: {e}"))?;
    if names.is_empty() {
        let all: Vec<&str> = ir.types.iter().map(|t| t.name.as_str()).collect();
        return Ok(format!("{}\n", all.join("\n")));
    }
    let mut out = String::new();
    for name in names {
        let t = ir.get(name).ok_or_else(|| {
            format!("error: no type {name:?} (run `cargo xtask ir` for the list)")
        })?;
        out.push_str(&format!("{t:#?}\n"));
    }
    Ok(out)
}

fn run_codegen(mode: ensure::Mode) -> ExitCode {
    finish(codegen(&workspace_root(), mode))
}

/// Prints a command's report, or its error on stderr and fails.
fn finish(result: Result<String, String>) -> ExitCode {
    match result {
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

/// Builds and runs the campaign binary in release mode, passing the arguments on.
fn run_fuzz(args: &[&str]) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "pickyassist-tests",
            "--bin",
            "fuzz",
            "--",
        ])
        .args(args)
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
