//! Each way the server can misbehave ends in its own typed error, in time.

use crate::{builder, hello, within};
use pickyassist::{model::ApiStatus, Error};
use pickyassist_mock::{Behavior, MockServer};
use std::time::Duration;

async fn push_with(behavior: Behavior) -> (Error, MockServer) {
    let mock = MockServer::start().await.expect("mock starts");
    mock.enqueue(behavior);
    let client = builder(&mock)
        .timeout(Duration::from_millis(500))
        .max_response_bytes(64 * 1024)
        .build()
        .expect("client");
    let error = within(client.push(&hello(&client)))
        .await
        .expect_err("misbehaviour is an error");
    (error, mock)
}

#[tokio::test]
async fn server_error_is_http_with_excerpt() {
    match push_with(Behavior::server_error()).await.0 {
        Error::Http {
            status, excerpt, ..
        } => {
            assert_eq!(status, 503);
            assert_eq!(excerpt, "Service Temporarily Unavailable");
        }
        other => panic!("got {other:?}"),
    }
}

#[tokio::test]
async fn html_error_page_is_http_with_excerpt() {
    match push_with(Behavior::html_page(502)).await.0 {
        Error::Http {
            status, excerpt, ..
        } => {
            assert_eq!(status, 502);
            assert!(excerpt.starts_with("<!DOCTYPE html>"), "{excerpt}");
        }
        other => panic!("got {other:?}"),
    }
}

