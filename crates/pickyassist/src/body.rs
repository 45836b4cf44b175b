//! Reading answers safely: a size limit, short excerpts, and no token in text.

use crate::mask::hide_personal;
use crate::Error;
use pickyassist_model::Token;

/// The tokens a client holds (its project token, and the master token if
/// set): every text an error keeps has them removed, in every form a server
/// or a proxy may echo them (URL-encoded, JSON-escaped).
#[derive(Debug, Clone, Default)]
pub(crate) struct Secrets(Vec<Token>);

impl Secrets {
    pub(crate) fn new(tokens: impl IntoIterator<Item = Token>) -> Self {
        let mut forms: Vec<String> = tokens
            .into_iter()
            .filter(|t| !t.is_empty())
            .flat_map(|t| written_forms(t.expose()))
            .collect();
        // Longest first, so that no form is cut by a shorter one inside it.
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Self(forms.into_iter().map(Token::new).collect())
    }

    /// `text` with every form of every token replaced.
    pub(crate) fn redact(&self, text: &str) -> String {
        self.0.iter().fold(text.to_owned(), |text, t| {
            text.replace(t.expose(), "<redacted>")
        })
    }

    fn longest(&self) -> usize {
        self.0.iter().map(|t| t.expose().len()).max().unwrap_or(0)
    }
}

/// The ways a token can be written back: as is, form- and percent-encoded
/// (upper- and lowercase hex), and JSON-escaped (with and without `\/`, as
/// PHP writes slashes).
fn written_forms(token: &str) -> Vec<String> {
    let percent = |upper: bool| -> String {
        token
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ if upper => format!("%{b:02X}"),
                _ => format!("%{b:02x}"),
            })
            .collect()
    };
    let json = serde_json::to_string(token).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or(token)
        .to_owned();
    vec![
        token.to_owned(),
        form_urlencoded::byte_serialize(token.as_bytes()).collect(),
        percent(true),
        percent(false),
        json.replace('/', "\\/"),
        json,
    ]
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
}
