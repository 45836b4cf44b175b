//! Lists of structs read in place: each item is decoded straight into its
//! slot of the list, not built aside and then moved in.
//!
//! serde's `Vec<T>` builds every item in the item visitor, returns it
//! through `Result` and `Option`, and pushes it: a struct of a dozen
//! optional fields (288 bytes for a recipient of a push) is copied three or
//! four times, which was a fifth of decoding a 10 000-recipient push. Here
//! the list pushes an empty item and the item's visitor fills its fields
//! where they stay. The answer is the same as serde's in every case: the
//! same items, the same errors (an item that is not an object, a bad value).

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::{fmt, marker::PhantomData};

/// A struct that can be read into an empty value of itself (what
/// `Default` gives: every field `None`). Generated for the structs whose
/// fields are all optional; `Deserialize` is `read_into` on a default.
pub trait ReadInto: Default {
    /// Reads an object into `place`, which holds what `Default` gives.
    fn read_into<'de, D: Deserializer<'de>>(d: D, place: &mut Self) -> Result<(), D::Error>;
}

/// Reads a list of `T` in place ([`list`]).
pub struct ListOf<T>(PhantomData<T>);

/// The seed that reads a JSON array of `T` into a `Vec<T>`, each item in place.
pub fn list<T: ReadInto>() -> ListOf<T> {
    ListOf(PhantomData)
}

impl<'de, T: ReadInto> DeserializeSeed<'de> for ListOf<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: ReadInto> Visitor<'de> for ListOf<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // serde's words for a `Vec`, so that errors read as before.
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // The first item is read on the stack: an empty list, or one whose
        // first item fails (a request with a misspelt key), allocates
        // nothing, as with serde.
        let mut first = T::default();
        if seq.next_element_seed(Slot(&mut first))?.is_none() {
            return Ok(Vec::new());
        }
        // As serde sizes a `Vec`: a hint (of the items left) is trusted up
        // to 1 MiB of items; at least four, as serde's first push allocates.
        let room = (1 << 20) / std::mem::size_of::<T>().max(1);
        let hint = seq.size_hint().unwrap_or(0).saturating_add(1);
        let mut items = Vec::with_capacity(hint.min(room).max(4));
        items.push(first);
        loop {
            if items.len() == items.capacity() {
                // Full: the next item is read on the stack, so that a list
                // that ends here does not grow for an item that never comes.
                let mut next = T::default();
                if seq.next_element_seed(Slot(&mut next))?.is_none() {
                    return Ok(items);
                }
                items.push(next);
                continue;
            }
            items.push(T::default());
            let last = items.len() - 1;
            if seq.next_element_seed(Slot(&mut items[last]))?.is_none() {
                // The empty item pushed for an element that did not come.
                items.pop();
                return Ok(items);
            }
        }
    }
}

/// Reads one item into its slot.
struct Slot<'a, T>(&'a mut T);

impl<'de, T: ReadInto> DeserializeSeed<'de> for Slot<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        T::read_into(d, self.0)
    }
}

/// `null` or what `S` reads: the seed form of `Option<T>`.
pub struct OrNull<S>(pub S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for OrNull<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for OrNull<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(d).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::list;
    use crate::{PushMessage, WebhookContact};
    use serde::de::{Deserialize, DeserializeOwned, DeserializeSeed};
    use std::fmt::Debug;

    /// What serde's `Vec<T>` answers, and what the list read in place
    /// answers, for the same text: from a parser and from a `Value`.
    fn both<T: super::ReadInto + DeserializeOwned + PartialEq + Debug>(text: &str) {
        let serde: Result<Vec<T>, String> = serde_json::from_str(text).map_err(|e| e.to_string());
        let mut de = serde_json::Deserializer::from_str(text);
        let ours = list::<T>()
            .deserialize(&mut de)
            .and_then(|v| de.end().map(|()| v))
            .map_err(|e| e.to_string());
        assert_eq!(ours, serde, "{text}");
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
            let serde = Vec::<T>::deserialize(value.clone()).map_err(|e| e.to_string());
            let ours = list::<T>().deserialize(value).map_err(|e| e.to_string());
            assert_eq!(ours, serde, "{text} as a Value");
        }
    }

    /// Empty, one and many items, an item that fails first, in the middle
    /// or last, items that are not objects, and no list at all.
    #[test]
    fn a_list_read_in_place_is_what_serde_reads() {
        let texts = [
            "[]",
            r#"[{}]"#,
            r#"[{"number":"919000000001"}]"#,
            r#"[{"number":"919000000001","message":"Hi"},{"number":"919000000002"},{}]"#,
            r#"[{"mesage":"typo"},{"number":"919000000002"}]"#,
            r#"[{"number":"919000000001"},{"number":"+91 9000"},{"number":"919000000003"}]"#,
            r#"[{"number":"919000000001"},{"number":"919000000002","number":"919000000002"}]"#,
            r#"[{"number":"919000000001"},7]"#,
            r#"[{"number":"919000000001"},{"message":null}]"#,
            r#"[{"first_name":"A","city":null,"phone":7},{"x":[1]}]"#,
            r#"[null]"#,
            r#"{"number":"919000000001"}"#,
            r#""a list""#,
            r#"null"#,
            r#"[{"number":"919000000001"},"#,
        ];
        for text in texts {
            both::<PushMessage>(text);
            both::<WebhookContact>(text);
        }
        let many = format!("[{}]", vec![r#"{"number":"919000000001"}"#; 1000].join(","));
        both::<PushMessage>(&many);
    }

    /// A list holds no more room than serde's `Vec` would: exactly its items
    /// when the length is known (from a `Value`), and no growth past a
    /// full buffer for an item that never comes.
    #[test]
    fn a_list_read_in_place_takes_the_room_serde_takes() {
        for n in [1, 3, 4, 5, 8, 100] {
            let text = format!("[{}]", vec!["{}"; n].join(","));
            let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let ours = list::<PushMessage>()
                .deserialize(value.clone())
                .expect("a list");
            let serde = Vec::<PushMessage>::deserialize(value).expect("a list");
            assert_eq!(ours.len(), n);
            assert_eq!(
                ours.capacity(),
                serde.capacity().max(4),
                "{n} items from a Value"
            );
            let mut de = serde_json::Deserializer::from_str(&text);
            let ours = list::<PushMessage>().deserialize(&mut de).expect("a list");
            let serde: Vec<PushMessage> = serde_json::from_str(&text).expect("a list");
            assert_eq!(ours.capacity(), serde.capacity(), "{n} items from text");
        }
    }
}
