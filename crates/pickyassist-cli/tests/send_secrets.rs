//! `pickyassist send` never prints a value that could be the token, even
//! when the token ended up where it does not belong.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_pickyassist");
const TOKEN: &str = "T0KEN-do-not-print-7f3a";

fn push_case() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schema/cases/PushRequest/valid/bulk_messages.json")
        .display()
        .to_string()
}

fn send(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("send")
        .args(args)
        .env("PICKYASSIST_TOKEN", TOKEN)
        .env_remove("PICKYASSIST_REDIS_URL")
        .output()
        .expect("runs")
}

fn assert_silent_about_the_token(out: &Output) {
    for text in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(text);
        assert!(!text.contains(TOKEN), "printed the token: {text}");
        assert!(!text.contains("do-not-print"), "printed part of it: {text}");
    }
}

#[test]
fn a_token_in_the_base_url_is_not_printed() {
    for url in [
        format!("http://127.0.0.1:9/?token={TOKEN}"),
        format!("http://user:{TOKEN}@127.0.0.1:9/"),
        format!("ftp://127.0.0.1/{TOKEN}?x"),
        format!("not a url {TOKEN}"),
    ] {
        let out = send(&["push", &push_case(), "--base-url", &url]);
        assert_eq!(out.status.code(), Some(2), "a usage error: {url}");
        assert_silent_about_the_token(&out);
        assert!(String::from_utf8_lossy(&out.stderr).contains("base URL"));
    }
}

#[test]
fn a_token_given_as_the_token_file_path_is_not_printed() {
    let out = send(&["push", &push_case(), "--token-file", TOKEN]);
    assert_eq!(out.status.code(), Some(2), "usage error");
    assert_silent_about_the_token(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--token-file"), "{stderr}");
}

#[test]
fn a_bad_redis_url_is_named_without_its_password() {
    let out = send(&[
        "push",
        &push_case(),
        "--dry-run",
        "--redis",
        &format!("redis://:{TOKEN}@[::1"),
    ]);
    assert_eq!(out.status.code(), Some(2), "usage error");
    assert_silent_about_the_token(&out);
}

/// `send push --dry-run --format json` with `extra` arguments, in an
/// environment without a token: its exit code and the JSON it printed.
fn dry_run(extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = Command::new(BIN)
        .args([
            "send",
            "push",
            &push_case(),
            "--dry-run",
            "--format",
            "json",
        ])
        .args(extra)
        .env_remove("PICKYASSIST_TOKEN")
        .env_remove("PICKYASSIST_REDIS_URL")
        .output()
        .expect("runs");
    let shown = serde_json::from_str(&String::from_utf8_lossy(&out.stdout))
        .unwrap_or_else(|e| panic!("JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), shown)
}

#[test]
fn a_dry_run_needs_no_token() {
    // A check in CI, where no secret is set: nothing is sent.
    let (code, shown) = dry_run(&[]);
    assert_eq!(code, Some(0));
    assert_eq!(shown["dry_run"], true);
    assert_eq!(shown["would_send"]["token"], "<redacted>");
    // Where it would go.
    assert_eq!(
        shown["would_post_to"],
        "https://pickyassist.com/app/api/v2/push"
    );
    let (code, shown) = dry_run(&["--base-url", "http://127.0.0.1:9/api/v2"]);
    assert_eq!(code, Some(0));
    assert_eq!(shown["would_post_to"], "http://127.0.0.1:9/api/v2/push");
    // Without --dry-run the token is still required.
    let out = Command::new(BIN)
        .args(["send", "push", &push_case()])
        .env_remove("PICKYASSIST_TOKEN")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "usage error");
}
