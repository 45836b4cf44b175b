//! Test support shared by the conformance, differential and fuzz targets:
//! the reference validator, a deterministic random source, a schema-driven
//! payload generator, mutations, and the comparison of the two validators.

pub mod differential;
pub mod generate;
pub mod mutate;
pub mod reference;
pub mod rng;
pub mod robustness;
