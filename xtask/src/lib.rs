//! The library side of `cargo xtask`: generation and its check, usable from
//! benchmarks and tests as well as from the command line.

pub mod coverage;
pub mod ensure;
pub mod package;
pub mod suite;

use std::path::{Path, PathBuf};

/// Runs the generator on `root` and writes or checks its output.
pub fn codegen(root: &Path, mode: ensure::Mode) -> Result<String, String> {
    let out = pickyassist_codegen::generate(&root.join(pickyassist_codegen::paths::SCHEMA_DIR))
        .map_err(|e| format!("error: {e}"))?;
    let mut report = ensure::apply(root, &out, mode)?;
    report.push_str(&format!("budget: {}\n", out.budget));
    let problems = out.budget.problems();
    if !problems.is_empty() {
        return Err(format!(
            "{report}error: the generated model is over its budget:\n  {}",
            problems.join("\n  ")
        ));
    }
    Ok(report)
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variable the docs pages list is in the schemas.
    #[test]
    fn docs_coverage_is_complete() {
        if let Err(e) = coverage::run(&workspace_root()) {
            panic!("{e}");
        }
    }

    /// The README's endpoint table names every endpoint of the index with its method.
    #[test]
    fn readme_lists_every_endpoint() {
        let root = workspace_root();
        let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
        let index: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("schema/endpoints.json")).expect("index"),
        )
        .expect("JSON");
        // Requests that are only the token: their method takes no request.
        let token_only: Vec<String> = std::fs::read_dir(root.join("schema"))
            .expect("schema dir")
            .filter_map(|entry| {
                let text = std::fs::read_to_string(entry.ok()?.path()).ok()?;
                let schema: serde_json::Value = serde_json::from_str(&text).ok()?;
                let keys: Vec<&String> = schema["properties"].as_object()?.keys().collect();
                (keys == ["token"]).then(|| schema["title"].as_str().map(str::to_owned))?
            })
            .collect();
        for e in index["endpoints"].as_array().expect("endpoints") {
            let request = e["request"].as_str().unwrap_or_default();
            let argument = if token_only.iter().any(|t| t == request) {
                String::new()
            } else {
                format!("&{request}")
            };
            let row = format!(
                "| `{}` | `client.{}({argument})` → `{}` |",
                e["path"].as_str().unwrap_or_default(),
                e["name"].as_str().unwrap_or_default(),
                e["response"].as_str().unwrap_or_default()
            );
            assert!(readme.contains(&row), "README lacks the row {row}");
        }
    }

    /// Every schema path the generated model states for a rule is that
    /// rule's place in the bundle: the object there holds the keyword (or
    /// is the `false` schema, for `false`).
    #[test]
    fn every_rule_names_its_place_in_the_bundle() {
        let root = workspace_root();
        let bundle: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("schema/pickyassist.bundle.json")).expect("bundle"),
        )
        .expect("JSON");
        let dir = root.join("crates/pickyassist-model/src/generated");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("generated folder") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("file");
            for (at, _) in text.match_indices("\"/$defs/") {
                let rest = &text[at + 1..];
                let path = &rest[..rest.find('"').expect("closing quote")];
                let (node, keyword) = path.rsplit_once('/').expect("a keyword");
                let node = bundle
                    .pointer(node)
                    .unwrap_or_else(|| panic!("{path}: no such node in the bundle"));
                let holds = match keyword {
                    "false" => node == &serde_json::Value::Bool(false),
                    _ => node.get(keyword).is_some(),
                };
                assert!(holds, "{path}: the node there does not state {keyword}");
                checked += 1;
            }
        }
        assert!(checked > 500, "only {checked} schema paths found");
    }

    /// A `.` outside a class, unescaped: the character the engines read
    /// apart (ECMA-262's stops at `\r`, U+2028 and U+2029 as well as `\n`).
    fn has_bare_dot(pattern: &str) -> bool {
        let (mut class, mut escaped) = (false, false);
        pattern.chars().any(|c| {
            let bare = c == '.' && !class && !escaped;
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '[' => class = true,
                ']' => class = false,
                _ => {}
            }
            bare
        })
    }

    #[test]
    fn a_bare_dot_is_found() {
        assert!(has_bare_dot("a.*b"));
        assert!(has_bare_dot("[.]."));
        assert!(!has_bare_dot("[.:]"));
        assert!(!has_bare_dot("a\\.b"));
        assert!(!has_bare_dot("(?:[^{]|[{])*"));
    }

    /// The project's patterns never use a bare `.` (see QUIRKS.md, *Portable
    /// patterns*). The generator accepts one, as the JSON Schema Test Suite
    /// needs; the project's own schema says "any character" with a class.
    #[test]
    fn the_schema_s_patterns_match_alike_in_every_engine() {
        fn walk(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        if k == "pattern" && v.as_str().is_some_and(has_bare_dot) {
                            out.push(format!("{at}/pattern"));
                        }
                        if k == "patternProperties" {
                            let keys = v.as_object().into_iter().flat_map(|m| m.keys());
                            out.extend(
                                keys.filter(|p| has_bare_dot(p))
                                    .map(|p| format!("{at}/patternProperties/{p}")),
                            );
                        }
                        walk(v, &format!("{at}/{k}"), out);
                    }
                }
                serde_json::Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        walk(v, &format!("{at}/{i}"), out);
                    }
                }
                _ => {}
            }
        }
        let text = std::fs::read_to_string(workspace_root().join("schema/pickyassist.bundle.json"))
            .expect("bundle");
        let mut found = Vec::new();
        walk(&serde_json::from_str(&text).expect("JSON"), "", &mut found);
        assert!(found.is_empty(), "patterns with a bare `.`: {found:?}");
        assert!(text.contains("\"pattern\""), "the bundle states patterns");
    }

    /// Plain `cargo test` fails when a generated file is stale.
    #[test]
    fn generated_files_are_fresh() {
        if let Err(e) = codegen(&workspace_root(), ensure::Mode::Check) {
            panic!("{e}");
        }
    }
}
