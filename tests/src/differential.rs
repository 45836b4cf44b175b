//! The generated validator against the reference, payload by payload.

use crate::generate::{remove, Generator};
use crate::mutate::{mutate, paths};
use crate::reference;
use pickyassist_model::{SchemaType, ValidationError, MAX_JSON_DEPTH};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Mutex,
};

/// What one comparison found wrong.
#[derive(Debug, Clone)]
pub struct Disagreement {
    /// The type checked.
    pub type_name: &'static str,
    /// Seed of the run and index of the payload in it.
    pub seed: u64,
    /// Index of the payload in the run.
    pub index: usize,
    /// Mutations applied to the generated payload.
    pub mutations: Vec<&'static str>,
    /// The payload (shrunk: as small as it could be made while still disagreeing).
    pub payload: Value,
    /// Pointers reported by the generated validator.
    pub ours: BTreeSet<String>,
    /// Pointers reported by the `jsonschema` crate on the bundle.
    pub reference: BTreeSet<String>,
    /// What differs.
    pub problem: String,
}

/// The tally of one run.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Payloads checked.
    pub checked: usize,
    /// Payloads both validators accepted.
    pub valid: usize,
    /// Payloads both validators rejected.
    pub invalid: usize,
    /// Payloads that were mutated.
    pub mutated: usize,
    /// Valid payloads that `validate_json` accepted on its fast path.
    pub fast: usize,
    /// Every disagreement.
    pub disagreements: Vec<Disagreement>,
}

/// The seed used for `type_name` in a run with `seed`, so types get different streams.
pub fn type_seed(seed: u64, type_name: &str) -> u64 {
    type_name
        .bytes()
        .fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
}

/// Generates `count` payloads for `entry` (half of them mutated) and compares the validators on each.
pub fn run(entry: &SchemaType, seed: u64, count: usize) -> Outcome {
    let mut outcome = Outcome::default();
    for (index, (payload, mutations)) in Payloads::new(entry, seed).take(count).enumerate() {
        if !mutations.is_empty() {
            outcome.mutated += 1;
        }
        outcome.checked += 1;
        match compare(entry, &payload) {
            Ok(Verdict { valid: true, fast }) => {
                outcome.valid += 1;
                outcome.fast += usize::from(fast);
            }
            Ok(Verdict { valid: false, .. }) => outcome.invalid += 1,
            Err(problem) => {
                let payload = shrink(entry, payload);
                let ours = pointers(&entry.errors(&payload));
                let reference = reference::pointers(entry.name, &payload);
                outcome.disagreements.push(Disagreement {
                    type_name: entry.name,
                    seed,
                    index,
                    mutations,
                    payload,
                    ours,
                    reference,
                    problem,
                });
            }
        }
    }
    outcome
}

/// The payloads of a run: generated, half of them then mutated 1 to 3 times.
struct Payloads {
    generator: Generator,
    type_name: &'static str,
}

impl Payloads {
    fn new(entry: &SchemaType, seed: u64) -> Self {
        Self {
            generator: Generator::new(type_seed(seed, entry.name)),
            type_name: entry.name,
        }
    }
}

impl Iterator for Payloads {
    type Item = (Value, Vec<&'static str>);

    fn next(&mut self) -> Option<Self::Item> {
        let mut payload = self.generator.payload(self.type_name);
        let mut mutations = Vec::new();
        if self.generator.rng().chance(0.5) {
            for _ in 0..1 + self.generator.rng().below(3) {
                mutations.push(mutate(&mut self.generator, &mut payload));
            }
        }
        Some((payload, mutations))
    }
}

/// The payloads [`run`] checks for `entry`, without checking them.
pub fn payloads(entry: &SchemaType, seed: u64, count: usize) -> impl Iterator<Item = Value> {
    Payloads::new(entry, seed)
        .take(count)
        .map(|(payload, _)| payload)
}

/// Runs [`run`] for every type in `types`, spread over the machine's cores;
/// the outcomes come back in the order of `types`.
pub fn run_all(types: &[SchemaType], seed: u64, count: usize) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![None; types.len()]);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(types.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(entry) = types.get(i) else { break };
                let outcome = run(entry, seed, count);
                results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(outcome);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|o| o.unwrap_or_default())
        .collect()
}

