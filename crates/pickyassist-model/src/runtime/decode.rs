//! Serialization and decoding of generated types: one macro per shape, so a
//! generated struct is its fields plus one line, not a visitor per struct.
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
use serde_json::{Map, Value};
use std::{cell::Cell, fmt};

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

/// A wire value a closed enum or a union branch accepts.
pub trait Accepted: Copy {
    /// Whether `raw` is exactly this value.
    fn accepted_by(self, raw: &super::lenient::Raw) -> bool;
    /// Whether the JSON value is exactly this value.
    fn matches_value(self, value: &Value) -> bool;
}

impl Accepted for u64 {
    fn accepted_by(self, raw: &super::lenient::Raw) -> bool {
        raw.is_number(self)
    }
    fn matches_value(self, value: &Value) -> bool {
        super::check::eq_number(value, self as f64)
    }
}

impl Accepted for &'static str {
    fn accepted_by(self, raw: &super::lenient::Raw) -> bool {
        raw.is_str(self)
    }
    fn matches_value(self, value: &Value) -> bool {
        value.as_str() == Some(self)
    }
}

/// The JSON key of a field: the explicit one, else the field's name.
#[doc(hidden)]
#[macro_export]
macro_rules! __key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}

/// `Serialize`, `Deserialize` and `new` for a generated struct.
///
/// `model_struct!(Name, closed|open, [required: Type (= "key")?, …], [optional (= "key")?, …])`.
/// Open structs have an `extra: serde_json::Map<String, Value>` field.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_struct {
    ($ty:ident, closed, [$($req:tt)*], [$($opt:tt)*] $(,)?) => {
        $crate::__model_struct!(@impl $ty, closed, extra [], [$($req)*], [$($opt)*]);
    };
    ($ty:ident, open, [$($req:tt)*], [$($opt:tt)*] $(,)?) => {
        $crate::__model_struct!(@impl $ty, open, extra [extra], [$($req)*], [$($opt)*]);
    };
    (
        @impl $ty:ident, $mode:ident, $x:ident [$($extra:ident)?],
        [$($req:ident: $req_ty:ty $(= $rkey:literal)?),* $(,)?],
        [$($opt:ident $(= $okey:literal)?),* $(,)?]
    ) => {
        impl $ty {
            /// The JSON keys this type knows.
            pub const KEYS: &'static [&'static str] = &[
                $($crate::__key!($req $(, $rkey)?),)*
                $($crate::__key!($opt $(, $okey)?),)*
            ];

            #[doc = concat!("A `", stringify!($ty), "` with its required values; add the rest with the setters.")]
            #[allow(clippy::new_without_default)]
            pub fn new($($req: impl Into<$req_ty>),*) -> Self {
                Self {
                    $($req: $req.into(),)*
                    $($opt: None,)*
                    $($extra: serde_json::Map::new(),)?
                }
            }
        }

        impl $crate::__private::Fits for $ty {
            fn fits(value: &serde_json::Value) -> bool {
                $crate::__model_struct!(@fits $mode, $ty, value, [$($req: $req_ty $(= $rkey)?),*])
            }
        }

        $crate::__with_schemars!($ty);

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(None)?;
                $(map.serialize_entry($crate::__key!($req $(, $rkey)?), &self.$req)?;)*
                $(if let Some(value) = &self.$opt {
                    map.serialize_entry($crate::__key!($opt $(, $okey)?), value)?;
                })*
                $(for (key, value) in &self.$extra {
                    map.serialize_entry(key, value)?;
                })?
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($ty), " object"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $(let mut $req = None;)*
                        $(let mut $opt = None;)*
                        $(let mut $extra = serde_json::Map::new();)?
                        while let Some(key) = map.next_key::<$crate::__private::Key<'de>>()? {
                            match key.as_str() {
                                $($crate::__key!($req $(, $rkey)?) => {
                                    $crate::__model_struct!(@required $mode, map, $req, $crate::__key!($req $(, $rkey)?))
                                })*
                                $($crate::__key!($opt $(, $okey)?) => {
                                    $crate::__model_struct!(@optional $mode, map, $opt, $x, $crate::__key!($opt $(, $okey)?))
                                })*
                                other => {
                                    $crate::__model_struct!(@unknown $mode, map, other, $x, $ty)
                                }
                            }
                        }
                        Ok($ty {
                            $($req: $req.ok_or_else(|| serde::de::Error::missing_field($crate::__key!($req $(, $rkey)?)))?,)*
                            $($opt,)*
                            $($extra,)?
                        })
                    }
                }
                d.deserialize_map(V)
            }
        }
    };

    (@required closed, $map:ident, $slot:ident, $key:expr) => {
        $crate::__private::set_once(&mut $map, &mut $slot, $key)?
    };
    (@required open, $map:ident, $slot:ident, $key:expr) => {
        $slot = Some($map.next_value()?)
    };
    (@optional closed, $map:ident, $slot:ident, $extra:ident, $key:expr) => {
        $crate::__private::set_once(&mut $map, &mut $slot, $key)?
    };
    (@optional open, $map:ident, $slot:ident, $extra:ident, $key:expr) => {
        $crate::__private::keep_fitting(&mut $map, &mut $slot, &mut $extra, $key)?
    };
    (@fits closed, $ty:ident, $v:ident, [$($req:ident: $req_ty:ty $(= $rkey:literal)?),*]) => {
        // Strict: a value fits when it decodes (there is no cheaper test).
        <$ty as serde::Deserialize>::deserialize($v).is_ok()
    };
    (@fits open, $ty:ident, $v:ident, [$($req:ident: $req_ty:ty $(= $rkey:literal)?),*]) => {
        // Lenient: an object with every required key, each of its type.
        $v.as_object().is_some_and(|_o| {
            true $(&& _o.get($crate::__key!($req $(, $rkey)?)).is_some_and(<$req_ty as $crate::__private::Fits>::fits))*
        })
    };
    (@unknown closed, $map:ident, $other:ident, $extra:ident, $ty:ident) => {
        return Err(serde::de::Error::unknown_field($other, $ty::KEYS))
    };
    (@unknown open, $map:ident, $other:ident, $extra:ident, $ty:ident) => {{
        let value: serde_json::Value = $map.next_value()?;
        $extra.insert($other.to_owned(), value);
    }};
}

