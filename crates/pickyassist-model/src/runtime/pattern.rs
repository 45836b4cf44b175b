//! A schema's `pattern`: a regular expression, searched for anywhere in a
//! string (JSON Schema's rule). The one-character patterns schemas mostly
//! state (`^[1-9]`, `[^0-9]`) are tested on the bytes directly; the
//! generator picks that form only for classes of ASCII characters, where
//! it matches exactly the strings the regex engine (`regex-lite`) matches:
//! in UTF-8 no byte of a non-ASCII character is ASCII, so such a character
//! is in no ASCII class and in every negated one, byte by byte as character
//! by character.

use std::sync::LazyLock;

use regex_lite::Regex;

/// A compiled `pattern`, held in a `static` of the generated code.
pub struct Pattern {
    source: &'static str,
    test: Test,
}

enum Test {
    /// The first character is in `ranges` (`^[…]`), or is not (`^[^…]`).
    First {
        ranges: &'static [(u8, u8)],
        negated: bool,
    },
    /// Some character is in `ranges` (`[…]`), or is not (`[^…]`).
    Any {
        ranges: &'static [(u8, u8)],
        negated: bool,
    },
    /// Any other pattern, compiled on first use.
    Regex(LazyLock<Regex>),
}

impl Pattern {
    /// `^[…]` (or `^[^…]` when `negated`) over the ASCII byte `ranges`.
    pub const fn first(source: &'static str, ranges: &'static [(u8, u8)], negated: bool) -> Self {
        Self {
            source,
            test: Test::First { ranges, negated },
        }
    }

    /// `[…]` (or `[^…]` when `negated`) over the ASCII byte `ranges`.
    pub const fn any(source: &'static str, ranges: &'static [(u8, u8)], negated: bool) -> Self {
        Self {
            source,
            test: Test::Any { ranges, negated },
        }
    }

    /// A regular expression, compiled by `compile` on first use.
    pub const fn regex(source: &'static str, compile: fn() -> Regex) -> Self {
        Self {
            source,
            test: Test::Regex(LazyLock::new(compile)),
        }
    }

    /// Whether the pattern matches somewhere in `s`.
    pub fn is_match(&self, s: &str) -> bool {
        let within = |ranges: &[(u8, u8)], b: u8| ranges.iter().any(|&(lo, hi)| lo <= b && b <= hi);
        match &self.test {
            Test::First { ranges, negated } => s
                .as_bytes()
                .first()
                .is_some_and(|&b| within(ranges, b) != *negated),
            Test::Any { ranges, negated } => s.bytes().any(|b| within(ranges, b) != *negated),
            Test::Regex(re) => re.is_match(s),
        }
    }

    /// The pattern as the schema states it.
    pub fn as_str(&self) -> &'static str {
        self.source
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings of ASCII, control, multi-byte and edge characters.
    fn strings() -> Vec<String> {
        const CHARS: [char; 18] = [
            '0', '1', '9', 'a', 'f', 'g', 'A', 'F', 'Z', '.', ':', '_', '+', ' ', '\n', 'é', '9',
            '👋',
        ];
        let mut next = crate::runtime::numbers(0x2545_f491_4f6c_dd1d);
        let mut all = vec![String::new(), "٣".into(), "\u{7f}".into(), "\u{80}".into()];
        for _ in 0..3000 {
            all.push((0..next(6)).map(|_| CHARS[next(CHARS.len())]).collect());
        }
        all
    }

    /// Each byte test matches the strings the regex engine matches with its source.
    #[test]
    fn byte_tests_match_as_regex_does() {
        let patterns = [
            Pattern::first("^[1-9]", &[(b'1', b'9')], false),
            Pattern::first("^[^1-9]", &[(b'1', b'9')], true),
            Pattern::first("^[A-Fa]", &[(b'A', b'F'), (b'a', b'a')], false),
            Pattern::any("[.:]", &[(b'.', b'.'), (b':', b':')], false),
            Pattern::any("[^0-9]", &[(b'0', b'9')], true),
            Pattern::any(
                "[^0-9A-Fa-f.:]",
                &[
                    (b'0', b'9'),
                    (b'A', b'F'),
                    (b'a', b'f'),
                    (b'.', b'.'),
                    (b':', b':'),
                ],
                true,
            ),
            Pattern::any(
                "[^a-z0-9_]",
                &[(b'a', b'z'), (b'0', b'9'), (b'_', b'_')],
                true,
            ),
        ];
        let strings = strings();
        for pattern in &patterns {
            let re = Regex::new(pattern.as_str()).expect("compiles");
            for s in &strings {
                assert_eq!(pattern.is_match(s), re.is_match(s), "{pattern:?} on {s:?}");
            }
        }
    }

    #[test]
    fn a_regex_is_compiled_on_first_use() {
        static HTTPS: Pattern =
            Pattern::regex("^https?://", || Regex::new("^https?://").expect("compiles"));
        assert!(HTTPS.is_match("https://example.com"));
        assert!(!HTTPS.is_match("ftp://example.com"));
        assert_eq!(HTTPS.as_str(), "^https?://");
    }
}
