//! `false`, `$ref`, `type`, `enum`, `const`, and the string and number keywords.

use super::{report, verdict, Compiled, Compiler, Cond, Form, Kind, Verdict};
use crate::emit::names::type_path;
use crate::ir::{JsonType, Node, ValueRule};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

impl Compiler<'_> {
    /// One value keyword in one form.
    pub(super) fn value(&self, rule: &ValueRule, form: Form<'_>) -> Compiled {
        match rule {
            ValueRule::False => match form {
                Form::Report(node) => {
                    let path = self.schema_path(node, "false");
                    report(quote! { out.nothing(v, at, #path); })
                }
                _ => verdict(Verdict::Never),
            },
            ValueRule::Ref(name) => {
                let ty = type_path(self.ir, name);
                match form {
                    // The type's errors carry its own hint, not this node's.
                    Form::Report(_) if self.hinted.get() => {
                        report(quote! { <#ty as rt::Model>::check_value(v, &at.unhinted(), out); })
                    }
                    Form::Report(_) => {
                        report(quote! { <#ty as rt::Model>::check_value(v, at, out); })
                    }
                    Form::Is => verdict(Verdict::Expr(Cond::call(
                        quote! { <#ty as rt::Model>::is_valid_json },
                    ))),
                    // The referenced type's own typed check decides; it may
                    // leave a valid value to the full check, so it only vouches.
                    Form::Typed {
                        kind: Kind::Struct(_) | Kind::Code | Kind::Exact(_) | Kind::Text,
                        v,
                        ..
                    } => verdict(Verdict::Sufficient(Cond::call_on(
                        quote! { rt::Model::is_valid_typed },
                        v,
                    ))),
                    Form::Typed { .. } => verdict(Verdict::Unknown),
                }
            }
            ValueRule::Type(types) => {
                let tys = types.iter().map(|t| ty(*t));
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "type");
                        report(quote! { out.ty(v, at, #path, &[#(#tys),*]); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::ty(v, &[#(#tys),*]) })),
                    Form::Typed { kind, v, .. } => verdict(typed_type(types, kind, v)),
                }
            }
            ValueRule::Enum(values) => {
                let lits = values.iter().map(lit);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "enum");
                        report(quote! { out.one_of(v, at, #path, &[#(#lits),*]); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::one_of(v, &[#(#lits),*]) })),
                    Form::Typed { kind, v, .. } => verdict(typed_enum(values, kind, v)),
                }
            }
            ValueRule::Const(value) => {
                let l = lit(value);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "const");
                        report(quote! { out.constant(v, at, #path, #l); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::constant(v, #l) })),
                    Form::Typed { kind, v, .. } => {
                        verdict(typed_enum(std::slice::from_ref(value), kind, v))
                    }
                }
            }
            ValueRule::MinLength(n) => {
                let n = int(*n);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "minLength");
                        report(quote! { out.min_length(v, at, #path, #n); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::min_length(v, #n) })),
                    Form::Typed { kind, v, .. } => verdict(on_text(kind, v, |s| {
                        Cond::at_least(&quote! { rt::char_len(#s) }, &n)
                    })),
                }
            }
            ValueRule::MaxLength(n) => {
                let n = int(*n);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "maxLength");
                        report(quote! { out.max_length(v, at, #path, #n); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::max_length(v, #n) })),
                    Form::Typed { kind, v, .. } => verdict(on_text(kind, v, |s| {
                        Cond::at_most(&quote! { rt::char_len(#s) }, &n)
                    })),
                }
            }
            ValueRule::Pattern(p) => {
                let re = format_ident!("PATTERN_{}", self.pattern_index(p));
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "pattern");
                        report(quote! { out.pattern(v, at, #path, &#re); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::pattern(v, &#re) })),
                    Form::Typed { kind, v, .. } => verdict(on_text(kind, v, |s| {
                        Cond::atom(quote! { #re.is_match(#s) })
                    })),
                }
            }
            ValueRule::Minimum(x) => {
                let lx = float(*x);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "minimum");
                        report(quote! { out.minimum(v, at, #path, #lx); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::minimum(v, #lx) })),
                    Form::Typed { kind, v, .. } => verdict(bound(*x, kind, v, true)),
                }
            }
            ValueRule::Maximum(x) => {
                let lx = float(*x);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "maximum");
                        report(quote! { out.maximum(v, at, #path, #lx); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::maximum(v, #lx) })),
                    Form::Typed { kind, v, .. } => verdict(bound(*x, kind, v, false)),
                }
            }
            // The typed check does not translate these: the full check decides.
            ValueRule::ExclusiveMinimum(x) => {
                let x = float(*x);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "exclusiveMinimum");
                        report(quote! { out.exclusive_minimum(v, at, #path, #x); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::exclusive_minimum(v, #x) })),
                    Form::Typed { .. } => verdict(Verdict::Unknown),
                }
            }
            ValueRule::ExclusiveMaximum(x) => {
                let x = float(*x);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "exclusiveMaximum");
                        report(quote! { out.exclusive_maximum(v, at, #path, #x); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::exclusive_maximum(v, #x) })),
                    Form::Typed { .. } => verdict(Verdict::Unknown),
                }
            }
            ValueRule::MultipleOf(x) => {
                let x = float(*x);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "multipleOf");
                        report(quote! { out.multiple_of(v, at, #path, #x); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::multiple_of(v, #x) })),
                    Form::Typed { .. } => verdict(Verdict::Unknown),
                }
            }
        }
    }

    /// Whether a node is exactly one `$ref` (checked by a single call).
    pub fn only_ref<'n>(&self, node: &'n Node) -> Option<&'n str> {
        match (node.value.as_slice(), node.hint.is_none()) {
            ([ValueRule::Ref(name)], true)
                if node.object.is_empty() && node.array.is_empty() && node.logic.is_empty() =>
            {
                Some(name)
            }
            _ => None,
        }
    }
}

/// A string keyword on a decoded value: the text of a `String` or a string
/// enum; a code-only enum or an unknown form cannot say; other kinds are not
/// strings, which the keyword ignores.
fn on_text(kind: Kind<'_>, v: &TokenStream, test: impl Fn(&TokenStream) -> Cond) -> Verdict {
    match kind {
        Kind::Str => Verdict::Expr(test(v)),
        Kind::Text => Verdict::Expr(test(&quote! { #v.as_str() })),
        other => other.ignored(),
    }
}

/// `minimum` (`lower`) or `maximum` on a decoded number.
fn bound(x: f64, kind: Kind<'_>, v: &TokenStream, lower: bool) -> Verdict {
    match kind {
        // Negated whole: for floats `!(a >= b)` is not `a < b` (NaN).
        Kind::Float => {
            let x = Literal::f64_unsuffixed(x);
            let test = if lower {
                quote! { *#v >= #x }
            } else {
                quote! { *#v <= #x }
            };
            Verdict::Expr(Cond::with_negation(test.clone(), quote! { !(#test) }))
        }
        // Exact on an `i64` only when the limit is a whole number.
        Kind::Int if x.fract() != 0.0 || x.abs() > 9.0e15 => Verdict::Unknown,
        Kind::Int => {
            let n = x as i64;
            let value = quote! { *#v };
            Verdict::Expr(if lower {
                Cond::at_least(&value, &n)
            } else {
                Cond::at_most(&value, &n)
            })
        }
        Kind::Exact(path) if path.ends_with("::WholeNumber") => whole_bound(x, v, lower),
        other => other.ignored(),
    }
}

/// `minimum`/`maximum` on a `WholeNumber` (`.0`, a `u64`). The JSON keyword
/// bounds a number and passes a digit string, so testing the value whatever
/// its form is stricter than the schema, never looser: the typed check may
/// send a valid `"5000"` to the full check, never vouch for an invalid body.
/// So the test only vouches (`Sufficient`): its negation would vouch for
/// `"5000"` under `not: {maximum: 3600}`, which the schema refuses.
fn whole_bound(x: f64, v: &TokenStream, lower: bool) -> Verdict {
    if x.abs() > 9.0e15 {
        return Verdict::Unknown;
    }
    if lower {
        if x <= 0.0 {
            return Verdict::Always;
        }
        let n = Literal::u64_unsuffixed(x.ceil() as u64);
        Verdict::Sufficient(Cond::at_least(&quote! { #v.0 }, &n))
    } else {
        if x < 0.0 {
            return Verdict::Unknown;
        }
        let n = Literal::u64_unsuffixed(x.floor() as u64);
        Verdict::Sufficient(Cond::at_most(&quote! { #v.0 }, &n))
    }
}

/// `type` on a decoded value: decoding fixed its JSON type.
fn typed_type(types: &[JsonType], kind: Kind<'_>, v: &TokenStream) -> Verdict {
    let has = |t: JsonType| types.contains(&t);
    let ok = match kind {
        Kind::Str | Kind::Text => has(JsonType::String),
        Kind::Bool => has(JsonType::Boolean),
        Kind::Int => has(JsonType::Integer) || has(JsonType::Number),
        // A value built in code may be NaN or infinite, which encodes as
        // `null` (decoding never yields one).
        Kind::Float if has(JsonType::Number) => {
            return Verdict::Expr(Cond::with_negation(
                quote! { #v.is_finite() },
                quote! { !#v.is_finite() },
            ));
        }
        Kind::Float if has(JsonType::Integer) => {
            return Verdict::Expr(Cond::with_negation(
                quote! { #v.fract() == 0.0 },
                quote! { #v.fract() != 0.0 },
            ));
        }
        Kind::Float => false,
        Kind::Array(_) => has(JsonType::Array),
        Kind::Struct(_) => has(JsonType::Object),
        // A code decodes from a number and from a digit string; a runtime
        // type or raw JSON may hold several JSON types.
        Kind::Code | Kind::Exact(_) | Kind::Opaque => return Verdict::Unknown,
    };
    if ok {
        Verdict::Always
    } else {
        Verdict::Never
    }
}

/// `enum` (or `const`) over a typed value. On a code-only enum this is exact
/// only when every listed code is listed in both wire forms (`5` and `"5"`),
/// since the decoded value no longer knows which one it came from.
fn typed_enum(values: &[Value], kind: Kind<'_>, v: &TokenStream) -> Verdict {
    let strs: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    match kind {
        Kind::Str if !strs.is_empty() => {
            Verdict::expr(quote! { matches!(#v.as_str(), #(#strs)|*) })
        }
        Kind::Text if !strs.is_empty() => {
            Verdict::expr(quote! { matches!(#v.as_str(), #(#strs)|*) })
        }
        Kind::Bool => {
            let allows = |b: bool| values.contains(&Value::Bool(b));
            match (allows(true), allows(false)) {
                (true, true) => Verdict::Always,
                (true, false) => {
                    Verdict::Expr(Cond::with_negation(quote! { *#v }, quote! { !*#v }))
                }
                (false, true) => {
                    Verdict::Expr(Cond::with_negation(quote! { !*#v }, quote! { *#v }))
                }
                (false, false) => Verdict::Never,
            }
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
                return Verdict::Unknown;
            }
            let codes = code_patterns(&codes);
            Verdict::expr(quote! { matches!(#v.code(), #(#codes)|*) })
        }
        // A text equals none of the values when none is a string.
        Kind::Str | Kind::Text => Verdict::Never,
        _ => Verdict::Unknown,
    }
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
            Literal::u64_suffixed(sorted[i]),
            Literal::u64_suffixed(sorted[j]),
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

/// A JSON type as the runtime's `Ty`.
pub(crate) fn ty(t: JsonType) -> TokenStream {
    match t {
        JsonType::String => quote! { rt::Ty::String },
        JsonType::Integer => quote! { rt::Ty::Integer },
        JsonType::Number => quote! { rt::Ty::Number },
        JsonType::Boolean => quote! { rt::Ty::Boolean },
        JsonType::Array => quote! { rt::Ty::Array },
        JsonType::Object => quote! { rt::Ty::Object },
        JsonType::Null => quote! { rt::Ty::Null },
    }
}

/// An `enum`/`const` value as the runtime's `Lit`.
pub(crate) fn lit(v: &Value) -> TokenStream {
    match v {
        Value::String(s) => quote! { rt::Lit::Str(#s) },
        Value::Number(n) => match n.as_i64() {
            Some(i) => quote! { rt::Lit::Int(#i) },
            None => {
                let f = float(n.as_f64().unwrap_or(f64::NAN));
                quote! { rt::Lit::Float(#f) }
            }
        },
        Value::Bool(b) => quote! { rt::Lit::Bool(#b) },
        Value::Null => quote! { rt::Lit::Null },
        composite => {
            let text = composite.to_string();
            quote! { rt::Lit::Json(#text) }
        }
    }
}

/// An integer literal without a suffix (`60`, not `60u64`).
pub(crate) fn int(n: u64) -> Literal {
    Literal::u64_unsuffixed(n)
}

/// A float literal for a limit.
pub(crate) fn float(x: f64) -> Literal {
    Literal::f64_unsuffixed(x)
}

/// `Some(n)` or `None`, for an optional count.
pub(crate) fn opt_int(n: Option<u64>) -> TokenStream {
    crate::emit::option_tokens(n.map(int))
}

#[cfg(test)]
mod tests {
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
