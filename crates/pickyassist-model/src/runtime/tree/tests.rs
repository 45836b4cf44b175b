use super::*;
use serde_json::{json, Value};

fn parsed(text: &str) -> (Value, Vec<String>) {
    let (doc, duplicates) = parse(text).expect("JSON");
    (to_value(doc.root()), duplicates)
}

/// The value back as a `serde_json::Value`, to compare with serde_json's parse.
fn to_value(v: Json<'_>) -> Value {
    if let Some(a) = v.as_array() {
        return Value::Array(a.into_iter().map(to_value).collect());
    }
    if let Some(o) = v.as_object() {
        return Value::Object(o.iter().map(|(k, v)| (k.to_owned(), to_value(v))).collect());
    }
    if let Some(s) = v.as_str() {
        return Value::String(s.to_owned());
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    v.as_number().map_or(Value::Null, Value::Number)
}

#[test]
fn a_node_is_sixteen_bytes() {
    // What makes the tree cheaper than a `Value` (32 bytes and a heap block
    // per text or container).
    assert_eq!(std::mem::size_of::<Node>(), 16);
}

#[test]
fn reads_as_serde_json_reads() {
    let bodies = [
        r#"{"a":"\u00e9t\u00e9","b":[1,2.5,-3,18446744073709551615,-9223372036854775808,1e300]}"#,
        r#"[null,true,false,"",{},[],[[]],{"":{"":""}}]"#,
        r#"{"k\"ey":"va\\lue","x/y~z":"plain","emoji":"👋 \ud83d\udc4b"}"#,
        r#"  "just a string"  "#,
        "12",
        r#"{"$serde_json::private::RawValue":"{\"status\":100}"}"#,
    ];
    for body in bodies {
        let theirs: Value = crate::runtime::json::value_from_bytes(body.as_bytes()).expect("JSON");
        let (ours, duplicates) = parsed(body);
        assert_eq!(ours, theirs, "{body}");
        assert!(duplicates.is_empty());
        let converted = Doc::from_value(&theirs).expect("small");
        assert_eq!(to_value(converted.root()), theirs, "{body}");
    }
}

#[test]
fn reports_repeated_keys_at_every_depth_and_keeps_the_last() {
    let (value, duplicates) =
        parsed(r#"{"token":"a","data":[{"n":1},{"n":1,"n":2}],"token":"b","x/y":0,"x/y":1}"#);
    assert_eq!(duplicates, ["/data/1/n", "/token", "/x~1y"]);
    assert_eq!(
        value,
        json!({"token": "b", "data": [{"n": 1}, {"n": 2}], "x/y": 1})
    );
    // Thrice: two errors, the last copy read, counted once.
    let (doc, duplicates) = parse(r#"{"a":1,"b":2,"a":3,"a":{"c":4}}"#).expect("JSON");
    assert_eq!(duplicates, ["/a", "/a"]);
    let object = doc.root().as_object().expect("object");
    assert_eq!(object.len(), 2);
    assert_eq!(object.keys().collect::<Vec<_>>(), ["b", "a"]);
    assert!(object.get("a").and_then(Json::as_object).is_some());
    // A key written with an escape is the same key.
    let (_, duplicates) = parse(r#"{"ab":1,"a\u0062":2}"#).expect("JSON");
    assert_eq!(duplicates, ["/ab"]);
}

#[test]
fn large_objects_find_repeated_keys_too() {
    let mut body = String::from("{");
    for i in 0..40 {
        body.push_str(&format!("\"k{}\":{i},", i % 30));
    }
    body.push_str("\"last\":true}");
    let (doc, duplicates) = parse(&body).expect("JSON");
    let expected: Vec<String> = (30..40).map(|i| format!("/k{}", i % 30)).collect();
    assert_eq!(duplicates, expected);
    let object = doc.root().as_object().expect("object");
    assert_eq!(object.len(), 31);
    assert_eq!(object.get("k5").and_then(Json::as_u64), Some(35));
    assert_eq!(object.get("k29").and_then(Json::as_u64), Some(29));
}

#[test]
fn views_answer_as_value_does() {
    let (doc, _) = parse(r#"{"n":[1,-2,2.5,"3",null],"s":"x"}"#).expect("JSON");
    let root = doc.root();
    let items: Vec<Json<'_>> = root
        .as_object()
        .and_then(|o| o.get("n"))
        .and_then(Json::as_array)
        .expect("array")
        .into_iter()
        .collect();
    assert_eq!(items.len(), 5);
    assert_eq!(items[0].as_u64(), Some(1));
    assert_eq!(items[1].as_i64(), Some(-2));
    assert_eq!(items[1].as_u64(), None);
    assert_eq!(items[2].as_f64(), Some(2.5));
    assert!(!items[2].is_integer());
    assert_eq!(items[3].as_str(), Some("3"));
    assert!(items[4].is_null());
    assert_eq!(
        root.as_object()
            .and_then(|o| o.get("n"))
            .and_then(Json::as_array)
            .and_then(|a| a.get(3))
            .and_then(Json::as_str),
        Some("3")
    );
    assert!(root.as_object().is_some_and(|o| !o.contains_key("missing")));
    // Debug names the kind, never the value.
    assert_eq!(format!("{root:?}"), "Json(object)");
}

#[test]
fn errors_are_serde_jsons() {
    for body in ["{\"a\":1,}", "[1", "{\"a\":1} x", ""] {
        let ours = parse(body).map(drop).map_err(|e| e.to_string());
        let theirs = serde_json::from_str::<Value>(body)
            .map(drop)
            .map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{body}");
    }
}

#[test]
fn a_deep_value_converts_without_recursion() {
    let mut value = json!(1);
    for _ in 0..100_000 {
        value = Value::Array(vec![value]);
    }
    let doc = Doc::from_value(&value).expect("small");
    assert_eq!(doc.root().as_array().map(Arr::len), Some(1));
    // `Value`'s own drop recurses; take it apart by hand.
    while let Value::Array(mut items) = value {
        value = items.pop().unwrap_or_default();
    }
}
