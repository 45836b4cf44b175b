//! Structs: the declaration with its docs and `Serialize` derive, the
//! constructor and setters, and (from [`decode`](super::decode)) how it is read.

use super::{decode, doc_attrs, first_sentence, ident, rust_type, schemars_impl};
use crate::ir::{Field, FieldType, Ir, StructDef, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// A struct, its impls and its setters.
pub fn struct_def(ir: &Ir, t: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    let default = s.all_optional().then(|| quote! { Default, });
    let fields = s.fields.iter().map(|f| field_decl(ir, f));
    let extra = (!s.deny_unknown).then(|| {
        quote! {
            /// What the schema does not list, or could not be read as its type
            /// (and `null`s), kept as sent so that nothing is lost.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    });
    let keys = s.fields.iter().map(|f| &f.json_name);
    let new = constructor(ir, t, s);
    // Setters build what we send; what we receive is read, not built.
    let setters = s
        .fields
        .iter()
        .filter(|f| !f.required && s.deny_unknown)
        .map(|f| setters(ir, f));
    let deserialize = decode::struct_deserialize(ir, t, s);
    let schemars = schemars_impl(&t.name);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }

        impl #name {
            /// The JSON keys this type knows.
            pub const KEYS: &'static [&'static str] = &[#(#keys),*];

            #new
            #(#setters)*
        }

        #deserialize
        #schemars
    }
}

/// `new`, taking the required values.
fn constructor(ir: &Ir, t: &TypeDef, s: &StructDef) -> TokenStream {
    let doc = format!(
        " A `{}` with its required values; add the rest with the setters.",
        t.name
    );
    let params = s.fields.iter().filter(|f| f.required).map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(ir, &f.ty);
        quote! { #n: impl Into<#ty> }
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        if f.required {
            quote! { #n: #n.into() }
        } else {
            quote! { #n: None }
        }
    });
    let extra = (!s.deny_unknown).then(|| quote! { extra: serde_json::Map::new(), });
    quote! {
        #[doc = #doc]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits,)* #extra }
        }
    }
}

fn field_decl(ir: &Ir, f: &Field) -> TokenStream {
    let n = ident(&f.rust_name);
    let mut doc = f.doc.clone();
    // `r#type` is written `type` by serde; only a real rename needs saying.
    let renamed = f.rust_name != f.json_name;
    if renamed {
        doc.push_str(&format!(" (JSON key `{}`.)", f.json_name));
    }
    let docs = doc_attrs(&doc);
    let ty = rust_type(ir, &f.ty);
    let key = &f.json_name;
    let rename = renamed.then(|| quote! { rename = #key, });
    if f.required {
        let attr = rename.map(|r| quote! { #[serde(#r)] });
        quote! { #docs #attr pub #n: #ty, }
    } else {
        quote! {
            #docs
            #[serde(#rename skip_serializing_if = "Option::is_none")]
            pub #n: Option<#ty>,
        }
    }
}

fn setters(ir: &Ir, f: &Field) -> TokenStream {
    let n = ident(&f.rust_name);
    let summary = first_sentence(&f.doc);
    let doc = format!(" Sets `{}`: {summary}", f.json_name);
    let FieldType::Array(item) = &f.ty else {
        let ty = rust_type(ir, &f.ty);
        return quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #n(self, value: impl Into<#ty>) -> Self {
                Self { #n: Some(value.into()), ..self }
            }
        };
    };
    let item = rust_type(ir, item);
    let appender = ident(f.appender.as_deref().unwrap_or("push"));
    let add_doc = format!(
        " Adds one item to `{}` (see [`{}`](Self::{})).",
        f.json_name, f.rust_name, f.rust_name
    );
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #n(self, items: impl IntoIterator<Item = impl Into<#item>>) -> Self {
            Self { #n: Some(rt::list(items)), ..self }
        }

        #[doc = #add_doc]
        #[must_use]
        pub fn #appender(self, item: impl Into<#item>) -> Self {
            Self { #n: rt::append(self.#n, item), ..self }
        }
    }
}

/// A type that holds any JSON value, checked by its rules.
pub fn any_def(t: &TypeDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    let schemars = schemars_impl(&t.name);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub serde_json::Value);

        /// Any JSON value decodes; the rules say whether it is valid.
        impl rt::Fits for #name {
            const TAKES_NULL: bool = true;
            fn fits(_: &serde_json::Value) -> bool {
                true
            }
        }

        #schemars
    }
}
