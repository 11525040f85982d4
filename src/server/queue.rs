//! The job queue from the poller to the workers: a `VecDeque` under a mutex with a
//! condition variable. Unlike a channel receiver shared behind a mutex (where the worker
//! holding the lock sleeps in `recv` and every hand-off wakes two threads), an idle
//! worker sleeps on the condition variable and a hand-off wakes at most one.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

/// A multi-consumer FIFO that can be closed.
pub(crate) struct JobQueue<T> {
    state: Mutex<State<T>>,
    ready: Condvar,
}

struct State<T> {
    jobs: VecDeque<T>,
    closed: bool,
    /// Workers blocked in [`JobQueue::pop`]; `push` only signals when one is waiting.
    sleeping: usize,
}

impl<T> JobQueue<T> {
    /// An empty, open queue.
    pub(crate) fn new() -> Self {
        JobQueue {
            state: Mutex::new(State {
                jobs: VecDeque::new(),
                closed: false,
                sleeping: 0,
            }),
            ready: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a job and wakes one sleeping worker, if any.
    pub(crate) fn push(&self, job: T) {
        let mut state = self.lock();
        state.jobs.push_back(job);
        let wake = state.sleeping > 0;
        drop(state);
        if wake {
            self.ready.notify_one();
        }
    }

    /// The oldest job, waiting for one; `None` once the queue is closed and empty.
    pub(crate) fn pop(&self) -> Option<T> {
        let mut state = self.lock();
        loop {
            if let Some(job) = state.jobs.pop_front() {
                return Some(job);
            }
            if state.closed {
                return None;
            }
            state.sleeping += 1;
            state = self.ready.wait(state).unwrap_or_else(|e| e.into_inner());
            state.sleeping -= 1;
        }
    }

    /// Wakes every worker; [`JobQueue::pop`] returns `None` once the queued jobs are
    /// taken.
    pub(crate) fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        drop(state);
        self.ready.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn jobs_come_out_in_order_and_close_releases_waiting_workers() {
        let queue = Arc::new(JobQueue::new());
        queue.push(1);
        queue.push(2);
        assert_eq!(queue.pop(), Some(1));
        assert_eq!(queue.pop(), Some(2));
        let waiting: Vec<_> = (0..3)
            .map(|_| {
                let q = Arc::clone(&queue);
                std::thread::spawn(move || q.pop())
            })
            .collect();
        queue.push(7);
        queue.close();
        let mut got: Vec<_> = waiting.into_iter().map(|t| t.join().unwrap()).collect();
        got.sort();
        assert_eq!(got, vec![None, None, Some(7)]);
        assert_eq!(queue.pop(), None);
    }
}
