//! What a schema checks: every keyword becomes a rule of its family
//! ([`ValueRule`], [`ObjectRule`], [`ArrayRule`], [`LogicRule`]) in a [`Node`]
//! that remembers where it is in the bundle.

use super::Lowering;
use crate::ir::*;
use crate::schema::{Schema, SchemaObject};
use crate::Error;

impl Lowering<'_> {
    /// Lowers a schema at bundle path `path` to its rule tree. `owner` names
    /// the type for messages.
    pub(super) fn node(
        &self,
        file: &str,
        schema: &Schema,
        path: &str,
        owner: Option<&str>,
    ) -> Result<Node, Error> {
        let mut node = Node {
            path: path.to_string(),
            ..Node::default()
        };
        let s = match schema {
            Schema::Bool(true) => return Ok(node),
            Schema::Bool(false) => {
                node.value.push(ValueRule::False);
                return Ok(node);
            }
            Schema::Object(o) => o,
        };
        let sub = |k: &str, x: &Schema| self.node(file, x, &format!("{path}/{k}"), None);
        let subs = |k: &str, xs: &[Schema]| -> Result<Vec<Node>, Error> {
            xs.iter()
                .enumerate()
                .map(|(i, x)| sub(&format!("{k}/{i}"), x))
                .collect()
        };
        node.value = self.value_rules(file, s)?;
        let object = &mut node.object;
        if !s.required.is_empty() {
            object.push(ObjectRule::Required(s.required.clone()));
        }
        if !s.properties.is_empty() {
            let mut props = Vec::new();
            for (name, ps) in &s.properties {
                let key = crate::pointer::escape(name);
                let p = self.node(file, ps, &format!("{path}/properties/{key}"), None)?;
                props.push((name.clone(), p));
            }
            object.push(ObjectRule::Properties(props));
        }
        let known: Vec<String> = s.properties.iter().map(|(n, _)| n.clone()).collect();
        let patterns: Vec<String> = s
            .pattern_properties
            .iter()
            .map(|(p, _)| p.clone())
            .collect();
        if !s.pattern_properties.is_empty() {
            let mut by_pattern = Vec::new();
            for (pat, ps) in &s.pattern_properties {
                let key = crate::pointer::escape(pat);
                let p = self.node(file, ps, &format!("{path}/patternProperties/{key}"), None)?;
                by_pattern.push((pat.clone(), p));
            }
            object.push(ObjectRule::PatternProperties(by_pattern));
        }
        match (s.additional_properties, &s.additional_schema) {
            (Some(false), _) if patterns.is_empty() => object.push(ObjectRule::NoAdditional {
                known,
                owner: owner.unwrap_or("this object").to_string(),
            }),
            // With patterns, "additional" depends on them: `false` as a schema.
            (Some(false), _) => object.push(ObjectRule::AdditionalSchema {
                known,
                patterns,
                node: Box::new(self.node(
                    file,
                    &Schema::Bool(false),
                    &format!("{path}/additionalProperties"),
                    None,
                )?),
            }),
            (_, Some(extra)) => {
                let node = self.node(file, extra, &format!("{path}/additionalProperties"), None)?;
                object.push(ObjectRule::AdditionalSchema {
                    known,
                    patterns,
                    node: Box::new(node),
                });
            }
            _ => {}
        }
        if let Some(names) = &s.property_names {
            let node = self.node(file, names, &format!("{path}/propertyNames"), None)?;
            object.push(ObjectRule::PropertyNames(Box::new(node)));
        }
        object.extend(s.min_properties.map(ObjectRule::MinProperties));
        object.extend(s.max_properties.map(ObjectRule::MaxProperties));
        if !s.dependent_required.is_empty() {
            object.push(ObjectRule::DependentRequired(s.dependent_required.clone()));
        }
        if !s.dependent_schemas.is_empty() {
            let mut deps = Vec::new();
            for (key, schema) in &s.dependent_schemas {
                let escaped = crate::pointer::escape(key);
                let node = self.node(
                    file,
                    schema,
                    &format!("{path}/dependentSchemas/{escaped}"),
                    None,
                )?;
                deps.push((key.clone(), node));
            }
            object.push(ObjectRule::DependentSchemas(deps));
        }
        let array = &mut node.array;
        if !s.prefix_items.is_empty() {
            let mut prefix = Vec::new();
            for (i, schema) in s.prefix_items.iter().enumerate() {
                prefix.push(self.node(file, schema, &format!("{path}/prefixItems/{i}"), None)?);
            }
            let n = prefix.len();
            array.push(ArrayRule::PrefixItems(prefix));
            if let Some(items) = &s.items {
                let node = self.node(file, items, &format!("{path}/items"), None)?;
                array.push(ArrayRule::ItemsAfter(n, Box::new(node)));
            }
        } else if let Some(items) = &s.items {
            let node = self.node(file, items, &format!("{path}/items"), None)?;
            array.push(ArrayRule::Items(Box::new(node)));
        }
        if s.unique_items {
            array.push(ArrayRule::UniqueItems);
        }
        if let Some(n) = s.min_items {
            array.push(ArrayRule::MinItems(n));
        }
        if let Some(n) = s.max_items {
            array.push(ArrayRule::MaxItems(n));
        }
        // `minContains`/`maxContains` without `contains` mean nothing.
        match (&s.contains, s.min_contains, s.max_contains) {
            (Some(c), None, None) => array.push(ArrayRule::Contains(Box::new(sub("contains", c)?))),
            (Some(c), min, max) => array.push(ArrayRule::ContainsCount {
                node: Box::new(sub("contains", c)?),
                min: min.unwrap_or(1),
                max,
            }),
            (None, ..) => {}
        }
        let logic = &mut node.logic;
        if !s.all_of.is_empty() {
            logic.push(LogicRule::AllOf(subs("allOf", &s.all_of)?));
        }
        if !s.any_of.is_empty() {
            logic.push(LogicRule::AnyOf(subs("anyOf", &s.any_of)?));
        }
        if !s.one_of.is_empty() {
            logic.push(LogicRule::OneOf(subs("oneOf", &s.one_of)?));
        }
        if let Some(n) = &s.not {
            logic.push(LogicRule::Not(Box::new(sub("not", n)?)));
        }
        if let Some(rule) = self.conditional(file, s, &sub)? {
            logic.push(rule);
        }
        node.hint = s.message.clone();
        Ok(node)
    }

    /// `$ref`, `type`, `enum`, `const` and the string and number keywords.
    fn value_rules(&self, file: &str, s: &SchemaObject) -> Result<Vec<ValueRule>, Error> {
        let mut rules = Vec::new();
        if let Some(r) = &s.reference {
            rules.push(ValueRule::Ref(self.resolve(file, &s.pointer, r)?));
        }
        if let Some(ts) = &s.types {
            rules.push(ValueRule::Type(ts.iter().map(|t| json_type(t)).collect()));
        }
        if let Some(vals) = &s.enum_values {
            rules.push(ValueRule::Enum(vals.clone()));
        }
        if let Some(c) = &s.const_value {
            rules.push(ValueRule::Const(c.clone()));
        }
        rules.extend(s.min_length.map(ValueRule::MinLength));
        rules.extend(s.max_length.map(ValueRule::MaxLength));
        rules.extend(s.pattern.clone().map(ValueRule::Pattern));
        rules.extend(s.minimum.map(ValueRule::Minimum));
        rules.extend(s.maximum.map(ValueRule::Maximum));
        rules.extend(s.exclusive_minimum.map(ValueRule::ExclusiveMinimum));
        rules.extend(s.exclusive_maximum.map(ValueRule::ExclusiveMaximum));
        rules.extend(s.multiple_of.map(ValueRule::MultipleOf));
        Ok(rules)
    }

    fn conditional(
        &self,
        file: &str,
        s: &SchemaObject,
        sub: &dyn Fn(&str, &Schema) -> Result<Node, Error>,
    ) -> Result<Option<LogicRule>, Error> {
        let lint = !self.options.any_shapes;
        match (&s.if_, &s.then, &s.else_) {
            // JSON Schema ignores a lone `if`, `then` or `else`; the project's
            // schemas refuse them, since they check nothing.
            (Some(_), None, None) if !lint => Ok(None),
            (None, _, _) if !lint => Ok(None),
            (Some(c), then, otherwise) => {
                if then.is_none() && otherwise.is_none() {
                    return Err(Error::new(
                        file,
                        &s.pointer,
                        "`if` without `then` or `else` checks nothing",
                    ));
                }
                Ok(Some(LogicRule::IfThenElse {
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
                }))
            }
            (None, None, None) => Ok(None),
            _ => Err(Error::new(file, &s.pointer, "`then`/`else` without `if`")),
        }
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
