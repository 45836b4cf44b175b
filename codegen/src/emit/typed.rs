//! Rules over a *decoded* value: the `is_valid_typed` fast path.
//!
//! `validate_json` first decodes straight into the Rust type and asks this
//! test; only when either fails does it parse to a `Value` and collect every
//! error. So the test must never say yes where the schema says no. Each
//! keyword's typed form (in `keywords/`) is translated exactly for the Rust
//! type it lands on (a `minLength` on a `String`, a `required` on an `Option`
//! field, `items` on a `Vec`, …). What it can translate only in part is
//! `Sufficient` (a test that vouches but may send a valid value to the full
//! check), what it cannot translate at all is `Unknown`; neither is `Never`,
//! so that a `not` or an `if` over them stays unknown instead of turning into
//! "every value passes". A type whose check comes to `Unknown` always takes
//! the slow path, which is correct, only slower.
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
            let opaque = opaque.then_some(Verdict::Unknown);
            Verdict::all(std::iter::once(rules).chain(extra).chain(opaque)).tokens()
        }
    }
}

#[cfg(test)]
mod tests {
    //! The typed check never vouches where the schema refuses, also under a
    //! negation of what it cannot translate.

    use super::typed_root;
    use crate::emit::keywords::Compiler;
    use crate::lower::lower;
    use crate::schema::parse_file;
    use std::cell::RefCell;

    /// The `is_valid_typed` body of a one-file schema, as text.
    fn typed_check(schema: &str) -> String {
        let ir = lower(&[parse_file("probe.schema.json", schema).expect("schema")]).expect("ir");
        let c = Compiler {
            ir: &ir,
            patterns: RefCell::new(Vec::new()),
            hinted: std::cell::Cell::new(false),
        };
        typed_root(&c, ir.get("Probe").expect("type")).to_string()
    }

    fn probe(property: &str) -> String {
        format!(
            r#"{{"title": "Probe", "description": "A probe.", "type": "object",
                "additionalProperties": false, "properties": {{"n": {property}}}}}"#
        )
    }

    #[test]
    fn a_negated_rule_it_cannot_translate_vouches_only_when_absent() {
        // `multipleOf` is left to the full check; `not` over it must not read
        // "never a multiple, so always fine" (4 would be vouched for).
        let check = typed_check(&probe(
            r#"{"type": "number", "description": "N.", "not": {"multipleOf": 2}}"#,
        ));
        assert_eq!(check, "self . n . is_none ()");
    }

    #[test]
    fn an_if_it_cannot_decide_needs_both_branches() {
        // The condition is not translated: neither branch may be taken blindly.
        let check = typed_check(&probe(
            r#"{"type": "number", "description": "N.", "if": {"multipleOf": 2}, "then": {"minimum": 10}, "else": {"maximum": 5}}"#,
        ));
        assert_eq!(
            check,
            "self . n . as_ref () . is_none_or (| x0 | x0 . is_finite () && * x0 >= 10.0 && * x0 <= 5.0)"
        );
    }

    #[test]
    fn an_exact_rule_is_still_negated() {
        let check = typed_check(&probe(
            r#"{"type": "number", "description": "N.", "not": {"minimum": 10}}"#,
        ));
        assert_eq!(
            check,
            "self . n . as_ref () . is_none_or (| x0 | x0 . is_finite () && ! (* x0 >= 10.0))"
        );
    }

    #[test]
    fn a_dependency_of_a_required_key_is_checked() {
        let check = typed_check(
            r#"{"title": "Probe", "description": "A probe.", "type": "object",
                "additionalProperties": false, "required": ["a"],
                "properties": {"a": {"type": "string", "description": "A."},
                               "b": {"type": "string", "description": "B."}},
                "dependentRequired": {"a": ["b"]}}"#,
        );
        assert_eq!(check, "self . b . is_some ()");
    }
}
