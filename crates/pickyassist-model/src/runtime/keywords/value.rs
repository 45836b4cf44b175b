//! `false`, `type`, `enum`, `const`, and the string and number keywords.
//!
//! Each keyword's predicate (what `rt::is` answers, and what its report
//! asks) and its report (an [`Errors`] method that owns the message) sit
//! side by side.

use std::borrow::Cow;

use super::errors::{found, found_after, show_number, Errors};
use crate::runtime::at::At;
use crate::runtime::check::{char_len, is_multiple_of};
use crate::runtime::literal::{Lit, Ty};
use crate::runtime::pattern::Pattern;
use crate::runtime::suggest::did_you_mean;
use crate::runtime::tree::Json;

impl Errors {
    /// `false`: nothing is valid here.
    pub fn nothing(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str) {
        self.fail(at, "false", path, || {
            found_after(at, "no value is allowed here; found ", v)
        });
    }
}

/// `type`.
pub fn ty(v: Json<'_>, types: &[Ty]) -> bool {
    types.iter().any(|t| t.holds(v))
}

impl Errors {
    /// `type`.
    pub fn ty(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, types: &[Ty]) {
        if !ty(v, types) {
            self.fail(at, "type", path, || {
                let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
                format!("expected {}, found {}", names.join(" or "), v.type_name())
            });
        }
    }
}

/// `enum`.
pub fn one_of(v: Json<'_>, values: &[Lit]) -> bool {
    values.iter().any(|l| l.matches(v))
}

impl Errors {
    /// `enum`.
    pub fn one_of(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, values: &[Lit]) {
        if !one_of(v, values) {
            self.fail(at, "enum", path, || {
                let list: Vec<String> = values.iter().map(|l| l.to_json()).collect();
                let mut text = format!("must be one of {}; found {}", list.join(", "), found(v));
                // The allowed value it is close to, never the value itself.
                let texts = values.iter().filter_map(|l| l.as_str());
                if let Some(near) = v.as_str().and_then(|s| did_you_mean(s, texts)) {
                    text.push_str(&format!("; did you mean {near:?}?"));
                }
                text
            });
        }
    }
}

/// `const`.
pub fn constant(v: Json<'_>, value: Lit) -> bool {
    value.matches(v)
}

impl Errors {
    /// `const`.
    pub fn constant(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, value: Lit) {
        if !constant(v, value) {
            self.fail(at, "const", path, || {
                format!("must be {}; found {}", value.to_json(), found(v))
            });
        }
    }
}

/// `minLength` (code points; non-strings pass).
pub fn min_length(v: Json<'_>, n: u64) -> bool {
    v.as_str().is_none_or(|s| at_least(s, n))
}

/// Whether `s` has at least `n` code points. A code point takes one to four
/// bytes, so the byte length often settles it without counting.
fn at_least(s: &str, n: u64) -> bool {
    let bytes = s.len() as u64;
    match () {
        _ if bytes < n => false,
        _ if bytes / 4 >= n => true,
        _ => char_len(s) >= n,
    }
}

impl Errors {
    /// `minLength`, counted in code points.
    pub fn min_length(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, n: u64) {
        if !min_length(v, n) {
            self.fail(at, "minLength", path, || match n {
                1 => Cow::Borrowed("must not be empty"),
                n => Cow::Owned(format!("must be at least {n} characters long")),
            });
        }
    }
}

/// `maxLength` (code points; non-strings pass).
pub fn max_length(v: Json<'_>, n: u64) -> bool {
    v.as_str().is_none_or(|s| !at_least(s, n.saturating_add(1)))
}

impl Errors {
    /// `maxLength`, counted in code points.
    pub fn max_length(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, n: u64) {
        if !max_length(v, n) {
            self.fail(at, "maxLength", path, || {
                let len = char_len(v.as_str().unwrap_or_default());
                format!("must be at most {n} characters long; found {len}")
            });
        }
    }
}

/// `pattern` (non-strings pass).
pub fn pattern(v: Json<'_>, re: &Pattern) -> bool {
    v.as_str().is_none_or(|s| re.is_match(s))
}

impl Errors {
    /// `pattern` (an unanchored search).
    pub fn pattern(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, re: &Pattern) {
        if !pattern(v, re) {
            self.fail(at, "pattern", path, || {
                format!("must match the pattern {}", re.as_str())
            });
        }
    }
}

/// `minimum` (non-numbers pass).
pub fn minimum(v: Json<'_>, x: f64) -> bool {
    v.as_f64().is_none_or(|n| n >= x)
}

impl Errors {
    /// `minimum`.
    pub fn minimum(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, x: f64) {
        if !minimum(v, x) {
            self.fail(at, "minimum", path, || {
                format!("must be at least {}; found {}", show_number(x), found(v))
            });
        }
    }
}

/// `maximum` (non-numbers pass).
pub fn maximum(v: Json<'_>, x: f64) -> bool {
    v.as_f64().is_none_or(|n| n <= x)
}

impl Errors {
    /// `maximum`.
    pub fn maximum(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, x: f64) {
        if !maximum(v, x) {
            self.fail(at, "maximum", path, || {
                format!("must be at most {}; found {}", show_number(x), found(v))
            });
        }
    }
}

/// `exclusiveMinimum` (non-numbers pass).
pub fn exclusive_minimum(v: Json<'_>, x: f64) -> bool {
    v.as_f64().is_none_or(|n| n > x)
}

impl Errors {
    /// `exclusiveMinimum`.
    pub fn exclusive_minimum(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, x: f64) {
        if !exclusive_minimum(v, x) {
            self.fail(at, "exclusiveMinimum", path, || {
                format!(
                    "must be greater than {}; found {}",
                    show_number(x),
                    found(v)
                )
            });
        }
    }
}

/// `exclusiveMaximum` (non-numbers pass).
pub fn exclusive_maximum(v: Json<'_>, x: f64) -> bool {
    v.as_f64().is_none_or(|n| n < x)
}

impl Errors {
    /// `exclusiveMaximum`.
    pub fn exclusive_maximum(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, x: f64) {
        if !exclusive_maximum(v, x) {
            self.fail(at, "exclusiveMaximum", path, || {
                format!("must be less than {}; found {}", show_number(x), found(v))
            });
        }
    }
}

/// `multipleOf` (non-numbers pass).
pub fn multiple_of(v: Json<'_>, m: f64) -> bool {
    !v.is_number() || is_multiple_of(v, m)
}

impl Errors {
    /// `multipleOf`.
    pub fn multiple_of(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, m: f64) {
        if !multiple_of(v, m) {
            self.fail(at, "multipleOf", path, || {
                format!(
                    "must be a multiple of {}; found {}",
                    show_number(m),
                    found(v)
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::at_least;
    use crate::runtime::check::char_len;

    #[test]
    fn counts_code_points_as_a_count_would() {
        let mut next = crate::runtime::numbers(0x5851_f42d_4c95_7f2d);
        let pieces = ["a", "é", "€", "😀", "9", " "];
        for _ in 0..3000 {
            let s: String = (0..next(30)).map(|_| pieces[next(pieces.len())]).collect();
            for n in 0..35 {
                assert_eq!(at_least(&s, n), char_len(&s) >= n, "{s:?} {n}");
            }
        }
    }
}
