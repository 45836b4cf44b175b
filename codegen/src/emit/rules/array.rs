//! `items`, `minItems`, `maxItems`, `contains`.

use super::{here, report, Emitter, Msg, Test};
use crate::ir::{Node, Rule};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn collect(em: &Emitter<'_>, node: &Node, rule: &Rule) -> TokenStream {
    let body = match rule {
        Rule::Items(sub) => {
            let c = em.collect(sub);
            if c.is_empty() {
                return c;
            }
            quote! {
                for (i, v) in a.iter().enumerate() {
                    let p = &p.index(i);
                    #c
                }
            }
        }
        Rule::MinItems(n) => {
            let n = *n as usize;
            let (msg, bad) = if n == 1 {
                (
                    Msg::Lit("must not be empty".into()),
                    quote! { a.is_empty() },
                )
            } else {
                (
                    Msg::Lit(format!("must have at least {n} items")),
                    quote! { a.len() < #n },
                )
            };
            let r = report(node, here(), "minItems", msg);
            quote! { if #bad { #r } }
        }
        Rule::MaxItems(n) => {
            let n = *n as usize;
            let r = report(
                node,
                here(),
                "maxItems",
                Msg::Fmt(
                    format!("must have at most {n} items; found {{}}"),
                    vec![quote! { a.len() }],
                ),
            );
            quote! { if a.len() > #n { #r } }
        }
        Rule::Contains(sub) => {
            let found = contains_test(em, sub);
            let r = report(
                node,
                here(),
                "contains",
                Msg::Lit("no item matches the required form".into()),
            );
            let bad = found.not();
            quote! { if #bad { #r } }
        }
        _ => unreachable!("array::collect called with {rule:?}"),
    };
    quote! {
        if let Some(a) = v.as_array() { #body }
    }
}

pub(super) fn test(em: &Emitter<'_>, rule: &Rule) -> Option<Test> {
    let t = match rule {
        Rule::Items(sub) => {
            let f = em.test(sub)?.closure();
            quote! { a.iter().all(#f) }
        }
        Rule::MinItems(1) => quote! { !a.is_empty() },
        Rule::MinItems(n) => {
            let n = *n as usize;
            quote! { a.len() >= #n }
        }
        Rule::MaxItems(n) => {
            let n = *n as usize;
            quote! { a.len() <= #n }
        }
        Rule::Contains(sub) => contains_test(em, sub).into_tokens(),
        _ => unreachable!("array::test called with {rule:?}"),
    };
    Some(Test::atom(quote! { v.as_array().is_none_or(|a| #t) }))
}

fn contains_test(em: &Emitter<'_>, sub: &Node) -> Test {
    Test::atom(match em.test(sub) {
        Some(t) => {
            let f = t.closure();
            quote! { a.iter().any(#f) }
        }
        None => quote! { !a.is_empty() },
    })
}
