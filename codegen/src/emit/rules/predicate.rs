//! Subschemas that only decide (`if`, `not`, `anyOf`, `oneOf`, `contains`)
//! as one `bool` expression over `v` of `rt::is` predicates: no pointers, no
//! messages, and the first failing keyword ends the test.

use super::{
    value::{float, int, lit, opt_int},
    Emitter,
};
use crate::emit::names::type_path;
use crate::emit::test_expr::Test;
use crate::ir::{JsonType, Node, Rule};
use quote::{format_ident, quote};

impl Emitter<'_> {
    /// Does `v` pass `node`? `None` when it always does.
    pub fn predicate(&self, node: &Node) -> Option<Test> {
        Test::all(
            node.rules
                .iter()
                .filter_map(|r| self.rule_predicate(r))
                .collect(),
        )
    }

    fn rule_predicate(&self, rule: &Rule) -> Option<Test> {
        let call = |t| Some(Test::atom(t));
        match rule {
            Rule::False => call(quote! { false }),
            Rule::Ref(name) => {
                let ty = type_path(self.ir, name);
                Some(Test::call(quote! { <#ty as rt::Model>::is_valid_value }))
            }
            Rule::Type(types) => {
                let types = types.iter().map(|t| ty(*t));
                call(quote! { rt::is::ty(v, &[#(#types),*]) })
            }
            Rule::Enum(values) => {
                let values = values.iter().map(lit);
                call(quote! { rt::is::one_of(v, &[#(#values),*]) })
            }
            Rule::Const(value) => {
                let value = lit(value);
                call(quote! { rt::is::constant(v, #value) })
            }
            Rule::MinLength(n) => {
                let n = int(*n);
                call(quote! { rt::is::min_length(v, #n) })
            }
            Rule::MaxLength(n) => {
                let n = int(*n);
                call(quote! { rt::is::max_length(v, #n) })
            }
            Rule::Pattern(p) => {
                let re = format_ident!("PATTERN_{}", self.pattern_index(p));
                call(quote! { rt::is::pattern(v, &#re) })
            }
            Rule::Minimum(x) => {
                let x = float(*x);
                call(quote! { rt::is::minimum(v, #x) })
            }
            Rule::Maximum(x) => {
                let x = float(*x);
                call(quote! { rt::is::maximum(v, #x) })
            }
            Rule::ExclusiveMinimum(x) => {
                let x = float(*x);
                call(quote! { rt::is::exclusive_minimum(v, #x) })
            }
            Rule::ExclusiveMaximum(x) => {
                let x = float(*x);
                call(quote! { rt::is::exclusive_maximum(v, #x) })
            }
            Rule::MultipleOf(x) => {
                let x = float(*x);
                call(quote! { rt::is::multiple_of(v, #x) })
            }
            Rule::UniqueItems => call(quote! { rt::is::unique_items(v) }),
            Rule::PrefixItems(nodes) => Test::all(
                nodes
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| {
                        let f = self.predicate(n)?.closure();
                        Some(Test::atom(quote! { rt::is::prefix(v, #i, #f) }))
                    })
                    .collect(),
            ),
            Rule::ItemsAfter(skip, sub) => {
                let f = self.predicate(sub)?.closure();
                call(quote! { rt::is::items_after(v, #skip, #f) })
            }
            Rule::AdditionalSchema {
                known,
                patterns,
                node,
            } => {
                let f = self.predicate(node)?.closure();
                let res = patterns.iter().map(|p| {
                    let re = format_ident!("PATTERN_{}", self.pattern_index(p));
                    quote! { &*#re }
                });
                call(quote! { rt::is::additional(v, &[#(#known),*], &[#(#res),*], #f) })
            }
            Rule::PatternProperties(by_pattern) => Test::all(
                by_pattern
                    .iter()
                    .filter_map(|(pat, sub)| {
                        let f = self.predicate(sub)?.closure();
                        let re = format_ident!("PATTERN_{}", self.pattern_index(pat));
                        Some(Test::atom(quote! { rt::is::pattern_props(v, &#re, #f) }))
                    })
                    .collect(),
            ),
            Rule::PropertyNames(node) => {
                let f = self.predicate(node)?.closure();
                call(quote! { rt::is::property_names(v, #f) })
            }
            Rule::MinProperties(n) => {
                let n = int(*n);
                call(quote! { rt::is::min_properties(v, #n) })
            }
            Rule::MaxProperties(n) => {
                let n = int(*n);
                call(quote! { rt::is::max_properties(v, #n) })
            }
            Rule::DependentSchemas(deps) => Test::all(
                deps.iter()
                    .filter_map(|(key, sub)| {
                        let f = self.predicate(sub)?.closure();
                        Some(Test::atom(quote! { rt::is::dependent_schema(v, #key, #f) }))
                    })
                    .collect(),
            ),
            Rule::Required(keys) => call(quote! { rt::is::required(v, &[#(#keys),*]) }),
            Rule::Properties(props) => Test::all(
                props
                    .iter()
                    .filter_map(|(key, sub)| {
                        let test = self.predicate(sub)?;
                        let f = test.closure();
                        Some(Test::atom(quote! { rt::is::prop(v, #key, #f) }))
                    })
                    .collect(),
            ),
            Rule::NoAdditional { known, .. } => {
                call(quote! { rt::is::no_additional(v, &[#(#known),*]) })
            }
            Rule::DependentRequired(deps) => Test::all(
                deps.iter()
                    .map(|(key, needs)| {
                        Test::atom(quote! { rt::is::dependent_required(v, #key, &[#(#needs),*]) })
                    })
                    .collect(),
            ),
            Rule::Items(sub) => {
                let f = self.predicate(sub)?.closure();
                call(quote! { rt::is::items(v, #f) })
            }
            Rule::MinItems(n) => {
                let n = int(*n);
                call(quote! { rt::is::min_items(v, #n) })
            }
            Rule::MaxItems(n) => {
                let n = int(*n);
                call(quote! { rt::is::max_items(v, #n) })
            }
            Rule::Contains(sub) => match self.predicate(sub) {
                Some(t) => {
                    let f = t.closure();
                    call(quote! { rt::is::contains(v, #f) })
                }
                None => call(quote! { v.as_array().is_none_or(|a| !a.is_empty()) }),
            },
            Rule::ContainsCount { node, min, max } => {
                let f = self
                    .predicate(node)
                    .map_or_else(|| quote! { |_| true }, |t| t.closure());
                let min = int(*min);
                let max = opt_int(*max);
                call(quote! { rt::is::contains_count(v, #min, #max, #f) })
            }
            Rule::AllOf(nodes) => {
                Test::all(nodes.iter().filter_map(|n| self.predicate(n)).collect())
            }
            Rule::AnyOf(nodes) => {
                // A branch that accepts everything makes the whole anyOf accept everything.
                let parts: Option<Vec<Test>> = nodes.iter().map(|n| self.predicate(n)).collect();
                parts.map(Test::any)
            }
            Rule::OneOf(nodes) => {
                let parts = nodes.iter().map(|n| {
                    self.predicate(n)
                        .map_or_else(|| quote! { true }, Test::into_tokens)
                });
                call(quote! { rt::is::exactly_one(&[#(#parts),*]) })
            }
            Rule::Not(sub) => Some(match self.predicate(sub) {
                None => Test::atom(quote! { false }),
                Some(t) => t.not(),
            }),
            Rule::IfThenElse {
                cond,
                then,
                otherwise,
            } => {
                let t = then.as_ref().and_then(|n| self.predicate(n));
                let e = otherwise.as_ref().and_then(|n| self.predicate(n));
                match (self.predicate(cond), t, e) {
                    (_, None, None) => None,
                    (None, t, _) => t,
                    (Some(c), Some(t), None) => Some(Test::any(vec![c.not(), t])),
                    (Some(c), None, Some(e)) => Some(Test::any(vec![c, e])),
                    (Some(c), Some(t), Some(e)) => {
                        Some(Test::loose(quote! { if #c { #t } else { #e } }))
                    }
                }
            }
        }
    }
}

fn ty(t: JsonType) -> proc_macro2::TokenStream {
    super::value::ty(t)
}
