//! `required`, `properties`, `patternProperties`, `additionalProperties`,
//! `propertyNames`, `minProperties`/`maxProperties`, `dependentRequired`,
//! `dependentSchemas`.
//!
//! Errors about a missing or unknown key point at that key
//! (`/data/0/number`), which is where a person looks; the conformance tests
//! map the reference validator's parent-pointing errors the same way.

use super::Emitter;
use crate::emit::names::type_path;
use crate::ir::{Node, Rule, Shape};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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
        Rule::AdditionalSchema {
            known,
            patterns,
            node,
        } => {
            let mut tests = Vec::new();
            if !known.is_empty() {
                tests.push(quote! { !matches!(k.as_str(), #(#known)|*) });
            }
            for p in patterns {
                let re = format_ident!("PATTERN_{}", em.pattern_index(p));
                tests.push(quote! { !#re.is_match(k) });
            }
            let others = if tests.is_empty() {
                quote! { o.iter() }
            } else {
                quote! { o.iter().filter(|(k, _)| #(#tests)&&*) }
            };
            let enter = quote! { let at = &at.extra(k); };
            em.scoped(node, quote! { for (k, v) in #others }, enter)
        }
        Rule::PatternProperties(by_pattern) => by_pattern
            .iter()
            .map(|(pat, sub)| {
                let re = format_ident!("PATTERN_{}", em.pattern_index(pat));
                let step = format!("/patternProperties/{}", crate::pointer::escape(pat));
                let each = quote! { for (k, v) in o.iter().filter(|(k, _)| #re.is_match(k)) };
                em.scoped(sub, each, quote! { let at = &at.key_at(k, #step); })
            })
            .collect(),
        // Each key is checked as a JSON string.
        Rule::PropertyNames(node) => {
            let enter = quote! {
                let v = &serde_json::Value::String(k.clone());
                let at = &at.key_at(k, "/propertyNames");
            };
            em.scoped(node, quote! { for k in o.keys() }, enter)
        }
        Rule::MinProperties(n) => {
            let n = super::value::int(*n);
            quote! { out.min_properties(o, at, #n); }
        }
        Rule::MaxProperties(n) => {
            let n = super::value::int(*n);
            quote! { out.max_properties(o, at, #n); }
        }
        Rule::DependentSchemas(deps) => deps
            .iter()
            .map(|(key, sub)| {
                let body = em.collect(sub);
                if body.is_empty() {
                    return body;
                }
                quote! {
                    if o.contains_key(#key) { #body }
                }
            })
            .collect(),
        _ => unreachable!("object::rule called with {rule:?}"),
    }
}
