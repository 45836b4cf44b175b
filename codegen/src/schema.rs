//! A typed model of the JSON Schema keyword subset the generator supports.
//!
//! Parsing is strict: a keyword outside the subset is an error naming its
//! file and pointer, so the schema can never say something the generated
//! validator silently ignores.

use crate::Error;
use serde_json::{Map, Value};
use std::path::Path;

/// One schema file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// File name (`push_request.schema.json`).
    pub file: String,
    /// The raw JSON (kept for the bundle).
    pub json: Value,
    /// The parsed schema.
    pub schema: Schema,
}

/// A schema: `true`, `false` or an object of keywords.
#[derive(Debug, Clone)]
pub enum Schema {
    /// `true` (anything) or `false` (nothing).
    Bool(bool),
    /// An object of keywords.
    Object(Box<SchemaObject>),
}

/// A documented enum value: an integer code or a string.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumKey {
    /// An integer code (`x-enum` of an integer enum).
    Int(u64),
    /// A string (`x-enum` of a string enum).
    Str(String),
}

/// One documented value of an enum (`x-enum`).
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The wire value.
    pub value: EnumKey,
    /// Rust variant name.
    pub name: String,
    /// What the value means.
    pub description: String,
}

/// The supported keywords of one schema object.
#[derive(Debug, Clone, Default)]
pub struct SchemaObject {
    /// JSON pointer of this object inside its file.
    pub pointer: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub comment: Option<String>,
    /// `x-rust-type`: the schema is implemented by a hand-written runtime type.
    pub rust_type: Option<String>,
    /// `x-message`: a hint appended to errors raised by this object's keywords.
    pub message: Option<String>,
    /// `x-enum`: documented values with names.
    pub named_values: Option<Vec<EnumValue>>,
    /// `x-rust-name`: the Rust field name of this property, when its JSON
    /// key would clash with another's (`Location` beside `location`).
    pub rust_name: Option<String>,
    /// `x-item-name`: the name of the one-item appender of an array property
    /// (`recipient` for `data`); without it, `push_<property>`.
    pub item_name: Option<String>,
    /// `x-discriminator`: this object is a union chosen by this key.
    pub discriminator: Option<String>,
    pub types: Option<Vec<String>>,
    pub reference: Option<String>,
    pub properties: Vec<(String, Schema)>,
    pub required: Vec<String>,
    /// `additionalProperties: true/false`.
    pub additional_properties: Option<bool>,
    /// `additionalProperties` as a schema.
    pub additional_schema: Option<Box<Schema>>,
    pub dependent_schemas: Vec<(String, Schema)>,
    /// `patternProperties`: every key matching the pattern satisfies the schema.
    pub pattern_properties: Vec<(String, Schema)>,
    /// `propertyNames`: every key, as a string, satisfies the schema.
    pub property_names: Option<Box<Schema>>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub prefix_items: Vec<Schema>,
    pub unique_items: bool,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    /// `$defs`: named subschemas, reached with `$ref: "#/$defs/<name>"`.
    pub defs: Vec<(String, Schema)>,
    pub dependent_required: Vec<(String, Vec<String>)>,
    pub items: Option<Box<Schema>>,
    pub contains: Option<Box<Schema>>,
    pub min_contains: Option<u64>,
    pub max_contains: Option<u64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub enum_values: Option<Vec<Value>>,
    pub const_value: Option<Value>,
    pub all_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub one_of: Vec<Schema>,
    pub not: Option<Box<Schema>>,
    pub if_: Option<Box<Schema>>,
    pub then: Option<Box<Schema>>,
    pub else_: Option<Box<Schema>>,
}

const TYPES: [&str; 7] = [
    "string", "integer", "number", "boolean", "array", "object", "null",
];

/// Reads every `*.schema.json` in `dir`, sorted by file name.
pub fn load_dir(dir: &Path) -> Result<Vec<SourceFile>, Error> {
    let dir_name = dir.display().to_string();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::new(&dir_name, "", format!("cannot read: {e}")))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::new(&dir_name, "", e.to_string()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".schema.json") {
            names.push(name);
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name))
                .map_err(|e| Error::new(&name, "", format!("cannot read: {e}")))?;
            parse_file(&name, &text)
        })
        .collect()
}

