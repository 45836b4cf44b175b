//! Schema model → IR.
//!
//! Mapping decisions, made here and nowhere else:
//! - `x-rust-type` → [`Shape::External`]: a runtime type owns decoding
//!   (phone numbers, ids, lenient integers), the schema still owns validation.
//! - `x-enum` → [`Shape::IntEnum`]; with `enum` it is closed (only the listed
//!   wire values decode), without it open (`$ref` to `LenientInt`, unknown codes
//!   become `Other(u64)`): strict on what we send, lenient on what we receive.
//! - `type: object` with `properties` → [`Shape::Struct`]; `required` decides
//!   `Option`. Conditional requirements (`if`/`then`, `dependentRequired`) stay
//!   `Option` in Rust and are enforced by the validator.
//! - A property whose type is a union must go through a named `$ref`, so every
//!   union has exactly one hand-checked decoder.

use crate::ir::*;
use crate::schema::{Schema, SchemaObject, SourceFile};
use crate::Error;
use heck::ToSnakeCase;
use serde_json::Value;
use std::collections::BTreeMap;

/// Lowers every schema file to the IR.
pub fn lower(sources: &[SourceFile]) -> Result<Ir, Error> {
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
        if let Some(prev) = titles.insert(src.file.clone(), title.clone()) {
            return Err(Error::new(
                &src.file,
                "/title",
                format!("duplicate title {prev}"),
            ));
        }
    }
    let cx = Cx { titles: &titles };
    let mut types = Vec::new();
    for src in sources {
        types.push(cx.type_def(src)?);
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    for w in types.windows(2) {
        if w[0].name == w[1].name {
            return Err(Error::new(
                &w[1].file,
                "/title",
                format!("title {} used twice", w[1].name),
            ));
        }
    }
    Ok(Ir { types })
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

struct Cx<'a> {
    titles: &'a BTreeMap<String, String>,
}

