//! Three-way merge of release snapshots.
//!
//! A snapshot is flattened into entries keyed by identity: a tokenset by its id, a mode by
//! (tokenset id, mode name), a token by (tokenset id, mode name, token name). For every
//! key, with `base` the common base release, `source` the merged release and `prod` the
//! active Production release:
//!
//! - source unchanged since base → Production's entry stays;
//! - Production unchanged since base → the source's entry wins (add, change or delete);
//! - both changed to the same thing → that;
//! - both changed differently → a **conflict**.
//!
//! After that, the result must still be a well-formed snapshot: a mode or token whose
//! tokenset or mode no longer exists, or a tokenset left without exactly one default
//! mode, is a conflict too.

use crate::store::{Snapshot, SnapshotMode, SnapshotToken, SnapshotTokenset};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// Identity of one entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Tokenset(String),
    Mode(String, String),
    Token(String, String, String),
}

/// Content of one entry (what counts as a change).
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Tokenset {
        workspace_id: String,
        name: String,
        description: Option<String>,
    },
    Mode {
        is_default: bool,
    },
    Token(SnapshotToken),
}

fn flatten(s: &Snapshot) -> IndexMap<Key, Entry> {
    let mut out = IndexMap::new();
    for ts in &s.tokensets {
        out.insert(
            Key::Tokenset(ts.id.clone()),
            Entry::Tokenset {
                workspace_id: ts.workspace_id.clone(),
                name: ts.name.clone(),
                description: ts.description.clone(),
            },
        );
        for m in &ts.modes {
            out.insert(
                Key::Mode(ts.id.clone(), m.name.clone()),
                Entry::Mode {
                    is_default: m.is_default,
                },
            );
            for t in &m.tokens {
                out.insert(
                    Key::Token(ts.id.clone(), m.name.clone(), t.name.clone()),
                    Entry::Token(t.clone()),
                );
            }
        }
    }
    out
}

/// One conflict, with the three versions of the entry (`null` where it does not exist).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// `token`, `mode` or `tokenset`.
    pub kind: &'static str,
    /// The tokenset's id.
    pub tokenset_id: String,
    /// The tokenset's name (from whichever side has it).
    pub tokenset: String,
    /// The mode's name, for modes and tokens.
    pub mode: Option<String>,
    /// The token's name, for tokens.
    pub token: Option<String>,
    /// What went wrong, in words.
    pub reason: String,
    /// The entry in the common base release.
    pub base: Value,
    /// The entry in the merged (source) release.
    pub source: Value,
    /// The entry in the active Production release.
    pub production: Value,
}

fn entry_json(e: Option<&Entry>) -> Value {
    match e {
        None => Value::Null,
        Some(Entry::Tokenset {
            name, description, ..
        }) => serde_json::json!({ "name": name, "description": description }),
        Some(Entry::Mode { is_default }) => serde_json::json!({ "is_default": is_default }),
        Some(Entry::Token(t)) => serde_json::json!({
            "type": t.r#type, "value": t.value, "description": t.description, "alias_to": t.alias_to
        }),
    }
}

