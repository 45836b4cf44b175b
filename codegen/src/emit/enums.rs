//! Enums over integer codes and over strings: the declaration with its docs,
//! conversions, `Display`, serde and `Fits`, all written out.

use super::{doc_attrs, ident, schemars_impl};
use crate::ir::{IntEnumDef, StrEnumDef, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// An enum over integer codes.
pub fn int_enum(t: &TypeDef, e: &IntEnumDef) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.doc);
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let doc = doc_attrs(&format!("{} = {}", v.value, v.doc));
        quote! { #doc #n, }
    });
    let code_arms = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let code = Literal::u64_unsuffixed(v.value);
        quote! { Self::#n => #code, }
    });
    let from_code_arms: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let n = ident(&v.name);
            let code = Literal::u64_unsuffixed(v.value);
            if e.open {
                quote! { #code => Self::#n, }
            } else {
                quote! { #code => Some(Self::#n), }
            }
        })
        .collect();
    let (from_code, codes) = if e.open {
        open_codes(&t.name, &from_code_arms)
    } else {
        closed_codes(t, e, &from_code_arms)
    };
    let other = e.open.then(|| {
        quote! {
            /// A code this crate does not know, kept as received.
            Other(u64),
        }
    });
    let other_code = e.open.then(|| quote! { Self::Other(n) => n, });
    let schemars = schemars_impl(&t.name);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other
        }

        impl #name {
            /// The code sent on the wire.
            pub const fn code(self) -> u64 {
                match self {
                    #(#code_arms)*
                    #other_code
                }
            }

            #from_code
        }

        #codes

        impl From<#name> for u64 {
            fn from(value: #name) -> u64 {
                value.code()
            }
        }

        impl std::fmt::Display for #name {
            /// The code, as it is sent.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(self.code())
            }
        }

        #schemars
    }
}

/// An open enum: every code decodes, unknown ones to `Other`.
fn open_codes(ty: &str, from_code_arms: &[TokenStream]) -> (TokenStream, TokenStream) {
    let name = ident(ty);
    let from_code = quote! {
        /// The variant for a code; unknown codes become `Other`.
        pub const fn from_code(code: u64) -> Self {
            match code {
                #(#from_code_arms)*
                n => Self::Other(n),
            }
        }
    };
    let impls = quote! {
        impl From<u64> for #name {
            fn from(code: u64) -> Self {
                Self::from_code(code)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            /// Any whole number `WholeNumber` reads (`7`, `"7"`, `7.0`).
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                rt::read_code(d, #ty).map(Self::from_code)
            }
        }

        impl rt::Fits for #name {
            fn fits(value: &serde_json::Value) -> bool {
                <crate::WholeNumber as rt::Fits>::fits(value)
            }
        }
    };
    (from_code, impls)
}

