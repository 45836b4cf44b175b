//! What the generated per-endpoint tests (`generated/mod.rs`) share.

use pickyassist::{model::ApiStatus, Answer, Client, Error};
use pickyassist_mock::{Behavior, MockServer, TEST_MASTER_TOKEN, TEST_TOKEN};

/// A mock and a client for it with both tokens.
pub async fn setup() -> (MockServer, Client) {
    let mock = MockServer::start().await.expect("mock starts");
    let client = crate::builder(&mock)
        .master_token(TEST_MASTER_TOKEN)
        .build()
        .expect("client");
    (mock, client)
}

/// The answer says accepted, and the mock got the request at `path` with the right token.
pub fn accepted(answer: &impl Answer, mock: &MockServer, path: &str, master: bool) {
    assert!(
        answer.api_status().is_none_or(ApiStatus::is_success),
        "{path}: {:?}",
        answer.api_status()
    );
    let requests = mock.requests();
    let last = requests.last().expect("a request reached the mock");
    assert_eq!(last.path, path);
    let token = if master {
        TEST_MASTER_TOKEN
    } else {
        TEST_TOKEN
    };
    assert_eq!(
        last.token(),
        Some(token),
        "{path}: the client's token is in the body"
    );
}

/// The mock refuses with `code`; the client reports exactly that.
pub fn refuse(mock: &MockServer, code: u64) {
    mock.enqueue(Behavior::api_status(code, format!("refused with {code}")));
}

/// The error is the refusal with `code`, not retried.
pub fn is_refusal(result: Result<impl std::fmt::Debug, Error>, code: u64, path: &str) {
    match result {
        Err(Error::Api {
            status, message, ..
        }) => {
            assert_eq!(status.code(), code, "{path}");
            assert_eq!(message, format!("refused with {code}"));
        }
        other => panic!("{path}: expected refusal {code}, got {other:?}"),
    }
}

/// One test per endpoint: a docs case is accepted; each documented code is a refusal.
#[macro_export]
macro_rules! endpoint_test {
    // A request that is only the token: the method takes none.
    ($method:ident, token_only, [$($code:literal),*]) => {
        #[tokio::test]
        #[allow(deprecated)]
        async fn $method() {
            use $crate::endpoints::*;
            let (mock, client) = setup().await;
            let endpoint = pickyassist::ENDPOINTS
                .iter()
                .find(|e| e.name == stringify!($method))
                .expect("in the index");
            let master = endpoint.token == pickyassist::TokenKind::Master;
            let answer = $crate::within(client.$method())
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", endpoint.path));
            accepted(&answer, &mock, endpoint.path, master);
            for code in [401u64 $(, $code)*] {
                refuse(&mock, code);
                is_refusal($crate::within(client.$method()).await, code, endpoint.path);
            }
        }
    };
    ($method:ident, $req:ident, $case:literal, [$($code:literal),*]) => {
        #[tokio::test]
        #[allow(deprecated)]
        async fn $method() {
            use $crate::endpoints::*;
            let (mock, client) = setup().await;
            let request: pickyassist::model::$req =
                pickyassist::model::validate_json(include_bytes!($case)).expect("a valid case");
            let endpoint = pickyassist::ENDPOINTS
                .iter()
                .find(|e| e.name == stringify!($method))
                .expect("in the index");
            let master = endpoint.token == pickyassist::TokenKind::Master;
            let answer = $crate::within(client.$method(&request))
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", endpoint.path));
            accepted(&answer, &mock, endpoint.path, master);
            for code in [401u64 $(, $code)*] {
                refuse(&mock, code);
                is_refusal($crate::within(client.$method(&request)).await, code, endpoint.path);
            }
        }
    };
}