/// Codes, conversions, `Serialize` and `Deserialize` of a generated integer enum.
///
/// `int_enum!(Name, open, [Variant = code, …])`: unknown codes become `Other(u64)`.
/// `int_enum!(Name, closed "allowed forms", [Variant = code => [wire forms], …])`.
#[doc(hidden)]
#[macro_export]
macro_rules! __int_enum {
    ($ty:ident, open, [$($v:ident = $code:literal),* $(,)?] $(,)?) => {
        impl $ty {
            /// The code sent on the wire.
            pub const fn code(self) -> u64 {
                match self {
                    $(Self::$v => $code,)*
                    Self::Other(n) => n,
                }
            }

            /// The variant for a code; unknown codes become `Other`.
            pub const fn from_code(code: u64) -> Self {
                match code {
                    $($code => Self::$v,)*
                    n => Self::Other(n),
                }
            }
        }

        impl From<u64> for $ty {
            fn from(code: u64) -> Self {
                Self::from_code(code)
            }
        }

        $crate::__int_enum!(@common $ty);

        impl $crate::__private::Fits for $ty {
            // An open enum reads any code `LenientInt` reads.
            fn fits(value: &serde_json::Value) -> bool {
                <$crate::LenientInt as $crate::__private::Fits>::fits(value)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <$crate::__private::Raw as serde::Deserialize>::deserialize(d)?;
                match raw.to_u64($crate::__private::LENIENT_INT_MAX, $crate::__private::LENIENT_INT_MAX_DIGITS) {
                    Some(n) => Ok(Self::from_code(n)),
                    None => Err(serde::de::Error::custom(format!(
                        "{} is not a valid {} (a whole number of at most 15 digits)",
                        raw.describe(),
                        stringify!($ty)
                    ))),
                }
            }
        }
    };
    ($ty:ident, closed $allowed:literal, [$($v:ident = $code:literal => [$($wire:expr),*]),* $(,)?] $(,)?) => {
        impl $ty {
            /// The code sent on the wire.
            pub const fn code(self) -> u64 {
                match self {
                    $(Self::$v => $code,)*
                }
            }

            /// The variant for a code, if it is one of the documented ones.
            pub const fn from_code(code: u64) -> Option<Self> {
                match code {
                    $($code => Some(Self::$v),)*
                    _ => None,
                }
            }
        }

        impl TryFrom<u64> for $ty {
            type Error = $crate::NotAVariant;
            fn try_from(code: u64) -> Result<Self, Self::Error> {
                Self::from_code(code).ok_or_else(|| $crate::NotAVariant::new(stringify!($ty), code, $allowed))
            }
        }

        $crate::__int_enum!(@common $ty);

        impl $crate::__private::Fits for $ty {
            fn fits(value: &serde_json::Value) -> bool {
                use $crate::__private::Accepted as _;
                // One of the listed forms (numbers match numbers, texts strings).
                false $($(|| $wire.matches_value(value))*)*
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use $crate::__private::Accepted as _;
                let raw = <$crate::__private::Raw as serde::Deserialize>::deserialize(d)?;
                $(if false $(|| $wire.accepted_by(&raw))* {
                    return Ok(Self::$v);
                })*
                Err(serde::de::Error::custom($crate::NotAVariant::new(
                    stringify!($ty),
                    raw.describe(),
                    $allowed
                )))
            }
        }
    };
    (@common $ty:ident) => {
        $crate::__with_schemars!($ty);

        impl std::fmt::Display for $ty {
            /// The code, as it is sent.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        impl From<$ty> for u64 {
            fn from(value: $ty) -> u64 {
                value.code()
            }
        }
    };
}

