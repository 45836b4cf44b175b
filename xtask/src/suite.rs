//! `cargo xtask suite`: the official JSON Schema Test Suite (draft 2020-12)
//! through the project's generator.
//!
//! The suite's files come from the source distribution of Python's
//! `jsonschema` package (pinned below), downloaded into `target/suite/`.
//! Every test group whose schema uses only what the generator supports is
//! generated into Rust by the same code path as the API model (schema → IR →
//! validators; every type is a JSON value checked by its rules), compiled
//! into a small crate, and every test's verdict is checked with
//! `validate_json` and `is_valid_value`. Groups the generator refuses are
//! skipped by name with the reason; `tests/suite.md` (checked in) lists them.

use crate::ensure;
use pickyassist_codegen::{emit, lower, schema, GeneratedFile};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pinned `jsonschema` release whose sdist carries the suite.
pub const JSONSCHEMA_VERSION: &str = "4.26.0";

/// The checked-in list of what runs and what is skipped, and why.
pub const LIST: &str = "tests/suite.md";

/// One suite file's fate.
struct FileReport {
    name: String,
    run: Vec<(String, usize)>,
    skipped: Vec<(String, usize, Skip)>,
}

/// Why a group does not run: the keyword to blame and the details.
struct Skip {
    keyword: String,
    reason: String,
}

impl Skip {
    fn new(keyword: &str, reason: String) -> Self {
        Skip {
            keyword: keyword.to_owned(),
            reason,
        }
    }

    /// A generator error as a skip: `unsupported keyword "x"` blames `x`.
    fn from_codegen(e: &pickyassist_codegen::Error) -> Self {
        let keyword = match e.message.split('"').nth(1) {
            Some(k) if e.message.starts_with("unsupported keyword") => k.to_owned(),
            _ if e.message.starts_with("avoid") => "pattern ($, \\d, \\w, \\s)".to_owned(),
            _ => e.pointer.rsplit('/').next().unwrap_or_default().to_owned(),
        };
        Skip::new(&keyword, e.to_string())
    }
}

/// Runs the suite; `Ok` with the report when every runnable test passes.
pub fn run(root: &Path) -> Result<String, String> {
    let tests_dir = fetch(root)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&tests_dir)
        .map_err(|e| format!("{}: {e}", tests_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut sources = Vec::new();
    let mut manifest = Vec::new();
    let mut reports = Vec::new();
    for (fi, path) in files.iter().enumerate() {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let groups: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(path).map_err(|e| e.to_string())?)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut report = FileReport {
            name: name.clone(),
            run: Vec::new(),
            skipped: Vec::new(),
        };
        for (gi, group) in groups.iter().enumerate() {
            let description = group["description"].as_str().unwrap_or("").to_owned();
            let tests = group["tests"].as_array().cloned().unwrap_or_default();
            let title = format!("Suite{fi:02}Group{gi:02}");
            match source(&title, &name, &group["schema"]) {
                Ok(src) => {
                    for t in &tests {
                        manifest.push(json!({
                            "type": title, "file": name, "group": description,
                            "test": t["description"], "data": t["data"], "valid": t["valid"],
                        }));
                    }
                    report.run.push((description, tests.len()));
                    sources.push(src);
                }
                Err(reason) => report.skipped.push((description, tests.len(), reason)),
            }
        }
        reports.push(report);
    }
    let skipped: usize = reports
        .iter()
        .flat_map(|r| r.skipped.iter().map(|(_, n, _)| n))
        .sum();
    let list = list_text(&reports);
    check_list(root, &list)?;
    let ir = lower::lower_with(&sources, lower::Options::SUITE)
        .map_err(|e| format!("suite lowering: {e}"))?;
    let files = emit::model::files(&ir, false).map_err(|e| format!("suite emission: {e}"))?;
    let dir = Path::new(CRATE);
    let generated = dir.join("src/generated");
    let mut crate_files = crate_files(root, &manifest)?;
    for f in files {
        let name = f.path.file_name().ok_or("a generated file has no name")?;
        crate_files.push(GeneratedFile {
            path: generated.join(name),
            contents: f.contents,
        });
    }
    // Unchanged files are left alone, so cargo rebuilds only what changed.
    ensure::apply_files(root, &crate_files, &[generated], ensure::Mode::Write)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(root.join(dir).join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/suite/target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the suite has failures".into());
    }
    // The README states the figures; keep it true.
    let line = format!(
        "suite: {} passed, {skipped} skipped (by keyword), 0 failed",
        manifest.len()
    );
    let readme =
        std::fs::read_to_string(root.join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    if !readme.contains(&line) {
        return Err(format!(
            "README.md does not say `{line}`: update its Proof section"
        ));
    }
    Ok(format!("{line}\n"))
}

/// The suite's draft 2020-12 folder, downloaded and unpacked if needed.
fn fetch(root: &Path) -> Result<PathBuf, String> {
    let base = root.join("target/suite");
    let unpacked = base.join(format!("jsonschema-{JSONSCHEMA_VERSION}"));
    let tests = unpacked.join("json/tests/draft2020-12");
    if tests.is_dir() {
        return Ok(tests);
    }
    std::fs::create_dir_all(&base).map_err(|e| e.to_string())?;
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let status = Command::new(&python)
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-binary",
            ":all:",
        ])
        .arg(format!("jsonschema=={JSONSCHEMA_VERSION}"))
        .arg("-d")
        .arg(&base)
        .status()
        .map_err(|e| format!("cannot run {python} -m pip: {e}"))?;
    if !status.success() {
        return Err(format!(
            "pip download jsonschema=={JSONSCHEMA_VERSION} failed"
        ));
    }
    let archive = base.join(format!("jsonschema-{JSONSCHEMA_VERSION}.tar.gz"));
    let status = Command::new("tar")
        .arg("xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&base)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() || !tests.is_dir() {
        return Err(format!(
            "{} holds no json/tests/draft2020-12",
            archive.display()
        ));
    }
    Ok(tests)
}

