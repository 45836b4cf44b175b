//! Validation errors: where (instance pointer), which rule (keyword and
//! schema path) and a sentence a person can act on.

use std::{cmp::Ordering, fmt};

/// One violation of the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// JSON pointer (RFC 6901) to the offending value. For a missing or an
    /// unknown key it points at that key (`/data/0/number`), not at its parent.
    pub pointer: String,
    /// The JSON Schema keyword that failed (`required`, `pattern`, …), or
    /// `json` (malformed document) or `duplicateKey` (a key given twice in a request).
    pub keyword: &'static str,
    /// Location of that keyword in `schema/pickyassist.bundle.json` (empty
    /// for `json` and `duplicateKey`, which no schema keyword states).
    pub schema_path: String,
    /// What is wrong, in words.
    pub message: String,
    /// Further keywords of the same named format that the value breaks
    /// (a phone number `"+91 98460"` breaks `pattern` and `not`): one
    /// mistake, one error.
    pub also: Vec<&'static str>,
}

impl ValidationError {
    /// Builds an error.
    pub fn new(
        pointer: String,
        keyword: &'static str,
        schema_path: String,
        message: String,
    ) -> Self {
        Self {
            pointer,
            keyword,
            schema_path,
            message,
            also: Vec::new(),
        }
    }

    /// The failed keywords: [`keyword`](Self::keyword) and [`also`](Self::also).
    pub fn keywords(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.keyword).chain(self.also.iter().copied())
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} [{}", self.message, self.keyword)?;
        for keyword in &self.also {
            write!(f, ", {keyword}")?;
        }
        f.write_str("]")
    }
}

/// Every violation found in one payload, in a deterministic order (by
/// instance pointer, array indices compared as numbers; ties keep schema order).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors(Vec<ValidationError>);

impl ValidationErrors {
    /// Wraps and orders a list of errors.
    pub fn new(errors: Vec<ValidationError>) -> Self {
        // A stable merge sort of indices (an error is too big to move
        // around): ties keep schema order, and the runs the validators
        // report in order (one per pass over the document) are merged, not
        // sorted again. Pointers are compared from their first difference
        // on, without splitting them into segments.
        let ordered = |a: &ValidationError, b: &ValidationError| {
            compare_pointers(&a.pointer, &b.pointer) != Ordering::Greater
        };
        if errors.windows(2).all(|w| ordered(&w[0], &w[1])) {
            return Self(errors);
        }
        let mut order: Vec<usize> = (0..errors.len()).collect();
        order.sort_by(|&a, &b| compare_pointers(&errors[a].pointer, &errors[b].pointer));
        let mut slots: Vec<Option<ValidationError>> = errors.into_iter().map(Some).collect();
        Self(order.iter().filter_map(|&i| slots[i].take()).collect())
    }

    /// One error about the whole document (pointer `""`, no schema path):
    /// malformed JSON, a value that cannot be encoded or decoded.
    pub fn at_root(keyword: &'static str, message: impl Into<String>) -> Self {
        Self(vec![ValidationError::new(
            String::new(),
            keyword,
            String::new(),
            message.into(),
        )])
    }

    /// Iterates over the errors.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.0.iter()
    }

    /// Number of errors (never zero for a value returned as `Err`).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no errors.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The instance pointers of all errors, in order.
    pub fn pointers(&self) -> Vec<&str> {
        self.0.iter().map(|e| e.pointer.as_str()).collect()
    }

    /// Gives up the list.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.0
    }
}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} validation error{}", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

/// The order of [`push_sort_key`] (indices as numbers, before names; a
/// pointer before its extensions), decided at the first segment where the
/// two differ; the keys themselves are built only when that is not sure.
fn compare_pointers(a: &str, b: &str) -> Ordering {
    quick_compare(a, b).unwrap_or_else(|| {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        push_sort_key(a, &mut x);
        push_sort_key(b, &mut y);
        x.cmp(&y)
    })
}

/// [`compare_pointers`] from the first differing segment; `None` when that
/// segment does not decide it (a key holding a NUL character, an index
/// written with leading zeros or in over 255 digits).
fn quick_compare(a: &str, b: &str) -> Option<Ordering> {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let ends = |p: &str| common == p.len() || p.as_bytes()[common] == b'/';
    if ends(a) && ends(b) {
        // Equal, or one is the other's parent, which comes first.
        return Some(a.len().cmp(&b.len()));
    }
    // The segments (after the last `/` both share) where they first differ.
    // (Bytes, not `str` slicing: the first difference may fall inside a character.)
    let start = a.as_bytes()[..common]
        .iter()
        .rposition(|&c| c == b'/')
        .map_or(0, |i| i + 1);
    let (x, y) = (segment_at(a, start), segment_at(b, start));
    let index = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    match (index(x), index(y)) {
        (true, true) => {
            let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
            let sure = x != y && x.len() <= 255 && y.len() <= 255;
            sure.then(|| (x.len(), x).cmp(&(y.len(), y)))
        }
        (true, false) => Some(Ordering::Less),
        (false, true) => Some(Ordering::Greater),
        (false, false) => {
            (!x.as_bytes().contains(&0) && !y.as_bytes().contains(&0)).then(|| x.cmp(y))
        }
    }
}

