//! `minLength`, `maxLength` (in code points) and `pattern` (unanchored search).

use super::{here, report, Emitter, Msg, Test};
use crate::ir::{Node, Rule};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn collect(em: &Emitter<'_>, node: &Node, rule: &Rule) -> TokenStream {
    let (keyword, bad, msg) = match rule {
        Rule::MinLength(n) => (
            "minLength",
            quote! { crate::runtime::char_len(s) < #n },
            if *n == 1 {
                Msg::Lit("must not be empty".into())
            } else {
                Msg::Lit(format!("must be at least {n} characters long"))
            },
        ),
        Rule::MaxLength(n) => (
            "maxLength",
            quote! { crate::runtime::char_len(s) > #n },
            Msg::Fmt(
                format!("must be at most {n} characters long; found {{}}"),
                vec![quote! { crate::runtime::char_len(s) }],
            ),
        ),
        Rule::Pattern(pat) => {
            let re = format_ident!("PATTERN_{}", em.pattern_index(pat));
            (
                "pattern",
                quote! { !#re.is_match(s) },
                Msg::Lit(format!("must match the pattern {pat}")),
            )
        }
        _ => unreachable!("string::collect called with {rule:?}"),
    };
    let r = report(node, here(), keyword, msg);
    quote! {
        if let Some(s) = v.as_str() {
            if #bad { #r }
        }
    }
}

pub(super) fn test(em: &Emitter<'_>, rule: &Rule) -> Option<Test> {
    Some(Test::atom(match rule {
        Rule::MinLength(n) => {
            quote! { v.as_str().is_none_or(|s| crate::runtime::char_len(s) >= #n) }
        }
        Rule::MaxLength(n) => {
            quote! { v.as_str().is_none_or(|s| crate::runtime::char_len(s) <= #n) }
        }
        Rule::Pattern(pat) => {
            let re = format_ident!("PATTERN_{}", em.pattern_index(pat));
            quote! { v.as_str().is_none_or(|s| #re.is_match(s)) }
        }
        _ => unreachable!("string::test called with {rule:?}"),
    }))
}
