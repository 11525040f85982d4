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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// (mode name, is default, [(token name, value)]).
    type ModeSpec<'a> = (&'a str, bool, &'a [(&'a str, &'a str)]);

    /// A snapshot of one tokenset `ts` with these modes.
    fn snap(modes: &[ModeSpec]) -> Snapshot {
        Snapshot {
            tokensets: vec![SnapshotTokenset {
                id: "ts".into(),
                workspace_id: "ws".into(),
                name: "Core".into(),
                description: None,
                modes: modes
                    .iter()
                    .map(|(name, is_default, tokens)| SnapshotMode {
                        name: (*name).into(),
                        is_default: *is_default,
                        tokens: tokens
                            .iter()
                            .map(|(n, v)| SnapshotToken {
                                name: (*n).into(),
                                r#type: "color".into(),
                                value: json!(v),
                                description: None,
                                alias_to: None,
                            })
                            .collect(),
                    })
                    .collect(),
            }],
        }
    }

    fn tokens(s: &Snapshot) -> Vec<(String, String, Value)> {
        s.tokensets
            .iter()
            .flat_map(|t| &t.modes)
            .flat_map(|m| {
                m.tokens
                    .iter()
                    .map(|t| (m.name.clone(), t.name.clone(), t.value.clone()))
            })
            .collect()
    }

    #[test]
    fn changes_from_either_side_are_kept() {
        let base = snap(&[(
            "Light",
            true,
            &[("a", "#000"), ("b", "#111"), ("c", "#222")],
        )]);
        // Source changes a, deletes c, adds d; Production changes b.
        let source = snap(&[(
            "Light",
            true,
            &[("a", "#aaa"), ("b", "#111"), ("d", "#ddd")],
        )]);
        let prod = snap(&[(
            "Light",
            true,
            &[("a", "#000"), ("b", "#bbb"), ("c", "#222")],
        )]);
        let merged = three_way(&base, &source, &prod).unwrap_or_default();
        assert_eq!(
            tokens(&merged),
            vec![
                ("Light".into(), "a".into(), json!("#aaa")),
                ("Light".into(), "b".into(), json!("#bbb")),
                ("Light".into(), "d".into(), json!("#ddd")),
            ]
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_not_a_conflict() {
        let base = snap(&[("Light", true, &[("a", "#000")])]);
        let both = snap(&[("Light", true, &[("a", "#fff")])]);
        assert_eq!(three_way(&base, &both, &both), Ok(both.clone()));
        // Without a base, identical content merges cleanly too.
        assert_eq!(three_way(&Snapshot::default(), &both, &both), Ok(both));
    }

    #[test]
    fn conflicts_are_listed_with_all_three_versions() {
        let base = snap(&[("Light", true, &[("a", "#000"), ("b", "#111")])]);
        let source = snap(&[("Light", true, &[("a", "#aaa")])]);
        let prod = snap(&[("Light", true, &[("a", "#fff"), ("b", "#bbb")])]);
        let conflicts = three_way(&base, &source, &prod).err().unwrap_or_default();
        let got: Vec<(String, Option<String>, String, Value, Value, Value)> = conflicts
            .into_iter()
            .map(|c| {
                (
                    c.kind.to_owned(),
                    c.token,
                    c.reason,
                    c.base,
                    c.source,
                    c.production,
                )
            })
            .collect();
        let tok =
            |v: &str| json!({"type": "color", "value": v, "description": null, "alias_to": null});
        assert_eq!(
            got,
            vec![
                (
                    "token".into(),
                    Some("a".into()),
                    "changed differently in the source environment and in Production".into(),
                    tok("#000"),
                    tok("#aaa"),
                    tok("#fff")
                ),
                (
                    "token".into(),
                    Some("b".into()),
                    "deleted in the source environment but changed in Production".into(),
                    tok("#111"),
                    Value::Null,
                    tok("#bbb")
                ),
            ]
        );
    }

    #[test]
    fn structural_conflicts() {
        // Source adds a token to Dark; Production deletes the Dark mode.
        let base = snap(&[("Light", true, &[]), ("Dark", false, &[])]);
        let source = snap(&[("Light", true, &[]), ("Dark", false, &[("x", "#000")])]);
        let prod = snap(&[("Light", true, &[])]);
        let c = three_way(&base, &source, &prod).err().unwrap_or_default();
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].kind, c[0].mode.as_deref(), c[0].token.as_deref(), c[0].reason.as_str()),
            ("token", Some("Dark"), Some("x"),
             "the token was changed on one side but its mode or tokenset was deleted on the other")
        );
        // Each side makes a different mode the default.
        let base = snap(&[("Light", true, &[]), ("Dark", false, &[])]);
        let source = snap(&[("Light", false, &[]), ("Dark", true, &[])]);
        let prod = snap(&[
            ("Light", true, &[]),
            ("Dark", false, &[]),
            ("HC", false, &[]),
        ]);
        let prod = Snapshot {
            tokensets: vec![SnapshotTokenset {
                modes: prod.tokensets[0]
                    .modes
                    .iter()
                    .map(|m| SnapshotMode {
                        is_default: m.name == "HC",
                        ..m.clone()
                    })
                    .collect(),
                ..prod.tokensets[0].clone()
            }],
        };
        let c = three_way(&base, &source, &prod).err().unwrap_or_default();
        let reasons: Vec<&str> = c.iter().map(|c| c.reason.as_str()).collect();
        // Light stays non-default, Dark becomes the default from the source, HC from
        // Production: two defaults.
        assert_eq!(
            reasons,
            ["after the merge the tokenset would have 2 default modes instead of one"]
        );
    }
}
