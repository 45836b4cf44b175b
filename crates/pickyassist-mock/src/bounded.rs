//! Text built from what an outsider sent, cut to a fixed size: a push with a
//! million broken items gets a short refusal and a short log line.

use pickyassist_model::ValidationErrors;
use std::fmt::Write as _;

/// Broken rules quoted in a refusal's message.
pub(crate) const REASONS_IN_ANSWER: usize = 5;
/// Broken rules named (pointer and keywords) in a log line.
pub(crate) const RULES_IN_LOG: usize = 10;
/// Characters kept of one error message, a path or a URL.
const TEXT: usize = 200;

/// `documented` followed by the first broken rules (pointer, message,
/// keywords) and, past [`REASONS_IN_ANSWER`], how many there are in all.
pub(crate) fn reasons(documented: &str, errors: &ValidationErrors) -> String {
    let mut message = documented.to_owned();
    for (i, e) in errors.iter().take(REASONS_IN_ANSWER).enumerate() {
        message.push_str(if i == 0 { ": " } else { "; " });
        message.push_str(&excerpt(&e.to_string()));
    }
    if errors.len() > REASONS_IN_ANSWER {
        let _ = write!(
            message,
            " (the first {REASONS_IN_ANSWER} of {} errors)",
            errors.len()
        );
    }
    message
}

/// The first broken rules as `pointer [keywords]`, and the total past
/// [`RULES_IN_LOG`]. No messages: they can quote the values sent.
pub(crate) fn rules(errors: &ValidationErrors) -> String {
    let mut line = String::new();
    for (i, e) in errors.iter().take(RULES_IN_LOG).enumerate() {
        if i > 0 {
            line.push_str("; ");
        }
        let keywords: Vec<&str> = e.keywords().collect();
        let _ = write!(
            line,
            "{} [{}]",
            pointer_for_log(&e.pointer),
            keywords.join(", ")
        );
    }
    if errors.len() > RULES_IN_LOG {
        let _ = write!(line, " … ({} in all)", errors.len());
    }
    line
}

/// `text` cut to [`TEXT`] characters, marked with `…` when cut.
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(TEXT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A URL path fit for a log: a segment that could be a number, an id or a
/// secret (six digits or more, or longer than 24 characters) is shown as
/// `…`, and the whole is cut to an excerpt. Every documented path survives.
pub(crate) fn path_for_log(path: &str) -> String {
    hide_segments(path, |segment| {
        let digits = segment.bytes().filter(u8::is_ascii_digit).count();
        digits >= 6 || segment.chars().count() > 24
    })
}

/// An error's pointer fit for a log: a key that could be a phone number or
/// a token (a PHP map keyed by number) is shown as `…`, by the rule the
/// model's messages follow, so every variable's name survives.
pub(crate) fn pointer_for_log(pointer: &str) -> String {
    hide_segments(pointer, pickyassist_model::__private::could_be_personal)
}

/// `path` with every `/`-separated segment that `hide` picks shown as `…`,
/// cut to an excerpt.
fn hide_segments(path: &str, hide: impl Fn(&str) -> bool) -> String {
    let segments: Vec<&str> = path
        .split('/')
        .map(|segment| if hide(segment) { "…" } else { segment })
        .collect();
    excerpt(&segments.join("/"))
}

/// A webhook URL fit for a log: scheme, host and path (see [`path_for_log`]),
/// without the query (where a webhook secret usually is) or a user name and
/// password.
pub(crate) fn url_for_log(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => excerpt(&format!(
            "{}://{}{}",
            u.scheme(),
            u.host_str().map_or(String::new(), |h| match u.port() {
                Some(port) => format!("{h}:{port}"),
                None => h.to_owned(),
            }),
            path_for_log(u.path())
        )),
        Err(_) => "(not a URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pickyassist_model::{validate_json, PushRequest};

    fn errors(body: &str) -> ValidationErrors {
        validate_json::<PushRequest>(body.as_bytes()).expect_err("invalid")
    }

    #[test]
    fn many_errors_make_a_short_message_and_log_line() {
        let items = vec![r#"{"number":"+1"}"#; 5000].join(",");
        let many = errors(&format!(
            r#"{{"token":"t","application":1,"globalmessage":"hi","data":[{items}]}}"#
        ));
        assert!(many.len() >= 5000);
        let message = reasons("Invalid Mobile Number", &many);
        assert!(
            message.starts_with("Invalid Mobile Number: /data/0/number: "),
            "{message}"
        );
        assert!(message.ends_with(&format!("(the first 5 of {} errors)", many.len())));
        assert!(message.len() < 2000, "{}", message.len());
        let line = rules(&many);
        assert!(
            line.starts_with("/data/0/number [minLength, pattern"),
            "{line}"
        );
        assert!(
            line.ends_with(&format!("({} in all)", many.len())),
            "{line}"
        );
        assert!(!line.contains("+1"), "no values in the log: {line}");
        // Keys that are phone numbers or tokens (a PHP map keyed by number).
        let keyed = errors(
            r#"{"token":"t","application":1,"globalmessage":"hi","data":[{"919812345678":"hi","number":"919000000001"}],"3e09daea611a26691ead999715b215c7d81dbfb0":1}"#,
        );
        let line = rules(&keyed);
        assert!(line.contains("/data/0/… [additionalProperties]"), "{line}");
        assert!(
            !line.contains("919812345678") && !line.contains("3e09daea"),
            "{line}"
        );
        // A variable's name survives, the longest (25 characters) included.
        let long_name = errors(
            r#"{"token":"t","application":1,"globalmessage":"hi","data":[{"number":"919000000001"}],"interactive_globalbuttons":"x"}"#,
        );
        let line = rules(&long_name);
        assert!(line.contains("/interactive_globalbuttons ["), "{line}");
    }

    #[test]
    fn a_logged_path_keeps_the_documented_segments_and_hides_numbers_and_secrets() {
        assert_eq!(
            path_for_log("/api/v2/two-step-verification"),
            "/api/v2/two-step-verification"
        );
        assert_eq!(path_for_log("/v2/push/919000000001/"), "/v2/push/…/");
        assert_eq!(
            path_for_log("/hook/Zx8fK2LqPw9vT3mN7rB4cY6h"),
            "/hook/…",
            "a long token-like segment"
        );
        assert_eq!(
            url_for_log("http://user:pw@127.0.0.1:8080/hook/Zx8fK2LqPw9vT3mN7rB4cY6h?key=s"),
            "http://127.0.0.1:8080/hook/…"
        );
    }

    #[test]
    fn one_error_is_quoted_whole() {
        let one = errors(
            r#"{"token":"t","application":1,"globalmessage":"hi","data":[{"number":"919000000001"}],"priority ":1}"#,
        );
        assert_eq!(
            reasons("Invalid Request", &one),
            "Invalid Request: /priority : unknown variable \"priority \" in PushRequest; did you mean \"priority\"? [additionalProperties]"
        );
    }

    #[test]
    fn texts_and_urls_are_cut_and_redacted() {
        let long = "é".repeat(500);
        assert_eq!(excerpt(&long).chars().count(), TEXT + 1);
        assert_eq!(
            url_for_log("http://user:pw@127.0.0.1:3000/hook?key=secret"),
            "http://127.0.0.1:3000/hook"
        );
        assert_eq!(url_for_log("not a url"), "(not a URL)");
    }
}
