//! `items`, `prefixItems`, `uniqueItems`, `minItems`, `maxItems`, `contains`
//! (with `minContains`/`maxContains`).
//!
//! Each keyword's predicate (what `rt::is` answers, and what its report
//! asks) and its report (an [`Errors`] method that owns the message) sit
//! side by side.

use std::borrow::Cow;

use super::errors::Errors;
use crate::runtime::at::At;
use crate::runtime::check::{json_equal, json_hash};
use crate::runtime::tree::Json;

/// `items` (non-arrays pass).
pub fn items(v: Json<'_>, test: impl Fn(Json<'_>) -> bool) -> bool {
    v.as_array().is_none_or(|a| a.iter().all(test))
}

/// `prefixItems` for one index: the element, when present, passes `test`.
pub fn prefix(v: Json<'_>, index: usize, test: impl FnOnce(Json<'_>) -> bool) -> bool {
    v.as_array().and_then(|a| a.get(index)).is_none_or(test)
}

/// `items` after `prefixItems`: every element from `skip` on passes `test`.
pub fn items_after(v: Json<'_>, skip: usize, test: impl Fn(Json<'_>) -> bool) -> bool {
    v.as_array().is_none_or(|a| a.iter().skip(skip).all(test))
}

/// `uniqueItems: true` (non-arrays pass).
pub fn unique_items(v: Json<'_>) -> bool {
    let Some(a) = v.as_array() else {
        return true;
    };
    if a.len() <= 16 {
        return distinct(a.iter());
    }
    // Each pair compared would be quadratic in what a sender controls: only
    // items of one hash are compared.
    let mut hashed: Vec<(u64, Json<'_>)> = a.iter().map(|x| (json_hash(x), x)).collect();
    hashed.sort_unstable_by_key(|(h, _)| *h);
    hashed
        .chunk_by(|x, y| x.0 == y.0)
        .all(|same| distinct(same.iter().map(|(_, x)| *x)))
}

/// Whether no two of `items` are equal, each pair compared.
fn distinct<'a>(items: impl Iterator<Item = Json<'a>> + Clone) -> bool {
    items
        .clone()
        .enumerate()
        .all(|(i, x)| items.clone().take(i).all(|y| !json_equal(x, y)))
}

impl Errors {
    /// `uniqueItems: true`.
    pub fn unique_items(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str) {
        if !unique_items(v) {
            self.fail(at, "uniqueItems", path, || {
                let len = v.as_array().map_or(0, |a| a.len());
                format!("must not repeat an item; {len} items, some equal")
            });
        }
    }
}

/// `minItems` (non-arrays pass).
pub fn min_items(v: Json<'_>, n: usize) -> bool {
    v.as_array().is_none_or(|a| a.len() >= n)
}

impl Errors {
    /// `minItems`.
    pub fn min_items(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, n: usize) {
        if !min_items(v, n) {
            self.fail(at, "minItems", path, || match n {
                1 => Cow::Borrowed("must not be empty"),
                n => Cow::Owned(format!("must have at least {n} items")),
            });
        }
    }
}

/// `maxItems` (non-arrays pass).
pub fn max_items(v: Json<'_>, n: usize) -> bool {
    v.as_array().is_none_or(|a| a.len() <= n)
}

impl Errors {
    /// `maxItems`.
    pub fn max_items(&mut self, v: Json<'_>, at: &At<'_>, path: &'static str, n: usize) {
        if !max_items(v, n) {
            self.fail(at, "maxItems", path, || {
                let len = v.as_array().map_or(0, |a| a.len());
                format!("must have at most {n} items; found {len}")
            });
        }
    }
}

/// `contains` (non-arrays pass).
pub fn contains(v: Json<'_>, test: impl Fn(Json<'_>) -> bool) -> bool {
    v.as_array().is_none_or(|a| a.iter().any(test))
}

impl Errors {
    /// `contains`, given whether some item matched.
    pub fn contains(&mut self, at: &At<'_>, path: &'static str, found: bool) {
        if !found {
            self.fail(at, "contains", path, || "no item matches the required form");
        }
    }
}

/// `contains` with `minContains`/`maxContains` (non-arrays pass).
pub fn contains_count(
    v: Json<'_>,
    min: usize,
    max: Option<usize>,
    test: impl Fn(Json<'_>) -> bool,
) -> bool {
    v.as_array().is_none_or(|a| {
        let n = a.iter().filter(|x| test(*x)).count();
        n >= min && max.is_none_or(|m| n <= m)
    })
}

impl Errors {
    /// `minContains`/`maxContains`, given how many items matched `contains`.
    pub fn contains_count(
        &mut self,
        at: &At<'_>,
        min_path: &'static str,
        max_path: &'static str,
        found: usize,
        min: usize,
        max: Option<usize>,
    ) {
        if found < min {
            self.fail(at, "minContains", min_path, || {
                format!("at least {min} items must match the required form; found {found}")
            });
        }
        if let Some(max) = max.filter(|m| found > *m) {
            self.fail(at, "maxContains", max_path, || {
                format!("at most {max} items may match the required form; found {found}")
            });
        }
    }
}
