//! The intermediate representation: plain data, printable with `{:#?}`,
//! that every emitter reads instead of raw JSON.

use serde_json::Value;
use std::collections::BTreeMap;

/// Everything the schema directory describes.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// One entry per schema file, sorted by type name.
    pub types: Vec<TypeDef>,
    /// Rules the bundle states elsewhere than the source files do, by
    /// their schema path in the sources: where the bundle has them
    /// (`/$defs/Flag/enum` → `/$defs/Flag/anyOf`; see [`crate::bundle`]).
    pub moved: BTreeMap<String, String>,
}

impl Ir {
    /// Looks a type up by name.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The items of a list field when they are read in place: structs whose
    /// fields are all optional ([`StructDef::all_optional`]).
    pub fn in_place_items(&self, ty: &FieldType) -> bool {
        let FieldType::Array(item) = ty else {
            return false;
        };
        let FieldType::Named(name) = item.as_ref() else {
            return false;
        };
        matches!(self.get(name), Some(TypeDef { shape: Shape::Struct(s), .. }) if s.all_optional())
    }
}

/// A named type (one schema file).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name and `$defs` key (the schema's `title`).
    pub name: String,
    /// Schema file it comes from.
    pub file: String,
    /// Doc text (the schema's `description`).
    pub doc: String,
    /// How it looks in Rust.
    pub shape: Shape,
    /// What its validator checks.
    pub rules: Node,
}

/// The Rust form of a type.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A struct with named fields.
    Struct(StructDef),
    /// An enum over documented integer codes.
    IntEnum(IntEnumDef),
    /// An enum over documented strings.
    StrEnum(StrEnumDef),
    /// A received object whose form depends on one key (`event_id`).
    Union(UnionDef),
    /// A hand-written type in the runtime (`x-rust-type`).
    External(String),
    /// Any JSON value, checked by its rules (a schema with no Rust shape of
    /// its own: the test suite's schemas, a `$defs` entry).
    Any,
}

impl Shape {
    /// Whether values of this type decode strictly: a closed struct (what we
    /// send to Picky Assist).
    pub fn is_strict(&self) -> bool {
        matches!(self, Shape::Struct(s) if s.deny_unknown)
    }
}

/// A struct's fields and strictness.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Fields in schema order.
    pub fields: Vec<Field>,
    /// `additionalProperties: false`: unknown keys are errors. Otherwise
    /// unknown keys are kept in an `extra` map so that nothing is lost.
    pub deny_unknown: bool,
}

impl StructDef {
    /// Whether every field is optional: the struct is then `Default`, and
    /// read in place, into what `Default` gives (as are lists of it).
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// JSON key, exactly.
    pub json_name: String,
    /// Rust field name (snake_case, keywords escaped at emission).
    pub rust_name: String,
    /// Rust type of the value.
    pub ty: FieldType,
    /// Listed in `required` and not nullable: not an `Option`.
    pub required: bool,
    /// `null` is an allowed value (`"type": ["string", "null"]`); received
    /// `null`s are kept in `extra`, the field stays `None`.
    pub nullable: bool,
    /// For arrays: the name of the one-item appender.
    pub appender: Option<String>,
    /// Doc text.
    pub doc: String,
}

/// The type of a field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `serde_json::Value` (no type constraint).
    Json,
    /// Another named type.
    Named(String),
    /// `Vec<T>`.
    Array(Box<FieldType>),
}

/// An enum over integer codes.
#[derive(Debug, Clone, PartialEq)]
pub struct IntEnumDef {
    /// Documented values.
    pub variants: Vec<Variant>,
    /// Open: unknown codes decode to `Other(u64)`. Closed: only the listed
    /// wire forms decode.
    pub open: bool,
}

/// An enum over strings.
#[derive(Debug, Clone, PartialEq)]
pub struct StrEnumDef {
    /// Documented values.
    pub variants: Vec<StrVariant>,
    /// Open: unknown texts decode to `Other(String)`. Closed: only these.
    pub open: bool,
}

/// One string enum variant.
#[derive(Debug, Clone, PartialEq)]
pub struct StrVariant {
    /// Rust name.
    pub name: String,
    /// Wire text.
    pub value: String,
    /// Meaning.
    pub doc: String,
}

/// A received union chosen by a discriminator key.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The key whose value picks the variant.
    pub key: String,
    /// One variant per documented value set, in schema order.
    pub variants: Vec<UnionVariant>,
}

/// One variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name (the type name without the union's common suffix).
    pub name: String,
    /// The type it holds.
    pub type_name: String,
    /// The discriminator values (exact JSON scalars) that select it.
    pub accepts: Vec<Value>,
}

/// One enum variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust name.
    pub name: String,
    /// Wire code.
    pub value: u64,
    /// Meaning.
    pub doc: String,
    /// Closed enums: the exact JSON values that decode to this variant.
    pub accepts: Vec<Value>,
}

