//! Short text kept inline: the ids, numbers and amounts received by the thousand.

use std::{
    borrow::Cow,
    cmp::Ordering,
    fmt,
    hash::{Hash, Hasher},
    ops::Deref,
};

/// Longest text kept inline: with its length and the variant's tag it takes
/// the 24 bytes of a `String`.
const INLINE: usize = 22;

/// Text of up to 22 bytes kept inline, longer text on the heap.
///
/// A push answer or a delivery report carries an id, a number and an amount
/// for every recipient, nearly all shorter than that; keeping them inline
/// saves an allocation and a free for each. Compares, orders and hashes as
/// its `str`.
#[derive(Clone)]
pub(crate) struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Text {
    /// Copies `text`.
    pub(crate) fn new(text: &str) -> Self {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                Self(Repr::Inline { len, bytes })
            }
            _ => Self(Repr::Heap(text.into())),
        }
    }

    /// Takes `text`, keeping its buffer when it is too long to go inline.
    pub(crate) fn from_string(text: String) -> Self {
        if text.len() <= INLINE {
            Self::new(&text)
        } else {
            Self(Repr::Heap(text.into_boxed_str()))
        }
    }

    /// Borrowed text is copied only when it is too long to go inline.
    pub(crate) fn from_cow(text: Cow<'_, str>) -> Self {
        match text {
            Cow::Borrowed(text) => Self::new(text),
            Cow::Owned(text) => Self::from_string(text),
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            // Never empty by mistake: the bytes were copied whole from a `str`.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn hash(value: &impl Hash) -> u64 {
        let mut h = DefaultHasher::new();
        value.hash(&mut h);
        h.finish()
    }

    #[test]
    fn keeps_every_length_and_compares_as_str() {
        let long = "é".repeat(40);
        for text in [
            "",
            "7478630",
            "0.005",
            "1234567890123456789012",
            "12345678901234567890123",
            "ünï€😀",
            &long,
        ] {
            for made in [
                Text::new(text),
                Text::from_string(text.to_owned()),
                Text::from_cow(Cow::Borrowed(text)),
            ] {
                assert_eq!(made.as_str(), text);
                assert_eq!(made, Text::new(text));
                assert_eq!(hash(&made), hash(&Text::from_string(text.to_owned())));
                assert_eq!(format!("{made:?}"), format!("{text:?}"));
            }
        }
        assert!(matches!(
            Text::new("1234567890123456789012").0,
            Repr::Inline { .. }
        ));
        assert!(matches!(
            Text::new("12345678901234567890123").0,
            Repr::Heap(_)
        ));
        // Order is the text's, whichever way each is stored.
        let mut texts = [
            Text::new(&"b".repeat(30)),
            Text::new("c"),
            Text::new("a"),
            Text::new(&"a".repeat(30)),
        ];
        texts.sort();
        let order: Vec<&str> = texts.iter().map(Text::as_str).collect();
        let mut expected = vec!["b".repeat(30), "c".into(), "a".into(), "a".repeat(30)];
        expected.sort();
        assert_eq!(order, expected);
        assert_eq!(std::mem::size_of::<Text>(), std::mem::size_of::<String>());
    }
}
