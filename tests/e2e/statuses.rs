//! Every documented API status reaches the caller as its typed value.

use crate::{builder, hello, within};
use pickyassist::{model::ApiStatus, Error};
use pickyassist_mock::{Behavior, MockServer};

#[tokio::test]
async fn each_documented_status_maps_to_its_variant() {
    let mock = MockServer::start().await.expect("mock starts");
    let client = builder(&mock).build().expect("client");
    let documented = [
        (
            401,
            ApiStatus::AuthenticationFailed,
            "Authentication Failed",
        ),
        (402, ApiStatus::EmptyNumberList, "Empty Number List"),
        (403, ApiStatus::InsufficientBalance, "Insufficient Balance"),
        (
            404,
            ApiStatus::PhoneUnreachable,
            "Unable to Communicate with Your Phone !",
        ),
        (
            405,
            ApiStatus::ApiNotActive,
            "API Is Not Active For This Plan",
        ),
        (406, ApiStatus::InvalidMobileNumber, "Invalid Mobile Number"),
        (407, ApiStatus::EmptyMessage, "Message cannot be empty"),
        (408, ApiStatus::ProjectNotActive, "Project is not Active"),
        (409, ApiStatus::InvalidUser, "Invalid User"),
        (410, ApiStatus::InvalidRequest, "Invalid Request"),
        (
            801,
            ApiStatus::WhatsappOfficialNotActive,
            "Official WhatsApp Account Not Active",
        ),
        (843, ApiStatus::Other(843), "Undocumented"),
    ];
    for (code, expected, text) in documented {
        mock.enqueue(Behavior::api_status(code, text));
        match within(client.push(&hello(&client))).await {
            Err(Error::Api {
                status,
                message,
                answer,
            }) => {
                assert_eq!(status, expected, "code {code}");
                assert_eq!(status.code(), code);
                assert_eq!(message, text);
                assert_eq!(answer["status"], code);
            }
            other => panic!("code {code}: expected Error::Api, got {other:?}"),
        }
    }
    assert_eq!(mock.request_count(), documented.len());
}

#[tokio::test]
async fn status_100_is_ok_with_ids_per_number() {
    let mock = MockServer::start().await.expect("mock starts");
    let client = builder(&mock).build().expect("client");
    let answer = within(client.push(&hello(&client)))
        .await
        .expect("accepted");
    assert_eq!(answer.status, ApiStatus::Success);
    assert_eq!(
        answer.push_id.as_ref().map(|id| id.as_str()),
        Some("7478630")
    );
    let receipts = answer.data.expect("one receipt per number");
    assert_eq!(receipts.len(), 1);
    assert_eq!(
        receipts[0].number.as_ref().map(|n| n.as_str()),
        Some("919000000001")
    );
    assert_eq!(
        receipts[0].credit.as_ref().map(|c| c.as_str()),
        Some("0.005")
    );
}

#[tokio::test]
async fn unknown_token_is_refused_with_401() {
    let mock = MockServer::start().await.expect("mock starts");
    let client = pickyassist::Client::builder("not-the-mock-token")
        .base_url(mock.url())
        .build()
        .expect("client");
    let error = within(client.push(&hello(&client)))
        .await
        .expect_err("refused");
    assert_eq!(error.api_status(), Some(ApiStatus::AuthenticationFailed));
}

#[tokio::test]
async fn mock_answers_raw_posts_as_the_docs_describe() {
    let mock = MockServer::start().await.expect("mock starts");
    let http = reqwest::Client::new();
    let url = format!("{}/push", mock.url());
    let cases = [
        (
            r#"{"token":"mock-token","application":1,"globalmessage":"Hi"}"#,
            402,
        ),
        (
            r#"{"token":"mock-token","application":1,"globalmessage":"Hi","data":[{"number":"0091 900"}]}"#,
            406,
        ),
        (
            r#"{"token":"mock-token","application":1,"globalmessage":"","data":[{"number":"919000000001"}]}"#,
            407,
        ),
        (r#"{"token":"mock-token","application":1,"#, 410),
    ];
    for (body, expected) in cases {
        let bytes = within(async {
            http.post(&url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("sent")
                .bytes()
                .await
                .expect("body")
        })
        .await;
        let answer: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON answer");
        assert_eq!(answer["status"], expected, "{body}");
    }
}

#[tokio::test]
async fn an_invalid_request_never_leaves_the_process() {
    let mock = MockServer::start().await.expect("mock starts");
    let client = builder(&mock).build().expect("client");
    // No recipients: the request is refused here, not by the server.
    let request = client.push_request(1u64);
    match client.push(&request).await {
        Err(Error::Validation(errors)) => {
            assert_eq!(errors.pointers(), ["/data"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(mock.request_count(), 0);
}
