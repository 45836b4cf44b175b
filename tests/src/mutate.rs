//! Mutations of (mostly valid) payloads: the mistakes real callers make.

use crate::differential::depth;
use crate::generate::{get_mut, remove, Generator};
use serde_json::{json, Value};

/// The mutations, by name (used in reports and case descriptions).
pub const MUTATIONS: [&str; 12] = [
    "wrong type",
    "missing key",
    "extra key",
    "key with trailing space",
    "bad phone number",
    "broken conditional",
    "number as string and back",
    "unicode text",
    "empty array",
    "huge array",
    "null value",
    "nested arrays",
];

/// Applies one random mutation and returns its name.
pub fn mutate(generator: &mut Generator, value: &mut Value) -> &'static str {
    let which = generator.rng().below(MUTATIONS.len());
    let name = MUTATIONS[which];
    let all = paths(value);
    let members: Vec<&Vec<String>> = all.iter().filter(|p| !p.is_empty()).collect();
    let objects: Vec<&Vec<String>> = all
        .iter()
        .filter(|p| matches!(lookup(value, p), Some(Value::Object(_))))
        .collect();
    let arrays: Vec<&Vec<String>> = all
        .iter()
        .filter(|p| matches!(lookup(value, p), Some(Value::Array(_))))
        .collect();
    match which {
        0 => {
            if let Some(path) = pick(generator, &members) {
                let replacement = other_type(generator, lookup(value, &path));
                set(value, &path, replacement);
            } else {
                *value = other_type(generator, Some(value));
            }
        }
        1 => {
            if let Some(path) = pick(generator, &members) {
                remove(value, &path);
            }
        }
        2 | 3 => {
            if let Some(path) = pick(generator, &objects) {
                let keys: Vec<String> = match lookup(value, &path) {
                    Some(Value::Object(o)) => o.keys().cloned().collect(),
                    _ => Vec::new(),
                };
                let key = if which == 3 && !keys.is_empty() {
                    format!("{} ", generator.rng().pick(&keys))
                } else {
                    generator
                        .rng()
                        .pick(&["Priority", "globalMessage", "a/b~c", "", "números", "data "])
                        .to_string()
                };
                let new = generator.scalar("string");
                if let Some(Value::Object(o)) = get_mut(value, &path) {
                    o.insert(key, new);
                }
            }
        }
        4 => {
            let numbers: Vec<&Vec<String>> = all
                .iter()
                .filter(|p| p.last().is_some_and(|k| k == "number" || k == "phone"))
                .collect();
            let bad = match generator.rng().below(3) {
                0 => json!(generator.rng().pick(&[
                    0,
                    1234,
                    1_000_000_000_000_000i64,
                    -919_000_000_001
                ])),
                _ => json!(generator.rng().pick(&PHONE_LOOKALIKES)),
            };
            match pick(generator, &numbers) {
                Some(path) => set(value, &path, bad),
                None => {
                    if let Value::Object(o) = value {
                        o.insert("data".into(), json!([{ "number": bad }]));
                    }
                }
            }
        }
        5 => {
            if let Value::Object(o) = value {
                match generator.rng().below(6) {
                    0 => drop(o.remove("globalmessage")),
                    1 => drop(o.insert("globalmessage".into(), json!(""))),
                    2 => {
                        drop(o.insert("application".into(), json!(generator.rng().pick(&[5, 55]))))
                    }
                    3 => drop(o.insert("language".into(), json!("en"))),
                    4 => drop(o.remove("template_id")),
                    _ => {
                        if let Some(Value::Array(items)) = o.get_mut("data") {
                            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                                item.insert("template_message".into(), json!(["x"]));
                            }
                        }
                    }
                }
            }
        }
        6 => {
            let leaves: Vec<&Vec<String>> = all
                .iter()
                .filter(|p| matches!(lookup(value, p), Some(Value::Number(_) | Value::String(_))))
                .collect();
            if let Some(path) = pick(generator, &leaves) {
                let swapped = match lookup(value, &path) {
                    Some(Value::Number(n)) => Value::String(n.to_string()),
                    Some(Value::String(s)) => serde_json::from_str::<serde_json::Number>(s.trim())
                        .map(Value::Number)
                        .unwrap_or_else(|_| json!(s.len())),
                    _ => Value::Null,
                };
                set(value, &path, swapped);
            }
        }
        7 => {
            let strings: Vec<&Vec<String>> = all
                .iter()
                .filter(|p| matches!(lookup(value, p), Some(Value::String(_))))
                .collect();
            let text = generator.rng().pick(&UNICODE).to_string();
            match pick(generator, &strings) {
                Some(path) => set(value, &path, json!(text)),
                None => *value = json!(text),
            }
        }
        8 => {
            if let Some(path) = pick(generator, &arrays) {
                set(value, &path, json!([]));
            }
        }
        9 => {
            if let Some(path) = pick(generator, &arrays) {
                if let Some(Value::Array(items)) = get_mut(value, &path) {
                    let small = |first: &Value| items.len() < 100 && depth(first) <= 4;
                    if let Some(first) = items.first().filter(|f| small(f)).cloned() {
                        // Now and then very large; usually large enough to matter.
                        let len = if generator.rng().chance(0.05) {
                            10_000
                        } else {
                            100
                        };
                        items.resize(len, first);
                    }
                }
            }
        }
        10 => {
            if let Some(path) = pick(generator, &members) {
                set(value, &path, Value::Null);
            } else {
                *value = Value::Null;
            }
        }
        _ => {
            let mut nested = json!("deep");
            for _ in 0..100 {
                nested = json!([nested]);
            }
            match pick(generator, &members) {
                Some(path) => set(value, &path, nested),
                None => *value = nested,
            }
        }
    }
    name
}

