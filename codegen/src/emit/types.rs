//! Structs: the declaration with docs, the serde/constructor macro call and
//! the setters.

use super::{doc_attrs, first_sentence, ident, rust_type};
use crate::ir::{Field, FieldType, Ir, StructDef, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// A struct, its `model_struct!` line and its setters.
pub fn struct_def(ir: &Ir, t: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote! { Default, });
    let fields = s.fields.iter().map(|f| field_decl(ir, f));
    let extra = (!s.deny_unknown).then(|| {
        quote! {
            /// What the schema does not list, or could not be read as its type
            /// (and `null`s), kept as sent so that nothing is lost.
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    });
    let mode = if s.deny_unknown {
        quote! { closed }
    } else {
        quote! { open }
    };
    let required = s.fields.iter().filter(|f| f.required).map(|f| {
        let n = ident(&f.rust_name);
        let ty = rust_type(ir, &f.ty);
        let key = explicit_key(f);
        quote! { #n: #ty #key }
    });
    let optional = s.fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(&f.rust_name);
        let key = explicit_key(f);
        quote! { #n #key }
    });
    // Setters build what we send; what we receive is read, not built.
    let setters: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| !f.required && s.deny_unknown)
        .map(|f| setters(ir, f))
        .collect();
    let setters = (!setters.is_empty()).then(|| quote! { impl #name { #(#setters)* } });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }

        rt::model_struct!(#name, #mode, [#(#required),*], [#(#optional),*]);

        #setters
    }
}

/// `= "key"` when the JSON key is not the Rust name.
fn explicit_key(f: &Field) -> Option<TokenStream> {
    let raw = super::names::is_keyword(&f.rust_name);
    (raw || f.rust_name != f.json_name).then(|| {
        let k = &f.json_name;
        quote! { = #k }
    })
}

fn field_decl(ir: &Ir, f: &Field) -> TokenStream {
    let n = ident(&f.rust_name);
    let mut doc = f.doc.clone();
    if f.rust_name != f.json_name {
        doc.push_str(&format!(" (JSON key `{}`.)", f.json_name));
    }
    let docs = doc_attrs(&doc);
    let ty = rust_type(ir, &f.ty);
    if f.required {
        quote! { #docs pub #n: #ty, }
    } else {
        quote! { #docs pub #n: Option<#ty>, }
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
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name(pub serde_json::Value);

        rt::any_type!(#name);
    }
}