#[tokio::test]
async fn html_with_200_is_a_decode_error_keeping_the_body() {
    match push_with(Behavior::html_page(200)).await.0 {
        Error::Decode {
            status, excerpt, ..
        } => {
            assert_eq!(status, 200);
            assert!(excerpt.contains("Something went wrong"), "{excerpt}");
        }
        other => panic!("got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_keeping_the_body() {
    match push_with(Behavior::malformed_json()).await.0 {
        Error::Decode {
            status,
            reason,
            excerpt,
            ..
        } => {
            assert_eq!(status, 200);
            assert!(reason.contains("EOF"), "{reason}");
            assert!(
                excerpt.starts_with(r#"{"status":100,"push_id""#),
                "{excerpt}"
            );
        }
        other => panic!("got {other:?}"),
    }
}

/// A gateway or proxy in front of the API writes JSON too: its status is no
/// refusal, the push may have gone through, and sending it again could
/// deliver it twice.
#[tokio::test]
async fn a_gateway_error_is_an_unknown_fate_whatever_its_body_says() {
    for http in [502, 503, 504, 500, 429, 408] {
        for body in [
            format!(r#"{{"status":{http},"error":"Gateway Timeout"}}"#),
            r#"{"status":403,"message":"Insufficient Balance"}"#.to_string(),
            r#"{"status":100,"message":"Success"}"#.to_string(),
        ] {
            let behavior = Behavior::Raw {
                status: http,
                content_type: "application/json".into(),
                body: body.clone(),
            };
            let (error, mock) = push_with(behavior).await;
            assert!(
                matches!(error, Error::Http { status, .. } if status == http),
                "HTTP {http} {body}: {error:?}"
            );
            assert!(
                error.may_have_been_sent() && !error.is_retry_safe(),
                "{error}"
            );
            assert_eq!(mock.request_count(), 1, "not retried");
        }
    }
}

#[tokio::test]
async fn a_refusal_is_read_from_a_2xx_or_a_plain_4xx() {
    let cases = [
        (200, 401, ApiStatus::AuthenticationFailed),
        (403, 403, ApiStatus::InsufficientBalance),
        (400, 401, ApiStatus::AuthenticationFailed),
        (201, 403, ApiStatus::InsufficientBalance),
    ];
    for (http, code, expected) in cases {
        let behavior = Behavior::Raw {
            status: http,
            content_type: "application/json".into(),
            body: format!(r#"{{"status":{code},"message":"no"}}"#),
        };
        let (error, _) = push_with(behavior).await;
        assert_eq!(error.api_status(), Some(expected), "HTTP {http}: {error:?}");
        assert!(!error.may_have_been_sent() && error.is_retry_safe());
    }
    // A 4xx without a refusal in its body is no refusal either.
    let behavior = Behavior::Raw {
        status: 404,
        content_type: "text/html".into(),
        body: "<h1>Not Found</h1>".into(),
    };
    let (error, _) = push_with(behavior).await;
    assert!(
        matches!(error, Error::Http { status: 404, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn slow_answer_times_out_and_is_not_retried() {
    let (error, mock) = push_with(Behavior::Slow(Duration::from_secs(3))).await;
    assert!(
        matches!(error, Error::Timeout { timeout: Some(t), .. } if t == Duration::from_millis(500)),
        "got {error:?}"
    );
    assert!(error.may_have_been_sent());
    // Give a (wrong) retry every chance to arrive before counting.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(mock.request_count(), 1, "a timeout must not be retried");
}

#[tokio::test]
async fn dropped_connection_is_a_transport_error_and_not_retried() {
    let (error, mock) = push_with(Behavior::HangUp).await;
    assert!(matches!(error, Error::Transport { .. }), "got {error:?}");
    assert!(error.may_have_been_sent());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        mock.request_count(),
        1,
        "a dropped connection must not be retried"
    );
}

#[tokio::test]
async fn oversized_body_is_refused_whether_declared_or_streamed() {
    for declare_length in [true, false] {
        let behavior = Behavior::Oversized {
            bytes: 4 * 1024 * 1024,
            declare_length,
        };
        match push_with(behavior).await.0 {
            Error::BodyTooLarge { status, limit, .. } => {
                assert_eq!((status, limit), (200, 64 * 1024));
            }
            other => panic!("declare_length {declare_length}: got {other:?}"),
        }
    }
}

/// Any size, streamed as it is sent: building it whole, a size of
/// terabytes crashed the mock.
#[tokio::test]
async fn an_oversized_answer_of_any_size_costs_the_mock_nothing() {
    for declare_length in [true, false] {
        let (error, mock) = push_with(Behavior::Oversized {
            bytes: 99_999_999_999_999,
            declare_length,
        })
        .await;
        assert!(
            matches!(error, Error::BodyTooLarge { .. }),
            "declare_length {declare_length}: got {error:?}"
        );
        // Still serving.
        let client = builder(&mock).build().expect("client");
        let answer = within(client.push(&hello(&client)))
            .await
            .expect("the mock still answers");
        assert_eq!(answer.status, ApiStatus::Success);
    }
}

#[tokio::test]
async fn answer_under_the_limit_is_accepted() {
    let mock = MockServer::start().await.expect("mock starts");
    mock.enqueue(Behavior::Oversized {
        bytes: 60 * 1024,
        declare_length: false,
    });
    let client = builder(&mock)
        .max_response_bytes(64 * 1024)
        .build()
        .expect("client");
    let answer = within(client.push(&hello(&client)))
        .await
        .expect("within the limit");
    assert_eq!(answer.status, ApiStatus::Success);
}

/// A gateway page or a cut answer that echoes the request keeps its shape,
/// ids and the server's words in the error, never a recipient's number or text.
#[tokio::test]
async fn an_answer_echoing_recipients_leaves_them_out_of_the_error() {
    let echo = r#"{"status":100,"push_id":"7478630","data":[{"msg_id":"98442","number":"919846012345","message":"Dear Anita, order 4471"}"#;
    let cases = [
        (502, "application/json", format!("{echo}]}}")),
        (200, "application/json", echo.to_string()),
        (
            200,
            "application/json",
            format!("{echo}], \"n\": 919846012345, oops"),
        ),
        (
            503,
            "text/html",
            "<p>Request for 919846012345: Dear Anita</p>".into(),
        ),
    ];
    for (status, content_type, body) in cases {
        let behavior = Behavior::Raw {
            status,
            content_type: content_type.into(),
            body: body.clone(),
        };
        let (error, _) = push_with(behavior).await;
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains("919846012345"), "{body}: {shown}");
            assert!(
                !shown.contains("Anita") || content_type == "text/html",
                "{body}: {shown}"
            );
        }
        if content_type == "application/json" {
            assert!(
                error.to_string().contains("7478630"),
                "the push id stays: {error}"
            );
        }
    }
}
