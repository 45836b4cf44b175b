//! `schemars::JsonSchema` for every type (feature `schemars`): each type's
//! schema is its entry of the exported bundle, so the two cannot drift.

use schemars::{Schema, SchemaGenerator};
use serde_json::{Map, Value};
use std::sync::LazyLock;

/// The bundle the generator exported, as built into this crate.
static BUNDLE: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(crate::BUNDLE_JSON).unwrap_or(Value::Null));

/// `name`'s schema from the bundle; every type it refers to is added to the
/// generator's definitions, with references pointing where the generator
/// keeps them.
pub fn schema(generator: &mut SchemaGenerator, name: &str) -> Schema {
    let prefix = format!(
        "#{}/",
        generator.settings().definitions_path.trim_end_matches('/')
    );
    let defs = BUNDLE["$defs"].as_object();
    let mut pending = vec![name.to_owned()];
    let mut root = Value::Bool(true);
    while let Some(current) = pending.pop() {
        let mut schema = defs
            .and_then(|d| d.get(&current))
            .cloned()
            .unwrap_or(Value::Bool(true));
        let mut refs = Vec::new();
        rewrite(&mut schema, &prefix, &mut refs);
        if current == name {
            root = schema;
        } else {
            generator.definitions_mut().insert(current.clone(), schema);
        }
        for r in refs {
            if r != name && !generator.definitions().contains_key(&r) && !pending.contains(&r) {
                pending.push(r);
            }
        }
    }
    Schema::try_from(root).unwrap_or_default()
}

/// `#/$defs/X` → `<prefix>X`, noting each `X`.
fn rewrite(v: &mut Value, prefix: &str, refs: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o.iter_mut() {
                match (k.as_str(), child) {
                    ("$ref", Value::String(r)) => {
                        if let Some(n) = r.strip_prefix("#/$defs/") {
                            refs.push(n.to_owned());
                            *r = format!("{prefix}{n}");
                        }
                    }
                    ("enum" | "const" | "x-enum" | "examples", _) => {}
                    (_, child) => rewrite(child, prefix, refs),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| rewrite(c, prefix, refs)),
        _ => {}
    }
}

/// The bundle's `$defs`, for tests comparing with `schema_for!`.
pub fn bundle_defs() -> Map<String, Value> {
    BUNDLE["$defs"].as_object().cloned().unwrap_or_default()
}

/// `JsonSchema` for a runtime type whose `$defs` name is its Rust name
/// (written in each type's file; generated types write the impl out).
macro_rules! by_name {
    ($ty:ident) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($ty))
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                super::schemars_impl::schema(generator, stringify!($ty))
            }
        }
    };
}

pub(crate) use by_name;
