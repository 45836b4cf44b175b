//! A request body that must arrive whole within a set time, so a client
//! that stops sending halfway through its body cannot hold a connection
//! (and its task) open; the head has its own timeout in hyper.

use axum::{body::Bytes, extract::rejection::BytesRejection};
use http_body::{Body, Frame, SizeHint};
use hyper::body::Incoming;
use std::{
    error::Error,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};
use tokio::time::Sleep;

/// A request body with a deadline, counted from when its head was read.
pub(crate) struct Deadline {
    body: Incoming,
    timer: Pin<Box<Sleep>>,
    limit: Duration,
}

impl Deadline {
    pub(crate) fn new(body: Incoming, limit: Duration) -> Self {
        Self {
            body,
            timer: Box::pin(tokio::time::sleep(limit)),
            limit,
        }
    }
}

/// The error a [`Deadline`] body ends with when its time is up.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive whole within {0:?}")]
pub(crate) struct BodyStalled(pub(crate) Duration);

impl Body for Deadline {
    type Data = Bytes;
    type Error = Box<dyn Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.body).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if self.timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(BodyStalled(self.limit).into())));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The deadline that `refused` ran out of, when a stalled body is why the
/// body could not be read.
pub(crate) fn stalled(refused: &BytesRejection) -> Option<Duration> {
    let mut cause: Option<&(dyn Error + 'static)> = Some(refused);
    while let Some(e) = cause {
        if let Some(BodyStalled(limit)) = e.downcast_ref::<BodyStalled>() {
            return Some(*limit);
        }
        cause = e.source();
    }
    None
}
