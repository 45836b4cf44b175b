//! When a failed send may be tried again: only when the request surely never
//! reached the server.

use std::time::Duration;

/// How often and how patiently to retry a send that could not connect.
///
/// A push is retried **only** when connecting failed (connection refused, DNS
/// lookup failed, TLS handshake failed): at that point not one byte of the
/// request has been written, so the server cannot have acted on it. A
/// timeout, a reset after the request was written, or any answer from the
/// server is never retried, because the push may already have been accepted
/// and a retry would send the message twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// Upper bound of a single wait.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, waiting 100 ms, 200 ms, 400 ms.
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub const fn none() -> Self {
        Self {
            max_retries: 0,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        }
    }

    /// The wait before retry number `retry` (1-based), or `None` when retries are used up.
    pub fn backoff(&self, retry: u32) -> Option<Duration> {
        if retry == 0 || retry > self.max_retries {
            return None;
        }
        let factor = 1u32.checked_shl(retry - 1).unwrap_or(u32::MAX);
        Some(
            self.initial_backoff
                .saturating_mul(factor)
                .min(self.max_backoff),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_stops() {
        let policy = RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
        };
        let waits: Vec<_> = (1..=6).map(|n| policy.backoff(n)).collect();
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(waits, [ms(100), ms(200), ms(300), ms(300), ms(300), None]);
        assert_eq!(RetryPolicy::none().backoff(1), None);
        let huge = RetryPolicy {
            max_retries: u32::MAX,
            ..policy
        };
        assert_eq!(huge.backoff(40), ms(300));
    }
}