/// A suite schema as a schema file of the generator, or why it is skipped.
fn source(title: &str, file: &str, schema: &Value) -> Result<schema::SourceFile, Skip> {
    preflight(schema, "")?;
    let mut doc = match schema {
        Value::Object(o) => Value::Object(o.clone()),
        Value::Bool(b) => json!({ "allOf": [b] }),
        other => return Err(Skip::new("schema", format!("a schema that is {other}"))),
    };
    doc["title"] = json!(title);
    doc["description"] = json!(format!("JSON Schema Test Suite, {file}.json"));
    let text = doc.to_string();
    let src = schema::parse_file(&format!("{title}.schema.json"), &text)
        .map_err(|e| Skip::from_codegen(&e))?;
    lower::lower_with(std::slice::from_ref(&src), lower::Options::SUITE)
        .map_err(|e| Skip::from_codegen(&e))?;
    Ok(src)
}

/// What the generator does not resolve: identifiers, anchors, dynamic and
/// remote references, `$defs` below the root.
fn preflight(v: &Value, at: &str) -> Result<(), Skip> {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                let here = format!("{at}/{k}");
                match k.as_str() {
                    "$id" | "$anchor" | "$dynamicRef" | "$dynamicAnchor" | "$vocabulary" => {
                        return Err(Skip::new(
                            k,
                            format!("{k} at {here} (identifiers and anchors are not resolved)"),
                        ))
                    }
                    "$ref" => {
                        let r = child.as_str().unwrap_or("");
                        let local = r == "#"
                            || r.strip_prefix("#/$defs/").is_some_and(|d| !d.contains('/'));
                        if !local {
                            return Err(Skip::new(
                                "$ref (not # or #/$defs/<name>)",
                                format!(
                                    "$ref {r:?} at {at} (only # and #/$defs/<name> are resolved)"
                                ),
                            ));
                        }
                    }
                    "$defs" if !at.is_empty() => {
                        return Err(Skip::new(
                            "$defs (nested)",
                            format!("$defs at {here} (only the root's are resolved)"),
                        ))
                    }
                    "enum" | "const" | "examples" | "default" => continue,
                    "properties" | "$defs" | "dependentSchemas" | "patternProperties" => {
                        for (name, sub) in child.as_object().into_iter().flatten() {
                            preflight(sub, &format!("{here}/{name}"))?;
                        }
                        continue;
                    }
                    _ => {}
                }
                preflight(child, &here)?;
            }
            Ok(())
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| preflight(x, &format!("{at}/{i}"))),
        _ => Ok(()),
    }
}

