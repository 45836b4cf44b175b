//! The client progenitor generated from the OpenAPI 3.0.3 document, compiled
//! and put to work: every valid case of each endpoint's request and answer
//! type must decode into the generated type.
//!
//!   target/progenitor/debug/pickyassist-progenitor-check [SCHEMA_DIR]

include!(concat!(env!("OUT_DIR"), "/client.rs"));

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let schema = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema"));
    // One method per operation; naming one here type-checks the generated client.
    let client = Client::new("http://127.0.0.1:9");
    let _ = Client::push;
    let (mut decoded, mut failed) = (0, 0);
    let mut types: Vec<_> = std::fs::read_dir(schema.join("cases"))
        .expect("schema/cases")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    types.sort();
    for type_name in types {
        let dir = schema.join("cases").join(&type_name).join("valid");
        let Ok(files) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = files.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("case");
            match decode(&type_name, &text) {
                None => break,
                Some(Ok(())) => decoded += 1,
                Some(Err(e)) => {
                    failed += 1;
                    println!("FAIL {}: {e}", file.display());
                }
            }
        }
    }
    println!(
        "progenitor: client for {}; {decoded} valid cases of the endpoints' types decode, {failed} fail",
        client.baseurl()
    );
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
