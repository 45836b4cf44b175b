//! The keywords as predicates, for subschemas that only decide (`if`,
//! `not`, `anyOf`, `oneOf`, `contains`): no pointers, no messages, the first
//! failure ends the test. Each is defined beside its report, in the family
//! files of `runtime/keywords/`; this is the path generated code calls.

pub use super::keywords::{array::*, logic::*, object::*, value::*};