fn list_text(reports: &[FileReport]) -> String {
    let (mut run, mut skipped, mut groups_run, mut groups_skipped) = (0, 0, 0, 0);
    for r in reports {
        run += r.run.iter().map(|(_, n)| n).sum::<usize>();
        skipped += r.skipped.iter().map(|(_, n, _)| n).sum::<usize>();
        groups_run += r.run.len();
        groups_skipped += r.skipped.len();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- @generated by cargo xtask suite — do not edit -->"
    );
    let _ = writeln!(
        out,
        "# JSON Schema Test Suite (draft 2020-12) through the generator\n"
    );
    let _ = writeln!(
        out,
        "From the source distribution of Python `jsonschema` {JSONSCHEMA_VERSION} (`json/tests/draft2020-12/*.json`, \
         the required tests; `optional/` is not run). `cargo xtask suite` generates every group below that runs, \
         compiles it, and checks every test's verdict with `validate_json` and `is_valid_value`; a test that runs \
         and fails fails the command.\n"
    );
    let _ = writeln!(out, "{run} tests in {groups_run} groups run; {skipped} tests in {groups_skipped} groups are skipped, each for the reason given.\n");
    let _ = writeln!(
        out,
        "| file | groups run | tests run | groups skipped | tests skipped |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for r in reports {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            r.name,
            r.run.len(),
            r.run.iter().map(|(_, n)| n).sum::<usize>(),
            r.skipped.len(),
            r.skipped.iter().map(|(_, n, _)| n).sum::<usize>()
        );
    }
    let mut by_keyword: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (_, n, skip) in reports.iter().flat_map(|r| &r.skipped) {
        let e = by_keyword.entry(skip.keyword.as_str()).or_default();
        e.0 += 1;
        e.1 += n;
    }
    let _ = writeln!(out, "\n## Skips by keyword\n");
    let _ = writeln!(out, "| keyword | groups | tests |");
    let _ = writeln!(out, "|---|---|---|");
    for (keyword, (groups, tests)) in &by_keyword {
        let _ = writeln!(out, "| `{keyword}` | {groups} | {tests} |");
    }
    let _ = writeln!(out, "\n## Skipped groups\n");
    for r in reports.iter().filter(|r| !r.skipped.is_empty()) {
        let _ = writeln!(out, "- **{}**", r.name);
        for (group, n, skip) in &r.skipped {
            let reason = skip.reason.replace('\n', " ");
            let _ = writeln!(out, "  - {group} ({n} tests), `{}`: {reason}", skip.keyword);
        }
    }
    out
}

/// Writes the list, or under CI fails when the checked-in one differs.
fn check_list(root: &Path, text: &str) -> Result<(), String> {
    let path = root.join(LIST);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current == text {
        return Ok(());
    }
    if std::env::var_os("CI").is_some() {
        return Err(format!(
            "{LIST} is stale: run `cargo xtask suite` and commit it"
        ));
    }
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {LIST}");
    Ok(())
}

/// Where the suite crate is generated, under the workspace root.
const CRATE: &str = "target/suite/crate";

/// The suite crate's own files: manifest, lockfile, sources, test list.
fn crate_files(root: &Path, manifest: &[Value]) -> Result<Vec<GeneratedFile>, String> {
    let model = root.join("crates/pickyassist-model");
    let cargo_toml = format!(
        "[package]\nname = \"pickyassist-suite\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Its own workspace: generated under target/, not a member of the project's.\n[workspace]\n\n\
         [dependencies]\npickyassist-model = {{ path = {:?} }}\nserde = \"1\"\nserde_json = \"1\"\nregex-lite = \"0.1\"\n",
        model.display().to_string()
    );
    let lib = "//! Generated from the JSON Schema Test Suite by `cargo xtask suite`.\n\
               pub use pickyassist_model::*;\n#[doc(hidden)]\npub use pickyassist_model::__private;\n\
               #[allow(warnings, clippy::all)]\nmod generated;\npub use generated::SCHEMA_TYPES as SUITE_TYPES;\n";
    let main = r#"//! Runs every test of the suite manifest against its generated type.
fn main() {
    let tests: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../tests.json")).expect("the manifest is JSON");
    let (mut passed, mut failed) = (0usize, 0usize);
    for t in &tests {
        let name = t["type"].as_str().unwrap_or_default();
        let ty = pickyassist_suite::SUITE_TYPES.iter().find(|s| s.name == name).expect("a generated type");
        let want = t["valid"].as_bool().unwrap_or_default();
        let bytes = serde_json::to_vec(&t["data"]).expect("encodes");
        let by_json = (ty.validate_json)(&bytes).is_ok();
        let by_value = (ty.is_valid_value)(&t["data"]);
        if by_json == want && by_value == want {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {} / {} / {}: expected {want}, validate_json {by_json}, is_valid_value {by_value}; data {}",
                t["file"].as_str().unwrap_or_default(), t["group"].as_str().unwrap_or_default(),
                t["test"].as_str().unwrap_or_default(), t["data"]);
        }
    }
    if failed > 0 {
        println!("suite: {passed} passed, {failed} failed");
        std::process::exit(1);
    }
}
"#;
    // The project's lockfile pins the same dependency versions as the model's tests.
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let file = |name: &str, contents: String| GeneratedFile {
        path: Path::new(CRATE).join(name),
        contents,
    };
    Ok(vec![
        file("Cargo.lock", lock),
        file("Cargo.toml", cargo_toml),
        file("src/lib.rs", lib.to_owned()),
        file("src/main.rs", main.to_owned()),
        file(
            "tests.json",
            serde_json::to_string(manifest).map_err(|e| e.to_string())?,
        ),
    ])
}
