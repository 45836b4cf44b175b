//! A type's `Model` impl: the report (`check_value`) and the typed fast path
//! (`is_valid_typed`, rooted in [`typed`](super::typed)), both compiled by
//! [`keywords`](super::keywords), with the constants the runtime reads.

use super::keywords::Compiler;
use super::pattern::pattern_static;
use super::typed::typed_root;
use crate::ir::{Ir, Shape, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::{Cell, RefCell};

/// Emits one type's `Model` impl (and the regex statics it needs).
pub fn validator(ir: &Ir, t: &TypeDef, ty_path: &TokenStream) -> TokenStream {
    let em = Compiler {
        ir,
        patterns: RefCell::new(Vec::new()),
        hinted: Cell::new(false),
    };
    // Callers hand a type an `at` without a hint.
    let enter = t
        .rules
        .hint
        .as_ref()
        .map(|h| quote! { let at = &at.hint(#h); });
    let body = em.hinted(enter.is_some(), || em.rules(&t.rules));
    let body = match t.shape {
        // A named format: one error per mistake, worded by the runtime type.
        Shape::External(_) => quote! {
            out.format(v, at, <Self as rt::Explain>::explain, |out| { #body });
        },
        _ => body,
    };
    let typed = typed_root(&em, t);
    // Its decoder accepts exactly its schema (not so for `Any`, whose
    // decoder takes every value): a value that decodes is valid, and is
    // answered without running each keyword (and its regexes).
    let decodes_exactly = matches!(
        t.shape,
        Shape::External(_) | Shape::IntEnum(_) | Shape::StrEnum(_)
    );
    let exact = decodes_exactly.then(|| quote! { const EXACT_DECODE: bool = true; });
    // A runtime type answers for its own values; an enum's few literals are
    // checked as they are.
    let decoded = matches!(t.shape, Shape::External(_)).then(|| {
        quote! {
            if <Self as rt::Explain>::accepts_json(v) {
                return;
            }
        }
    });
    let strict = t
        .shape
        .is_strict()
        .then(|| quote! { const STRICT: bool = true; });
    let name = &t.name;
    let union_tag = match &t.shape {
        Shape::Union(u) => {
            let key = &u.key;
            Some(quote! { const UNION_TAG: Option<&'static str> = Some(#key); })
        }
        _ => None,
    };
    let properties = documented_keys(ir, t);
    let properties = (!properties.is_empty())
        .then(|| quote! { const PROPERTIES: &'static [&'static str] = &[#(#properties),*]; });
    let statics = em
        .patterns
        .borrow()
        .iter()
        .enumerate()
        .map(|(i, pat)| pattern_static(i, pat))
        .collect::<Vec<_>>();
    quote! {
        impl rt::Model for #ty_path {
            const NAME: &'static str = #name;
            #exact
            #strict
            #properties
            #union_tag

            fn check_value(v: rt::Json<'_>, at: &rt::At<'_>, out: &mut rt::Errors) {
                #decoded
                #enter
                #body
            }

            fn is_valid_typed(&self) -> bool {
                #typed
            }
        }

        #(#statics)*
    }
}

/// The keys an object type documents: a struct's fields; for a union, its
/// discriminator and every variant's fields (in order, each once).
fn documented_keys(ir: &Ir, t: &TypeDef) -> Vec<String> {
    let fields = |t: &TypeDef| match &t.shape {
        Shape::Struct(s) => s.fields.iter().map(|f| f.json_name.clone()).collect(),
        _ => Vec::new(),
    };
    let mut keys: Vec<String> = match &t.shape {
        Shape::Union(u) => std::iter::once(u.key.clone())
            .chain(
                u.variants
                    .iter()
                    .filter_map(|v| ir.get(&v.type_name))
                    .flat_map(fields),
            )
            .collect(),
        _ => fields(t),
    };
    let mut seen = std::collections::BTreeSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    keys
}
