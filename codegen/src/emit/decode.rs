//! Struct decoding: a `Deserialize` impl per struct, written out instead of derived.
//!
//! Derived impls also accept a JSON *array* for a struct (positional fields),
//! which no schema here allows; a decoder that accepts more than the schema
//! would make the typed fast path of `validate_json` unsound. These impls read
//! objects only. Closed (request) types refuse unknown keys, duplicate keys
//! and `null` for optional keys; open (response) types keep unknown keys in
//! `extra` and keep a `null` for a known key there too (the field stays `None`),
//! so a server quirk never breaks decoding and nothing it sent is lost.
//! Collecting unknown keys by hand also avoids serde's buffering `flatten`.

use super::{ident, types::rust_type};
use crate::ir::{Ir, StructDef, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl Deserialize` for one struct.
pub fn struct_deserialize(ir: &Ir, t: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&t.name);
    let expecting = format!("a {} object", t.name);
    let keys: Vec<&str> = s.fields.iter().map(|f| f.json_name.as_str()).collect();
    let slots = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(ir, &f.ty);
        quote! { let mut #n: Option<#ty> = None; }
    });
    let arms = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let key = &f.json_name;
        let ty = rust_type(ir, &f.ty);
        if s.deny_unknown || f.required {
            quote! { #key => crate::runtime::set_once(&mut map, &mut #n, #key)?, }
        } else {
            // `null` for a known key: kept in `extra` as sent, so nothing is
            // lost and validation still sees it.
            quote! {
                #key => match map.next_value::<Option<#ty>>()? {
                    Some(value) => #n = Some(value),
                    None => {
                        extra.insert(#key.to_owned(), serde_json::Value::Null);
                    }
                },
            }
        }
    });
    let fields = s
        .deny_unknown
        .then(|| quote! { const FIELDS: &[&str] = &[#(#keys),*]; });
    let other = if s.deny_unknown {
        quote! { other => return Err(serde::de::Error::unknown_field(other, FIELDS)), }
    } else {
        quote! {
            other => {
                extra.insert(other.to_owned(), map.next_value()?);
            }
        }
    };
    let extra_slot = (!s.deny_unknown).then(|| quote! { let mut extra = serde_json::Map::new(); });
    let extra_init = (!s.deny_unknown).then(|| quote! { extra, });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let key = &f.json_name;
        if f.required {
            quote! { #n: #n.ok_or_else(|| serde::de::Error::missing_field(#key))?, }
        } else {
            quote! { #n, }
        }
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #fields
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        #(#slots)*
                        #extra_slot
                        while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                            match key.as_str() {
                                #(#arms)*
                                #other
                            }
                        }
                        Ok(#name { #(#inits)* #extra_init })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}
