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
                negates: self
                    .negates
                    .as_ref()
                    .map(|no| Box::new(no.applied_to(arg, place))),
                ..self.clone()
            },
        }
    }

    /// The test `yes`, whose negation is written `no`: for what `!` cannot
    /// say well. `!` binds tighter than a comparison (`!n >= 1` would be
    /// `(!n) >= 1`), and clippy asks for `n < 1` over `!(n >= 1)` and for
    /// `x.is_none()` over `!x.is_some()`. Both are atoms to `&&` and `||`.
    pub fn with_negation(yes: TokenStream, no: TokenStream) -> Self {
        let yes = Self::atom(yes);
        let mut no = Self::atom(no);
        no.negates = Some(Box::new(yes.clone()));
        Self {
            negates: Some(Box::new(no)),
            ..yes
        }
    }

    /// `lhs >= n` between integers, whose negation is `lhs < n`.
    pub fn at_least(lhs: &TokenStream, n: &impl quote::ToTokens) -> Self {
        Self::with_negation(quote! { #lhs >= #n }, quote! { #lhs < #n })
    }

    /// `lhs <= n` between integers, whose negation is `lhs > n`.
    pub fn at_most(lhs: &TokenStream, n: &impl quote::ToTokens) -> Self {
        Self::with_negation(quote! { #lhs <= #n }, quote! { #lhs > #n })
    }

    /// `place.is_some()`, whose negation is `place.is_none()`.
    pub fn is_some(place: &TokenStream) -> Self {
        Self::with_negation(quote! { #place.is_some() }, quote! { #place.is_none() })
    }

    /// `place.as_ref().is_some_and(f)` for the test `body` of `x`, whose
    /// negation is `place.as_ref().is_none_or(!f)`.
    pub fn is_some_and(place: &TokenStream, x: &TokenStream, body: &Cond) -> Self {
        let (f, not_f) = (body.closure_over(x), body.not().closure_over(x));
        Self::with_negation(
            quote! { #place.as_ref().is_some_and(#f) },
            quote! { #place.as_ref().is_none_or(#not_f) },
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(c: &Cond) -> String {
        c.tokens.to_string()
    }

    /// `!` binds tighter than a comparison: a negated comparison is written
    /// with the operator flipped, never as `!n >= 1` (which is `(!n) >= 1`).
    #[test]
    fn a_comparison_negates_by_its_operator() {
        let ge = Cond::with_negation(quote! { n >= 1 }, quote! { n < 1 });
        assert_eq!(text(&ge.not()), "n < 1");
        assert_eq!(text(&ge.not().not()), "n >= 1");
        let plain = Cond::atom(quote! { f(v) });
        assert_eq!(text(&plain.not()), "! f (v)");
    }

    /// Presence and value in one test, negated as clippy asks (no
    /// `!x.is_some_and(..)`), the body's own negation inside.
    #[test]
    fn is_some_and_negates_to_is_none_or() {
        let x = quote! { x0 };
        let body = Cond::with_negation(
            quote! { rt::char_len(x0) >= 1 },
            quote! { rt::char_len(x0) < 1 },
        );
        let test = Cond::is_some_and(&quote! { self.m }, &x, &body);
        assert_eq!(
            text(&test),
            "self . m . as_ref () . is_some_and (| x0 | rt :: char_len (x0) >= 1)"
        );
        assert_eq!(
            text(&test.not()),
            "self . m . as_ref () . is_none_or (| x0 | rt :: char_len (x0) < 1)"
        );
    }

    /// Writing the place in for the argument reaches the negation too.
    #[test]
    fn applied_to_rewrites_the_negation() {
        let x = syn::Ident::new("x0", proc_macro2::Span::call_site());
        let ge = Cond::with_negation(quote! { *x0 >= 2 }, quote! { *x0 < 2 });
        let applied = ge.applied_to(&x, &quote! { self.n });
        assert_eq!(text(&applied), "self . n >= 2");
        assert_eq!(text(&applied.not()), "self . n < 2");
    }
}