/// Merges `source` into `prod` over their common `base`: the merged snapshot, or every
/// conflict (in Production's, then the source's document order).
pub fn three_way(
    base: &Snapshot,
    source: &Snapshot,
    prod: &Snapshot,
) -> Result<Snapshot, Vec<Conflict>> {
    let (b, s, p) = (flatten(base), flatten(source), flatten(prod));
    // Later sides win: Production's name, else the source's, else the base's.
    let names: IndexMap<String, String> = [base, source, prod]
        .iter()
        .flat_map(|snap| snap.tokensets.iter())
        .map(|ts| (ts.id.clone(), ts.name.clone()))
        .collect();
    let conflict = |key: &Key, reason: String, bv, sv, pv| {
        let (kind, ts, mode, token) = match key {
            Key::Tokenset(ts) => ("tokenset", ts, None, None),
            Key::Mode(ts, m) => ("mode", ts, Some(m.clone()), None),
            Key::Token(ts, m, t) => ("token", ts, Some(m.clone()), Some(t.clone())),
        };
        Conflict {
            kind,
            tokenset_id: ts.clone(),
            tokenset: names.get(ts).cloned().unwrap_or_default(),
            mode,
            token,
            reason,
            base: entry_json(bv),
            source: entry_json(sv),
            production: entry_json(pv),
        }
    };
    let mut merged: IndexMap<Key, Entry> = IndexMap::new();
    let mut conflicts = Vec::new();
    for key in p.keys().chain(s.keys()) {
        if merged.contains_key(key) || conflicts.iter().any(|c: &(Key, Conflict)| &c.0 == key) {
            continue;
        }
        let (bv, sv, pv) = (b.get(key), s.get(key), p.get(key));
        let result = if sv == bv || sv == pv {
            pv
        } else if pv == bv {
            sv
        } else {
            let reason = match (sv, pv) {
                (None, _) => "deleted in the source environment but changed in Production",
                (_, None) => "changed in the source environment but deleted in Production",
                _ => "changed differently in the source environment and in Production",
            };
            conflicts.push((key.clone(), conflict(key, reason.into(), bv, sv, pv)));
            continue;
        };
        if let Some(e) = result {
            merged.insert(key.clone(), e.clone());
        }
    }
    let mut conflicts: Vec<Conflict> = conflicts.into_iter().map(|(_, c)| c).collect();
    let built = rebuild(&merged, &mut |key: &Key, reason: &str| {
        conflicts.push(conflict(
            key,
            reason.into(),
            b.get(key),
            s.get(key),
            p.get(key),
        ));
    });
    if conflicts.is_empty() {
        Ok(built)
    } else {
        Err(conflicts)
    }
}

/// Entries → snapshot; structural problems are reported through `bad`.
fn rebuild(merged: &IndexMap<Key, Entry>, bad: &mut dyn FnMut(&Key, &str)) -> Snapshot {
    let mut sets: IndexMap<&str, SnapshotTokenset> = IndexMap::new();
    for (key, e) in merged {
        if let (
            Key::Tokenset(id),
            Entry::Tokenset {
                workspace_id,
                name,
                description,
            },
        ) = (key, e)
        {
            sets.insert(
                id,
                SnapshotTokenset {
                    id: id.clone(),
                    workspace_id: workspace_id.clone(),
                    name: name.clone(),
                    description: description.clone(),
                    modes: Vec::new(),
                },
            );
        }
    }
    for (key, e) in merged {
        if let (Key::Mode(ts, name), Entry::Mode { is_default }) = (key, e) {
            match sets.get_mut(ts.as_str()) {
                Some(set) => set.modes.push(SnapshotMode {
                    name: name.clone(),
                    is_default: *is_default,
                    tokens: Vec::new(),
                }),
                None => bad(
                    key,
                    "the mode was changed on one side but its tokenset was deleted on the other",
                ),
            }
        }
    }
    for (key, e) in merged {
        if let (Key::Token(ts, mode, _), Entry::Token(t)) = (key, e) {
            let slot = sets
                .get_mut(ts.as_str())
                .and_then(|s| s.modes.iter_mut().find(|m| &m.name == mode));
            match slot {
                Some(m) => m.tokens.push(t.clone()),
                None => bad(key, "the token was changed on one side but its mode or tokenset was deleted on the other"),
            }
        }
    }
    for set in sets.values() {
        let defaults = set.modes.iter().filter(|m| m.is_default).count();
        if !set.modes.is_empty() && defaults != 1 {
            bad(
                &Key::Tokenset(set.id.clone()),
                &format!("after the merge the tokenset would have {defaults} default modes instead of one"),
            );
        }
    }
    Snapshot {
        tokensets: sets.into_values().collect(),
    }
}
