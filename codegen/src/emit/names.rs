//! Rust names and paths of IR types, shared by every emitter.

use crate::ir::{FieldType, Ir, Shape};
use proc_macro2::TokenStream;
use quote::quote;

/// A Rust identifier, raw if it is a keyword.
pub fn ident(name: &str) -> syn::Ident {
    syn::parse_str::<syn::Ident>(name)
        .unwrap_or_else(|_| syn::Ident::new_raw(name, proc_macro2::Span::call_site()))
}

/// Whether `name` needs a raw identifier (`r#type`).
pub fn is_keyword(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_err()
}

/// The path of a named type from inside a generated module: `super::X`, or
/// the runtime path of a hand-written (`x-rust-type`) type.
pub fn type_path(ir: &Ir, name: &str) -> TokenStream {
    match ir.get(name).map(|t| &t.shape) {
        Some(Shape::External(path)) => runtime_path(path),
        _ => {
            let n = ident(name);
            quote! { super::#n }
        }
    }
}

/// A runtime type's path as written in `x-rust-type` (`crate::runtime::Token`),
/// shortened to the crate root, where the runtime's public types are.
pub fn runtime_path(path: &str) -> TokenStream {
    let short = path
        .strip_prefix("crate::runtime::")
        .map(|n| format!("crate::{n}"));
    short
        .as_deref()
        .unwrap_or(path)
        .parse()
        .unwrap_or_else(|_| quote! { compile_error!("bad x-rust-type") })
}

/// The Rust type of a field value.
pub fn rust_type(ir: &Ir, ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote! { String },
        FieldType::Bool => quote! { bool },
        FieldType::Integer => quote! { i64 },
        FieldType::Number => quote! { f64 },
        FieldType::Json => quote! { serde_json::Value },
        FieldType::Named(n) => type_path(ir, n),
        FieldType::Array(inner) => {
            let inner = rust_type(ir, inner);
            quote! { Vec<#inner> }
        }
    }
}
