//! `items`, `minItems`, `maxItems`, `contains`.

use super::{value::int, Emitter};
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
        _ => unreachable!("array::collect called with {rule:?}"),
    }
}
