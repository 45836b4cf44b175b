//! Boolean expressions with their precedence, so that generated code has
//! exactly the parentheses it needs (rustc warns about the others). The
//! constants `true` and `false` are never tests: they are
//! [`Verdict`](super::Verdict)s, folded before anything is written.

use proc_macro2::TokenStream;
use quote::quote;

/// A bool expression with its precedence, so that generated code has exactly
/// the parentheses it needs (rustc warns about the others).
#[derive(Clone)]
pub struct Cond {
    tokens: TokenStream,
    prec: Prec,
    /// When the test is one function call on the value, that function, so a
    /// closure `|x| f(x)` can be written `f` (clippy: redundant_closure).
    func: Option<TokenStream>,
    /// For `!a`: `a`, so that negating twice gives `a` back.
    negates: Option<Box<Cond>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prec {
    Atom,
    And,
    Or,
}

impl Cond {
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

    /// The test of the place `place` (`self.lat`): `f(&place)`, or the
    /// expression over `arg` with `place` written in (`*x` and `x.m()` →
    /// `place`, `x` → `&place`), as one would write it by hand.
    pub fn applied_to(&self, arg: &syn::Ident, place: &TokenStream) -> Cond {
        match &self.func {
            Some(f) => Cond::atom(quote! { #f(&#place) }),
            None => Cond {
                tokens: substitute(self.tokens.clone(), arg, place),
                ..self.clone()
            },
        }
    }

    /// `place.is_some()`, whose negation is `place.is_none()`.
    pub fn is_some(place: &TokenStream) -> Self {
        let some = Self::atom(quote! { #place.is_some() });
        let mut none = Self::atom(quote! { #place.is_none() });
        none.negates = Some(Box::new(some.clone()));
        Self {
            negates: Some(Box::new(none)),
            ..some
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
    pub fn all(parts: Vec<Cond>) -> Option<Self> {
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
    pub fn any(mut parts: Vec<Cond>) -> Self {
        if parts.len() == 1 {
            return parts.remove(0);
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

    /// The expression where any expression fits (an `if` condition, a body).
    pub fn into_tokens(self) -> TokenStream {
        self.tokens
    }
}

impl quote::ToTokens for Cond {
    fn to_tokens(&self, out: &mut TokenStream) {
        self.tokens.to_tokens(out);
    }
}

/// `tokens` with the reference `arg` replaced by the place it points to.
fn substitute(tokens: TokenStream, arg: &syn::Ident, place: &TokenStream) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    let mut out = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '*' => {
                if matches!(iter.peek(), Some(TokenTree::Ident(i)) if i == arg) {
                    iter.next();
                    out.extend(quote! { #place });
                } else {
                    out.push(TokenTree::Punct(p));
                }
            }
            TokenTree::Ident(i) if &i == arg => {
                // A method call borrows the place by itself.
                let method = matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '.');
                if method {
                    out.extend(quote! { #place });
                } else {
                    out.extend(quote! { &#place });
                }
            }
            TokenTree::Group(g) => {
                let inner = substitute(g.stream(), arg, place);
                let mut group = Group::new(g.delimiter(), inner);
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}
