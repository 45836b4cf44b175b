//! The endpoint index → one client method per endpoint, each a thin wrapper
//! of the one generic send path (`Client::send`), and the re-export of the
//! model's endpoint constants (`emit/endpoint_table.rs` generates them).

use super::endpoint_table::const_name;
use super::{format_file, ident};
use crate::endpoints::{Endpoint, Index};
use crate::ir::{Field, FieldType, Ir, Shape};
use crate::output::GeneratedFile;
use crate::{paths, Error};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::path::PathBuf;

/// `crates/pickyassist/src/generated/mod.rs`.
pub fn files(ir: &Ir, index: &Index) -> Result<Vec<GeneratedFile>, Error> {
    let names: Vec<_> = index.endpoints.iter().map(const_name).collect();
    let methods: Vec<TokenStream> = index.endpoints.iter().map(|e| method(ir, e)).collect();
    let tokens = quote! {
        //! Every endpoint of the index (`schema/endpoints.json`): its constant
        //! (the model's, re-exported) and its method.
        //!
        //! Regenerate with `cargo xtask codegen`; never edit by hand.
        use crate::{Client, Error};
        use pickyassist_model as model;

        pub use model::{ENDPOINTS, #(#names),*};

        impl Client {
            #(#methods)*
        }
    };
    let path = format!("{}/mod.rs", paths::CLIENT_DIR);
    Ok(vec![GeneratedFile {
        contents: format_file(&path, tokens)?,
        path: PathBuf::from(path),
    }])
}

fn method(ir: &Ir, e: &Endpoint) -> TokenStream {
    let m = ident(&e.name);
    let c = const_name(e);
    let req = ident(&e.request);
    let resp = ident(&e.response);
    let mut doc = vec![format!(" {}", e.summary), String::new()];
    let limit = e
        .rate_limit
        .map(|n| format!(" · at most {n} requests a minute (the client waits)"))
        .unwrap_or_default();
    let token = if e.master { " · master API token" } else { "" };
    let read_only = if e.read_only {
        " · read-only (safe to call again after a timeout)"
    } else {
        ""
    };
    doc.push(format!(
        " `POST {}` · [docs]({}){token}{read_only}{limit}",
        e.path, e.docs
    ));
    if !e.codes.is_empty() {
        let codes: Vec<String> = e.codes.iter().map(u64::to_string).collect();
        doc.push(format!(" · status codes {}", codes.join(", ")));
    }
    doc.push(String::new());
    doc.push(
        " The request is validated first (not sent if it breaks a rule) and carries the".into(),
    );
    doc.push(" client's token; any status but 100 is [`Error::Api`].".into());
    let deprecated = e.deprecated.as_ref().map(|(since, note)| {
        doc.push(String::new());
        doc.push(format!(" **Deprecated since {since}:** {note}"));
        let text = format!("disabled by Picky Assist since {since}");
        quote! { #[deprecated(note = #text)] }
    });
    let fields = match ir.get(&e.request).map(|t| &t.shape) {
        Some(Shape::Struct(s)) => s.fields.as_slice(),
        _ => &[],
    };
    // A request that is nothing but the token: the client fills it in.
    if fields.iter().all(|f| f.json_name == "token") {
        return quote! {
            #(#[doc = #doc])*
            #deprecated
            pub async fn #m(&self) -> Result<model::#resp, Error> {
                self.send(&model::#req::new(self.request_token(&#c))).await
            }
        };
    }
    let builder = request_builder(e, fields);
    quote! {
        #(#[doc = #doc])*
        #deprecated
        pub async fn #m(&self, request: &model::#req) -> Result<model::#resp, Error> {
            self.send(request).await
        }

        #builder
    }
}

/// `client.<request type>(<required values>)`: the request with the
/// client's token, to fill in with the setters, so that no caller repeats
/// the token.
fn request_builder(e: &Endpoint, fields: &[Field]) -> TokenStream {
    // Named for the type it builds: `push_request`, `group_details_request`.
    let name = format_ident!("{}", e.request.to_snake_case());
    let c = const_name(e);
    let req = ident(&e.request);
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let params = required.iter().filter(|f| f.json_name != "token").map(|f| {
        let n = ident(&f.rust_name);
        let ty = model_type(&f.ty);
        quote! { #n: impl Into<#ty> }
    });
    let args = required.iter().map(|f| {
        if f.json_name == "token" {
            quote! { self.request_token(&#c) }
        } else {
            let n = ident(&f.rust_name);
            quote! { #n }
        }
    });
    let doc = format!(
        " A [`{}`](model::{}) carrying this client's token, for [`{}`](Self::{}); \
         the optional variables have setters.",
        e.request, e.request, e.name, e.name
    );
    quote! {
        #[doc = #doc]
        pub fn #name(&self, #(#params),*) -> model::#req {
            model::#req::new(#(#args),*)
        }
    }
}

/// A field's type as the client crate names it (`model::X`).
fn model_type(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote! { String },
        FieldType::Bool => quote! { bool },
        FieldType::Integer => quote! { i64 },
        FieldType::Number => quote! { f64 },
        FieldType::Json => quote! { serde_json::Value },
        FieldType::Named(n) => {
            let n = ident(n);
            quote! { model::#n }
        }
        FieldType::Array(inner) => {
            let inner = model_type(inner);
            quote! { Vec<#inner> }
        }
    }
}
