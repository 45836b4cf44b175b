//! Prints what the validator says about a push with three mistakes.
//! Run: `cargo run -p pickyassist-model --example show_errors`

use pickyassist_model::{validate_json, PushRequest};

fn main() {
    let body =
        br#"{"token":"t0k","application":"10","priority ":1,"data":[{"number":"+55 12345 6789"}]}"#;
    match validate_json::<PushRequest>(body) {
        Ok(request) => println!("valid: {request:?}"),
        Err(errors) => println!("{errors}"),
    }
}
