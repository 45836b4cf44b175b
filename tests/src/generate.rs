//! Payloads from the schema: a walker over the exported bundle that builds
//! instances of any type, most of them valid.
//!
//! Leaves are drawn from pools of interesting values (digit strings, emoji,
//! long text, numbers at the edges) and kept when the reference validator
//! accepts them at that location. Objects get their required keys and a
//! random subset of the optional ones, then are repaired from the reference
//! validator's errors (add a missing key, drop an unknown or forbidden one,
//! redraw a bad value) so that conditionals such as "messenger_id when
//! application is 5" end up satisfied more often than chance would allow.
//! Nothing here knows about Picky Assist: a new schema file is covered as
//! soon as it is in the bundle.

use crate::reference::{defs, validator_at};
use crate::rng::Rng;
use serde_json::{json, Map, Value};

/// How deep objects and arrays may nest before the walker stops adding optional parts.
const MAX_DEPTH: usize = 6;
/// Draws tried for one leaf before keeping an invalid one.
const LEAF_TRIES: usize = 24;
/// Repair rounds for one object.
const REPAIR_ROUNDS: usize = 8;

/// Builds payloads for bundle types.
#[derive(Debug)]
pub struct Generator {
    rng: Rng,
}

impl Generator {
    /// A generator whose output is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Rng::new(seed),
        }
    }

    /// The random source, for callers that mutate what was generated.
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// A payload for `$defs/<type_name>`.
    pub fn payload(&mut self, type_name: &str) -> Value {
        self.value_at(&format!("/$defs/{type_name}"), 0)
    }

    /// A value for the schema at a bundle location.
    pub fn value_at(&mut self, location: &str, depth: usize) -> Value {
        let target = resolve(location);
        let node = node(&target).clone();
        let options = enum_values(&node);
        if !options.is_empty() && self.rng.chance(0.9) {
            return self.rng.pick(&options).clone();
        }
        let types = types_of(&node);
        if types.iter().any(|t| t == "object") && self.rng.chance(0.95) {
            return self.object(location, &target, &node, depth);
        }
        if types.iter().any(|t| t == "array") && self.rng.chance(0.95) {
            return self.array(&target, &node, depth);
        }
        self.leaf(location, &node, &types)
    }

    fn leaf(&mut self, location: &str, node: &Value, types: &[String]) -> Value {
        let validator = validator_at(location);
        let named: Vec<Value> = node
            .get("x-enum")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|e| e.get("value").cloned())
                    .collect()
            })
            .unwrap_or_default();
        let mut last = Value::Null;
        for _ in 0..LEAF_TRIES {
            let candidate = if !named.is_empty() && self.rng.chance(0.6) {
                let code = self.rng.pick(&named).clone();
                if self.rng.chance(0.3) {
                    Value::String(code.to_string())
                } else {
                    code
                }
            } else {
                let kind = if types.is_empty() {
                    self.rng.pick(&ANY_TYPES).to_string()
                } else {
                    self.rng.pick(types).clone()
                };
                self.scalar(&kind)
            };
            if validator.is_valid(&candidate) {
                return candidate;
            }
            last = candidate;
        }
        last
    }

    /// A value of a JSON type from the pools.
    pub fn scalar(&mut self, kind: &str) -> Value {
        match kind {
            "string" => Value::String(self.string()),
            "integer" => json!(self.integer()),
            "number" => {
                if self.rng.chance(0.5) {
                    json!(self.integer())
                } else {
                    let whole = self.rng.below(401) as f64 - 200.0;
                    json!(whole + self.rng.below(1000) as f64 / 1000.0)
                }
            }
            "boolean" => Value::Bool(self.rng.chance(0.5)),
            "array" => json!([]),
            "object" => json!({}),
            _ => Value::Null,
        }
    }

    fn string(&mut self) -> String {
        match self.rng.below(12) {
            0 => String::new(),
            1..=3 => self.digits(),
            4 => self.rng.pick(&TEXTS).to_string(),
            5 => format!("{} {}", self.rng.pick(&TEXTS), self.rng.pick(&EMOJI)),
            6 => self.rng.pick(&EMOJI).to_string(),
            7 => self.rng.pick(&ODD_NUMBERS).to_string(),
            8 => "x".repeat(
                self.rng
                    .pick(&[19usize, 20, 21, 59, 60, 61, 4096])
                    .to_owned(),
            ),
            9 => self
                .rng
                .pick(&["en", "pt_BR", "https://example.com/a.jpg", "0.005"])
                .to_string(),
            10 => (self.integer()).to_string(),
            _ => format!("{}{}", self.rng.pick(&TEXTS), self.rng.below(100)),
        }
    }

    /// A digit string of 1 to 17 digits, sometimes with a leading zero.
    pub fn digits(&mut self) -> String {
        let len = 1 + self.rng.below(17);
        (0..len)
            .map(|i| {
                let low = if i == 0 && self.rng.chance(0.9) { 1 } else { 0 };
                char::from(b'0' + (low + self.rng.below(10 - low as usize) as u8))
            })
            .collect()
    }

    fn integer(&mut self) -> i64 {
        match self.rng.below(6) {
            0 => *self.rng.pick(&EDGE_INTEGERS),
            1 => self.rng.below(12) as i64,
            2 => 400 + self.rng.below(12) as i64,
            3 => -(self.rng.below(1000) as i64),
            _ => {
                let digits = 1 + self.rng.below(16) as u32;
                (self.rng.next_u64() % 10u64.pow(digits)) as i64
            }
        }
    }

    fn array(&mut self, target: &str, node: &Value, depth: usize) -> Value {
        let min = node.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let len = if depth >= MAX_DEPTH {
            min
        } else {
            min.max(self.rng.below(4))
        };
        let items = format!("{target}/items");
        if node.get("items").is_none() {
            return Value::Array((0..len).map(|_| self.scalar("string")).collect());
        }
        Value::Array((0..len).map(|_| self.value_at(&items, depth + 1)).collect())
    }

    fn object(&mut self, location: &str, target: &str, node: &Value, depth: usize) -> Value {
        let required: Vec<String> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|k| k.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut object = Map::new();
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            let p_optional = if depth >= MAX_DEPTH { 0.0 } else { 0.3 };
            for key in properties.keys() {
                if required.contains(key) || self.rng.chance(p_optional) {
                    let at = format!("{target}/properties/{}", crate::reference::escape(key));
                    object.insert(key.clone(), self.value_at(&at, depth + 1));
                }
            }
        }
        if node.get("additionalProperties") != Some(&Value::Bool(false)) && self.rng.chance(0.2) {
            object.insert("extra_key".into(), self.scalar("string"));
        }
        let mut value = Value::Object(object);
        self.repair(location, &mut value, depth);
        value
    }

    /// Fixes what the reference validator complains about, a few rounds at most.
    fn repair(&mut self, location: &str, value: &mut Value, depth: usize) {
        let validator = validator_at(location);
        for _ in 0..REPAIR_ROUNDS {
            let fixes: Vec<(Vec<String>, Fix)> = validator
                .iter_errors(value)
                .map(|e| {
                    (
                        segments(e.instance_path().as_str()),
                        Fix::for_error(e.kind()),
                    )
                })
                .collect();
            if fixes.is_empty() {
                return;
            }
            for (path, fix) in fixes {
                self.apply(location, value, path, fix, depth);
            }
        }
    }

    fn apply(
        &mut self,
        location: &str,
        value: &mut Value,
        path: Vec<String>,
        fix: Fix,
        depth: usize,
    ) {
        match fix {
            Fix::Add(key) => {
                let mut child = path.clone();
                child.push(key.clone());
                if let Some(at) = schema_for(location, &child) {
                    let new = self.value_at(&at, depth + child.len());
                    if let Some(Value::Object(o)) = get_mut(value, &path) {
                        o.insert(key, new);
                    }
                }
            }
            Fix::Drop(keys) => {
                if let Some(Value::Object(o)) = get_mut(value, &path) {
                    for key in keys {
                        o.remove(&key);
                    }
                }
            }
            Fix::Remove => remove(value, &path),
            Fix::Grow => {
                let mut child = path.clone();
                child.push("0".into());
                if let Some(at) = schema_for(location, &child) {
                    let new = self.value_at(&at, depth + child.len());
                    if let Some(Value::Array(a)) = get_mut(value, &path) {
                        a.push(new);
                    }
                }
            }
            Fix::Redraw if path.is_empty() => {}
            Fix::Redraw => {
                if let Some(at) = schema_for(location, &path) {
                    let new = self.value_at(&at, depth + path.len());
                    if let Some(slot) = get_mut(value, &path) {
                        *slot = new;
                    }
                }
            }
        }
    }
}

