//! What an error may quote of an answer: its shape and the server's own
//! words, never a phone number or a message text it echoes.
//!
//! A gateway's error page or a truncated answer can echo the request
//! (recipients' numbers, message texts). An excerpt keeps JSON keys, the
//! server's top-level status and message, ids and short numbers; every other
//! string value becomes `"…"` and every run of 5 or more digits outside an id
//! (in a key too) becomes `#…`. Text that is not JSON keeps everything but those digit runs.
//! Strings and numbers are delimited as `lenient::quote_huge_numbers` does it.

use crate::lenient::{number_len, string_len};

/// Keys whose values are the server's own words, kept in a top-level member
/// (digit runs are still hidden). `status` and `error_code` are [`IDS`].
const SERVER_WORDS: [&str; 5] = ["message", "error", "code", "title", "detail"];
/// Keys whose values are ids or codes, kept whole wherever they are.
const IDS: [&str; 7] = [
    "push_id",
    "msg_id",
    "project_id",
    "template_id",
    "group_id",
    "status",
    "error_code",
];
/// Shortest run of digits that could be a phone number (`PhoneNumber::MIN_DIGITS`).
const PHONE_DIGITS: usize = 5;

/// `text` (the start of a body, perhaps cut anywhere) without personal data.
pub(crate) fn hide_personal(text: &str) -> String {
    if text.trim_start().starts_with(['{', '[']) {
        hide_in_json(text)
    } else {
        hide_digit_runs(text)
    }
}

/// Every run of [`PHONE_DIGITS`] or more ASCII digits replaced by `#…`.
pub(crate) fn hide_digit_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        out.push_str(if end >= PHONE_DIGITS {
            "#…"
        } else {
            &rest[..end]
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A decoder error without the values it quotes: serde quotes an offending
/// value as `"…"` or in backticks, so only the part before the first quote
/// (which names types, keys and the place) is kept.
pub(crate) fn shape_only(e: &serde_json::Error) -> String {
    shape_of(e.to_string())
}

/// [`shape_only`] of a decoder's message already written out.
pub(crate) fn shape_of(text: String) -> String {
    match text.find(['"', '`']) {
        Some(i) => format!("{}…", text[..i].trim_end()),
        None => text,
    }
}

/// Where a scanner of (possibly truncated) JSON stands.
struct Frame {
    object: bool,
    /// The key whose value comes next (objects only).
    key: Option<String>,
    /// Whether the next string is a key.
    expect_key: bool,
}

fn hide_in_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            '"' => {
                let (literal, after) = rest.split_at(string_len(rest.as_bytes()));
                rest = after;
                let content = &literal[1..];
                match stack.last_mut() {
                    Some(frame) if frame.object && frame.expect_key => {
                        frame.key = Some(content.trim_end_matches('"').to_owned());
                        // A key can be a recipient's number too.
                        out.push_str(&hide_digit_runs(literal));
                        continue;
                    }
                    _ => {}
                }
                let (key, depth) = context(&stack);
                if key.is_some_and(|k| IDS.contains(&k)) {
                    out.push_str(literal);
                } else if depth == 1 && key.is_some_and(|k| SERVER_WORDS.contains(&k)) {
                    out.push_str(&hide_digit_runs(literal));
                } else {
                    out.push_str("\"…\"");
                }
                continue;
            }
            '-' | '0'..='9' => {
                let (number, after) = rest.split_at(number_len(rest.as_bytes()));
                rest = after;
                let (key, _) = context(&stack);
                let digits = number.bytes().filter(u8::is_ascii_digit).count();
                if digits < PHONE_DIGITS || key.is_some_and(|k| IDS.contains(&k)) {
                    out.push_str(number);
                } else {
                    out.push_str("#…");
                }
                continue;
            }
            '{' | '[' => stack.push(Frame {
                object: c == '{',
                key: None,
                expect_key: c == '{',
            }),
            '}' | ']' => {
                stack.pop();
            }
            ':' => {
                if let Some(frame) = stack.last_mut() {
                    frame.expect_key = false;
                }
            }
            ',' => {
                if let Some(frame) = stack.last_mut() {
                    frame.expect_key = frame.object;
                    frame.key = None;
                }
            }
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The key the next value belongs to, and how deep it is (1: the top object).
fn context(stack: &[Frame]) -> (Option<&str>, usize) {
    let key = stack.last().and_then(|f| f.key.as_deref());
    (key, stack.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_answer_keeps_its_shape_ids_and_words_only() {
        let body = r#"{"status":100,"message":"Sent to 919846012345","push_id":"7478630","data":[{"msg_id":"98442","number":"919846012345","message":"Dear Anita, order 4471","count":3,"n":919846012345},{"number":"9198"#;
        assert_eq!(
            hide_personal(body),
            r#"{"status":100,"message":"Sent to #…","push_id":"7478630","data":[{"msg_id":"98442","number":"…","message":"…","count":3,"n":#…},{"number":"…""#
        );
    }

    #[test]
    fn a_number_as_a_key_is_hidden_too() {
        let body = r#"{"status":406,"invalid":{"919846012345":"not on WhatsApp","ok":1}}"#;
        assert_eq!(
            hide_personal(body),
            r##"{"status":406,"invalid":{"#…":"…","ok":1}}"##
        );
    }

    #[test]
    fn escaped_quotes_and_nested_keys_do_not_confuse_it() {
        let body =
            r#"{"error":"bad \"x\"","data":{"status":"ok","text":"a \" b"},"list":["Dear Anita"]}"#;
        assert_eq!(
            hide_personal(body),
            r#"{"error":"bad \"x\"","data":{"status":"ok","text":"…"},"list":["…"]}"#
        );
    }

    #[test]
    fn other_text_loses_its_digit_runs_only() {
        assert_eq!(
            hide_personal("<h1>502</h1> call +91 98460 12345 or 919846012345"),
            "<h1>502</h1> call +91 #… #… or #…"
        );
        assert_eq!(
            hide_personal("Service Temporarily Unavailable"),
            "Service Temporarily Unavailable"
        );
    }
}
