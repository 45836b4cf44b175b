//! Behaviours and waits written as text, for the command line
//! (`pickyassist mock --behavior "refuse 403 Insufficient balance"`,
//! `--script FILE`, `--webhook-retries 1m,15m,2h,6h`).

use crate::Behavior;
use std::str::FromStr;
use std::time::Duration;

/// A behaviour, a script line or a duration that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// The first word names no behaviour.
    #[error("unknown behaviour {0:?} (one of: answer, refuse, http, html, malformed, redirect, slow, hang-up, oversized)")]
    UnknownBehavior(String),
    /// A behaviour's arguments are missing or wrong.
    #[error("{behavior}: {problem} (write it as `{usage}`)")]
    BadArguments {
        /// The behaviour's name.
        behavior: &'static str,
        /// What is wrong.
        problem: String,
        /// How it is written.
        usage: &'static str,
    },
    /// Not a duration such as `500ms`, `5s`, `1m`, `2h`.
    #[error("{0:?} is not a duration (a whole number with ms, s, m or h: 500ms, 5s, 1m, 2h)")]
    Duration(String),
    /// A line of a script, with its number (from 1).
    #[error("line {line}: {error}")]
    Line {
        /// Line number, from 1.
        line: usize,
        /// What is wrong with it.
        error: Box<ScriptError>,
    },
}

/// Reads a duration: a whole number and a unit, `ms`, `s`, `m` or `h`
/// (`500ms`, `5s`, `1m`, `2h`).
pub fn parse_duration(text: &str) -> Result<Duration, ScriptError> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let bad = || ScriptError::Duration(text.to_owned());
    let n: u64 = number.parse().map_err(|_| bad())?;
    let seconds = |factor: u64| {
        n.checked_mul(factor)
            .map(Duration::from_secs)
            .ok_or_else(bad)
    };
    match unit {
        "ms" => Ok(Duration::from_millis(n)),
        "s" => seconds(1),
        "m" => seconds(60),
        "h" => seconds(3600),
        _ => Err(bad()),
    }
}

/// Reads a script: one behaviour per line, for one request each, in order
/// (blank lines and comments skipped). A comment is a `#` word: a `#` at the
/// start of a line or after a space, followed by a space or the line's end,
/// so that `refuse 403 Order #12` and `redirect 307 http://x/#top` keep theirs.
pub fn parse_script(text: &str) -> Result<Vec<Behavior>, ScriptError> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, without_comment(line).trim()))
        .filter(|(_, line)| !line.is_empty())
        .map(|(line, text)| {
            text.parse().map_err(|e| ScriptError::Line {
                line,
                error: Box::new(e),
            })
        })
        .collect()
}

/// `line` up to its comment, if it has one (see [`parse_script`]).
fn without_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let comment = bytes.iter().enumerate().position(|(i, &b)| {
        b == b'#'
            && (i == 0 || bytes[i - 1].is_ascii_whitespace())
            && bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace)
    });
    comment.map_or(line, |i| &line[..i])
}

/// Reads one behaviour:
///
/// | text | behaviour |
/// |---|---|
/// | `answer` | [`Behavior::Answer`]: as the docs say |
/// | `refuse CODE [MESSAGE…]` | [`Behavior::ApiStatus`]: HTTP 200, `{"status": CODE, "message": MESSAGE}` |
/// | `http STATUS [BODY…]` | [`Behavior::Raw`]: this HTTP status, a plain-text body |
/// | `html STATUS` | [`Behavior::html_page`]: an HTML error page |
/// | `malformed` (or `garbage`) | [`Behavior::malformed_json`]: JSON cut off mid-object |
/// | `redirect STATUS URL` | [`Behavior::Redirect`] |
/// | `slow DURATION` | [`Behavior::Slow`], e.g. `slow 5s` |
/// | `hang-up` | [`Behavior::HangUp`]: close the connection without answering |
/// | `oversized BYTES [chunked]` | [`Behavior::Oversized`] |
impl FromStr for Behavior {
    type Err = ScriptError;

