//! Where a union's tag is in a body, found before the body is decoded.
//!
//! A sender that sorts its keys puts `event_id` after `data`. Read in one
//! pass, the reports would have to be kept as text until the tag says which
//! variant they belong to, and then parsed again (see [`union`](super::union)).
//! A scan that only steps over strings and brackets finds the tag first, in
//! a fraction of a parse; the variant then reads the body in one pass.
//!
//! The scan reads members from the front until one holds an object or an
//! array, then from the back: a body that names the tag before its reports
//! (the docs' order) or after them (sorted keys) costs a few members' scan,
//! not the reports'. It trusts nothing it finds: it answers only for a
//! top-level object whose keys it passed hold no escapes (one could spell
//! the tag), and the decode that follows reads the whole body as JSON and
//! refuses a second copy of the tag. Read from the back, a text that is not
//! JSON may give an answer the front would not; that decode then fails all
//! the same. On anything else it answers `None` and the one-pass reading
//! decides, as before.

/// The text of the value of a top-level member `key` in the JSON object
/// `bytes` (the first from the front or the last from the back: the decode
/// refuses a body that names it twice); `None` when they are not an object
/// that names `key`, or a key passed holds an escape (it could spell
/// `key`), or the scan meets what JSON does not allow.
pub(super) fn find_tag<'t>(bytes: &'t [u8], key: &str) -> Option<&'t [u8]> {
    let key = key.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        return None;
    }
    loop {
        let member = at;
        let (name, start) = member_key(bytes, at)?;
        if name != key && matches!(bytes.get(start), Some(b'{' | b'[')) {
            // The reports: the rest is read from the back, down to this member.
            return find_tag_from_back(bytes, key, member);
        }
        let end = value_end(bytes, start)?;
        if name == key {
            return bytes.get(start..end);
        }
        at = skip_space(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_space(bytes, at + 1),
            _ => return None,
        }
    }
}

/// The key of the member that starts at `at` (without its quotes, when it
/// holds no escape) and where its value starts.
fn member_key(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let end = string_end(bytes, at)?;
    let name = plain(bytes.get(at + 1..end - 1)?)?;
    let colon = skip_space(bytes, end);
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    Some((name, skip_space(bytes, colon + 1)))
}

/// `name` when it holds no escape.
fn plain(name: &[u8]) -> Option<&[u8]> {
    (!name.contains(&b'\\')).then_some(name)
}

/// [`find_tag`] for the members after the one at `stop`, last first.
fn find_tag_from_back<'t>(bytes: &'t [u8], key: &[u8], stop: usize) -> Option<&'t [u8]> {
    let mut end = skip_space_back(bytes, bytes.len());
    if end == 0 || bytes[end - 1] != b'}' {
        return None;
    }
    end = skip_space_back(bytes, end - 1);
    loop {
        let start = value_start(bytes, end)?;
        let colon = skip_space_back(bytes, start);
        if colon == 0 || bytes[colon - 1] != b':' {
            return None;
        }
        let close = skip_space_back(bytes, colon - 1).checked_sub(1)?;
        if bytes[close] != b'"' {
            return None;
        }
        let open = string_start(bytes, close)?;
        if open <= stop {
            // The member the front stopped at: not the tag.
            return None;
        }
        let name = plain(&bytes[open + 1..close])?;
        if name == key {
            return bytes.get(start..end);
        }
        let comma = skip_space_back(bytes, open);
        if comma == 0 || bytes[comma - 1] != b',' {
            return None;
        }
        end = skip_space_back(bytes, comma - 1);
    }
}

/// JSON's whitespace (not `u8::is_ascii_whitespace`, which adds form feed).
fn is_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The first byte at or after `at` that is not JSON whitespace.
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(is_space) {
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
                .position(|b| matches!(b, b',' | b'}' | b']') || is_space(b))
                .unwrap_or(rest.len());
            (len > 0).then_some(at + len)
        }
    }
}

/// Just past the last byte before `end` that is not JSON whitespace.
fn skip_space_back(bytes: &[u8], mut end: usize) -> usize {
    while end > 0 && is_space(&bytes[end - 1]) {
        end -= 1;
    }
    end
}

/// The opening quote of the string literal that closes at `close`: the
/// quote before it that no backslash escapes (in JSON no backslash stands
/// outside a string, so an even run of them before a quote escapes none).
fn string_start(bytes: &[u8], close: usize) -> Option<usize> {
    let mut i = close;
    loop {
        i = bytes.get(..i)?.iter().rposition(|&b| b == b'"')?;
        let run = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
        if run % 2 == 0 {
            return Some(i);
        }
    }
}

