//! `pickyassist mock` run as a user would: its log, its flags, its
//! misbehaviour on request, and how it copes with running out of sockets.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_pickyassist");
const TOKEN: &str = "tok-5ecret-9x7";
const NUMBER: &str = "919812345678";
const TEXT: &str = "private-message-text";

/// A running `pickyassist mock`; its log is read when it stops.
struct Mock {
    child: Child,
    /// The base URL without a prefix (`http://127.0.0.1:PORT`).
    root: String,
}

impl Mock {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::start_with(Command::new(BIN), args, env)
    }

    fn start_with(mut command: Command, args: &[&str], env: &[(&str, &str)]) -> Self {
        command
            .arg("mock")
            .args(args)
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("spawns");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("the URL line");
        let root = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .and_then(|u| u.strip_suffix("/app/api/v2"))
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .to_owned();
        Self { child, root }
    }

    /// Stops it with Ctrl-C; returns its log.
    fn stop(mut self) -> String {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let status = self.child.wait().expect("exits");
        assert!(status.success(), "Ctrl-C stops cleanly: {status:?}");
        let mut log = String::new();
        self.child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut log)
            .expect("log");
        log
    }
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Sends `body` to `url` (JSON, or nothing with `GET`); returns the status and body.
async fn send(method: &str, url: &str, body: &str) -> Result<(u16, String), reqwest::Error> {
    let http = reqwest::Client::new();
    let request = match method {
        "GET" => http.get(url),
        _ => http
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_owned()),
    };
    let answer = tokio::time::timeout(Duration::from_secs(20), request.send())
        .await
        .expect("answered within 20 s")?;
    let status = answer.status().as_u16();
    Ok((status, answer.text().await?))
}

async fn answer(method: &str, url: &str, body: &str) -> (u16, String) {
    send(method, url, body).await.expect("an answer")
}

fn push_body() -> String {
    format!(
        r#"{{"token":"{TOKEN}","application":1,"globalmessage":"{TEXT}","data":[{{"number":"{NUMBER}"}}]}}"#
    )
}

