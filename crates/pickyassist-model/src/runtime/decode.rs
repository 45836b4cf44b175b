//! What the generated `Deserialize` impls call: reading keys, filling a
//! field once, keeping what does not fit, and a union's body.
//!
//! - **Closed** structs (requests, which we send) decode strictly: objects
//!   only (never a positional array), unknown keys, keys given twice and
//!   `null` for an optional key are errors. Decoding then accepts no more
//!   than the schema's types allow, which the typed fast path of
//!   `validate_json` relies on.
//! - **Open** structs (answers and webhooks, which we receive) never fail
//!   over a value: a value of an unexpected type or form is kept, as sent, in
//!   `extra` under its key (the field stays `None`), like unknown keys and
//!   `null`s. Only a missing required key (`status`) or a wrong required
//!   value fails, because then the body is not that object at all. A key
//!   given twice keeps its last copy.
//!
//! Keeping a value that does not fit means reading it into a `Value` first.
//! [`decode_exact`] skips that: it decodes received bytes straight into their
//! types and gives up at the first value that does not fit, so the caller
//! takes the lenient path only for the rare body that needs it.

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::{cell::Cell, fmt, marker::PhantomData};

thread_local! {
    /// Set while [`decode_exact`] runs on this thread.
    static EXACT: Cell<bool> = const { Cell::new(false) };
}

/// Decodes `bytes` as `T` when every received value fits its type, reading
/// nothing into a `Value` but unknown keys; `None` when one does not fit (or
/// the bytes are not `T` at all). Where it answers, it answers what
/// `serde_json::from_slice` would: [`Fits`] is exactly "decodes".
pub fn decode_exact<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            EXACT.with(|e| e.set(self.0));
        }
    }
    let _restore = Restore(EXACT.with(|e| e.replace(true)));
    serde_json::from_slice(bytes).ok()
}

/// Whether the decode running on this thread is [`decode_exact`]'s.
#[inline]
pub fn exact() -> bool {
    EXACT.with(Cell::get)
}

/// A map key as read: borrowed from the input when it has no escapes.
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped into a new string.
    Owned(String),
}

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The error for an unknown key in a closed object: serde's message, which
/// lists every known key, unless the decode is [`decode_exact`]'s, whose
/// errors are dropped unread (formatting that list was a tenth of reporting
/// a one-recipient push with a misspelt key).
pub fn unknown_field<E: de::Error>(key: &str, known: &'static [&'static str]) -> E {
    if exact() {
        E::custom("unknown field")
    } else {
        E::unknown_field(key, known)
    }
}

/// Reads the value of `key` into `slot`; a key given twice is an error.
pub fn set_once<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Whether a JSON value decodes as `Self`, answered without decoding it.
///
/// Received structs read each value into a `Value` first, to keep it in
/// `extra` when it does not fit; asking first lets a fitting value be moved
/// into its field instead of copied. `fits(v)` must be exactly
/// `Self::deserialize(v).is_ok()` (the differential tests check it on every
/// payload).
pub trait Fits {
    /// `fits(&Value::Null)`, known without asking: whether `null` decodes
    /// as `Self` (only for types that take any value).
    const TAKES_NULL: bool = false;

    /// Whether `value` decodes as `Self`.
    fn fits(value: &Value) -> bool;
}

impl Fits for String {
    fn fits(value: &Value) -> bool {
        value.is_string()
    }
}

impl Fits for bool {
    fn fits(value: &Value) -> bool {
        value.is_boolean()
    }
}

impl Fits for f64 {
    fn fits(value: &Value) -> bool {
        value.is_number()
    }
}

impl Fits for Value {
    const TAKES_NULL: bool = true;
    fn fits(_: &Value) -> bool {
        true
    }
}

impl<T: Fits> Fits for Vec<T> {
    fn fits(value: &Value) -> bool {
        value.as_array().is_some_and(|a| a.iter().all(T::fits))
    }
}

/// Reads a received value: moved into `slot` when it fits, otherwise kept
/// as sent in `extra` under `key`. Never fails on the value.
pub fn keep_fitting<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    extra: &mut Map<String, Value>,
    key: &str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: DeserializeOwned + Fits,
{
    // `Ok` goes into the slot, `Err` is kept as sent.
    let read: Result<T, Value> = if exact() {
        // Straight into `T`; only a `null` the type does not take is kept.
        if T::TAKES_NULL {
            Ok(map.next_value()?)
        } else {
            map.next_value::<Option<T>>()?.ok_or(Value::Null)
        }
    } else {
        let value: Value = map.next_value()?;
        if T::fits(&value) {
            Ok(T::deserialize(value).map_err(de::Error::custom)?)
        } else {
            Err(value)
        }
    };
    match read {
        Ok(value) => {
            *slot = Some(value);
            // Only a key given twice has put an earlier copy there.
            if !extra.is_empty() {
                extra.remove(key);
            }
        }
        Err(kept) => {
            *slot = None;
            extra.insert(key.to_owned(), kept);
        }
    }
    Ok(())
}

