//! Validation rules → Rust. Every rule has two forms:
//! - *collect*: statements that push every violation onto `out`
//!   (in scope: `v: &Value`, `p: &Ptr`, `out: &mut Vec<ValidationError>`);
//! - *test*: a `bool` expression over `v` that stops at the first violation,
//!   used inside `if`, `not`, `anyOf` and `contains`, which never report the
//!   errors of their subschemas. `None` means "always true".
//!
//! One file per family of keywords; adding a keyword touches one file and the
//! dispatch below.

mod array;
mod logic;
mod number;
mod object;
mod string;
mod typed;
mod value;

use crate::ir::{Ir, Node, Rule, Shape, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::cell::RefCell;

/// Emits one type's `JsonSchema` impl (and the regex statics it needs).
pub fn validator(ir: &Ir, t: &TypeDef, ty_path: &TokenStream) -> TokenStream {
    let em = Emitter {
        ir,
        patterns: RefCell::new(Vec::new()),
    };
    let collect = em.collect(&t.rules);
    let test = em
        .test(&t.rules)
        .map_or_else(|| quote! { true }, Test::into_tokens);
    let typed = em.typed_root(&t.shape, &t.rules);
    // A constant answer does not look at the value.
    let constant = matches!(typed.to_string().as_str(), "true" | "false");
    let typed_self = (!constant).then(|| quote! { let v = self; });
    let exact =
        (!matches!(t.shape, Shape::Struct(_))).then(|| quote! { const EXACT_DECODE: bool = true; });
    let name = &t.name;
    let (v, p, out) = if collect.is_empty() {
        (quote! { _v }, quote! { _p }, quote! { _out })
    } else {
        (quote! { v }, quote! { p }, quote! { out })
    };
    let statics = em.patterns.borrow().iter().enumerate().map(|(i, pat)| {
        let re = format_ident!("PATTERN_{}", i);
        quote! {
            static #re: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| regex::Regex::new(#pat).expect("pattern was compiled by the generator"));
        }
    }).collect::<Vec<_>>();
    quote! {
        impl crate::runtime::JsonSchema for #ty_path {
            const NAME: &'static str = #name;
            #exact

            fn check_value(
                #v: &serde_json::Value,
                #p: &crate::runtime::Ptr<'_>,
                #out: &mut Vec<crate::runtime::ValidationError>,
            ) {
                #collect
            }

            fn is_valid_value(v: &serde_json::Value) -> bool {
                #test
            }

            fn is_valid_typed(&self) -> bool {
                #typed_self
                #typed
            }
        }

        #(#statics)*
    }
}

/// A bool expression with its precedence, so that generated code has exactly
/// the parentheses it needs (rustc warns about the others).
#[derive(Clone)]
pub(crate) struct Test {
    tokens: TokenStream,
    prec: Prec,
    /// When the test is one function call on the value, that function, so a
    /// closure `|x| f(x)` can be written `f` (clippy: redundant_closure).
    func: Option<TokenStream>,
    /// For `!a`: `a`, so that negating twice gives `a` back.
    negates: Option<Box<Test>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prec {
    Atom,
    And,
    Or,
}

impl Test {
    /// An expression that needs no parentheses anywhere (a call, a literal).
    pub fn atom(tokens: TokenStream) -> Self {
        Self {
            tokens,
            prec: Prec::Atom,
            func: None,
            negates: None,
        }
    }

    /// A call `func(v)`.
    pub fn call(func: TokenStream) -> Self {
        Self::call_on(func, &quote! { v })
    }