/// Text, `Serialize` and `Deserialize` of a generated string enum.
///
/// `str_enum!(Name, open|closed, [Variant = "text", …])`: open enums keep
/// unknown texts in `Other(String)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __str_enum {
    ($ty:ident, open, [$($v:ident = $text:literal),* $(,)?] $(,)?) => {
        impl $ty {
            /// The text sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$v => $text,)*
                    Self::Other(text) => text,
                }
            }

            /// The variant for a text; unknown texts become `Other`.
            pub fn from_text(text: &str) -> Self {
                match text {
                    $($text => Self::$v,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        $crate::__str_enum!(@common $ty, |text: String| -> Result<Self, String> {
            Ok(Self::from_text(&text))
        });

        impl From<&str> for $ty {
            fn from(text: &str) -> Self {
                Self::from_text(text)
            }
        }

        impl std::str::FromStr for $ty {
            type Err = std::convert::Infallible;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_text(text))
            }
        }

        impl $crate::__private::Fits for $ty {
            fn fits(value: &serde_json::Value) -> bool {
                value.is_string()
            }
        }
    };
    ($ty:ident, closed, [$($v:ident = $text:literal),* $(,)?] $(,)?) => {
        impl $ty {
            /// The text sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$v => $text,)*
                }
            }

            /// The variant for a text, if it is one of the documented ones.
            pub fn from_text(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$v),)*
                    _ => None,
                }
            }
        }

        impl $crate::__private::Fits for $ty {
            fn fits(value: &serde_json::Value) -> bool {
                value.as_str().is_some_and(|t| Self::from_text(t).is_some())
            }
        }

        $crate::__str_enum!(@common $ty, |text: String| -> Result<Self, String> {
            text.parse::<Self>().map_err(|e| e.to_string())
        });

        impl std::str::FromStr for $ty {
            type Err = $crate::NotAVariant;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::from_text(text).ok_or_else(|| {
                    let allowed: &[&str] = &[$($text),*];
                    $crate::NotAVariant::new(stringify!($ty), format!("{text:?}"), format!("{allowed:?}"))
                })
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = $crate::NotAVariant;
            fn try_from(text: &str) -> Result<Self, Self::Error> {
                text.parse()
            }
        }
    };
    (@common $ty:ident, $decode:expr) => {
        $crate::__with_schemars!($ty);

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                let decode: fn(String) -> Result<Self, String> = $decode;
                decode(text).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// `Serialize` and `Deserialize` of a received union chosen by a discriminator key.
///
/// `union!(Name, "key", [Variant = [wire forms] => tag_field, …])`. A body whose key
/// has no listed value, or whose branch cannot be read, is kept whole in
/// `Unknown(Value)`: a new kind never fails a decode, on any decoding path.
/// Only a body that is not an object, or has no such key at all, is not one.
#[doc(hidden)]
#[macro_export]
macro_rules! __union {
    ($ty:ident, $key:literal, [$($v:ident = [$($wire:expr),*] => $field:ident),* $(,)?] $(,)?) => {
        impl $ty {
            /// The JSON value of the discriminator, if present: the variant's
            /// field as it would be sent (`1` for a `"1"` received), or the
            /// raw value kept in `Unknown`.
            pub fn discriminator(&self) -> Option<serde_json::Value> {
                match self {
                    $(Self::$v(inner) => serde_json::to_value(&inner.$field).ok().filter(|v| !v.is_null()),)*
                    Self::Unknown(raw) => raw.get($key).cloned(),
                }
            }
        }

        impl $crate::__private::Fits for $ty {
            fn fits(value: &serde_json::Value) -> bool {
                value.as_object().is_some_and(|o| o.contains_key($key))
            }
        }

        $crate::__with_schemars!($ty);

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Self::$v(inner) => inner.serialize(s),)*
                    Self::Unknown(raw) => raw.serialize(s),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use $crate::__private::Accepted as _;
                if $crate::__private::exact() {
                    // Find the tag in the raw text, then decode the branch
                    // from it: no `Value` of the body.
                    let text = <&serde_json::value::RawValue>::deserialize(d)?.get();
                    let tag = $crate::__private::member(text, $key).map_err(serde::de::Error::custom)?;
                    let Some(tag) = tag else {
                        return Err(serde::de::Error::missing_field($key));
                    };
                    $(if false $(|| $wire.matches_value(&tag))* {
                        return serde_json::from_str(text).map(Self::$v).map_err(serde::de::Error::custom);
                    })*
                    return serde_json::from_str(text).map(Self::Unknown).map_err(serde::de::Error::custom);
                }
                let raw = serde_json::Value::deserialize(d)?;
                if !raw.is_object() {
                    return Err(serde::de::Error::custom(format!(
                        "expected a {} object, found {}",
                        stringify!($ty),
                        $crate::__private::type_name(&raw)
                    )));
                }
                let Some(tag) = raw.get($key) else {
                    return Err(serde::de::Error::missing_field($key));
                };
                $(if false $(|| $wire.matches_value(tag))* {
                    // `fits` is exact, so a fitting body moves into its variant.
                    return Ok(match $crate::__private::fits_as(&raw, Self::$v) {
                        Some(make) => make(serde::Deserialize::deserialize(raw).map_err(serde::de::Error::custom)?),
                        None => Self::Unknown(raw),
                    });
                })*
                Ok(Self::Unknown(raw))
            }
        }
    };
}

