//! Rate limits and webhook claims shared by several instances through Redis.

use super::{
    ClaimId, ClaimState, ClaimStore, Fingerprint, LimitKey, RateLimitStore, Slot, StoreError,
    StoreFuture,
};
use crate::RateLimit;
use redis::{aio::ConnectionManager, Script};
use std::{
    fmt,
    sync::{Arc, LazyLock, Mutex},
    time::Duration,
};

/// How long one store command may take by default before the call is
/// treated as failed (not sent / 503).
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_secs(2);

/// GCRA with a burst of one, check-and-take in one step: what
/// [`MemoryRateLimits`](super::MemoryRateLimits) runs in memory. `KEYS[1]`
/// holds `next:spacing`, when the next slot frees (µs, Redis's clock) and
/// the largest spacing asked while the key lives, so that instances keeping
/// different limits (a rolling deploy that lowers one) stay within the
/// strictest; a bare `next` (written before the spacing was kept) reads too.
/// `ARGV[1]` is the spacing asked (µs). Returns 0 when a slot was taken,
/// else the µs to wait.
static TAKE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local spacing = tonumber(ARGV[1])
local next, kept
local v = redis.call('GET', KEYS[1])
if v then
  local a, b = string.match(v, '^(%d+):(%d+)$')
  if a then
    next = tonumber(a)
    kept = tonumber(b)
  else
    next = tonumber(v)
  end
end
if kept and kept > spacing then
  spacing = kept
end
if next and next > now then
  return next - now
end
redis.call('SET', KEYS[1], string.format('%d:%d', now + spacing, spacing), 'PX', math.floor(spacing / 1000) + 1000)
return 0
",
    )
});

/// `SET key owner NX PX lease`, and if that failed, whether the key is done.
/// Returns 1 claimed, 2 done, 3 in progress.
static CLAIM: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
if redis.call('GET', KEYS[1]) == 'done' then
  return 2
end
return 3
",
    )
});

/// `DEL key`, only if `owner` still holds it.
static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
",
    )
});

/// A Redis server shared by several instances: the client's rate limits
/// ([`RateLimitStore`]) and the webhook receiver's claims ([`ClaimStore`]).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use pickyassist::{store::RedisStore, webhook::Claims, Client};
///
/// let redis = RedisStore::new("redis://127.0.0.1:6379/")?;
/// let client = Client::builder("TOKEN").rate_limit_store(redis.clone()).build()?;
/// let claims = Claims::new(redis);
/// # Ok(()) }
/// ```
///
/// - Rate limits: GCRA in one Lua script (check-and-take is atomic, on
///   Redis's clock), so requests of every instance together are spaced by
///   [`RateLimit::spacing`]. Keys: `<prefix>rate:<token hash>:<path>`; the
///   token itself is never stored.
/// - Claims: `SET key owner NX PX lease` to claim, `SET key done EX
///   retention` to commit, `DEL` (only if still the owner's) to release.
///   Keys: `<prefix>claim:<key hash>`.
///
/// The connection is made on first use and remade after a failure, so a
/// restarted Redis heals without restarting the app; after a command that
/// got no answer in time it is dropped and made anew, so a connection that
/// died silently (a failover to another address, a NAT that forgot it)
/// does not keep every later command waiting for its timeout. While Redis cannot
/// answer (down, or slower than [`timeout`](Self::timeout)), nothing is
/// sent over a limit and nothing is marked done: sending fails with
/// [`Error::RateLimitStore`](crate::Error::RateLimitStore) (not sent) and
/// claiming with [`Skip::Unavailable`](crate::webhook::Skip::Unavailable) (503).
///
/// Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

struct Inner {
    client: redis::Client,
    /// The connection in use; `None` before the first command and after
    /// one that timed out.
    connection: Mutex<Option<ConnectionManager>>,
    prefix: String,
    timeout: Duration,
}

