//! Answers whose meaning is not certain are never reported as refusals, and
//! what they echo (numbers, the token) stays out of errors.

use crate::{builder, hello, raw, within};
use pickyassist::{model::ApiStatus, Client, Error};
use pickyassist_mock::{Behavior, MockServer, TEST_TOKEN};

#[tokio::test]
async fn a_status_given_twice_with_different_codes_is_an_unknown_fate() {
    let mock = MockServer::start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    for body in [
        r#"{"status":100,"message":"Success","status":401}"#,
        r#"{"status":401,"message":"Authentication Failed","status":100}"#,
        r#"{"status":"100","st\u0061tus":403}"#,
    ] {
        mock.enqueue(raw(body));
        let error = within(client.push(&hello(&client))).await.expect_err(body);
        assert!(matches!(error, Error::Decode { .. }), "{body}: {error:?}");
        assert!(error.may_have_been_sent(), "{body}");
    }
    // The same code twice, or `status` in nested objects, is no doubt.
    for body in [
        r#"{"status":100,"status":"100"}"#,
        r#"{"status":100,"data":[{"status":"0"},{"status":"1"}]}"#,
    ] {
        mock.enqueue(raw(body));
        let answer = within(client.push(&hello(&client)))
            .await
            .unwrap_or_else(|e| panic!("{body}: {e:?}"));
        assert_eq!(answer.status, ApiStatus::Success);
    }
    mock.enqueue(raw(r#"{"status":401,"status":"401"}"#));
    let refused = within(client.push(&hello(&client))).await;
    assert!(
        matches!(
            refused,
            Err(Error::Api {
                status: ApiStatus::AuthenticationFailed,
                ..
            })
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_code_no_docs_page_names_may_have_been_accepted() {
    let mock = MockServer::start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    mock.enqueue(raw(r#"{"status":500,"message":"Internal Server Error"}"#));
    let error = within(client.push(&hello(&client)))
        .await
        .expect_err("not a success");
    assert!(
        matches!(
            error,
            Error::Api {
                status: ApiStatus::Other(500),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.may_have_been_sent() && !error.is_retry_safe());
    assert!(
        error.to_string().contains("may have been accepted"),
        "{error}"
    );
}

#[tokio::test]
async fn numbers_and_the_token_as_keys_stay_out_of_errors() {
    let mock = MockServer::start().await.expect("mock");
    let client = builder(&mock).build().expect("client");
    let number = "919846012345";
    let refusal = format!(
        r#"{{"status":406,"message":"Invalid Mobile Number","invalid":{{"{number}":"not on WhatsApp"}},"{TEST_TOKEN}":1}}"#
    );
    mock.enqueue(raw(&refusal));
    let error = within(client.push(&hello(&client)))
        .await
        .expect_err("refused");
    let Error::Api { answer, .. } = &error else {
        panic!("{error:?}")
    };
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!text.contains(number), "{text}");
        assert!(!text.contains(TEST_TOKEN), "{text}");
    }
    assert!(!answer.to_string().contains(TEST_TOKEN), "{answer}");
    // The program still reads what the server said about the number.
    assert_eq!(answer["invalid"][number], "not on WhatsApp");

    // An answer that is not Picky Assist's own quotes no number key either.
    mock.enqueue(Behavior::Raw {
        status: 502,
        content_type: "application/json".into(),
        body: format!(r#"{{"invalid":{{"{number}":1}},"{TEST_TOKEN}":1}}"#),
    });
    let error = within(client.push(&hello(&client)))
        .await
        .expect_err("a gateway's answer");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(number), "{text}");
        assert!(!text.contains(TEST_TOKEN), "{text}");
    }
}

#[tokio::test]
async fn a_base_url_written_differently_is_not_a_redirect() {
    let mock = MockServer::start().await.expect("mock");
    let port = mock.url().rsplit(':').next().expect("a port").to_owned();
    for base in [
        format!("http://LOCALHOST:{port}"),
        format!("HTTP://127.0.0.1:{port}"),
    ] {
        let client = Client::builder(TEST_TOKEN)
            .base_url(base.as_str())
            .no_rate_limits()
            .http_client(
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .expect("http client"),
            )
            .build()
            .expect("client");
        let answer = within(client.push(&hello(&client)))
            .await
            .unwrap_or_else(|e| panic!("{base}: {e:?}"));
        assert_eq!(answer.status, ApiStatus::Success, "{base}");
    }
}
