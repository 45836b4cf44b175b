//! Differential test: the generated validators against the `jsonschema` crate
//! on the exported bundle, over generated and mutated payloads for every type.
//!
//! `PICKYASSIST_DIFF_COUNT` sets the payloads per type (default 10 000; 2 000
//! in a debug build outside CI) and `PICKYASSIST_DIFF_SEED` the seed;
//! `cargo xtask fuzz` runs longer campaigns.

use pickyassist_model::SCHEMA_TYPES;
use pickyassist_tests::differential::run_all;
use std::fmt::Write as _;

const DEFAULT_SEED: u64 = 20_261_125;

/// Payloads per type unless `PICKYASSIST_DIFF_COUNT` says otherwise: the
/// full campaign in CI (`CI` set, or `.ci/run`) and optimised builds; a
/// fifth of it in a local debug `cargo test`, which it would otherwise
/// dominate.
fn default_count() -> u64 {
    if cfg!(debug_assertions) && std::env::var_os("CI").is_none() {
        2_000
    } else {
        10_000
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// How this build of serde_json orders an object's keys: feature
/// unification decides it (the workspace build turns `preserve_order` on),
/// and payloads and error ties come out differently in each order.
fn key_order() -> &'static str {
    let object: serde_json::Value = serde_json::from_str(r#"{"b":0,"a":0}"#).unwrap_or_default();
    match object.as_object().and_then(|o| o.keys().next()) {
        Some(first) if first == "b" => "in insertion order (serde_json preserve_order)",
        _ => "in sorted order",
    }
}

#[test]
fn generated_validators_agree_with_jsonschema() {
    let count = env_number("PICKYASSIST_DIFF_COUNT", default_count()) as usize;
    let seed = env_number("PICKYASSIST_DIFF_SEED", DEFAULT_SEED);
    let mut summary = format!(
        "differential: seed {seed}, {count} payloads per type, objects {}\n",
        key_order()
    );
    let mut failures = String::new();
    for (entry, outcome) in SCHEMA_TYPES.iter().zip(run_all(SCHEMA_TYPES, seed, count)) {
        let _ = writeln!(
            summary,
            "  {:<14} {:>6} checked: {:>6} valid ({:>6} on the fast path), {:>6} invalid ({} mutated), {} disagreements",
            entry.name,
            outcome.checked,
            outcome.valid,
            outcome.fast,
            outcome.invalid,
            outcome.mutated,
            outcome.disagreements.len()
        );
        for d in outcome.disagreements.iter().take(3) {
            let _ = writeln!(
                failures,
                "{} #{} after {:?}: {}\n  payload: {}",
                d.type_name, d.index, d.mutations, d.problem, d.payload
            );
        }
        // Both verdicts must be exercised, or agreement proves little.
        assert!(
            outcome.valid * 100 >= count && outcome.invalid * 100 >= count,
            "{}: too one-sided ({} valid, {} invalid)",
            entry.name,
            outcome.valid,
            outcome.invalid
        );
    }
    println!("{summary}");
    let _ = std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential-summary.txt"),
        &summary,
    );
    assert!(failures.is_empty(), "disagreements:\n{failures}\n{summary}");
}
