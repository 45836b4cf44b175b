//! The on-demand campaign behind `cargo xtask fuzz`: differential and
//! byte-level checks on many generated payloads, every disagreement written
//! to `schema/cases/` as a regression case.
//!
//! ```text
//! cargo xtask fuzz [--count N] [--bytes N] [--seed S] [--type NAME]... [--no-write] [--corpus FILE]
//! ```
//!
//! `--count` payloads per type for the differential check (default 100 000),
//! `--bytes` byte-level inputs per type (default count / 10), `--seed` (default:
//! the clock), `--type` to restrict the types, `--no-write` to only report,
//! `--corpus FILE` to also write every differential payload with the Rust
//! verdict as JSON lines, for `scripts/check_bundle.py --corpus` and
//! `scripts/js/check_bundle.mjs --corpus`.

use pickyassist_model::{SchemaType, SCHEMA_TYPES};
use pickyassist_tests::differential::{run_all, Disagreement};
use pickyassist_tests::generate::Generator;
use pickyassist_tests::robustness::{check_bytes, input, INPUTS};
use serde_json::{json, Value};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

struct Args {
    count: usize,
    bytes: Option<usize>,
    seed: u64,
    types: Vec<String>,
    write: bool,
    corpus: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        count: 100_000,
        bytes: None,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs()),
        types: Vec::new(),
        write: true,
        corpus: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        let number = |text: String| {
            text.replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{text}: {e}"))
        };
        match flag.as_str() {
            "--count" => args.count = number(value("--count")?)? as usize,
            "--bytes" => args.bytes = Some(number(value("--bytes")?)? as usize),
            "--seed" => args.seed = number(value("--seed")?)?,
            "--type" => args.types.push(value("--type")?),
            "--no-write" => args.write = false,
            "--corpus" => args.corpus = Some(PathBuf::from(value("--corpus")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let types: Vec<SchemaType> = SCHEMA_TYPES
        .iter()
        .filter(|t| args.types.is_empty() || args.types.iter().any(|n| n == t.name))
        .copied()
        .collect();
    if types.is_empty() {
        eprintln!("fuzz: no type matches {:?}", args.types);
        return ExitCode::from(2);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    println!(
        "fuzz: seed {}, {} payloads and {} byte inputs per type, {} types",
        args.seed,
        args.count,
        args.bytes.unwrap_or(args.count / 10),
        types.len()
    );

    let started = Instant::now();
    let outcomes = run_all(&types, args.seed, args.count);
    let mut disagreements: Vec<Disagreement> = Vec::new();
    for (entry, outcome) in types.iter().zip(outcomes) {
        println!(
            "  {:<14} {:>9} payloads: {:>9} valid, {:>9} invalid, {} disagreements",
            entry.name,
            outcome.checked,
            outcome.valid,
            outcome.invalid,
            outcome.disagreements.len()
        );
        disagreements.extend(outcome.disagreements);
    }
    println!("differential: {:.1?}", started.elapsed());

    let started = Instant::now();
    let mut byte_problems = 0usize;
    let per_type = args.bytes.unwrap_or(args.count / 10);
    for entry in &types {
        let mut generator = Generator::new(args.seed ^ 0xb17e5);
        for i in 0..per_type {
            let kind = i % INPUTS.len();
            let bytes = input(&mut generator, entry.name, kind);
            if let Err(problem) = check_bytes(entry, &bytes) {
                byte_problems += 1;
                let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
                println!(
                    "BYTES {} #{i} ({}): {problem}\n  input: {shown}",
                    entry.name, INPUTS[kind]
                );
            }
        }
    }
    println!(
        "bytes: {} inputs, {byte_problems} problems, {:.1?}",
        per_type * types.len(),
        started.elapsed()
    );

    if let Some(path) = &args.corpus {
        match write_corpus(path, &types, args.seed, args.count) {
            Ok(lines) => println!("corpus: {lines} payloads written to {}", path.display()),
            Err(e) => {
                eprintln!("fuzz: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }

    for d in &disagreements {
        println!(
            "DISAGREE {} #{} after {:?}: {}\n  payload: {}",
            d.type_name, d.index, d.mutations, d.problem, d.payload
        );
        if args.write {
            match write_case(&root, d) {
                Ok(path) => println!("  written: {}", path.display()),
                Err(e) => println!("  not written: {e}"),
            }
        }
    }
    if disagreements.is_empty() && byte_problems == 0 {
        println!("fuzz: no disagreement, no problem");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A disagreement as a conformance case; the `jsonschema` crate's verdict is
/// the expectation, so the case fails until the generator or schema is fixed.
fn write_case(root: &Path, d: &Disagreement) -> std::io::Result<PathBuf> {
    let valid = d.reference.is_empty();
    let dir =
        root.join("schema/cases")
            .join(d.type_name)
            .join(if valid { "valid" } else { "invalid" });
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("fuzz_{}_{}.json", d.seed, d.index));
    let document = if valid {
        d.payload.clone()
    } else {
        json!({
            "description": format!(
                "Found by cargo xtask fuzz (seed {}, payload {}, mutations {:?}): {}. \
                 The expected errors are the jsonschema crate's; check them against the docs.",
                d.seed, d.index, d.mutations, d.problem
            ),
            "payload": d.payload,
            "errors": d.reference,
        })
    };
    let mut text = serde_json::to_string_pretty(&document).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(&path, text)?;
    Ok(path)
}

/// Every differential payload (regenerated from the seed) with the Rust verdict, one JSON per line.
fn write_corpus(
    path: &Path,
    types: &[SchemaType],
    seed: u64,
    count: usize,
) -> std::io::Result<usize> {
    use pickyassist_tests::differential::payloads;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut lines = 0;
    for entry in types {
        for payload in payloads(entry, seed, count) {
            let errors: Vec<String> = entry
                .errors(&payload)
                .into_iter()
                .map(|e| e.pointer)
                .collect();
            let line: Value = json!({ "type": entry.name, "errors": errors, "payload": payload });
            serde_json::to_writer(&mut out, &line).map_err(std::io::Error::other)?;
            out.write_all(b"\n")?;
            lines += 1;
        }
    }
    out.flush()?;
    Ok(lines)
}
