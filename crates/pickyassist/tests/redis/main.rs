//! Several instances sharing one Redis: the rate limit holds for all of them
//! together, a webhook retried to another replica is processed once, and
//! while Redis is away nothing is sent over the limit or marked done.
//!
//! Each test starts its own `redis-server` on a free loopback port; without
//! one installed the tests say so and skip, unless `PICKYASSIST_REQUIRE_REDIS`
//! is set. Run them with `cargo test -p pickyassist --features redis redis`.

#![cfg(feature = "redis")]

mod redis_claims;
mod redis_faults;
mod redis_limits;
mod server;

use pickyassist::{
    model::{PhoneNumber, PushMessage, PushRequest},
    Client,
};

/// A valid push to one number.
fn hello(client: &Client, i: usize) -> PushRequest {
    client
        .push_request(1u64)
        .globalmessage(format!("push {i}"))
        .data(vec![PushMessage::new().number(
            PhoneNumber::new("919000000001").expect("valid number"),
        )])
}
