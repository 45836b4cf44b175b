//! Picky Assist calls again when it gets no 200 in time: the same message
//! can arrive several times. A small bounded memory of what was seen.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

/// Remembers the last `capacity` keys and says whether a key is new.
///
/// Key incoming messages by `unique-id` ([`WebhookMessage::dedup_key`](crate::model::WebhookMessage::dedup_key))
/// and delivery reports by `msg_id` and `status`
/// ([`WebhookDeliveryReport::dedup_key`](crate::model::WebhookDeliveryReport::dedup_key)).
/// The memory is bounded, so a flood of distinct keys cannot grow it; size
/// it to cover the retry window (6 hours of your traffic). Safe to share
/// between tasks.
///
/// ```
/// use pickyassist::webhook::Deduplicator;
/// let seen = Deduplicator::new(10_000);
/// assert!(seen.first_time("5642"));
/// assert!(!seen.first_time("5642"));
/// ```
#[derive(Debug)]
pub struct Deduplicator {
    capacity: usize,
    inner: Mutex<Memory>,
}

#[derive(Debug, Default)]
struct Memory {
    keys: HashSet<String>,
    order: VecDeque<String>,
}

impl Deduplicator {
    /// A memory of at most `capacity` keys (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            inner: Mutex::new(Memory::default()),
        }
    }

    /// `true` the first time `key` is seen (it is then remembered), `false` for a repeat.
    pub fn first_time(&self, key: &str) -> bool {
        let mut memory = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if memory.keys.contains(key) {
            return false;
        }
        if memory.order.len() >= self.capacity {
            if let Some(oldest) = memory.order.pop_front() {
                memory.keys.remove(&oldest);
            }
        }
        memory.keys.insert(key.to_owned());
        memory.order.push_back(key.to_owned());
        true
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .order
            .len()
    }

    /// Whether nothing is remembered yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_the_oldest_beyond_capacity() {
        let d = Deduplicator::new(2);
        assert!(d.first_time("a") && d.first_time("b"));
        assert!(!d.first_time("a"));
        assert!(d.first_time("c"));
        assert_eq!(d.len(), 2);
        assert!(d.first_time("a"), "a was forgotten");
    }
}