/// Whether a JSON value decodes as `Self`, answered without decoding it.
///
/// Received structs read each value into a `Value` first, to keep it in
/// `extra` when it does not fit; asking first lets a fitting value be moved
/// into its field instead of copied. `fits(v)` must be exactly
/// `Self::deserialize(v).is_ok()` (the differential tests check it on every
/// payload).
pub trait Fits {
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
        if T::fits(&Value::Null) {
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
            extra.remove(key);
        }
        Err(kept) => {
            *slot = None;
            extra.insert(key.to_owned(), kept);
        }
    }
    Ok(())
}

/// `Some(make)` when `value` fits the type `make` wraps (for union variants).
pub fn fits_as<T: Fits, U>(value: &Value, make: fn(T) -> U) -> Option<fn(T) -> U> {
    T::fits(value).then_some(make)
}

/// `Serialize`, `Deserialize` and `Fits` of a type that holds any JSON value
/// (`struct Name(pub serde_json::Value)`), checked only by its rules.
#[doc(hidden)]
#[macro_export]
macro_rules! __any_type {
    ($ty:ident) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <serde_json::Value as serde::Deserialize>::deserialize(d).map(Self)
            }
        }

        impl $crate::__private::Fits for $ty {
            fn fits(_: &serde_json::Value) -> bool {
                true
            }
        }

        $crate::__with_schemars!($ty);
    };
}

/// `schemars::JsonSchema` for a generated type, with the `schemars` feature.
#[cfg(feature = "schemars")]
#[doc(hidden)]
#[macro_export]
macro_rules! __with_schemars {
    ($ty:ident) => {
        $crate::__schemars!($ty, stringify!($ty));
    };
}

/// Without the `schemars` feature: nothing.
#[cfg(not(feature = "schemars"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __with_schemars {
    ($ty:ident) => {};
}

/// The member `key` of the JSON object `text`, skipping the others unread;
/// an error when `text` is not an object.
pub fn member(text: &str, key: &str) -> Result<Option<Value>, serde_json::Error> {
    struct Find<'k>(&'k str);
    impl<'de> Visitor<'de> for Find<'_> {
        type Value = Option<Value>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(k) = map.next_key::<Key<'de>>()? {
                if k.as_str() == self.0 {
                    found = Some(map.next_value()?);
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
    serde_json::Deserializer::from_str(text).deserialize_map(Find(key))
}
