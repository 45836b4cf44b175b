//! What one conformance case asserts. The generated tests call [`valid`] and
//! [`invalid`] with the case file's path and text.

use pickyassist_model::{validate_json, JsonSchema, Validate};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Debug;
use std::sync::{Arc, Mutex, OnceLock};

const BUNDLE: &str = include_str!("../../schema/pickyassist.bundle.json");

/// A valid case: accepted by both validators, and it survives decode →
/// encode → decode unchanged, with the encoding stable (canonical).
pub fn valid<T>(path: &str, text: &str)
where
    T: JsonSchema + DeserializeOwned + Serialize + Validate + PartialEq + Debug,
{
    let value: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: not JSON: {e}"));
    let decoded: T = match validate_json(text.as_bytes()) {
        Ok(v) => v,
        Err(e) => panic!("{path}: the generated validator rejects a valid case:\n{e}"),
    };
    let reference = reference_pointers(T::NAME, &value);
    assert!(
        reference.is_empty(),
        "{path}: jsonschema rejects a valid case at {reference:?}"
    );
    if let Err(e) = decoded.validate() {
        panic!("{path}: Validate::validate rejects the decoded value:\n{e}");
    }
    let encoded = serde_json::to_vec(&decoded).expect("a decoded value encodes");
    let again: T = match validate_json(&encoded) {
        Ok(v) => v,
        Err(e) => panic!("{path}: the re-encoded value is invalid:\n{e}"),
    };
    assert_eq!(
        again, decoded,
        "{path}: decode → encode → decode changed the value"
    );
    let twice = serde_json::to_vec(&again).expect("encodes");
    assert_eq!(twice, encoded, "{path}: the encoding is not stable");
}

/// An invalid case: both validators reject it, each reporting exactly the
/// expected instance pointers.
pub fn invalid<T>(path: &str, text: &str)
where
    T: JsonSchema + DeserializeOwned + Debug,
{
    let envelope: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: not JSON: {e}"));
    let payload = &envelope["payload"];
    let expected: BTreeSet<String> = envelope["errors"]
        .as_array()
        .expect("generator checked the envelope")
        .iter()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    let bytes = serde_json::to_vec(payload).expect("encodes");
    let ours = match validate_json::<T>(&bytes) {
        Ok(v) => panic!("{path}: the generated validator accepts an invalid case as {v:?}"),
        Err(e) => e,
    };
    let got: BTreeSet<String> = ours.iter().map(|e| e.pointer.clone()).collect();
    assert_eq!(
        got, expected,
        "{path}: generated validator pointers differ; its errors:\n{ours}"
    );
    for e in &ours {
        assert!(
            !e.message.is_empty() && !e.keyword.is_empty(),
            "{path}: error without words: {e:?}"
        );
        assert!(
            e.schema_path.starts_with("/$defs/") || e.keyword == "json",
            "{path}: bad schema path {e:?}"
        );
    }
    let reference = reference_pointers(T::NAME, payload);
    assert_eq!(reference, expected, "{path}: jsonschema pointers differ");
}

/// The reference validator's error locations, mapped the way ours are: a
/// missing or unknown key is reported at the key, not at its parent object.
pub fn reference_pointers(type_name: &str, instance: &Value) -> BTreeSet<String> {
    use jsonschema::error::ValidationErrorKind as K;
    let validator = reference_validator(type_name);
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

/// The reference validator for one type, compiled once and shared by all cases.
fn reference_validator(type_name: &str) -> Arc<jsonschema::Validator> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let entry = cache.entry(type_name.to_string()).or_insert_with(|| {
        let bundle: Value = serde_json::from_str(BUNDLE).expect("bundle is JSON");
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": format!("#/$defs/{type_name}"),
            "$defs": bundle["$defs"],
        });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&schema)
            .expect("bundle compiles");
        Arc::new(validator)
    });
    Arc::clone(entry)
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
