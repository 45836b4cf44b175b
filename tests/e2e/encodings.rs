//! The same push as a JSON body, a form field and a query parameter.

use crate::{builder, hello, within};
use pickyassist::{model::PushRequest, Client, Encoding, Error, V3_BASE_URL, V4_BASE_URL};
use pickyassist_mock::{MockServer, TEST_TOKEN};

#[tokio::test]
async fn every_encoding_carries_the_same_document() {
    let mock = MockServer::start().await.expect("mock starts");
    for encoding in [Encoding::Json, Encoding::Form, Encoding::Query] {
        let client = builder(&mock).encoding(encoding).build().expect("client");
        within(client.push(&hello(&client)))
            .await
            .expect("accepted");
    }
    let received = mock.requests();
    let kinds: Vec<_> = received.iter().map(|r| r.encoding).collect();
    assert_eq!(
        kinds,
        [
            pickyassist_mock::ReceivedVia::Json,
            pickyassist_mock::ReceivedVia::Form,
            pickyassist_mock::ReceivedVia::Query
        ]
    );
    let documents: Vec<_> = received
        .iter()
        .map(|r| r.payload.clone().expect("JSON"))
        .collect();
    assert_eq!(documents[0], documents[1]);
    assert_eq!(documents[0], documents[2]);
    assert_eq!(
        documents[0],
        serde_json::json!({"token": TEST_TOKEN, "application": 1, "globalmessage": "Hello",
                           "data": [{"number": "919000000001"}]})
    );
    assert!(received.iter().all(|r| r.path == "/push"));
}

#[tokio::test]
async fn the_clients_token_replaces_the_requests() {
    let mock = MockServer::start().await.expect("mock starts");
    let client = builder(&mock).build().expect("client");
    let request = PushRequest::new("some-other-token", 1u64)
        .globalmessage("Hi")
        .data(hello(&client).data.expect("recipients"));
    within(client.push(&request))
        .await
        .expect("accepted with the client's token");
    assert_eq!(mock.requests()[0].token(), Some(TEST_TOKEN));
}

#[test]
fn base_urls_and_bad_configuration() {
    let v3 = Client::builder("t").build().expect("client");
    assert_eq!(v3.base_url(), V3_BASE_URL);
    let v4 = Client::builder("t").v4().build().expect("client");
    assert_eq!(v4.base_url(), V4_BASE_URL);
    let trimmed = Client::builder("t")
        .base_url("http://127.0.0.1:9/api/")
        .build()
        .expect("client");
    assert_eq!(trimmed.base_url(), "http://127.0.0.1:9/api");
    for (token, url) in [
        ("t", "not a url"),
        ("t", "ftp://example.com"),
        ("t", "http://h/?a=1"),
        ("", V3_BASE_URL),
    ] {
        let result = Client::builder(token).base_url(url).build();
        assert!(matches!(result, Err(Error::Config(_))), "{url:?} {token:?}");
    }
}
