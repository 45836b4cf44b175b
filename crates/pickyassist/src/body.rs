//! Reading answers safely: a size limit, short excerpts, and no token in text.

use crate::mask::hide_personal;
use crate::Error;
use pickyassist_model::Token;

/// The tokens a client holds (its project token, and the master token if
/// set): every text an error keeps has them removed, in every form a server
/// or a proxy may echo them (URL-encoded, JSON-escaped, or a mix: Python's
/// `quote` keeps `/` and encodes `+`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Secrets {
    tokens: Vec<Token>,
    /// The bytes a written token can start with (its first character's
    /// first byte, `%`, `\`, `+` for a space): the only places a match is
    /// tried, so that redacting megabytes of text stays a plain scan.
    starts: Vec<bool>,
}

/// Longest a token's character can be written: `\uD83D\uDE00`, or four
/// UTF-8 bytes percent-encoded.
const LONGEST_WRITTEN_CHAR: usize = 12;

impl Secrets {
    pub(crate) fn new(tokens: impl IntoIterator<Item = Token>) -> Self {
        let mut tokens: Vec<Token> = tokens.into_iter().filter(|t| !t.is_empty()).collect();
        // Longest first, so that no token is cut by a shorter one inside it.
        tokens.sort_by_key(|t| std::cmp::Reverse(t.expose().len()));
        let mut starts = vec![false; 256];
        for token in &tokens {
            if let Some(first) = token.expose().bytes().next() {
                for b in [first, b'%', b'\\', b'+'] {
                    starts[usize::from(b)] = true;
                }
            }
        }
        Self { tokens, starts }
    }

    /// `text` with every written form of every token replaced.
    pub(crate) fn redact(&self, text: &str) -> String {
        if self.tokens.is_empty() {
            return text.to_owned();
        }
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let (mut copied, mut at) = (0, 0);
        while at < bytes.len() {
            if self.starts[usize::from(bytes[at])] && text.is_char_boundary(at) {
                let found = self
                    .tokens
                    .iter()
                    .find_map(|t| written_length(&bytes[at..], t.expose()))
                    // A match ends with an ASCII byte or a whole character
                    // of the token; checked all the same.
                    .filter(|len| *len > 0 && text.is_char_boundary(at + len));
                if let Some(len) = found {
                    out.push_str(&text[copied..at]);
                    out.push_str("<redacted>");
                    at += len;
                    copied = at;
                    continue;
                }
            }
            at += 1;
        }
        out.push_str(&text[copied..]);
        out
    }

    fn longest(&self) -> usize {
        self.tokens
            .iter()
            .map(|t| t.expose().chars().count() * LONGEST_WRITTEN_CHAR)
            .max()
            .unwrap_or(0)
    }
}

/// How many bytes at the start of `text` write `token`, each character as
/// is, percent-encoded (either case), `+` for a space, or JSON-escaped.
///
/// A character can be written in more than one way (`%` as is or as `%25`,
/// `\` as `\\` or `\u005c`), so every way is followed, but as the set
/// of offsets reached after each character (at most a few), never as a
/// search tree: trying the branches one by one took seconds for a token of
/// twenty backslashes. The longest match is the token.
fn written_length(text: &[u8], token: &str) -> Option<usize> {
    let mut chars = token.chars();
    let first = chars.next()?;
    // Two buffers for the whole match (no allocation when the first
    // character does not match, the usual case).
    let mut reached: Vec<usize> = written_char(text, first).into_iter().flatten().collect();
    let mut next = Vec::new();
    for c in chars {
        if reached.is_empty() {
            return None;
        }
        next.clear();
        for &at in &reached {
            next.extend(
                written_char(&text[at..], c)
                    .into_iter()
                    .flatten()
                    .map(|len| at + len),
            );
        }
        next.sort_unstable();
        next.dedup();
        std::mem::swap(&mut reached, &mut next);
    }
    reached.into_iter().max()
}

/// The lengths of the ways `text` can start with the character `c`.
fn written_char(text: &[u8], c: char) -> [Option<usize>; 4] {
    let mut utf8 = [0; 4];
    let bytes = c.encode_utf8(&mut utf8).as_bytes();
    let as_is = text.starts_with(bytes).then_some(bytes.len());
    let percent = bytes
        .iter()
        .enumerate()
        .all(|(i, b)| {
            text.get(3 * i) == Some(&b'%') && hex_at(text, 3 * i + 1, 2) == Some(u32::from(*b))
        })
        .then_some(3 * bytes.len());
    let short_form = match c {
        ' ' => Some(&b"+"[..]),
        '/' => Some(&b"\\/"[..]),
        '"' => Some(&b"\\\""[..]),
        '\\' => Some(&b"\\\\"[..]),
        _ => None,
    }
    .and_then(|form| text.starts_with(form).then_some(form.len()));
    let mut units = [0; 2];
    let unicode = c
        .encode_utf16(&mut units)
        .iter()
        .enumerate()
        .all(|(i, unit)| {
            text.get(6 * i..6 * i + 2) == Some(&b"\\u"[..])
                && hex_at(text, 6 * i + 2, 4) == Some(u32::from(*unit))
        })
        .then_some(6 * c.len_utf16());
    [as_is, percent, short_form, unicode]
}

