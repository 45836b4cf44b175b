//! The built `pickyassist` binary where its output goes nowhere.

use std::io::Read;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_pickyassist");

fn case(path: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schema/cases")
        .join(path)
        .display()
        .to_string()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("runs")
}

/// Runs `args` as `pickyassist … | head -c 10` would: the reader takes a
/// few bytes and goes away. Returns the exit code and standard error.
fn into_a_closed_pipe(args: &[&str], stdin: Option<&str>) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // A child that refuses its arguments may exit before reading its input.
        if let Err(e) = std::io::Write::write_all(&mut pipe, input.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writes: {e}");
        }
    }
    let mut head = [0; 10];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut head)
        .expect("some output");
    // The read end is closed here.
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    (child.wait().expect("exits").code(), stderr)
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    for args in [
        &["schema"][..],
        &["schema", "--openapi"],
        &["schema", "PushRequest"],
    ] {
        let (code, stderr) = into_a_closed_pipe(args, None);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    // Thousands of error lines: the verdict (invalid) is still the exit status.
    let lines = "{\"status\":\"x\"}\n".repeat(20_000);
    let (code, stderr) = into_a_closed_pipe(
        &["validate", "-t", "PushResponse", "--lines", "-"],
        Some(&lines),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("20000 document(s): 0 valid, 20000 invalid"),
        "{stderr}"
    );
}

#[test]
fn output_lost_to_a_full_disk_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("no /dev/full here: skipped");
        return;
    };
    let out = Command::new(BIN)
        .arg("schema")
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot write standard output"),
        "{}",
        text(&out.stderr)
    );
}

/// A handler on a free port that answers every post with `status`; returns its URL.
fn handler(status: &'static str) -> String {
    handler_answering(status, "{}")
}

/// A handler that answers every post with `status` and `body`.
fn handler_answering(status: &'static str, body: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://{}/hook?key=hook-secret-7",
        listener.local_addr().expect("addr")
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0; 65536];
            let _ = stream.read(&mut buf);
            let answer = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = std::io::Write::write_all(&mut stream, answer.as_bytes());
        }
    });
    url
}

fn post(ty: &str, file: &str, to: &str) -> Output {
    run(&["webhook", "post", "--type", ty, file, "--to", to])
}

#[test]
fn webhook_post_exit_codes_tell_refused_from_unreachable_from_usage() {
    let message = case("WebhookMessage/valid/docs_text_and_media.json");
    let ok = post("WebhookMessage", &message, &handler("200 OK"));
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    // The handler refused: 1, not the usage code.
    let refused = post("WebhookMessage", &message, &handler("401 Unauthorized"));
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    assert!(text(&refused.stdout).starts_with("401 "));
    assert!(text(&refused.stderr).contains("the handler answered 401 Unauthorized"));
    // Only a 200 ends a delivery: Picky Assist retries a 204 as the mock does.
    let no_content = post("WebhookMessage", &message, &handler("204 No Content"));
    assert_eq!(
        no_content.status.code(),
        Some(1),
        "{}",
        text(&no_content.stderr)
    );
    // An event is not retried: the note says so.
    let event = case("WebhookEvent/valid/docs_delivery_report_newer.json");
    let lost = post(
        "WebhookEvent",
        &event,
        &handler("500 Internal Server Error"),
    );
    assert_eq!(lost.status.code(), Some(1));
    assert!(
        text(&lost.stderr).contains("does not retry events"),
        "{}",
        text(&lost.stderr)
    );
    // A 200 whose body is no instant reply: success, with a note.
    let odd = post(
        "WebhookMessage",
        &message,
        &handler_answering("200 OK", r#"{"message-out":"","delay":99999}"#),
    );
    assert_eq!(odd.status.code(), Some(0), "{}", text(&odd.stderr));
    assert!(
        text(&odd.stderr).contains("not a valid instant reply"),
        "{}",
        text(&odd.stderr)
    );
    assert!(
        !text(&ok.stderr).contains("instant reply"),
        "{}",
        text(&ok.stderr)
    );
    // A handler that never answers: 3 once --timeout has passed.
    let silent = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        std::thread::spawn(move || {
            let held: Vec<_> = listener.incoming().take(1).collect();
            std::thread::sleep(std::time::Duration::from_secs(10));
            drop(held);
        });
        url
    };
    let started = std::time::Instant::now();
    let timed_out = run(&[
        "webhook",
        "post",
        "--type",
        "WebhookMessage",
        &message,
        "--to",
        &silent,
        "--timeout",
        "1",
    ]);
    assert_eq!(
        timed_out.status.code(),
        Some(3),
        "{}",
        text(&timed_out.stderr)
    );
    assert!(
        text(&timed_out.stderr).contains("timed out"),
        "{}",
        text(&timed_out.stderr)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
    // Nothing listens: 3, with the cause and without the secret.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!(
            "http://{}/hook?key=hook-secret-7",
            listener.local_addr().expect("addr")
        )
    };
    let unreachable = post("WebhookMessage", &message, &closed);
    let stderr = text(&unreachable.stderr);
    assert_eq!(unreachable.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("cannot connect: "), "{stderr}");
    assert!(stderr.to_lowercase().contains("refused"), "{stderr}");
    assert!(!stderr.contains("hook-secret-7"), "{stderr}");
}

#[test]
fn webhook_post_refuses_what_it_cannot_post_before_posting() {
    let message = case("WebhookMessage/valid/docs_text_and_media.json");
    let to = handler("200 OK");
    let push = post(
        "PushRequest",
        &case("PushRequest/valid/bulk_messages.json"),
        &to,
    );
    assert_eq!(push.status.code(), Some(2));
    assert!(
        text(&push.stderr).contains("PushRequest is not a webhook body"),
        "{}",
        text(&push.stderr)
    );
    for no_scheme in ["127.0.0.1:3000/hook", "localhost:3000/hook"] {
        let out = post("WebhookMessage", &message, no_scheme);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains("--to has no scheme"),
            "{no_scheme}: {}",
            text(&out.stderr)
        );
    }
    // Not JSON: refused, without first saying it is posted anyway.
    let junk = std::env::temp_dir().join(format!("pickyassist-junk-{}.json", std::process::id()));
    std::fs::write(&junk, "{not json").expect("writes");
    let out = post("WebhookMessage", junk.to_str().expect("path"), &to);
    let _ = std::fs::remove_file(&junk);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("the body is not JSON"), "{stderr}");
    assert!(!stderr.contains("posting it anyway"), "{stderr}");
}