const PHONE_LOOKALIKES: [&str; 9] = [
    "+55 12345 6789",
    "055123456789",
    "55123456789\n",
    "\n55123456789",
    "٥٥١٢٣٤٥٦٧٨٩",
    "５５１２３４５６７８９",
    "5512345678a",
    "5512",
    "5512345678901234",
];

const UNICODE: [&str; 7] = [
    "👋🏽 olá",
    "\u{0}",
    "e\u{301}",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u{202e}txet",
    "١٢٣٤٥٦",
    "🇮🇳🇧🇷",
];

/// Every path in a value (the root is the empty path).
pub fn paths(value: &Value) -> Vec<Vec<String>> {
    fn walk(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(at.clone());
        match value {
            Value::Object(o) => {
                for (k, v) in o {
                    at.push(k.clone());
                    walk(v, at, out);
                    at.pop();
                }
            }
            // Large arrays: the first few elements stand for the rest.
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate().take(4) {
                    at.push(i.to_string());
                    walk(v, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn lookup<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, segment| match v {
        Value::Object(o) => o.get(segment),
        Value::Array(a) => segment.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

fn set(value: &mut Value, path: &[String], new: Value) {
    if let Some(slot) = get_mut(value, path) {
        *slot = new;
    }
}

fn pick(generator: &mut Generator, paths: &[&Vec<String>]) -> Option<Vec<String>> {
    if paths.is_empty() {
        None
    } else {
        Some(generator.rng().pick(paths).to_vec())
    }
}

fn other_type(generator: &mut Generator, current: Option<&Value>) -> Value {
    let kinds = [
        "string", "integer", "number", "boolean", "null", "array", "object",
    ];
    loop {
        let kind = *generator.rng().pick(&kinds);
        let candidate = generator.scalar(kind);
        let same = match (current, &candidate) {
            (Some(Value::Number(_)), Value::Number(_)) => true,
            (Some(a), b) => std::mem::discriminant(a) == std::mem::discriminant(b),
            (None, _) => false,
        };
        if !same {
            return candidate;
        }
    }
}
