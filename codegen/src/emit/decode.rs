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
///
/// A struct whose fields are all optional is read in place: its visitor
/// fills the fields of a default value where they stay (`rt::ReadInto`),
/// which is also how a list of it is read, item by item in its slot. A
/// struct with required fields reads into local slots and is built at the
/// end, when every required value is known.
pub fn struct_deserialize(ir: &Ir, t: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&t.name);
    let visitor = format_ident!("{}Visitor", t.name);
    let expecting_text = format!("a {} object", t.name);
    let in_place = s.all_optional();
    let arms = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let key = &f.json_name;
        // In place, `n` and `extra` are already `&mut`s to the fields.
        let (slot, extra) = if in_place {
            (quote! { #n }, quote! { extra })
        } else {
            (quote! { &mut #n }, quote! { &mut extra })
        };
        let list = ir.in_place_items(&f.ty);
        let read = match (s.deny_unknown, f.required, list) {
            (true, _, false) => quote! { rt::set_once(&mut map, #slot, #key)? },
            (true, _, true) => quote! { rt::set_list_once(&mut map, #slot, #key)? },
            (false, true, false) => quote! { #n = Some(map.next_value()?) },
            (false, true, true) => quote! { #n = Some(map.next_value_seed(rt::list_of())?) },
            (false, false, false) => quote! { rt::keep_fitting(&mut map, #slot, #extra, #key)? },
            (false, false, true) => {
                quote! { rt::keep_fitting_list(&mut map, #slot, #extra, #key)? }
            }
        };
        quote! { #key => #read, }
    });
    let unknown = if s.deny_unknown {
        quote! {
            other => return Err(rt::unknown_field(other, #name::KEYS)),
        }
    } else {
        quote! {
            other => {
                extra.insert(other.to_owned(), map.next_value_seed(rt::PlainJson)?);
            }
        }
    };
    let into = if in_place { " into a default one" } else { "" };
    let visitor_doc = if s.deny_unknown {
        format!(
            " Reads a `{}` strictly{into}: unknown keys, repeats and `null`s are errors.",
            t.name
        )
    } else {
        format!(
            " Reads a `{}`{into}, keeping in `extra` what does not fit.",
            t.name
        )
    };
    // The visitor's body, the same either way but for where the slots are.
    let expecting = quote! {
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(#expecting_text)
        }
    };
    let read_keys = quote! {
        while let Some(key) = map.next_key::<rt::Key<'de>>()? {
            match key.as_str() {
                #(#arms)*
                #unknown
            }
        }
    };
    let fits = struct_fits(ir, s);
    let names: Vec<_> = s.fields.iter().map(|f| ident(&f.rust_name)).collect();
    let extra_name = (!s.deny_unknown).then(|| quote! { extra, });
    let reading = if in_place {
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let mut out = Self::default();
                    <Self as rt::ReadInto>::read_into(d, &mut out)?;
                    Ok(out)
                }
            }

            impl rt::ReadInto for #name {
                fn read_into<'de, D: serde::Deserializer<'de>>(
                    d: D,
                    place: &mut Self,
                ) -> Result<(), D::Error> {
                    d.deserialize_map(#visitor(place))
                }
            }

            #[doc = #visitor_doc]
            struct #visitor<'a>(&'a mut #name);

            impl<'de> serde::de::Visitor<'de> for #visitor<'_> {
                type Value = ();

                #expecting

                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                    let #name { #(#names,)* #extra_name } = self.0;
                    #read_keys
                    Ok(())
                }
            }
        }
    } else {
        let slots = names.iter().map(|n| quote! { let mut #n = None; });
        let extra_slot =
            (!s.deny_unknown).then(|| quote! { let mut extra = serde_json::Map::new(); });
        let fields = s.fields.iter().map(|f| {
            let n = ident(&f.rust_name);
            let key = &f.json_name;
            if f.required {
                quote! { #n: rt::required(#n, #key)?, }
            } else {
                quote! { #n, }
            }
        });
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

                #expecting

                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                    #(#slots)*
                    #extra_slot
                    #read_keys
                    Ok(#name { #(#fields)* #extra_name })
                }
            }
        }
    };
    quote! {
        #reading

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
