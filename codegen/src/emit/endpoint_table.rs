//! The endpoint index → the model's endpoint table: one `Endpoint` constant
//! per endpoint, `ENDPOINTS`, the lookups by name and path, a `Request` impl
//! per request type and an `Answer` impl per answer type. The client, the
//! mock and the CLI all read this one table
//! (`crates/pickyassist-model/src/endpoint.rs` holds its types).

use super::{first_sentence, format_file, ident, option_tokens};
use crate::endpoints::{Endpoint, Index};
use crate::ir::{FieldType, Ir, Shape};
use crate::output::GeneratedFile;
use crate::{paths, Error};
use heck::{ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The generated file's module name in the model's `generated/` (next to
/// one module per type, so no type may be named `Endpoints`).
pub const MODULE: &str = "endpoints";

/// `crates/pickyassist-model/src/generated/endpoints.rs`.
pub fn files(ir: &Ir, index: &Index) -> Result<Vec<GeneratedFile>, Error> {
    let path = format!("{}/{MODULE}.rs", paths::MODEL_DIR);
    if let Some(t) = ir.types.iter().find(|t| t.name.to_snake_case() == MODULE) {
        return Err(Error::new(
            &path,
            "",
            format!(
                "type {} would share its module with the endpoint table",
                t.name
            ),
        ));
    }
    let consts = index.endpoints.iter().map(constant);
    let names: Vec<_> = index.endpoints.iter().map(const_name).collect();
    let by_name = index.endpoints.iter().map(|e| {
        let (name, c) = (&e.name, const_name(e));
        quote! { #name => Some(&#c), }
    });
    let by_path = index.endpoints.iter().map(|e| {
        let (path, c) = (&e.path, const_name(e));
        quote! { #path => Some(&#c), }
    });
    let requests = index.endpoints.iter().map(request_impl);
    let responses: BTreeSet<&str> = index
        .endpoints
        .iter()
        .map(|e| e.response.as_str())
        .collect();
    let answers = responses.iter().map(|r| answer_impl(ir, r));
    let tokens = quote! {
        //! Every endpoint of the index (`schema/endpoints.json`): its constant,
        //! its request type's `Request` impl and its answer type's `Answer` impl.
        //!
        //! Regenerate with `cargo xtask codegen`; never edit by hand.
        use crate::endpoint::{sealed::Sealed, Answer, Endpoint, RateLimit, Request, TokenKind};

        /// Every documented endpoint, in the index's order.
        pub const ENDPOINTS: &[Endpoint] = &[#(#names),*];

        #(#consts)*

        impl Endpoint {
            /// The endpoint whose client method is `name` (`delivery_report`).
            pub fn by_name(name: &str) -> Option<&'static Endpoint> {
                match name {
                    #(#by_name)*
                    _ => None,
                }
            }

            /// The endpoint at `path` after the base URL (`/delivery-report`).
            pub fn by_path(path: &str) -> Option<&'static Endpoint> {
                match path {
                    #(#by_path)*
                    _ => None,
                }
            }
        }

        #(#requests)*

        #(#answers)*
    };
    Ok(vec![GeneratedFile {
        contents: format_file(&path, tokens)?,
        path: PathBuf::from(path),
    }])
}

/// The endpoint's constant (`PUSH`, `DELIVERY_REPORT`).
pub fn const_name(e: &Endpoint) -> syn::Ident {
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
    let hosts = &e.hosts;
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
            hosts: &[#(#hosts),*],
            rate_limit: #rate,
            read_only: #read_only,
            codes: &[#(#codes),*],
            deprecated: #deprecated,
            docs: #docs,
        };
    }
}

/// `impl Request for <request>`: the endpoint and the answer type.
fn request_impl(e: &Endpoint) -> TokenStream {
    let c = const_name(e);
    let req = ident(&e.request);
    let resp = ident(&e.response);
    quote! {
        impl Sealed for crate::#req {}

        impl Request for crate::#req {
            type Response = crate::#resp;
            const ENDPOINT: &'static Endpoint = &#c;

            fn token(&self) -> &crate::Token {
                &self.token
            }

            fn token_mut(&mut self) -> &mut crate::Token {
                &mut self.token
            }
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
        Some(f) if f.ty == named("ReceivedText") && f.required => {
            quote! { self.status.as_u64().map(crate::ApiStatus::from_code) }
        }
        Some(f) if f.ty == named("ReceivedText") => {
            quote! { self.status.as_ref().and_then(|s| s.as_u64()).map(crate::ApiStatus::from_code) }
        }
        _ => quote! { None },
    };
    let message = match field("message") {
        Some(f) if f.ty == FieldType::String && f.required => quote! { Some(&self.message) },
        Some(f) if f.ty == FieldType::String => quote! { self.message.as_deref() },
        _ => quote! { None },
    };
    quote! {
        impl Answer for crate::#ty {
            fn api_status(&self) -> Option<crate::ApiStatus> {
                #status
            }

            fn api_message(&self) -> Option<&str> {
                #message
            }
        }
    }
}