/// What to do about one reference error.
enum Fix {
    /// Add the missing key.
    Add(String),
    /// Drop unknown keys.
    Drop(Vec<String>),
    /// Remove the value (it is forbidden where it is).
    Remove,
    /// Add an element to a too-short array.
    Grow,
    /// Draw the value again.
    Redraw,
}

impl Fix {
    fn for_error(kind: &jsonschema::error::ValidationErrorKind) -> Self {
        use jsonschema::error::ValidationErrorKind as K;
        match kind {
            K::Required { property } => Self::Add(property.as_str().unwrap_or_default().to_owned()),
            K::AdditionalProperties { unexpected } => Self::Drop(unexpected.clone()),
            K::Not { .. } | K::FalseSchema => Self::Remove,
            K::MinItems { .. } => Self::Grow,
            _ => Self::Redraw,
        }
    }
}

const ANY_TYPES: [&str; 6] = ["string", "integer", "number", "boolean", "null", "object"];
const TEXTS: [&str; 8] = [
    "Hello",
    "Your order has shipped",
    "héllo wörld",
    "Привет",
    "नमस्ते",
    "line\nbreak",
    " ",
    "tab\there",
];
const EMOJI: [&str; 4] = ["👋", "🇧🇷", "👩‍👩‍👧", "😀😀😀"];
/// Look like phone numbers to a person, not to the schema.
const ODD_NUMBERS: [&str; 8] = [
    "+55 12345 6789",
    "0091900000000",
    "919000000001\n",
    "٩١٩٠٠٠٠٠٠٠٠١",
    "９１９０００００",
    "91-900-000-0001",
    "1234",
    "1234567890123456",
];
const EDGE_INTEGERS: [i64; 10] = [
    0,
    1,
    9_999,
    10_000,
    999_999_999_999_999,
    1_000_000_000_000_000,
    9_007_199_254_740_991,
    9_007_199_254_740_993,
    919_737_001_155,
    -1,
];

