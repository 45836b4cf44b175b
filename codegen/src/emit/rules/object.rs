//! `required`, `properties`, `additionalProperties: false`, `dependentRequired`.
//!
//! Errors about a missing or unknown key point at that key
//! (`/data/0/number`), which is where a person looks; the conformance tests
//! map the reference validator's parent-pointing errors the same way.

use super::{report, Emitter, Msg, Test};
use crate::ir::{Node, Rule};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn collect(em: &Emitter<'_>, node: &Node, rule: &Rule) -> TokenStream {
    let body = match rule {
        Rule::Required(names) => names
            .iter()
            .map(|n| {
                let r = report(
                    node,
                    quote! { p.key(#n).render() },
                    "required",
                    Msg::Lit(format!("missing required variable {n:?}")),
                );
                quote! { if !o.contains_key(#n) { #r } }
            })
            .collect(),
        Rule::Properties(props) => props
            .iter()
            .filter_map(|(name, sub)| {
                let c = em.collect(sub);
                (!c.is_empty()).then(|| {
                    quote! {
                        if let Some(v) = o.get(#name) {
                            let p = &p.key(#name);
                            #c
                        }
                    }
                })
            })
            .collect(),
        Rule::NoAdditional { known, owner } => {
            let schema_path = format!("{}/additionalProperties", node.path);
            let unknown = is_unknown(known);
            quote! {
                // Sorted: the order of keys in a map depends on serde_json's features.
                let mut unknown: Vec<&String> = o.keys().filter(|k| #unknown).collect();
                unknown.sort_unstable();
                for k in unknown {
                    out.push(crate::runtime::ValidationError::new(
                        p.key(k).render(),
                        "additionalProperties",
                        #schema_path,
                        crate::runtime::unknown_key_message(k, #owner, &[#(#known),*]),
                    ));
                }
            }
        }
        Rule::DependentRequired(deps) => deps
            .iter()
            .flat_map(|(key, needs)| needs.iter().map(move |d| (key, d)))
            .map(|(key, d)| {
                let r = report(
                    node,
                    quote! { p.key(#d).render() },
                    "dependentRequired",
                    Msg::Lit(format!("{d:?} is required when {key:?} is given")),
                );
                quote! { if o.contains_key(#key) && !o.contains_key(#d) { #r } }
            })
            .collect(),
        _ => unreachable!("object::collect called with {rule:?}"),
    };
    if body.is_empty() {
        return body;
    }
    quote! {
        if let Some(o) = v.as_object() { #body }
    }
}

pub(super) fn test(em: &Emitter<'_>, rule: &Rule) -> Option<Test> {
    let parts: Vec<Test> = match rule {
        Rule::Required(names) => names
            .iter()
            .map(|n| Test::atom(quote! { o.contains_key(#n) }))
            .collect(),
        Rule::Properties(props) => props
            .iter()
            .filter_map(|(name, sub)| {
                em.test(sub).map(|t| {
                    if t.is_false() {
                        Test::atom(quote! { !o.contains_key(#name) })
                    } else {
                        let f = t.closure();
                        Test::atom(quote! { o.get(#name).is_none_or(#f) })
                    }
                })
            })
            .collect(),
        Rule::NoAdditional { known, .. } => {
            let unknown = is_unknown(known);
            vec![Test::atom(quote! { !o.keys().any(|k| #unknown) })]
        }
        Rule::DependentRequired(deps) => deps
            .iter()
            .map(|(key, needs)| {
                let present = Test::atom(quote! { o.contains_key(#key) });
                let needed = needs
                    .iter()
                    .map(|d| Test::atom(quote! { o.contains_key(#d) }))
                    .collect();
                let needed = Test::all(needed).unwrap_or_else(|| Test::atom(quote! { true }));
                Test::any(vec![present.not(), needed])
            })
            .collect(),
        _ => unreachable!("object::test called with {rule:?}"),
    };
    let all = Test::all(parts)?;
    Some(Test::atom(quote! { v.as_object().is_none_or(|o| #all) }))
}

fn is_unknown(known: &[String]) -> TokenStream {
    if known.is_empty() {
        quote! { true }
    } else {
        quote! { !matches!(k.as_str(), #(#known)|*) }
    }
}
