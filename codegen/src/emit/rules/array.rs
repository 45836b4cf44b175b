//! `items`, `minItems`, `maxItems`, `contains`.

use super::{
    value::{int, opt_int},
    Emitter,
};
use crate::emit::names::type_path;
use crate::ir::Rule;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn collect(em: &Emitter<'_>, rule: &Rule) -> TokenStream {
    match rule {
        Rule::Items(sub) => {
            if let Some(name) = em.only_ref(sub) {
                let ty = type_path(em.ir, name);
                return quote! { rt::check_items::<#ty>(v, at, out); };
            }
            let body = em.collect(sub);
            if body.is_empty() {
                return body;
            }
            quote! {
                for (i, v) in v.as_array().into_iter().flatten().enumerate() {
                    let at = &at.item(i);
                    #body
                }
            }
        }
        Rule::MinItems(n) => {
            let n = int(*n);
            quote! { out.min_items(v, at, #n); }
        }
        Rule::MaxItems(n) => {
            let n = int(*n);
            quote! { out.max_items(v, at, #n); }
        }
        Rule::PrefixItems(nodes) => nodes
            .iter()
            .enumerate()
            .map(|(i, sub)| {
                let step = &sub.step;
                em.scoped(
                    sub,
                    quote! { if let Some(v) = v.as_array().and_then(|a| a.get(#i)) },
                    quote! { let at = &at.item_at(#i, #step); },
                )
            })
            .collect(),
        Rule::ItemsAfter(skip, sub) => {
            let body = em.collect(sub);
            if body.is_empty() {
                return body;
            }
            quote! {
                for (i, v) in v.as_array().into_iter().flatten().enumerate().skip(#skip) {
                    let at = &at.item(i);
                    #body
                }
            }
        }
        Rule::UniqueItems => quote! { out.unique_items(v, at); },
        Rule::Contains(sub) => {
            let found = match em.passes(sub) {
                Some(test) => quote! { a.iter().any(|v| #test) },
                None => quote! { !a.is_empty() },
            };
            quote! {
                if let Some(a) = v.as_array() {
                    out.contains(at, #found);
                }
            }
        }
        Rule::ContainsCount { node, min, max } => {
            let found = match em.passes(node) {
                Some(test) => quote! { a.iter().filter(|v| #test).count() },
                None => quote! { a.len() },
            };
            let min = int(*min);
            let max = opt_int(*max);
            quote! {
                if let Some(a) = v.as_array() {
                    out.contains_count(at, #found, #min, #max);
                }
            }
        }
        _ => unreachable!("array::collect called with {rule:?}"),
    }
}
