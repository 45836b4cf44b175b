//! What a schema checks: every keyword becomes a [`Rule`] of a [`Node`] that
//! remembers where it is in the bundle.

use super::Cx;
use crate::ir::*;
use crate::schema::{Schema, SchemaObject};
use crate::Error;

impl Cx<'_> {
    /// Lowers a schema at bundle path `path` (reached from its parent by
    /// `step`) to its rule tree. `owner` names the type for messages.
    pub(super) fn node(
        &self,
        file: &str,
        schema: &Schema,
        path: &str,
        step: &str,
        owner: Option<&str>,
    ) -> Result<Node, Error> {
        let base = Node {
            path: path.to_string(),
            step: step.to_string(),
            hint: None,
            rules: Vec::new(),
        };
        let s = match schema {
            Schema::Bool(true) => return Ok(base),
            Schema::Bool(false) => {
                return Ok(Node {
                    rules: vec![Rule::False],
                    ..base
                })
            }
            Schema::Object(o) => o,
        };
        let sub = |k: &str, x: &Schema| {
            self.node(file, x, &format!("{path}/{k}"), &format!("/{k}"), None)
        };
        let subs = |k: &str, xs: &[Schema]| -> Result<Vec<Node>, Error> {
            xs.iter()
                .enumerate()
                .map(|(i, x)| sub(&format!("{k}/{i}"), x))
                .collect()
        };
        let mut rules = self.value_rules(file, s)?;
        if !s.required.is_empty() {
            rules.push(Rule::Required(s.required.clone()));
        }
        if !s.properties.is_empty() {
            let mut props = Vec::new();
            for (name, ps) in &s.properties {
                let key = crate::schema::escape(name);
                let p = self.node(file, ps, &format!("{path}/properties/{key}"), "", None)?;
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
            rules.push(Rule::Items(Box::new(self.node(
                file,
                items,
                &format!("{path}/items"),
                "",
                None,
            )?)));
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
            rules.push(Rule::AllOf(subs("allOf", &s.all_of)?));
        }
        if !s.any_of.is_empty() {
            rules.push(Rule::AnyOf(subs("anyOf", &s.any_of)?));
        }
        if !s.one_of.is_empty() {
            rules.push(Rule::OneOf(subs("oneOf", &s.one_of)?));
        }
        if let Some(n) = &s.not {
            rules.push(Rule::Not(Box::new(sub("not", n)?)));
        }
        if let Some(rule) = self.conditional(file, s, &sub)? {
            rules.push(rule);
        }
        Ok(Node {
            hint: s.message.clone(),
            rules,
            ..base
        })
    }

    /// `$ref`, `type`, `enum`, `const` and the string and number keywords.
    fn value_rules(&self, file: &str, s: &SchemaObject) -> Result<Vec<Rule>, Error> {
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
        rules.extend(s.min_length.map(Rule::MinLength));
        rules.extend(s.max_length.map(Rule::MaxLength));
        rules.extend(s.pattern.clone().map(Rule::Pattern));
        rules.extend(s.minimum.map(Rule::Minimum));
        rules.extend(s.maximum.map(Rule::Maximum));
        Ok(rules)
    }

    fn conditional(
        &self,
        file: &str,
        s: &SchemaObject,
        sub: &dyn Fn(&str, &Schema) -> Result<Node, Error>,
    ) -> Result<Option<Rule>, Error> {
        match (&s.if_, &s.then, &s.else_) {
            (Some(c), then, otherwise) => {
                if then.is_none() && otherwise.is_none() {
                    return Err(Error::new(
                        file,
                        &s.pointer,
                        "`if` without `then` or `else` checks nothing",
                    ));
                }
                Ok(Some(Rule::IfThenElse {
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
