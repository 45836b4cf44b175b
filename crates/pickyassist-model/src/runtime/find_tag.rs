//! Where a union's tag is in a body, found before the body is decoded.
//!
//! A sender that sorts its keys puts `event_id` after `data`. Read in one
//! pass, the reports would have to be kept as text until the tag says which
//! variant they belong to, and then parsed again (see [`union`](super::union)).
//! A scan that only steps over strings and brackets finds the tag first, in
//! a fraction of a parse; the variant then reads the body in one pass.
//!
//! The scan stops at the tag, so a body that names it first costs a few
//! bytes' scan. It trusts nothing it finds: it answers only for a top-level
//! object whose keys before the tag hold no escapes (one could spell the
//! tag), and the decode that follows reads the whole body as JSON and
//! refuses a second copy of the tag. On anything else it answers `None` and
//! the one-pass reading decides, as before.

/// The text of the value of the first top-level member `key` in the JSON
/// object `bytes`; `None` when they are not an object that names `key`, or a
/// key before it holds an escape (it could spell `key`), or the scan meets
/// what JSON does not allow before it.
pub(super) fn find_tag<'t>(bytes: &'t [u8], key: &str) -> Option<&'t [u8]> {
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        return None;
    }
    loop {
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let end = string_end(bytes, at)?;
        let name = bytes.get(at + 1..end - 1)?;
        if name.contains(&b'\\') {
            return None;
        }
        at = skip_space(bytes, end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let start = skip_space(bytes, at + 1);
        let end = value_end(bytes, start)?;
        if name == key.as_bytes() {
            return bytes.get(start..end);
        }
        at = skip_space(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_space(bytes, at + 1),
            _ => return None,
        }
    }
}

/// The first byte at or after `at` that is not JSON whitespace.
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// Just past the closing quote of the string literal that opens at `at`
/// (escapes stepped over); `None` when `bytes` end inside it. (Byte by
/// byte: the strings of a webhook are short, and neither `memchr` nor eight
/// bytes at a time took fewer instructions on them.) The client crate's
/// scans of answers use it too.
pub fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            // An escape: the next byte is part of it (`\"`, `\\`).
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// Just past the value that starts at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        // A number, `true`, `false` or `null`: up to what ends a value.
        _ => {
            let rest = bytes.get(at..)?;
            let len = rest
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            (len > 0).then_some(at + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::find_tag;

    #[test]
    fn finds_the_tag_wherever_it_is() {
        let found = |text: &'static str| {
            find_tag(text.as_bytes(), "event_id").map(|v| std::str::from_utf8(v).expect("UTF-8"))
        };
        assert_eq!(found(r#"{"event_id":1,"data":[]}"#), Some("1"));
        assert_eq!(
            found(r#"{"data":[{"a":"}{\"]","b":[1,{"c":null}]}],"event_id":"2","x":3}"#),
            Some(r#""2""#)
        );
        assert_eq!(
            found(" {\n \"data\" : [ ] ,\t\"event_id\" : { \"n\" : [1] } } "),
            Some(r#"{ "n" : [1] }"#)
        );
        assert_eq!(found(r#"{"a":"\\","event_id":-1.5e3}"#), Some("-1.5e3"));
        assert_eq!(
            found(r#"{"a":"x\"event_id\":9","event_id":null}"#),
            Some("null")
        );
    }

    #[test]
    fn steps_over_long_strings_with_escapes_anywhere() {
        let mut checked = 0;
        for len in 0..40 {
            for escape in 0..len {
                let mut text: Vec<u8> = vec![b'a'; len];
                text[escape] = b'\\';
                if escape + 1 < len {
                    text[escape + 1] = b'"';
                }
                let body = format!(
                    r#"{{"data":"{}\\\"x","event_id":7}}"#,
                    String::from_utf8(text).expect("ASCII")
                );
                let value: serde_json::Value = match serde_json::from_str(&body) {
                    Ok(value) => value,
                    Err(_) => continue,
                };
                let found = find_tag(body.as_bytes(), "event_id");
                assert_eq!(found, Some(&b"7"[..]), "{body}");
                assert_eq!(value["event_id"], 7);
                checked += 1;
            }
        }
        assert!(checked > 300, "{checked} bodies");
    }

    #[test]
    fn answers_nothing_it_cannot_vouch_for() {
        let found = |text: &'static str| {
            find_tag(text.as_bytes(), "event_id").map(|v| std::str::from_utf8(v).expect("UTF-8"))
        };
        // No tag, a tag written with an escape, a key with an escape before it.
        assert_eq!(found(r#"{"data":[]}"#), None);
        assert_eq!(found(r#"{}"#), None);
        assert_eq!(found(r#"{"ev\u0065nt_id":1}"#), None);
        assert_eq!(found(r#"{"a\"b":1,"event_id":1}"#), None);
        // The first copy (the decode refuses a second one).
        assert_eq!(found(r#"{"event_id":1,"event_id":2}"#), Some("1"));
        // The tag nested, not at the top.
        assert_eq!(found(r#"{"data":{"event_id":1}}"#), None);
        assert_eq!(found(r#"[{"event_id":1}]"#), None);
        // Cut short or broken.
        for text in [
            r#"{"event_id":"1"#,
            r#"{"data":[1,2,"event_id":1}"#,
            r#"{"event_id" 1}"#,
            r#"{"event_id":}"#,
            r#"{"a":1 "event_id":1}"#,
            r#"{"a":"\"#,
            "",
            "{",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }
}
