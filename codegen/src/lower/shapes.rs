//! What Rust type a schema becomes: struct, enum, union or runtime type.

use super::{rust_field_name, Lowering};
use crate::ir::*;
use crate::schema::{EnumKey, EnumValue, Schema, SchemaObject};
use crate::Error;
use serde_json::Value;

impl Lowering<'_> {
    pub(super) fn shape(&self, file: &str, obj: &SchemaObject) -> Result<Shape, Error> {
        let is = |t: &str| obj.types.as_deref() == Some(&[t.to_string()]);
        if let Some(path) = &obj.rust_type {
            return Ok(Shape::External(path.clone()));
        }
        if let Some(key) = &obj.discriminator {
            return Ok(Shape::Union(self.union_def(file, obj, key)?));
        }
        match &obj.named_values {
            Some(values) if values.iter().all(|v| matches!(v.value, EnumKey::Int(_))) => {
                return Ok(Shape::IntEnum(self.int_enum(file, obj, values)?));
            }
            Some(values) if values.iter().all(|v| matches!(v.value, EnumKey::Str(_))) => {
                if !is("string") {
                    return Err(Error::new(
                        file,
                        "",
                        "a string x-enum needs \"type\": \"string\"",
                    ));
                }
                return Ok(Shape::StrEnum(str_enum(file, obj, values)?));
            }
            Some(_) => {
                return Err(Error::new(
                    file,
                    "/x-enum",
                    "x-enum values are all integers or all strings",
                ));
            }
            None => {}
        }
        if is("object") {
            return Ok(Shape::Struct(self.struct_def(file, obj)?));
        }
        Err(Error::new(
            file,
            "",
            "cannot derive a Rust type: use type object, x-enum, x-discriminator or x-rust-type",
        ))
    }

    fn int_enum(
        &self,
        file: &str,
        obj: &SchemaObject,
        values: &[EnumValue],
    ) -> Result<IntEnumDef, Error> {
        let open = obj.enum_values.is_none();
        let lenient = obj.reference.as_deref().and_then(|r| self.titles.get(r));
        if open && lenient.map(String::as_str) != Some("WholeNumber") {
            return Err(Error::new(
                file,
                "",
                "an open x-enum must $ref whole_number.schema.json so its decoder matches its schema",
            ));
        }
        let mut variants = Vec::new();
        for v in values {
            let EnumKey::Int(code) = v.value else {
                unreachable!("int_enum is called with integer values only")
            };
            let accepts: Vec<Value> = match &obj.enum_values {
                None => Vec::new(),
                Some(allowed) => allowed
                    .iter()
                    .filter(|a| {
                        a.as_f64() == Some(code as f64)
                            || a.as_str() == Some(code.to_string().as_str())
                    })
                    .cloned()
                    .collect(),
            };
            if !open && accepts.is_empty() {
                return Err(Error::new(
                    file,
                    "/x-enum",
                    format!("value {code} is not in enum"),
                ));
            }
            variants.push(Variant {
                name: v.name.clone(),
                value: code,
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
        let mut fields: Vec<Field> = Vec::new();
        for (json_name, schema) in &obj.properties {
            let at = format!("/properties/{}", crate::pointer::escape(json_name));
            let Schema::Object(prop) = schema else {
                return Err(Error::new(file, at, "a property schema must be an object"));
            };
            let doc = prop
                .description
                .clone()
                .ok_or_else(|| Error::new(file, &at, "every property needs a description"))?;
            let (ty, nullable) = self.field_type(file, &at, prop)?;
            let rust_name = prop
                .rust_name
                .clone()
                .unwrap_or_else(|| rust_field_name(json_name));
            // The generated visitor's own names (`map`, `key`) and open
            // structs' `extra` field.
            if ["map", "key", "extra"].contains(&rust_name.as_str()) {
                return Err(Error::new(
                    file,
                    &at,
                    format!("`{rust_name}` is taken by the generated code: give {json_name:?} an x-rust-name"),
                ));
            }
            if let Some(other) = fields.iter().find(|f| f.rust_name == rust_name) {
                return Err(Error::new(
                    file,
                    &at,
                    format!(
                        "{json_name:?} and {:?} are both `{rust_name}` in Rust: give one an x-rust-name",
                        other.json_name
                    ),
                ));
            }
            let appender = match (&ty, &prop.item_name) {
                (FieldType::Array(_), Some(name)) => Some(name.clone()),
                (FieldType::Array(_), None) => Some(format!("push_{rust_name}")),
                (_, Some(_)) => return Err(Error::new(file, &at, "x-item-name is for arrays")),
                (_, None) => None,
            };
            fields.push(Field {
                json_name: json_name.clone(),
                rust_name,
                ty,
                required: obj.required.contains(json_name) && !nullable,
                nullable,
                appender,
                doc,
            });
        }
        let names: Vec<&str> = fields.iter().map(|f| f.rust_name.as_str()).collect();
        for f in &fields {
            if let Some(a) = f.appender.as_deref().filter(|a| names.contains(a)) {
                return Err(Error::new(
                    file,
                    "/properties",
                    format!("appender {a} clashes with a field"),
                ));
            }
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
        if obj.additional_properties == Some(false) && !obj.pattern_properties.is_empty() {
            return Err(Error::new(
                file,
                "/patternProperties",
                "a struct with additionalProperties: false lists its keys; patternProperties would make the decoder refuse keys the schema allows",
            ));
        }
        Ok(StructDef {
            fields,
            deny_unknown: obj.additional_properties == Some(false),
        })
    }

    /// The Rust type of a property and whether it may be `null`.
    fn field_type(
        &self,
        file: &str,
        at: &str,
        s: &SchemaObject,
    ) -> Result<(FieldType, bool), Error> {
        if let Some(r) = &s.reference {
            return Ok((FieldType::Named(self.resolve(file, at, r)?), false));
        }
        // `anyOf: [{$ref}, {type: null}]`: a nullable named type.
        if let [a, b] = s.any_of.as_slice() {
            let is_null = |x: &Schema| matches!(x, Schema::Object(o) if o.types.as_deref() == Some(&["null".to_string()]));
            let reference = |x: &Schema| match x {
                Schema::Object(o) => o.reference.clone(),
                Schema::Bool(_) => None,
            };
            let found = match (reference(a), reference(b)) {
                (Some(r), None) if is_null(b) => Some(r),
                (None, Some(r)) if is_null(a) => Some(r),
                _ => None,
            };
            if let Some(r) = found {
                return Ok((FieldType::Named(self.resolve(file, at, &r)?), true));
            }
        }
        let mut types: Vec<&str> = s.types.iter().flatten().map(String::as_str).collect();
        let nullable = types.len() == 2 && types.contains(&"null");
        if nullable {
            types.retain(|t| *t != "null");
        }
        let ty = match types.as_slice() {
            [] => FieldType::Json,
            [t] => match *t {
                "string" => FieldType::String,
                "boolean" => FieldType::Bool,
                // `i64` refuses `1.0`, which JSON Schema calls an integer: a
                // decoder narrower than its schema would fail valid input.
                "integer" => {
                    return Err(Error::new(
                        file,
                        at,
                        "an integer property $refs whole_number.schema.json (or a named integer type), whose decoder accepts what the schema accepts",
                    ))
                }
                "number" => FieldType::Number,
                "array" => {
                    let items = match s.items.as_deref() {
                        Some(Schema::Object(o)) => self.field_type(file, &format!("{at}/items"), o)?.0,
                        _ => FieldType::Json,
                    };
                    FieldType::Array(Box::new(items))
                }
                "null" => FieldType::Json,
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
        };
        Ok((ty, nullable))
    }

    fn union_def(&self, file: &str, obj: &SchemaObject, key: &str) -> Result<UnionDef, Error> {
        let err = |at: &str, msg: &str| Error::new(file, at, msg.to_string());
        if obj.types.as_deref() != Some(&["object".to_string()]) {
            return Err(err(
                "",
                "a union (x-discriminator) is an object: add \"type\": \"object\"",
            ));
        }
        if obj.additional_properties == Some(false)
            || !obj.any_of.is_empty()
            || !obj.one_of.is_empty()
            || obj.if_.is_some()
            || obj.not.is_some()
            || obj.required.iter().any(|r| r != key)
        {
            return Err(err(
                "",
                "a union holds its common properties, `required` of the discriminator, and an allOf of if/then branches",
            ));
        }
        let mut variants = Vec::new();
        for (i, branch) in obj.all_of.iter().enumerate() {
            let at = format!("/allOf/{i}");
            let form = "each allOf branch of a union is {\"if\": {\"properties\": {KEY: {\"enum\"|\"const\": …}}, \"required\": [KEY]}, \"then\": {\"$ref\": …}}";
            let Schema::Object(b) = branch else {
                return Err(err(&at, form));
            };
            let (Some(cond), Some(then), None) = (&b.if_, &b.then, &b.else_) else {
                return Err(err(&at, form));
            };
            let (Schema::Object(cond), Schema::Object(then)) = (cond.as_ref(), then.as_ref())
            else {
                return Err(err(&at, form));
            };
            let Some(reference) = &then.reference else {
                return Err(err(&format!("{at}/then"), form));
            };
            let [(prop, Schema::Object(p))] = cond.properties.as_slice() else {
                return Err(err(&format!("{at}/if"), form));
            };
            if prop != key || cond.required != [key.to_string()] {
                return Err(err(&format!("{at}/if"), form));
            }
            let accepts = match (&p.enum_values, &p.const_value) {
                (Some(values), None) => values.clone(),
                (None, Some(value)) => vec![value.clone()],
                _ => return Err(err(&format!("{at}/if/properties"), form)),
            };
            if accepts.iter().any(|v| !(v.is_u64() || v.is_string())) {
                return Err(err(
                    &format!("{at}/if/properties"),
                    "discriminator values are whole numbers or strings",
                ));
            }
            let type_name = self.resolve(file, &format!("{at}/then"), reference)?;
            variants.push(UnionVariant {
                name: String::new(),
                type_name,
                accepts,
            });
        }
        if variants.is_empty() {
            return Err(err("", "a union needs at least one allOf branch"));
        }
        for (i, v) in variants.iter().enumerate() {
            for w in &variants[..i] {
                if let Some(both) = v.accepts.iter().find(|a| w.accepts.contains(a)) {
                    return Err(err("/allOf", &format!("{both} selects two branches")));
                }
            }
        }
        name_variants(&mut variants);
        Ok(UnionDef {
            key: key.to_string(),
            variants,
        })
    }
}

fn str_enum(file: &str, obj: &SchemaObject, values: &[EnumValue]) -> Result<StrEnumDef, Error> {
    let variants: Vec<StrVariant> = values
        .iter()
        .map(|v| StrVariant {
            name: v.name.clone(),
            value: match &v.value {
                EnumKey::Str(s) => s.clone(),
                EnumKey::Int(n) => n.to_string(),
            },
            doc: v.description.clone(),
        })
        .collect();
    if let Some(allowed) = &obj.enum_values {
        let listed: Vec<Value> = variants
            .iter()
            .map(|v| Value::from(v.value.as_str()))
            .collect();
        if allowed != &listed {
            return Err(Error::new(
                file,
                "/enum",
                "a closed string enum lists exactly its x-enum values, in the same order",
            ));
        }
    }
    Ok(StrEnumDef {
        variants,
        open: obj.enum_values.is_none(),
    })
}

/// Variant names: each type name without the words all of them share at
/// the start and at the end (`WebhookDeliveryReportEvent`,
/// `WebhookGroupEvent` → `DeliveryReport`, `Group`).
fn name_variants(variants: &mut [UnionVariant]) {
    let words: Vec<Vec<String>> = variants.iter().map(|v| camel_words(&v.type_name)).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let common = |at: &dyn Fn(&Vec<String>, usize) -> &String| {
        (0..shortest)
            .take_while(|i| words.iter().all(|w| at(w, *i) == at(&words[0], *i)))
            .count()
    };
    let (mut head, mut tail) = if variants.len() < 2 {
        (0, 0)
    } else {
        (common(&|w, i| &w[i]), common(&|w, i| &w[w.len() - 1 - i]))
    };
    // Never cut a name away entirely.
    while head + tail >= shortest && (head > 0 || tail > 0) {
        if tail > 0 {
            tail -= 1;
        } else {
            head -= 1;
        }
    }
    for (v, w) in variants.iter_mut().zip(&words) {
        v.name = w[head..w.len() - tail].concat();
    }
}

fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// A union's variants are received structs, so unknown keys and forms are
/// kept, and a union cannot hold a type we send. The properties the union
/// itself lists (`project_id` of every event) must be in every variant with
/// the same rules: the typed check of a union is its variant's.
/// The `properties` a type's own schema lists, with their rules.
fn properties_of(t: &TypeDef) -> Vec<&(String, Node)> {
    t.rules.properties().collect()
}

pub(super) fn check_unions(ir: &Ir) -> Result<(), Error> {
    for t in &ir.types {
        let Shape::Union(u) = &t.shape else { continue };
        let common = properties_of(t);
        for v in &u.variants {
            let Some(variant) = ir.get(&v.type_name) else {
                continue;
            };
            let err = |msg: String| Err(Error::new(&t.file, "/allOf", msg));
            match &variant.shape {
                Shape::Struct(s) if !s.deny_unknown => {
                    // The variant reads its own tag (`discriminator()`).
                    if !s.fields.iter().any(|f| f.json_name == u.key && f.required) {
                        return err(format!(
                            "union variant {} must require the discriminator {:?}",
                            v.type_name, u.key
                        ));
                    }
                }
                _ => {
                    return err(format!(
                        "union variant {} must be an open object type",
                        v.type_name
                    ))
                }
            }
            let theirs = properties_of(variant);
            for (name, node) in &common {
                let same = theirs
                    .iter()
                    .any(|(n, other)| n == name && same_rules(node, other));
                if !same {
                    return err(format!(
                        "the union's property {name:?} must be in variant {} with the same rules",
                        v.type_name
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Whether two nodes check the same, wherever they sit in the bundle.
fn same_rules(a: &Node, b: &Node) -> bool {
    a.checks() == b.checks() && a.hint == b.hint
}
