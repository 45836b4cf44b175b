//! `required`, `properties`, `additionalProperties`, `patternProperties`,
//! `propertyNames`, `minProperties`/`maxProperties`, `dependentRequired`,
//! `dependentSchemas`. Errors about a missing or unknown key point at that key.
//!
//! Each keyword's predicate (what `rt::is` answers, and what its report
//! asks) and its report (an [`Errors`] method that owns the message) sit
//! side by side.

use std::borrow::Cow;

use super::errors::Errors;
use crate::runtime::at::At;
use crate::runtime::check::unknown_key_message;
use crate::runtime::pattern::Pattern;
use crate::runtime::tree::{Json, Obj};

/// `required` (non-objects pass).
pub fn required(v: Json<'_>, keys: &[&str]) -> bool {
    v.as_object()
        .is_none_or(|o| keys.iter().all(|k| o.contains_key(k)))
}

impl Errors {
    /// `required`: each missing key is reported at the key itself.
    pub fn required(&mut self, o: Obj<'_>, at: &At<'_>, path: &'static str, keys: &[&str]) {
        for key in keys {
            if !o.contains_key(key) {
                self.fail_key(at, key, "required", path, || {
                    format!("missing required variable {key:?}")
                });
            }
        }
    }
}

/// `properties` for one key: its value, when present, passes `test`.
pub fn prop(v: Json<'_>, key: &str, test: impl FnOnce(Json<'_>) -> bool) -> bool {
    v.as_object().and_then(|o| o.get(key)).is_none_or(test)
}

/// `required` and `properties` for one key, in one lookup: the key is
/// there and its value passes `test` (non-objects pass).
pub fn has(v: Json<'_>, key: &str, test: impl FnOnce(Json<'_>) -> bool) -> bool {
    v.as_object().is_none_or(|o| o.get(key).is_some_and(test))
}

/// `additionalProperties: false` (non-objects pass).
pub fn no_additional(v: Json<'_>, known: &[&str]) -> bool {
    v.as_object()
        .is_none_or(|o| o.keys().all(|k| known.contains(&k)))
}

impl Errors {
    /// `additionalProperties: false`: each unknown key is reported at the key.
    pub fn no_additional(
        &mut self,
        o: Obj<'_>,
        at: &At<'_>,
        path: &'static str,
        owner: &'static str,
        known: &[&str],
    ) {
        // Sorted: the order of keys in a map depends on serde_json's features.
        let mut unknown: Vec<&str> = o.keys().filter(|k| !known.contains(k)).collect();
        unknown.sort_unstable();
        for key in unknown {
            self.unknown_key(at, path, key, owner, known);
        }
    }

    /// `additionalProperties: false` for one member whose key is not
    /// `known` (when the generated code walks the members itself).
    pub fn unknown_key(
        &mut self,
        at: &At<'_>,
        path: &'static str,
        key: &str,
        owner: &'static str,
        known: &[&str],
    ) {
        self.fail_key(at, key, "additionalProperties", path, || {
            unknown_key_message(key, owner, known)
        });
    }
}

/// `dependentRequired` for one key (non-objects pass).
pub fn dependent_required(v: Json<'_>, key: &str, needs: &[&str]) -> bool {
    v.as_object()
        .is_none_or(|o| !o.contains_key(key) || needs.iter().all(|n| o.contains_key(n)))
}

impl Errors {
    /// `dependentRequired`: when `key` is given, so must `needs` be.
    pub fn dependent_required(
        &mut self,
        o: Obj<'_>,
        at: &At<'_>,
        path: &'static str,
        key: &str,
        needs: &[&str],
    ) {
        if !o.contains_key(key) {
            return;
        }
        for need in needs {
            if !o.contains_key(need) {
                self.fail_key(at, need, "dependentRequired", path, || {
                    format!("{need:?} is required when {key:?} is given")
                });
            }
        }
    }
}

/// `additionalProperties` as a schema: every key not in `known` passes `test`.
pub fn additional(
    v: Json<'_>,
    known: &[&str],
    patterns: &[&Pattern],
    test: impl Fn(Json<'_>) -> bool,
) -> bool {
    v.as_object().is_none_or(|o| {
        o.iter()
            .filter(|(k, _)| !known.contains(k) && !patterns.iter().any(|p| p.is_match(k)))
            .all(|(_, x)| test(x))
    })
}

/// `patternProperties` for one pattern (non-objects pass).
pub fn pattern_props(v: Json<'_>, pattern: &Pattern, test: impl Fn(Json<'_>) -> bool) -> bool {
    v.as_object().is_none_or(|o| {
        o.iter()
            .filter(|(k, _)| pattern.is_match(k))
            .all(|(_, x)| test(x))
    })
}

/// `propertyNames`: every key, as a JSON string (non-objects pass).
pub fn property_names(v: Json<'_>, test: impl Fn(Json<'_>) -> bool) -> bool {
    v.as_object()
        .is_none_or(|o| o.names().all(|(_, k)| test(k)))
}

/// `minProperties` (non-objects pass).
pub fn min_properties(v: Json<'_>, n: usize) -> bool {
    v.as_object().is_none_or(|o| o.len() >= n)
}

impl Errors {
    /// `minProperties`.
    pub fn min_properties(&mut self, o: Obj<'_>, at: &At<'_>, path: &'static str, n: usize) {
        if o.len() < n {
            self.fail(at, "minProperties", path, || match n {
                1 => Cow::Borrowed("must not be empty"),
                n => Cow::Owned(format!("must have at least {n} members")),
            });
        }
    }
}

/// `maxProperties` (non-objects pass).
pub fn max_properties(v: Json<'_>, n: usize) -> bool {
    v.as_object().is_none_or(|o| o.len() <= n)
}

impl Errors {
    /// `maxProperties`.
    pub fn max_properties(&mut self, o: Obj<'_>, at: &At<'_>, path: &'static str, n: usize) {
        if o.len() > n {
            let len = o.len();
            self.fail(at, "maxProperties", path, || {
                format!("must have at most {n} members; found {len}")
            });
        }
    }
}

/// `dependentSchemas` for one key: when the object has it, the object passes `test`.
pub fn dependent_schema(v: Json<'_>, key: &str, test: impl FnOnce(Json<'_>) -> bool) -> bool {
    !v.as_object().is_some_and(|o| o.contains_key(key)) || test(v)
}