/// Parses one schema file's text.
pub fn parse_file(name: &str, text: &str) -> Result<SourceFile, Error> {
    let json: Value = serde_json::from_str(text)
        .map_err(|e| Error::new(name, "", format!("not valid JSON: {e}")))?;
    let schema = parse(name, &json, "")?;
    Ok(SourceFile {
        file: name.to_string(),
        json,
        schema,
    })
}

/// Parses a schema value found at `pointer` in `file`.
pub fn parse(file: &str, v: &Value, pointer: &str) -> Result<Schema, Error> {
    let obj = match v {
        Value::Bool(b) => return Ok(Schema::Bool(*b)),
        Value::Object(o) => o,
        _ => {
            return Err(Error::new(
                file,
                pointer,
                "a schema must be an object or a boolean",
            ))
        }
    };
    let err = |key: &str, msg: &str| Error::new(file, format!("{pointer}/{key}"), msg);
    let mut s = SchemaObject {
        pointer: pointer.to_string(),
        ..Default::default()
    };
    for (key, val) in obj {
        let at = format!("{pointer}/{}", crate::pointer::escape(key));
        match key.as_str() {
            // Annotations: nothing to check.
            "$schema" | "$id" | "examples" | "default" | "deprecated" | "readOnly" | "writeOnly" => {}
            "title" => s.title = Some(string(file, &at, val)?),
            "description" => s.description = Some(string(file, &at, val)?),
            "$comment" => s.comment = Some(string(file, &at, val)?),
            "x-rust-type" => s.rust_type = Some(string(file, &at, val)?),
            "x-message" => s.message = Some(string(file, &at, val)?),
            "x-enum" => s.named_values = Some(named_values(file, &at, val)?),
            "x-rust-name" => s.rust_name = Some(string(file, &at, val)?),
            "x-item-name" => s.item_name = Some(string(file, &at, val)?),
            "x-discriminator" => s.discriminator = Some(string(file, &at, val)?),
            "type" => {
                let types = match val {
                    Value::String(t) => vec![t.clone()],
                    Value::Array(ts) => ts
                        .iter()
                        .map(|t| string(file, &at, t))
                        .collect::<Result<Vec<_>, _>>()?,
                    _ => return Err(err(key, "type must be a string or an array of strings")),
                };
                if let Some(bad) = types.iter().find(|t| !TYPES.contains(&t.as_str())) {
                    return Err(err(key, &format!("unknown type {bad:?}")));
                }
                s.types = Some(types);
            }
            "$ref" => s.reference = Some(string(file, &at, val)?),
            "properties" => {
                let props = object(file, &at, val)?;
                for (name, sub) in props {
                    let sub_at = format!("{at}/{}", crate::pointer::escape(name));
                    s.properties.push((name.clone(), parse(file, sub, &sub_at)?));
                }
            }
            "required" => s.required = strings(file, &at, val)?,
            "additionalProperties" => match val {
                Value::Bool(b) => s.additional_properties = Some(*b),
                _ => s.additional_schema = Some(Box::new(parse(file, val, &at)?)),
            },
            "dependentSchemas" => {
                for (name, sub) in object(file, &at, val)? {
                    let sub_at = format!("{at}/{}", crate::pointer::escape(name));
                    s.dependent_schemas.push((name.clone(), parse(file, sub, &sub_at)?));
                }
            }
            "patternProperties" => {
                for (pat, sub) in object(file, &at, val)? {
                    let sub_at = format!("{at}/{}", crate::pointer::escape(pat));
                    portable_pattern(pat).map_err(|m| Error::new(file, &sub_at, m))?;
                    s.pattern_properties.push((pat.clone(), parse(file, sub, &sub_at)?));
                }
            }
            "propertyNames" => s.property_names = Some(Box::new(parse(file, val, &at)?)),
            "minProperties" => s.min_properties = Some(count(file, &at, val)?),
            "maxProperties" => s.max_properties = Some(count(file, &at, val)?),
            "$defs" => {
                for (name, sub) in object(file, &at, val)? {
                    let sub_at = format!("{at}/{}", crate::pointer::escape(name));
                    s.defs.push((name.clone(), parse(file, sub, &sub_at)?));
                }
            }
            "prefixItems" => s.prefix_items = list(file, &at, val)?,
            "uniqueItems" => {
                s.unique_items = val
                    .as_bool()
                    .ok_or_else(|| err(key, "uniqueItems is a boolean"))?
            }
            "exclusiveMinimum" => s.exclusive_minimum = Some(number(file, &at, val)?),
            "exclusiveMaximum" => s.exclusive_maximum = Some(number(file, &at, val)?),
            "multipleOf" => {
                let m = number(file, &at, val)?;
                if m <= 0.0 {
                    return Err(err(key, "multipleOf must be greater than 0"));
                }
                s.multiple_of = Some(m);
            }
            "dependentRequired" => {
                for (name, deps) in object(file, &at, val)? {
                    s.dependent_required
                        .push((name.clone(), strings(file, &format!("{at}/{}", crate::pointer::escape(name)), deps)?));
                }
            }
            "items" => s.items = Some(Box::new(parse(file, val, &at)?)),
            "contains" => s.contains = Some(Box::new(parse(file, val, &at)?)),
            "minContains" => s.min_contains = Some(count(file, &at, val)?),
            "maxContains" => s.max_contains = Some(count(file, &at, val)?),
            "minItems" => s.min_items = Some(count(file, &at, val)?),
            "maxItems" => s.max_items = Some(count(file, &at, val)?),
            "minLength" => s.min_length = Some(count(file, &at, val)?),
            "maxLength" => s.max_length = Some(count(file, &at, val)?),
            "pattern" => {
                let p = string(file, &at, val)?;
                portable_pattern(&p).map_err(|m| err(key, &m))?;
                s.pattern = Some(p);
            }
            "minimum" => s.minimum = Some(number(file, &at, val)?),
            "maximum" => s.maximum = Some(number(file, &at, val)?),
            "enum" => {
                let vals = match val {
                    Value::Array(a) if !a.is_empty() => a.clone(),
                    _ => return Err(err(key, "enum must be a non-empty array")),
                };
                s.enum_values = Some(vals);
            }
            "const" => s.const_value = Some(val.clone()),
            "allOf" => s.all_of = list(file, &at, val)?,
            "anyOf" => s.any_of = list(file, &at, val)?,
            "oneOf" => s.one_of = list(file, &at, val)?,
            "not" => s.not = Some(Box::new(parse(file, val, &at)?)),
            "if" => s.if_ = Some(Box::new(parse(file, val, &at)?)),
            "then" => s.then = Some(Box::new(parse(file, val, &at)?)),
            "else" => s.else_ = Some(Box::new(parse(file, val, &at)?)),
            other => {
                return Err(Error::new(
                    file,
                    at.clone(),
                    format!("unsupported keyword {other:?} (the generator would ignore it; extend codegen/src/schema.rs first)"),
                ))
            }
        }
    }
    Ok(Schema::Object(Box::new(s)))
}

