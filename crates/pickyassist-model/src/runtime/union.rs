//! A received union chosen by a discriminator key (`WebhookEvent` by its
//! `event_id`): reading the body so that the variant is decoded in the same
//! pass when the tag comes first, as Picky Assist sends it.
//!
//! The generated type says which variant a tag names ([`Union::pick`]); the
//! runtime hands it the body in one of two forms ([`UnionBody`]):
//!
//! - on the [`decode_exact_model`](super::schema::decode_exact_model) path
//!   (what `validate_json` and the webhook receiver take), the tag's value
//!   is found by a scan of the bytes before the decode
//!   ([`find_tag`](super::find_tag)), and the variant reads the whole object
//!   straight from the input, refusing a second copy of the tag: one pass,
//!   wherever the tag is;
//! - on the [`decode_exact`](super::decode::decode_exact) path, or when the
//!   scan cannot vouch for what it found, the members before the tag are
//!   kept as raw text (usually none, or `project_id`), the tag is read as a
//!   `Value` (as the lenient path reads it), and the variant then reads
//!   those, the tag and the rest of the object straight from the input: no
//!   `Value` of the body, but the members before the tag are read twice;
//! - on the lenient path, the body is a JSON object, and a variant that
//!   cannot read it leaves it whole in `Unknown`.
//!
//! A member replayed from its text is parsed alone, with a fresh depth
//! budget: one level more than inside its body. A member that could come
//! near serde_json's depth limit is therefore left to the lenient decode
//! (see [`shallow`]), as is a key of serde_json's own (its `Value` parser
//! reads `$serde_json::private::…` as an instruction when it comes first).
//! Either way the exact path answers what the lenient one would, or not at
//! all. This holds for a union that is a whole document, as `WebhookEvent`
//! is; one nested deeper would be allowed its depth again on this path.

use super::decode::{exact, found_tag, Fits, Key};
use super::json::PlainJson;
use serde::de::{
    self, value::MapAccessDeserializer, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess,
};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::{fmt, marker::PhantomData, vec};

/// A received union: its name, its discriminator key, and which variant a
/// tag names. Implemented by the generated union types.
pub trait Union: Sized {
    /// The type's name, for errors.
    const NAME: &'static str;
    /// The discriminator key.
    const TAG: &'static str;
    /// The body as the variant `tag` names ([`UnionBody::into_variant`]),
    /// or whole ([`UnionBody::into_unknown`]) for a tag no variant lists.
    fn pick<'de, B: UnionBody<'de>>(tag: &Value, body: B) -> Result<Self, B::Error>;
}

/// A union's body, handed to [`Union::pick`] once its tag is known.
pub trait UnionBody<'de> {
    /// The deserializer's error type.
    type Error: de::Error;
    /// The body as the variant `make` wraps, or whole in `unknown` when the
    /// variant cannot read it.
    fn into_variant<T, U>(
        self,
        make: fn(T) -> U,
        unknown: fn(Value) -> U,
    ) -> Result<U, Self::Error>
    where
        T: DeserializeOwned + Fits;
    /// The body whole, for a tag no variant lists.
    fn into_unknown<U>(self, unknown: fn(Value) -> U) -> Result<U, Self::Error>;
}

/// Reads a union `U`: what its generated `Deserialize` impl calls. A body
/// that is not an object is an error; one without a tag is `Unknown`.
pub fn read_union<'de, U: Union, D: Deserializer<'de>>(d: D) -> Result<U, D::Error> {
    if exact() {
        return d.deserialize_map(StreamVisitor {
            found: found_tag(),
            union: PhantomData,
        });
    }
    let object = match PlainJson.deserialize(d)? {
        Value::Object(o) => o,
        other => {
            return Err(de::Error::custom(format!(
                "expected a {} object, found {}",
                U::NAME,
                super::check::type_name(&other)
            )))
        }
    };
    // No tag: a kind of body no variant names (`Unknown`), not an error,
    // since a new kind of event must never fail a decode.
    let tag = object.get(U::TAG).cloned().unwrap_or(Value::Null);
    U::pick(
        &tag,
        ObjectBody {
            object,
            error: PhantomData::<D::Error>,
        },
    )
}

