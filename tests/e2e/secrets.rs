//! The token never shows up in Debug, Display or tracing output.

use crate::{hello, within};
use pickyassist::{Client, ClientBuilder, Encoding, Error, RetryPolicy};
use pickyassist_mock::{Behavior, MockServer};
use std::{
    fmt::{self, Write as _},
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};
use tracing::{
    field::{Field, Visit},
    span, Event, Metadata, Subscriber,
};

const SECRET: &str = "SECRET-9f8e7d6c";

/// Everything every tracing event and span said, as text.
#[derive(Clone, Default)]
pub(crate) struct Capture(Arc<Mutex<String>>);

impl Capture {
    pub(crate) fn text(&self) -> String {
        self.0.lock().expect("capture lock").clone()
    }
}

impl Visit for Capture {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let mut text = self.0.lock().expect("capture lock");
        let _ = write!(text, "{}={value:?} ", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &span::Attributes<'_>) -> span::Id {
        span.record(&mut self.clone());
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, values: &span::Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        event.record(&mut self.clone());
        self.0.lock().expect("capture lock").push('\n');
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

fn secret_client(base: String) -> ClientBuilder {
    Client::builder(SECRET)
        .base_url(base)
        .timeout(Duration::from_millis(400))
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} leaks the token: {text}");
}

#[tokio::test(flavor = "current_thread")]
async fn token_is_absent_from_debug_display_and_logs() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let mock = MockServer::builder()
        .token(SECRET)
        .start()
        .await
        .expect("mock");
    let builder = secret_client(mock.url());
    assert_clean("ClientBuilder Debug", &format!("{builder:?}"));
    let client = builder.build().expect("client");
    assert_clean("Client Debug", &format!("{client:?}"));
    let request = hello(&client);
    assert_clean("PushRequest Debug", &format!("{request:?}"));

    // A success, then every error kind that carries server or transport text.
    within(client.push(&request)).await.expect("accepted");
    let echo = format!("token {SECRET} is not allowed here");
    let mut errors: Vec<Error> = Vec::new();
    for behavior in [
        Behavior::api_status(401, echo.clone()),
        Behavior::Raw {
            status: 500,
            content_type: "text/plain".into(),
            body: echo.clone(),
        },
        Behavior::Raw {
            status: 200,
            content_type: "text/html".into(),
            body: echo.clone(),
        },
        Behavior::Slow(Duration::from_secs(2)),
        Behavior::HangUp,
    ] {
        mock.enqueue(behavior);
        errors.push(
            within(client.push(&request))
                .await
                .expect_err("misbehaviour"),
        );
    }
    // The query encoding puts the token in the URL; a connect error must not repeat it.
    let nowhere: SocketAddr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port");
    let query_client = secret_client(format!("http://{nowhere}"))
        .encoding(Encoding::Query)
        .retry(RetryPolicy {
            max_retries: 1,
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");
    errors.push(
        within(query_client.push(&request))
            .await
            .expect_err("refused"),
    );
    // The same with the query encoding against a hanging server.
    let query_mock = secret_client(mock.url())
        .encoding(Encoding::Query)
        .build()
        .expect("client");
    mock.enqueue(Behavior::HangUp);
    errors.push(
        within(query_mock.push(&request))
            .await
            .expect_err("hang up"),
    );

    let kinds: Vec<String> = errors
        .iter()
        .map(|e| {
            format!("{e:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Api",
            "Http",
            "Decode",
            "Timeout",
            "Transport",
            "Connect",
            "Transport"
        ]
    );
    for error in &errors {
        assert_clean("error Display", &error.to_string());
        assert_clean("error Debug", &format!("{error:?}"));
    }
    // The server's words survive, only the token is cut out.
    assert!(errors[0]
        .to_string()
        .contains("token <redacted> is not allowed"));

    let logs = capture.text();
    assert!(
        logs.contains("sending"),
        "the client logged its sends: {logs}"
    );
    assert!(
        logs.contains("retrying"),
        "the client logged its retry: {logs}"
    );
    assert_clean("tracing output", &logs);
}

/// Servers and proxies echo what they were sent in their own encoding: the
/// token comes back URL-encoded or JSON-escaped, and must be cut out in
/// every form.
#[tokio::test]
async fn the_token_is_redacted_in_every_form_an_answer_echoes_it() {
    const TOKEN: &str = "TOKEN/abc+SECRET==";
    let mock = MockServer::builder()
        .token(TOKEN)
        .start()
        .await
        .expect("mock");
    let client = Client::builder(TOKEN)
        .base_url(mock.url())
        .timeout(Duration::from_millis(400))
        .build()
        .expect("client");
    let request = hello(&client);
    let forms = [
        "TOKEN%2Fabc%2BSECRET%3D%3D",
        "TOKEN%2fabc%2bSECRET%3d%3d",
        r"TOKEN\/abc+SECRET==",
        "TOKEN/abc+SECRET==",
    ];
    for form in forms {
        for (status, content_type) in [(502, "text/plain"), (200, "text/html")] {
            mock.enqueue(Behavior::Raw {
                status,
                content_type: content_type.into(),
                body: format!("you sent token={form} here"),
            });
            let error = within(client.push(&request))
                .await
                .expect_err("not an answer");
            for text in [error.to_string(), format!("{error:?}")] {
                assert!(!text.contains("SECRET"), "{form}: {text}");
                assert!(text.contains("token=<redacted> here"), "{form}: {text}");
            }
        }
        mock.enqueue(Behavior::api_status(401, format!("bad token {form}")));
        let error = within(client.push(&request)).await.expect_err("refused");
        let Error::Api {
            message, answer, ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(message, "bad token <redacted>", "{form}");
        assert!(!answer.to_string().contains("SECRET"), "{answer}");
    }
}
