//! `minimum` and `maximum` (numbers only; strings are left to `type`).

use super::{float, here, report, show_number, Msg, Test};
use crate::ir::{Node, Rule};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn collect(node: &Node, rule: &Rule) -> TokenStream {
    let (keyword, bad, text) = match rule {
        Rule::Minimum(x) => {
            let lit = float(*x);
            (
                "minimum",
                quote! { n < #lit },
                format!("must be at least {}", show_number(*x)),
            )
        }
        Rule::Maximum(x) => {
            let lit = float(*x);
            (
                "maximum",
                quote! { n > #lit },
                format!("must be at most {}", show_number(*x)),
            )
        }
        _ => unreachable!("number::collect called with {rule:?}"),
    };
    let r = report(
        node,
        here(),
        keyword,
        Msg::Fmt(format!("{text}; found {{}}"), vec![quote! { v }]),
    );
    quote! {
        if let Some(n) = v.as_f64() {
            if #bad { #r }
        }
    }
}

pub(super) fn test(rule: &Rule) -> Option<Test> {
    Some(Test::atom(match rule {
        Rule::Minimum(x) => {
            let lit = float(*x);
            quote! { v.as_f64().is_none_or(|n| n >= #lit) }
        }
        Rule::Maximum(x) => {
            let lit = float(*x);
            quote! { v.as_f64().is_none_or(|n| n <= #lit) }
        }
        _ => unreachable!("number::test called with {rule:?}"),
    }))
}
