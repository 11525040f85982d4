//! Duplicate keys in one JSON object: reported as errors; the last occurrence wins.

use super::super::json::Member;
use std::collections::HashMap;

/// Objects with more members than this use a hash map to find duplicates.
const LINEAR_LIMIT: usize = 16;

/// Index pairs (earlier, later) of members sharing a key.
pub(crate) fn superseded(members: &[Member]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if members.len() <= LINEAR_LIMIT {
        for (j, later) in members.iter().enumerate() {
            if let Some(i) = members
                .get(..j)
                .unwrap_or_default()
                .iter()
                .rposition(|m| m.key == later.key)
            {
                out.push((i, j));
            }
        }
        return out;
    }
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(members.len());
    for (j, m) in members.iter().enumerate() {
        if let Some(i) = last.insert(m.key.as_ref(), j) {
            out.push((i, j));
        }
    }
    out
}