/// A variant's tag field as JSON, as it would be sent; `None` for a tag
/// that is absent (an optional field left `None` serialises as `null`).
pub fn tag_value<T: serde::Serialize + ?Sized>(tag: &T) -> Option<Value> {
    tag.serialize(serde_json::value::Serializer)
        .ok()
        .filter(|v| !v.is_null())
}

/// The lenient path's body: the whole object.
struct ObjectBody<E> {
    object: Map<String, Value>,
    error: PhantomData<E>,
}

impl<E: de::Error> UnionBody<'_> for ObjectBody<E> {
    type Error = E;

    fn into_variant<T, U>(self, make: fn(T) -> U, unknown: fn(Value) -> U) -> Result<U, E>
    where
        T: DeserializeOwned + Fits,
    {
        let value = Value::Object(self.object);
        // `fits` is exact, so a fitting body moves into its variant.
        if T::fits(&value) {
            T::deserialize(value).map(make).map_err(E::custom)
        } else {
            Ok(unknown(value))
        }
    }

    fn into_unknown<U>(self, unknown: fn(Value) -> U) -> Result<U, E> {
        Ok(unknown(Value::Object(self.object)))
    }
}

/// Reads members as raw text up to the tag, then hands the object on; or,
/// when the tag was found before the decode
/// ([`decode_exact_model`](super::schema::decode_exact_model)), hands the
/// object on at once, for the variant to read in one pass, tag and all.
struct StreamVisitor<U> {
    found: Option<Value>,
    union: PhantomData<U>,
}

impl<'de, U: Union> de::Visitor<'de> for StreamVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", U::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        if let Some(found) = self.found {
            return U::pick(
                &found,
                Stream {
                    first: None,
                    more: Vec::new().into_iter(),
                    tag: None,
                    live: map,
                    tag_key: U::TAG,
                    tag_ahead: true,
                    value: None,
                },
            );
        }
        // Usually one member comes before the tag (`project_id`): it is kept
        // without allocating, any further ones in a list.
        let mut first = None;
        let mut more = Vec::new();
        let mut tag = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.as_str() == U::TAG {
                // Read as the lenient decode reads it (a `Value`, in the
                // body's own depth), and handed to the variant as that value.
                tag = Some((key, map.next_value_seed(PlainJson)?));
                break;
            }
            let raw: &'de RawValue = map.next_value()?;
            if key.as_str().starts_with("$serde_json::private::") || !shallow(raw.get()) {
                return Err(de::Error::custom("left to the lenient decode"));
            }
            if first.is_none() {
                first = Some((key, raw));
            } else {
                more.push((key, raw));
            }
        }
        // No tag: the whole object, as `Unknown`.
        let chosen = tag.as_ref().map_or(Value::Null, |(_, t)| t.clone());
        U::pick(
            &chosen,
            Stream {
                first,
                more: more.into_iter(),
                tag,
                live: map,
                tag_key: U::TAG,
                tag_ahead: false,
                value: None,
            },
        )
    }
}

/// Whether a member's text nests too little to come near serde_json's depth
/// limit (128 levels) even when parsed alone: every level opens a bracket,
/// so fewer than 127 brackets leave room for the body's own level.
fn shallow(text: &str) -> bool {
    const LEVELS: usize = 127;
    text.len() < 2 * LEVELS || brackets(text.as_bytes()) < LEVELS
}

/// How many `[` and `{` `bytes` holds. `b | 0x20 == b'{'` holds for those two
/// bytes only (`[` is `{` without bit 5), and a sum of bytes per chunk
/// that cannot overflow is one the compiler turns into vector adds: a
/// tenth of the instructions of a filtered count.
fn brackets(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let opened = chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(b | 0x20 == b'{'));
            usize::from(opened)
        })
        .sum()
}

