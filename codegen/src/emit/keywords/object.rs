//! `required`, `properties`, `patternProperties`, `additionalProperties`,
//! `propertyNames`, `minProperties`/`maxProperties`, `dependentRequired`,
//! `dependentSchemas`.
//!
//! Errors about a missing or unknown key point at that key
//! (`/data/0/number`), which is where a person looks; the conformance tests
//! map the reference validator's parent-pointing errors the same way. On a
//! decoded struct, presence is a field's `Option` (a required field is
//! always there, a key a closed type does not list never is).

use super::value::int;
use super::{report, verdict, Compiled, Compiler, Cond, Form, Kind, Verdict};
use crate::emit::ident;
use crate::emit::names::type_path;
use crate::ir::{Node, ObjectRule, Shape, StructDef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Compiler<'_> {
    /// Every object keyword of a node's report, under one
    /// `if let Some(o) = v.as_object()` (`o` is in scope of each keyword's report).
    pub(super) fn object_report(&self, node: &Node) -> TokenStream {
        // `additionalProperties: false` beside `properties`: unknown keys are
        // reported in the same pass over the members as the listed ones, so
        // errors come out in key order and the final sort finds them in place.
        let unknown = node.object.iter().find_map(|r| match r {
            ObjectRule::NoAdditional { known, owner } => Some((known.as_slice(), owner.as_str())),
            _ => None,
        });
        let mut body = TokenStream::new();
        let mut merged = false;
        for rule in &node.object {
            match rule {
                ObjectRule::Properties(props) => {
                    let (report, took_unknown) = self.properties_report(node, props, unknown);
                    merged |= took_unknown;
                    body.extend(report);
                }
                ObjectRule::NoAdditional { .. } if merged => {}
                rule => body.extend(self.object(node, rule, Form::Report(&node.path)).report()),
            }
        }
        if body.is_empty() {
            return body;
        }
        quote! {
            if let Some(o) = v.as_object() { #body }
        }
    }

    /// The keys a node allows: the type's `KEYS` when the node is the type's
    /// own schema, else the list.
    fn known_keys(&self, node: &Node, known: &[String], owner: &str) -> TokenStream {
        let own = self.ir.get(owner).is_some_and(|t| match &t.shape {
            Shape::Struct(s) => s.fields.iter().map(|f| &f.json_name).eq(known.iter()),
            _ => false,
        }) && node.path == format!("/$defs/{owner}");
        if own {
            quote! { Self::KEYS }
        } else {
            quote! { &[#(#known),*] }
        }
    }

    /// One object keyword of `node` in one form.
    pub(super) fn object(&self, node: &Node, rule: &ObjectRule, form: Form<'_>) -> Compiled {
        match rule {
            ObjectRule::Required(keys) => match form {
                Form::Report(node) => {
                    let path = self.schema_path(node, "required");
                    report(quote! { out.required(o, at, #path, &[#(#keys),*]); })
                }
                Form::Is => {
                    // A key the node's `properties` also tests is looked up
                    // once, there (`rt::is::has`).
                    // (A property that accepts every value tests nothing.)
                    let keys: Vec<&String> = keys
                        .iter()
                        .filter(|k| property(node, k).is_none_or(|sub| self.passes(sub).is_none()))
                        .collect();
                    verdict(if keys.is_empty() {
                        Verdict::Always
                    } else {
                        Verdict::expr(quote! { rt::is::required(v, &[#(#keys),*]) })
                    })
                }
                // A key whose value `properties` tests is checked there, in
                // one `is_some_and` (`fused_property`).
                Form::Typed {
                    kind: Kind::Struct(s),
                    v,
                    depth,
                } => verdict(Verdict::all(
                    keys.iter()
                        .filter(|k| self.fused_property(node, s, k, v, depth).is_none())
                        .map(|k| present(s, k, v)),
                )),
                Form::Typed { kind, .. } => verdict(kind.ignored()),
            },
            ObjectRule::Properties(props) => match form {
                Form::Report(_) => report(self.properties_report(node, props, None).0),
                Form::Is => verdict(Verdict::all(props.iter().map(|(key, sub)| {
                    if requires(node, key) {
                        self.with_predicate(sub, |f| quote! { rt::is::has(v, #key, #f) })
                    } else {
                        self.with_predicate(sub, |f| quote! { rt::is::prop(v, #key, #f) })
                    }
                }))),
                Form::Typed {
                    kind: Kind::Struct(s),
                    v,
                    depth,
                } => verdict(Verdict::all(props.iter().map(|(key, sub)| {
                    self.fused_property(node, s, key, v, depth)
                        .unwrap_or_else(|| self.typed_property(s, key, sub, v, depth))
                }))),
                Form::Typed { kind, .. } => verdict(kind.ignored()),
            },
            ObjectRule::NoAdditional { known, owner } => match form {
                Form::Report(path) => {
                    let known = self.known_keys(node, known, owner);
                    let path = self.schema_path(path, "additionalProperties");
                    report(quote! { out.no_additional(o, at, #path, #owner, #known); })
                }
                Form::Is => verdict(Verdict::expr(
                    quote! { rt::is::no_additional(v, &[#(#known),*]) },
                )),
                // A closed struct's decoder refuses unknown keys; an open
                // one keeps them, so only the full check can say.
                Form::Typed {
                    kind: Kind::Struct(s),
                    ..
                } => verdict(if s.deny_unknown {
                    Verdict::Always
                } else {
                    Verdict::Unknown
                }),
                Form::Typed { kind, .. } => verdict(kind.ignored()),
            },
            ObjectRule::DependentRequired(deps) => match form {
                Form::Report(node) => {
                    let path = self.schema_path(node, "dependentRequired");
                    report(
                        deps.iter()
                            .map(|(key, needs)| {
                                quote! { out.dependent_required(o, at, #path, #key, &[#(#needs),*]); }
                            })
                            .collect(),
                    )
                }
                Form::Is => verdict(Verdict::all(deps.iter().map(|(key, needs)| {
                    Verdict::expr(quote! { rt::is::dependent_required(v, #key, &[#(#needs),*]) })
                }))),
                Form::Typed {
                    kind: Kind::Struct(s),
                    v,
                    ..
                } => {
                    let mut parts = Vec::new();
                    for (key, needs) in deps {
                        let need = Verdict::all(needs.iter().map(|n| present(s, n, v)));
                        if matches!(need, Verdict::Always) {
                            continue;
                        }
                        parts.push(match present(s, key, v) {
                            // A key a closed type cannot hold: nothing to check.
                            Verdict::Never => continue,
                            // A required field is always there.
                            Verdict::Always => need,
                            has => Verdict::any(vec![has.negate(), need]),
                        });
                    }
                    verdict(Verdict::all(parts))
                }
                Form::Typed { kind, .. } => verdict(kind.ignored()),
            },
            ObjectRule::AdditionalSchema {
                known,
                patterns,
                node: sub,
            } => match form {
                Form::Report(_) => {
                    let mut tests = Vec::new();
                    if !known.is_empty() {
                        tests.push(quote! { !matches!(*k, #(#known)|*) });
                    }
                    for p in patterns {
                        let re = format_ident!("PATTERN_{}", self.pattern_index(p));
                        tests.push(quote! { !#re.is_match(k) });
                    }
                    let others = if tests.is_empty() {
                        quote! { o.iter() }
                    } else {
                        quote! { o.iter().filter(|(k, _)| #(#tests)&&*) }
                    };
                    let enter = quote! { let at = &at.prop(k); };
                    report(self.scoped(sub, quote! { for (k, v) in #others }, enter))
                }
                Form::Is => verdict(self.with_predicate(sub, |f| {
                    let res = patterns.iter().map(|p| {
                        let re = format_ident!("PATTERN_{}", self.pattern_index(p));
                        quote! { &#re }
                    });
                    quote! { rt::is::additional(v, &[#(#known),*], &[#(#res),*], #f) }
                })),
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
            ObjectRule::PatternProperties(by_pattern) => match form {
                Form::Report(_) => report(
                    by_pattern
                        .iter()
                        .map(|(pat, sub)| {
                            let re = format_ident!("PATTERN_{}", self.pattern_index(pat));
                            let each =
                                quote! { for (k, v) in o.iter().filter(|(k, _)| #re.is_match(k)) };
                            self.scoped(sub, each, quote! { let at = &at.prop(k); })
                        })
                        .collect(),
                ),
                Form::Is => verdict(Verdict::all(by_pattern.iter().map(|(pat, sub)| {
                    self.with_predicate(sub, |f| {
                        let re = format_ident!("PATTERN_{}", self.pattern_index(pat));
                        quote! { rt::is::pattern_props(v, &#re, #f) }
                    })
                }))),
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
            // Each key is checked as a JSON string.
            ObjectRule::PropertyNames(sub) => match form {
                Form::Report(_) => {
                    let enter = quote! { let at = &at.prop(k); };
                    report(self.scoped(sub, quote! { for (k, v) in o.names() }, enter))
                }
                Form::Is => {
                    verdict(self.with_predicate(sub, |f| quote! { rt::is::property_names(v, #f) }))
                }
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
            ObjectRule::MinProperties(n) => {
                let n = int(*n);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "minProperties");
                        report(quote! { out.min_properties(o, at, #path, #n); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::min_properties(v, #n) })),
                    Form::Typed { .. } => verdict(Verdict::Unknown),
                }
            }
            ObjectRule::MaxProperties(n) => {
                let n = int(*n);
                match form {
                    Form::Report(node) => {
                        let path = self.schema_path(node, "maxProperties");
                        report(quote! { out.max_properties(o, at, #path, #n); })
                    }
                    Form::Is => verdict(Verdict::expr(quote! { rt::is::max_properties(v, #n) })),
                    Form::Typed { .. } => verdict(Verdict::Unknown),
                }
            }
            ObjectRule::DependentSchemas(deps) => match form {
                Form::Report(_) => report(
                    deps.iter()
                        .map(|(key, sub)| {
                            let body = self.collect(sub);
                            if body.is_empty() {
                                return body;
                            }
                            quote! {
                                if o.contains_key(#key) { #body }
                            }
                        })
                        .collect(),
                ),
                Form::Is => verdict(Verdict::all(deps.iter().map(|(key, sub)| {
                    self.with_predicate(sub, |f| quote! { rt::is::dependent_schema(v, #key, #f) })
                }))),
                Form::Typed { .. } => verdict(Verdict::Unknown),
            },
        }
    }

    /// The report of `properties`: each listed member that is present,
    /// checked at its pointer. With several, one pass over the members and
    /// a `match` on the key, which costs less than a lookup per property
    /// (a push checks a dozen properties on each of 10 000 two-key recipients).
    fn properties_report(
        &self,
        node: &Node,
        props: &[(String, Node)],
        unknown: Option<(&[String], &str)>,
    ) -> (TokenStream, bool) {
        let checks: Vec<(&String, TokenStream)> = props
            .iter()
            .filter_map(|(name, sub)| {
                if let Some(ty) = self.only_ref(sub) {
                    let ty = type_path(self.ir, ty);
                    return Some((name, quote! { rt::check_member::<#ty>(v, at, out, #name); }));
                }
                let body = self.member(sub);
                (!body.is_empty()).then(|| (name, quote! { let at = &at.prop(#name); #body }))
            })
            .collect();
        if checks.len() < 2 {
            let single = checks.first().map(|(name, check)| {
                quote! { if let Some(v) = o.get(#name) { #check } }
            });
            return (single.unwrap_or_default(), false);
        }
        let arms = checks
            .iter()
            .map(|(name, check)| quote! { #name => { #check } });
        let (others, merged) = match unknown {
            Some((known, owner)) => {
                let quiet: Vec<&String> = props
                    .iter()
                    .map(|(name, _)| name)
                    .filter(|name| !checks.iter().any(|(c, _)| c == name))
                    .collect();
                let quiet = (!quiet.is_empty()).then(|| quote! { #(#quiet)|* => {} });
                let known = self.known_keys(node, known, owner);
                let path = self.schema_path(&node.path, "additionalProperties");
                let unknown = quote! { _ => out.unknown_key(at, #path, key, #owner, #known), };
                (quote! { #quiet #unknown }, true)
            }
            None => (quote! { _ => {} }, false),
        };
        let report = quote! {
            for (key, v) in o {
                match key {
                    #(#arms)*
                    #others
                }
            }
        };
        (report, merged)
    }

    /// A `properties` entry on a decoded struct: its field's test.
    fn typed_property(
        &self,
        s: &StructDef,
        key: &str,
        sub: &Node,
        v: &TokenStream,
        depth: usize,
    ) -> Verdict {
        let Some(field) = s.fields.iter().find(|f| f.json_name == key) else {
            // Not a field of a closed type: the key cannot be present. An
            // open type keeps it in `extra`, which only the full check reads.
            return if s.deny_unknown {
                Verdict::Always
            } else {
                Verdict::Unknown
            };
        };
        let name = ident(&field.rust_name);
        let kind = self.field_kind(&field.ty);
        let x_ident = format_ident!("x{depth}");
        let x = quote! { #x_ident };
        let absent = || Cond::atom(quote! { #v.#name.is_none() });
        match self.typed(sub, kind, &x, depth + 1) {
            Verdict::Always => Verdict::Always,
            Verdict::Never if field.required => Verdict::Never,
            Verdict::Never => Verdict::Expr(absent()),
            Verdict::Unknown if field.required => Verdict::Unknown,
            Verdict::Unknown => Verdict::Sufficient(absent()),
            test if field.required => {
                test.wrap(|body| body.applied_to(&x_ident, &quote! { #v.#name }))
            }
            test => test.wrap(|body| {
                let f = body.closure_over(&x);
                Cond::atom(quote! { #v.#name.as_ref().is_none_or(#f) })
            }),
        }
    }

    /// A key that `node` both requires and tests, held in an optional field
    /// of `s`: presence and value in one test (`v.field.as_ref().is_some_and(f)`,
    /// where `present` and `typed_property` would write `is_some()` and
    /// `is_none_or(f)`). `None` when the key is not such a key.
    fn fused_property(
        &self,
        node: &Node,
        s: &StructDef,
        key: &str,
        v: &TokenStream,
        depth: usize,
    ) -> Option<Verdict> {
        if !requires(node, key) {
            return None;
        }
        let sub = property(node, key)?;
        let field = s.fields.iter().find(|f| f.json_name == key)?;
        // A `null` kept in `extra` counts as present: `present` says how.
        if field.required || field.nullable {
            return None;
        }
        let x_ident = format_ident!("x{depth}");
        let x = quote! { #x_ident };
        let name = ident(&field.rust_name);
        match self.typed(sub, self.field_kind(&field.ty), &x, depth + 1) {
            Verdict::Always => None,
            // Required, and no value passes (or none the typed check can vouch for).
            test @ (Verdict::Never | Verdict::Unknown) => Some(test),
            test => Some(test.wrap(|body| Cond::is_some_and(&quote! { #v.#name }, &x, &body))),
        }
    }
}

/// The subschema `node`'s `properties` gives `key`, if it lists the key.
fn property<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    node.object.iter().find_map(|r| match r {
        ObjectRule::Properties(props) => props.iter().find(|(k, _)| k == key).map(|(_, n)| n),
        _ => None,
    })
}

/// Does `node` list `key` in its `required`?
fn requires(node: &Node, key: &str) -> bool {
    node.object
        .iter()
        .any(|r| matches!(r, ObjectRule::Required(keys) if keys.iter().any(|k| k == key)))
}

/// Whether key `k` is present on a decoded struct `v`: always for a required
/// field, never for a key the struct does not list.
fn present(s: &StructDef, k: &str, v: &TokenStream) -> Verdict {
    let Some(field) = s.fields.iter().find(|f| f.json_name == k) else {
        // An open type keeps an unlisted key in `extra`.
        return if s.deny_unknown {
            Verdict::Never
        } else {
            Verdict::Unknown
        };
    };
    if field.required {
        return Verdict::Always;
    }
    let name = ident(&field.rust_name);
    if field.nullable {
        // A `null` is kept in `extra`: the key is there all the same.
        return Verdict::expr(quote! { (#v.#name.is_some() || #v.extra.contains_key(#k)) });
    }
    Verdict::Expr(Cond::is_some(&quote! { #v.#name }))
}
