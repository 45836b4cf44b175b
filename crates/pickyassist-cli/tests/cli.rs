//! The built `pickyassist` binary, run as a user would: every subcommand and
//! every exit code.

use pickyassist_mock::{Behavior, MockServer, TEST_TOKEN};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_pickyassist");

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn case(path: &str) -> String {
    root().join("schema/cases").join(path).display().to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("PICKYASSIST_TOKEN")
        .output()
        .expect("runs")
}

fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    // A child that refuses its arguments may exit before reading its input.
    if let Err(e) = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
    {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writes: {e}");
    }
    child.wait_with_output().expect("finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_and_version() {
    let help = run(&["--help"]);
    assert!(help.status.success());
    assert!(text(&help.stdout).contains("Examples:"));
    let version = run(&["--version"]);
    assert_eq!(
        text(&version.stdout).trim(),
        format!("pickyassist {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn validate_says_valid_invalid_or_usage_with_exit_codes() {
    let ok = run(&[
        "validate",
        "--type",
        "PushRequest",
        &case("PushRequest/valid/bulk_messages.json"),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));

    let bad = run_with_stdin(
        &["validate", "-t", "PushRequest", "-"],
        r#"{"token":"t","application":1,"priority ":0,"globalmessage":"Hi","data":[{"number":"+91 98460"}]}"#,
    );
    assert_eq!(bad.status.code(), Some(1));
    let out = text(&bad.stdout);
    assert!(
        out.contains("<stdin>: /data/0/number: a phone number holds digits only"),
        "{out}"
    );
    assert!(out.contains("/priority : unknown variable \"priority \" in PushRequest; did you mean \"priority\"? [additionalProperties]"), "{out}");

    let typo = run(&["validate", "--type", "PushRequst", "-"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(text(&typo.stderr).contains("did you mean PushRequest?"));

    let missing = run(&["validate", "--type", "PushRequest", "/no/such/file.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read /no/such/file.json"));

    let not_json = run_with_stdin(&["validate", "-t", "PushRequest", "-"], "{not json");
    assert_eq!(not_json.status.code(), Some(1));
    assert!(text(&not_json.stdout).contains("(document): not valid JSON"));

    let list = run(&["validate", "--list-types"]);
    assert!(text(&list.stdout).lines().any(|l| l == "WebhookEvent"));
}

#[test]
fn validate_reads_json_lines_and_writes_json_errors() {
    let lines = "{\"status\":100}\n\n{\"message\":\"no status\"}\n{\"status\":\"x\"}\n";
    let out = run_with_stdin(
        &[
            "validate",
            "-t",
            "PushResponse",
            "--lines",
            "--format",
            "json",
            "-",
        ],
        lines,
    );
    assert_eq!(out.status.code(), Some(1));
    let errors: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let places: Vec<(u64, &str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap_or(0),
                e["pointer"].as_str().unwrap_or(""),
                e["keyword"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(places, [(3, "/status", "required"), (4, "/status", "not")]);
    assert!(errors[0]["schema_path"]
        .as_str()
        .unwrap_or("")
        .starts_with("/$defs/PushResponse"));
    assert!(text(&out.stderr).contains("3 document(s): 1 valid, 2 invalid"));
}

#[test]
fn schema_prints_the_bundle_one_type_or_openapi() {
    let bundle: serde_json::Value = serde_json::from_slice(&run(&["schema"]).stdout).expect("JSON");
    assert!(bundle["$defs"]["PushRequest"].is_object());
    let one: serde_json::Value =
        serde_json::from_slice(&run(&["schema", "PushReceipt"]).stdout).expect("JSON");
    assert_eq!(one["$ref"], "#/$defs/PushReceipt");
    let defs: Vec<&String> = one["$defs"].as_object().expect("defs").keys().collect();
    assert_eq!(
        defs,
        [
            "Decimal",
            "PushReceipt",
            "ReceivedId",
            "ReceivedText",
            "WholeNumber"
        ]
    );
    let openapi: serde_json::Value =
        serde_json::from_slice(&run(&["schema", "--openapi"]).stdout).expect("JSON");
    assert_eq!(openapi["openapi"], "3.1.0");
    assert_eq!(run(&["schema", "Nope"]).status.code(), Some(2));
}

#[test]
fn help_never_prints_a_secret_from_the_environment() {
    for command in ["mock", "send"] {
        let out = Command::new(BIN)
            .args([command, "--help"])
            .env("PICKYASSIST_MOCK_TOKEN", "secret-mock-token")
            .env("PICKYASSIST_MOCK_MASTER_TOKEN", "secret-master-token")
            .env(
                "PICKYASSIST_REDIS_URL",
                "redis://:secret-password@127.0.0.1:1",
            )
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = text(&out.stdout);
        assert!(
            help.contains("PICKYASSIST_"),
            "{command} names its variables: {help}"
        );
        assert!(!help.contains("secret-"), "{command}: {help}");
    }
}

/// Runs `send` with the mock's token, against `mock`.
async fn send(mock: &MockServer, extra: &[&str], stdin: &str) -> Output {
    let mut args = vec!["send".to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(["--base-url".into(), mock.url()]);
    let mut child = tokio::process::Command::new(BIN)
        .args(&args)
        .env("PICKYASSIST_TOKEN", TEST_TOKEN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    use tokio::io::AsyncWriteExt;
    let mut input = child.stdin.take().expect("stdin");
    // A child that refuses its arguments exits without reading its input:
    // the write then meets a closed pipe, and its exit code is what counts.
    if let Err(e) = input.write_all(stdin.as_bytes()).await {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writes: {e}");
    }
    drop(input);
    tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("finishes in time")
        .expect("output")
}

const PUSH: &str = r#"{"token":"placeholder","application":1,"globalmessage":"Hi","data":[{"number":"919000000001"}]}"#;

#[tokio::test(flavor = "multi_thread")]
async fn send_reports_each_outcome_with_its_exit_code() {
    let mock = MockServer::start().await.expect("mock");
    let ok = send(&mock, &["push", "-", "--format", "json"], PUSH).await;
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("JSON answer");
    assert_eq!(answer["status"], 100);
    assert_eq!(
        mock.requests()
            .last()
            .and_then(|r| r.token().map(str::to_owned))
            .as_deref(),
        Some(TEST_TOKEN)
    );

    // Another endpoint, named by its path.
    let report = send(
        &mock,
        &["/delivery-report", "-"],
        r#"{"token":"x","push_id":590915}"#,
    )
    .await;
    assert_eq!(report.status.code(), Some(0), "{}", text(&report.stderr));

    let invalid = send(&mock, &["push", "-"], r#"{"token":"t","application":1}"#).await;
    assert_eq!(invalid.status.code(), Some(3), "not sent");
    assert!(text(&invalid.stderr).contains("not sent"));

    mock.enqueue(Behavior::api_status(403, "Insufficient Balance"));
    let refused = send(&mock, &["push", "-"], PUSH).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("Insufficient Balance"));

    // A code no docs page names: what it means is unknown.
    mock.enqueue(Behavior::api_status(777, "Weird"));
    let unknown_code = send(&mock, &["push", "-"], PUSH).await;
    assert_eq!(unknown_code.status.code(), Some(4), "may have been sent");
    assert!(text(&unknown_code.stderr).contains("check before sending again"));

    mock.enqueue(Behavior::Slow(Duration::from_secs(5)));
    let slow = send(&mock, &["push", "-", "--timeout", "1"], PUSH).await;
    assert_eq!(slow.status.code(), Some(4), "may have been sent");
    assert!(text(&slow.stderr).contains("check before sending again"));

    let before = mock.request_count();
    let dry = send(&mock, &["push", "-", "--dry-run", "--format", "json"], PUSH).await;
    assert_eq!(dry.status.code(), Some(0));
    let shown: serde_json::Value = serde_json::from_slice(&dry.stdout).expect("JSON");
    assert_eq!(shown["would_send"]["token"], "<redacted>");
    assert!(!text(&dry.stdout).contains(TEST_TOKEN));
    assert_eq!(mock.request_count(), before, "a dry run sends nothing");

    let unknown = send(&mock, &["pusj", "-"], PUSH).await;
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("did you mean push?"));
}

#[test]
fn send_without_a_token_or_a_server_is_not_sent() {
    let no_token = run(&[
        "send",
        "push",
        &case("PushRequest/valid/bulk_messages.json"),
    ]);
    assert_eq!(no_token.status.code(), Some(2));
    assert!(text(&no_token.stderr).contains("PICKYASSIST_TOKEN"));
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", free.local_addr().expect("addr"));
    drop(free);
    let refused = Command::new(BIN)
        .args([
            "send",
            "push",
            &case("PushRequest/valid/bulk_messages.json"),
            "--base-url",
            &url,
        ])
        .env("PICKYASSIST_TOKEN", "t")
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(3), "{}", text(&refused.stderr));
}

#[test]
fn mock_serves_a_plain_http_client_and_stops_on_ctrl_c() {
    let mut child = Command::new(BIN)
        .args(["mock", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a line");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the URL")
        .to_owned();
    assert!(url.ends_with("/app/api/v2"), "{first}");
    // A client that only knows HTTP (curl-like): the full path the docs print.
    let answer = std::process::Command::new("curl")
        .args([
            "-s",
            "-X",
            "POST",
            "-H",
            "content-type: application/json",
            "-d",
            PUSH,
            &format!("{url}/push"),
        ])
        .output();
    let body = match answer {
        Ok(out) if out.status.success() => text(&out.stdout),
        // No curl on this machine: the same request over a raw socket.
        _ => raw_post(&url, PUSH),
    };
    let answer: serde_json::Value = serde_json::from_str(body.trim()).expect("a JSON answer");
    assert_eq!(answer["status"], 100, "{body}");
    let pid = child.id().to_string();
    let _ = Command::new("kill").args(["-INT", &pid]).status();
    let status = child.wait().expect("exits");
    assert!(status.success(), "Ctrl-C stops cleanly: {status:?}");
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut log)
        .expect("log");
    assert!(log.contains("accepted") && log.contains("/push"), "{log}");
}

fn raw_post(url: &str, body: &str) -> String {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').expect("a path");
    let mut stream = std::net::TcpStream::connect(host).expect("connects");
    let request = format!(
        "POST /{path}/push HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("writes");
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).expect("reads");
    answer
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn webhook_post_sends_json_or_form_to_a_handler() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut seen = Vec::new();
        for _ in 0..2 {
            let (mut stream, _) = listener.accept().await.expect("accept");
            let mut buf = vec![0; 8192];
            let n = stream.read(&mut buf).await.expect("read");
            seen.push(String::from_utf8_lossy(&buf[..n]).into_owned());
            let reply = r#"{"message-out":"ok"}"#;
            let answer = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}", reply.len());
            stream.write_all(answer.as_bytes()).await.expect("write");
        }
        seen
    });
    let message = case("WebhookMessage/valid/docs_text_and_media.json");
    let json = tokio::process::Command::new(BIN)
        .args([
            "webhook",
            "post",
            "--type",
            "WebhookMessage",
            &message,
            "--to",
            &url,
        ])
        .output()
        .await
        .expect("runs");
    assert_eq!(json.status.code(), Some(0), "{}", text(&json.stderr));
    assert!(text(&json.stdout).starts_with("200 {\"message-out\":\"ok\"}"));
    let form = tokio::process::Command::new(BIN)
        .args([
            "webhook",
            "post",
            "--type",
            "WebhookMessage",
            &message,
            "--to",
            &url,
            "--form",
        ])
        .output()
        .await
        .expect("runs");
    assert_eq!(form.status.code(), Some(0), "{}", text(&form.stderr));
    let seen = server.await.expect("server");
    assert!(seen[0].contains("application/json") && seen[0].contains("\"unique-id\":\"5642\""));
    assert!(
        seen[1].contains("application/x-www-form-urlencoded") && seen[1].contains("unique-id=5642")
    );
}
