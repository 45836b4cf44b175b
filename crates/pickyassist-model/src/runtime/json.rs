//! Parsing JSON into a `Value` as it was sent.
//!
//! `serde_json::Value` keeps the last copy of a repeated key without a word,
//! and servers differ on which copy they read: a validator that accepted
//! `{"token":"a","token":"b"}` could not vouch for what the server sees. So
//! requests are parsed here, into the same `Value`, with every repeated key
//! reported at its pointer.
//!
//! And with serde_json's `raw_value` feature on (the unions use it), its own
//! `Value` reads an object whose first key is `$serde_json::private::RawValue`
//! as the JSON text inside it: `{"$serde_json::private::RawValue":"{\"status\":100}"}`
//! would become `{"status":100}`, and a validator would judge a body that was
//! never sent. Every `Value` the runtime reads from received bytes (a body to
//! check, a value kept in `extra`, an unknown union body) is read here, where
//! that key is a key like any other ([`PlainJson`]).

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{de::Read, map::Entry, Map, Number, Value};
use std::fmt;

/// `serde_json::from_slice`, faster: bytes that are UTF-8 are read as text.
///
/// Reading bytes, serde_json checks every string it meets for UTF-8; one
/// check of the whole body first costs less (a tenth or more of a decode,
/// measured on every benchmark body). Bytes that are not UTF-8 are read as
/// bytes, so that the error is serde_json's own, with its position.
pub fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// `bytes` parsed into a `Value` as sent ([`PlainJson`]), read as text when
/// they are UTF-8, as `serde_json::from_slice` reads them otherwise.
pub fn value_from_bytes(bytes: &[u8]) -> serde_json::Result<Value> {
    parse_noting_duplicates(bytes).map(|(value, _)| value)
}

/// Reads one JSON value as sent: a `Value` in which every object key is a
/// key, `$serde_json::private::RawValue` included (see the module docs).
/// The last copy of a repeated key wins, as with `serde_json`.
#[derive(Clone, Copy, Debug)]
pub struct PlainJson;

impl<'de> DeserializeSeed<'de> for PlainJson {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Walk {
            at: &Place::Root,
            duplicates: &mut Vec::new(),
        }
        .deserialize(d)
    }
}

/// Parses `bytes`; returns the value (the last copy of a repeated key wins,
/// as with `serde_json`) and the pointer of every repeated key.
pub fn parse_noting_duplicates(bytes: &[u8]) -> Result<(Value, Vec<String>), serde_json::Error> {
    // Read as text when it is text, as in `from_bytes`.
    match std::str::from_utf8(bytes) {
        Ok(text) => walk(serde_json::Deserializer::from_str(text)),
        Err(_) => walk(serde_json::Deserializer::from_slice(bytes)),
    }
}

fn walk<'de, R: Read<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<(Value, Vec<String>), serde_json::Error> {
    let mut duplicates = Vec::new();
    let value = Walk {
        at: &Place::Root,
        duplicates: &mut duplicates,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok((value, duplicates))
}

/// Where the walk is: a chain of steps on the stack, written out as a
/// pointer only for a repeated key (keeping a pointer string up to date at
/// every member and item cost as much as the parse itself).
pub(super) enum Place<'a> {
    Root,
    Key(&'a str, &'a Place<'a>),
    Index(usize, &'a Place<'a>),
}

impl Place<'_> {
    pub(super) fn pointer(&self, out: &mut String) {
        match self {
            Place::Root => {}
            Place::Key(key, parent) => {
                parent.pointer(out);
                super::at::push_key(out, key);
            }
            Place::Index(i, parent) => {
                use std::fmt::Write as _;
                parent.pointer(out);
                let _ = write!(out, "/{i}");
            }
        }
    }
}

/// Builds a `Value` at `at`.
struct Walk<'p> {
    at: &'p Place<'p>,
    duplicates: &'p mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let at = Place::Index(items.len(), self.at);
            let seed = Walk {
                at: &at,
                duplicates: &mut *self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = Place::Key(&key, self.at);
            let seed = Walk {
                at: &at,
                duplicates: &mut *self.duplicates,
            };
            let value = map.next_value_seed(seed)?;
            match object.entry(key) {
                // The last copy wins, as with `serde_json`.
                Entry::Occupied(mut repeated) => {
                    let mut pointer = String::new();
                    Place::Key(repeated.key(), self.at).pointer(&mut pointer);
                    self.duplicates.push(pointer);
                    repeated.insert(value);
                }
                Entry::Vacant(new) => {
                    new.insert(value);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_repeated_keys_at_every_depth_and_keeps_the_last() {
        let (value, dups) = parse_noting_duplicates(
            br#"{"token":"a","data":[{"n":1},{"n":1,"n":2}],"token":"b","x/y":0,"x/y":1}"#,
        )
        .expect("JSON");
        assert_eq!(dups, ["/data/1/n", "/token", "/x~1y"]);
        assert_eq!(value["token"], "b");
        assert_eq!(value["data"][1]["n"], 2);
        let same: Value = serde_json::from_str(r#"[1,2.5,-3,"s",null,true,{}]"#).expect("JSON");
        let (ours, none) =
            parse_noting_duplicates(br#"[1,2.5,-3,"s",null,true,{}]"#).expect("JSON");
        assert_eq!(ours, same);
        assert!(none.is_empty());
        assert!(parse_noting_duplicates(b"{\"a\":1} x").is_err());
    }

    /// Text or not, a body reads as `serde_json::from_slice` reads it, and
    /// fails with its error, position included.
    #[test]
    fn from_bytes_answers_as_from_slice() {
        let bodies: [&[u8]; 7] = [
            br#"{"a":"\u00e9t\u00e9","b":[1,2.5]}"#,
            br#"{"a":"\ud800"}"#,
            "{\"a\":\"été 👋\"}".as_bytes(),
            b"{\"a\":\"\xff\"}",
            b"{\"a\":\"ok\"}\xc3",
            b"{\"a\":1,}",
            b"\xef\xbb\xbf{}",
        ];
        for body in bodies {
            let ours = from_bytes::<Value>(body).map_err(|e| e.to_string());
            let theirs = serde_json::from_slice::<Value>(body).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(body));
            let dups = parse_noting_duplicates(body)
                .map(|(v, _)| v)
                .map_err(|e| e.to_string());
            assert_eq!(dups, theirs, "{}", String::from_utf8_lossy(body));
        }
    }
}
