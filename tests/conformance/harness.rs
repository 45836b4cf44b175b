//! What one conformance case asserts. The generated tests call [`valid`] and
//! [`invalid`] with the case file's path and text.

use pickyassist_model::{validate_json, Model, Validate};
use pickyassist_tests::reference::pointers as reference_pointers;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Debug;

/// A valid case: accepted by both validators, and it survives decode →
/// encode → decode unchanged, with the encoding stable (canonical).
pub fn valid<T>(path: &str, text: &str)
where
    T: Model + DeserializeOwned + Serialize + Validate + PartialEq + Debug,
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
    T: Model + DeserializeOwned + Debug,
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
            e.schema_path.starts_with("/$defs/") || matches!(e.keyword, "json" | "duplicateKey"),
            "{path}: bad schema path {e:?}"
        );
    }
    let reference = reference_pointers(T::NAME, payload);
    assert_eq!(reference, expected, "{path}: jsonschema pointers differ");
    if let Some(quoted) = pickyassist_tests::personal::quoted_by(payload, ours.iter()) {
        panic!("{path}: an error quotes a value: {quoted}\n{ours}");
    }
}