/// The exact path's body as a map: the members kept before the tag, the
/// tag, then the rest of the object read from the input as the variant asks.
struct Stream<'de, A> {
    first: Option<(Key<'de>, &'de RawValue)>,
    more: vec::IntoIter<(Key<'de>, &'de RawValue)>,
    tag: Option<(Key<'de>, Value)>,
    live: A,
    tag_key: &'static str,
    /// Whether the tag is still to come in the input (it was found before
    /// the decode), once; any other copy is refused.
    tag_ahead: bool,
    /// The kept value of the key just given, unless it is read live.
    value: Option<Kept<'de>>,
}

/// A member's value read before the variant asked for it.
enum Kept<'de> {
    /// A member before the tag, as raw text.
    Raw(&'de RawValue),
    /// The tag, read to choose the variant.
    Tag(Value),
}

impl<'de, A: MapAccess<'de>> UnionBody<'de> for Stream<'de, A> {
    type Error = A::Error;

    fn into_variant<T, U>(self, make: fn(T) -> U, _: fn(Value) -> U) -> Result<U, A::Error>
    where
        T: DeserializeOwned + Fits,
    {
        // A variant that cannot read the body fails here; the lenient
        // decode then keeps the body in `Unknown`.
        T::deserialize(MapAccessDeserializer::new(self)).map(make)
    }

