//! `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`.
//!
//! Only `allOf` and the branch chosen by `if` report their subschemas'
//! errors; `anyOf`, `oneOf` and `not` report one error at the current
//! pointer, and the condition of `if` never reports (as in JSON Schema's
//! output format).

use super::Emitter;
use crate::ir::{Node, Rule};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn collect(em: &Emitter<'_>, rule: &Rule) -> TokenStream {
    match rule {
        Rule::AllOf(nodes) => nodes
            .iter()
            .map(|n| em.collect(n))
            .filter(|c| !c.is_empty())
            .map(|c| quote! { { #c } })
            .collect(),
        Rule::AnyOf(nodes) => match tests(em, nodes) {
            // A branch that accepts everything makes the whole anyOf accept everything.
            Some(tests) if !tests.iter().any(Option::is_none) => {
                let tests = tests.into_iter().flatten();
                quote! { out.any_of(at, #(#tests)||*); }
            }
            _ => quote! {},
        },
        Rule::OneOf(nodes) => {
            let tests = tests(em, nodes)
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.unwrap_or_else(|| quote! { true }));
            quote! { out.exactly_one_of(at, rt::count(&[#(#tests),*])); }
        }
        Rule::Not(sub) => match em.passes(sub) {
            None => quote! { out.not(v, at, true, true); },
            Some(test) => quote! { out.not(v, at, #test, false); },
        },
        Rule::IfThenElse {
            cond,
            then,
            otherwise,
        } => {
            let body =
                |n: &Option<Box<Node>>| n.as_ref().map(|n| em.collect(n)).unwrap_or_default();
            let (then_c, else_c) = (body(then), body(otherwise));
            match em.passes(cond) {
                None => then_c,
                Some(_) if then_c.is_empty() && else_c.is_empty() => quote! {},
                Some(c) if else_c.is_empty() => quote! { if #c { #then_c } },
                Some(c) if then_c.is_empty() => quote! { if !#c { #else_c } },
                Some(c) => quote! { if #c { #then_c } else { #else_c } },
            }
        }
        _ => unreachable!("logic::collect called with {rule:?}"),
    }
}

fn tests(em: &Emitter<'_>, nodes: &[Node]) -> Option<Vec<Option<TokenStream>>> {
    Some(nodes.iter().map(|n| em.passes(n)).collect())
}
