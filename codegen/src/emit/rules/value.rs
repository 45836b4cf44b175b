//! `false`, `$ref`, `type`, `enum`, `const`, and the string and number keywords.

use super::Emitter;
use crate::emit::names::type_path;
use crate::ir::{JsonType, Rule};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

pub(super) fn collect(em: &Emitter<'_>, rule: &Rule) -> TokenStream {
    match rule {
        Rule::False => quote! { out.nothing(v, at); },
        Rule::Ref(name) => {
            let ty = type_path(em.ir, name);
            quote! { <#ty as rt::Model>::check_value(v, at, out); }
        }
        Rule::Type(types) => {
            let types = types.iter().map(|t| ty(*t));
            quote! { out.ty(v, at, &[#(#types),*]); }
        }
        Rule::Enum(values) => {
            let values = values.iter().map(lit);
            quote! { out.one_of(v, at, &[#(#values),*]); }
        }
        Rule::Const(value) => {
            let value = lit(value);
            quote! { out.constant(v, at, #value); }
        }
        Rule::MinLength(n) => {
            let n = int(*n);
            quote! { out.min_length(v, at, #n); }
        }
        Rule::MaxLength(n) => {
            let n = int(*n);
            quote! { out.max_length(v, at, #n); }
        }
        Rule::Pattern(p) => {
            let re = format_ident!("PATTERN_{}", em.pattern_index(p));
            quote! { out.pattern(v, at, &#re); }
        }
        Rule::Minimum(x) => {
            let x = float(*x);
            quote! { out.minimum(v, at, #x); }
        }
        Rule::Maximum(x) => {
            let x = float(*x);
            quote! { out.maximum(v, at, #x); }
        }
        Rule::ExclusiveMinimum(x) => {
            let x = float(*x);
            quote! { out.exclusive_minimum(v, at, #x); }
        }
        Rule::ExclusiveMaximum(x) => {
            let x = float(*x);
            quote! { out.exclusive_maximum(v, at, #x); }
        }
        Rule::MultipleOf(x) => {
            let x = float(*x);
            quote! { out.multiple_of(v, at, #x); }
        }
        _ => unreachable!("value::collect called with {rule:?}"),
    }
}

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
