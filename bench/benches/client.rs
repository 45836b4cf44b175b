//! The client against raw reqwest: one push to the local mock over 127.0.0.1,
//! the same bytes either way.

use divan::Bencher;
use pickyassist::{
    model::{PhoneNumber, PushMessage, PushRequest},
    Client,
};
use pickyassist_mock::{MockServer, TEST_TOKEN};
use std::sync::LazyLock;
use tokio::runtime::Runtime;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
});

static MOCK: LazyLock<MockServer> =
    LazyLock::new(|| RUNTIME.block_on(MockServer::start()).expect("mock starts"));

fn main() {
    divan::main();
}

fn request(client: &Client, n: usize) -> PushRequest {
    client
        .push_request(1u64)
        .globalmessage("Your order has shipped")
        .data(
            (0..n)
                .map(|i| {
                    PushMessage::new()
                        .number(PhoneNumber::new(format!("9190{i:08}")).expect("valid"))
                })
                .collect::<Vec<_>>(),
        )
}

#[divan::bench(args = [1, 100])]
fn client_push(bencher: Bencher, n: usize) {
    // The documented limit (90 a minute) would time the waiting, not the client.
    let client = Client::builder(TEST_TOKEN)
        .base_url(MOCK.url())
        .no_rate_limits()
        .build()
        .expect("client");
    let request = request(&client, n);
    bencher.bench(|| RUNTIME.block_on(client.push(&request)).expect("accepted"));
}

#[divan::bench(args = [1, 100])]
fn raw_reqwest_post(bencher: Bencher, n: usize) {
    let client = Client::builder(TEST_TOKEN)
        .base_url(MOCK.url())
        .build()
        .expect("client");
    let body = serde_json::to_vec(&request(&client, n)).expect("encodes");
    let http = reqwest::Client::new();
    let url = format!("{}/push", MOCK.url());
    bencher.bench(|| {
        RUNTIME.block_on(async {
            let response = http
                .post(&url)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .expect("sent");
            response.bytes().await.expect("body")
        })
    });
}
