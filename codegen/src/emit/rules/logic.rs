//! `allOf`, `anyOf`, `not`, `if`/`then`/`else`.
//!
//! Only `allOf` and the branch chosen by `if` report their subschemas'
//! errors; `anyOf` and `not` report one error at the current pointer, and the
//! condition of `if` never reports (as in JSON Schema's output format).

use super::{here, report, Emitter, Msg, Test};
use crate::ir::{Node, Rule};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn collect(em: &Emitter<'_>, node: &Node, rule: &Rule) -> TokenStream {
    match rule {
        Rule::AllOf(nodes) => nodes.iter().map(|n| em.collect(n)).collect(),
        Rule::AnyOf(nodes) => match any_of_test(em, nodes) {
            None => TokenStream::new(),
            Some(t) => {
                let r = report(
                    node,
                    here(),
                    "anyOf",
                    Msg::Lit("does not match any of the allowed forms".into()),
                );
                let bad = t.not();
                quote! { if #bad { #r } }
            }
        },
        Rule::Not(sub) => match em.test(sub) {
            None => report(
                node,
                here(),
                "not",
                Msg::Fmt("is not allowed here; found {}".into(), vec![quote! { v }]),
            ),
            Some(t) => {
                let r = report(node, here(), "not", Msg::Lit("is not allowed here".into()));
                quote! { if #t { #r } }
            }
        },
        Rule::IfThenElse {
            cond,
            then,
            otherwise,
        } => {
            let then_c = then.as_ref().map(|n| em.collect(n)).unwrap_or_default();
            let else_c = otherwise
                .as_ref()
                .map(|n| em.collect(n))
                .unwrap_or_default();
            match em.test(cond) {
                None => then_c,
                Some(c) if else_c.is_empty() => {
                    if then_c.is_empty() {
                        TokenStream::new()
                    } else {
                        quote! { if #c { #then_c } }
                    }
                }
                Some(c) if then_c.is_empty() => {
                    let c = c.not();
                    quote! { if #c { #else_c } }
                }
                Some(c) => quote! { if #c { #then_c } else { #else_c } },
            }
        }
        _ => unreachable!("logic::collect called with {rule:?}"),
    }
}

pub(super) fn test(em: &Emitter<'_>, rule: &Rule) -> Option<Test> {
    match rule {
        Rule::AllOf(nodes) => Test::all(nodes.iter().filter_map(|n| em.test(n)).collect()),
        Rule::AnyOf(nodes) => any_of_test(em, nodes),
        Rule::Not(sub) => Some(match em.test(sub) {
            None => Test::atom(quote! { false }),
            Some(t) => t.not(),
        }),
        Rule::IfThenElse {
            cond,
            then,
            otherwise,
        } => {
            let t = then.as_ref().and_then(|n| em.test(n));
            let e = otherwise.as_ref().and_then(|n| em.test(n));
            let c = em.test(cond);
            match (c, t, e) {
                (_, None, None) => None,
                (None, t, _) => t,
                (Some(c), Some(t), None) => Some(Test::any(vec![c.not(), t])),
                (Some(c), None, Some(e)) => Some(Test::any(vec![c, e])),
                (Some(c), Some(t), Some(e)) => {
                    Some(Test::loose(quote! { if #c { #t } else { #e } }))
                }
            }
        }
        _ => unreachable!("logic::test called with {rule:?}"),
    }
}

fn any_of_test(em: &Emitter<'_>, nodes: &[Node]) -> Option<Test> {
    let mut parts = Vec::new();
    for n in nodes {
        // A branch that accepts everything makes the whole anyOf accept everything.
        parts.push(em.test(n)?);
    }
    Some(Test::any(parts))
}
