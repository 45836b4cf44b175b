//! Bodies in a character set other than UTF-8: a form or JSON labelled
//! `charset=ISO-8859-1` (what many PHP senders default to), or UTF-16 with
//! a byte order mark. Read as their label says, so that a text is not
//! replaced by `U+FFFD` while the call is answered 200.

use std::borrow::Cow;

/// How a body's bytes are text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Charset {
    /// UTF-8, the default (and what a label we do not know falls back to).
    Utf8,
    /// Windows-1252: what the Encoding Standard reads `ISO-8859-1`,
    /// `latin1` and `US-ASCII` as.
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl Charset {
    /// The body's character set: a UTF-16 byte order mark, else the
    /// content type's `charset` parameter.
    pub(super) fn of(body: &[u8], content_type: Option<&str>) -> Self {
        if body.starts_with(&[0xFF, 0xFE]) {
            return Self::Utf16Le;
        }
        if body.starts_with(&[0xFE, 0xFF]) {
            return Self::Utf16Be;
        }
        let label = content_type.and_then(|t| {
            t.split(';').skip(1).find_map(|param| {
                let (name, value) = param.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("charset")
                    .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
            })
        });
        // A body labelled UTF-16 without a byte order mark is taken at its
        // word only when it is not plain UTF-8: UTF-16 text of a webhook
        // has zero bytes (its ASCII), UTF-8 JSON or a form never has.
        let utf16 = |charset| {
            if !body.contains(&0) && std::str::from_utf8(body).is_ok() {
                Self::Utf8
            } else {
                charset
            }
        };
        match label.as_deref() {
            Some(
                "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "l1" | "cp819" | "ibm819"
                | "windows-1252" | "cp1252" | "x-cp1252" | "us-ascii" | "ascii",
            ) => Self::Windows1252,
            Some("utf-16" | "utf-16le") => utf16(Self::Utf16Le),
            Some("utf-16be") => utf16(Self::Utf16Be),
            _ => Self::Utf8,
        }
    }

    /// `bytes` as UTF-8. Bytes that already are valid UTF-8 stay so under a
    /// single-byte label (a sender that labels its UTF-8 `ISO-8859-1`);
    /// UTF-16 is decoded whatever it looks like (its byte order mark
    /// dropped). Unpaired surrogates become `U+FFFD`.
    pub(super) fn to_utf8<'a>(self, bytes: &'a [u8]) -> Cow<'a, [u8]> {
        match self {
            Self::Utf8 => Cow::Borrowed(bytes),
            Self::Windows1252 if std::str::from_utf8(bytes).is_ok() => Cow::Borrowed(bytes),
            Self::Windows1252 => Cow::Owned(
                bytes
                    .iter()
                    .map(|&b| windows_1252(b))
                    .collect::<String>()
                    .into_bytes(),
            ),
            Self::Utf16Le | Self::Utf16Be => {
                let bytes = bytes
                    .strip_prefix(if self == Self::Utf16Le {
                        &[0xFF, 0xFE]
                    } else {
                        &[0xFE, 0xFF]
                    })
                    .unwrap_or(bytes);
                let units = bytes.chunks(2).map(|pair| {
                    let pair = [pair[0], pair.get(1).copied().unwrap_or(0)];
                    if self == Self::Utf16Le {
                        u16::from_le_bytes(pair)
                    } else {
                        u16::from_be_bytes(pair)
                    }
                });
                Cow::Owned(
                    char::decode_utf16(units)
                        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                        .collect::<String>()
                        .into_bytes(),
                )
            }
        }
    }
}

/// One `name=value` pair of a form or a query, split at its first `=`
/// (none: an empty value); neither side decoded.
pub(super) fn form_pair(pair: &[u8]) -> (&[u8], &[u8]) {
    match pair.iter().position(|&b| b == b'=') {
        Some(i) => (&pair[..i], &pair[i + 1..]),
        None => (pair, &[]),
    }
}

/// A form's name or value, or a query component, as bytes: `+` a space,
/// `%XX` a byte.
pub(super) fn form_decoded(raw: &[u8]) -> Vec<u8> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&spaced).collect()
}

/// One Windows-1252 byte as a character; the five bytes it leaves
/// undefined map to the C1 controls, as the Encoding Standard maps them.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_label_or_the_byte_order_mark() {
        let of = |ct: &str| Charset::of(b"{}", Some(ct));
        assert_eq!(of("application/json"), Charset::Utf8);
        assert_eq!(of("application/json; charset=UTF-8"), Charset::Utf8);
        assert_eq!(
            of("application/x-www-form-urlencoded; charset=ISO-8859-1"),
            Charset::Windows1252
        );
        assert_eq!(
            of("text/plain;charset=\"windows-1252\""),
            Charset::Windows1252
        );
        assert_eq!(of("application/json; charset=shift_jis"), Charset::Utf8);
        assert_eq!(Charset::of(&[0xFF, 0xFE, b'{', 0], None), Charset::Utf16Le);
        // Labelled UTF-16, written in UTF-8: read as UTF-8.
        let utf16 = Some("application/json; charset=utf-16");
        assert_eq!(Charset::of(br#"{"a":"b"}"#, utf16), Charset::Utf8);
        assert_eq!(Charset::of(&[b'{', 0, b'}', 0], utf16), Charset::Utf16Le);
        assert_eq!(Charset::of(&[0xFE, 0xFF, 0, b'{'], None), Charset::Utf16Be);
    }

    #[test]
    fn decodes_to_utf8() {
        let latin = Charset::Windows1252;
        assert_eq!(&*latin.to_utf8(b"caf\xE9 \x80 \x96"), "café € –".as_bytes());
        // Already UTF-8 under a Latin-1 label: kept.
        assert_eq!(&*latin.to_utf8("café".as_bytes()), "café".as_bytes());
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"a\":\"é😀\"}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            &*Charset::Utf16Le.to_utf8(&le),
            "{\"a\":\"é😀\"}".as_bytes()
        );
        let be: Vec<u8> = "hé".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(&*Charset::Utf16Be.to_utf8(&be), "hé".as_bytes());
        // An odd length or a lone surrogate: no panic, a replacement.
        assert_eq!(
            &*Charset::Utf16Le.to_utf8(&[0x00, 0xD8, b'a']),
            "\u{FFFD}a".as_bytes()
        );
    }
}