    /// A call `func(arg)`, which as a closure over `arg` is just `func`.
    pub fn call_on(func: TokenStream, arg: &TokenStream) -> Self {
        Self {
            tokens: quote! { #func(#arg) },
            prec: Prec::Atom,
            func: Some(func),
            negates: None,
        }
    }

    /// The test as a closure over `arg`: `f` when the test is `f(arg)`, else `|arg| …`.
    pub fn closure_over(&self, arg: &TokenStream) -> TokenStream {
        match &self.func {
            Some(f) => f.clone(),
            None => {
                let t = &self.tokens;
                quote! { |#arg| #t }
            }
        }
    }

    /// The test as a closure argument: `f` or `|v| …`.
    pub fn closure(&self) -> TokenStream {
        self.closure_over(&quote! { v })
    }

    /// An `if … { … } else { … }` or other loose expression.
    pub fn loose(tokens: TokenStream) -> Self {
        Self {
            tokens,
            prec: Prec::Or,
            func: None,
            negates: None,
        }
    }

    /// `a && b && …`; `None` when there are no parts (always true).
    pub fn all(parts: Vec<Test>) -> Option<Self> {
        if parts.len() <= 1 {
            return parts.into_iter().next();
        }
        let ops = parts.iter().map(|p| {
            if p.prec == Prec::Or {
                p.paren()
            } else {
                p.tokens.clone()
            }
        });
        Some(Self {
            tokens: quote! { #(#ops)&&* },
            prec: Prec::And,
            func: None,
            negates: None,
        })
    }

    /// `a || b || …` (at least one part).
    pub fn any(parts: Vec<Test>) -> Self {
        if parts.len() == 1 {
            return parts
                .into_iter()
                .next()
                .unwrap_or_else(|| Test::atom(quote! { false }));
        }
        let ops = parts.iter().map(|p| {
            if p.prec == Prec::Atom {
                p.tokens.clone()
            } else {
                p.paren()
            }
        });
        Self {
            tokens: quote! { #(#ops)||* },
            prec: Prec::Or,
            func: None,
            negates: None,
        }
    }

    /// `!a`.
    pub fn not(&self) -> Self {
        if let Some(inner) = &self.negates {
            return (**inner).clone();
        }
        let t = if self.prec == Prec::Atom {
            self.tokens.clone()
        } else {
            self.paren()
        };
        Self {
            negates: Some(Box::new(self.clone())),
            ..Self::atom(quote! { !#t })
        }
    }

    fn paren(&self) -> TokenStream {
        let t = &self.tokens;
        quote! { (#t) }
    }

    /// Whether this is the literal `false` (a schema that accepts nothing).
    pub fn is_false(&self) -> bool {
        self.prec == Prec::Atom && self.tokens.to_string() == "false"
    }

    /// The expression where any expression fits (an `if` condition, a body).
    pub fn into_tokens(self) -> TokenStream {
        self.tokens
    }
}

impl quote::ToTokens for Test {
    fn to_tokens(&self, out: &mut TokenStream) {
        self.tokens.to_tokens(out);
    }
}

/// A message: a literal, or a format string with arguments.
pub(crate) enum Msg {
    Lit(String),
    Fmt(String, Vec<TokenStream>),
}

pub(crate) struct Emitter<'a> {
    pub ir: &'a Ir,
    /// Patterns used so far in this file; each becomes a `PATTERN_n` static.
    pub patterns: RefCell<Vec<String>>,
}

impl Emitter<'_> {
    /// Statements that report every violation of `node`.
    pub fn collect(&self, node: &Node) -> TokenStream {
        node.rules
            .iter()
            .map(|r| self.collect_rule(node, r))
            .collect()
    }

    /// A bool expression: does `v` satisfy `node`? `None` = always.
    pub fn test(&self, node: &Node) -> Option<Test> {
        Test::all(
            node.rules
                .iter()
                .filter_map(|r| self.test_rule(r))
                .collect(),
        )
    }

    fn collect_rule(&self, node: &Node, rule: &Rule) -> TokenStream {
        match rule {
            Rule::False | Rule::Ref(_) | Rule::Type(_) | Rule::Enum(_) | Rule::Const(_) => {
                value::collect(self, node, rule)
            }
            Rule::MinLength(_) | Rule::MaxLength(_) | Rule::Pattern(_) => {
                string::collect(self, node, rule)
            }
            Rule::Minimum(_) | Rule::Maximum(_) => number::collect(node, rule),
            Rule::Required(_)
            | Rule::Properties(_)
            | Rule::NoAdditional { .. }
            | Rule::DependentRequired(_) => object::collect(self, node, rule),
            Rule::Items(_) | Rule::MinItems(_) | Rule::MaxItems(_) | Rule::Contains(_) => {
                array::collect(self, node, rule)
            }
            Rule::AllOf(_) | Rule::AnyOf(_) | Rule::Not(_) | Rule::IfThenElse { .. } => {
                logic::collect(self, node, rule)
            }
        }
    }

    fn test_rule(&self, rule: &Rule) -> Option<Test> {
        match rule {
            Rule::False | Rule::Ref(_) | Rule::Type(_) | Rule::Enum(_) | Rule::Const(_) => {
                value::test(self, rule)
            }
            Rule::MinLength(_) | Rule::MaxLength(_) | Rule::Pattern(_) => string::test(self, rule),
            Rule::Minimum(_) | Rule::Maximum(_) => number::test(rule),
            Rule::Required(_)
            | Rule::Properties(_)
            | Rule::NoAdditional { .. }
            | Rule::DependentRequired(_) => object::test(self, rule),
            Rule::Items(_) | Rule::MinItems(_) | Rule::MaxItems(_) | Rule::Contains(_) => {
                array::test(self, rule)
            }
            Rule::AllOf(_) | Rule::AnyOf(_) | Rule::Not(_) | Rule::IfThenElse { .. } => {
                logic::test(self, rule)
            }
        }
    }

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
}

/// `out.push(…)` for a violation of `keyword` in `node`, at pointer `at`.
pub(crate) fn report(node: &Node, at: TokenStream, keyword: &str, msg: Msg) -> TokenStream {
    let schema_path = format!("{}/{keyword}", node.path);
    // Arguments that are more than a name are bound first: code inside
    // `format!` is not formatted, and would print as `crate ::runtime::…`.
    let mut lets = Vec::new();
    let message = match (msg, &node.hint) {
        (Msg::Lit(s), None) => quote! { #s.to_string() },
        (Msg::Lit(s), Some(h)) => {
            let s = format!("{s}; {h}");
            quote! { #s.to_string() }
        }
        (Msg::Fmt(f, args), hint) => {
            let f = match hint {
                Some(h) => format!("{f}; {}", h.replace('{', "{{").replace('}', "}}")),
                None => f,
            };
            let args: Vec<TokenStream> = args
                .into_iter()
                .enumerate()
                .map(|(i, arg)| {
                    if syn::parse2::<syn::Ident>(arg.clone()).is_ok() {
                        return arg;
                    }
                    let name = format_ident!("found_{}", i);
                    lets.push(quote! { let #name = #arg; });
                    quote! { #name }
                })
                .collect();
            quote! { format!(#f, #(#args),*) }
        }
    };
    let push = quote! {
        out.push(crate::runtime::ValidationError::new(#at, #keyword, #schema_path, #message));
    };
    if lets.is_empty() {
        push
    } else {
        quote! { { #(#lets)* #push } }
    }
}

/// The pointer of the current value.
pub(crate) fn here() -> TokenStream {
    quote! { p.render() }
}

/// A float literal for a limit.
pub(crate) fn float(x: f64) -> Literal {
    Literal::f64_suffixed(x)
}

/// A limit as people write it (`10000`, not `10000.0`).
pub(crate) fn show_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// Escapes `{`/`}` for use inside a format string.
pub(crate) fn fmt_escape(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}