impl RedisStore {
    /// A store on the Redis server at `url` (`redis://host:port/db`,
    /// `redis://:password@host/`). Nothing is connected until first use.
    pub fn new(url: &str) -> Result<Self, StoreError> {
        // The URL may hold a password: errors never quote it.
        let client = redis::Client::open(url)
            .map_err(|e| StoreError::Unavailable(format!("not a Redis URL ({:?})", e.kind())))?;
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                connection: Mutex::new(None),
                prefix: "pickyassist:".into(),
                timeout: DEFAULT_REDIS_TIMEOUT,
            }),
        })
    }

    /// Puts every key under `prefix` (default `pickyassist:`), to share a
    /// server with other apps or keep environments apart.
    pub fn prefix(self, prefix: impl Into<String>) -> Self {
        self.with(|inner| inner.prefix = prefix.into())
    }

    /// How long one command may take (default 2 s).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with(|inner| inner.timeout = timeout)
    }

    fn with(self, change: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            client: shared.client.clone(),
            connection: Mutex::new(None),
            prefix: shared.prefix.clone(),
            timeout: shared.timeout,
        });
        change(&mut inner);
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The connection, made on first use (lazily: nothing is sent yet).
    fn connection(&self) -> Result<ConnectionManager, StoreError> {
        let inner = &*self.inner;
        let mut held = inner.connection.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(connection) = &*held {
            return Ok(connection.clone());
        }
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(inner.timeout))
            .set_response_timeout(Some(inner.timeout))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_millis(500));
        let connection = ConnectionManager::new_lazy_with_config(inner.client.clone(), config)
            .map_err(unavailable)?;
        *held = Some(connection.clone());
        Ok(connection)
    }

    /// Runs one command (`send` on a clone of the connection), failing after
    /// the timeout. A command without an answer in time drops the
    /// connection: the redis crate takes a timeout for a passing delay and
    /// would keep a connection that died silently.
    async fn command<T, F>(
        &self,
        send: impl FnOnce(ConnectionManager) -> F,
    ) -> Result<T, StoreError>
    where
        F: std::future::Future<Output = redis::RedisResult<T>>,
    {
        let timeout = self.inner.timeout;
        let result = match tokio::time::timeout(timeout, send(self.connection()?)).await {
            Ok(Err(e)) if e.is_timeout() => Err(StoreError::Timeout(timeout)),
            Ok(result) => return result.map_err(unavailable),
            Err(_) => Err(StoreError::Timeout(timeout)),
        };
        *self
            .inner
            .connection
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = None;
        result
    }

    /// Runs `script` ([`command`](Self::command)).
    async fn run<T: redis::FromRedisValue>(
        &self,
        script: &Script,
        key: String,
        args: &[String],
    ) -> Result<T, StoreError> {
        let mut invocation = script.key(key);
        for arg in args {
            invocation.arg(arg);
        }
        self.command(|mut connection| async move { invocation.invoke_async(&mut connection).await })
            .await
    }

    fn key(&self, kind: &str, rest: fmt::Arguments<'_>) -> String {
        format!("{}{kind}:{rest}", self.inner.prefix)
    }
}

/// The spacing of `limit` in whole µs, rounded up: 666 666 µs for 90 a
/// minute would fit a 91st request into the minute.
fn spacing_micros(limit: RateLimit) -> u128 {
    limit.spacing().as_nanos().div_ceil(1000).max(1)
}

/// A Redis error as text: its kind and detail, never the URL.
fn unavailable(e: redis::RedisError) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.inner.prefix)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

impl RateLimitStore for RedisStore {
    fn take<'a>(&'a self, key: &'a LimitKey, limit: RateLimit) -> StoreFuture<'a, Slot> {
        Box::pin(async move {
            let spacing = spacing_micros(limit).to_string();
            let key = self.key("rate", format_args!("{}:{}", key.token, key.endpoint));
            let wait: u64 = self.run(&TAKE, key, &[spacing]).await?;
            Ok(match wait {
                0 => Slot::Taken,
                us => Slot::WaitFor(Duration::from_micros(us)),
            })
        })
    }
}

impl ClaimStore for RedisStore {
    fn claim<'a>(
        &'a self,
        key: &'a Fingerprint,
        owner: ClaimId,
        lease: Duration,
    ) -> StoreFuture<'a, ClaimState> {
        Box::pin(async move {
            let lease = lease.as_millis().max(1).to_string();
            let key = self.key("claim", format_args!("{key}"));
            let state: u8 = self
                .run(&CLAIM, key, &[format!("owner:{owner}"), lease])
                .await?;
            Ok(match state {
                1 => ClaimState::Claimed,
                2 => ClaimState::Done,
                _ => ClaimState::InProgress,
            })
        })
    }

    fn commit<'a>(&'a self, key: &'a Fingerprint, retention: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = self.key("claim", format_args!("{key}"));
            let command = redis::cmd("SET")
                .arg(key)
                .arg("done")
                .arg("EX")
                .arg(retention.as_secs().max(1))
                .clone();
            self.command(|mut connection| async move {
                command.query_async::<()>(&mut connection).await
            })
            .await
        })
    }

    fn release<'a>(&'a self, key: &'a Fingerprint, owner: ClaimId) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = self.key("claim", format_args!("{key}"));
            let _: u8 = self.run(&RELEASE, key, &[format!("owner:{owner}")]).await?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spacing_in_micros_never_fits_more_than_the_limit_into_a_minute() {
        for n in [1, 3, 7, 90, 1000, 7000] {
            let limit = RateLimit::per_minute(n).expect("non-zero");
            assert!(spacing_micros(limit) * u128::from(n) >= 60_000_000, "{n}");
        }
        assert_eq!(
            spacing_micros(RateLimit::per_minute(90).expect("non-zero")),
            666_667
        );
    }
}
