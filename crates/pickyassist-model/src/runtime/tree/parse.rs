//! Text into a [`Doc`], noting every key given twice (as `json.rs` does for
//! a `Value`).

use super::{Doc, Node, Span};
use crate::runtime::json::Place;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Objects with more members than this find their repeated keys by sorting
/// them; smaller ones compare each key with the others.
const PAIRWISE_UP_TO: usize = 16;

/// Parses `src`; returns the document and the pointer of every key given
/// twice (each copy after the first), or serde_json's own error for text
/// that is not one JSON value.
pub fn parse(src: &str) -> Result<(Doc<'_>, Vec<String>), serde_json::Error> {
    // Offsets are `u32`; so are the node indices (each node takes at least
    // one byte of the input).
    if u32::try_from(src.len()).is_err() {
        return Err(serde::de::Error::custom(
            "a document of 4 GiB or more cannot be checked",
        ));
    }
    let mut tape = Tape {
        doc: Doc {
            src,
            text: String::new(),
            // About one value per 16 bytes in the API's bodies; grows if not.
            nodes: Vec::with_capacity(src.len() / 16 + 1),
        },
        duplicates: Vec::new(),
        keys: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_str(src);
    Build {
        tape: &mut tape,
        at: &Place::Root,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok((tape.doc, tape.duplicates))
}

/// The document being built, and what its objects need when they close.
struct Tape<'s> {
    doc: Doc<'s>,
    duplicates: Vec<String>,
    /// The key nodes of the object being closed (reused).
    keys: Vec<u32>,
}

impl Tape<'_> {
    /// A text's span: in the input when serde_json lends it from there, in
    /// the buffer of unescaped text otherwise.
    fn span(&mut self, s: &str, borrowed: bool) -> Span {
        let base = self.doc.src.as_ptr() as usize;
        let offset = (s.as_ptr() as usize).wrapping_sub(base);
        if borrowed && offset <= self.doc.src.len() && s.len() <= self.doc.src.len() - offset {
            return Span {
                start: offset as u32,
                len: s.len() as u32,
                unescaped: false,
            };
        }
        let start = self.doc.text.len() as u32;
        self.doc.text.push_str(s);
        Span {
            start,
            len: s.len() as u32,
            unescaped: true,
        }
    }

    fn push(&mut self, node: Node) {
        self.doc.nodes.push(node);
    }

    fn here(&self) -> u32 {
        self.doc.nodes.len() as u32
    }

    /// Closes the object whose node is at `at`: marks each key given again
    /// later as shadowed, notes each later copy's pointer, and writes the
    /// object's size.
    fn close_object(&mut self, object: u32, place: &Place<'_>) {
        let end = self.here();
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        let mut i = object + 1;
        while i < end {
            keys.push(i);
            i = self.doc.after(i + 1);
        }
        let total = keys.len();
        let mut repeated = 0;
        if total > 1 {
            let key = |k: u32| self.doc.key_text(k);
            // (earlier copy, later copy), in the order the later copies came.
            let mut pairs: Vec<(u32, u32)> = Vec::new();
            if total <= PAIRWISE_UP_TO {
                for (n, &later) in keys.iter().enumerate() {
                    if let Some(&earlier) = keys[..n].iter().rev().find(|&&e| key(e) == key(later))
                    {
                        pairs.push((earlier, later));
                    }
                }
            } else {
                let mut sorted = keys.clone();
                sorted.sort_by(|a, b| key(*a).cmp(key(*b)).then(a.cmp(b)));
                for w in sorted.windows(2) {
                    if key(w[0]) == key(w[1]) {
                        pairs.push((w[0], w[1]));
                    }
                }
                pairs.sort_by_key(|&(_, later)| later);
            }
            repeated = pairs.len();
            for (earlier, later) in pairs {
                if let Node::Key { shadowed, .. } = &mut self.doc.nodes[earlier as usize] {
                    *shadowed = true;
                }
                let mut pointer = String::new();
                Place::Key(self.doc.key_text(later), place).pointer(&mut pointer);
                self.duplicates.push(pointer);
            }
        }
        self.doc.nodes[object as usize] = Node::Object {
            len: (total - repeated) as u32,
            end,
        };
        self.keys = keys;
    }
}

/// Builds the value at `at` onto the tape.
struct Build<'t, 's, 'p> {
    tape: &'t mut Tape<'s>,
    at: &'p Place<'p>,
}

impl<'de> DeserializeSeed<'de> for Build<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Build<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.tape.push(Node::Bool(v));
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        // As serde_json's `Number`: from 0 up is unsigned.
        self.tape.push(match u64::try_from(v) {
            Ok(n) => Node::UInt(n),
            Err(_) => Node::Int(v),
        });
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.tape.push(Node::UInt(v));
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        // serde_json refuses what does not fit; a `Value` reads a NaN as null.
        self.tape.push(if v.is_finite() {
            Node::Float(v)
        } else {
            Node::Null
        });
        Ok(())
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<(), E> {
        let span = self.tape.span(v, true);
        self.tape.push(Node::Str(span));
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let span = self.tape.span(v, false);
        self.tape.push(Node::Str(span));
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.tape.push(Node::Null);
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        self.tape.push(Node::Null);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let array = self.tape.here();
        self.tape.push(Node::Array { len: 0, end: 0 });
        let mut len = 0;
        loop {
            let at = Place::Index(len, self.at);
            let seed = Build {
                tape: &mut *self.tape,
                at: &at,
            };
            if seq.next_element_seed(seed)?.is_none() {
                break;
            }
            len += 1;
        }
        let end = self.tape.here();
        self.tape.doc.nodes[array as usize] = Node::Array {
            len: len as u32,
            end,
        };
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let object = self.tape.here();
        self.tape.push(Node::Object { len: 0, end: 0 });
        while map.next_key_seed(KeySeed(&mut *self.tape))?.is_some() {
            let key = self.tape.here() - 1;
            let name = match self.tape.doc.nodes[key as usize] {
                Node::Key { span, .. } => span,
                _ => continue,
            };
            // The key's text, for this member's place: copied only when a
            // pointer is written (a key given twice), so borrowed as a span.
            let owned;
            let text: &str = if name.unescaped {
                owned = self.tape.doc.text_of(name).to_owned();
                &owned
            } else {
                // Spans of the input outlive the tape's borrow.
                let src = self.tape.doc.src;
                src.get(name.start as usize..(name.start + name.len) as usize)
                    .unwrap_or_default()
            };
            let at = Place::Key(text, self.at);
            map.next_value_seed(Build {
                tape: &mut *self.tape,
                at: &at,
            })?;
        }
        self.tape.close_object(object, self.at);
        Ok(())
    }
}

/// Pushes an object's key.
struct KeySeed<'t, 's>(&'t mut Tape<'s>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<(), E> {
        let span = self.0.span(v, true);
        self.0.push(Node::Key {
            span,
            shadowed: false,
        });
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let span = self.0.span(v, false);
        self.0.push(Node::Key {
            span,
            shadowed: false,
        });
        Ok(())
    }
}
