//! The keyword compiler: every keyword is compiled in one place, its family's
//! file, into each of the three forms a generated type needs:
//!
//! - [`Form::Report`]: statements that report every violation, with
//!   pointers (`check_value`; in scope: `v: Json`, `at: &At`, `out: &mut Errors`);
//! - [`Form::Is`]: a `bool` over the JSON value `v` (`rt::is` predicates; what
//!   `if`, `not`, `anyOf`, `oneOf` and `contains` decide with);
//! - [`Form::Typed`]: a `bool` over the decoded Rust value (`is_valid_typed`,
//!   the fast path of `validate_json`).
//!
//! The two tests come back as a [`Verdict`]: `Always`, `Never` or an
//! expression, so that combining them (`allOf`, `not`, a field of a type that
//! cannot hold a key) folds constants instead of writing `true && …`.
//!
//! A node's rules are split by family in the IR (`value`, `object`, `array`,
//! `logic`); each family file matches its own enum, so adding a keyword
//! touches its family file here and its family file in the runtime.

mod array;
mod cond;
mod kind;
mod logic;
mod object;
mod value;

pub use cond::Cond;
pub use kind::Kind;

use crate::ir::{Ir, Node};
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::{Cell, RefCell};

/// Compiles the keywords of one generated file.
pub(crate) struct Compiler<'a> {
    pub ir: &'a Ir,
    /// Patterns used so far in this file; each becomes a `PATTERN_n` static.
    pub patterns: RefCell<Vec<String>>,
    /// Whether the `at` in scope where the report is being written carries
    /// a hint (`x-message`): a node without one must then clear it.
    pub hinted: Cell<bool>,
}

/// Which form of a keyword to compile.
#[derive(Clone, Copy)]
pub enum Form<'a> {
    /// Statements that report every violation of the JSON value `v` by the
    /// node at this place in the bundle (`/$defs/PushRequest/allOf/1`).
    Report(&'a str),
    /// Does the JSON value `v` pass?
    Is,
    /// Does the decoded value (an expression of reference type), of this
    /// kind, pass? `depth` names the closures' arguments (`x0`, `x1`, …).
    Typed {
        kind: Kind<'a>,
        v: &'a TokenStream,
        depth: usize,
    },
}

/// What a test comes to.
///
/// The JSON test ([`Form::Is`]) is always exact. The typed test may only
/// know enough to vouch for a value (`Sufficient`) or nothing at all
/// (`Unknown`): the full check then decides. Those two stay apart from
/// `Never` because a negation (`not`, the condition of an `if`, the
/// presence test of `dependentRequired`) turns "no value passes" into "every
/// value passes", which is only true of a real `Never`.
#[derive(Clone)]
pub enum Verdict {
    /// Every value passes: nothing to write.
    Always,
    /// No value passes (a `false` schema, a key a closed type cannot hold).
    Never,
    /// Decided at run time, exactly.
    Expr(Cond),
    /// The value passes when this holds; when it does not, the typed check
    /// cannot say (a rule it translates only in part).
    Sufficient(Cond),
    /// The typed check cannot say (a rule it does not translate).
    Unknown,
}

/// A keyword compiled to one form: statements for [`Form::Report`], a
/// verdict for the tests.
pub enum Compiled {
    /// The report.
    Report(TokenStream),
    /// A test.
    Verdict(Verdict),
}

impl Verdict {
    /// The verdict of an expression.
    pub fn expr(tokens: TokenStream) -> Self {
        Verdict::Expr(Cond::atom(tokens))
    }

    /// Every verdict holds (`a && b`); `Never` decides the whole, and one
    /// part the typed check cannot say makes the whole unknown.
    pub fn all(parts: impl IntoIterator<Item = Verdict>) -> Self {
        let mut tests = Vec::new();
        let (mut partial, mut unknown) = (false, false);
        for part in parts {
            match part {
                Verdict::Always => {}
                Verdict::Never => return Verdict::Never,
                Verdict::Expr(t) => tests.push(t),
                Verdict::Sufficient(t) => {
                    partial = true;
                    tests.push(t);
                }
                Verdict::Unknown => unknown = true,
            }
        }
        match Cond::all(tests) {
            _ if unknown => Verdict::Unknown,
            None => Verdict::Always,
            Some(t) if partial => Verdict::Sufficient(t),
            Some(t) => Verdict::Expr(t),
        }
    }

    /// One verdict holds (`a || b`); `Always` decides the whole, `Never`
    /// branches drop out, and none left is `Never`. A branch the typed check
    /// cannot say leaves the others as a sufficient test.
    pub fn any(parts: Vec<Verdict>) -> Self {
        let mut tests = Vec::new();
        let mut partial = false;
        for part in parts {
            match part {
                Verdict::Always => return Verdict::Always,
                Verdict::Never => {}
                Verdict::Expr(t) => tests.push(t),
                Verdict::Sufficient(t) => {
                    partial = true;
                    tests.push(t);
                }
                Verdict::Unknown => partial = true,
            }
        }
        match (tests.is_empty(), partial) {
            (true, false) => Verdict::Never,
            (true, true) => Verdict::Unknown,
            (false, false) => Verdict::Expr(Cond::any(tests)),
            (false, true) => Verdict::Sufficient(Cond::any(tests)),
        }
    }

