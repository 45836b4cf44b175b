//! Validation rules → Rust: a type's `check_value`, one runtime call per
//! keyword (the runtime owns the messages; see `runtime/keywords.rs`).
//!
//! In scope of every emitted statement: `v: &Value` (the instance), `at:
//! &At` (its pointer and schema path) and `out: &mut Errors`. Subschemas that
//! only decide (`if`, `not`, `anyOf`, `oneOf`, `contains`) are one `bool`
//! expression of `rt::is` predicates (see `predicate.rs`).
//!
//! One file per family of keywords; adding a keyword touches one file and the
//! dispatch below.

mod array;
mod logic;
mod object;
mod predicate;
mod value;

use super::typed::typed_root;
use crate::ir::{Ir, Node, Rule, Shape, TypeDef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::cell::RefCell;

/// Emits one type's `Model` impl (and the regex statics it needs).
pub fn validator(ir: &Ir, t: &TypeDef, ty_path: &TokenStream) -> TokenStream {
    let em = Emitter {
        ir,
        patterns: RefCell::new(Vec::new()),
    };
    let def = format!("/$defs/{}", t.name);
    let enter = match &t.rules.hint {
        Some(h) => quote! { let at = &at.def(#def).hint(#h); },
        None => quote! { let at = &at.def(#def); },
    };
    let body = em.rules(&t.rules);
    let body = match t.shape {
        // A named format: one error per mistake, worded by the runtime type.
        Shape::External(_) => quote! {
            out.format(v, at, <Self as rt::Explain>::explain, |out| { #body });
        },
        _ => body,
    };
    let typed = typed_root(&em, t);
    let exact = (!matches!(t.shape, Shape::Struct(_) | Shape::Union(_)))
        .then(|| quote! { const EXACT_DECODE: bool = true; });
    let sent = t
        .shape
        .is_sent()
        .then(|| quote! { const SENT: bool = true; });
    let name = &t.name;
    let properties = documented_keys(ir, t);
    let properties = (!properties.is_empty())
        .then(|| quote! { const PROPERTIES: &'static [&'static str] = &[#(#properties),*]; });
    let statics = em.patterns.borrow().iter().enumerate().map(|(i, pat)| {
        let re = format_ident!("PATTERN_{}", i);
        quote! {
            static #re: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| regex::Regex::new(#pat).expect("compiled by the generator"));
        }
    }).collect::<Vec<_>>();
    quote! {
        impl rt::Model for #ty_path {
            const NAME: &'static str = #name;
            #exact
            #sent
            #properties

            fn check_value(v: &serde_json::Value, at: &rt::At<'_>, out: &mut rt::Errors) {
                #enter
                #body
            }

            fn is_valid_typed(&self) -> bool {
                #typed
            }
        }

        #(#statics)*
    }
}

/// The keys an object type documents: a struct's fields; for a union, its
/// discriminator and every variant's fields (in order, each once).
fn documented_keys(ir: &Ir, t: &TypeDef) -> Vec<String> {
    let fields = |t: &TypeDef| match &t.shape {
        Shape::Struct(s) => s.fields.iter().map(|f| f.json_name.clone()).collect(),
        _ => Vec::new(),
    };
    let mut keys: Vec<String> = match &t.shape {
        Shape::Union(u) => std::iter::once(u.key.clone())
            .chain(
                u.variants
                    .iter()
                    .filter_map(|v| ir.get(&v.type_name))
                    .flat_map(fields),
            )
            .collect(),
        _ => fields(t),
    };
    let mut seen = std::collections::BTreeSet::new();
    keys.retain(|k| seen.insert(k.clone()));
    keys
}

pub(crate) struct Emitter<'a> {
    pub ir: &'a Ir,
    /// Patterns used so far in this file; each becomes a `PATTERN_n` static.
    pub patterns: RefCell<Vec<String>>,
}

impl Emitter<'_> {
    /// Statements that report every violation of `node`, entered from its
    /// parent: the hint and the schema-path step are set first.
    pub fn collect(&self, node: &Node) -> TokenStream {
        let body = self.rules(node);
        if body.is_empty() {
            return body;
        }
        let step = &node.step;
        let enter = match (&node.hint, step.is_empty()) {
            (None, true) => quote! {},
            (None, false) => quote! { let at = &at.sub(#step); },
            (Some(h), true) => quote! { let at = &at.hint(#h); },
            (Some(h), false) => quote! { let at = &at.sub(#step).hint(#h); },
        };
        quote! { #enter #body }
    }

    /// A `bool` expression: does `v` pass `node`? `None` when it always does.
    pub fn passes(&self, node: &Node) -> Option<TokenStream> {
        self.predicate(node)
            .map(crate::emit::test_expr::Test::into_tokens)
    }

    /// `#head { #enter <the rules of node> }`: a subschema applied to other
    /// values (members, items), each at the position `enter` sets; nothing
    /// when it checks nothing.
    pub fn scoped(&self, node: &Node, head: TokenStream, enter: TokenStream) -> TokenStream {
        let body = self.rules(node);
        if body.is_empty() {
            return body;
        }
        let hint = node
            .hint
            .as_ref()
            .map(|h| quote! { let at = &at.hint(#h); });
        quote! {
            #head {
                #enter
                #hint
                #body
            }
        }
    }

    /// The rules of a node, without entering it.
    fn rules(&self, node: &Node) -> TokenStream {
        let mut out = TokenStream::new();
        let mut objects = Vec::new();
        for rule in &node.rules {
            match family(rule) {
                Family::Value => out.extend(value::collect(self, rule)),
                Family::Array => out.extend(array::collect(self, rule)),
                Family::Logic => out.extend(logic::collect(self, rule)),
                Family::Object => objects.push(rule),
            }
        }
        // Every object keyword under one `as_object`.
        out.extend(object::collect(self, node, &objects));
        out
    }
}

/// Which file emits a rule.
enum Family {
    Value,
    Array,
    Logic,
    /// Grouped under one `as_object` per node.
    Object,
}

fn family(rule: &Rule) -> Family {
    match rule {
        Rule::False
        | Rule::Ref(_)
        | Rule::Type(_)
        | Rule::Enum(_)
        | Rule::Const(_)
        | Rule::MinLength(_)
        | Rule::MaxLength(_)
        | Rule::Pattern(_)
        | Rule::Minimum(_)
        | Rule::Maximum(_)
        | Rule::ExclusiveMinimum(_)
        | Rule::ExclusiveMaximum(_)
        | Rule::MultipleOf(_) => Family::Value,
        Rule::Items(_)
        | Rule::MinItems(_)
        | Rule::MaxItems(_)
        | Rule::Contains(_)
        | Rule::ContainsCount { .. }
        | Rule::PrefixItems(_)
        | Rule::ItemsAfter(..)
        | Rule::UniqueItems => Family::Array,
        Rule::AllOf(_)
        | Rule::AnyOf(_)
        | Rule::OneOf(_)
        | Rule::Not(_)
        | Rule::IfThenElse { .. } => Family::Logic,
        Rule::Required(_)
        | Rule::Properties(_)
        | Rule::NoAdditional { .. }
        | Rule::DependentRequired(_)
        | Rule::AdditionalSchema { .. }
        | Rule::DependentSchemas(_)
        | Rule::PatternProperties(_)
        | Rule::PropertyNames(_)
        | Rule::MinProperties(_)
        | Rule::MaxProperties(_) => Family::Object,
    }
}

impl Emitter<'_> {
    /// Index of the static holding `pattern`, registering it if new.
    pub fn pattern_index(&self, pattern: &str) -> usize {
        let mut pats = self.patterns.borrow_mut();
        match pats.iter().position(|p| p == pattern) {
            Some(i) => i,
            None => {
                pats.push(pattern.to_string());
                pats.len() - 1
            }
        }
    }

    /// Whether a node is exactly one `$ref` (checked by a single call).
    pub fn only_ref<'n>(&self, node: &'n Node) -> Option<&'n str> {
        match node.rules.as_slice() {
            [Rule::Ref(name)] if node.hint.is_none() => Some(name),
            _ => None,
        }
    }
}
