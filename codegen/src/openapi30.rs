//! The OpenAPI 3.0.3 rendering of the 3.1 document, for generators that read
//! only 3.0 (progenitor, many Java, PHP and Go generators).
//!
//! OpenAPI 3.0's Schema Object is an older, smaller JSON Schema dialect, and
//! generators read it for *shapes*: types, properties, required keys, enums,
//! patterns and limits. Those are written in 3.0 forms that accept and refuse
//! the same instances. The conditional rules of the bundle ("data unless
//! group_id", "at least one of", `dependentRequired`, `contains`) have no 3.0
//! keyword, and their faithful translation into `anyOf`/`not` makes
//! generators fail (typify, under progenitor, panics on or explodes with
//! them); they are kept as `x-` extensions holding the 2020-12 rule, which 3.0
//! validators and generators ignore. So the 3.0 document accepts what the
//! bundle accepts, and refuses what the bundle refuses *without* its
//! conditionals (`scripts/check_openapi.py` checks both on every case and on
//! the corpus); validate with the bundle or the 3.1 document.
//!
//! | 2020-12 | 3.0.3 |
//! |---|---|
//! | `"type": ["integer", "string"]` | `anyOf` of one branch per type, each with the keywords that apply to it |
//! | `"type": [T, "null"]` | `"type": T, "nullable": true` |
//! | `not: {type: string, pattern: B}` | `pattern: "^(?![\s\S]*(?:B))"` (joined with the schema's own pattern) |
//! | `const: v` | `enum: [v]` |
//! | `examples: [v, …]` | `example: v` |
//! | `$ref` beside validation keywords | `allOf: [{$ref}]` beside them (3.0 ignores a `$ref`'s siblings) |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` |
//! | `if`, `then`, `else`, `dependentRequired`, `contains` | `x-if`, `x-then`, … (the rule as written) |
//! | `anyOf`/`oneOf` of `required` lists | `x-anyOf`/`x-oneOf` |
//! | `allOf` branches left with nothing but `x-` rules | `x-allOf` (those branches as written) |
//! | `webhooks` | `x-webhooks` (3.0 has no webhooks) |
//!
//! `$comment` is dropped. A keyword without a 3.0 form is an error naming it,
//! so a new keyword in the schemas cannot slip through untranslated.

use crate::output::GeneratedFile;
use crate::{paths, Error};
use serde_json::{json, Map, Value};

/// `schema/pickyassist.openapi-3.0.json`, from the 3.1 document.
pub fn file(doc31: &Value) -> Result<GeneratedFile, Error> {
    GeneratedFile::json(paths::OPENAPI_30, &document(doc31)?)
}

