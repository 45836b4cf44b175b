//! `anyOf`, `oneOf`, `not` (`allOf` and `if` need no runtime of their own:
//! the generated code runs their subschemas' checks).
//!
//! Each keyword's predicate (what `rt::is` answers, and what its report
//! asks) and its report (an [`Errors`] method that owns the message) sit
//! side by side.

use std::borrow::Cow;

use super::errors::{found_after, Errors, Words};
use crate::runtime::at::At;
use crate::runtime::tree::Json;

impl Errors {
    /// `anyOf`, given whether some branch matched.
    pub fn any_of(&mut self, at: &At<'_>, path: &'static str, matched: bool) {
        if !matched {
            self.fail(at, "anyOf", path, || {
                "does not match any of the allowed forms"
            });
        }
    }
}

/// `oneOf`: exactly one branch passed.
pub fn exactly_one(passed: &[bool]) -> bool {
    count(passed) == 1
}

impl Errors {
    /// `oneOf`, given how many branches matched.
    pub fn exactly_one_of(&mut self, at: &At<'_>, path: &'static str, matched: usize) {
        if matched != 1 {
            self.fail(at, "oneOf", path, || match matched {
                0 => Cow::Borrowed("does not match any of the allowed forms"),
                n => Cow::Owned(format!(
                    "matches {n} of the allowed forms, but must match exactly one"
                )),
            });
        }
    }
}

/// How many of the branches matched (for `oneOf`).
pub fn count(matched: &[bool]) -> usize {
    matched.iter().filter(|m| **m).count()
}

impl Errors {
    /// `not`, given whether the subschema matched. `always` says the
    /// subschema accepts everything, so the value itself is named.
    pub fn not(
        &mut self,
        v: Json<'_>,
        at: &At<'_>,
        path: &'static str,
        matched: bool,
        always: bool,
    ) {
        if matched {
            self.fail(at, "not", path, || {
                if always {
                    found_after(at, "is not allowed here; found ", v)
                } else {
                    Words::from("is not allowed here")
                }
            });
        }
    }
}