/// Where the value that ends just before `end` starts.
fn value_start(bytes: &[u8], end: usize) -> Option<usize> {
    let last = end.checked_sub(1)?;
    match bytes[last] {
        b'"' => string_start(bytes, last),
        b'}' | b']' => {
            let mut depth = 0usize;
            let mut i = last;
            loop {
                match bytes[i] {
                    b'"' => i = string_start(bytes, i)?,
                    b'}' | b']' => depth += 1,
                    b'{' | b'[' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i);
                        }
                    }
                    _ => {}
                }
                i = i.checked_sub(1)?;
            }
        }
        // A number, `true`, `false` or `null`: back over the bytes they use.
        _ => {
            let len = bytes[..end]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
                .count();
            (len > 0).then_some(end - len)
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
        // A copy from the front, or from the back after the reports (the
        // decode refuses a body with a second one).
        assert_eq!(found(r#"{"event_id":1,"event_id":2}"#), Some("1"));
        assert_eq!(found(r#"{"data":[],"event_id":1,"event_id":2}"#), Some("2"));
        // A key with an escape read from the back; no tag after the reports.
        assert_eq!(found(r#"{"data":[],"event_id":1,"a\"b":2}"#), None);
        assert_eq!(found(r#"{"a":1,"data":[{"event_id":1}],"b":2}"#), None);
        // The tag nested, not at the top.
        assert_eq!(found(r#"{"data":{"event_id":1}}"#), None);
        assert_eq!(found(r#"[{"event_id":1}]"#), None);
        // Cut short or broken.
        for text in [
            r#"{"event_id":"1"#,
            r#"{"data":[1,2,"event_id":1}"#.trim_end_matches('}'),
            r#"{"data":[],"event_id" 1}"#,
            r#"{"data":[],"event_id":}"#,
            r#"{"data":[],"event_id":"1}"#,
            r#"{"event_id" 1}"#,
            r#"{"event_id":}"#,
            r#"{"a":1 "event_id":1}"#,
            r#"{"a":"\"#,
            "",
            "{",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
        // Read from the back, a text that is not JSON may still give an
        // answer; the decode that follows refuses the text all the same.
        for broken in [
            r#"{"data":[1,2,"event_id":1}"#,
            r#"{"data":[]"event_id":1}"#,
        ] {
            assert_eq!(found(broken), Some("1"));
            assert!(serde_json::from_str::<serde_json::Value>(broken).is_err());
        }
    }

    #[test]
    fn finds_the_tag_after_the_reports_from_the_back() {
        let found = |text: &'static str| {
            find_tag(text.as_bytes(), "event_id").map(|v| std::str::from_utf8(v).expect("UTF-8"))
        };
        assert_eq!(
            found(r#"{"data":[{"a":"]\"}[{"}],"event_id":1,"project_id":"3526"}"#),
            Some("1")
        );
        assert_eq!(
            found(r#"{"data":[],"x":{"y":"\\"},"event_id":[1,{"z":"}\\\""}]}"#),
            Some(r#"[1,{"z":"}\\\""}]"#)
        );
        assert_eq!(
            found(" { \"data\" : [ ] , \"event_id\"\t:\n\"a\\\"b\" , \"n\" : -2e5 } \n"),
            Some(r#""a\"b""#)
        );
    }

    /// Any bytes, mostly the ones JSON's structure is made of: the scan
    /// answers without panicking, and an answer is a slice of the input.
    #[test]
    fn any_bytes_are_scanned_without_panicking() {
        const BYTES: &[u8] = b"{}[]\":,\\ a1e-.\n";
        let mut next = crate::runtime::numbers(0x2f6b_3a91_c5d7_0e48);
        let mut answered = 0;
        for round in 0..50_000 {
            let len = next(24);
            let mut text: Vec<u8> = (0..len).map(|_| BYTES[next(BYTES.len())]).collect();
            // Often a body that opens as one does, so the scan goes deeper.
            if round % 2 == 0 {
                text.splice(0..0, *b"{\"data\":[");
                text.extend_from_slice(b",\"event_id\":1}");
            }
            if let Some(found) = find_tag(&text, "event_id") {
                let range = text.as_ptr_range();
                assert!(range.contains(&found.as_ptr()) || found.is_empty());
                answered += 1;
            }
        }
        assert!(answered > 100, "{answered} answers");
    }

    /// Objects of random members (strings with escaped quotes, backslashes
    /// and brackets; nested values; spaces), the tag once among them: the
    /// scan finds exactly the value a parse finds.
    #[test]
    fn finds_what_a_parse_finds_in_any_order() {
        use serde_json::{json, Value};
        let mut next = crate::runtime::numbers(0x51_7cc1_b727_220a);
        let mut value = |depth: usize| -> Value {
            const TEXTS: [&str; 6] = ["", "a\"b", "\\", "}]{[", "\\\"", "é\n,:"];
            match next(if depth > 2 { 4 } else { 6 }) {
                0 => json!(TEXTS[next(TEXTS.len())]),
                1 => json!(next(1000) as i64 - 500),
                2 => json!(null),
                3 => json!(1.5e-3),
                4 => json!([TEXTS[next(TEXTS.len())], {"event_id": [2, "}"]}]),
                _ => json!({"k\"}": TEXTS[next(TEXTS.len())], "event_id": {"n": []}}),
            }
        };
        let mut checked = 0;
        for round in 0..3000 {
            let mut members: Vec<(String, Value)> = (0..(round % 5))
                .map(|i| (format!("m{i}"), value(round % 4)))
                .collect();
            let tag = value(0);
            members.insert(
                round % (members.len() + 1),
                ("event_id".into(), tag.clone()),
            );
            let space = [" ", "", "\n\t ", ""][round % 4];
            let body = members
                .iter()
                .map(|(k, v)| format!("{space}{}{space}:{space}{v}", json!(k)))
                .collect::<Vec<_>>()
                .join(",");
            let body = format!("{{{body}{space}}}");
            let parsed: Value = serde_json::from_str(&body).expect("JSON");
            let text = find_tag(body.as_bytes(), "event_id")
                .unwrap_or_else(|| panic!("no tag found in {body}"));
            let text = std::str::from_utf8(text).expect("UTF-8");
            assert_eq!(
                serde_json::from_str::<Value>(text).ok(),
                Some(tag),
                "{body}"
            );
            assert_eq!(
                parsed["event_id"],
                serde_json::from_str::<Value>(text).expect("JSON")
            );
            checked += 1;
        }
        assert_eq!(checked, 3000);
    }
}
