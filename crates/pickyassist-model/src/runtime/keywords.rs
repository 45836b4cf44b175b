//! One method per JSON Schema keyword: the generated validators call these,
//! and they own the error messages, so that a check is one line of generated
//! code. Messages are built only when an error is kept ([`Errors::quick`]
//! collectors only note that something failed).

pub use super::literal::{Lit, Ty};
use super::{
    at::At,
    check::{char_len, type_name, unknown_key_message},
    error::ValidationError,
    is,
};
use serde_json::{Map, Value};

/// A limit as people write it (`10000`, not `10000.0`).
fn show_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// Where the errors of a check go: a list, or (in [`quick`](Errors::quick)
/// mode, for `if`, `not`, `anyOf` and `contains`) just whether any happened.
#[derive(Debug, Default)]
pub struct Errors {
    list: Vec<ValidationError>,
    quick: bool,
    failed: bool,
    /// Note the keyword of each failure (for merging a named format's errors).
    keywords: bool,
    failed_keywords: Vec<&'static str>,
}

impl Errors {
    /// A collector that keeps every error.
    pub fn new() -> Self {
        Self::default()
    }

    /// A collector that only notes whether anything failed.
    pub fn quick() -> Self {
        Self {
            quick: true,
            ..Self::default()
        }
    }

