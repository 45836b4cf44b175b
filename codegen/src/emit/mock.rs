//! The endpoint index → the mock's route table: which endpoint of the
//! model's table each route serves, what it validates and how it answers
//! (`crates/pickyassist-mock/src/route.rs` runs it). Path, token, hosts and
//! rate limit are the endpoint's, not repeated here.

use super::{endpoint_table::const_name, format_file, option_tokens};
use crate::endpoints::{Endpoint, Index, MockReply};
use crate::output::GeneratedFile;
use crate::{paths, Error};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::path::PathBuf;

/// `crates/pickyassist-mock/src/generated/mod.rs`.
pub fn files(index: &Index) -> Result<Vec<GeneratedFile>, Error> {
    let routes = index.endpoints.iter().map(route);
    let tokens = quote! {
        //! The mock's routes, one per endpoint of the index (`schema/endpoints.json`).
        //!
        //! Regenerate with `cargo xtask codegen`; never edit by hand.
        use crate::route::{Refusal, Reply, Route};
        use pickyassist_model as model;

        /// Every route, in the index's order.
        pub(crate) const ROUTES: &[Route] = &[#(#routes),*];
    };
    let path = format!("{}/mod.rs", paths::MOCK_DIR);
    Ok(vec![GeneratedFile {
        contents: format_file(&path, tokens)?,
        path: PathBuf::from(path),
    }])
}

fn route(e: &Endpoint) -> TokenStream {
    let endpoint = const_name(e);
    let req = format_ident!("{}", e.request);
    let reply = match &e.mock.reply {
        MockReply::Receipts => quote! { Reply::Receipts },
        MockReply::Sample {
            text, when_blank, ..
        } => {
            let text = raw_string(text.trim_end());
            let when_blank = match when_blank {
                Some((key, blank)) => {
                    let blank = raw_string(blank.trim_end());
                    quote! { Some((#key, #blank)) }
                }
                None => quote! { None },
            };
            quote! { Reply::Sample { text: #text, when_blank: #when_blank } }
        }
    };
    let refusals = e.mock.errors.iter().map(|r| {
        let code = proc_macro2::Literal::u64_unsuffixed(r.code);
        let (message, pointer) = (&r.message, &r.pointer);
        let keyword = option_tokens(r.keyword.as_ref());
        quote! { Refusal { code: #code, message: #message, pointer: #pointer, keyword: #keyword } }
    });
    quote! {
        Route {
            endpoint: &model::#endpoint,
            request: model::SchemaType::of::<model::#req>(),
            reply: #reply,
            refusals: &[#(#refusals),*],
        }
    }
}

/// `text` as a raw string literal (`r#"…"#`, with as many `#` as it needs),
/// so that a sample built into the mock reads as the JSON it is.
fn raw_string(text: &str) -> TokenStream {
    let hashes = "#".repeat(
        (1..)
            .find(|n| !text.contains(&format!("\"{}", "#".repeat(*n))))
            .unwrap_or(1),
    );
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| quote! { #text })
}
