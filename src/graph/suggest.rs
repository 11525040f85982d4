//! "Did you mean" suggestions for missing reference targets.

use crate::model::TokenSet;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// At most this many suggestions are computed per build (they cost a scan each).
const MAX_SUGGESTIONS: usize = 256;

/// Sets up to this size are scanned completely; larger ones only among siblings.
const FULL_SCAN: usize = 5_000;

/// Finds near paths. The sibling index is built on first use, so error-free runs pay
/// nothing.
pub(super) struct Suggester<'a> {
    set: &'a TokenSet,
    children: OnceLock<HashMap<&'a str, Vec<&'a str>>>,
    used: AtomicUsize,
}

fn parent(path: &str) -> &str {
    path.rfind('.').map(|i| &path[..i]).unwrap_or("")
}

impl<'a> Suggester<'a> {
    pub(super) fn new(set: &'a TokenSet) -> Self {
        Suggester {
            set,
            children: OnceLock::new(),
            used: AtomicUsize::new(0),
        }
    }

    fn children(&self) -> &HashMap<&'a str, Vec<&'a str>> {
        self.children.get_or_init(|| {
            let mut map: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
            for p in &self.set.paths {
                map.entry(parent(p)).or_default().push(p);
            }
            map
        })
    }

    /// The first token directly inside a group, if any.
    pub(super) fn first_child(&self, group: &str) -> Option<&'a str> {
        self.children().get(group)?.first().copied()
    }

    /// A token path close to `missing` (edit distance at most a third of its length,
    /// at least 1), preferring the closest and then the earliest defined.
    pub(super) fn suggest(&self, missing: &str) -> Option<&'a str> {
        if self.used.fetch_add(1, Ordering::Relaxed) >= MAX_SUGGESTIONS {
            return None;
        }
        let limit = (missing.chars().count() / 3).max(1);
        let mut best: Option<(usize, &'a str)> = None;
        let mut consider = |cand: &'a str| {
            if let Some(d) = distance(missing, cand, limit) {
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, cand));
                }
            }
        };
        if self.set.paths.len() <= FULL_SCAN {
            self.set.paths.iter().for_each(|p| consider(p));
        } else if let Some(sibs) = self.children().get(parent(missing)) {
            sibs.iter().for_each(|p| consider(p));
        }
        best.map(|(_, p)| p)
    }
}

/// Levenshtein distance in characters (ASCII case differences cost nothing extra beyond a
/// substitution), or `None` when it exceeds `limit`.
fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("color.brnd", "color.brand", 3), Some(1));
        assert_eq!(distance("abc", "abc", 1), Some(0));
        assert_eq!(distance("abc", "xyz", 1), None);
        assert_eq!(distance("a", "abcdef", 2), None);
    }
}
