//! `required`, `properties`, `additionalProperties: false`, `dependentRequired`.
//!
//! Errors about a missing or unknown key point at that key
//! (`/data/0/number`), which is where a person looks; the conformance tests
//! map the reference validator's parent-pointing errors the same way.

use super::Emitter;
use crate::emit::names::type_path;
use crate::ir::{Node, Rule, Shape};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn is_object_rule(rule: &Rule) -> bool {
    matches!(
        rule,
        Rule::Required(_)
            | Rule::Properties(_)
            | Rule::NoAdditional { .. }
            | Rule::DependentRequired(_)
    )
}

/// Every object keyword of a node, under one `if let Some(o) = v.as_object()`.
pub(super) fn collect(em: &Emitter<'_>, node: &Node, rules: &[&Rule]) -> TokenStream {
    let body: TokenStream = rules.iter().map(|r| rule(em, node, r)).collect();
    if body.is_empty() {
        return body;
    }
    quote! {
        if let Some(o) = v.as_object() { #body }
    }
}

fn rule(em: &Emitter<'_>, node: &Node, rule: &Rule) -> TokenStream {
    match rule {
        Rule::Required(names) => quote! { out.required(o, at, &[#(#names),*]); },
        Rule::Properties(props) => props
            .iter()
            .map(|(name, sub)| {
                if let Some(ty) = em.only_ref(sub) {
                    let ty = type_path(em.ir, ty);
                    return quote! { rt::check_prop::<#ty>(o, at, out, #name); };
                }
                let body = em.collect(sub);
                if body.is_empty() {
                    return body;
                }
                quote! {
                    if let Some(v) = o.get(#name) {
                        let at = &at.prop(#name);
                        #body
                    }
                }
            })
            .collect(),
        Rule::NoAdditional { known, owner } => {
            // The type's own keys are its `KEYS`; a nested schema lists them.
            let own = em.ir.get(owner).is_some_and(|t| match &t.shape {
                Shape::Struct(s) => s.fields.iter().map(|f| &f.json_name).eq(known.iter()),
                _ => false,
            }) && node.path == format!("/$defs/{owner}");
            let known = if own {
                quote! { Self::KEYS }
            } else {
                quote! { &[#(#known),*] }
            };
            quote! { out.no_additional(o, at, #owner, #known); }
        }
        Rule::DependentRequired(deps) => deps
            .iter()
            .map(|(key, needs)| quote! { out.dependent_required(o, at, #key, &[#(#needs),*]); })
            .collect(),
        _ => unreachable!("object::rule called with {rule:?}"),
    }
}
