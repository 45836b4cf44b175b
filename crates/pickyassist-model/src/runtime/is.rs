//! The keywords as predicates, for subschemas that only decide (`if`,
//! `not`, `anyOf`, `oneOf`, `contains`): no pointers, no messages, the first
//! failure ends the test. [`Errors`](super::keywords::Errors) reports with the same predicates.

use super::check::{char_len, is_multiple_of, json_equal};
use super::literal::{Lit, Ty};
use regex::Regex;
use serde_json::Value;

/// `type`.
pub fn ty(v: &Value, types: &[Ty]) -> bool {
    types.iter().any(|t| t.holds(v))
}

/// `enum`.
pub fn one_of(v: &Value, values: &[Lit]) -> bool {
    values.iter().any(|l| l.matches(v))
}

/// `const`.
pub fn constant(v: &Value, value: Lit) -> bool {
    value.matches(v)
}

/// `minLength` (code points; non-strings pass).
pub fn min_length(v: &Value, n: u64) -> bool {
    v.as_str().is_none_or(|s| char_len(s) >= n)
}

/// `maxLength` (code points; non-strings pass).
pub fn max_length(v: &Value, n: u64) -> bool {
    v.as_str().is_none_or(|s| char_len(s) <= n)
}

/// `pattern` (non-strings pass).
pub fn pattern(v: &Value, re: &Regex) -> bool {
    v.as_str().is_none_or(|s| re.is_match(s))
}

/// `minimum` (non-numbers pass).
pub fn minimum(v: &Value, x: f64) -> bool {
    v.as_f64().is_none_or(|n| n >= x)
}

/// `maximum` (non-numbers pass).
pub fn maximum(v: &Value, x: f64) -> bool {
    v.as_f64().is_none_or(|n| n <= x)
}

/// `required` (non-objects pass).
pub fn required(v: &Value, keys: &[&str]) -> bool {
    v.as_object()
        .is_none_or(|o| keys.iter().all(|k| o.contains_key(*k)))
}

/// `properties` for one key: its value, when present, passes `test`.
pub fn prop(v: &Value, key: &str, test: impl FnOnce(&Value) -> bool) -> bool {
    v.as_object().and_then(|o| o.get(key)).is_none_or(test)
}

/// `additionalProperties: false` (non-objects pass).
pub fn no_additional(v: &Value, known: &[&str]) -> bool {
    v.as_object()
        .is_none_or(|o| o.keys().all(|k| known.contains(&k.as_str())))
}

/// `dependentRequired` for one key (non-objects pass).
pub fn dependent_required(v: &Value, key: &str, needs: &[&str]) -> bool {
    v.as_object()
        .is_none_or(|o| !o.contains_key(key) || needs.iter().all(|n| o.contains_key(*n)))
}

/// `items` (non-arrays pass).
pub fn items(v: &Value, test: impl Fn(&Value) -> bool) -> bool {
    v.as_array().is_none_or(|a| a.iter().all(test))
}

/// `minItems` (non-arrays pass).
pub fn min_items(v: &Value, n: usize) -> bool {
    v.as_array().is_none_or(|a| a.len() >= n)
}

/// `maxItems` (non-arrays pass).
pub fn max_items(v: &Value, n: usize) -> bool {
    v.as_array().is_none_or(|a| a.len() <= n)
}

/// `contains` (non-arrays pass).
pub fn contains(v: &Value, test: impl Fn(&Value) -> bool) -> bool {
    v.as_array().is_none_or(|a| a.iter().any(test))
}

/// `contains` with `minContains`/`maxContains` (non-arrays pass).
pub fn contains_count(
    v: &Value,
    min: usize,
    max: Option<usize>,
    test: impl Fn(&Value) -> bool,
) -> bool {
    v.as_array().is_none_or(|a| {
        let n = a.iter().filter(|x| test(x)).count();
        n >= min && max.is_none_or(|m| n <= m)
    })
}

/// `oneOf`: exactly one branch passed.
pub fn exactly_one(passed: &[bool]) -> bool {
    count(passed) == 1
}

/// `exclusiveMinimum` (non-numbers pass).
pub fn exclusive_minimum(v: &Value, x: f64) -> bool {
    v.as_f64().is_none_or(|n| n > x)
}

/// `exclusiveMaximum` (non-numbers pass).
pub fn exclusive_maximum(v: &Value, x: f64) -> bool {
    v.as_f64().is_none_or(|n| n < x)
}

/// `multipleOf` (non-numbers pass).
pub fn multiple_of(v: &Value, m: f64) -> bool {
    match v {
        Value::Number(n) => is_multiple_of(n, m),
        _ => true,
    }
}

/// `uniqueItems: true` (non-arrays pass).
pub fn unique_items(v: &Value) -> bool {
    v.as_array().is_none_or(|a| {
        a.iter()
            .enumerate()
            .all(|(i, x)| a[..i].iter().all(|y| !json_equal(x, y)))
    })
}

/// `prefixItems` for one index: the element, when present, passes `test`.
pub fn prefix(v: &Value, index: usize, test: impl FnOnce(&Value) -> bool) -> bool {
    v.as_array().and_then(|a| a.get(index)).is_none_or(test)
}

/// `items` after `prefixItems`: every element from `skip` on passes `test`.
pub fn items_after(v: &Value, skip: usize, test: impl Fn(&Value) -> bool) -> bool {
    v.as_array().is_none_or(|a| a.iter().skip(skip).all(test))
}

/// `additionalProperties` as a schema: every key not in `known` passes `test`.
pub fn additional(
    v: &Value,
    known: &[&str],
    patterns: &[&Regex],
    test: impl Fn(&Value) -> bool,
) -> bool {
    v.as_object().is_none_or(|o| {
        o.iter()
            .filter(|(k, _)| {
                !known.contains(&k.as_str()) && !patterns.iter().any(|p| p.is_match(k))
            })
            .all(|(_, x)| test(x))
    })
}

/// `patternProperties` for one pattern (non-objects pass).
pub fn pattern_props(v: &Value, pattern: &Regex, test: impl Fn(&Value) -> bool) -> bool {
    v.as_object().is_none_or(|o| {
        o.iter()
            .filter(|(k, _)| pattern.is_match(k))
            .all(|(_, x)| test(x))
    })
}

/// `propertyNames`: every key, as a JSON string (non-objects pass).
pub fn property_names(v: &Value, test: impl Fn(&Value) -> bool) -> bool {
    v.as_object()
        .is_none_or(|o| o.keys().all(|k| test(&Value::String(k.clone()))))
}

/// `minProperties` (non-objects pass).
pub fn min_properties(v: &Value, n: usize) -> bool {
    v.as_object().is_none_or(|o| o.len() >= n)
}

/// `maxProperties` (non-objects pass).
pub fn max_properties(v: &Value, n: usize) -> bool {
    v.as_object().is_none_or(|o| o.len() <= n)
}

/// `dependentSchemas` for one key: when the object has it, the object passes `test`.
pub fn dependent_schema(v: &Value, key: &str, test: impl FnOnce(&Value) -> bool) -> bool {
    !v.as_object().is_some_and(|o| o.contains_key(key)) || test(v)
}

/// How many of the branches matched (for `oneOf`).
pub fn count(matched: &[bool]) -> usize {
    matched.iter().filter(|m| **m).count()
}
