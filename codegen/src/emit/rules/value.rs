//! `false`, `$ref`, `type`, `enum`, `const`.

use super::{fmt_escape, here, report, Emitter, Msg, Test};
use crate::ir::{JsonType, Node, Rule, Shape};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

pub(super) fn collect(em: &Emitter<'_>, node: &Node, rule: &Rule) -> TokenStream {
    match rule {
        Rule::False => report(
            node,
            here(),
            "false",
            Msg::Fmt(
                "no value is allowed here; found {}".into(),
                vec![quote! { v }],
            ),
        ),
        Rule::Ref(name) => {
            let ty = type_path(em, name);
            quote! { <#ty as crate::runtime::JsonSchema>::check_value(v, p, out); }
        }
        Rule::Type(types) => {
            let t = type_test(types);
            let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
            let msg = Msg::Fmt(
                format!("expected {}, found {{}}", names.join(" or ")),
                vec![quote! { crate::runtime::type_name(v) }],
            );
            let r = report(node, here(), "type", msg);
            let bad = t.not();
            quote! { if #bad { #r } }
        }
        Rule::Enum(vals) => {
            let t = one_of(vals);
            let list: Vec<String> = vals.iter().map(Value::to_string).collect();
            let msg = Msg::Fmt(
                format!(
                    "must be one of {}; found {{}}",
                    fmt_escape(&list.join(", "))
                ),
                vec![quote! { v }],
            );
            let r = report(node, here(), "enum", msg);
            let bad = t.not();
            quote! { if #bad { #r } }
        }
        Rule::Const(c) => {
            let t = one_of(std::slice::from_ref(c));
            let msg = Msg::Fmt(
                format!("must be {}; found {{}}", fmt_escape(&c.to_string())),
                vec![quote! { v }],
            );
            let r = report(node, here(), "const", msg);
            let bad = t.not();
            quote! { if #bad { #r } }
        }
        _ => unreachable!("value::collect called with {rule:?}"),
    }
}

pub(super) fn test(em: &Emitter<'_>, rule: &Rule) -> Option<Test> {
    Some(match rule {
        Rule::False => Test::atom(quote! { false }),
        Rule::Ref(name) => {
            let ty = type_path(em, name);
            Test::call(quote! { <#ty as crate::runtime::JsonSchema>::is_valid_value })
        }
        Rule::Type(types) => type_test(types),
        Rule::Enum(vals) => one_of(vals),
        Rule::Const(c) => one_of(std::slice::from_ref(c)),
        _ => unreachable!("value::test called with {rule:?}"),
    })
}

fn type_path(em: &Emitter<'_>, name: &str) -> TokenStream {
    match em.ir.get(name).map(|t| &t.shape) {
        Some(Shape::External(p)) => p
            .parse()
            .unwrap_or_else(|_| quote! { compile_error!("bad x-rust-type") }),
        _ => {
            let n = super::super::ident(name);
            quote! { super::#n }
        }
    }
}

fn type_test(types: &[JsonType]) -> Test {
    let parts: Vec<Test> = types
        .iter()
        .map(|t| match t {
            JsonType::String => quote! { v.is_string() },
            JsonType::Integer => quote! { crate::runtime::is_integer(v) },
            JsonType::Number => quote! { v.is_number() },
            JsonType::Boolean => quote! { v.is_boolean() },
            JsonType::Array => quote! { v.is_array() },
            JsonType::Object => quote! { v.is_object() },
            JsonType::Null => quote! { v.is_null() },
        })
        .map(Test::atom)
        .collect();
    Test::any(parts)
}

fn one_of(vals: &[Value]) -> Test {
    let parts: Vec<Test> = vals
        .iter()
        .map(|x| match x {
            Value::String(s) => quote! { crate::runtime::eq_str(v, #s) },
            Value::Number(n) => {
                let f = super::float(n.as_f64().unwrap_or(f64::NAN));
                quote! { crate::runtime::eq_number(v, #f) }
            }
            Value::Bool(b) => quote! { v.as_bool() == Some(#b) },
            _ => quote! { v.is_null() },
        })
        .map(Test::loose)
        .collect();
    Test::any(parts)
}