/// The segment of `pointer` that starts at byte `start` (just after a `/`).
fn segment_at(pointer: &str, start: usize) -> &str {
    let rest = pointer.get(start..).unwrap_or_default();
    let end = rest.bytes().position(|c| c == b'/').unwrap_or(rest.len());
    &rest[..end]
}

/// Appends to `key` a byte string that orders pointers segment by segment,
/// indices as numbers (before names), and a pointer before those that extend it.
fn push_sort_key(pointer: &str, key: &mut Vec<u8>) {
    for seg in pointer.split('/').skip(1) {
        if !seg.is_empty() && seg.bytes().all(|c| c.is_ascii_digit()) {
            let digits = seg.trim_start_matches('0');
            key.push(1);
            key.push(digits.len().min(255) as u8);
            key.extend_from_slice(digits.as_bytes());
        } else {
            key.push(2);
            key.extend_from_slice(seg.as_bytes());
            key.push(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(p: &str) -> ValidationError {
        ValidationError::new(p.into(), "type", "/x".into(), "m".into())
    }

    #[test]
    fn orders_indices_numerically_and_keeps_ties_stable() {
        let mut a = err("/data/10/number");
        a.keyword = "pattern";
        let errs = ValidationErrors::new(vec![
            err("/data/10/number"),
            err("/token"),
            err("/data/2/number"),
            a,
            err(""),
        ]);
        assert_eq!(
            errs.pointers(),
            [
                "",
                "/data/2/number",
                "/data/10/number",
                "/data/10/number",
                "/token"
            ]
        );
        assert_eq!(errs.iter().nth(3).map(|e| e.keyword), Some("pattern"));
        assert!(errs.to_string().starts_with("5 validation errors"));
    }

    /// Comparing pointers directly gives the order of their sort keys.
    #[test]
    fn pointer_comparison_agrees_with_the_sort_keys() {
        let pointers = [
            "",
            "/a",
            "/a/b",
            "/a/b/c",
            "/ab",
            "/a~1b",
            "/b",
            "/0",
            "/1",
            "/2",
            "/10",
            "/010",
            "/data",
            "/data/0",
            "/data/0/message",
            "/data/0/number",
            "/data/1",
            "/data/2/number",
            "/data/10",
            "/data/10/number",
            "/data/9/x",
            "/data/x",
            "/data/",
            "/data//x",
            "/x\0y",
            "/x\0",
            "/x",
            "/x/0",
            "/x/00",
            "/é",
            "/è",
            "/e",
            "/priority ",
            "/priority",
            "/token",
            "/data/99/language",
            "/data/100/language",
            "/data/0/language",
        ];
        let key = |p: &str| {
            let mut k = Vec::new();
            push_sort_key(p, &mut k);
            k
        };
        let mut decided = 0;
        for a in pointers {
            for b in pointers {
                assert_eq!(
                    compare_pointers(a, b),
                    key(a).cmp(&key(b)),
                    "{a:?} vs {b:?}"
                );
                decided += usize::from(quick_compare(a, b).is_some());
            }
        }
        // Nearly every pair is decided without building keys.
        assert!(
            decided * 10 > pointers.len() * pointers.len() * 9,
            "{decided}"
        );
        let sorted = ValidationErrors::new(
            [
                "/data/99/language",
                "/data/0/language",
                "/data/10/number",
                "/data/9/number",
            ]
            .map(err)
            .to_vec(),
        );
        assert_eq!(
            sorted.pointers(),
            [
                "/data/0/language",
                "/data/9/number",
                "/data/10/number",
                "/data/99/language"
            ]
        );
    }
}

/// A code or text that names no variant of a closed enum (`Flag::try_from(2)`,
/// `"x".parse::<DeviceCommand>()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAVariant {
    type_name: &'static str,
    value: String,
    allowed: String,
}

impl NotAVariant {
    #[doc(hidden)]
    pub fn new(
        type_name: &'static str,
        value: impl fmt::Display,
        allowed: impl fmt::Display,
    ) -> Self {
        Self {
            type_name,
            value: value.to_string(),
            allowed: allowed.to_string(),
        }
    }

    /// The enum's name (`Flag`).
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }
}

impl fmt::Display for NotAVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not a valid {} (expected one of {})",
            self.value, self.type_name, self.allowed
        )
    }
}

impl std::error::Error for NotAVariant {}