/// A closed enum: only the listed wire forms decode.
fn closed_codes(
    t: &TypeDef,
    e: &IntEnumDef,
    from_code_arms: &[TokenStream],
) -> (TokenStream, TokenStream) {
    let name = ident(&t.name);
    let ty = &t.name;
    let allowed: Vec<String> = e
        .variants
        .iter()
        .flat_map(|v| v.accepts.iter().map(Value::to_string))
        .collect();
    let allowed = allowed.join(", ");
    let reads = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let test = v.accepts.iter().map(|a| match a {
            Value::String(s) => quote! { raw.is_str(#s) },
            other => {
                let code = Literal::u64_unsuffixed(other.as_u64().unwrap_or(v.value));
                quote! { raw.is_number(#code) }
            }
        });
        quote! {
            if #(#test)||* {
                return Ok(Self::#n);
            }
        }
    });
    let fits = e
        .variants
        .iter()
        .flat_map(|v| v.accepts.iter())
        .map(|a| matches_value(a, &quote! { value }));
    let from_code = quote! {
        /// The variant for a code, if it is one of the documented ones.
        pub const fn from_code(code: u64) -> Option<Self> {
            match code {
                #(#from_code_arms)*
                _ => None,
            }
        }
    };
    let impls = quote! {
        impl TryFrom<u64> for #name {
            type Error = crate::NotAVariant;
            fn try_from(code: u64) -> Result<Self, Self::Error> {
                Self::from_code(code).ok_or_else(|| crate::NotAVariant::new(#ty, code, #allowed))
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            /// One of the listed forms: numbers match numbers, texts strings.
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <rt::Raw as serde::Deserialize>::deserialize(d)?;
                #(#reads)*
                Err(serde::de::Error::custom(crate::NotAVariant::new(#ty, raw.describe(), #allowed)))
            }
        }

        impl rt::Fits for #name {
            fn fits(value: &serde_json::Value) -> bool {
                #(#fits)||*
            }
        }
    };
    (from_code, impls)
}

/// Whether the JSON value `value` is exactly the accepted wire value.
pub fn matches_value(accepted: &Value, value: &TokenStream) -> TokenStream {
    match accepted {
        Value::String(s) => quote! { #value.as_str() == Some(#s) },
        other => {
            let n = Literal::f64_unsuffixed(other.as_f64().unwrap_or(f64::NAN));
            quote! { #value.as_f64() == Some(#n) }
        }
    }
}

/// An enum over strings.
pub fn str_enum(t: &TypeDef, e: &StrEnumDef) -> TokenStream {
    let name = ident(&t.name);
    let ty = &t.name;
    let docs = doc_attrs(&t.doc);
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let doc = doc_attrs(&format!("`{}`: {}", v.value, v.doc));
        quote! { #doc #n, }
    });
    let as_str_arms = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let text = &v.value;
        quote! { Self::#n => #text, }
    });
    let from_text_arms = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let text = &v.value;
        if e.open {
            quote! { #text => Self::#n, }
        } else {
            quote! { #text => Some(Self::#n), }
        }
    });
    let texts = e.variants.iter().map(|v| &v.value);
    let schemars = schemars_impl(&t.name);
    let conversions = if e.open {
        quote! {
            impl #name {
                /// The variant for a text; unknown texts become `Other`.
                pub fn from_text(text: &str) -> Self {
                    match text {
                        #(#from_text_arms)*
                        other => Self::Other(other.to_owned()),
                    }
                }
            }

            impl From<&str> for #name {
                fn from(text: &str) -> Self {
                    Self::from_text(text)
                }
            }

            impl std::str::FromStr for #name {
                type Err = std::convert::Infallible;
                fn from_str(text: &str) -> Result<Self, Self::Err> {
                    Ok(Self::from_text(text))
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let text = <String as serde::Deserialize>::deserialize(d)?;
                    Ok(Self::from_text(&text))
                }
            }

            impl rt::Fits for #name {
                fn fits(value: &serde_json::Value) -> bool {
                    value.is_string()
                }
            }
        }
    } else {
        quote! {
            impl #name {
                /// The variant for a text, if it is one of the documented ones.
                pub fn from_text(text: &str) -> Option<Self> {
                    match text {
                        #(#from_text_arms)*
                        _ => None,
                    }
                }
            }

            impl std::str::FromStr for #name {
                type Err = crate::NotAVariant;
                fn from_str(text: &str) -> Result<Self, Self::Err> {
                    Self::from_text(text).ok_or_else(|| {
                        let allowed: &[&str] = &[#(#texts),*];
                        crate::NotAVariant::new(#ty, format!("{text:?}"), format!("{allowed:?}"))
                    })
                }
            }

            impl TryFrom<&str> for #name {
                type Error = crate::NotAVariant;
                fn try_from(text: &str) -> Result<Self, Self::Error> {
                    text.parse()
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let text = <String as serde::Deserialize>::deserialize(d)?;
                    text.parse().map_err(serde::de::Error::custom)
                }
            }

            impl rt::Fits for #name {
                fn fits(value: &serde_json::Value) -> bool {
                    value.as_str().is_some_and(|text| Self::from_text(text).is_some())
                }
            }
        }
    };
    let other = e.open.then(|| {
        quote! {
            /// A value this crate does not know, kept as received.
            Other(String),
        }
    });
    let other_text = e.open.then(|| quote! { Self::Other(text) => text, });
    let copy = (!e.open).then(|| quote! { Copy, });
    quote! {
        #docs
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other
        }

        impl #name {
            /// The text sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    #other_text
                }
            }
        }

        #conversions

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        #schemars
    }
}