    /// The opposite verdict. What vouches for a value says nothing of its
    /// opposite: a verdict that is not exact negates to `Unknown`.
    pub fn negate(self) -> Self {
        match self {
            Verdict::Always => Verdict::Never,
            Verdict::Never => Verdict::Always,
            Verdict::Expr(t) => Verdict::Expr(t.not()),
            Verdict::Sufficient(_) | Verdict::Unknown => Verdict::Unknown,
        }
    }

    /// Whether the verdict is exact (neither `Sufficient` nor `Unknown`).
    pub fn is_exact(&self) -> bool {
        !matches!(self, Verdict::Sufficient(_) | Verdict::Unknown)
    }

    /// The same verdict, known only to vouch for a value: what an `if` whose
    /// condition the typed check cannot decide says when both branches hold.
    pub fn only_sufficient(self) -> Self {
        match self {
            Verdict::Expr(t) | Verdict::Sufficient(t) => Verdict::Sufficient(t),
            Verdict::Never | Verdict::Unknown => Verdict::Unknown,
            Verdict::Always => Verdict::Always,
        }
    }

    /// `wrap` applied to the test (an `iter().all(..)`, an `is_none_or(..)`),
    /// keeping whether it is exact. `wrap` must be monotone (a test that
    /// holds more often makes the whole hold more often), so that an unknown
    /// test read as `false` still vouches only for values that pass.
    pub fn wrap(self, wrap: impl FnOnce(Cond) -> Cond) -> Self {
        let never = || Cond::atom(quote! { false });
        match self {
            Verdict::Always => Verdict::Always,
            Verdict::Never => Verdict::Expr(wrap(never())),
            Verdict::Expr(t) => Verdict::Expr(wrap(t)),
            Verdict::Sufficient(t) => Verdict::Sufficient(wrap(t)),
            Verdict::Unknown => Verdict::Sufficient(wrap(never())),
        }
    }

    /// The verdict as a `bool` expression: a value it is `true` for passes.
    /// Written only where nothing negates it (the typed check's result, a
    /// report's condition from the exact JSON test).
    pub fn tokens(self) -> TokenStream {
        match self {
            Verdict::Always => quote! { true },
            Verdict::Never | Verdict::Unknown => quote! { false },
            Verdict::Expr(t) | Verdict::Sufficient(t) => t.into_tokens(),
        }
    }

    /// As a test: `None` when it always holds.
    pub fn into_test(self) -> Option<Cond> {
        match self {
            Verdict::Always => None,
            Verdict::Never | Verdict::Unknown => Some(Cond::atom(quote! { false })),
            Verdict::Expr(t) | Verdict::Sufficient(t) => Some(t),
        }
    }
}

impl Compiled {
    fn report(self) -> TokenStream {
        match self {
            Compiled::Report(t) => t,
            Compiled::Verdict(_) => TokenStream::new(),
        }
    }

    fn verdict(self) -> Verdict {
        match self {
            Compiled::Verdict(v) => v,
            Compiled::Report(_) => Verdict::Always,
        }
    }
}

