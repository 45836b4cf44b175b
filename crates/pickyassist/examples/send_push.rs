//! Sends a single push and a dynamic push, and prints the typed answers.
//!
//! ```sh
//! cargo run --example send_push                      # against the embedded mock server
//! PICKYASSIST_TOKEN=… PICKYASSIST_TO=9190000000001 \
//!   cargo run --example send_push -- --live [--v4]   # against the real API
//! ```
//!
//! With `--live`, `PICKYASSIST_APPLICATION` picks the channel (default 1,
//! WhatsApp personal) and the messages go to `PICKYASSIST_TO`.

use pickyassist::{
    model::{Application, PhoneNumber, PushMessage},
    Client, Error,
};
use pickyassist_mock::{MockServer, TEST_TOKEN};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let live = args.iter().any(|a| a == "--live");

    // Keep the mock alive until the end of main.
    let (client, recipients, application, _mock) = if live {
        let token = std::env::var("PICKYASSIST_TOKEN")
            .map_err(|_| "--live needs PICKYASSIST_TOKEN (and PICKYASSIST_TO)")?;
        let to = std::env::var("PICKYASSIST_TO").map_err(|_| "--live needs PICKYASSIST_TO")?;
        let application: u64 = std::env::var("PICKYASSIST_APPLICATION")
            .unwrap_or_else(|_| "1".into())
            .parse()?;
        let mut builder = Client::builder(token);
        if args.iter().any(|a| a == "--v4") {
            builder = builder.v4();
        }
        (builder.build()?, vec![number(&to)?], application, None)
    } else {
        let mock = MockServer::start().await?;
        let client = Client::builder(TEST_TOKEN).base_url(mock.url()).build()?;
        let recipients = vec![number("919000000001")?, number("5511987654321")?];
        (client, recipients, 1, Some(mock))
    };
    println!("sending to {}", client.base_url());

    // Single (bulk) push: one text for every recipient.
    let single = client
        .push_request(Application::from(application))
        .globalmessage("Hello from pickyassist-rs")
        .data(
            recipients
                .iter()
                .map(|n| PushMessage::new().number(n.clone())),
        );
    report("single push", client.push(&single).await);

    // Dynamic push: a personal text per recipient, no global message.
    let dynamic = client.push_request(Application::from(application)).data(
        recipients.iter().enumerate().map(|(i, n)| {
            PushMessage::new().number(n.clone()).message(format!(
                "Hi #{}, your code is {}",
                i + 1,
                1000 + i
            ))
        }),
    );
    report("dynamic push", client.push(&dynamic).await);

    // A mistake is caught before anything is sent.
    let broken = client.push_request(Application::from(application));
    report("push without recipients", client.push(&broken).await);
    Ok(())
}

fn number(text: &str) -> Result<PhoneNumber, String> {
    PhoneNumber::new(text).map_err(|e| format!("{text:?}: {e}"))
}

fn report(what: &str, result: Result<pickyassist::model::PushResponse, Error>) {
    match result {
        Ok(answer) => {
            println!(
                "{what}: accepted ({:?}, status {}), push_id {}",
                answer.status,
                answer.status.code(),
                answer.push_id.as_ref().map_or("-", |id| id.as_str())
            );
            for receipt in answer.receipts() {
                println!(
                    "  msg_id {} to {} costs {}",
                    receipt.msg_id.as_ref().map_or("-", |id| id.as_str()),
                    receipt.number.as_ref().map_or("-", |n| n.as_str()),
                    receipt.credit.as_ref().map_or("-", |c| c.as_str()),
                );
            }
        }
        Err(error) => println!("{what}: {error}"),
    }
}
