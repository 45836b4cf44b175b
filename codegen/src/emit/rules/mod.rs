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

use crate::ir::{Ir, Node, Rule};
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

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
    pub(crate) fn rules(&self, node: &Node) -> TokenStream {
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
