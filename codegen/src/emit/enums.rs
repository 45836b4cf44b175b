//! Enums: integer codes, strings and received unions. The declaration with
//! its docs is written out; conversions and serde come from one macro line.

use super::{doc_attrs, ident, names::type_path};
use crate::ir::{IntEnumDef, Ir, Shape, StrEnumDef, TypeDef, UnionDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// An enum over integer codes.
pub fn int_enum(t: &TypeDef, e: &IntEnumDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let doc = doc_attrs(&format!("{} = {}", v.value, v.doc));
        quote! { #doc #n, }
    });
    let codes = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let code = Literal::u64_unsuffixed(v.value);
        if e.open {
            return quote! { #n = #code };
        }
        let wire = v.accepts.iter().map(|a| wire(a, v.value));
        quote! { #n = #code => [#(#wire),*] }
    });
    let (other, mode) = if e.open {
        let other = quote! {
            /// A code this crate does not know, kept as received.
            Other(u64),
        };
        (other, quote! { open })
    } else {
        let allowed: Vec<String> = e
            .variants
            .iter()
            .flat_map(|v| v.accepts.iter().map(Value::to_string))
            .collect();
        let allowed = allowed.join(", ");
        (quote! {}, quote! { closed #allowed })
    };
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other
        }

        rt::int_enum!(#name, #mode, [#(#codes),*]);
    }
}

/// An enum over strings.
pub fn str_enum(t: &TypeDef, e: &StrEnumDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let doc = doc_attrs(&format!("`{}`: {}", v.value, v.doc));
        quote! { #doc #n, }
    });
    let texts = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let text = &v.value;
        quote! { #n = #text }
    });
    let (other, mode, copy) = if e.open {
        let other = quote! {
            /// A value this crate does not know, kept as received.
            Other(String),
        };
        (other, quote! { open }, quote! {})
    } else {
        (quote! {}, quote! { closed }, quote! { Copy, })
    };
    quote! {
        #docs
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other
        }

        rt::str_enum!(#name, #mode, [#(#texts),*]);
    }
}

/// A received union: one variant per documented discriminator value, and
/// `Unknown` for anything else.
pub fn union(ir: &Ir, t: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    let key = &u.key;
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let ty = type_path(ir, &v.type_name);
        let values: Vec<String> = v.accepts.iter().map(Value::to_string).collect();
        let doc = format!(
            " `{key}` {}: [`{t}`](super::{t}).",
            values.join(" or "),
            t = v.type_name
        );
        quote! { #[doc = #doc] #n(#ty), }
    });
    let unknown_doc =
        format!(" Any other `{key}`, or a body its variant could not read: the JSON, whole.");
    let arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = v.accepts.iter().map(|a| wire(a, 0));
        // The variant's own field for the key (lowering checked it is
        // there): `discriminator()` reads it instead of serialising the body.
        let field = match ir.get(&v.type_name).map(|t| &t.shape) {
            Some(Shape::Struct(s)) => s.fields.iter().find(|f| &f.json_name == key),
            _ => None,
        };
        let field = ident(field.map_or(key.as_str(), |f| f.rust_name.as_str()));
        quote! { #n = [#(#wire),*] => #field }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        rt::union!(#name, #key, [#(#arms),*]);
    }
}

/// An accepted wire value as a pattern literal: a string, or a `u64` code
/// (`number` when the value is not one).
fn wire(accepted: &Value, number: u64) -> TokenStream {
    match accepted {
        Value::String(s) => quote! { #s },
        other => {
            let n = Literal::u64_suffixed(other.as_u64().unwrap_or(number));
            quote! { #n }
        }
    }
}
