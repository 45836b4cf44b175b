//! Test support shared by the conformance, differential and fuzz targets:
//! the reference validator, a deterministic random source, a schema-driven
//! payload generator, mutations, and the comparison of the two validators.

pub mod differential;
pub mod generate;
pub mod mutate;
pub mod personal;
pub mod reference;
pub mod rng;
pub mod robustness;

/// The README's Rust snippets, compiled (and run where they are not
/// `no_run`) as doctests, so that the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
