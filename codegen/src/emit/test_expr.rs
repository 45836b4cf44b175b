//! Boolean expressions with their precedence, for the typed fast path, so
//! that generated code has exactly the parentheses it needs (rustc warns
//! about the others).

use proc_macro2::TokenStream;
use quote::quote;

/// A bool expression with its precedence, so that generated code has exactly
/// the parentheses it needs (rustc warns about the others).
#[derive(Clone)]
pub struct Test {
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
        // One part that is never true decides the whole.
        if let Some(never) = parts.iter().find(|p| p.is_false()) {
            return Some(never.clone());
        }
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
