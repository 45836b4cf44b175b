//! Validation errors: where (instance pointer), which rule (keyword and
//! schema path) and a sentence a person can act on.

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

    /// An error that holds nothing, left behind when a list is reordered.
    fn placeholder() -> Self {
        Self::new(String::new(), "", String::new(), String::new())
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
/// instance pointer, array indices compared as numbers; pointers that so
/// compare equal but differ, `/7` and `/007`, by their text; errors at one
/// pointer in schema order).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors(Vec<ValidationError>);

impl ValidationErrors {
    /// Wraps and orders a list of errors.
    pub fn new(mut errors: Vec<ValidationError>) -> Self {
        // One byte key per error, all in one buffer; the sort compares the
        // keys' first 16 bytes as a number and looks at the rest only on a
        // tie (comparing pointer strings segment by segment was most of the
        // cost of sorting the 50 000 errors of an invalid 10 000-recipient
        // push). A stable merge sort: ties keep schema order, and the runs
        // the validators already report in key order are merged, not sorted
        // again.
        if errors.len() < 2 {
            return Self(errors);
        }
        let mut keys = Vec::with_capacity(errors.iter().map(|e| e.pointer.len() + 8).sum());
        let mut order = Vec::with_capacity(errors.len());
        for (index, e) in errors.iter().enumerate() {
            let start = keys.len();
            push_sort_key(&e.pointer, &mut keys);
            order.push(SortKey::new(&keys, start, index));
        }
        // Different pointers whose keys tie (`/7`, `/007`) are ordered by
        // their text, so that the order never depends on the order the
        // checks ran in (a document's key order, for one).
        let cmp = |a: &SortKey, b: &SortKey| {
            a.head
                .cmp(&b.head)
                .then_with(|| keys[a.span()].cmp(&keys[b.span()]))
                .then_with(|| errors[a.index].pointer.cmp(&errors[b.index].pointer))
        };
        if order.windows(2).all(|w| cmp(&w[0], &w[1]).is_le()) {
            return Self(errors);
        }
        order.sort_by(cmp);
        Self(
            order
                .iter()
                .map(|k| std::mem::replace(&mut errors[k.index], ValidationError::placeholder()))
                .collect(),
        )
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

/// An error's place in the sort: its key's first 16 bytes as a number,
/// where the whole key lies in the buffer, and the error's index. Sorting
/// by (head, key) orders as the keys alone do: zero-padding a short head
/// changes nothing, because where a key ends a longer one with the same
/// bytes goes on with a segment tag (1 or 2), not a zero (a name holding
/// U+0000 aside, which still sorts deterministically).
struct SortKey {
    head: u128,
    start: usize,
    end: usize,
    index: usize,
}

impl SortKey {
    fn new(keys: &[u8], start: usize, index: usize) -> Self {
        let key = &keys[start..];
        let mut head = [0; 16];
        let n = key.len().min(16);
        head[..n].copy_from_slice(&key[..n]);
        Self {
            head: u128::from_be_bytes(head),
            start,
            end: keys.len(),
            index,
        }
    }

    fn span(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Appends to `key` a byte string that orders pointers segment by segment,
/// indices as numbers (before names), and a pointer before those that extend it.
fn push_sort_key(pointer: &str, key: &mut Vec<u8>) {
    let Some(rest) = pointer.as_bytes().strip_prefix(b"/") else {
        return;
    };
    for seg in rest.split(|&c| c == b'/') {
        if !seg.is_empty() && seg.iter().all(u8::is_ascii_digit) {
            let zeros = seg.iter().take_while(|&&c| c == b'0').count();
            let digits = &seg[zeros..];
            key.push(1);
            key.push(digits.len().min(255) as u8);
            key.extend_from_slice(digits);
        } else {
            key.push(2);
            key.extend_from_slice(seg);
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

    /// The order is the stable sort by each pointer's whole key, for lists
    /// of pointers drawn from segments that tie, nest and look alike.
    #[test]
    fn orders_as_a_stable_sort_by_whole_keys() {
        const SEGMENTS: [&str; 13] = [
            "data", "0", "1", "10", "2", "007", "7", "", "a", "ab", "a~1b", "number", "~0",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..2000 {
            let errors: Vec<ValidationError> = (0..next(40))
                .enumerate()
                .map(|(i, _)| {
                    let depth = next(5);
                    let pointer: String = (0..depth)
                        .map(|_| format!("/{}", SEGMENTS[next(SEGMENTS.len())]))
                        .collect();
                    ValidationError::new(pointer, "type", String::new(), i.to_string())
                })
                .collect();
            let mut expected = errors.clone();
            expected.sort_by_cached_key(|e| {
                let mut key = Vec::new();
                push_sort_key(&e.pointer, &mut key);
                (key, e.pointer.clone())
            });
            let sorted = ValidationErrors::new(errors).into_vec();
            assert_eq!(sorted, expected);
        }
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