    /// Whether any check failed.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The errors kept.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.list
    }

    /// Adds an error found outside the schema's keywords (a duplicate key, …).
    pub fn push(&mut self, error: ValidationError) {
        self.failed = true;
        if !self.quick {
            self.list.push(error);
        }
    }

    /// Reports a violation of `keyword` at `at`; the message is built only when kept.
    pub fn fail(&mut self, at: &At<'_>, keyword: &'static str, message: impl FnOnce() -> String) {
        self.fail_at(at, at.pointer_with(None), keyword, message);
    }

    fn fail_key(
        &mut self,
        at: &At<'_>,
        key: &str,
        keyword: &'static str,
        message: impl FnOnce() -> String,
    ) {
        self.fail_at(at, at.pointer_with(Some(key)), keyword, message);
    }

    fn fail_at(
        &mut self,
        at: &At<'_>,
        pointer: impl FnOnce() -> String,
        keyword: &'static str,
        message: impl FnOnce() -> String,
    ) {
        self.failed = true;
        if self.keywords {
            self.failed_keywords.push(keyword);
        }
        if self.quick {
            return;
        }
        let mut text = message();
        if let Some(hint) = at.hint_text() {
            text.push_str("; ");
            text.push_str(hint);
        }
        self.list.push(ValidationError::new(
            pointer(),
            keyword,
            at.schema_path(keyword),
            text,
        ));
    }

    /// `false`: nothing is valid here.
    pub fn nothing(&mut self, v: &Value, at: &At<'_>) {
        self.fail(at, "false", || {
            format!("no value is allowed here; found {v}")
        });
    }

    /// `type`.
    pub fn ty(&mut self, v: &Value, at: &At<'_>, types: &[Ty]) {
        if !is::ty(v, types) {
            self.fail(at, "type", || {
                let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
                format!("expected {}, found {}", names.join(" or "), type_name(v))
            });
        }
    }

    /// `enum`.
    pub fn one_of(&mut self, v: &Value, at: &At<'_>, values: &[Lit]) {
        if !is::one_of(v, values) {
            self.fail(at, "enum", || {
                let list: Vec<String> = values.iter().map(|l| l.to_json()).collect();
                format!("must be one of {}; found {v}", list.join(", "))
            });
        }
    }

    /// `const`.
    pub fn constant(&mut self, v: &Value, at: &At<'_>, value: Lit) {
        if !is::constant(v, value) {
            self.fail(at, "const", || {
                format!("must be {}; found {v}", value.to_json())
            });
        }
    }

    /// `minLength`, counted in code points.
    pub fn min_length(&mut self, v: &Value, at: &At<'_>, n: u64) {
        if !is::min_length(v, n) {
            self.fail(at, "minLength", || match n {
                1 => "must not be empty".into(),
                n => format!("must be at least {n} characters long"),
            });
        }
    }

    /// `maxLength`, counted in code points.
    pub fn max_length(&mut self, v: &Value, at: &At<'_>, n: u64) {
        if !is::max_length(v, n) {
            self.fail(at, "maxLength", || {
                let len = char_len(v.as_str().unwrap_or_default());
                format!("must be at most {n} characters long; found {len}")
            });
        }
    }

    /// `pattern` (an unanchored search).
    pub fn pattern(&mut self, v: &Value, at: &At<'_>, re: &regex::Regex) {
        if !is::pattern(v, re) {
            self.fail(at, "pattern", || {
                format!("must match the pattern {}", re.as_str())
            });
        }
    }

    /// `minimum`.
    pub fn minimum(&mut self, v: &Value, at: &At<'_>, x: f64) {
        if !is::minimum(v, x) {
            self.fail(at, "minimum", || {
                format!("must be at least {}; found {v}", show_number(x))
            });
        }
    }

    /// `maximum`.
    pub fn maximum(&mut self, v: &Value, at: &At<'_>, x: f64) {
        if !is::maximum(v, x) {
            self.fail(at, "maximum", || {
                format!("must be at most {}; found {v}", show_number(x))
            });
        }
    }

    /// `exclusiveMinimum`.
    pub fn exclusive_minimum(&mut self, v: &Value, at: &At<'_>, x: f64) {
        if !is::exclusive_minimum(v, x) {
            self.fail(at, "exclusiveMinimum", || {
                format!("must be greater than {}; found {v}", show_number(x))
            });
        }
    }

    /// `exclusiveMaximum`.
    pub fn exclusive_maximum(&mut self, v: &Value, at: &At<'_>, x: f64) {
        if !is::exclusive_maximum(v, x) {
            self.fail(at, "exclusiveMaximum", || {
                format!("must be less than {}; found {v}", show_number(x))
            });
        }
    }

    /// `multipleOf`.
    pub fn multiple_of(&mut self, v: &Value, at: &At<'_>, m: f64) {
        if !is::multiple_of(v, m) {
            self.fail(at, "multipleOf", || {
                format!("must be a multiple of {}; found {v}", show_number(m))
            });
        }
    }

    /// `uniqueItems: true`.
    pub fn unique_items(&mut self, v: &Value, at: &At<'_>) {
        if !is::unique_items(v) {
            self.fail(at, "uniqueItems", || {
                let len = v.as_array().map_or(0, Vec::len);
                format!("must not repeat an item; {len} items, some equal")
            });
        }
    }

    /// `required`: each missing key is reported at the key itself.
    pub fn required(&mut self, o: &Map<String, Value>, at: &At<'_>, keys: &[&str]) {
        for key in keys {
            if !o.contains_key(*key) {
                self.fail_key(at, key, "required", || {
                    format!("missing required variable {key:?}")
                });
            }
        }
    }

    /// `additionalProperties: false`: each unknown key is reported at the key.
    pub fn no_additional(
        &mut self,
        o: &Map<String, Value>,
        at: &At<'_>,
        owner: &'static str,
        known: &[&str],
    ) {
        // Sorted: the order of keys in a map depends on serde_json's features.
        let mut unknown: Vec<&String> = o.keys().filter(|k| !known.contains(&k.as_str())).collect();
        unknown.sort_unstable();
        for key in unknown {
            self.fail_key(at, key, "additionalProperties", || {
                unknown_key_message(key, owner, known)
            });
        }
    }

    /// `dependentRequired`: when `key` is given, so must `needs` be.
    pub fn dependent_required(
        &mut self,
        o: &Map<String, Value>,
        at: &At<'_>,
        key: &str,
        needs: &[&str],
    ) {
        if !o.contains_key(key) {
            return;
        }
        for need in needs {
            if !o.contains_key(*need) {
                self.fail_key(at, need, "dependentRequired", || {
                    format!("{need:?} is required when {key:?} is given")
                });
            }
        }
    }

    /// `minProperties`.
    pub fn min_properties(&mut self, o: &Map<String, Value>, at: &At<'_>, n: usize) {
        if o.len() < n {
            self.fail(at, "minProperties", || match n {
                1 => "must not be empty".into(),
                n => format!("must have at least {n} members"),
            });
        }
    }

    /// `maxProperties`.
    pub fn max_properties(&mut self, o: &Map<String, Value>, at: &At<'_>, n: usize) {
        if o.len() > n {
            let len = o.len();
            self.fail(at, "maxProperties", || {
                format!("must have at most {n} members; found {len}")
            });
        }
    }

    /// `minItems`.
    pub fn min_items(&mut self, v: &Value, at: &At<'_>, n: usize) {
        if !is::min_items(v, n) {
            self.fail(at, "minItems", || match n {
                1 => "must not be empty".into(),
                n => format!("must have at least {n} items"),
            });
        }
    }

    /// `maxItems`.
    pub fn max_items(&mut self, v: &Value, at: &At<'_>, n: usize) {
        if !is::max_items(v, n) {
            self.fail(at, "maxItems", || {
                let len = v.as_array().map_or(0, Vec::len);
                format!("must have at most {n} items; found {len}")
            });
        }
    }

    /// `contains`, given whether some item matched.
    pub fn contains(&mut self, at: &At<'_>, found: bool) {
        if !found {
            self.fail(at, "contains", || {
                "no item matches the required form".into()
            });
        }
    }

    /// `minContains`/`maxContains`, given how many items matched `contains`.
    pub fn contains_count(&mut self, at: &At<'_>, found: usize, min: usize, max: Option<usize>) {
        if found < min {
            self.fail(at, "minContains", || {
                format!("at least {min} items must match the required form; found {found}")
            });
        }
        if let Some(max) = max.filter(|m| found > *m) {
            self.fail(at, "maxContains", || {
                format!("at most {max} items may match the required form; found {found}")
            });
        }
    }

    /// `anyOf`, given whether some branch matched.
    pub fn any_of(&mut self, at: &At<'_>, matched: bool) {
        if !matched {
            self.fail(at, "anyOf", || {
                "does not match any of the allowed forms".into()
            });
        }
    }

    /// `oneOf`, given how many branches matched.
    pub fn exactly_one_of(&mut self, at: &At<'_>, matched: usize) {
        if matched != 1 {
            self.fail(at, "oneOf", || match matched {
                0 => "does not match any of the allowed forms".into(),
                n => format!("matches {n} of the allowed forms, but must match exactly one"),
            });
        }
    }

    /// `not`, given whether the subschema matched. `always` says the
    /// subschema accepts everything, so the value itself is named.
    pub fn not(&mut self, v: &Value, at: &At<'_>, matched: bool, always: bool) {
        if matched {
            self.fail(at, "not", || {
                if always {
                    format!("is not allowed here; found {v}")
                } else {
                    "is not allowed here".into()
                }
            });
        }
    }

    /// Runs the checks of a named format (a phone number, a lenient integer,
    /// …) and turns every error they raise at this value into one, worded by
    /// `explain` when it can say what is wrong, listing every keyword.
    pub fn format(
        &mut self,
        v: &Value,
        at: &At<'_>,
        explain: fn(&Value) -> Option<String>,
        checks: impl FnOnce(&mut Errors),
    ) {
        if self.quick {
            checks(self);
            return;
        }
        // With the type's own words, only which keywords failed matters:
        // no message or path is built for the errors being merged.
        let text = explain(v);
        let mut inner = Errors {
            quick: text.is_some(),
            keywords: text.is_some(),
            ..Errors::default()
        };
        checks(&mut inner);
        if !inner.failed {
            return;
        }
        self.failed = true;
        let mut error = match (text, inner.list.is_empty()) {
            (Some(text), _) => {
                let keyword = inner.failed_keywords.first().copied().unwrap_or("type");
                ValidationError::new(at.pointer(), keyword, at.schema_path(keyword), text)
            }
            (None, false) => inner.list.remove(0),
            (None, true) => return,
        };
        error.also = if inner.failed_keywords.len() > 1 {
            inner.failed_keywords[1..].to_vec()
        } else {
            inner.list.iter().map(|e| e.keyword).collect()
        };
        self.list.push(error);
    }
}