    fn into_unknown<U>(self, unknown: fn(Value) -> U) -> Result<U, A::Error> {
        // The object a parse would build, as sent.
        PlainJson
            .deserialize(MapAccessDeserializer::new(self))
            .map(unknown)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Stream<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        // The members kept before the tag, then the tag, then the input.
        let kept = match self.first.take().or_else(|| self.more.next()) {
            Some((key, raw)) => Some((key, Kept::Raw(raw))),
            None => self.tag.take().map(|(key, tag)| (key, Kept::Tag(tag))),
        };
        let key = match kept {
            Some((key, value)) => {
                self.value = Some(value);
                key
            }
            None => match self.live.next_key::<Key<'de>>()? {
                // The last copy of a key given twice counts: the variant
                // chosen by the first copy of the tag may be the wrong one.
                Some(key)
                    if key.as_str() == self.tag_key && !std::mem::take(&mut self.tag_ahead) =>
                {
                    return Err(de::Error::custom("the tag is given twice"))
                }
                Some(key) => key,
                None => return Ok(None),
            },
        };
        match key {
            Key::Borrowed(k) => seed.deserialize(de::value::BorrowedStrDeserializer::new(k)),
            Key::Owned(k) => seed.deserialize(de::value::StringDeserializer::new(k)),
        }
        .map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        match self.value.take() {
            Some(Kept::Raw(raw)) => seed.deserialize(raw).map_err(de::Error::custom),
            Some(Kept::Tag(tag)) => seed.deserialize(tag).map_err(de::Error::custom),
            None => self.live.next_value_seed(seed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode::decode_exact;
    use super::super::schema::decode_exact_model;
    use crate::WebhookEvent;

    #[test]
    fn counts_opening_brackets_as_a_filter_would() {
        // The two brackets, and bytes one bit away from them.
        const NEAR: [u8; 8] = [b'[', b'{', b']', b'}', 0x1b, 0x3b, 0xdb, 0xfb];
        let mut next = crate::runtime::numbers(0x2545_f491_4f6c_dd1d);
        for len in [0, 1, 254, 255, 256, 600, 5000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next(3) {
                    0 => next(256) as u8,
                    _ => NEAR[next(NEAR.len())],
                })
                .collect();
            let expected = bytes.iter().filter(|b| matches!(b, b'[' | b'{')).count();
            assert_eq!(super::brackets(&bytes), expected, "{len} bytes");
        }
        assert_eq!(super::brackets(&[b'{'; 1000]), 1000);
    }

    /// Where `decode_exact` answers a union, the lenient decode agrees: tag
    /// first, last or between, given twice (the last copy counts), escaped
    /// keys, an unknown tag, a body its variant cannot read, and a key
    /// serde_json's `Value` parser reads as its own instruction.
    #[test]
    fn the_exact_path_answers_as_the_lenient_decode() {
        let bodies = [
            r#"{"project_id":"3526","event_id":1,"data":[{"push_id":"1","status":"1"}]}"#,
            r#"{"data":[{"push_id":"1","status":"1"}],"event_id":"1","project_id":3526}"#,
            r#"{"event_id":1,"data":[],"event_id":2,"number":"1543342290"}"#,
            r#"{"event_id":2,"event_id":1}"#,
            r#"{"ev\u0065nt_id":1,"d\"ata":{"a":[1,{"b":null}]}}"#,
            r#"{"event_id":9,"whatever":[1,2,{"x":"y"}]}"#,
            r#"{"x":[true],"event_id":"9","y":{"z":null}}"#,
            r#"{"event_id":{"nested":1}}"#,
            r#"{"event_id":1,"data":7}"#,
            r#"{"$serde_json::private::RawValue":"{}","event_id":1}"#,
            r#"{"$serde_json::private::RawValue":"{\"event_id\":1}"}"#,
            r#"{"event_id":1,"data":{"$serde_json::private::RawValue":"[]"}}"#,
            r#"{"event_id":1,"$serde_json::private::RawValue":"[]"}"#,
            r#"{"project_id":"1"}"#,
            r#"{}"#,
            r#"[1]"#,
            r#" { "project_id" : "35\"26" , "event_id" : 1 , "data" : [ ] } "#,
            r#"{"a":"}{\",\"event_id\":2","b":[{"event_id":3}],"event_id":1,"data":[]}"#,
            r#"{"event_id":1,"data":[],"event_id":"1"}"#,
            r#"{"event_id":1,"data":[],"ev\u0065nt_id":2}"#,
            r#"{"event_idx":2,"event_id":1,"data":[]}"#,
            r#"{"project_id":3526 ,"event_id":4,"data":[{"name":"A"}]}"#,
            r#"{"project_id":"1","event_id":1,"data":[]} trailing"#,
            r#"{"project_id":"1","event_id":1,"data":[]"#,
        ];
        // In one pass with the tag read where it comes, and with it found
        // first: that also answers bodies the first leaves to the lenient
        // decode (a key of serde_json's own before the tag), so it answers more.
        let (mut answered, mut found) = (0, 0);
        for body in bodies {
            let lenient = serde_json::from_str::<WebhookEvent>(body);
            if let Some(exact) = decode_exact::<WebhookEvent>(body.as_bytes()) {
                answered += 1;
                assert_eq!(
                    Ok(exact),
                    lenient.as_ref().map_err(|e| e.to_string()).cloned(),
                    "{body}"
                );
            }
            if let Some(exact) = decode_exact_model::<WebhookEvent>(body.as_bytes()) {
                found += 1;
                assert_eq!(Ok(exact), lenient.map_err(|e| e.to_string()), "{body}");
            }
        }
        assert!(
            answered >= 11 && found > answered,
            "the exact paths answer the ordinary bodies: {answered}, {found}"
        );
    }

    /// Bodies made of the members a sender may post, in any order, with
    /// spaces, escapes, and the tag given once, twice or not at all: where
    /// either exact path answers, the lenient decode agrees, and a body with
    /// one plain tag is answered in any order when it is with its tag first.
    #[test]
    fn any_order_of_members_decodes_as_the_lenient_decode() {
        const TAGS: [&str; 6] = ["1", r#""1""#, "2", "4", "9", r#"{"x":[1]}"#];
        const OTHERS: [(&str, &str); 8] = [
            (r#""project_id""#, r#""3526""#),
            (r#""project_id""#, "3526"),
            (
                r#""data""#,
                r#"[{"push_id":"1","status":"1","message":"a "b" \ {c}"}]"#,
            ),
            (r#""data""#, r#"[{"number":"919000000000","name":"A"}]"#),
            (r#""data""#, "7"),
            (r#""event_id""#, "3"),
            (r#""x""#, r#"{"event_id":5,"y":"event_id"}"#),
            (r#""$serde_json::private::RawValue""#, r#""[]""#),
        ];
        let mut next = crate::runtime::numbers(0x9e37_79b9_7f4a_7c15);
        let space = |n: usize| {
            [
                " ", "", "
	", "",
            ][n % 4]
        };
        let (mut plain, mut found) = (0, 0);
        for _ in 0..4000 {
            let mut members: Vec<(&str, &str)> =
                (0..next(4)).map(|_| OTHERS[next(OTHERS.len())]).collect();
            let tags = [0, 1, 1, 1, 2][next(5)];
            for _ in 0..tags {
                let at = next(members.len() + 1);
                members.insert(at, (r#""event_id""#, TAGS[next(TAGS.len())]));
            }
            let mut write = |members: &[(&str, &str)]| {
                let body = members
                    .iter()
                    .map(|(k, v)| {
                        let (a, b, c) = (space(next(4)), space(next(4)), space(next(4)));
                        format!("{a}{k}{b}:{c}{v}")
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                format!("{{{body}{}}}", space(next(4)))
            };
            let body = write(&members);
            // The same members with the tag first, as Picky Assist sends them.
            let mut tag_first = members.clone();
            tag_first.sort_by_key(|(k, _)| *k != r#""event_id""#);
            let tag_first = write(&tag_first);
            let lenient = serde_json::from_str::<WebhookEvent>(&body).map_err(|e| e.to_string());
            for exact in [
                decode_exact::<WebhookEvent>(body.as_bytes()),
                decode_exact_model::<WebhookEvent>(body.as_bytes()),
            ]
            .into_iter()
            .flatten()
            {
                assert_eq!(Ok(exact), lenient.clone(), "{body}");
            }
            let one_plain_tag = tags == 1
                && members
                    .iter()
                    .all(|(k, _)| !k.contains('\\') && !k.contains("$serde_json"));
            if one_plain_tag && decode_exact::<WebhookEvent>(tag_first.as_bytes()).is_some() {
                plain += 1;
                found += usize::from(decode_exact_model::<WebhookEvent>(body.as_bytes()).is_some());
            }
        }
        assert!(plain > 500, "{plain} bodies with one plain tag");
        assert_eq!(
            found, plain,
            "a body answered with its tag first is answered in any order"
        );
    }

    /// Where `decode_exact` answers, the lenient decode agrees, also for a
    /// body nested to serde_json's depth limit, in a member before the tag
    /// (replayed from its text with a fresh depth budget, so left to the
    /// lenient decode near the limit), the tag itself, or one after it (read
    /// in place).
    #[test]
    fn a_deep_union_body_is_refused_on_both_paths() {
        let mut refused = 0;
        for depth in 120..=132 {
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            for body in [
                format!("{{\"event_id\":{deep}}}"),
                format!("{{\"data\":{deep},\"event_id\":1}}"),
                format!("{{\"event_id\":1,\"data\":{deep}}}"),
                format!("{{\"event_id\":7,\"data\":{deep}}}"),
            ] {
                let lenient = serde_json::from_str::<WebhookEvent>(&body);
                refused += usize::from(lenient.is_err());
                let lenient = lenient.map_err(|e| e.to_string());
                if let Some(exact) = decode_exact::<WebhookEvent>(body.as_bytes()) {
                    assert_eq!(Ok(exact), lenient.clone(), "{body}");
                }
                if let Some(exact) = decode_exact_model::<WebhookEvent>(body.as_bytes()) {
                    assert_eq!(Ok(exact), lenient, "{body}");
                }
            }
        }
        assert!(refused > 0, "the depths tried reach serde_json's limit");
    }
}
