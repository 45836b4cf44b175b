//! What the generated `Deserialize` impls call: reading keys, filling a
//! field once, keeping what does not fit (a union's body: `union.rs`).
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

use super::in_place::{list, OrNull, ReadInto};
use super::json::PlainJson;
use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor,
};
use serde_json::{Map, Value};
use std::{
    cell::{Cell, RefCell},
    fmt,
    marker::PhantomData,
};

thread_local! {
    /// Set while [`decode_exact`] runs on this thread.
    static EXACT: Cell<bool> = const { Cell::new(false) };
    /// The tag of the union being decoded, found before the decode began
    /// ([`decode_exact_tagged`]); taken by the first union read.
    static FOUND_TAG: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// Decodes `bytes` as `T` when every received value fits its type, reading
/// nothing into a `Value` but unknown keys; `None` when one does not fit (or
/// the bytes are not `T` at all). Where it answers, it answers what
/// `serde_json::from_slice` would: [`Fits`] is exactly "decodes".
pub fn decode_exact<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    decode_exact_result(bytes).ok()
}

/// [`decode_exact`] with serde_json's error: the same type as its
/// `from_str` returns, so a large `T` is not moved from one wrapper into
/// another on the way out (for a webhook body, a few percent of its decode).
pub(crate) fn decode_exact_result<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            EXACT.with(|e| e.set(self.0));
        }
    }
    let _restore = Restore(EXACT.with(|e| e.replace(true)));
    super::json::from_bytes(bytes)
}

/// [`decode_exact`] with serde_json's error, for a type that may be a union
/// chosen by the key `tag` (`Model::UNION_TAG`): its value is looked for
/// before the body is decoded, so that the variant reads the body in one
/// pass wherever the tag is.
pub(crate) fn decode_exact_tagged<T: DeserializeOwned>(
    bytes: &[u8],
    tag: Option<&str>,
) -> serde_json::Result<T> {
    let tag = tag
        .and_then(|key| super::find_tag::find_tag(bytes, key))
        .and_then(|text| {
            PlainJson
                .deserialize(&mut serde_json::Deserializer::from_slice(text))
                .ok()
        });
    let Some(tag) = tag else {
        return decode_exact_result(bytes);
    };
    struct Forget;
    impl Drop for Forget {
        fn drop(&mut self) {
            // Not taken (the body is not an object): no later decode sees it.
            let _ = FOUND_TAG.try_with(|found| found.borrow_mut().take());
        }
    }
    let _forget = Forget;
    FOUND_TAG.with(|found| *found.borrow_mut() = Some(tag));
    decode_exact_result(bytes)
}

/// The tag found for the union this decode reads, if any (once).
pub(super) fn found_tag() -> Option<Value> {
    FOUND_TAG.with(|found| found.borrow_mut().take())
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
    set_once_with(map, slot, key, PhantomData)
}

/// [`set_once`] for a list of structs, whose items are read in place (see
/// [`list`](super::in_place::list)).
pub fn set_list_once<'de, A, T>(
    map: &mut A,
    slot: &mut Option<Vec<T>>,
    key: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: ReadInto,
{
    set_once_with(map, slot, key, list::<T>())
}

/// [`set_once`] with the value read by `seed`.
fn set_once_with<'de, A, S>(
    map: &mut A,
    slot: &mut Option<S::Value>,
    key: &'static str,
    seed: S,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    S: DeserializeSeed<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value_seed(seed)?);
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
    let read = if exact() {
        // Straight into `T`; only a `null` the type does not take is kept.
        if T::TAKES_NULL {
            Ok(map.next_value()?)
        } else {
            map.next_value::<Option<T>>()?.ok_or(Value::Null)
        }
    } else {
        read_fitting(map)?
    };
    keep(read, slot, extra, key);
    Ok(())
}

/// [`keep_fitting`] for a list of structs, whose items are read in place
/// (see [`list`](super::in_place::list)).
pub fn keep_fitting_list<'de, A, T>(
    map: &mut A,
    slot: &mut Option<Vec<T>>,
    extra: &mut Map<String, Value>,
    key: &str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: ReadInto + DeserializeOwned + Fits,
{
    let read = if exact() {
        map.next_value_seed(OrNull(list::<T>()))?.ok_or(Value::Null)
    } else {
        read_fitting(map)?
    };
    keep(read, slot, extra, key);
    Ok(())
}

/// The lenient read of a received value: `Ok` when it fits `T`, else the
/// value as sent.
#[inline]
fn read_fitting<'de, A, T>(map: &mut A) -> Result<Result<T, Value>, A::Error>
where
    A: MapAccess<'de>,
    T: DeserializeOwned + Fits,
{
    let value = map.next_value_seed(PlainJson)?;
    if T::fits(&value) {
        Ok(Ok(T::deserialize(value).map_err(de::Error::custom)?))
    } else {
        Ok(Err(value))
    }
}

/// `Ok` goes into the slot, `Err` is kept as sent.
#[inline(always)]
fn keep<T>(
    read: Result<T, Value>,
    slot: &mut Option<T>,
    extra: &mut Map<String, Value>,
    key: &str,
) {
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
}

/// A required field's value, or serde's "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
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
}
