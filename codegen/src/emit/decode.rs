//! How a struct is read: a visitor written out per struct, strict for what
//! we send and lenient for what we receive, and its `Fits` answer.
//!
//! - **Closed** structs (requests) read objects only: unknown keys, keys
//!   given twice and `null` for an optional key are errors, so a decoded
//!   request accepts no more than the schema's types allow (the typed fast
//!   path of `validate_json` relies on it).
//! - **Open** structs (answers, webhooks) never fail over a value: one of an
//!   unexpected type or form is kept, as sent, in `extra` under its key.
//!   Only a missing or wrong required value fails. A repeated key keeps its
//!   last copy.

use super::{ident, rust_type};
use crate::ir::{Ir, StructDef, TypeDef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `Deserialize` (through a visitor) and `Fits` for a struct.
pub fn struct_deserialize(ir: &Ir, t: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&t.name);
    let visitor = format_ident!("{}Visitor", t.name);
    let expecting = format!("a {} object", t.name);
    let slots = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        quote! { let mut #n = None; }
    });
    let arms = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let key = &f.json_name;
        let read = match (s.deny_unknown, f.required) {
            (true, _) => quote! { rt::set_once(&mut map, &mut #n, #key)? },
            (false, true) => quote! { #n = Some(map.next_value()?) },
            (false, false) => quote! { rt::keep_fitting(&mut map, &mut #n, &mut extra, #key)? },
        };
        quote! { #key => #read, }
    });
    let (extra_slot, unknown, extra_field) = if s.deny_unknown {
        let unknown = quote! {
            other => return Err(rt::unknown_field(other, #name::KEYS)),
        };
        (quote! {}, unknown, quote! {})
    } else {
        let unknown = quote! {
            other => {
                extra.insert(other.to_owned(), map.next_value_seed(rt::PlainJson)?);
            }
        };
        (
            quote! { let mut extra = serde_json::Map::new(); },
            unknown,
            quote! { extra, },
        )
    };
    let fields = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let key = &f.json_name;
        if f.required {
            quote! { #n: rt::required(#n, #key)?, }
        } else {
            quote! { #n, }
        }
    });
    let visitor_doc = if s.deny_unknown {
        format!(
            " Reads a `{}` strictly: unknown keys, repeats and `null`s are errors.",
            t.name
        )
    } else {
        format!(
            " Reads a `{}`, keeping in `extra` what does not fit.",
            t.name
        )
    };
    let fits = struct_fits(ir, s);
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_map(#visitor)
            }
        }

        #[doc = #visitor_doc]
        struct #visitor;

        impl<'de> serde::de::Visitor<'de> for #visitor {
            type Value = #name;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(#expecting)
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                #(#slots)*
                #extra_slot
                while let Some(key) = map.next_key::<rt::Key<'de>>()? {
                    match key.as_str() {
                        #(#arms)*
                        #unknown
                    }
                }
                Ok(#name { #(#fields)* #extra_field })
            }
        }

        impl rt::Fits for #name {
            fn fits(value: &serde_json::Value) -> bool {
                #fits
            }
        }
    }
}

/// Whether a JSON value decodes, answered without decoding where it can.
fn struct_fits(ir: &Ir, s: &StructDef) -> TokenStream {
    if s.deny_unknown {
        return quote! {
            // Strict: a value fits when it decodes (there is no cheaper test).
            <Self as serde::Deserialize>::deserialize(value).is_ok()
        };
    }
    let required: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| {
            let key = &f.json_name;
            let ty = rust_type(ir, &f.ty);
            quote! { o.get(#key).is_some_and(<#ty as rt::Fits>::fits) }
        })
        .collect();
    if required.is_empty() {
        return quote! { value.is_object() };
    }
    quote! {
        // Lenient: an object with every required key, each of its type.
        value.as_object().is_some_and(|o| #(#required)&&*)
    }
}