/// A pattern that compiles and means the same in Rust, Python and ECMA-262,
/// or why not.
fn portable_pattern(p: &str) -> Result<(), String> {
    regex_lite::Regex::new(p).map_err(|e| format!("pattern does not compile: {e}"))?;
    if p.contains("\\d") || p.contains("\\w") || p.contains("\\s") || p.contains('$') {
        return Err(
            "avoid \\d, \\w, \\s and $ in patterns: they mean different things in Rust, Python and ECMA-262"
                .into(),
        );
    }
    Ok(())
}

fn string(file: &str, at: &str, v: &Value) -> Result<String, Error> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::new(file, at, "expected a string"))
}

fn strings(file: &str, at: &str, v: &Value) -> Result<Vec<String>, Error> {
    match v {
        Value::Array(a) => a.iter().map(|x| string(file, at, x)).collect(),
        _ => Err(Error::new(file, at, "expected an array of strings")),
    }
}

fn object<'a>(file: &str, at: &str, v: &'a Value) -> Result<&'a Map<String, Value>, Error> {
    v.as_object()
        .ok_or_else(|| Error::new(file, at, "expected an object"))
}

/// A non-negative integer; JSON Schema counts `2.0` as the integer 2.
fn count(file: &str, at: &str, v: &Value) -> Result<u64, Error> {
    let integral = || {
        v.as_f64()
            .filter(|x| x.fract() == 0.0 && *x >= 0.0 && *x < 9.0e15)
            .map(|x| x as u64)
    };
    v.as_u64()
        .or_else(integral)
        .ok_or_else(|| Error::new(file, at, "expected a non-negative integer"))
}

