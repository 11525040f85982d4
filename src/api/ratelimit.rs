//! Sliding-window rate limiting (§1.6): at most `limit` requests in any `window`, per key
//! (an API token id, or the peer address for unauthenticated requests). Each key keeps
//! the times of its accepted requests in the window; a request is accepted when fewer
//! than `limit` remain after dropping the expired ones. One mutex makes it exact under
//! concurrent requests.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// The limiter's answer for one request, with everything the headers need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateStatus {
    /// Whether the request is accepted (and was counted).
    pub allowed: bool,
    /// `X-RateLimit-Limit`.
    pub limit: u32,
    /// `X-RateLimit-Remaining` after this request.
    pub remaining: u32,
    /// `X-RateLimit-Reset`: Unix seconds when the oldest counted request leaves the
    /// window (a slot frees up); `now + window` when nothing is counted.
    pub reset: u64,
    /// `Retry-After` seconds (at least 1) for a rejected request; 0 when allowed.
    pub retry_after: u64,
}

/// A per-key sliding-window limiter.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window_ms: u64,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    keys: HashMap<String, VecDeque<u64>>,
    checks_since_sweep: u32,
}

/// Keys idle for a whole window are dropped every this many checks.
const SWEEP_EVERY: u32 = 4096;

impl RateLimiter {
    /// `limit` requests (at least 1) per `window_ms` milliseconds (at least 1).
    pub fn new(limit: u32, window_ms: u64) -> Self {
        RateLimiter {
            limit: limit.max(1),
            window_ms: window_ms.max(1),
            state: Mutex::new(State::default()),
        }
    }

    /// The configured limit.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Counts one request for `key` at `now_ms`, unless the key is over its limit.
    pub fn check(&self, key: &str, now_ms: u64) -> RateStatus {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.checks_since_sweep += 1;
        if state.checks_since_sweep >= SWEEP_EVERY {
            state.checks_since_sweep = 0;
            let window = self.window_ms;
            state
                .keys
                .retain(|_, q| q.back().is_some_and(|&t| t.saturating_add(window) > now_ms));
        }
        if !state.keys.contains_key(key) {
            state.keys.insert(key.to_owned(), VecDeque::new());
        }
        let Some(times) = state.keys.get_mut(key) else {
            return self.status(true, 0, None, now_ms);
        };
        while times
            .front()
            .is_some_and(|&t| t.saturating_add(self.window_ms) <= now_ms)
        {
            times.pop_front();
        }
        let allowed = times.len() < self.limit as usize;
        if allowed {
            times.push_back(now_ms);
        }
        let used = times.len();
        let oldest = times.front().copied();
        self.status(allowed, used, oldest, now_ms)
    }

    fn status(&self, allowed: bool, used: usize, oldest: Option<u64>, now_ms: u64) -> RateStatus {
        let frees_at = oldest.unwrap_or(now_ms).saturating_add(self.window_ms);
        let reset = frees_at.div_ceil(1000);
        let retry_after = if allowed {
            0
        } else {
            frees_at.saturating_sub(now_ms).div_ceil(1000).max(1)
        };
        RateStatus {
            allowed,
            limit: self.limit,
            remaining: (self.limit as usize).saturating_sub(used) as u32,
            reset,
            retry_after,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented example: 50 at 12:00:00, 50 at 12:00:30, the 101st at 12:00:31 is
    /// rejected; at 12:01:00 the first 50 age out.
    #[test]
    fn documented_sliding_window_example() {
        let rl = RateLimiter::new(100, 60_000);
        let t0 = 1_700_000_000_000;
        for _ in 0..50 {
            assert!(rl.check("k", t0).allowed);
        }
        for _ in 0..50 {
            assert!(rl.check("k", t0 + 30_000).allowed);
        }
        let s = rl.check("k", t0 + 31_000);
        assert!(!s.allowed);
        assert_eq!(s.remaining, 0);
        assert_eq!(s.retry_after, 29);
        assert_eq!(s.reset, (t0 + 60_000) / 1000);
        let s = rl.check("k", t0 + 60_000);
        assert!(s.allowed);
        assert_eq!(s.remaining, 49);
        assert_eq!(s.reset, (t0 + 90_000) / 1000);
    }

    #[test]
    fn keys_are_independent_and_rejections_do_not_count() {
        let rl = RateLimiter::new(2, 1000);
        assert_eq!(rl.check("a", 0).remaining, 1);
        assert_eq!(rl.check("a", 0).remaining, 0);
        for _ in 0..5 {
            assert!(!rl.check("a", 500).allowed);
        }
        assert!(rl.check("b", 500).allowed);
        assert_eq!(
            rl.check("a", 1000).remaining,
            1,
            "both slots freed, one used"
        );
        assert_eq!(rl.check("a", 1000).remaining, 0);
        assert!(!rl.check("a", 1000).allowed);
    }

    #[test]
    fn retry_after_is_at_least_one_second() {
        let rl = RateLimiter::new(1, 60_000);
        assert!(rl.check("k", 0).allowed);
        let s = rl.check("k", 59_999);
        assert_eq!((s.allowed, s.retry_after), (false, 1));
    }
}
