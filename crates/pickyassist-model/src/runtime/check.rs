//! Small predicates the generated validators call, kept here so that the
//! generated code reads as a list of rules rather than as JSON plumbing.

use super::tree::{Json, Obj};
use serde_json::Value;

/// The JSON type name of a value, for messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n)
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) =>
        {
            "integer"
        }
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// String length as JSON Schema counts it: in Unicode code points.
pub fn char_len(s: &str) -> u64 {
    s.chars().count() as u64
}

/// JSON equality as JSON Schema defines it: numbers by value (`1 == 1.0`),
/// objects regardless of key order, arrays element by element.
pub fn json_equal(a: Json<'_>, b: Json<'_>) -> bool {
    if let (Some(x), Some(y)) = (a.as_array(), b.as_array()) {
        return x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b));
    }
    if let (Some(x), Some(y)) = (a.as_object(), b.as_object()) {
        if x.len() != y.len() {
            return false;
        }
        // A lookup scans the object: fine for a few members, quadratic for
        // many, where both are sorted by key and walked side by side.
        if x.len() <= 16 {
            return x
                .iter()
                .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)));
        }
        let (x, y) = (by_key(x), by_key(y));
        return x
            .iter()
            .zip(&y)
            .all(|((k, v), (l, w))| k == l && json_equal(*v, *w));
    }
    if a.is_number() && b.is_number() {
        return match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
            (Some(i), Some(j), _, _) => i == j,
            (_, _, Some(i), Some(j)) => i == j,
            _ => a.as_f64() == b.as_f64(),
        };
    }
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => x == y,
        (None, None) => {
            (a.is_null() && b.is_null()) || (a.as_bool().is_some() && a.as_bool() == b.as_bool())
        }
        _ => false,
    }
}

/// A hash of a value under [`json_equal`]: equal values hash alike (`1`
/// and `1.0`, members in any order).
pub fn json_hash(v: Json<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    if let Some(a) = v.as_array() {
        (1u8, a.len()).hash(&mut h);
        a.iter().for_each(|x| json_hash(x).hash(&mut h));
    } else if let Some(o) = v.as_object() {
        // Order-free: a sum of the members' own hashes.
        let members = o.iter().fold(0u64, |sum, (k, x)| {
            let mut m = std::collections::hash_map::DefaultHasher::new();
            (k, json_hash(x)).hash(&mut m);
            sum.wrapping_add(m.finish())
        });
        (2u8, o.len(), members).hash(&mut h);
    } else if let Some(x) = v.as_f64() {
        // Equal numbers have equal `f64`s; `-0.0` is `0.0`.
        (3u8, if x == 0.0 { 0 } else { x.to_bits() }).hash(&mut h);
    } else if let Some(s) = v.as_str() {
        (4u8, s).hash(&mut h);
    } else {
        (5u8, v.as_bool()).hash(&mut h);
    }
    h.finish()
}

/// The members of an object, sorted by key.
fn by_key(o: Obj<'_>) -> Vec<(&str, Json<'_>)> {
    let mut members: Vec<_> = o.iter().collect();
    members.sort_unstable_by_key(|(k, _)| *k);
    members
}

