//! Rules over a *decoded* value: the `is_valid_typed` fast path.
//!
//! `validate_json` first decodes straight into the Rust type and asks this
//! test; only when either fails does it parse to a `Value` and collect every
//! error. So the test must never say yes where the schema says no. Each
//! keyword's typed form (in `keywords/`) is translated exactly for the Rust
//! type it lands on (a `minLength` on a `String`, a `required` on an `Option`
//! field, `items` on a `Vec`, …), and anything it cannot translate exactly is
//! `Never`: that type then always takes the slow path, which is correct,
//! only slower.
//!
//! What decoding already guarantees is not re-checked: JSON types of fields,
//! required fields (not `Option`), unknown keys and `null`s of closed types
//! (their decoders refuse them; see `emit/decode.rs`), and whole runtime or
//! enum types, whose decoders accept exactly their schema (the differential
//! tests check that). Open types keep a `null` for a known key in `extra`,
//! which the test looks for.

use super::ident;
use super::keywords::{Compiler, Kind, Verdict};
use crate::ir::{FieldType, Shape, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// `fn is_valid_typed(&self)` body for a type.
pub(crate) fn typed_root(c: &Compiler<'_>, t: &TypeDef) -> TokenStream {
    match &t.shape {
        // Decoders accept exactly the schema; built values are checked by hand.
        Shape::External(_) => quote! { rt::TypedValid::typed_valid(self) },
        Shape::IntEnum(e) if e.open => quote! { self.code() <= rt::WHOLE_NUMBER_MAX },
        Shape::IntEnum(_) | Shape::StrEnum(_) => quote! { true },
        // Nothing is known of a JSON value without looking at it: the full check decides.
        Shape::Any => quote! { false },
        // The discriminator chose the variant, whose own check decides; a
        // body kept whole (`Unknown`) is left to the full check.
        Shape::Union(u) => {
            let arms = u.variants.iter().map(|var| {
                let n = ident(&var.name);
                quote! { Self::#n(x) => rt::Model::is_valid_typed(x), }
            });
            quote! {
                match self {
                    #(#arms)*
                    Self::Unknown(_) => false,
                }
            }
        }
        Shape::Struct(s) => {
            let rules = c.typed(&t.rules, Kind::Struct(s), &quote! { self }, 0);
            // An open type keeps what it could not decode (and `null`s) in
            // `extra`: a known key there is only fine as a `null` the schema allows.
            let extra = (!s.deny_unknown && !s.fields.is_empty()).then(|| {
                let nullable = s.fields.iter().filter(|f| f.nullable).map(|f| &f.json_name);
                Verdict::expr(quote! { rt::extra_ok(&self.extra, Self::KEYS, &[#(#nullable),*]) })
            });
            // Free JSON in a request could hide a key given twice: always checked in full.
            let opaque = s.deny_unknown && s.fields.iter().any(|f| f.ty == FieldType::Json);
            let opaque = opaque.then_some(Verdict::Never);
            Verdict::all(std::iter::once(rules).chain(extra).chain(opaque)).tokens()
        }
    }
}
