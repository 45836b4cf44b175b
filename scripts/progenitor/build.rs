//! Generates the client from the OpenAPI 3.0.3 document and checks that every
//! endpoint of the index became an operation (a dropped one fails the build).

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    println!("cargo:rerun-if-env-changed=PROGENITOR_SPEC");
    let spec_path = std::env::var_os("PROGENITOR_SPEC")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("schema/pickyassist.openapi-3.0.json"));
    let index_path = root.join("schema/endpoints.json");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-changed={}", index_path.display());

    let text = std::fs::read_to_string(&spec_path).expect("read the 3.0 document");
    let spec: openapiv3::OpenAPI = serde_json::from_str(&text).expect("an OpenAPI 3.0 document");
    let mut generator = progenitor::Generator::default();
    let tokens = generator
        .generate_tokens(&spec)
        .unwrap_or_else(|e| panic!("progenitor refused the document: {e}"));
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    let code = prettyplease::unparse(&file);

    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&index_path).expect("read the index"))
            .expect("index is JSON");
    let endpoints = index["endpoints"].as_array().expect("endpoints");
    let mut missing = Vec::new();
    for e in endpoints {
        let name = e["name"].as_str().expect("name");
        if !code.contains(&format!("pub async fn {name}<'a>(")) {
            missing.push(name.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "progenitor generated no method for {missing:?}"
    );
    // `decode(type_name, json)`: decodes a payload into the generated type
    // of that name, for every request and answer type of the index.
    let mut names: Vec<&str> = endpoints
        .iter()
        .flat_map(|e| [e["request"].as_str(), e["response"].as_str()])
        .flatten()
        .collect();
    names.sort_unstable();
    names.dedup();
    let arms: String = names
        .iter()
        .map(|n| format!("        {n:?} => serde_json::from_str::<types::{n}>(json).map(drop),\n"))
        .collect();
    let decode = format!(
        "/// Decodes `json` as the generated type `type_name`.\n\
         pub fn decode(type_name: &str, json: &str) -> Option<Result<(), serde_json::Error>> {{\n\
         \x20   Some(match type_name {{\n{arms}        _ => return None,\n    }})\n}}\n"
    );
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("client.rs");
    std::fs::write(&out, format!("{code}\n{decode}")).expect("write the client");
    println!(
        "cargo:warning=progenitor: {} operations generated ({} lines) into {}",
        endpoints.len(),
        code.lines().count(),
        out.display()
    );
}