/// The bundle node at a location (`/$defs/...`).
fn node(location: &str) -> &'static Value {
    location
        .strip_prefix("/$defs")
        .and_then(|rest| defs().pointer(rest))
        .unwrap_or(&Value::Bool(true))
}

/// Follows `$ref`s to the node that has the structure.
fn resolve(location: &str) -> String {
    let mut at = location.to_owned();
    for _ in 0..16 {
        match node(&at).get("$ref").and_then(Value::as_str) {
            Some(r) => at = r.trim_start_matches('#').to_owned(),
            None => break,
        }
    }
    at
}

/// The values of an `enum`, or of an `anyOf` of typed `enum`s (the bundle's
/// form of an enum that mixes JSON types).
fn enum_values(node: &Value) -> Vec<Value> {
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return values.clone();
    }
    let Some(branches) = node.get("anyOf").and_then(Value::as_array) else {
        return Vec::new();
    };
    let values: Option<Vec<&Vec<Value>>> = branches
        .iter()
        .map(|b| b.get("enum").and_then(Value::as_array))
        .collect();
    values.map_or_else(Vec::new, |vs| vs.into_iter().flatten().cloned().collect())
}

fn types_of(node: &Value) -> Vec<String> {
    match node.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// The bundle location describing the instance at `path` below `location`,
/// following `properties` and `items` (conditionals are left to repair).
pub fn schema_for(location: &str, path: &[String]) -> Option<String> {
    let mut at = location.to_owned();
    for segment in path {
        at = resolve(&at);
        let here = node(&at);
        let key = crate::reference::escape(segment);
        if here
            .get("properties")
            .and_then(|p| p.get(segment))
            .is_some()
        {
            at = format!("{at}/properties/{key}");
        } else if here.get("items").is_some() && segment.parse::<usize>().is_ok() {
            at = format!("{at}/items");
        } else {
            return None;
        }
    }
    Some(at)
}

/// A JSON pointer split into unescaped segments.
pub fn segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(crate::reference::unescape)
        .collect()
}

/// The value at a path of segments.
pub fn get_mut<'v>(value: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |v, segment| match v {
        Value::Object(o) => o.get_mut(segment),
        Value::Array(a) => segment.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
        _ => None,
    })
}

/// Removes the member or element at `path` (nothing at the root).
pub fn remove(value: &mut Value, path: &[String]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    match get_mut(value, parent) {
        Some(Value::Object(o)) => {
            o.remove(last);
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_push_requests_come_out_valid() {
        let mut generator = Generator::new(42);
        let validator = validator_at("/$defs/PushRequest");
        let valid = (0..200)
            .filter(|_| validator.is_valid(&generator.payload("PushRequest")))
            .count();
        assert!(
            valid > 100,
            "only {valid} of 200 generated push requests are valid"
        );
    }

    #[test]
    fn schema_for_follows_refs_and_items() {
        let at = schema_for(
            "/$defs/PushRequest",
            &["data".into(), "3".into(), "number".into()],
        );
        assert_eq!(at.as_deref(), Some("/$defs/PushMessage/properties/number"));
        assert_eq!(schema_for("/$defs/PushRequest", &["nope".into()]), None);
    }
}