/// Whether the number `v` is a multiple of `m` (> 0): exactly for integers,
/// within rounding for fractions; an infinite quotient is not a multiple.
pub fn is_multiple_of(v: Json<'_>, m: f64) -> bool {
    if let (Some(i), true) = (v.as_i64(), m.fract() == 0.0 && m.abs() < 9.0e15) {
        return i % (m as i64) == 0;
    }
    let Some(x) = v.as_f64() else { return false };
    let q = x / m;
    q.is_finite() && (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
}

/// The message for an unknown key, with a "did you mean" hint when one fits.
///
/// The same typo tends to repeat on every recipient of a push, so answers are
/// remembered per thread (a few hundred at most).
pub fn unknown_key_message(key: &str, type_name: &'static str, known: &[&str]) -> String {
    // (type, key, message); a short list, so a lookup allocates nothing.
    type Cache = Vec<(&'static str, String, String)>;
    thread_local! {
        static SEEN: std::cell::RefCell<Cache> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // `try_with`: during the thread's teardown the cache is gone, and the
    // message is worked out afresh.
    let hit = SEEN
        .try_with(|seen| {
            seen.borrow()
                .iter()
                .find(|(t, k, _)| *t == type_name && k == key)
                .map(|(_, _, m)| m.clone())
        })
        .ok()
        .flatten();
    if let Some(message) = hit {
        return message;
    }
    let message = if could_be_personal(key) {
        format!(
            "unknown variable in {type_name}: a name of {} characters, not quoted (it could be a phone number or a token)",
            key.chars().count()
        )
    } else {
        match super::suggest::did_you_mean(key, known.iter().copied()) {
            Some(k) => format!("unknown variable {key:?} in {type_name}; did you mean {k:?}?"),
            None => format!("unknown variable {key:?} in {type_name}"),
        }
    };
    // During the thread's teardown nothing is kept.
    SEEN.try_with(|seen| {
        let mut seen = seen.borrow_mut();
        // Bounded: hostile input with many distinct keys must not grow it forever.
        if seen.len() >= 32 {
            seen.remove(0);
        }
        seen.push((type_name, key.to_owned(), message.clone()));
    })
    .ok();
    message
}

/// Whether a key, used as a name, could be personal data: six digits or more
/// (a phone number keyed map, as PHP arrays become) or 32 characters or more
/// (a token). No variable of the API is either, so no typo is hidden.
pub fn could_be_personal(key: &str) -> bool {
    key.bytes().filter(u8::is_ascii_digit).count() >= 6 || key.chars().count() >= 32
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integer_follows_json_schema() {
        for (value, name) in [
            (json!(1), "integer"),
            (json!(1.0), "integer"),
            (json!(-3), "integer"),
            (json!(1.5), "number"),
            (json!("1"), "string"),
            (json!(null), "null"),
            (json!([]), "array"),
        ] {
            let doc = super::super::tree::Doc::from_value(&value).expect("small");
            assert_eq!(doc.root().type_name(), name, "{value}");
            assert_eq!(type_name(&value), name, "{value}");
        }
    }

    #[test]
    fn hints_near_keys_only() {
        let known = ["priority", "token", "globalmessage", "reference_number"];
        assert_eq!(
            unknown_key_message("priority ", "PushRequest", &known),
            "unknown variable \"priority \" in PushRequest; did you mean \"priority\"?"
        );
        assert_eq!(
            unknown_key_message("reference_no", "PushMessage", &known),
            "unknown variable \"reference_no\" in PushMessage; did you mean \"reference_number\"?"
        );
        assert_eq!(
            unknown_key_message("colour", "PushMessage", &known),
            "unknown variable \"colour\" in PushMessage"
        );
        // A phone number or a token used as a key is not quoted.
        for key in ["919812345678", "3e09daea611a26691ead999715b215c7d81dbfb0"] {
            let message = unknown_key_message(key, "PushMessage", &known);
            assert!(!message.contains(key), "{message}");
            assert!(
                message.starts_with("unknown variable in PushMessage: a name of"),
                "{message}"
            );
        }
    }

    /// Objects of many members compare in n log n, not by a scan per key
    /// (found by a review: 80 000 members took 13 s).
    #[test]
    fn large_objects_compare_by_value_whatever_their_order() {
        use super::super::tree::Doc;
        let n = 50_000;
        let forward: serde_json::Map<String, Value> =
            (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
        let mut text = String::from("{");
        for i in (0..n).rev() {
            text.push_str(&format!("\"k{i}\":{i}.0,"));
        }
        text.pop();
        text.push('}');
        let a = Doc::from_value(&Value::Object(forward)).expect("small");
        let (b, _) = super::super::tree::parse(&text).expect("JSON");
        assert!(json_equal(a.root(), b.root()));
        let changed = text.replace("\"k7\":7.0", "\"k7\":8");
        let (c, _) = super::super::tree::parse(&changed).expect("JSON");
        assert!(!json_equal(a.root(), c.root()));
    }

    /// `uniqueItems` on many items compares only items of one hash, and
    /// still finds equal ones written differently (found by a review: every
    /// pair was compared).
    #[test]
    fn many_items_are_checked_for_repeats_by_hash() {
        use super::super::keywords::array::unique_items;
        use super::super::tree::parse;
        let mut items: Vec<String> = (0..40_000)
            .map(|i| format!("{{\"n\":{i},\"s\":\"x{i}\"}}"))
            .collect();
        let text = format!("[{}]", items.join(","));
        let (doc, _) = parse(&text).expect("JSON");
        assert!(unique_items(doc.root()));
        // The same member written with its keys the other way round, and a
        // number as a fraction: equal under JSON Schema.
        items.push("{\"s\":\"x17\",\"n\":17.0}".into());
        let text = format!("[{}]", items.join(","));
        let (doc, _) = parse(&text).expect("JSON");
        assert!(!unique_items(doc.root()));
        for (a, b) in [
            ("1", "1.0"),
            ("-0", "0"),
            ("[1,{\"a\":2,\"b\":3}]", "[1.0,{\"b\":3,\"a\":2}]"),
        ] {
            let ((x, _), (y, _)) = (parse(a).expect("JSON"), parse(b).expect("JSON"));
            assert!(json_equal(x.root(), y.root()), "{a} {b}");
            assert_eq!(json_hash(x.root()), json_hash(y.root()), "{a} {b}");
        }
    }

    #[test]
    fn counts_code_points() {
        assert_eq!(char_len("héllo😀"), 6);
    }
}