/// The 3.0.3 document.
pub fn document(doc31: &Value) -> Result<Value, Error> {
    let mut out = Map::new();
    let Some(top) = doc31.as_object() else {
        return Err(err("", "the 3.1 document is not an object"));
    };
    for (key, value) in top {
        match key.as_str() {
            "openapi" => {
                out.insert(key.clone(), "3.0.3".into());
            }
            "jsonSchemaDialect" => {}
            "info" => {
                out.insert(key.clone(), info(value));
            }
            "paths" => {
                out.insert(key.clone(), path_items(value, "/paths")?);
            }
            "webhooks" => {
                out.insert("x-webhooks".into(), path_items(value, "/webhooks")?);
            }
            "components" => {
                let mut components = Map::new();
                for (kind, entries) in value.as_object().into_iter().flatten() {
                    let converted = if kind == "schemas" {
                        let mut schemas = Map::new();
                        for (name, s) in entries.as_object().into_iter().flatten() {
                            let at = format!("/components/schemas/{name}");
                            schemas.insert(name.clone(), schema(s, &at)?);
                        }
                        Value::Object(schemas)
                    } else {
                        entries.clone()
                    };
                    components.insert(kind.clone(), converted);
                }
                out.insert(key.clone(), Value::Object(components));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(Value::Object(out))
}

fn err(pointer: &str, message: impl Into<String>) -> Error {
    Error::new(paths::OPENAPI_30, pointer, message)
}

/// 3.0's Info has no `summary`, and its License no SPDX `identifier`.
fn info(v: &Value) -> Value {
    let mut info = v.clone();
    if let Some(o) = info.as_object_mut() {
        o.remove("summary");
        if let Some(Value::Object(license)) = o.get_mut("license") {
            license.remove("identifier");
        }
    }
    info
}

/// Path items (or webhooks): each media type's `schema` is converted.
fn path_items(v: &Value, at: &str) -> Result<Value, Error> {
    fn walk(v: &Value, at: &str) -> Result<Value, Error> {
        match v {
            Value::Object(o) => {
                let mut out = Map::new();
                for (k, child) in o {
                    let here = format!("{at}/{k}");
                    let converted = if k == "schema" {
                        schema(child, &here)?
                    } else {
                        walk(child, &here)?
                    };
                    out.insert(k.clone(), converted);
                }
                Ok(Value::Object(out))
            }
            Value::Array(a) => Ok(Value::Array(
                a.iter()
                    .enumerate()
                    .map(|(i, c)| walk(c, &format!("{at}/{i}")))
                    .collect::<Result<_, _>>()?,
            )),
            other => Ok(other.clone()),
        }
    }
    walk(v, at)
}

/// Keywords copied unchanged: the same meaning in both versions.
const SAME: &[&str] = &[
    "title",
    "description",
    "enum",
    "required",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "format",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Keywords that only annotate: a `$ref` may keep them beside it.
const ANNOTATIONS: &[&str] = &[
    "$ref",
    "$comment",
    "title",
    "description",
    "examples",
    "default",
    "deprecated",
];

/// Keywords that apply to one JSON type only (so a multi-type schema's
/// keyword goes into the branch of its type).
fn applies_to(keyword: &str) -> Option<&'static [&'static str]> {
    match keyword {
        "pattern" | "minLength" | "maxLength" | "format" => Some(&["string"]),
        "minimum" | "maximum" | "multipleOf" => Some(&["integer", "number"]),
        "items" | "minItems" | "maxItems" | "uniqueItems" => Some(&["array"]),
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            Some(&["object"])
        }
        _ => None,
    }
}

/// One 2020-12 schema as a 3.0 Schema Object.
fn schema(v: &Value, at: &str) -> Result<Value, Error> {
    let o = match v {
        Value::Bool(true) => return Ok(json!({})),
        Value::Bool(false) => return Ok(json!({ "not": {} })),
        Value::Object(o) => o,
        _ => return Err(err(at, "a schema must be an object or a boolean")),
    };
    if o.contains_key("$ref") && o.keys().any(|k| !is_annotation(k)) {
        // 3.0 ignores everything beside a `$ref`: move the reference into an allOf.
        let mut wrapped = o.clone();
        let reference = wrapped.remove("$ref").unwrap_or_default();
        let mut all_of = vec![json!({ "$ref": reference })];
        if let Some(Value::Array(existing)) = wrapped.remove("allOf") {
            all_of.extend(existing);
        }
        wrapped.insert("allOf".into(), Value::Array(all_of));
        return schema(&Value::Object(wrapped), at);
    }
    let mut out = Map::new();
    // Constraints to add to `allOf` (a multi-type `anyOf` beside another one).
    let mut extra: Vec<Value> = Vec::new();
    for (k, child) in o {
        let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
        match k.as_str() {
            "$comment" | "type" => {}
            "$ref" => {
                out.insert(k.clone(), child.clone());
            }
            "const" => {
                out.insert("enum".into(), json!([child]));
            }
            "examples" => {
                if let Some(first) = child.as_array().and_then(|a| a.first()) {
                    out.insert("example".into(), first.clone());
                }
            }
            "properties" => {
                let mut props = Map::new();
                for (name, s) in child.as_object().into_iter().flatten() {
                    props.insert(name.clone(), schema(s, &format!("{here}/{name}"))?);
                }
                out.insert(k.clone(), Value::Object(props));
            }
            "items" | "not" => {
                out.insert(k.clone(), schema(child, &here)?);
            }
            "additionalProperties" => {
                let converted = match child {
                    Value::Bool(_) => child.clone(),
                    _ => schema(child, &here)?,
                };
                out.insert(k.clone(), converted);
            }
            "anyOf" | "oneOf" if only_required(child) => {
                out.insert(format!("x-{k}"), child.clone());
            }
            "allOf" | "anyOf" | "oneOf" => {
                let written = child
                    .as_array()
                    .ok_or_else(|| err(&here, "expected an array of schemas"))?;
                let mut branches = Vec::new();
                let mut rules = Vec::new();
                for (i, s) in written.iter().enumerate() {
                    let converted = schema(s, &format!("{here}/{i}"))?;
                    let only_rules = converted
                        .as_object()
                        .is_some_and(|b| b.keys().all(|key| key.starts_with("x-")));
                    if k == "allOf" && only_rules {
                        rules.push(s.clone());
                    } else {
                        branches.push(converted);
                    }
                }
                if !rules.is_empty() {
                    out.insert("x-allOf".into(), Value::Array(rules));
                }
                if !branches.is_empty() {
                    out.insert(k.clone(), Value::Array(branches));
                }
            }
            "if" | "then" | "else" | "dependentRequired" | "contains" => {
                out.insert(format!("x-{k}"), child.clone());
            }
            key if key.starts_with("x-") => {
                out.insert(k.clone(), child.clone());
            }
            key if SAME.contains(&key) => {
                out.insert(k.clone(), child.clone());
            }
            other => {
                let message = format!("keyword `{other}` has no OpenAPI 3.0 rendering yet");
                return Err(err(&here, message));
            }
        }
    }
    negated_pattern(&mut out);
    if let Some(t) = o.get("type") {
        types(t, &mut out, &mut extra, at)?;
    }
    if !extra.is_empty() {
        let mut all_of = match out.remove("allOf") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        all_of.extend(extra);
        out.insert("allOf".into(), Value::Array(all_of));
    }
    Ok(Value::Object(out))
}

/// `not: {type: string, pattern: B}` ("B matches nowhere in a string", the
/// bundle's portable way to say "only these characters" without `$`) becomes
/// the pattern `^(?![\s\S]*(?:B))`, joined with the schema's own pattern `A`
/// as `^(?=[\s\S]*(?:A))(?![\s\S]*(?:B))`. Lookaheads and `[\s\S]` mean the
/// same in ECMA-262 (what OpenAPI 3.0 names) and in Python and Rust's
/// `regress`; generators read a pattern, where a `not` stops most of them.
fn negated_pattern(out: &mut Map<String, Value>) {
    let Some(Value::Object(not)) = out.get("not") else {
        return;
    };
    let (Some(Value::String(b)), Some("string")) =
        (not.get("pattern"), not.get("type").and_then(Value::as_str))
    else {
        return;
    };
    if not.len() != 2 {
        return;
    }
    let negative = format!("(?![\\s\\S]*(?:{b}))");
    let pattern = match out.get("pattern").and_then(Value::as_str) {
        Some(a) => format!("^(?=[\\s\\S]*(?:{a})){negative}"),
        None => format!("^{negative}"),
    };
    out.remove("not");
    out.insert("pattern".into(), pattern.into());
}

/// An `anyOf` of `required` lists ("give at least one of …"): a rule about
/// which keys are present, not a shape.
fn only_required(branches: &Value) -> bool {
    branches.as_array().is_some_and(|a| {
        a.iter().all(|b| {
            b.as_object().is_some_and(|o| {
                o.contains_key("required") && o.keys().all(|k| k == "required" || is_annotation(k))
            })
        })
    })
}

fn is_annotation(keyword: &str) -> bool {
    ANNOTATIONS.contains(&keyword) || keyword.starts_with("x-")
}

/// `type`: one name stays; `null` among several becomes `nullable`; several
/// others become an `anyOf` with one branch per type, each taking the
/// keywords of `out` that apply to its type only.
fn types(
    t: &Value,
    out: &mut Map<String, Value>,
    extra: &mut Vec<Value>,
    at: &str,
) -> Result<(), Error> {
    let names: Vec<&str> = match t {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => return Err(err(at, "`type` must be a string or an array of strings")),
    };
    let nullable = names.contains(&"null");
    let names: Vec<&str> = names.into_iter().filter(|n| *n != "null").collect();
    match names.as_slice() {
        [] if nullable => {
            out.insert("enum".into(), json!([null]));
            out.insert("nullable".into(), true.into());
        }
        [] => {}
        [one] => {
            out.insert("type".into(), (*one).into());
            if nullable {
                out.insert("nullable".into(), true.into());
            }
        }
        several => {
            let mut branches = Vec::new();
            for name in several {
                let mut branch = Map::new();
                branch.insert("type".into(), (*name).into());
                if nullable {
                    branch.insert("nullable".into(), true.into());
                }
                for (k, v) in out.iter() {
                    if applies_to(k).is_some_and(|ts| ts.contains(name)) {
                        branch.insert(k.clone(), v.clone());
                    }
                }
                branches.push(Value::Object(branch));
            }
            out.retain(|k, _| applies_to(k).is_none());
            let any_of = json!({ "anyOf": branches });
            if out.contains_key("anyOf") {
                extra.push(any_of);
            } else {
                out.insert("anyOf".into(), any_of["anyOf"].clone());
            }
        }
    }
    Ok(())
}
