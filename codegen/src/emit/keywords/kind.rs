//! What the typed check knows about the decoded value it looks at.

use super::{Compiler, Verdict};
use crate::ir::{FieldType, Shape, StructDef};

/// The Rust form of a decoded value, as far as the typed check cares.
#[derive(Clone, Copy)]
pub enum Kind<'a> {
    /// `String`.
    Str,
    /// `bool`.
    Bool,
    /// `i64`.
    Int,
    /// `f64`.
    Float,
    /// `Vec<T>` of this item type.
    Array(&'a FieldType),
    /// A generated struct.
    Struct(&'a StructDef),
    /// A decoder-checked enum: only its code is known, not the wire form.
    Code,
    /// A string enum: its text is known (`as_str()`).
    Text,
    /// A runtime type (its path, `crate::runtime::WholeNumber`): its decoder
    /// checked its own schema, nothing more is known unless the keyword
    /// knows the type.
    Exact(&'a str),
    /// Raw JSON: nothing can be said without its wire form.
    Opaque,
}

impl Compiler<'_> {
    /// What is known about a value of a field type.
    pub fn field_kind<'t>(&'t self, ty: &'t FieldType) -> Kind<'t> {
        match ty {
            FieldType::String => Kind::Str,
            FieldType::Bool => Kind::Bool,
            FieldType::Integer => Kind::Int,
            FieldType::Number => Kind::Float,
            FieldType::Json => Kind::Opaque,
            FieldType::Array(inner) => Kind::Array(inner),
            FieldType::Named(n) => match self.ir.get(n).map(|t| &t.shape) {
                Some(Shape::Struct(s)) => Kind::Struct(s),
                Some(Shape::StrEnum(_)) => Kind::Text,
                Some(Shape::IntEnum(_) | Shape::Union(_)) => Kind::Code,
                Some(Shape::Any) => Kind::Opaque,
                Some(Shape::External(path)) => Kind::Exact(path),
                None => Kind::Opaque,
            },
        }
    }
}

impl Kind<'_> {
    /// What a keyword about other JSON values than this kind's (an array
    /// keyword on a string, a string keyword on a struct) says of it:
    /// nothing, the keyword ignores the value, unless the kind hides its
    /// wire form (a code-only enum, a runtime type, raw JSON), which cannot say.
    pub fn ignored(self) -> Verdict {
        match self {
            Kind::Code | Kind::Exact(_) | Kind::Opaque => Verdict::Unknown,
            _ => Verdict::Always,
        }
    }
}
