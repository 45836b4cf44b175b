//! Rules over a *decoded* value: the `is_valid_typed` fast path.
//!
//! `validate_json` first decodes straight into the Rust type and asks this
//! test; only when either fails does it parse to a `Value` and collect every
//! error. So the test must never say yes where the schema says no. Each rule is
//! translated exactly for the Rust type it lands on (a `minLength` on a
//! `String`, a `required` on an `Option` field, `items` on a `Vec`, …), and
//! anything this file cannot translate exactly becomes `false`: that type
//! then always takes the slow path, which is correct, only slower.
//!
//! What decoding already guarantees is not re-checked: JSON types of fields,
//! required fields (not `Option`), unknown keys and `null`s of closed types
//! (their decoders refuse them; see `emit/decode.rs`), and whole runtime or
//! enum types, whose decoders accept exactly their schema (the differential
//! tests check that). Open types keep a `null` for a known key in `extra`,
//! which the test looks for.

use super::ident;
use super::rules::Emitter;
use super::test_expr::Test;
use crate::ir::{FieldType, JsonType, Node, Rule, Shape, StructDef, TypeDef};
use proc_macro2::Literal;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// What the typed test knows about the value it looks at.
#[derive(Clone, Copy)]
enum Kind<'a> {
    Str,
    Bool,
    Int,
    Float,
    Array(&'a FieldType),
    Struct(&'a StructDef),
    /// A decoder-checked enum: only its code is known, not the wire form.
    Code,
    /// A string enum: its text is known (`as_str()`).
    Text,
    /// A runtime type: its decoder checked its own schema, nothing more is known.
    Exact,
    /// A runtime type or raw JSON: nothing can be said without its wire form.
    Opaque,
}

/// `fn is_valid_typed(&self)` body for a type.
pub(crate) fn typed_root(em: &Emitter<'_>, t: &TypeDef) -> TokenStream {
    let v = quote! { self };
    match &t.shape {
        // Decoders accept exactly the schema; built values are checked by hand.
        Shape::External(_) => quote! { rt::TypedValid::typed_valid(self) },
        Shape::IntEnum(e) if e.open => quote! { self.code() <= rt::LENIENT_INT_MAX },
        Shape::IntEnum(_) | Shape::StrEnum(_) => quote! { true },
        // Nothing is known of a JSON value without looking at it: the full check decides.
        Shape::Any => quote! { false },
        // The discriminator chose the variant, whose own check decides; a
        // body kept whole (`Unknown`) is left to the full check.
        Shape::Union(u) => {
            let arms = u.variants.iter().map(|var| {
                let n = ident(&var.name);
                quote! { Self::#n(x) => rt::Model::is_valid_typed(x), }
            });
            quote! {
                match self {
                    #(#arms)*
                    Self::Unknown(_) => false,
                }
            }
        }
        Shape::Struct(s) => {
            let rules = em.typed(&t.rules, Kind::Struct(s), &v, 0);
            // An open type keeps what it could not decode (and `null`s) in
            // `extra`: a known key there is only fine as a `null` the schema allows.
            let extra = (!s.deny_unknown && !s.fields.is_empty()).then(|| {
                let nullable = s.fields.iter().filter(|f| f.nullable).map(|f| &f.json_name);
                Test::atom(quote! { rt::extra_ok(&self.extra, Self::KEYS, &[#(#nullable),*]) })
            });
            // Free JSON in a request could hide a key given twice: always checked in full.
            let opaque = s.deny_unknown && s.fields.iter().any(|f| f.ty == FieldType::Json);
            let opaque = opaque.then(|| Test::atom(quote! { false }));
            Test::all(rules.into_iter().chain(extra).chain(opaque).collect())
                .map_or_else(|| quote! { true }, Test::into_tokens)
        }
    }
}

impl Emitter<'_> {
    /// What is known about a value of a field type.
    fn field_kind<'t>(&'t self, ty: &'t FieldType) -> Kind<'t> {
        match ty {
            FieldType::String => Kind::Str,
            FieldType::Bool => Kind::Bool,
            FieldType::Integer => Kind::Int,
            FieldType::Number => Kind::Float,
            FieldType::Json => Kind::Opaque,
            FieldType::Array(inner) => Kind::Array(inner),
            FieldType::Named(n) => match self.ir.get(n).map(|t| &t.shape) {
                Some(Shape::Struct(s)) => Kind::Struct(s),
                Some(Shape::StrEnum(_)) => Kind::Text,
                Some(Shape::IntEnum(_) | Shape::Union(_)) => Kind::Code,
                Some(Shape::Any) => Kind::Opaque,
                Some(Shape::External(_)) => Kind::Exact,
                None => Kind::Opaque,
            },
        }
    }

    /// Does the decoded value `v` (an expression of reference type) satisfy `node`?
    fn typed(&self, node: &Node, kind: Kind<'_>, v: &TokenStream, depth: usize) -> Option<Test> {
        Test::all(
            node.rules
                .iter()
                .filter_map(|r| self.typed_rule(r, kind, v, depth))
                .collect(),
        )
    }

    fn typed_rule(
        &self,
        rule: &Rule,
        kind: Kind<'_>,
        v: &TokenStream,
        depth: usize,
    ) -> Option<Test> {
        let no = || Some(Test::atom(quote! { false }));
        match (rule, kind) {
            (Rule::False, _) => no(),
            // Keywords the typed check does not translate: the full check decides.
            (
                Rule::ExclusiveMinimum(_)
                | Rule::ExclusiveMaximum(_)
                | Rule::MultipleOf(_)
                | Rule::AdditionalSchema { .. }
                | Rule::DependentSchemas(_)
                | Rule::ContainsCount { .. }
                | Rule::PatternProperties(_)
                | Rule::PropertyNames(_)
                | Rule::MinProperties(_)
                | Rule::MaxProperties(_)
                | Rule::PrefixItems(_)
                | Rule::ItemsAfter(..)
                | Rule::UniqueItems,
                _,
            ) => no(),
            (Rule::AllOf(nodes), _) => Test::all(
                nodes
                    .iter()
                    .filter_map(|n| self.typed(n, kind, v, depth))
                    .collect(),
            ),
            (Rule::AnyOf(nodes) | Rule::OneOf(nodes), _) if nodes.len() == 1 => {
                self.typed(&nodes[0], kind, v, depth)
            }
            (Rule::OneOf(_), _) => no(),
            (Rule::AnyOf(nodes), _) => {
                let parts: Option<Vec<Test>> = nodes
                    .iter()
                    .map(|n| self.typed(n, kind, v, depth))
                    .collect();
                // A branch that always holds makes the whole anyOf hold.
                parts.map(Test::any)
            }
            (Rule::Not(inner), _) => Some(
                self.typed(inner, kind, v, depth)
                    .map_or_else(|| Test::atom(quote! { false }), |t| t.not()),
            ),
            (
                Rule::IfThenElse {
                    cond,
                    then,
                    otherwise,
                },
                _,
            ) => {
                let t = then.as_ref().and_then(|n| self.typed(n, kind, v, depth));
                let e = otherwise
                    .as_ref()
                    .and_then(|n| self.typed(n, kind, v, depth));
                let Some(c) = self.typed(cond, kind, v, depth) else {
                    return t; // the condition always holds
                };
                match (t, e) {
                    (None, None) => None,
                    (t, e) => {
                        let t = t.map_or_else(|| quote! { true }, Test::into_tokens);
                        let e = e.map_or_else(|| quote! { true }, Test::into_tokens);
                        Some(Test::loose(quote! { if #c { #t } else { #e } }))
                    }
                }
            }
            // Anything else needs to know the value's shape.
            (_, Kind::Text) => self.typed_text(rule, v),
            (Rule::Ref(_), Kind::Struct(_) | Kind::Code | Kind::Exact) => {
                Some(Test::call_on(quote! { rt::Model::is_valid_typed }, v))
            }
            (_, Kind::Opaque | Kind::Exact) => no(),
            (Rule::Ref(_), _) => no(),
            (Rule::Type(types), _) => self.typed_type(types, kind, v),
            (Rule::Enum(values), _) => self.typed_enum(values, kind, v),
            (Rule::Const(value), _) => self.typed_enum(std::slice::from_ref(value), kind, v),
            (Rule::MinLength(n), Kind::Str) => {
                let n = Literal::u64_unsuffixed(*n);
                Some(Test::atom(quote! { rt::char_len(#v) >= #n }))
            }
            (Rule::MaxLength(n), Kind::Str) => {
                let n = Literal::u64_unsuffixed(*n);
                Some(Test::atom(quote! { rt::char_len(#v) <= #n }))
            }
            (Rule::Pattern(p), Kind::Str) => {
                let re = format_ident!("PATTERN_{}", self.pattern_index(p));
                Some(Test::atom(quote! { #re.is_match(#v) }))
            }
            (Rule::MinLength(_) | Rule::MaxLength(_) | Rule::Pattern(_), Kind::Code) => no(),
            (Rule::MinLength(_) | Rule::MaxLength(_) | Rule::Pattern(_), _) => None,
            (Rule::Minimum(x), Kind::Float) => {
                let x = Literal::f64_unsuffixed(*x);
                Some(Test::atom(quote! { *#v >= #x }))
            }
            (Rule::Maximum(x), Kind::Float) => {
                let x = Literal::f64_unsuffixed(*x);
                Some(Test::atom(quote! { *#v <= #x }))
            }
            (Rule::Minimum(x), Kind::Int) => int_bound(*x, v, true),
            (Rule::Maximum(x), Kind::Int) => int_bound(*x, v, false),
            (Rule::Minimum(_) | Rule::Maximum(_), Kind::Code) => no(),
            (Rule::Minimum(_) | Rule::Maximum(_), _) => None,
            (Rule::Required(keys), Kind::Struct(s)) => {
                Test::all(keys.iter().filter_map(|k| present(s, k, v)).collect())
            }
            (Rule::Properties(props), Kind::Struct(s)) => Test::all(
                props
                    .iter()
                    .filter_map(|(key, sub)| self.typed_property(s, key, sub, v, depth))
                    .collect(),
            ),
            (Rule::NoAdditional { .. }, Kind::Struct(s)) if s.deny_unknown => None,
            (Rule::DependentRequired(deps), Kind::Struct(s)) => {
                let mut parts = Vec::new();
                for (key, needs) in deps {
                    let Some(has) = present(s, key, v) else {
                        continue; // a required field: always there
                    };
                    if has.is_false() {
                        continue; // a key the type cannot hold: never there
                    }
                    if let Some(need) =
                        Test::all(needs.iter().filter_map(|n| present(s, n, v)).collect())
                    {
                        parts.push(Test::any(vec![has.not(), need]));
                    }
                }
                Test::all(parts)
            }
            (Rule::NoAdditional { .. }, Kind::Struct(_)) => no(),
            (
                Rule::Required(_)
                | Rule::Properties(_)
                | Rule::NoAdditional { .. }
                | Rule::DependentRequired(_),
                Kind::Code,
            ) => no(),
            (
                Rule::Required(_)
                | Rule::Properties(_)
                | Rule::NoAdditional { .. }
                | Rule::DependentRequired(_),
                _,
            ) => None,
            (Rule::MinItems(0), Kind::Array(_)) => None,
            (Rule::MinItems(1), Kind::Array(_)) => Some(Test::atom(quote! { !#v.is_empty() })),
            (Rule::MinItems(n), Kind::Array(_)) => {
                let n = Literal::u64_unsuffixed(*n);
                Some(Test::atom(quote! { #v.len() >= #n }))
            }
            (Rule::MaxItems(n), Kind::Array(_)) => {
                let n = Literal::u64_unsuffixed(*n);
                Some(Test::atom(quote! { #v.len() <= #n }))
            }
            (Rule::Items(sub), Kind::Array(item)) => {
                let x = format_ident!("x{depth}");
                let x = quote! { #x };
                let body = self.typed(sub, self.field_kind(item), &x, depth + 1)?;
                let f = body.closure_over(&x);
                Some(Test::atom(quote! { #v.iter().all(#f) }))
            }
            (Rule::Contains(sub), Kind::Array(item)) => {
                let x = format_ident!("x{depth}");
                let x = quote! { #x };
                match self.typed(sub, self.field_kind(item), &x, depth + 1) {
                    Some(body) => {
                        let f = body.closure_over(&x);
                        Some(Test::atom(quote! { #v.iter().any(#f) }))
                    }
                    None => Some(Test::atom(quote! { !#v.is_empty() })),
                }
            }
            (
                Rule::MinItems(_) | Rule::MaxItems(_) | Rule::Items(_) | Rule::Contains(_),
                Kind::Code,
            ) => no(),
            (Rule::MinItems(_) | Rule::MaxItems(_) | Rule::Items(_) | Rule::Contains(_), _) => None,
        }
    }

    /// A rule over a string enum's text.
    fn typed_text(&self, rule: &Rule, v: &TokenStream) -> Option<Test> {
        let text = quote! { #v.as_str() };
        match rule {
            Rule::Ref(_) => Some(Test::call_on(quote! { rt::Model::is_valid_typed }, v)),
            Rule::Type(types) => {
                (!types.contains(&JsonType::String)).then(|| Test::atom(quote! { false }))
            }
            Rule::Enum(values) | Rule::Const(Value::Array(values)) => text_one_of(values, &text),
            Rule::Const(value) => text_one_of(std::slice::from_ref(value), &text),
            Rule::MinLength(n) => {
                let n = Literal::u64_unsuffixed(*n);
                Some(Test::atom(quote! { rt::char_len(#text) >= #n }))
            }
            Rule::MaxLength(n) => {
                let n = Literal::u64_unsuffixed(*n);
                Some(Test::atom(quote! { rt::char_len(#text) <= #n }))
            }
            Rule::Pattern(p) => {
                let re = format_ident!("PATTERN_{}", self.pattern_index(p));
                Some(Test::atom(quote! { #re.is_match(#text) }))
            }
            // Number, object and array keywords do not apply to a string.
            Rule::Minimum(_)
            | Rule::Maximum(_)
            | Rule::Required(_)
            | Rule::Properties(_)
            | Rule::NoAdditional { .. }
            | Rule::DependentRequired(_)
            | Rule::Items(_)
            | Rule::MinItems(_)
            | Rule::MaxItems(_)
            | Rule::Contains(_) => None,
            _ => Some(Test::atom(quote! { false })),
        }
    }

    fn typed_property(
        &self,
        s: &StructDef,
        key: &str,
        sub: &Node,
        v: &TokenStream,
        depth: usize,
    ) -> Option<Test> {
        let Some(field) = s.fields.iter().find(|f| f.json_name == key) else {
            // Not a field of a closed type: the key cannot be present.
            return if s.deny_unknown {
                None
            } else {
                Some(Test::atom(quote! { false }))
            };
        };
        let name = ident(&field.rust_name);
        let kind = self.field_kind(&field.ty);
        let x_ident = format_ident!("x{depth}");
        let x = quote! { #x_ident };
        let body = self.typed(sub, kind, &x, depth + 1)?;
        if field.required {
            if body.is_false() {
                return Some(body);
            }
            return Some(body.applied_to(&x_ident, &quote! { #v.#name }));
        }
        if body.is_false() {
            return Some(Test::atom(quote! { #v.#name.is_none() }));
        }
        let f = body.closure_over(&x);
        Some(Test::atom(quote! { #v.#name.as_ref().is_none_or(#f) }))
    }

    fn typed_type(&self, types: &[JsonType], kind: Kind<'_>, v: &TokenStream) -> Option<Test> {
        let has = |t: JsonType| types.contains(&t);
        let ok = match kind {
            Kind::Str => has(JsonType::String),
            Kind::Bool => has(JsonType::Boolean),
            Kind::Int => has(JsonType::Integer) || has(JsonType::Number),
            Kind::Float if has(JsonType::Number) => true,
            Kind::Float if has(JsonType::Integer) => {
                return Some(Test::atom(quote! { #v.fract() == 0.0 }));
            }
            Kind::Float => false,
            Kind::Array(_) => has(JsonType::Array),
            Kind::Struct(_) => has(JsonType::Object),
            Kind::Code | Kind::Text | Kind::Exact | Kind::Opaque => {
                return Some(Test::atom(quote! { false }))
            }
        };
        (!ok).then(|| Test::atom(quote! { false }))
    }

    /// `enum` over a typed value. On a code-only enum this is exact only when
    /// every listed code is listed in both wire forms (`5` and `"5"`), since
    /// the decoded value no longer knows which one it came from.
    fn typed_enum(&self, values: &[Value], kind: Kind<'_>, v: &TokenStream) -> Option<Test> {
        let no = Some(Test::atom(quote! { false }));
        match kind {
            Kind::Str => {
                let strs: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                if strs.is_empty() {
                    return no;
                }
                Some(Test::atom(quote! { matches!(#v.as_str(), #(#strs)|*) }))
            }
            Kind::Code => {
                let codes: Vec<u64> = values.iter().filter_map(Value::as_u64).collect();
                let symmetric = values.iter().all(|val| match val {
                    Value::Number(n) => n
                        .as_u64()
                        .is_some_and(|c| values.contains(&Value::String(c.to_string()))),
                    Value::String(s) => s
                        .parse::<u64>()
                        .is_ok_and(|c| c.to_string() == *s && codes.contains(&c)),
                    _ => false,
                });
                if !symmetric || codes.is_empty() {
                    return no;
                }
                let codes = code_patterns(&codes);
                Some(Test::atom(quote! { matches!(#v.code(), #(#codes)|*) }))
            }
            _ => no,
        }
    }
}

/// `enum` over a string enum's text: only the listed strings can match.
fn text_one_of(values: &[Value], text: &TokenStream) -> Option<Test> {
    let strs: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    if strs.is_empty() {
        return Some(Test::atom(quote! { false }));
    }
    Some(Test::atom(quote! { matches!(#text, #(#strs)|*) }))
}

/// Whether key `k` is present on a decoded struct `v`: `None` when it always
/// is (a required field), `false` when it cannot be (not a field of a closed type).
fn present(s: &StructDef, k: &str, v: &TokenStream) -> Option<Test> {
    let Some(field) = s.fields.iter().find(|f| f.json_name == k) else {
        return Some(Test::atom(quote! { false }));
    };
    if field.required {
        return None;
    }
    let name = ident(&field.rust_name);
    if field.nullable {
        // A `null` is kept in `extra`: the key is there all the same.
        return Some(Test::atom(
            quote! { (#v.#name.is_some() || #v.extra.contains_key(#k)) },
        ));
    }
    Some(Test::is_some(&quote! { #v.#name }))
}

/// `minimum` / `maximum` on an `i64`, exact when the limit is a whole number.
fn int_bound(x: f64, v: &TokenStream, lower: bool) -> Option<Test> {
    if x.fract() != 0.0 || x.abs() > 9.0e15 {
        return Some(Test::atom(quote! { false }));
    }
    let n = x as i64;
    Some(Test::atom(if lower {
        quote! { *#v >= #n }
    } else {
        quote! { *#v <= #n }
    }))
}

/// Codes as match patterns, a run of three or more written as a range
/// (`2..=4`, as clippy's `manual_range_patterns` asks).
fn code_patterns(codes: &[u64]) -> Vec<TokenStream> {
    let mut sorted = codes.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut patterns = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[j] + 1 {
            j += 1;
        }
        let (lo, hi) = (
            proc_macro2::Literal::u64_suffixed(sorted[i]),
            proc_macro2::Literal::u64_suffixed(sorted[j]),
        );
        if j - i >= 2 {
            patterns.push(quote! { #lo..=#hi });
            i = j + 1;
        } else {
            patterns.push(quote! { #lo });
            i += 1;
        }
    }
    patterns
}

#[cfg(test)]
mod tests_patterns {
    use super::code_patterns;

    #[test]
    fn runs_of_three_codes_become_ranges() {
        let p: Vec<String> = code_patterns(&[4, 2, 3, 7, 9, 10])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(p, ["2u64 ..= 4u64", "7u64", "9u64", "10u64"]);
    }
}
