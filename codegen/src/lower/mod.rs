//! Schema model → IR.
//!
//! Mapping decisions, made here and nowhere else:
//! - `x-rust-type` → [`Shape::External`]: a runtime type owns decoding
//!   (phone numbers, ids, whole numbers), the schema still owns validation.
//! - `x-enum` with integer values → [`Shape::IntEnum`]; with `enum` it is
//!   closed (only the listed wire values decode), without it open (`$ref` to
//!   `WholeNumber`, unknown codes become `Other(u64)`). With string values →
//!   [`Shape::StrEnum`], closed with `enum`, open (`Other(String)`) without.
//!   Strict on what we send, lenient on what we receive.
//! - `type: object` with `properties` → [`Shape::Struct`]; `required` decides
//!   `Option`. Conditional requirements (`if`/`then`, `dependentRequired`) stay
//!   `Option` in Rust and are enforced by the validator. `["T", "null"]`
//!   (or `anyOf` of a `$ref` and `null`) is a nullable `Option<T>`.
//! - `x-discriminator` → [`Shape::Union`]: the one union form, written in
//!   standard JSON Schema as `allOf` of `if` (the key's values) / `then`
//!   (`$ref` to the variant). A value no `if` matches is valid and stays
//!   whole in Rust (`Unknown`), so a new event never fails a handler. Any
//!   other use of `oneOf`/`anyOf` is a rule, never a Rust type.
//! - A property whose type is a union must go through a named `$ref`, so every
//!   union has exactly one hand-checked decoder.

mod rules;
mod shapes;

use crate::ir::*;
use crate::schema::{Schema, SchemaObject, SourceFile};
use crate::Error;
use std::collections::BTreeMap;

/// How strictly schemas are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Every type is `Shape::Any` (a JSON value checked by its rules), and
    /// what JSON Schema ignores (`then` without `if`) is ignored: for the
    /// official test suite, whose schemas describe no Rust types.
    pub any_shapes: bool,
}

impl Options {
    /// The project's schemas: Rust shapes, and lints on rules that check nothing.
    pub const API: Options = Options { any_shapes: false };
    /// The JSON Schema Test Suite's schemas.
    pub const SUITE: Options = Options { any_shapes: true };
}

/// Lowers every schema file to the IR.
pub fn lower(sources: &[SourceFile]) -> Result<Ir, Error> {
    lower_with(sources, Options::API)
}

/// Lowers every schema file to the IR, with `options`.
pub fn lower_with(sources: &[SourceFile], options: Options) -> Result<Ir, Error> {
    let mut titles = BTreeMap::new();
    for src in sources {
        let obj = root_object(src)?;
        let title = obj.title.clone().ok_or_else(|| {
            Error::new(
                &src.file,
                "",
                "a schema file needs a title (the Rust type name)",
            )
        })?;
        if !is_type_name(&title) {
            return Err(Error::new(
                &src.file,
                "/title",
                format!("{title:?} is not a CamelCase type name"),
            ));
        }
        titles.insert(src.file.clone(), title);
    }
    let lowering = Lowering {
        titles: &titles,
        options,
    };
    let mut types = Vec::new();
    for src in sources {
        types.push(lowering.type_def(src)?);
        types.extend(lowering.def_types(src)?);
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    for w in types.windows(2) {
        if w[0].name == w[1].name {
            return Err(Error::new(
                &w[1].file,
                "/title",
                format!("title {} is also used by {}", w[1].name, w[0].file),
            ));
        }
    }
    let ir = Ir {
        types,
        moved: BTreeMap::new(),
    };
    shapes::check_unions(&ir)?;
    Ok(ir)
}

fn root_object(src: &SourceFile) -> Result<&SchemaObject, Error> {
    match &src.schema {
        Schema::Object(o) => Ok(o),
        Schema::Bool(_) => Err(Error::new(&src.file, "", "a schema file must be an object")),
    }
}

fn is_type_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// What lowering needs to know across files: file name → type name.
struct Lowering<'a> {
    titles: &'a BTreeMap<String, String>,
    options: Options,
}

impl Lowering<'_> {
    fn type_def(&self, src: &SourceFile) -> Result<TypeDef, Error> {
        let obj = root_object(src)?;
        let name = self.titles[&src.file].clone();
        let file = src.file.as_str();
        let doc = obj
            .description
            .clone()
            .ok_or_else(|| Error::new(file, "", "a schema file needs a description"))?;
        let shape = if self.options.any_shapes {
            Shape::Any
        } else {
            self.shape(file, obj)?
        };
        let rules = self.node(file, &src.schema, &format!("/$defs/{name}"), Some(&name))?;
        Ok(TypeDef {
            name,
            file: src.file.clone(),
            doc,
            shape,
            rules,
        })
    }

    /// `$defs` entries of a file: each its own type (any JSON value,
    /// checked by its rules), `$ref`'d as `#/$defs/<name>`.
    fn def_types(&self, src: &SourceFile) -> Result<Vec<TypeDef>, Error> {
        let obj = root_object(src)?;
        let owner = &self.titles[&src.file];
        let mut types = Vec::new();
        for (def, schema) in &obj.defs {
            let name = def_type_name(owner, def);
            let path = format!("/$defs/{owner}/$defs/{}", crate::pointer::escape(def));
            let doc = match schema {
                Schema::Object(o) => o.description.clone(),
                Schema::Bool(_) => None,
            }
            .unwrap_or_else(|| format!("`$defs/{def}` of `{owner}`."));
            types.push(TypeDef {
                name,
                file: src.file.clone(),
                doc,
                shape: Shape::Any,
                rules: self.node(&src.file, schema, &path, None)?,
            });
        }
        Ok(types)
    }

    /// The type a `$ref` in `file` names: a schema file, `#` (`file`
    /// itself), or `#/$defs/<name>` (an entry of `file`'s `$defs`).
    fn resolve(&self, file: &str, at: &str, reference: &str) -> Result<String, Error> {
        let owner = self.titles.get(file);
        let local = match (reference, owner) {
            ("#", Some(owner)) => Some(owner.clone()),
            (r, Some(owner)) => r
                .strip_prefix("#/$defs/")
                .and_then(percent_decode)
                .filter(|d| !d.contains('/'))
                .map(|d| def_type_name(owner, &crate::pointer::unescape(&d))),
            _ => None,
        };
        local.or_else(|| self.titles.get(reference).cloned()).ok_or_else(|| {
            Error::new(
                file,
                format!("{at}/$ref"),
                format!("{reference:?} is not a schema file in this directory, `#`, or `#/$defs/<name>`"),
            )
        })
    }
}

/// A URI fragment with `%XX` escapes decoded (`percent%25field` →
/// `percent%field`); `None` when an escape is broken or not UTF-8.
fn percent_decode(fragment: &str) -> Option<String> {
    // `percent_decode_str` keeps a broken escape as written; a `$ref` with
    // one names nothing, so it is refused here first.
    let broken = fragment.match_indices('%').any(|(i, _)| {
        !fragment
            .as_bytes()
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if broken {
        return None;
    }
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// The type name of a `$defs` entry: the owner's name and the entry's, as CamelCase.
fn def_type_name(owner: &str, def: &str) -> String {
    use heck::ToUpperCamelCase;
    let camel: String = def
        .to_upper_camel_case()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{owner}Def{camel}")
}

/// The Rust name of a JSON key (`priority` → `priority`, `message-in` → `message_in`).
pub fn rust_field_name(json: &str) -> String {
    use heck::ToSnakeCase;
    let s = json.to_snake_case();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("field_{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests;
