//! Work the mock does after answering (webhook calls and their retries):
//! a bounded number of tasks, stopped with the mock.

use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use tokio::task::JoinSet;

/// Webhook deliveries in flight at once; past it, new ones are skipped (and
/// logged), so a flood of pushes cannot pile up tasks and their bodies.
pub(crate) const MAX_TASKS: usize = 64;

/// The mock's background tasks.
#[derive(Debug, Default)]
pub(crate) struct Background {
    tasks: Mutex<JoinSet<()>>,
}

impl Background {
    /// Runs `task` on the current runtime, unless [`MAX_TASKS`] already
    /// run; returns whether it was started.
    pub(crate) fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) -> bool {
        let mut tasks = self.lock();
        // Reap the finished ones, so that the set holds running tasks only.
        while tasks.try_join_next().is_some() {}
        if tasks.len() >= MAX_TASKS {
            return false;
        }
        tasks.spawn(task);
        true
    }

    /// Stops every task (the mock is going away).
    pub(crate) fn stop(&self) {
        self.lock().abort_all();
    }

    fn lock(&self) -> MutexGuard<'_, JoinSet<()>> {
        self.tasks.lock().unwrap_or_else(|p| p.into_inner())
    }
}