fn number(file: &str, at: &str, v: &Value) -> Result<f64, Error> {
    v.as_f64()
        .ok_or_else(|| Error::new(file, at, "expected a number"))
}

fn list(file: &str, at: &str, v: &Value) -> Result<Vec<Schema>, Error> {
    match v {
        Value::Array(a) if !a.is_empty() => a
            .iter()
            .enumerate()
            .map(|(i, x)| parse(file, x, &format!("{at}/{i}")))
            .collect(),
        _ => Err(Error::new(
            file,
            at,
            "expected a non-empty array of schemas",
        )),
    }
}

fn named_values(file: &str, at: &str, v: &Value) -> Result<Vec<EnumValue>, Error> {
    let arr = v
        .as_array()
        .ok_or_else(|| Error::new(file, at, "x-enum must be an array"))?;
    arr.iter()
        .enumerate()
        .map(|(i, x)| {
            let here = format!("{at}/{i}");
            let o = object(file, &here, x)?;
            for k in o.keys() {
                if !matches!(k.as_str(), "value" | "name" | "description") {
                    return Err(Error::new(
                        file,
                        &here,
                        format!("unknown x-enum member {k:?}"),
                    ));
                }
            }
            let get = |k: &str| {
                o.get(k)
                    .ok_or_else(|| Error::new(file, &here, format!("missing {k:?}")))
            };
            let value = match get("value")? {
                Value::String(text) => EnumKey::Str(text.clone()),
                other => EnumKey::Int(count(file, &here, other)?),
            };
            Ok(EnumValue {
                value,
                name: string(file, &here, get("name")?)?,
                description: string(file, &here, get("description")?)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unsupported_keyword_with_its_location() {
        let e = parse_file(
            "x.schema.json",
            r#"{"properties":{"a":{"format":"email"}}}"#,
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/properties/a/format");
        assert!(e.message.contains("unsupported keyword"));
    }

    #[test]
    fn rejects_non_portable_patterns() {
        let e = parse_file("x.schema.json", r#"{"pattern":"^\\d+$"}"#).unwrap_err();
        assert_eq!(e.pointer, "/pattern");
    }

    #[test]
    fn counts_accept_integral_decimals_only() {
        let f = parse_file("x.schema.json", r#"{"maxItems":2.0,"minLength":0}"#).expect("parses");
        let Schema::Object(o) = f.schema else {
            panic!("object expected")
        };
        assert_eq!((o.max_items, o.min_length), (Some(2), Some(0)));
        for bad in [
            r#"{"maxItems":2.5}"#,
            r#"{"maxItems":-1}"#,
            r#"{"maxItems":"2"}"#,
        ] {
            let e = parse_file("x.schema.json", bad).unwrap_err();
            assert_eq!(e.pointer, "/maxItems", "{bad}");
        }
    }

    #[test]
    fn pattern_property_patterns_must_be_portable() {
        let e = parse_file("x.schema.json", r#"{"patternProperties":{"^a$":{}}}"#).unwrap_err();
        assert_eq!(e.pointer, "/patternProperties/^a$");
        let e = parse_file(
            "x.schema.json",
            r#"{"patternProperties":{"a":{"format":"x"}}}"#,
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/patternProperties/a/format");
    }

    #[test]
    fn keeps_property_order() {
        let f = parse_file("x.schema.json", r#"{"properties":{"b":{},"a":{}}}"#).expect("parses");
        let Schema::Object(o) = f.schema else {
            panic!("object expected")
        };
        let names: Vec<_> = o.properties.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
    }
}
