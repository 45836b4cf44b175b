//! The endpoint index → the client's endpoint table and one method per
//! endpoint, all through the one send path (`Client::call`).

use super::{first_sentence, format_file, ident, option_tokens};
use crate::endpoints::{Endpoint, Index};
use crate::ir::{Field, FieldType, Ir, Shape};
use crate::output::GeneratedFile;
use crate::{paths, Error};
use heck::{ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// `crates/pickyassist/src/generated/mod.rs`.
pub fn files(ir: &Ir, index: &Index) -> Result<Vec<GeneratedFile>, Error> {
    let consts: Vec<TokenStream> = index.endpoints.iter().map(constant).collect();
    let names: Vec<_> = index.endpoints.iter().map(const_name).collect();
    let methods: Vec<TokenStream> = index.endpoints.iter().map(|e| method(ir, e)).collect();
    let responses: BTreeSet<&str> = index
        .endpoints
        .iter()
        .map(|e| e.response.as_str())
        .collect();
    let answers = responses.iter().map(|r| answer_impl(ir, r));
    let tokens = quote! {
        //! Every endpoint of the index (`schema/endpoints.json`): its constant and its method.
        //!
        //! Regenerate with `cargo xtask codegen`; never edit by hand.
        use crate::{endpoint::{Answer, Endpoint, TokenKind}, Client, Error, RateLimit};
        use pickyassist_model as model;

        /// Every documented endpoint, in the index's order.
        pub const ENDPOINTS: &[Endpoint] = &[#(#names),*];

        #(#consts)*

        impl Client {
            #(#methods)*
        }

        #(#answers)*
    };
    let path = format!("{}/mod.rs", paths::CLIENT_DIR);
    Ok(vec![GeneratedFile {
        contents: format_file(&path, tokens)?,
        path: PathBuf::from(path),
    }])
}

fn const_name(e: &Endpoint) -> syn::Ident {
    format_ident!("{}", e.name.to_shouty_snake_case())
}

fn constant(e: &Endpoint) -> TokenStream {
    let c = const_name(e);
    let (name, path, docs, req, resp) = (&e.name, &e.path, &e.docs, &e.request, &e.response);
    let summary = first_sentence(&e.summary);
    let doc = format!(" `POST {path}`: {summary}");
    let token = if e.master {
        quote! { TokenKind::Master }
    } else {
        quote! { TokenKind::Project }
    };
    let rate = option_tokens(e.rate_limit.map(|n| {
        let n = Literal::u32_unsuffixed(n);
        quote! { RateLimit::per_minute_const(#n) }
    }));
    let read_only = e.read_only;
    let codes = e.codes.iter().map(|c| Literal::u64_unsuffixed(*c));
    let deprecated = option_tokens(
        e.deprecated
            .as_ref()
            .map(|(since, note)| format!("since {since}: {note}")),
    );
    quote! {
        #[doc = #doc]
        pub const #c: Endpoint = Endpoint {
            name: #name,
            path: #path,
            request: #req,
            response: #resp,
            summary: #summary,
            token: #token,
            rate_limit: #rate,
            read_only: #read_only,
            codes: &[#(#codes),*],
            deprecated: #deprecated,
            docs: #docs,
        };
    }
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
    let (get, set) = (quote! { |r| &r.token }, quote! { |r| &mut r.token });
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
                let request = model::#req::new(self.request_token(&#c));
                self.call(&#c, &request, #get, #set).await
            }
        };
    }
    let builder = request_builder(e, fields);
    quote! {
        #(#[doc = #doc])*
        #deprecated
        pub async fn #m(&self, request: &model::#req) -> Result<model::#resp, Error> {
            self.call(&#c, request, #get, #set).await
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

/// How an answer type says its status: a `status` of `ApiStatus`, a status
/// kept as text (number or state), or none.
fn answer_impl(ir: &Ir, response: &str) -> TokenStream {
    let ty = ident(response);
    let fields = match ir.get(response).map(|t| &t.shape) {
        Some(Shape::Struct(s)) => s.fields.as_slice(),
        _ => &[],
    };
    let field = |name: &str| fields.iter().find(|f| f.json_name == name);
    let named = |n: &str| FieldType::Named(n.into());
    let status = match field("status") {
        Some(f) if f.ty == named("ApiStatus") && f.required => quote! { Some(self.status) },
        Some(f) if f.ty == named("ApiStatus") => quote! { self.status },
        Some(f) if f.ty == named("LooseString") && f.required => {
            quote! { self.status.as_u64().map(model::ApiStatus::from_code) }
        }
        Some(f) if f.ty == named("LooseString") => {
            quote! { self.status.as_ref().and_then(|s| s.as_u64()).map(model::ApiStatus::from_code) }
        }
        _ => quote! { None },
    };
    let message = match field("message") {
        Some(f) if f.ty == FieldType::String && f.required => quote! { Some(&self.message) },
        Some(f) if f.ty == FieldType::String => quote! { self.message.as_deref() },
        _ => quote! { None },
    };
    quote! {
        impl Answer for model::#ty {
            fn api_status(&self) -> Option<model::ApiStatus> {
                #status
            }

            fn api_message(&self) -> Option<&str> {
                #message
            }
        }
    }
}
