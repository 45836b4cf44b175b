//! `cargo xtask docs-coverage`: every variable the docs pages list
//! (`schema/docs_index.json`, taken from the pages) must be in the schemas
//! (`schema/pickyassist.bundle.json`), per endpoint and webhook.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One page's figures.
#[derive(Debug, Default)]
struct Tally {
    found: usize,
    missing: Vec<String>,
    unreadable: usize,
}

/// The report, and whether every page is at 100 %.
pub fn run(root: &Path) -> Result<String, String> {
    let read = |p: &str| -> Result<Value, String> {
        let text = std::fs::read_to_string(root.join(p)).map_err(|e| format!("{p}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{p}: {e}"))
    };
    let bundle = read("schema/pickyassist.bundle.json")?;
    let index = read("schema/endpoints.json")?;
    let docs = read("schema/docs_index.json")?;
    let defs = &bundle["$defs"];
    let types_of = |key: &str, name: &str| -> Option<(String, String)> {
        let (list, field, a, b) = match key {
            "endpoint" => ("endpoints", "path", "request", "response"),
            _ => ("webhooks", "webhook", "payload", "reply"),
        };
        let entry = index[list].as_array()?.iter().find(|e| e[field] == name)?;
        Some((
            entry[a].as_str().unwrap_or_default().to_string(),
            entry[b].as_str().unwrap_or_default().to_string(),
        ))
    };
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for page in docs["pages"].as_array().into_iter().flatten() {
        let (key, name) = match (&page["endpoint"], &page["webhook"]) {
            (Value::String(e), _) => ("endpoint", e.as_str()),
            (_, Value::String(w)) => ("webhook", w.as_str()),
            _ => return Err("docs_index.json: a page without endpoint or webhook".into()),
        };
        let (first, second) = types_of(key, name)
            .ok_or_else(|| format!("docs_index.json: {name} is not in endpoints.json"))?;
        let label = if key == "endpoint" {
            name.to_string()
        } else {
            format!("webhook {name}")
        };
        let tally = tallies.entry(label).or_default();
        for (list, ty) in [
            ("request", &first),
            ("payload", &first),
            ("response", &second),
            ("reply", &second),
        ] {
            for var in page[list]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !ty.is_empty() && resolves(defs, ty, var) {
                    tally.found += 1;
                } else {
                    tally.missing.push(format!("{list} {var} ({ty})"));
                }
            }
        }
        tally.unreadable += page["unreadable"].as_array().map_or(0, Vec::len);
    }
    let mut out =
        String::from("docs coverage (variables the docs pages list, found in the schemas):\n");
    let mut complete = true;
    for (name, t) in &tallies {
        let total = t.found + t.missing.len();
        let pct = if total == 0 {
            100.0
        } else {
            100.0 * t.found as f64 / total as f64
        };
        complete &= t.missing.is_empty();
        let _ = writeln!(
            out,
            "  {name:<28} {:>3}/{:<3} {pct:5.1} %{}",
            t.found,
            total,
            if t.unreadable > 0 {
                format!(
                    "  ({} unreadable on the page, listed with the reason)",
                    t.unreadable
                )
            } else {
                String::new()
            }
        );
        for m in &t.missing {
            let _ = writeln!(out, "      missing: {m}");
        }
    }
    if complete {
        Ok(out)
    } else {
        Err(format!(
            "{out}error: some documented variables are not in the schemas"
        ))
    }
}

/// Whether `path` (`data/msg_id`) names a property of type `ty`, through
/// `$ref`s, array items and the branches of `allOf`/`anyOf`/`oneOf`/`if`.
fn resolves(defs: &Value, ty: &str, path: &str) -> bool {
    let mut at = vec![&defs[ty]];
    for segment in path.split('/') {
        let mut next = Vec::new();
        for schema in at {
            for s in expand(defs, schema, 0) {
                if let Some(p) = s["properties"].get(segment) {
                    next.push(p);
                }
            }
        }
        if next.is_empty() {
            return false;
        }
        at = next;
    }
    true
}

/// A schema and everything it applies to the same instance, items included.
fn expand<'a>(defs: &'a Value, s: &'a Value, depth: usize) -> Vec<&'a Value> {
    if depth > 8 {
        return Vec::new();
    }
    let mut out = vec![s];
    if let Some(name) = s["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
        out.extend(expand(defs, &defs[name], depth + 1));
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for branch in s[key].as_array().into_iter().flatten() {
            out.extend(expand(defs, branch, depth + 1));
        }
    }
    for key in ["then", "else", "items"] {
        if s.get(key).is_some() {
            out.extend(expand(defs, &s[key], depth + 1));
        }
    }
    out
}