impl Compiler<'_> {
    /// Statements that report every violation of `node`, a subschema of the
    /// same value (`allOf`, `then`, …): its hint is set first, or the
    /// parent's cleared.
    pub fn collect(&self, node: &Node) -> TokenStream {
        let body = self.hinted(node.hint.is_some(), || self.rules(node));
        if body.is_empty() {
            return body;
        }
        let enter = match &node.hint {
            Some(h) => quote! { let at = &at.hint(#h); },
            None if self.hinted.get() => quote! { let at = &at.unhinted(); },
            None => quote! {},
        };
        quote! { #enter #body }
    }

    /// Statements that report every violation of `node`, the subschema of a
    /// member or an item, once `at` is moved to it (which clears any hint).
    pub fn member(&self, node: &Node) -> TokenStream {
        self.hinted(false, || self.collect(node))
    }

    /// `#head { #enter <the rules of node> }`: a subschema applied to other
    /// values (members, items), each at the position `enter` sets; nothing
    /// when it checks nothing.
    pub fn scoped(&self, node: &Node, head: TokenStream, enter: TokenStream) -> TokenStream {
        let body = self.member(node);
        if body.is_empty() {
            return body;
        }
        quote! {
            #head {
                #enter
                #body
            }
        }
    }

    /// `write()`, with the `at` in scope known to carry a hint or not.
    pub fn hinted(&self, hinted: bool, write: impl FnOnce() -> TokenStream) -> TokenStream {
        let outer = self.hinted.replace(hinted);
        let written = write();
        self.hinted.set(outer);
        written
    }

    /// The report of a node's rules, without entering it: value, array and
    /// logic keywords in order, then every object keyword under one `as_object`.
    pub(crate) fn rules(&self, node: &Node) -> TokenStream {
        let mut out = TokenStream::new();
        let form = Form::Report(&node.path);
        for rule in &node.value {
            out.extend(self.value(rule, form).report());
        }
        for rule in &node.array {
            out.extend(self.array(rule, form).report());
        }
        for rule in &node.logic {
            out.extend(self.logic(rule, form).report());
        }
        out.extend(self.object_report(node));
        out
    }

    /// Does the JSON value `v` pass `node`?
    pub fn is(&self, node: &Node) -> Verdict {
        self.verdict(node, Form::Is)
    }

    /// Does the decoded value `v` of kind `kind` pass `node`?
    pub fn typed(&self, node: &Node, kind: Kind<'_>, v: &TokenStream, depth: usize) -> Verdict {
        self.verdict(node, Form::Typed { kind, v, depth })
    }

    /// A node's test in one of the two test forms: its rules in order
    /// (value, object, array, logic), all of which must hold.
    fn verdict(&self, node: &Node, form: Form<'_>) -> Verdict {
        let value = node.value.iter().map(|r| self.value(r, form).verdict());
        let object = node
            .object
            .iter()
            .map(|r| self.object(node, r, form).verdict());
        let array = node.array.iter().map(|r| self.array(r, form).verdict());
        let logic = node.logic.iter().map(|r| self.logic(r, form).verdict());
        Verdict::all(
            value
                .chain(object)
                .chain(array)
                .chain(logic)
                .collect::<Vec<_>>(),
        )
    }

    /// The verdict `make(f)`, where `f` is the closure testing a value against
    /// `sub`; `Always` when `sub` accepts every value.
    pub fn with_predicate(
        &self,
        sub: &Node,
        make: impl FnOnce(TokenStream) -> TokenStream,
    ) -> Verdict {
        match self.is(sub).into_test() {
            None => Verdict::Always,
            Some(t) => Verdict::expr(make(t.closure())),
        }
    }

    /// A `bool` expression: does `v` pass `node`? `None` when it always does.
    pub fn passes(&self, node: &Node) -> Option<TokenStream> {
        self.is(node).into_test().map(Cond::into_tokens)
    }

    /// Where `keyword` of the node at `node` sits in the bundle: the schema
    /// path its errors carry, written into the call (the bundle moves a few
    /// rules, [`Ir::moved`]).
    pub fn schema_path(&self, node: &str, keyword: &str) -> String {
        let path = format!("{node}/{keyword}");
        self.ir.moved.get(&path).cloned().unwrap_or(path)
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

/// A verdict, as the compiled form.
fn verdict(v: Verdict) -> Compiled {
    Compiled::Verdict(v)
}

/// A report, as the compiled form.
fn report(t: TokenStream) -> Compiled {
    Compiled::Report(t)
}

#[cfg(test)]
mod tests {
    //! A keyword lives in the IR, its lowering and one family file here
    //! (plus the schema parse and one runtime file): checked on the sources.

    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir)
            .expect("readable source folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                out.push(path);
            }
        }
    }

    /// `(family enum, variant)` for every rule variant `ir.rs` declares.
    fn variants(ir: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for family in ["ValueRule", "ObjectRule", "ArrayRule", "LogicRule"] {
            let start = ir
                .find(&format!("pub enum {family} {{"))
                .expect("family enum in ir.rs");
            let body = &ir[start..];
            let body = &body[..body.find("\n}").expect("end of enum")];
            for line in body.lines().skip(1) {
                let name: String = line
                    .strip_prefix("    ")
                    .unwrap_or_default()
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    out.push((family.to_string(), name));
                }
            }
        }
        out
    }

    #[test]
    fn each_keyword_is_named_in_three_generator_files() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|f| {
                let rel = f.strip_prefix(&src).unwrap_or(f).display().to_string();
                (rel, std::fs::read_to_string(f).expect("readable source"))
            })
            .collect();
        let ir = &texts.iter().find(|(p, _)| p == "ir.rs").expect("ir.rs").1;
        let variants = variants(ir);
        assert!(variants.len() > 30, "{variants:?}");
        for (family, variant) in variants {
            let needle = format!("{family}::{variant}");
            let mut named_in: BTreeSet<&str> = texts
                .iter()
                .filter(|(_, text)| {
                    text.match_indices(&needle).any(|(i, _)| {
                        !text[i + needle.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                    })
                })
                .map(|(p, _)| p.as_str())
                .collect();
            named_in.insert("ir.rs");
            assert!(
                named_in.len() <= 3,
                "{needle} is named in {named_in:?}: a keyword belongs in ir.rs, lower/rules.rs and its family file of emit/keywords/"
            );
        }
    }
}