/// A required field's value, or serde's "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// A union's body, read once: its members' raw texts on the
/// [`decode_exact`] path (no `Value` of the body), a JSON object otherwise.
/// `E` is the deserializer's error type.
///
/// On the exact path the tag is parsed from its member's text and the
/// variant from the members, each from its own text: one scan of the body
/// and one parse of each member. A member parsed alone is allowed one level
/// of nesting more than inside its body, so a member that could come near
/// serde_json's depth limit is left to the lenient decode, which parses the
/// body whole (see [`shallow`]).
pub struct UnionBody<'de, E> {
    body: Body<'de>,
    error: PhantomData<E>,
}

enum Body<'de> {
    Members(Vec<(Key<'de>, &'de RawValue)>),
    Object(Map<String, Value>),
}

impl<'de, E: de::Error> UnionBody<'de, E> {
    /// Reads the body of a `ty`; anything but an object is an error.
    pub fn read<D: Deserializer<'de, Error = E>>(d: D, ty: &str) -> Result<Self, E> {
        let body = if exact() {
            Body::Members(d.deserialize_map(MembersVisitor)?)
        } else {
            match Value::deserialize(d)? {
                Value::Object(o) => Body::Object(o),
                other => {
                    return Err(E::custom(format!(
                        "expected a {ty} object, found {}",
                        super::check::type_name(&other)
                    )))
                }
            }
        };
        Ok(Self {
            body,
            error: PhantomData,
        })
    }

    /// The discriminator's value; a body without it is not this union.
    pub fn tag(&self, key: &'static str) -> Result<Value, E> {
        let tag = match &self.body {
            // The last copy of a key given twice, as in a parsed object.
            Body::Members(members) => match members.iter().rev().find(|(k, _)| k.as_str() == key) {
                Some((_, raw)) => Some(serde_json::from_str(raw.get()).map_err(E::custom)?),
                None => None,
            },
            Body::Object(o) => o.get(key).cloned(),
        };
        tag.ok_or_else(|| E::missing_field(key))
    }

    /// The body as the variant `make` wraps, or whole in `unknown` when the
    /// variant cannot read it.
    pub fn into_variant<T, U>(self, make: fn(T) -> U, unknown: fn(Value) -> U) -> Result<U, E>
    where
        T: DeserializeOwned + Fits,
    {
        match self.body {
            Body::Members(members) => T::deserialize(Members::deserializer(members))
                .map(make)
                .map_err(E::custom),
            Body::Object(o) => {
                let value = Value::Object(o);
                // `fits` is exact, so a fitting body moves into its variant.
                if T::fits(&value) {
                    T::deserialize(value).map(make).map_err(E::custom)
                } else {
                    Ok(unknown(value))
                }
            }
        }
    }

    /// The body whole, for a tag no variant lists.
    pub fn into_unknown<U>(self, unknown: fn(Value) -> U) -> Result<U, E> {
        match self.body {
            // Through `Value`'s own visitor, so the object is built as a
            // parse of the body would build it.
            Body::Members(members) => Value::deserialize(Members::deserializer(members))
                .map(unknown)
                .map_err(E::custom),
            Body::Object(o) => Ok(unknown(Value::Object(o))),
        }
    }
}

/// Reads an object's members as raw texts, refusing (so that the lenient
/// decode answers) a member that is not [`shallow`] and a key of
/// serde_json's own (`$serde_json::private::…`, which its `Value` parser
/// reads as an instruction when it comes first).
struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Vec<(Key<'de>, &'de RawValue)>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(8);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let value: &'de RawValue = map.next_value()?;
            if key.as_str().starts_with("$serde_json::private::") || !shallow(value.get()) {
                return Err(de::Error::custom("left to the lenient decode"));
            }
            members.push((key, value));
        }
        Ok(members)
    }
}

/// Whether a member's text nests too little to come near serde_json's depth
/// limit (128 levels) even when parsed alone: every level opens a bracket,
/// so fewer than 127 brackets leave room for the body's own level.
fn shallow(text: &str) -> bool {
    const LEVELS: usize = 127;
    text.len() < 2 * LEVELS || text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() < LEVELS
}