impl At<'_> {
    fn pointer_with<'k>(&'k self, key: Option<&'k str>) -> impl FnOnce() -> String + 'k {
        move || match key {
            Some(k) => self.pointer_to(k),
            None => self.pointer(),
        }
    }
}

/// Whether the checks `f` makes pass (no messages are built).
pub fn test(f: impl FnOnce(&mut Errors)) -> bool {
    let mut quick = Errors::quick();
    f(&mut quick);
    !quick.failed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_name_the_limit_and_what_was_found() {
        let root = At::ROOT;
        let ty = root.def("/$defs/T");
        let at = ty.prop("name");
        let mut out = Errors::new();
        out.max_length(&json!("abcdef"), &at, 3);
        out.min_length(&json!(""), &at, 1);
        out.maximum(&json!(12), &at, 10.0);
        out.ty(&json!(1.5), &at, &[Ty::Integer, Ty::String]);
        out.one_of(&json!(7), &at, &[Lit::Int(1), Lit::Str("1")]);
        let messages: Vec<String> = out.into_vec().into_iter().map(|e| e.message).collect();
        assert_eq!(
            messages,
            [
                "must be at most 3 characters long; found 6",
                "must not be empty",
                "must be at most 10; found 12",
                "expected integer or string, found number",
                "must be one of 1, \"1\"; found 7",
            ]
        );
    }

    #[test]
    fn a_hint_is_added_and_errors_point_at_keys() {
        let root = At::ROOT;
        let base = root.def("/$defs/T");
        let at = base.hint("see the docs");
        let mut out = Errors::new();
        out.required(json!({}).as_object().expect("object"), &at, &["token"]);
        let e = &out.into_vec()[0];
        assert_eq!(e.pointer, "/token");
        assert_eq!(e.schema_path, "/$defs/T/required");
        assert_eq!(
            e.message,
            "missing required variable \"token\"; see the docs"
        );
    }

    #[test]
    fn quick_mode_keeps_nothing_but_the_verdict() {
        assert!(!test(|out| out.min_length(&json!(""), &At::ROOT, 1)));
        assert!(test(|out| out.min_length(&json!("x"), &At::ROOT, 1)));
    }
}
