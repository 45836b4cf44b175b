//! JSON pointer segments (RFC 6901): the one place `~` and `/` are escaped.

/// A key as a pointer segment: `~` → `~0`, `/` → `~1`.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A pointer segment as the key it names (`~1` before `~0`, as the RFC says).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips_the_two_escaped_characters() {
        for key in ["a/b", "a~b", "~1", "/~0/", "plain"] {
            assert_eq!(super::unescape(&super::escape(key)), key);
        }
        assert_eq!(super::escape("a~/b"), "a~0~1b");
        assert_eq!(super::unescape("~01"), "~1");
    }
}
