//! IR → Rust source. Each emitter reads only the IR.

pub mod client;
pub mod decode;
pub mod endpoint_table;
pub mod enums;
pub mod keywords;
pub mod mock;
pub mod model;
pub mod names;
pub mod pattern;
pub mod tests;
pub mod typed;
pub mod types;
pub mod union;
pub mod validator;

pub use names::{ident, rust_type};

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

/// `Some(x)` or `None` in generated code.
pub fn option_tokens(x: Option<impl quote::ToTokens>) -> TokenStream {
    match x {
        Some(x) => quote::quote! { Some(#x) },
        None => quote::quote! { None },
    }
}

/// `schemars::JsonSchema` (feature `schemars`): the type's entry of the
/// exported bundle, looked up by its `$defs` name.
pub fn schemars_impl(name: &str) -> TokenStream {
    let ty = ident(name);
    quote::quote! {
        #[cfg(feature = "schemars")]
        impl rt::schemars::JsonSchema for #ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(#name)
            }

            fn json_schema(generator: &mut rt::schemars::SchemaGenerator) -> rt::schemars::Schema {
                rt::schemars_schema(generator, #name)
            }
        }
    }
}

/// A doc attribute for each line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(|l| format!(" {l}")).collect();
    quote::quote! { #(#[doc = #lines])* }
}

/// The first sentence of a description, for one-line summaries. A period
/// ends a sentence only when a space and a capital letter (or the end) follow
/// and the word before it is not an abbreviation ("e.g.", "i.e.", "etc.",
/// "vs.", "approx.", "No."), so "(e.g. an id)" never cuts a summary short.
pub fn first_sentence(doc: &str) -> &str {
    const ABBREVIATIONS: [&str; 8] = ["e.g", "i.e", "etc", "vs", "approx", "incl", "no", "cf"];
    let bytes = doc.as_bytes();
    for (i, _) in doc.match_indices('.') {
        let rest = &doc[i + 1..];
        let ends = rest.is_empty()
            || (rest.starts_with(' ')
                && rest[1..].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        if !ends {
            continue;
        }
        let word_start = doc[..i]
            .rfind(|c: char| c.is_whitespace() || c == '(')
            .map_or(0, |j| j + 1);
        let word = doc[word_start..i].to_lowercase();
        if ABBREVIATIONS.contains(&word.as_str())
            || (word.len() == 1 && bytes[word_start].is_ascii_alphabetic())
        {
            continue;
        }
        return &doc[..=i];
    }
    doc
}

#[cfg(test)]
mod tests_sentence {
    use super::first_sentence;

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        assert_eq!(
            first_sentence("Your own reference (e.g. an internal message id), returned unchanged. Not checked."),
            "Your own reference (e.g. an internal message id), returned unchanged."
        );
        assert_eq!(
            first_sentence("Language of the template (e.g. en). Only with template_id."),
            "Language of the template (e.g. en)."
        );
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(
            first_sentence("Ends with i.e. Something else"),
            "Ends with i.e. Something else"
        );
        assert_eq!(
            first_sentence("Version 1.5 is out. Next."),
            "Version 1.5 is out."
        );
        assert_eq!(first_sentence("No period"), "No period");
        assert_eq!(
            first_sentence("Limits, etc. Then more."),
            "Limits, etc. Then more."
        );
    }
}