/// The number written by the `digits` hex digits at `at` in `text`.
fn hex_at(text: &[u8], at: usize, digits: usize) -> Option<u32> {
    let hex = std::str::from_utf8(text.get(at..at + digits)?).ok()?;
    u32::from_str_radix(hex, 16).ok()
}

/// Longest excerpt of a body kept in an error.
pub const EXCERPT_BYTES: usize = 512;

/// Reads the whole body, failing as soon as it exceeds `limit` bytes.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    endpoint: &'static crate::Endpoint,
    limit: usize,
    secrets: &Secrets,
    timeout: Option<std::time::Duration>,
) -> Result<Vec<u8>, Error> {
    let status = response.status().as_u16();
    let too_large = || Error::BodyTooLarge {
        endpoint,
        status,
        limit,
    };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Error::from_reqwest(e, endpoint, secrets, 1, timeout))?
    {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The start of a body as text, cut at a character boundary, token and
/// personal data removed.
pub(crate) fn excerpt(body: &[u8], secrets: &Secrets) -> String {
    // Redact a window one token longer than the excerpt, so a token that
    // starts inside the excerpt is removed whole before the cut.
    let window = &body[..body.len().min(EXCERPT_BYTES + secrets.longest())];
    let mut text = hide_personal(&secrets.redact(&String::from_utf8_lossy(window)));
    if text.len() > EXCERPT_BYTES || window.len() < body.len() {
        let mut cut = EXCERPT_BYTES.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        // A character split by the window shows up as U+FFFD: drop it.
        let whole = text.trim_end_matches('\u{FFFD}').len();
        text.truncate(whole);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_bounded_and_redacted() {
        let token = Secrets::new([Token::new("SECRET")]);
        let body = format!("token SECRET {}", "é".repeat(1000));
        let text = excerpt(body.as_bytes(), &token);
        assert!(text.starts_with("token <redacted> é"));
        assert!(text.ends_with('…'));
        assert!(text.len() <= EXCERPT_BYTES + '…'.len_utf8() + "<redacted>".len());
        assert!(!text.contains('\u{FFFD}'), "no half character at the cut");
        let straddling = format!("{}SECRET", "x".repeat(EXCERPT_BYTES - 3));
        assert!(!excerpt(straddling.as_bytes(), &token).contains("SEC"));
        assert_eq!(excerpt(b"short", &token), "short");
    }

    #[test]
    fn every_written_form_of_the_token_is_redacted() {
        let secrets = Secrets::new([Token::new("TOKEN/abc+SECRET==")]);
        for echoed in [
            "TOKEN/abc+SECRET==",
            "TOKEN%2Fabc%2BSECRET%3D%3D",
            "TOKEN%2fabc%2bSECRET%3d%3d",
            r"TOKEN\/abc+SECRET==",
        ] {
            let text = secrets.redact(&format!("echo: {echoed}!"));
            assert_eq!(text, "echo: <redacted>!", "{echoed}");
        }
        let quoted = Secrets::new([Token::new(r#"a"b\c d"#)]);
        for echoed in [r#"a\"b\\c d"#, "a%22b%5Cc+d", "a%22b%5Cc%20d"] {
            assert_eq!(quoted.redact(echoed), "<redacted>", "{echoed}");
        }
    }

    /// Encoders differ in what they leave as is (Python's `quote` keeps
    /// `/`, JavaScript's `encodeURI` keeps `+`), and JSON may escape any
    /// character as `\uXXXX`: every mix is the token.
    #[test]
    fn a_token_written_in_a_mix_of_forms_is_redacted() {
        let secrets = Secrets::new([Token::new("SeCrEt+t0k/1é%")]);
        for echoed in [
            "SeCrEt%2Bt0k/1%C3%A9%25",
            "SeCrEt+t0k%2F1é%",
            "SeCrEt%2bt0k%2f1%c3%a9%",
            r"SeCrEt\u002Bt0k\/1\u00e9\u0025",
            r"S\u0065CrEt+t0k/1é%25",
        ] {
            let text = secrets.redact(&format!("[{echoed}]"));
            assert_eq!(text, "[<redacted>]", "{echoed}");
        }
        // Not the token: one character differs, or the text stops early.
        for other in ["SeCrEt%2Bt0k/2é%", "SeCrEt+t0k/1", "secret+t0k/1é%"] {
            assert_eq!(secrets.redact(other), other);
        }
        let emoji = Secrets::new([Token::new("k😀y")]);
        for echoed in ["k😀y", "k%F0%9F%98%80y", r"k\uD83D\uDE00y"] {
            assert_eq!(emoji.redact(echoed), "<redacted>", "{echoed}");
        }
        assert_eq!(emoji.redact("k😀z 😀"), "k😀z 😀");
    }

    /// Characters that can be written several ways are followed as a set of
    /// offsets: as a search tree, thirty backslashes would take hours.
    #[test]
    fn many_ways_to_write_a_token_are_not_tried_one_by_one() {
        let token = format!("{}Z", "\\".repeat(30));
        let secrets = Secrets::new([Token::new(token.clone())]);
        let almost = "\\".repeat(60);
        assert_eq!(secrets.redact(&almost), almost);
        let written = format!("{}Z", "\\\\".repeat(30));
        assert_eq!(secrets.redact(&written), "<redacted>");
        assert_eq!(secrets.redact(&format!("a{token}b")), "a<redacted>b");
    }
}