    fn from_str(text: &str) -> Result<Self, ScriptError> {
        let text = text.trim();
        let (name, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let rest = rest.trim();
        let bad = |behavior, problem: &str, usage| ScriptError::BadArguments {
            behavior,
            problem: problem.to_owned(),
            usage,
        };
        let (first, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let tail = tail.trim();
        let status = |behavior, usage, range: std::ops::RangeInclusive<u16>| {
            first
                .parse::<u16>()
                .ok()
                .filter(|s| range.contains(s))
                .ok_or_else(|| {
                    let want = format!("a status from {} to {}", range.start(), range.end());
                    bad(behavior, &want, usage)
                })
        };
        let no_more = |behavior, usage, extra: &str| {
            if extra.is_empty() {
                Ok(())
            } else {
                Err(bad(behavior, &format!("unexpected {extra:?}"), usage))
            }
        };
        match name.to_ascii_lowercase().as_str() {
            "answer" => no_more("answer", "answer", rest).map(|()| Self::Answer),
            "refuse" => {
                const USAGE: &str = "refuse CODE [MESSAGE]";
                let code = first
                    .parse::<u64>()
                    .map_err(|_| bad("refuse", "an API status code such as 403", USAGE))?;
                let message = if tail.is_empty() { "Refused" } else { tail };
                Ok(Self::api_status(code, message))
            }
            "http" => {
                let status = status("http", "http STATUS [BODY]", 100..=599)?;
                let body = if tail.is_empty() {
                    axum::http::StatusCode::from_u16(status)
                        .ok()
                        .and_then(|s| s.canonical_reason())
                        .unwrap_or("")
                        .to_owned()
                } else {
                    tail.to_owned()
                };
                Ok(Self::Raw {
                    status,
                    content_type: "text/plain".into(),
                    body,
                })
            }
            "html" => {
                let status = status("html", "html STATUS", 100..=599)?;
                no_more("html", "html STATUS", tail).map(|()| Self::html_page(status))
            }
            "malformed" | "garbage" => {
                no_more("malformed", "malformed", rest).map(|()| Self::malformed_json())
            }
            "redirect" => {
                const USAGE: &str = "redirect STATUS URL";
                let status = status("redirect", USAGE, 300..=399)?;
                if tail.is_empty() || tail.contains(char::is_whitespace) {
                    return Err(bad("redirect", "one URL", USAGE));
                }
                Ok(Self::redirect(status, tail))
            }
            "slow" => {
                let delay =
                    parse_duration(rest).map_err(|e| bad("slow", &e.to_string(), "slow 5s"))?;
                Ok(Self::Slow(delay))
            }
            "hang-up" | "hangup" => no_more("hang-up", "hang-up", rest).map(|()| Self::HangUp),
            "oversized" => {
                const USAGE: &str = "oversized BYTES [chunked]";
                let bytes = first
                    .parse::<usize>()
                    .map_err(|_| bad("oversized", "a size in bytes", USAGE))?;
                let declare_length = match tail {
                    "" => true,
                    "chunked" => false,
                    other => return Err(bad("oversized", &format!("unexpected {other:?}"), USAGE)),
                };
                Ok(Self::Oversized {
                    bytes,
                    declare_length,
                })
            }
            _ => Err(ScriptError::UnknownBehavior(name.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_behaviour() {
        let read = |text: &str| text.parse::<Behavior>().expect(text);
        assert_eq!(
            read("refuse 403 Insufficient balance"),
            Behavior::api_status(403, "Insufficient balance")
        );
        assert_eq!(read("answer"), Behavior::Answer);
        assert_eq!(
            read("slow 1500ms"),
            Behavior::Slow(Duration::from_millis(1500))
        );
        assert_eq!(read("hang-up"), Behavior::HangUp);
        assert_eq!(read("malformed"), Behavior::malformed_json());
        assert_eq!(read("html 502"), Behavior::html_page(502));
        assert_eq!(
            read("redirect 307 https://elsewhere.example/push"),
            Behavior::redirect(307, "https://elsewhere.example/push")
        );
        assert_eq!(
            read("http 503"),
            Behavior::Raw {
                status: 503,
                content_type: "text/plain".into(),
                body: "Service Unavailable".into()
            }
        );
        assert_eq!(
            read("oversized 9000000 chunked"),
            Behavior::Oversized {
                bytes: 9_000_000,
                declare_length: false
            }
        );
    }

    #[test]
    fn says_what_is_wrong() {
        let error = |text: &str| text.parse::<Behavior>().expect_err(text).to_string();
        assert!(error("refuse").contains("write it as `refuse CODE [MESSAGE]`"));
        assert!(error("explode").starts_with("unknown behaviour \"explode\""));
        assert!(error("redirect 200 x").contains("a status from 300 to 399"));
        assert!(error("slow soon").contains("not a duration"));
        assert!(error("answer now").contains("unexpected \"now\""));
    }

    #[test]
    fn reads_durations_and_scripts() {
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert!(parse_duration("1.5h").is_err());
        assert!(parse_duration("h").is_err());
        let script = "# first request refused\nrefuse 403 Insufficient balance\n\nslow 2s  # then slow\nanswer\n";
        assert_eq!(
            parse_script(script),
            Ok(vec![
                Behavior::api_status(403, "Insufficient balance"),
                Behavior::Slow(Duration::from_secs(2)),
                Behavior::Answer
            ])
        );
        // A `#` inside a word is text, not a comment.
        assert_eq!(
            parse_script("refuse 403 Order #12 # the order\nredirect 307 http://x/#top\n#\n"),
            Ok(vec![
                Behavior::api_status(403, "Order #12"),
                Behavior::redirect(307, "http://x/#top"),
            ])
        );
        assert_eq!(
            parse_script("answer\nrefuse x").map_err(|e| e.to_string()),
            Err("line 2: refuse: an API status code such as 403 (write it as `refuse CODE [MESSAGE]`)".into())
        );
    }
}
