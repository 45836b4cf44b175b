//! A `pattern`'s static: the form the runtime tests it in (see the model's
//! `runtime/pattern.rs`). A pattern that is one class of ASCII characters,
//! searched for anywhere (`[^0-9]`) or at the start (`^[1-9]`), is tested on
//! the bytes; any other is a regular expression.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// How a pattern is tested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternTest {
    /// One character class over ASCII byte ranges.
    Class {
        /// `^[…]`: the first character; else any character.
        anchored: bool,
        /// `[^…]`.
        negated: bool,
        /// Inclusive byte ranges.
        ranges: Vec<(u8, u8)>,
    },
    /// Anything else.
    Regex,
}

/// Characters a class may hold as they are: none has a meaning inside a
/// class for `regex-lite` (not `\`, `[`, `]`, `^`, `-`, `&`, `~`).
fn is_plain(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"._:,;/@#%+=!'\"<>?*(){}$| ".contains(&c)
}

/// The test of `pattern`.
pub fn classify(pattern: &str) -> PatternTest {
    let (anchored, rest) = match pattern.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    let Some(body) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return PatternTest::Regex;
    };
    let (negated, body) = match body.strip_prefix('^') {
        Some(body) => (true, body),
        None => (false, body),
    };
    let bytes = body.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let lo = bytes[i];
        if !is_plain(lo) {
            return PatternTest::Regex;
        }
        // `a-z`, between two letters or two digits only.
        if bytes.get(i + 1) == Some(&b'-') {
            let Some(&hi) = bytes.get(i + 2) else {
                return PatternTest::Regex;
            };
            let alike = (lo.is_ascii_digit() && hi.is_ascii_digit())
                || (lo.is_ascii_lowercase() && hi.is_ascii_lowercase())
                || (lo.is_ascii_uppercase() && hi.is_ascii_uppercase());
            if !alike || lo > hi {
                return PatternTest::Regex;
            }
            ranges.push((lo, hi));
            i += 3;
        } else {
            ranges.push((lo, lo));
            i += 1;
        }
    }
    if ranges.is_empty() {
        return PatternTest::Regex;
    }
    PatternTest::Class {
        anchored,
        negated,
        ranges,
    }
}

/// The static `PATTERN_{index}` holding `pattern`.
pub fn pattern_static(index: usize, pattern: &str) -> TokenStream {
    let name = format_ident!("PATTERN_{}", index);
    let value = match classify(pattern) {
        PatternTest::Class {
            anchored,
            negated,
            ranges,
        } => {
            let make = if anchored {
                quote! { first }
            } else {
                quote! { any }
            };
            let ranges = ranges.iter().map(|&(lo, hi)| {
                let (lo, hi) = (
                    proc_macro2::Literal::byte_character(lo),
                    proc_macro2::Literal::byte_character(hi),
                );
                quote! { (#lo, #hi) }
            });
            quote! { rt::Pattern::#make(#pattern, &[#(#ranges),*], #negated) }
        }
        PatternTest::Regex => quote! {
            rt::Pattern::regex(#pattern, || regex_lite::Regex::new(#pattern).expect("compiled by the generator"))
        },
    };
    quote! { static #name: rt::Pattern = #value; }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(anchored: bool, negated: bool, ranges: &[(u8, u8)]) -> PatternTest {
        PatternTest::Class {
            anchored,
            negated,
            ranges: ranges.to_vec(),
        }
    }

    #[test]
    fn one_ascii_class_is_tested_on_bytes() {
        assert_eq!(classify("^[1-9]"), class(true, false, &[(b'1', b'9')]));
        assert_eq!(classify("[^0-9]"), class(false, true, &[(b'0', b'9')]));
        assert_eq!(
            classify("[.:]"),
            class(false, false, &[(b'.', b'.'), (b':', b':')])
        );
        assert_eq!(
            classify("[^a-z0-9_]"),
            class(false, true, &[(b'a', b'z'), (b'0', b'9'), (b'_', b'_')])
        );
    }

    /// The byte test the runtime makes of a class (`Pattern::is_match`).
    fn byte_test(test: &PatternTest, s: &str) -> bool {
        let PatternTest::Class {
            anchored,
            negated,
            ranges,
        } = test
        else {
            unreachable!("a class")
        };
        let within = |b: u8| ranges.iter().any(|&(lo, hi)| lo <= b && b <= hi);
        if *anchored {
            s.as_bytes().first().is_some_and(|&b| within(b) != *negated)
        } else {
            s.bytes().any(|b| within(b) != *negated)
        }
    }

    /// Each pattern tested on bytes matches the strings `regex-lite` matches.
    #[test]
    fn byte_tests_agree_with_regex() {
        const CHARS: [char; 16] = [
            '0', '5', '9', 'a', 'f', 'z', 'A', 'Z', '.', ':', '_', ' ', '\n', 'é', '٣', '👋',
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let strings: Vec<String> = (0..2000)
            .map(|_| (0..next(6)).map(|_| CHARS[next(CHARS.len())]).collect())
            .collect();
        for pattern in [
            "^[1-9]",
            "^[^1-9]",
            "[^0-9]",
            "[.:]",
            "[^0-9A-Fa-f.:]",
            "[^A-Za-z0-9]",
            "[^a-z0-9_]",
            "^[a-f_ ]",
        ] {
            let test = classify(pattern);
            let re = regex_lite::Regex::new(pattern).expect("compiles");
            for s in &strings {
                assert_eq!(byte_test(&test, s), re.is_match(s), "{pattern} on {s:?}");
            }
        }
    }

    #[test]
    fn anything_else_is_a_regex() {
        for pattern in [
            "[^0-9]|^0[0-9]",
            "^[A-Z][A-Z]",
            "^https?://",
            "[{][{][0-9]+[}][}]",
            "[a-]",
            "[-a]",
            "[z-a]",
            "[0-z]",
            "[\\d]",
            "[[:alpha:]]",
            "[a&&b]",
            "[a~~b]",
            "[]",
            "[^]",
            "[é]",
            "[0-9]$",
            "^[0-9]+",
            "[0-9]*",
            "(?i)[a-z]",
            "",
        ] {
            assert_eq!(classify(pattern), PatternTest::Regex, "{pattern}");
        }
    }
}