impl Cx<'_> {
    fn type_def(&self, src: &SourceFile) -> Result<TypeDef, Error> {
        let obj = root_object(src)?;
        let name = self.titles[&src.file].clone();
        let file = src.file.as_str();
        let doc = obj
            .description
            .clone()
            .ok_or_else(|| Error::new(file, "", "a schema file needs a description"))?;
        let shape = if let Some(path) = &obj.rust_type {
            Shape::External(path.clone())
        } else if let Some(values) = &obj.named_values {
            Shape::IntEnum(self.int_enum(file, obj, values)?)
        } else if obj.types.as_deref() == Some(&["object".to_string()]) {
            Shape::Struct(self.struct_def(file, obj)?)
        } else {
            return Err(Error::new(
                file,
                "",
                "cannot derive a Rust type: use type object, x-enum or x-rust-type",
            ));
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

    fn int_enum(
        &self,
        file: &str,
        obj: &SchemaObject,
        values: &[crate::schema::EnumValue],
    ) -> Result<IntEnumDef, Error> {
        let open = obj.enum_values.is_none();
        if open
            && obj
                .reference
                .as_deref()
                .and_then(|r| self.titles.get(r))
                .map(String::as_str)
                != Some("LenientInt")
        {
            return Err(Error::new(
                file,
                "",
                "an open x-enum must $ref lenient_int.schema.json so its decoder matches its schema",
            ));
        }
        let mut variants = Vec::new();
        for v in values {
            let accepts: Vec<Value> = match &obj.enum_values {
                None => Vec::new(),
                Some(allowed) => allowed
                    .iter()
                    .filter(|a| {
                        a.as_f64() == Some(v.value as f64)
                            || a.as_str() == Some(v.value.to_string().as_str())
                    })
                    .cloned()
                    .collect(),
            };
            if !open && accepts.is_empty() {
                return Err(Error::new(
                    file,
                    "/x-enum",
                    format!("value {} is not in enum", v.value),
                ));
            }
            variants.push(Variant {
                name: v.name.clone(),
                value: v.value,
                doc: v.description.clone(),
                accepts,
            });
        }
        if let Some(allowed) = &obj.enum_values {
            let covered = |a: &Value| variants.iter().any(|v| v.accepts.contains(a));
            if let Some(a) = allowed.iter().find(|a| !covered(a)) {
                return Err(Error::new(
                    file,
                    "/enum",
                    format!("{a} has no x-enum entry"),
                ));
            }
        }
        Ok(IntEnumDef { variants, open })
    }

    fn struct_def(&self, file: &str, obj: &SchemaObject) -> Result<StructDef, Error> {
        let mut fields = Vec::new();
        for (json_name, schema) in &obj.properties {
            let at = format!("/properties/{}", crate::schema::escape(json_name));
            let Schema::Object(prop) = schema else {
                return Err(Error::new(file, at, "a property schema must be an object"));
            };
            let doc = prop
                .description
                .clone()
                .ok_or_else(|| Error::new(file, &at, "every property needs a description"))?;
            fields.push(Field {
                json_name: json_name.clone(),
                rust_name: rust_field_name(json_name),
                ty: self.field_type(file, &at, prop)?,
                required: obj.required.contains(json_name),
                doc,
            });
        }
        if let Some(missing) = obj
            .required
            .iter()
            .find(|r| !obj.properties.iter().any(|(n, _)| n == *r))
        {
            return Err(Error::new(
                file,
                "/required",
                format!("{missing:?} is required but not a property"),
            ));
        }
        Ok(StructDef {
            fields,
            deny_unknown: obj.additional_properties == Some(false),
        })
    }

    fn field_type(&self, file: &str, at: &str, s: &SchemaObject) -> Result<FieldType, Error> {
        if let Some(r) = &s.reference {
            return Ok(FieldType::Named(self.resolve(file, at, r)?));
        }
        let types = s.types.as_deref().unwrap_or_default();
        Ok(match types {
            [] => FieldType::Json,
            [t] => match t.as_str() {
                "string" => FieldType::String,
                "boolean" => FieldType::Bool,
                "integer" => FieldType::Integer,
                "number" => FieldType::Number,
                "array" => {
                    let items = match s.items.as_deref() {
                        Some(Schema::Object(o)) => self.field_type(file, &format!("{at}/items"), o)?,
                        _ => FieldType::Json,
                    };
                    FieldType::Array(Box::new(items))
                }
                _ => {
                    return Err(Error::new(
                        file,
                        at,
                        format!("inline {t} properties are not supported: give the object its own schema file and $ref it"),
                    ))
                }
            },
            _ => {
                return Err(Error::new(
                    file,
                    at,
                    "a union type needs a named schema with x-rust-type ($ref it), so one decoder owns it",
                ))
            }
        })
    }

    fn resolve(&self, file: &str, at: &str, reference: &str) -> Result<String, Error> {
        self.titles.get(reference).cloned().ok_or_else(|| {
            Error::new(
                file,
                format!("{at}/$ref"),
                format!("{reference:?} is not a schema file in this directory"),
            )
        })
    }

    /// Lowers a schema to its rule tree. `owner` names the type for messages.
    fn node(
        &self,
        file: &str,
        schema: &Schema,
        path: &str,
        owner: Option<&str>,
    ) -> Result<Node, Error> {
        let s = match schema {
            Schema::Bool(true) => {
                return Ok(Node {
                    path: path.to_string(),
                    ..Node::default()
                })
            }
            Schema::Bool(false) => {
                return Ok(Node {
                    path: path.to_string(),
                    hint: None,
                    rules: vec![Rule::False],
                })
            }
            Schema::Object(o) => o,
        };
        let at = |k: &str| format!("{path}/{k}");
        let sub = |k: &str, s: &Schema| self.node(file, s, &at(k), None);
        let mut rules = Vec::new();
        if let Some(r) = &s.reference {
            rules.push(Rule::Ref(self.resolve(file, &s.pointer, r)?));
        }
        if let Some(ts) = &s.types {
            rules.push(Rule::Type(ts.iter().map(|t| json_type(t)).collect()));
        }
        if let Some(vals) = &s.enum_values {
            rules.push(Rule::Enum(vals.clone()));
        }
        if let Some(c) = &s.const_value {
            rules.push(Rule::Const(c.clone()));
        }
        if let Some(n) = s.min_length {
            rules.push(Rule::MinLength(n));
        }
        if let Some(n) = s.max_length {
            rules.push(Rule::MaxLength(n));
        }
        if let Some(p) = &s.pattern {
            rules.push(Rule::Pattern(p.clone()));
        }
        if let Some(n) = s.minimum {
            rules.push(Rule::Minimum(n));
        }
        if let Some(n) = s.maximum {
            rules.push(Rule::Maximum(n));
        }
        if !s.required.is_empty() {
            rules.push(Rule::Required(s.required.clone()));
        }
        if !s.properties.is_empty() {
            let mut props = Vec::new();
            for (name, ps) in &s.properties {
                let p = self.node(
                    file,
                    ps,
                    &format!("{path}/properties/{}", crate::schema::escape(name)),
                    None,
                )?;
                props.push((name.clone(), p));
            }
            rules.push(Rule::Properties(props));
        }
        if s.additional_properties == Some(false) {
            rules.push(Rule::NoAdditional {
                known: s.properties.iter().map(|(n, _)| n.clone()).collect(),
                owner: owner.unwrap_or("this object").to_string(),
            });
        }
        if !s.dependent_required.is_empty() {
            rules.push(Rule::DependentRequired(s.dependent_required.clone()));
        }
        if let Some(items) = &s.items {
            rules.push(Rule::Items(Box::new(sub("items", items)?)));
        }
        if let Some(n) = s.min_items {
            rules.push(Rule::MinItems(n));
        }
        if let Some(n) = s.max_items {
            rules.push(Rule::MaxItems(n));
        }
        if let Some(c) = &s.contains {
            rules.push(Rule::Contains(Box::new(sub("contains", c)?)));
        }
        if !s.all_of.is_empty() {
            let nodes = s
                .all_of
                .iter()
                .enumerate()
                .map(|(i, x)| sub(&format!("allOf/{i}"), x))
                .collect::<Result<_, _>>()?;
            rules.push(Rule::AllOf(nodes));
        }
        if !s.any_of.is_empty() {
            let nodes = s
                .any_of
                .iter()
                .enumerate()
                .map(|(i, x)| sub(&format!("anyOf/{i}"), x))
                .collect::<Result<_, _>>()?;
            rules.push(Rule::AnyOf(nodes));
        }
        if let Some(n) = &s.not {
            rules.push(Rule::Not(Box::new(sub("not", n)?)));
        }
        match (&s.if_, &s.then, &s.else_) {
            (Some(c), then, otherwise) => {
                if then.is_none() && otherwise.is_none() {
                    return Err(Error::new(
                        file,
                        &s.pointer,
                        "`if` without `then` or `else` checks nothing",
                    ));
                }
                rules.push(Rule::IfThenElse {
                    cond: Box::new(sub("if", c)?),
                    then: then
                        .as_ref()
                        .map(|t| sub("then", t))
                        .transpose()?
                        .map(Box::new),
                    otherwise: otherwise
                        .as_ref()
                        .map(|e| sub("else", e))
                        .transpose()?
                        .map(Box::new),
                });
            }
            (None, None, None) => {}
            _ => return Err(Error::new(file, &s.pointer, "`then`/`else` without `if`")),
        }
        Ok(Node {
            path: path.to_string(),
            hint: s.message.clone(),
            rules,
        })
    }
}

fn json_type(t: &str) -> JsonType {
    match t {
        "string" => JsonType::String,
        "integer" => JsonType::Integer,
        "number" => JsonType::Number,
        "boolean" => JsonType::Boolean,
        "array" => JsonType::Array,
        "object" => JsonType::Object,
        _ => JsonType::Null,
    }
}

/// The Rust name of a JSON key (`priority` → `priority`, `message-in` → `message_in`).
pub fn rust_field_name(json: &str) -> String {
    let s = json.to_snake_case();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("field_{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parse_file;

    fn lower_one(text: &str) -> Result<Ir, Error> {
        lower(&[parse_file("t.schema.json", text)?])
    }

    #[test]
    fn struct_fields_follow_required_and_order() {
        let ir = lower_one(
            r#"{"title":"T","description":"d","type":"object","additionalProperties":false,"required":["b"],
                "properties":{"b":{"description":"x","type":"string","minLength":1},"a":{"description":"y","type":"array","items":{"type":"integer"}}}}"#,
        )
        .expect("lowers");
        let t = &ir.types[0];
        let Shape::Struct(s) = &t.shape else {
            panic!("struct expected, got {:?}", t.shape)
        };
        assert!(s.deny_unknown);
        assert_eq!(s.fields[0].json_name, "b");
        assert!(s.fields[0].required);
        assert_eq!(
            s.fields[1].ty,
            FieldType::Array(Box::new(FieldType::Integer))
        );
        assert!(!s.fields[1].required);
        assert_eq!(
            t.rules.rules[0..2],
            [
                Rule::Type(vec![JsonType::Object]),
                Rule::Required(vec!["b".into()])
            ]
        );
        let Rule::Properties(props) = &t.rules.rules[2] else {
            panic!("properties expected")
        };
        assert_eq!(props[0].1.path, "/$defs/T/properties/b");
        assert_eq!(
            props[0].1.rules,
            [Rule::Type(vec![JsonType::String]), Rule::MinLength(1)]
        );
    }

    #[test]
    fn closed_enum_records_accepted_wire_values() {
        let ir = lower_one(
            r#"{"title":"P","description":"d","enum":[0,"0",1],"x-enum":[{"value":0,"name":"Low","description":"l"},{"value":1,"name":"High","description":"h"}]}"#,
        )
        .expect("lowers");
        let Shape::IntEnum(e) = &ir.types[0].shape else {
            panic!("enum expected")
        };
        assert!(!e.open);
        assert_eq!(
            e.variants[0].accepts,
            [serde_json::json!(0), serde_json::json!("0")]
        );
        assert_eq!(e.variants[1].accepts, [serde_json::json!(1)]);
    }

    #[test]
    fn union_property_without_ref_is_an_error() {
        let e = lower_one(
            r#"{"title":"T","description":"d","type":"object","properties":{"a":{"description":"x","type":["integer","string"]}}}"#,
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/properties/a");
    }

    #[test]
    fn missing_description_is_an_error() {
        let e = lower_one(r#"{"title":"T","description":"d","type":"object","properties":{"a":{"type":"string"}}}"#)
            .unwrap_err();
        assert!(e.message.contains("description"));
    }
}
