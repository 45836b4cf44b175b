//! The reference validator: the `jsonschema` crate running the exported bundle.

use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

/// The exported bundle, as committed.
pub const BUNDLE: &str = include_str!("../../schema/pickyassist.bundle.json");

/// The bundle's `$defs`, parsed once.
pub fn defs() -> &'static Value {
    static DEFS: OnceLock<Value> = OnceLock::new();
    DEFS.get_or_init(|| {
        let bundle: Value = serde_json::from_str(BUNDLE).expect("bundle is JSON");
        bundle["$defs"].clone()
    })
}

/// A validator for any location in the bundle, e.g. `/$defs/PushRequest` or
/// `/$defs/PushRequest/properties/data`. Compiled once per location.
pub fn validator_at(location: &str) -> Arc<jsonschema::Validator> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let entry = cache.entry(location.to_string()).or_insert_with(|| {
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": format!("#{location}"),
            "$defs": defs(),
        });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&schema)
            .unwrap_or_else(|e| panic!("bundle location {location} compiles: {e}"));
        Arc::new(validator)
    });
    Arc::clone(entry)
}

/// The reference validator's error locations for `type_name`, mapped the way
/// ours are: a missing or unknown key is reported at the key, not at its parent.
pub fn pointers(type_name: &str, instance: &Value) -> BTreeSet<String> {
    pointers_at(&format!("/$defs/{type_name}"), instance)
}

/// As [`pointers`], for any bundle location.
pub fn pointers_at(location: &str, instance: &Value) -> BTreeSet<String> {
    use jsonschema::error::ValidationErrorKind as K;
    let validator = validator_at(location);
    let mut out = BTreeSet::new();
    for e in validator.iter_errors(instance) {
        let at = e.instance_path().as_str().to_string();
        match e.kind() {
            K::Required { property } => {
                out.insert(format!(
                    "{at}/{}",
                    escape(property.as_str().unwrap_or_default())
                ));
            }
            K::AdditionalProperties { unexpected } => {
                for k in unexpected {
                    out.insert(format!("{at}/{}", escape(k)));
                }
            }
            _ => {
                out.insert(at);
            }
        }
    }
    out
}

/// A key as a JSON pointer segment.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The key a JSON pointer segment names.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
