//! IR → Rust source. Each emitter reads only the IR.

pub mod decode;
pub mod model;
pub mod rules;
pub mod tests;
pub mod types;

use crate::{Error, GENERATED_HEADER};
use proc_macro2::TokenStream;

/// Formats tokens as a Rust file with the generated-file header.
pub fn format_file(path: &str, tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::new(
            path,
            "",
            format!("generated code does not parse (generator bug): {e}"),
        )
    })?;
    let body = prettyplease::unparse(&file);
    Ok(format!("{GENERATED_HEADER}\n{}", space_out_items(&body)))
}

/// Puts a blank line between top-level items so diffs of generated code stay
/// readable (prettyplease packs `impl` blocks and statics together).
fn space_out_items(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + src.len() / 16);
    let mut prev: Option<&str> = None;
    for line in src.lines() {
        let starts_item = !line.starts_with([' ', '}', ')', ']']) && !line.is_empty();
        if let Some(p) = prev {
            let prev_closed_item = p == "}" || p.ends_with(';') && !p.starts_with(' ');
            let prev_is_attr_or_doc =
                p.starts_with("#[") || p.starts_with("///") || p.starts_with("//!");
            if starts_item && prev_closed_item && !prev_is_attr_or_doc && !line.starts_with("//!") {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

/// A doc attribute for each line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(|l| format!(" {l}")).collect();
    quote::quote! { #(#[doc = #lines])* }
}

/// A Rust identifier, raw if it is a keyword.
pub fn ident(name: &str) -> syn::Ident {
    syn::parse_str::<syn::Ident>(name)
        .unwrap_or_else(|_| syn::Ident::new_raw(name, proc_macro2::Span::call_site()))
}
