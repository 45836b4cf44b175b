//! `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`.
//!
//! Only `allOf` and the branch chosen by `if` report their subschemas'
//! errors; `anyOf`, `oneOf` and `not` report one error at the current
//! pointer, and the condition of `if` never reports (as in JSON Schema's
//! output format). On a decoded value the same keywords combine the
//! subschemas' typed checks; a `oneOf` of several branches is left to the
//! full check.

use super::{report, verdict, Compiled, Compiler, Cond, Form, Verdict};
use crate::ir::{LogicRule, Node};
use quote::quote;

impl Compiler<'_> {
    /// One logic keyword in one form.
    pub(super) fn logic(&self, rule: &LogicRule, form: Form<'_>) -> Compiled {
        // The subschema's test in the same form as this keyword's.
        let test = |n: &Node| match form {
            Form::Typed { kind, v, depth } => self.typed(n, kind, v, depth),
            _ => self.is(n),
        };
        match rule {
            LogicRule::AllOf(nodes) => match form {
                Form::Report(_) => report(
                    nodes
                        .iter()
                        .map(|n| (n, self.collect(n)))
                        .filter(|(_, c)| !c.is_empty())
                        // A branch that sets `at` (its hint, or none) is a block of its own.
                        .map(|(n, c)| match n.hint.is_some() || self.hinted.get() {
                            true => quote! { { #c } },
                            false => c,
                        })
                        .collect(),
                ),
                _ => verdict(Verdict::all(nodes.iter().map(test))),
            },
            LogicRule::AnyOf(nodes) => match form {
                // A branch that accepts everything makes the whole anyOf accept everything.
                Form::Report(node) => {
                    let tests: Option<Vec<Cond>> =
                        nodes.iter().map(|n| self.is(n).into_test()).collect();
                    let path = self.schema_path(node, "anyOf");
                    report(match tests {
                        Some(tests) => quote! { out.any_of(at, #path, #(#tests)||*); },
                        None => quote! {},
                    })
                }
                Form::Typed { .. } if nodes.len() == 1 => verdict(test(&nodes[0])),
                _ => verdict(Verdict::any(nodes.iter().map(test).collect())),
            },
            LogicRule::OneOf(nodes) => match form {
                Form::Report(node) => {
                    let tests = nodes.iter().map(|n| self.is(n).tokens());
                    let path = self.schema_path(node, "oneOf");
                    report(quote! { out.exactly_one_of(at, #path, rt::count(&[#(#tests),*])); })
                }
                Form::Is => {
                    let parts = nodes.iter().map(|n| self.is(n).tokens());
                    verdict(Verdict::expr(
                        quote! { rt::is::exactly_one(&[#(#parts),*]) },
                    ))
                }
                Form::Typed { .. } if nodes.len() == 1 => verdict(test(&nodes[0])),
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
            LogicRule::Not(sub) => match form {
                Form::Report(node) => {
                    let path = self.schema_path(node, "not");
                    report(match self.is(sub).into_test() {
                        None => quote! { out.not(v, at, #path, true, true); },
                        Some(t) => quote! { out.not(v, at, #path, #t, false); },
                    })
                }
                _ => verdict(match test(sub) {
                    Verdict::Always => Verdict::Never,
                    other => other.negate(),
                }),
            },
            LogicRule::IfThenElse {
                cond,
                then,
                otherwise,
            } => match form {
                Form::Report(_) => {
                    let body = |n: &Option<Box<Node>>| {
                        n.as_ref().map(|n| self.collect(n)).unwrap_or_default()
                    };
                    let (then_c, else_c) = (body(then), body(otherwise));
                    report(match self.passes(cond) {
                        None => then_c,
                        Some(_) if then_c.is_empty() && else_c.is_empty() => quote! {},
                        Some(c) if else_c.is_empty() => quote! { if #c { #then_c } },
                        Some(c) if then_c.is_empty() => quote! { if !#c { #else_c } },
                        Some(c) => quote! { if #c { #then_c } else { #else_c } },
                    })
                }
                Form::Is => {
                    let t = then.as_ref().map_or(Verdict::Always, |n| test(n));
                    let e = otherwise.as_ref().map_or(Verdict::Always, |n| test(n));
                    verdict(match (test(cond), t, e) {
                        (_, Verdict::Always, Verdict::Always) => Verdict::Always,
                        (Verdict::Always, t, _) => t,
                        (c, t, Verdict::Always) => Verdict::any(vec![c.negate(), t]),
                        (c, Verdict::Always, e) => Verdict::any(vec![c, e]),
                        (c, t, e) => {
                            let (c, t, e) = (c.tokens(), t.tokens(), e.tokens());
                            Verdict::Expr(Cond::loose(quote! { if #c { #t } else { #e } }))
                        }
                    })
                }
                Form::Typed { .. } => {
                    let t = then.as_ref().map_or(Verdict::Always, |n| test(n));
                    let e = otherwise.as_ref().map_or(Verdict::Always, |n| test(n));
                    verdict(match (test(cond), t, e) {
                        (Verdict::Always, t, _) => t, // the condition always holds
                        (_, Verdict::Always, Verdict::Always) => Verdict::Always,
                        (Verdict::Never, _, e) => e,
                        (Verdict::Expr(c), t, e) => {
                            let exact = t.is_exact() && e.is_exact();
                            let (c, t, e) = (c.into_tokens(), t.tokens(), e.tokens());
                            let branch = Cond::loose(quote! { if #c { #t } else { #e } });
                            if exact {
                                Verdict::Expr(branch)
                            } else {
                                Verdict::Sufficient(branch)
                            }
                        }
                        // Which branch applies cannot be told: the value
                        // surely passes only when it surely passes both.
                        (_, t, e) => Verdict::all([t, e]).only_sufficient(),
                    })
                }
            },
        }
    }
}
