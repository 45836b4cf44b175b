//! Conformance cases: `schema/cases/<Type>/valid/*.json` (plain payloads) and
//! `schema/cases/<Type>/invalid/*.json` (envelopes
//! `{"description": …, "payload": …, "errors": ["/pointer", …]}`).

use crate::ir::Ir;
use crate::Error;
use serde_json::Value;
use std::path::Path;

/// One case file.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Type the payload is checked against.
    pub type_name: String,
    /// Expected verdict.
    pub valid: bool,
    /// File stem (`priority_trailing_space`).
    pub name: String,
    /// Path relative to the workspace root (`schema/cases/PushRequest/valid/x.json`).
    pub path: String,
    /// The payload (for an invalid case, its envelope's `payload`).
    pub payload: Value,
    /// The file as written (for a valid case, the payload's own text).
    pub text: String,
}

/// The valid case of `type_name` to show for it: the first docs sample
/// (`docs_*`) that `keep` accepts, else its `success` case, else the first
/// other case it accepts.
pub fn preferred<'a>(
    cases: &'a [Case],
    type_name: &str,
    keep: impl Fn(&Case) -> bool,
) -> Option<&'a Case> {
    let kept: Vec<&Case> = cases
        .iter()
        .filter(|c| c.type_name == type_name && c.valid && keep(c))
        .collect();
    // A docs sample, else the plain `success` case, else the first: the
    // other cases exist to try odd forms (numbers as numbers, unknown keys).
    kept.iter()
        .find(|c| c.name.starts_with("docs_"))
        .or_else(|| kept.iter().find(|c| c.name == "success"))
        .or_else(|| kept.first())
        .copied()
}

/// Reads and checks every case file; an empty or missing directory is no cases.
pub fn load(dir: &Path, ir: &Ir) -> Result<Vec<Case>, Error> {
    let mut cases = Vec::new();
    let Ok(types) = std::fs::read_dir(dir) else {
        return Ok(cases);
    };
    let mut type_dirs: Vec<String> = types
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    type_dirs.sort();
    for type_name in type_dirs {
        if ir.get(&type_name).is_none() {
            return Err(Error::new(
                format!("cases/{type_name}"),
                "",
                "no schema has this title",
            ));
        }
        for (sub, valid) in [("valid", true), ("invalid", false)] {
            let Ok(entries) = std::fs::read_dir(dir.join(&type_name).join(sub)) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect();
            names.sort();
            for file in names {
                let path = format!("schema/cases/{type_name}/{sub}/{file}");
                let text = std::fs::read_to_string(dir.join(&type_name).join(sub).join(&file))
                    .map_err(|e| Error::new(&path, "", format!("cannot read: {e}")))?;
                let payload = if valid {
                    serde_json::from_str::<Value>(&text)
                        .map_err(|_| Error::new(&path, "", "a valid case must be JSON"))?
                } else {
                    check_envelope(&path, &text)?
                };
                let name = file.trim_end_matches(".json").to_string();
                if !name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    return Err(Error::new(
                        &path,
                        "",
                        "case file names are snake_case (they become test names)",
                    ));
                }
                cases.push(Case {
                    type_name: type_name.clone(),
                    valid,
                    name,
                    path,
                    payload,
                    text,
                });
            }
        }
    }
    Ok(cases)
}

/// Checks an invalid case's envelope and returns its payload.
fn check_envelope(path: &str, text: &str) -> Result<Value, Error> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| Error::new(path, "", format!("not JSON: {e}")))?;
    let o = v.as_object().ok_or_else(|| {
        Error::new(
            path,
            "",
            "an invalid case is an object {description, payload, errors}",
        )
    })?;
    if let Some(k) = o
        .keys()
        .find(|k| !matches!(k.as_str(), "description" | "payload" | "errors"))
    {
        return Err(Error::new(path, format!("/{k}"), "unknown member"));
    }
    if !o.contains_key("payload") {
        return Err(Error::new(path, "", "missing payload"));
    }
    match o.get("errors") {
        Some(Value::Array(a))
            if !a.is_empty()
                && a.iter().all(|p| {
                    p.as_str()
                        .is_some_and(|s| s.is_empty() || s.starts_with('/'))
                }) =>
        {
            Ok(o["payload"].clone())
        }
        _ => Err(Error::new(
            path,
            "/errors",
            "errors must be a non-empty array of JSON pointers",
        )),
    }
}