/// A schema object lowered to the rules it imposes, split by family: each
/// family is compiled by one file of `emit/keywords/` (and checked by one
/// file of the runtime's `keywords/`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// The object's location in the bundle (`/$defs/PushRequest/properties/data`).
    pub path: String,
    /// `x-message` hint appended to this node's errors.
    pub hint: Option<String>,
    /// `false`, `$ref`, `type`, `enum`, `const`, the string and number keywords.
    pub value: Vec<ValueRule>,
    /// The object keywords.
    pub object: Vec<ObjectRule>,
    /// The array keywords.
    pub array: Vec<ArrayRule>,
    /// `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`.
    pub logic: Vec<LogicRule>,
}

impl Node {
    /// Whether the node checks nothing (accepts every value).
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
            && self.object.is_empty()
            && self.array.is_empty()
            && self.logic.is_empty()
    }

    /// The `properties` the node lists, with their rules.
    pub fn properties(&self) -> impl Iterator<Item = &(String, Node)> {
        self.object
            .iter()
            .filter_map(|r| match r {
                ObjectRule::Properties(props) => Some(props.iter()),
                _ => None,
            })
            .flatten()
    }

    /// The node's rules without its place in the bundle, for comparing what
    /// two nodes check.
    pub fn checks(&self) -> (&[ValueRule], &[ObjectRule], &[ArrayRule], &[LogicRule]) {
        (&self.value, &self.object, &self.array, &self.logic)
    }
}

/// JSON types as JSON Schema names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Null,
}

impl JsonType {
    /// The JSON Schema name.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::Null => "null",
        }
    }
}

/// A value keyword. Each rule applies only to instances of the JSON type it
/// is about (a `minLength` ignores numbers), as JSON Schema specifies.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRule {
    /// `false`: nothing is valid.
    False,
    /// `$ref` to a named type.
    Ref(String),
    /// `type`.
    Type(Vec<JsonType>),
    /// `enum`.
    Enum(Vec<Value>),
    /// `const`.
    Const(Value),
    /// `minLength`, in code points.
    MinLength(u64),
    /// `maxLength`, in code points.
    MaxLength(u64),
    /// `pattern` (unanchored search, as JSON Schema specifies).
    Pattern(String),
    /// `minimum`.
    Minimum(f64),
    /// `maximum`.
    Maximum(f64),
    /// `exclusiveMinimum`.
    ExclusiveMinimum(f64),
    /// `exclusiveMaximum`.
    ExclusiveMaximum(f64),
    /// `multipleOf`.
    MultipleOf(f64),
}

/// An object keyword.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectRule {
    /// `required`; errors point at the missing key.
    Required(Vec<String>),
    /// `properties`.
    Properties(Vec<(String, Node)>),
    /// `patternProperties`: members whose key matches the pattern satisfy the schema.
    PatternProperties(Vec<(String, Node)>),
    /// `additionalProperties: false`; errors point at the unknown key.
    NoAdditional {
        /// Keys that are allowed.
        known: Vec<String>,
        /// Type name for messages.
        owner: String,
    },
    /// `additionalProperties` as a schema: every key not in `known` must satisfy it.
    AdditionalSchema {
        /// Keys `properties` lists.
        known: Vec<String>,
        /// Patterns of `patternProperties`: keys they match are not additional.
        patterns: Vec<String>,
        /// The schema of the others.
        node: Box<Node>,
    },
    /// `propertyNames`: every key, as a JSON string, satisfies the schema.
    PropertyNames(Box<Node>),
    /// `minProperties`.
    MinProperties(u64),
    /// `maxProperties`.
    MaxProperties(u64),
    /// `dependentRequired`: if the key is present, these must be too.
    DependentRequired(Vec<(String, Vec<String>)>),
    /// `dependentSchemas`: if the key is present, the object satisfies the schema.
    DependentSchemas(Vec<(String, Node)>),
}

/// An array keyword.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayRule {
    /// `prefixItems`: element `i` satisfies schema `i`.
    PrefixItems(Vec<Node>),
    /// `items` after `prefixItems`: every element from index `.0` on.
    ItemsAfter(usize, Box<Node>),
    /// `items` (every element).
    Items(Box<Node>),
    /// `uniqueItems: true`.
    UniqueItems,
    /// `minItems`.
    MinItems(u64),
    /// `maxItems`.
    MaxItems(u64),
    /// `contains`.
    Contains(Box<Node>),
    /// `contains` with `minContains`/`maxContains`: how many items match.
    ContainsCount {
        /// The schema items are counted by.
        node: Box<Node>,
        /// `minContains` (1 without it).
        min: u64,
        /// `maxContains`.
        max: Option<u64>,
    },
}

/// A keyword that combines subschemas.
#[derive(Debug, Clone, PartialEq)]
pub enum LogicRule {
    /// `allOf`.
    AllOf(Vec<Node>),
    /// `anyOf`.
    AnyOf(Vec<Node>),
    /// `oneOf`.
    OneOf(Vec<Node>),
    /// `not`.
    Not(Box<Node>),
    /// `if` / `then` / `else`.
    IfThenElse {
        /// The condition (never reports errors itself).
        cond: Box<Node>,
        /// Applied when the condition holds.
        then: Option<Box<Node>>,
        /// Applied when it does not.
        otherwise: Option<Box<Node>>,
    },
}
