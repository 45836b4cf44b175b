//! The model crate's generated files: one per type, plus `mod.rs`.

use super::{enums, format_file, ident, names::runtime_path, types, union, validator::validator};
use crate::ir::{Ir, Shape, TypeDef};
use crate::output::GeneratedFile;
use crate::{paths, Error};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use std::path::PathBuf;

/// All generated model files; `mod.rs` declares the endpoint table
/// (`emit/endpoint_table.rs`) beside the types when `endpoint_table` is set
/// (not for the JSON Schema Test Suite's types, which have no endpoints).
pub fn files(ir: &Ir, endpoint_table: bool) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    let mut mods = Vec::new();
    for t in &ir.types {
        let module = t.name.to_snake_case();
        let path = format!("{}/{module}.rs", paths::MODEL_DIR);
        files.push(GeneratedFile {
            contents: format_file(&path, type_file(ir, t))?,
            path: PathBuf::from(path),
        });
        mods.push(module);
    }
    let mod_idents: Vec<_> = mods.iter().map(|m| ident(m)).collect();
    let reexports: Vec<TokenStream> = ir
        .types
        .iter()
        .zip(&mod_idents)
        .filter(|(t, _)| !matches!(t.shape, Shape::External(_)))
        .map(|(t, m)| {
            let name = ident(&t.name);
            quote! { pub use #m::#name; }
        })
        .collect();
    let entries: Vec<TokenStream> = ir
        .types
        .iter()
        .zip(&mod_idents)
        .map(|(t, m)| {
            let ty = match &t.shape {
                Shape::External(path) => runtime_path(path),
                _ => {
                    let name = ident(&t.name);
                    quote! { #m::#name }
                }
            };
            quote! { crate::SchemaType::of::<#ty>() }
        })
        .collect();
    let (table_mod, table_use) = if endpoint_table {
        let table = ident(super::endpoint_table::MODULE);
        (quote! { mod #table; }, quote! { pub use #table::*; })
    } else {
        (quote! {}, quote! {})
    };
    let mod_rs = quote! {
        //! Types and validators generated from `schema/*.schema.json`.
        //!
        //! Regenerate with `cargo xtask codegen`; never edit by hand.
        #(mod #mod_idents;)*
        #table_mod
        #(#reexports)*
        #table_use
        /// Every type of the schema, by `$defs` name, sorted by name.
        pub const SCHEMA_TYPES: &[crate::SchemaType] = &[#(#entries),*];
    };
    let path = format!("{}/mod.rs", paths::MODEL_DIR);
    files.push(GeneratedFile {
        contents: format_file(&path, mod_rs)?,
        path: PathBuf::from(path),
    });
    Ok(files)
}

fn type_file(ir: &Ir, t: &TypeDef) -> TokenStream {
    let header = format!(" `{}`: generated from `schema/{}`.", t.name, t.file);
    let ty_path: TokenStream = match &t.shape {
        Shape::External(path) => runtime_path(path),
        _ => {
            let n = ident(&t.name);
            quote! { #n }
        }
    };
    let def = match &t.shape {
        Shape::Struct(s) => types::struct_def(ir, t, s),
        Shape::IntEnum(e) => enums::int_enum(t, e),
        Shape::StrEnum(e) => enums::str_enum(t, e),
        Shape::Union(u) => union::union(ir, t, u),
        Shape::Any => types::any_def(t),
        Shape::External(_) => quote! {},
    };
    let validator = validator(ir, t, &ty_path);
    let validate_impl = match t.shape {
        Shape::External(_) => quote! {},
        _ => quote! {
            impl crate::Validate for #ty_path {
                fn validate(&self) -> Result<(), crate::ValidationErrors> {
                    rt::validate_typed(self)
                }
            }
        },
    };
    quote! {
        #![doc = #header]
        use crate::__private as rt;
        #def
        #validator
        #validate_impl
    }
}
