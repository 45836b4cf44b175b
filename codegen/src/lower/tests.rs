use super::*;
use crate::schema::parse_file;

fn lower_one(text: &str) -> Result<Ir, Error> {
    lower(&[parse_file("t.schema.json", text)?])
}

fn lower_files(files: &[(&str, &str)]) -> Result<Ir, Error> {
    let sources = files
        .iter()
        .map(|(name, text)| parse_file(name, text))
        .collect::<Result<Vec<_>, _>>()?;
    lower(&sources)
}

#[test]
fn struct_fields_follow_required_and_order() {
    let ir = lower_one(
        r#"{"title":"T","description":"d","type":"object","additionalProperties":false,"required":["b"],
            "properties":{"b":{"description":"x","type":"string","minLength":1},"a":{"description":"y","type":"array","items":{"type":"string"}}}}"#,
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
        FieldType::Array(Box::new(FieldType::String))
    );
    assert_eq!(s.fields[1].appender.as_deref(), Some("push_a"));
    assert!(!s.fields[1].required);
    assert_eq!(t.rules.value, [ValueRule::Type(vec![JsonType::Object])]);
    assert_eq!(t.rules.object[0], ObjectRule::Required(vec!["b".into()]));
    let ObjectRule::Properties(props) = &t.rules.object[1] else {
        panic!("properties expected")
    };
    assert_eq!(props[0].1.path, "/$defs/T/properties/b");
    assert_eq!(
        props[0].1.value,
        [
            ValueRule::Type(vec![JsonType::String]),
            ValueRule::MinLength(1)
        ]
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
fn string_enums_are_open_without_enum_and_closed_with_it() {
    let open = lower_one(
        r#"{"title":"C","description":"d","type":"string","x-enum":[{"value":"MARKETING","name":"Marketing","description":"m"}]}"#,
    )
    .expect("lowers");
    let Shape::StrEnum(e) = &open.types[0].shape else {
        panic!("string enum expected")
    };
    assert!(e.open);
    assert_eq!(e.variants[0].value, "MARKETING");
    let closed = lower_one(
        r#"{"title":"C","description":"d","type":"string","enum":["A"],"x-enum":[{"value":"A","name":"A","description":"a"}]}"#,
    )
    .expect("lowers");
    assert!(matches!(&closed.types[0].shape, Shape::StrEnum(e) if !e.open));
    let mismatch = lower_one(
        r#"{"title":"C","description":"d","type":"string","enum":["A","B"],"x-enum":[{"value":"A","name":"A","description":"a"}]}"#,
    )
    .unwrap_err();
    assert_eq!(mismatch.pointer, "/enum");
}

#[test]
fn nullable_properties_and_rust_names() {
    let ir = lower_files(&[
        ("a.schema.json", r#"{"title":"A","description":"d","type":"object","properties":{
            "city":{"description":"c","type":["string","null"]},
            "Location":{"description":"l","x-rust-name":"location_card","anyOf":[{"$ref":"b.schema.json"},{"type":"null"}]},
            "location":{"description":"l","type":"string"},
            "message-in":{"description":"m","type":"string"}}}"#),
        ("b.schema.json", r#"{"title":"B","description":"d","type":"object","properties":{}}"#),
    ])
    .expect("lowers");
    let Shape::Struct(s) = &ir.get("A").expect("A").shape else {
        panic!("struct")
    };
    let f = |n: &str| s.fields.iter().find(|f| f.json_name == n).expect("field");
    assert!(f("city").nullable && f("city").ty == FieldType::String);
    assert_eq!(f("Location").rust_name, "location_card");
    assert_eq!(f("Location").ty, FieldType::Named("B".into()));
    assert!(f("Location").nullable);
    assert_eq!(f("message-in").rust_name, "message_in");
}

#[test]
fn keys_that_clash_in_rust_need_a_rust_name() {
    let e = lower_one(
        r#"{"title":"T","description":"d","type":"object","properties":{"Location":{"description":"x","type":"string"},"location":{"description":"y","type":"string"}}}"#,
    )
    .unwrap_err();
    assert!(e.message.contains("x-rust-name"), "{e}");
}

#[test]
fn unions_name_their_variants_and_refuse_other_forms() {
    let variant = |title: &str| {
        format!(
            r#"{{"title":"{title}","description":"d","type":"object","required":["event_id"],"properties":{{"event_id":{{"description":"e"}}}}}}"#
        )
    };
    let (a, b) = (variant("DeliveryReportEvent"), variant("NumberFilterEvent"));
    let union = r#"{"title":"Event","description":"d","type":"object","required":["event_id"],"x-discriminator":"event_id",
        "allOf":[{"if":{"properties":{"event_id":{"enum":[1,"1"]}},"required":["event_id"]},"then":{"$ref":"a.schema.json"}},
                 {"if":{"properties":{"event_id":{"const":2}},"required":["event_id"]},"then":{"$ref":"b.schema.json"}}]}"#;
    let ir = lower_files(&[
        ("a.schema.json", &a),
        ("b.schema.json", &b),
        ("u.schema.json", union),
    ])
    .expect("lowers");
    let Shape::Union(u) = &ir.get("Event").expect("Event").shape else {
        panic!("union")
    };
    assert_eq!(u.key, "event_id");
    let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["DeliveryReport", "NumberFilter"]);
    assert_eq!(
        u.variants[0].accepts,
        [serde_json::json!(1), serde_json::json!("1")]
    );

    let overlapping = union.replace(r#"{"const":2}"#, r#"{"const":1}"#);
    let e = lower_files(&[
        ("a.schema.json", &a),
        ("b.schema.json", &b),
        ("u.schema.json", &overlapping),
    ])
    .unwrap_err();
    assert!(e.message.contains("two branches"), "{e}");
    let with_else = union.replace(
        r#""then":{"$ref":"b.schema.json"}"#,
        r#""then":{"$ref":"b.schema.json"},"else":false"#,
    );
    let e = lower_files(&[
        ("a.schema.json", &a),
        ("b.schema.json", &b),
        ("u.schema.json", &with_else),
    ])
    .unwrap_err();
    assert_eq!(e.pointer, "/allOf/1");

    // A variant reads its own tag, so it must require it.
    let untagged = b.replace(r#""required":["event_id"],"#, "");
    let e = lower_files(&[
        ("a.schema.json", &a),
        ("b.schema.json", &untagged),
        ("u.schema.json", union),
    ])
    .unwrap_err();
    assert!(e.message.contains("must require the discriminator"), "{e}");
}

#[test]
fn inline_integers_need_a_named_lenient_type() {
    // i64 would refuse 1.0, which JSON Schema calls an integer.
    let e = lower_one(
        r#"{"title":"T","description":"d","type":"object","properties":{"a":{"description":"x","type":"integer"}}}"#,
    )
    .unwrap_err();
    assert_eq!(e.pointer, "/properties/a");
    assert!(e.message.contains("whole_number"), "{e}");
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
    let e = lower_one(
        r#"{"title":"T","description":"d","type":"object","properties":{"a":{"type":"string"}}}"#,
    )
    .unwrap_err();
    assert!(e.message.contains("description"));
}

fn lower_suite(text: &str) -> Result<Ir, Error> {
    lower_with(&[parse_file("t.schema.json", text)?], Options::SUITE)
}

#[test]
fn escaped_def_refs_resolve_to_their_type() {
    let ir = lower_suite(
        r##"{"title":"T","description":"d","$defs":{"percent%field":{"type":"integer"},"slash/field":{"type":"string"}},
            "properties":{"a":{"$ref":"#/$defs/percent%25field"},"b":{"$ref":"#/$defs/slash~1field"}}}"##,
    )
    .expect("lowers");
    let props = ir.types.iter().find(|t| t.name == "T").and_then(|t| {
        t.rules.object.iter().find_map(|r| match r {
            ObjectRule::Properties(p) => Some(p.clone()),
            _ => None,
        })
    });
    let refs: Vec<_> = props
        .expect("properties")
        .iter()
        .map(|(_, n)| n.value.clone())
        .collect();
    assert!(
        matches!(&refs[0][..], [ValueRule::Ref(t)] if t == "TDefPercentField"),
        "{refs:?}"
    );
    assert!(
        matches!(&refs[1][..], [ValueRule::Ref(t)] if t == "TDefSlashField"),
        "{refs:?}"
    );
    let e =
        lower_suite(r##"{"title":"T","description":"d","$ref":"#/$defs/bad%zz"}"##).unwrap_err();
    assert_eq!(e.pointer, "/$ref");
}

#[test]
fn def_refs_with_truncated_or_non_utf8_escapes_are_errors() {
    for reference in ["#/$defs/bad%ff", "#/$defs/bad%2", "#/$defs/bad%"] {
        let e = lower_suite(&format!(
            r#"{{"title":"T","description":"d","$defs":{{"bad":{{}}}},"$ref":"{reference}"}}"#
        ))
        .unwrap_err();
        assert_eq!(e.pointer, "/$ref", "{reference}");
    }
}

#[test]
fn pattern_properties_make_additional_a_schema() {
    let ir = lower_suite(
        r#"{"title":"T","description":"d","properties":{"a":{}},"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}"#,
    )
    .expect("lowers");
    let rules = &ir.types[0].rules.object;
    assert!(rules
        .iter()
        .any(|r| matches!(r, ObjectRule::PatternProperties(p) if p[0].0 == "^x-")));
    assert!(
        rules.iter().any(|r| matches!(r,
        ObjectRule::AdditionalSchema { known, patterns, node }
            if known == &["a"] && patterns == &["^x-"] && matches!(node.value[..], [ValueRule::False])))
    );
    assert!(!rules
        .iter()
        .any(|r| matches!(r, ObjectRule::NoAdditional { .. })));
    // A struct that lists its keys cannot also allow keys by pattern.
    let e = lower_one(
        r#"{"title":"T","description":"d","type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},
            "properties":{"a":{"description":"x","type":"string"}}}"#,
    )
    .unwrap_err();
    assert_eq!(e.pointer, "/patternProperties");
}

#[test]
fn contains_counts_only_with_contains() {
    let ir =
        lower_suite(r#"{"title":"T","description":"d","contains":{"const":1},"maxContains":2}"#)
            .expect("lowers");
    assert!(matches!(
        ir.types[0].rules.array[..],
        [ArrayRule::ContainsCount {
            min: 1,
            max: Some(2),
            ..
        }]
    ));
    let ir = lower_suite(r#"{"title":"T","description":"d","minContains":2}"#).expect("lowers");
    assert!(ir.types[0].rules.is_empty());
}

#[test]
fn names_the_generated_visitor_uses_need_a_rust_name() {
    for key in ["map", "key", "extra"] {
        let schema = format!(
            r#"{{"title":"T","description":"d","type":"object","properties":{{"{key}":{{"description":"x","type":"string"}}}}}}"#
        );
        let e = lower_one(&schema).unwrap_err();
        assert!(e.to_string().contains("x-rust-name"), "{e}");
    }
}