/// Checks one payload: `Ok` with the verdict when everything agrees, else what differs.
///
/// Agreement means no error quoting a value that may be personal data, the
/// same error pointers as the reference, the same verdict
/// from the short-circuit form, and a schema-valid payload that also decodes
/// into the Rust type from bytes.
pub fn compare(entry: &SchemaType, payload: &Value) -> Result<Verdict, String> {
    let errors = entry.errors(payload);
    if let Some(quoted) = crate::personal::quoted_by(payload, &errors) {
        return Err(format!("an error quotes a value: {quoted}"));
    }
    let ours = pointers(&errors);
    let reference = reference::pointers(entry.name, payload);
    if ours != reference {
        return Err(format!(
            "pointers differ: generated {ours:?}, jsonschema {reference:?}"
        ));
    }
    let valid = ours.is_empty();
    let bytes = serde_json::to_vec(payload).map_err(|e| format!("cannot encode: {e}"))?;
    let fast = (entry.fast_path)(&bytes);
    if fast && !valid {
        return Err("the fast path accepts an invalid payload".into());
    }
    if (entry.is_valid_value)(payload) != valid {
        return Err(format!(
            "is_valid_value says {}, the error list says {valid}",
            !valid
        ));
    }
    match ((entry.validate_json)(&bytes), valid) {
        (Ok(()), true) | (Err(_), false) => {}
        // The documented depth guard, not a schema verdict.
        (Err(e), true)
            if depth(payload) > MAX_JSON_DEPTH && e.iter().all(|e| e.keyword == "json") => {}
        (Err(e), true) => return Err(format!("schema-valid but validate_json fails: {e}")),
        (Ok(()), false) => return Err("validate_json accepts an invalid payload".into()),
    }
    // Plain decoding must not panic; for runtime and enum types it must
    // accept exactly the schema's values (the typed fast path relies on it).
    let decoded = (entry.decode_json)(&bytes);
    if entry.exact_decode && decoded.is_ok() != valid && depth(payload) <= MAX_JSON_DEPTH {
        return Err(format!(
            "the decoder of an exact type says {}, the schema says {valid}",
            decoded.is_ok()
        ));
    }
    // The unbuffered decode answers as the lenient one does, or not at all.
    (entry.exact_agrees)(&bytes)?;
    // Received structs keep a value that does not fit instead of failing:
    // `fits` must say exactly what decoding does.
    if (entry.fits)(payload) != decoded.is_ok() && depth(payload) <= MAX_JSON_DEPTH {
        return Err(format!(
            "fits says {}, decoding says {}",
            (entry.fits)(payload),
            decoded.is_ok()
        ));
    }
    Ok(Verdict { valid, fast })
}

/// What [`compare`] found when the validators agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The payload satisfies the schema.
    pub valid: bool,
    /// `validate_json` accepted it on its fast path.
    pub fast: bool,
}

/// Nesting depth of arrays and objects (a scalar is 0, `[]` is 1).
pub fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 1)];
    while let Some((v, d)) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|c| (c, d + 1))),
            Value::Object(o) => stack.extend(o.values().map(|c| (c, d + 1))),
            _ => continue,
        }
        deepest = deepest.max(d);
    }
    deepest
}

fn pointers(errors: &[ValidationError]) -> BTreeSet<String> {
    errors.iter().map(|e| e.pointer.clone()).collect()
}

/// Removes members and elements, deepest first, while the payload still disagrees.
pub fn shrink(entry: &SchemaType, mut payload: Value) -> Value {
    let mut budget = 400;
    loop {
        let mut progressed = false;
        let mut candidates = paths(&payload);
        candidates.retain(|p| !p.is_empty());
        candidates.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for path in candidates {
            if budget == 0 {
                return payload;
            }
            budget -= 1;
            let mut smaller = payload.clone();
            remove(&mut smaller, &path);
            if smaller != payload && compare(entry, &smaller).is_err() {
                payload = smaller;
                progressed = true;
                break;
            }
        }
        if !progressed {
            return payload;
        }
    }
}
