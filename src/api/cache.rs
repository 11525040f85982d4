//! A small cache of rendered JSON bodies keyed by a string and validated by a tokenset
//! revision (bumped by every write to the tokenset, its modes or its tokens). Used for the
//! token lists (K1, T4), whose bodies are large and whose serialisation dominates their cost.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A body and the revision it was rendered at.
type Entry = (u64, Arc<[u8]>);

/// Bodies by key, each with the revision it was rendered at.
pub(crate) struct BodyCache {
    max: usize,
    entries: Mutex<HashMap<String, Entry>>,
}

impl BodyCache {
    /// Up to `max` bodies (0 disables the cache).
    pub fn new(max: usize) -> Self {
        BodyCache {
            max,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The body for `key` if it was rendered at `revision`.
    pub fn get(&self, key: &str, revision: u64) -> Option<Arc<[u8]>> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(r, _)| *r == revision)
            .map(|(_, b)| Arc::clone(b))
    }

    /// Keeps a body; when full, starts over (bounded, and a miss only costs one render).
    pub fn put(&self, key: String, revision: u64, body: Arc<[u8]>) {
        if self.max == 0 {
            return;
        }
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= self.max && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, (revision, body));
    }
}
