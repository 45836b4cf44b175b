//! The requests a mock keeps for assertions: the most recent ones, within a
//! count and a byte budget, so that a long-running mock stays small.

use crate::{Received, ReceivedVia};
use serde_json::Value;
use std::collections::VecDeque;

/// Requests kept by default ([`MockBuilder::history`](crate::MockBuilder::history)).
pub const DEFAULT_HISTORY: usize = 1000;
/// Bytes the kept requests may take (bodies and parsed documents, estimated),
/// whatever their count: the newest one is always kept.
pub const HISTORY_BYTES: usize = 64 << 20;

/// A ring of the most recent requests, with totals over the mock's life.
#[derive(Debug)]
pub(crate) struct History {
    kept: VecDeque<(Received, usize)>,
    bytes: usize,
    limit: usize,
    /// Every request received.
    pub total: usize,
    /// Every request dropped over a rate limit.
    pub dropped: usize,
}

impl History {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            kept: VecDeque::new(),
            bytes: 0,
            limit,
            total: 0,
            dropped: 0,
        }
    }

    /// Keeps `received`, forgetting the oldest requests past the limits.
    pub(crate) fn push(&mut self, received: Received) {
        self.total += 1;
        self.dropped += usize::from(received.dropped);
        if self.limit == 0 {
            return;
        }
        let size = size_of(&received);
        self.bytes += size;
        self.kept.push_back((received, size));
        while self.kept.len() > self.limit || (self.bytes > HISTORY_BYTES && self.kept.len() > 1) {
            if let Some((_, size)) = self.kept.pop_front() {
                self.bytes -= size;
            }
        }
    }

    /// The kept requests, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Received> {
        self.kept.iter().map(|(r, _)| r)
    }
}

/// About how much memory a request takes: its body, its document when that
/// is a copy, and the parsed JSON.
fn size_of(received: &Received) -> usize {
    let document = match (&received.encoding, &received.document) {
        (ReceivedVia::Json, _) | (_, Err(_)) => 0,
        (_, Ok(d)) => d.len(),
    };
    let parsed = received.payload.as_ref().map_or(0, value_size);
    std::mem::size_of::<Received>() + received.body.len() + document + parsed
}

/// Heap and inline size of a JSON value, estimated (a map entry costs its
/// key, its value and a few words of bookkeeping).
fn value_size(value: &Value) -> usize {
    const WORD: usize = std::mem::size_of::<usize>();
    std::mem::size_of::<Value>()
        + match value {
            Value::String(s) => s.capacity(),
            Value::Array(items) => items.iter().map(value_size).sum(),
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| k.capacity() + 4 * WORD + value_size(v))
                .sum(),
            _ => 0,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn request(body: &str) -> Received {
        Received {
            path: "/push".into(),
            encoding: ReceivedVia::Json,
            body: Bytes::from(body.to_owned()),
            document: Ok(Bytes::from(body.to_owned())),
            payload: serde_json::from_str(body).map_err(|e| e.to_string()),
            dropped: false,
        }
    }

    #[test]
    fn keeps_the_newest_within_the_count() {
        let mut history = History::new(3);
        for i in 0..10 {
            history.push(request(&format!("{{\"n\":{i}}}")));
        }
        let kept: Vec<i64> = history
            .iter()
            .map(|r| {
                r.payload.as_ref().expect("JSON")["n"]
                    .as_i64()
                    .unwrap_or(-1)
            })
            .collect();
        assert_eq!(kept, [7, 8, 9]);
        assert_eq!(history.total, 10);
    }

    #[test]
    fn keeps_the_newest_within_the_byte_budget() {
        let mut history = History::new(usize::MAX);
        let big = format!("\"{}\"", "x".repeat(HISTORY_BYTES / 4));
        for _ in 0..10 {
            history.push(request(&big));
        }
        assert!(history.bytes <= HISTORY_BYTES, "{}", history.bytes);
        assert!(history.iter().count() < 10);
        assert_eq!(history.total, 10);
    }

    #[test]
    fn a_zero_limit_keeps_nothing_but_counts() {
        let mut history = History::new(0);
        history.push(request("{}"));
        assert_eq!((history.iter().count(), history.total), (0, 1));
    }
}
