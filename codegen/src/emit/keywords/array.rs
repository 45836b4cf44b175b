//! `prefixItems`, `items`, `uniqueItems`, `minItems`, `maxItems`, `contains`
//! (with `minContains`/`maxContains`).

use super::value::{int, opt_int};
use super::{report, verdict, Compiled, Compiler, Cond, Form, Kind, Verdict};
use crate::emit::names::type_path;
use crate::ir::{ArrayRule, FieldType, Node};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

impl Compiler<'_> {
    /// One array keyword in one form.
    pub(super) fn array(&self, rule: &ArrayRule, form: Form<'_>) -> Compiled {
        match rule {
            ArrayRule::Items(sub) => match form {
                Form::Report(_) => {
                    if let Some(name) = self.only_ref(sub) {
                        let ty = type_path(self.ir, name);
                        return report(quote! { rt::check_items::<#ty>(v, at, out); });
                    }
                    let body = self.member(sub);
                    if body.is_empty() {
                        return report(body);
                    }
                    report(quote! {
                        for (i, v) in v.as_array().into_iter().flatten().enumerate() {
                            let at = &at.item(i);
                            #body
                        }
                    })
                }
                Form::Is => verdict(self.with_predicate(sub, |f| quote! { rt::is::items(v, #f) })),
                Form::Typed {
                    kind: Kind::Array(item),
                    v,
                    depth,
                } => verdict(self.item_test(sub, item, depth, |f| quote! { #v.iter().all(#f) })),
                Form::Typed { kind, .. } => verdict(kind.ignored()),
            },
            ArrayRule::MinItems(n) => {
                let lit = int(*n);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "minItems");
                        report(quote! { out.min_items(v, at, #path, #lit); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::min_items(v, #lit) })),
                    Form::Typed {
                        kind: Kind::Array(_),
                        v,
                        ..
                    } => verdict(match n {
                        0 => Verdict::Always,
                        1 => Verdict::Expr(Cond::with_negation(
                            quote! { !#v.is_empty() },
                            quote! { #v.is_empty() },
                        )),
                        n => {
                            let n = Literal::u64_unsuffixed(*n);
                            Verdict::Expr(Cond::at_least(&quote! { #v.len() }, &n))
                        }
                    }),
                    Form::Typed { kind, .. } => verdict(kind.ignored()),
                }
            }
            ArrayRule::MaxItems(n) => {
                let n = int(*n);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "maxItems");
                        report(quote! { out.max_items(v, at, #path, #n); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::max_items(v, #n) })),
                    Form::Typed {
                        kind: Kind::Array(_),
                        v,
                        ..
                    } => verdict(Verdict::Expr(Cond::at_most(&quote! { #v.len() }, &n))),
                    Form::Typed { kind, .. } => verdict(kind.ignored()),
                }
            }
            ArrayRule::Contains(sub) => match form {
                Form::Report(node) => {
                    let found = match self.passes(sub) {
                        Some(test) => quote! { a.iter().any(|v| #test) },
                        None => quote! { !a.is_empty() },
                    };
                    let path = self.schema_path(node, "contains");
                    report(quote! {
                        if let Some(a) = v.as_array() {
                            out.contains(at, #path, #found);
                        }
                    })
                }
                Form::Is => verdict(
                    match self.with_predicate(sub, |f| quote! { rt::is::contains(v, #f) }) {
                        // Any item will do: there must be one.
                        Verdict::Always => {
                            Verdict::expr(quote! { v.as_array().is_none_or(|a| !a.is_empty()) })
                        }
                        found => found,
                    },
                ),
                Form::Typed {
                    kind: Kind::Array(item),
                    v,
                    depth,
                } => verdict(
                    match self.item_test(sub, item, depth, |f| quote! { #v.iter().any(#f) }) {
                        // Any item will do: there must be one.
                        Verdict::Always => Verdict::expr(quote! { !#v.is_empty() }),
                        found => found,
                    },
                ),
                Form::Typed { kind, .. } => verdict(kind.ignored()),
            },
            ArrayRule::ContainsCount { node, min, max } => match form {
                Form::Report(path) => {
                    let found = match self.passes(node) {
                        Some(test) => quote! { a.iter().filter(|&v| #test).count() },
                        None => quote! { a.len() },
                    };
                    let min = int(*min);
                    let max = opt_int(*max);
                    let (min_path, max_path) = (
                        self.schema_path(path, "minContains"),
                        self.schema_path(path, "maxContains"),
                    );
                    report(quote! {
                        if let Some(a) = v.as_array() {
                            out.contains_count(at, #min_path, #max_path, #found, #min, #max);
                        }
                    })
                }
                Form::Is => {
                    let f = self
                        .is(node)
                        .into_test()
                        .map_or_else(|| quote! { |_| true }, |t| t.closure());
                    let min = int(*min);
                    let max = opt_int(*max);
                    verdict(Verdict::expr(
                        quote! { rt::is::contains_count(v, #min, #max, #f) },
                    ))
                }
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
            ArrayRule::PrefixItems(nodes) => match form {
                Form::Report(_) => report(
                    nodes
                        .iter()
                        .enumerate()
                        .map(|(i, sub)| {
                            self.scoped(
                                sub,
                                quote! { if let Some(v) = v.as_array().and_then(|a| a.get(#i)) },
                                quote! { let at = &at.item(#i); },
                            )
                        })
                        .collect(),
                ),
                Form::Is => verdict(Verdict::all(nodes.iter().enumerate().map(|(i, n)| {
                    self.with_predicate(n, |f| quote! { rt::is::prefix(v, #i, #f) })
                }))),
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
            ArrayRule::ItemsAfter(skip, sub) => match form {
                Form::Report(_) => {
                    let body = self.member(sub);
                    if body.is_empty() {
                        return report(body);
                    }
                    report(quote! {
                        for (i, v) in v.as_array().into_iter().flatten().enumerate().skip(#skip) {
                            let at = &at.item(i);
                            #body
                        }
                    })
                }
                Form::Is => verdict(
                    self.with_predicate(sub, |f| quote! { rt::is::items_after(v, #skip, #f) }),
                ),
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
            ArrayRule::UniqueItems => match form {
                Form::Report(node) => {
                    let path = self.schema_path(node, "uniqueItems");
                    report(quote! { out.unique_items(v, at, #path); })
                }
                Form::Is => verdict(Verdict::expr(quote! { rt::is::unique_items(v) })),
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
        }
    }

    /// `each(f)`, where `f` is the closure (over `x<depth>`) testing a
    /// decoded item of type `item` against `sub`: `Always` when every item
    /// passes. `each` must be monotone in `f` (`all`, `any`).
    fn item_test(
        &self,
        sub: &Node,
        item: &FieldType,
        depth: usize,
        each: impl FnOnce(TokenStream) -> TokenStream,
    ) -> Verdict {
        let x = format_ident!("x{depth}");
        let x = quote! { #x };
        self.typed(sub, self.field_kind(item), &x, depth + 1)
            .wrap(|body| Cond::atom(each(body.closure_over(&x))))
    }
}
