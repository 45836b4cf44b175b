//! Conformance: every case under `schema/cases/` is checked by the generated
//! validator and by the reference validator (the `jsonschema` crate on the
//! exported bundle); both must give the expected verdict and pointers.

mod harness;

#[rustfmt::skip]
mod generated;
