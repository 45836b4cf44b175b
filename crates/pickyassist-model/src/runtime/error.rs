//! Validation errors: where (instance pointer), which rule (keyword and
//! schema path) and a sentence a person can act on.

use std::borrow::Cow;
use std::fmt;

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
    /// Borrowed: the schema's locations are a fixed set, so a report of
    /// many errors does not copy the same path into each.
    pub schema_path: Cow<'static, str>,
    /// What is wrong, in words (borrowed when the words are the rule's own,
    /// owned when they say what was found).
    pub message: Cow<'static, str>,
    /// Further keywords of the same named format that the value breaks
    /// (a phone number `"+91 98460"` breaks `pattern` and `not`): one
    /// mistake, one error.
    pub also: Vec<&'static str>,
}

impl ValidationError {
    /// Builds an error; `schema_path` and `message` take a `String` or a
    /// `&'static str`.
    pub fn new(
        pointer: String,
        keyword: &'static str,
        schema_path: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            pointer,
            keyword,
            schema_path: schema_path.into(),
            message: message.into(),
            also: Vec::new(),
        }
    }

    /// The failed keywords: [`keyword`](Self::keyword) and [`also`](Self::also).
    pub fn keywords(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.keyword).chain(self.also.iter().copied())
    }
}

impl super::order::Pointed for ValidationError {
    fn pointer(&self) -> &str {
        &self.pointer
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
/// instance pointer, array indices compared as numbers; pointers that so
/// compare equal but differ, `/7` and `/007`, by their text; errors at one
/// pointer in schema order).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors(Vec<ValidationError>);

impl ValidationErrors {
    /// Wraps and orders a list of errors.
    pub fn new(errors: Vec<ValidationError>) -> Self {
        Self(super::order::sorted(errors))
    }

    /// Wraps a list already in order.
    pub(crate) fn ordered(errors: Vec<ValidationError>) -> Self {
        Self(errors)
    }

    /// One error about the whole document (pointer `""`, no schema path):
    /// malformed JSON, a value that cannot be encoded or decoded.
    pub fn at_root(keyword: &'static str, message: impl Into<String>) -> Self {
        Self(vec![ValidationError::new(
            String::new(),
            keyword,
            "",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn err(p: &str) -> ValidationError {
        ValidationError::new(p.into(), "type", "/x", "m")
    }

    /// Pointers whose keys tie come out in one order whatever order they
    /// were reported in.
    #[test]
    fn tied_keys_do_not_depend_on_the_order_reported() {
        let one = ValidationErrors::new(vec![err("/7"), err("/007"), err("/a")]);
        let other = ValidationErrors::new(vec![err("/a"), err("/007"), err("/7")]);
        assert_eq!(one.pointers(), ["/007", "/7", "/a"]);
        assert_eq!(other.pointers(), one.pointers());
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