/// A webhook handler on a free port that answers 200 with an instant reply;
/// returns its URL.
async fn handler() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0; 65536];
                let _ = stream.read(&mut buf).await;
                let reply = r#"{"message-out":"ok"}"#;
                let answer = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}", reply.len());
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    url
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_of_request_is_logged_without_tokens_numbers_or_texts() {
    let hook = handler().await;
    let with_secret = format!("{hook}?key=hook-secret-31");
    let mock = Mock::start(
        &[
            "--enforce-rate-limits",
            "--webhook",
            &with_secret,
            "--event-webhook",
            &hook,
        ],
        &[],
    );
    let (root, base) = (&mock.root, format!("{}/app/api/v2", mock.root));
    let push = push_body();
    assert_eq!(
        answer("POST", &format!("{root}/v9/push"), &push).await.0,
        404
    );
    assert_eq!(answer("POST", &format!("{base}/push/"), &push).await.0, 404);
    assert_eq!(answer("GET", &format!("{base}/push"), "").await.0, 405);
    let status = format!(r#"{{"token":"{TOKEN}"}}"#);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            answer("POST", &format!("{base}/device-status"), &status)
                .await
                .0,
        );
    }
    assert_eq!(statuses, [200, 200, 200, 429], "3 a minute");
    // The balance check is documented on the V4 host only.
    answer("POST", &format!("{base}/check-balance"), &status).await;
    let (code, accepted) = answer("POST", &format!("{base}/push"), &push).await;
    assert_eq!(code, 200, "{accepted}");
    let message = format!(r#"{{"number":"{NUMBER}","message-in":"{TEXT}","unique-id":"1"}}"#);
    let (code, incoming) = answer("POST", &format!("{root}/mock/incoming"), &message).await;
    assert_eq!(code, 200, "{incoming}");
    // The event webhook is called after the answer: give it a moment.
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let log = mock.stop();
    for expected in [
        "no such endpoint method=POST path=/v9/push status=404",
        "no such endpoint method=POST path=/app/api/v2/push/ status=404",
        "method not allowed (every endpoint takes POST) method=GET path=/app/api/v2/push status=405",
        "dropped: over the documented rate limit path=\"/device-status\" status=429",
        "the docs do not list this endpoint on the v3 host path=\"/check-balance\"",
        "accepted path=\"/push\" status=100",
        "posting an incoming message to the webhook",
        "webhook answered hook=\"message\"",
        "webhook answered hook=\"event\"",
        "status=200",
    ] {
        assert!(log.contains(expected), "{expected:?} missing from:\n{log}");
    }
    for secret in [TOKEN, NUMBER, TEXT, "hook-secret-31"] {
        assert!(!log.contains(secret), "{secret} logged:\n{log}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tokens_come_from_flags_or_the_environment() {
    let mock = Mock::start(
        &["--token", TOKEN],
        &[("PICKYASSIST_MOCK_MASTER_TOKEN", "master-5ecret")],
    );
    let projects = |token: &str| format!(r#"{{"token":"{token}","project_id":0}}"#);
    let url = format!("{}/pm/get-projects", mock.root);
    let (_, with_master) = answer("POST", &url, &projects("master-5ecret")).await;
    assert!(with_master.contains("\"status\":100"), "{with_master}");
    let (_, with_project) = answer("POST", &url, &projects(TOKEN)).await;
    assert!(with_project.contains("\"status\":401"), "{with_project}");
    let (_, push) = answer("POST", &format!("{}/push", mock.root), &push_body()).await;
    assert!(push.contains("\"status\":100"), "{push}");
    let log = mock.stop();
    assert!(!log.contains("master-5ecret"), "{log}");

    let mock = Mock::start(&[], &[("PICKYASSIST_MOCK_TOKEN", "env-5ecret")]);
    let body = push_body().replace(TOKEN, "env-5ecret");
    let (_, push) = answer("POST", &format!("{}/push", mock.root), &body).await;
    assert!(push.contains("\"status\":100"), "{push}");
    let (_, other) = answer("POST", &format!("{}/push", mock.root), &push_body()).await;
    assert!(other.contains("\"status\":401"), "{other}");
    mock.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn rust_log_chooses_what_is_logged() {
    let mock = Mock::start(&["--lenient"], &[("RUST_LOG", "warn")]);
    let mut push: serde_json::Value = serde_json::from_str(&push_body()).expect("JSON");
    push["callback_id"] = "abc".into();
    let (_, body) = answer("POST", &format!("{}/push", mock.root), &push.to_string()).await;
    assert!(body.contains("\"status\":100"), "lenient: {body}");
    let log = mock.stop();
    assert!(!log.contains("accepted path"), "no info lines:\n{log}");
    assert!(
        log.contains("undocumented keys accepted (lenient)") && log.contains("/callback_id"),
        "{log}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_behaviour_or_a_script_makes_the_mock_misbehave() {
    let refusing = Mock::start(&["--behavior", "refuse 403 Insufficient balance"], &[]);
    let (code, body) = answer("POST", &format!("{}/push", refusing.root), &push_body()).await;
    assert_eq!(code, 200);
    let body: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        body,
        serde_json::json!({"status": 403, "message": "Insufficient balance"})
    );
    refusing.stop();

    let script =
        std::env::temp_dir().join(format!("pickyassist-script-{}.txt", std::process::id()));
    std::fs::write(&script, "# one line per request\nhang-up\nhttp 503\n").expect("script");
    let scripted = Mock::start(&["--script", script.to_str().expect("path")], &[]);
    let url = format!("{}/push", scripted.root);
    assert!(send("POST", &url, &push_body()).await.is_err(), "hung up");
    assert_eq!(
        answer("POST", &url, &push_body()).await,
        (503, "Service Unavailable".into())
    );
    let (code, body) = answer("POST", &url, &push_body()).await;
    assert_eq!(
        (code, body.contains("\"status\":100")),
        (200, true),
        "then as documented"
    );
    let log = scripted.stop();
    assert!(log.contains("misbehaving on request: hanging up"), "{log}");

    std::fs::write(&script, "answer\nrefuse soon\n").expect("script");
    let bad = run(&["mock", "--script", script.to_str().expect("path")]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("line 2: refuse: an API status code"),
        "{}",
        text(&bad.stderr)
    );
    let _ = std::fs::remove_file(&script);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_retry_schedule_is_set_on_the_command_line() {
    let nobody = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}/hook", listener.local_addr().expect("addr"))
    };
    let message = r#"{"number":"919000000001","message-in":"hi"}"#;
    for (schedule, next) in [("none", "null"), ("2s,1m", "2.0"), ("1m,15m,2h,6h", "60.0")] {
        let mock = Mock::start(&["--webhook", &nobody, "--webhook-retries", schedule], &[]);
        let (_, body) = answer("POST", &format!("{}/mock/incoming", mock.root), message).await;
        assert!(
            body.contains(&format!("\"next_retry_in_seconds\":{next}")),
            "{schedule}: {body}"
        );
        mock.stop();
    }
    let bad = run(&["mock", "--webhook-retries", "1m,soon"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("\"soon\" is not a duration"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn an_empty_token_or_a_webhook_that_is_not_a_url_is_refused() {
    let empty = run(&["mock", "--token", ""]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        text(&empty.stderr).contains("the token is empty"),
        "{}",
        text(&empty.stderr)
    );
    for flag in ["--webhook", "--event-webhook"] {
        let bad = run(&["mock", flag, "not-a-url"]);
        assert_eq!(bad.status.code(), Some(2));
        assert!(
            text(&bad.stderr).contains("is not an absolute URL"),
            "{}",
            text(&bad.stderr)
        );
    }
    let ftp = run(&["mock", "--webhook", "ftp://127.0.0.1/hook?key=s3cret"]);
    assert_eq!(ftp.status.code(), Some(2));
    let message = text(&ftp.stderr);
    assert!(
        message.contains("only http:// and https://") && !message.contains("s3cret"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn out_of_file_descriptors_the_mock_waits_and_recovers() {
    // 48 descriptors: the runtime, the listener and a few connections.
    let mut limited = Command::new("prlimit");
    limited.args(["--nofile=48:48", BIN]);
    let Ok(status) = Command::new("prlimit").arg("--version").output() else {
        eprintln!("no prlimit on this machine: skipped");
        return;
    };
    assert!(status.status.success());
    let mut mock = Mock::start_with(limited, &[], &[]);
    let addr = mock.root.trim_start_matches("http://").to_owned();
    // Connections the mock accepts until it runs out, then ones it cannot.
    let mut held = Vec::new();
    for _ in 0..80 {
        held.push(std::net::TcpStream::connect(&addr).expect("the kernel queues it"));
    }
    // Wait for the second warning: the mock retries after a pause.
    let mut stderr = BufReader::new(mock.child.stderr.take().expect("stderr"));
    let mut log = String::new();
    let mut warnings = 0;
    while warnings < 2 {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).expect("a log line") > 0,
            "log ended:\n{log}"
        );
        warnings += usize::from(line.contains("cannot accept a connection"));
        log.push_str(&line);
    }
    drop(held);
    let (code, body) = answer("POST", &format!("{}/push", mock.root), &push_body()).await;
    assert_eq!(code, 200, "serves again once descriptors are free: {body}");
    let pid = mock.child.id().to_string();
    let _ = Command::new("kill").args(["-INT", &pid]).status();
    let _ = mock.child.wait();
    stderr
        .read_to_string(&mut log)
        .expect("the rest of the log");
    // A spinning loop logs a warning per failed accept: tens of thousands.
    let failures = log.matches("cannot accept a connection").count();
    assert!(
        failures < 50,
        "{failures} accept warnings: no pause between tries"
    );
}
