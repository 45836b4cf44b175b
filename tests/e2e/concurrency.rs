//! Many pushes at once: none lost, none sent twice.

use crate::{builder, within};
use pickyassist::model::{PhoneNumber, PushMessage};
use pickyassist_mock::MockServer;
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_pushes_from_twenty_tasks() {
    const TASKS: usize = 20;
    const EACH: usize = 10;
    let mock = MockServer::start().await.expect("mock starts");
    let client = builder(&mock).build().expect("client");
    let to = PhoneNumber::new("919000000001").expect("valid");
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let client = client.clone();
            let to = to.clone();
            tokio::spawn(async move {
                let mut push_ids = Vec::new();
                for i in 0..EACH {
                    let request = client
                        .push_request(1u64)
                        .globalmessage(format!("task {task} push {i}"))
                        .data(vec![PushMessage::new().number(to.clone())]);
                    let answer = client.push(&request).await.expect("accepted");
                    push_ids.push(answer.push_id.expect("push id").as_str().to_owned());
                }
                push_ids
            })
        })
        .collect();
    let mut push_ids = BTreeSet::new();
    for task in tasks {
        push_ids.extend(within(task).await.expect("task finished"));
    }
    assert_eq!(
        push_ids.len(),
        TASKS * EACH,
        "every answer has its own push id"
    );

    let texts: BTreeSet<String> = mock
        .requests()
        .iter()
        .map(|r| {
            r.push_request()
                .expect("valid")
                .globalmessage
                .expect("text")
        })
        .collect();
    assert_eq!(
        mock.request_count(),
        TASKS * EACH,
        "no request lost or duplicated"
    );
    assert_eq!(texts.len(), TASKS * EACH, "each push arrived exactly once");
    assert!(texts.contains("task 19 push 9"));
}