/// The members of a union's body, handed to a variant (or to `Value`) as
/// an object, each value parsed from its own text.
struct Members<'de> {
    rest: std::vec::IntoIter<(Key<'de>, &'de RawValue)>,
    value: Option<&'de RawValue>,
}

impl<'de> Members<'de> {
    fn deserializer(
        members: Vec<(Key<'de>, &'de RawValue)>,
    ) -> de::value::MapAccessDeserializer<Self> {
        de::value::MapAccessDeserializer::new(Self {
            rest: members.into_iter(),
            value: None,
        })
    }
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.rest.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        match key {
            Key::Borrowed(k) => seed.deserialize(de::value::BorrowedStrDeserializer::new(k)),
            Key::Owned(k) => seed.deserialize(de::value::StringDeserializer::new(k)),
        }
        .map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let raw = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its key"))?;
        seed.deserialize(raw)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.rest.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Decimal, NumericId, PhoneNumber, Pin, ReceivedId, ReceivedText, WholeNumber};

    fn agrees<T: Fits>() -> bool {
        T::TAKES_NULL == T::fits(&Value::Null)
    }

    /// `TAKES_NULL` is what `fits` says of `null`, for every runtime type.
    #[test]
    fn takes_null_is_what_fits_says_of_null() {
        assert!(agrees::<Value>() && <Value as Fits>::TAKES_NULL);
        assert!(agrees::<String>() && agrees::<bool>() && agrees::<f64>());
        assert!(agrees::<Vec<String>>() && agrees::<ReceivedId>() && agrees::<NumericId>());
        assert!(agrees::<ReceivedText>() && agrees::<Decimal>() && agrees::<WholeNumber>());
        assert!(agrees::<PhoneNumber>() && agrees::<Pin>());
    }

    /// Where `decode_exact` answers a union, the lenient decode agrees: tag
    /// first or last, given twice (the last copy counts), escaped keys, an
    /// unknown tag, and a key serde_json's `Value` parser reads as its own
    /// instruction (left to the lenient decode).
    #[test]
    fn a_union_read_member_by_member_answers_as_the_lenient_decode() {
        let bodies = [
            r#"{"project_id":"3526","event_id":1,"data":[{"push_id":"1","status":"1"}]}"#,
            r#"{"data":[{"push_id":"1","status":"1"}],"event_id":"1","project_id":3526}"#,
            r#"{"event_id":1,"data":[],"event_id":2,"number":"1543342290"}"#,
            r#"{"event_id":2,"event_id":1}"#,
            r#"{"ev\u0065nt_id":1,"d\"ata":{"a":[1,{"b":null}]}}"#,
            r#"{"event_id":9,"whatever":[1,2,{"x":"y"}]}"#,
            r#"{"event_id":{"nested":1}}"#,
            r#"{"$serde_json::private::RawValue":"{}","event_id":1}"#,
            r#"{"$serde_json::private::RawValue":"{\"event_id\":1}"}"#,
            r#"{"event_id":1,"data":{"$serde_json::private::RawValue":"[]"}}"#,
            r#"{"project_id":"1"}"#,
            r#"[1]"#,
        ];
        let mut answered = 0;
        for body in bodies {
            let lenient = serde_json::from_str::<crate::WebhookEvent>(body);
            if let Some(exact) = decode_exact::<crate::WebhookEvent>(body.as_bytes()) {
                answered += 1;
                assert_eq!(Ok(exact), lenient.map_err(|e| e.to_string()), "{body}");
            }
        }
        assert!(answered >= 6, "the exact path answers the ordinary bodies");
    }

    /// Where `decode_exact` answers, the lenient decode agrees, also for a
    /// union body nested to serde_json's depth limit: a member parsed alone
    /// gets a fresh depth budget, one level more than inside its body, so a
    /// member that could reach the limit is left to the lenient decode.
    #[test]
    fn a_deep_union_body_is_refused_on_both_paths() {
        let mut refused = 0;
        for depth in 120..=132 {
            let body = format!(
                "{{\"event_id\":{}{}}}",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            let lenient = serde_json::from_str::<crate::WebhookEvent>(&body);
            refused += usize::from(lenient.is_err());
            if let Some(exact) = decode_exact::<crate::WebhookEvent>(body.as_bytes()) {
                assert_eq!(
                    Ok(exact),
                    lenient.map_err(|e| e.to_string()),
                    "depth {depth}"
                );
            }
        }
        assert!(refused > 0, "the depths tried reach serde_json's limit");
    }
}
