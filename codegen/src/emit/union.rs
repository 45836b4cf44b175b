//! A received union chosen by a discriminator key: one variant per
//! documented value, and `Unknown` for anything else, so a new kind never
//! fails a decode. `Deserialize` is the runtime's `read_union`, which reads
//! the body once on either decoding path and asks the type's
//! [`Union::pick`](pickyassist_model::__private::Union::pick) (an `if` per
//! variant) which variant its tag names.

use super::{doc_attrs, enums::matches_value, ident, names::type_path, schemars_impl};
use crate::ir::{Ir, Shape, TypeDef, UnionDef};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

/// The union's declaration and impls.
pub fn union(ir: &Ir, t: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&t.name);
    let ty = &t.name;
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
    let unknown_doc = format!(
        " Any other `{key}` or none, or a body its variant could not read: the JSON, whole."
    );
    let discriminators = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        // The variant's own field for the key (lowering checked it is there).
        let field = match ir.get(&v.type_name).map(|t| &t.shape) {
            Some(Shape::Struct(s)) => s.fields.iter().find(|f| &f.json_name == key),
            _ => None,
        };
        let field = ident(field.map_or(key.as_str(), |f| f.rust_name.as_str()));
        quote! {
            Self::#n(inner) => rt::tag_value(&inner.#field),
        }
    });
    let branches = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let test = v.accepts.iter().map(|a| matches_value(a, &quote! { tag }));
        quote! {
            if #(#test)||* {
                return body.into_variant(Self::#n, Self::Unknown);
            }
        }
    });
    let schemars = schemars_impl(&t.name);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        impl #name {
            /// The JSON value of the discriminator, if present: the variant's
            /// field as it would be sent (`1` for a `"1"` received), or the
            /// raw value kept in `Unknown`.
            pub fn discriminator(&self) -> Option<serde_json::Value> {
                match self {
                    #(#discriminators)*
                    Self::Unknown(raw) => raw.get(#key).cloned(),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            /// A body without a known tag, or whose variant cannot read
            /// it, is `Unknown`; only a body that is not an object fails.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                rt::read_union(d)
            }
        }

        impl rt::Union for #name {
            const NAME: &'static str = #ty;
            const TAG: &'static str = #key;
            fn pick<'de, B: rt::UnionBody<'de>>(
                tag: &serde_json::Value,
                body: B,
            ) -> Result<Self, B::Error> {
                #(#branches)*
                body.into_unknown(Self::Unknown)
            }
        }

        impl rt::Fits for #name {
            fn fits(value: &serde_json::Value) -> bool {
                value.is_object()
            }
        }

        #schemars
    }
}
