//! Test-only crate; see `conformance/`.
