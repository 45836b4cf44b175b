//! `pickyassist schema`: the bundle, one type with the `$defs` it needs, or the OpenAPI document.

use crate::output::did_you_mean;
use serde_json::{Map, Value};

/// The exported schemas, built into the model crate.
const BUNDLE: &str = pickyassist_model::BUNDLE_JSON;
const OPENAPI: &str = pickyassist_model::OPENAPI_JSON;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One type (its `$defs` name); without it, the whole bundle.
    #[arg(value_name = "TYPE", conflicts_with = "openapi")]
    ty: Option<String>,
    /// Print the OpenAPI 3.1 document instead.
    #[arg(long)]
    openapi: bool,
}

pub fn run(args: &Args) -> Result<(), String> {
    if args.openapi {
        print!("{OPENAPI}");
        return Ok(());
    }
    let Some(name) = &args.ty else {
        print!("{BUNDLE}");
        return Ok(());
    };
    let bundle: Value = serde_json::from_str(BUNDLE).map_err(|e| format!("bundle: {e}"))?;
    let defs = bundle["$defs"]
        .as_object()
        .ok_or("the bundle has no $defs")?;
    if !defs.contains_key(name) {
        let hint = did_you_mean(name, defs.keys().map(String::as_str))
            .map(|n| format!("; did you mean {n}?"))
            .unwrap_or_default();
        return Err(format!("no type {name}{hint}"));
    }
    let schema = standalone(defs, name);
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// `{"$ref": "#/$defs/T", "$defs": {T and every type it reaches}}`: a
/// document any 2020-12 validator loads on its own.
fn standalone(defs: &Map<String, Value>, name: &str) -> Value {
    let mut needed = vec![name.to_owned()];
    let mut i = 0;
    while i < needed.len() {
        let mut refs = Vec::new();
        collect_refs(&defs[&needed[i]], &mut refs);
        for r in refs {
            if !needed.contains(&r) {
                needed.push(r);
            }
        }
        i += 1;
    }
    needed.sort();
    let picked: Map<String, Value> = needed
        .iter()
        .map(|n| (n.clone(), defs[n].clone()))
        .collect();
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/$defs/{name}"),
        "$defs": picked,
    })
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                match (k.as_str(), child) {
                    ("$ref", Value::String(r)) => {
                        if let Some(n) = r.strip_prefix("#/$defs/") {
                            out.push(n.to_owned());
                        }
                    }
                    ("enum" | "const" | "x-enum" | "examples", _) => {}
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|c| collect_refs(c, out)),
        _ => {}
    }
}
