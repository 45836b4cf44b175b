//! Conformance: every case under `schema/cases/` is checked by the generated
//! validator and by the reference validator (the `jsonschema` crate on the
//! exported bundle); both must give the expected verdict and pointers.

mod harness;

/// One test per case file: `case!(test_name, valid|invalid, Type, "schema/cases/…", "../../../schema/cases/…")`.
macro_rules! case {
    ($name:ident, $kind:ident, $ty:ident, $path:literal, $rel:literal) => {
        #[test]
        fn $name() {
            crate::harness::$kind::<pickyassist_model::$ty>($path, include_str!($rel));
        }
    };
}

#[rustfmt::skip]
mod generated;
