//! Member lookup in large objects without a linear scan.
//!
//! [`Node::get`] scans an object's members, which is right for the few members of a
//! token but quadratic when every token of a 100,000-member group is reached through a
//! `$ref` pointer or an `$extends` target. A [`MemberIndex`] builds a table (key hash →
//! position of the last member with that hash) for an object of [`INDEX_FROM`] or more
//! members the first time it is searched, and reuses it. Trees are immutable while
//! borrowed, so an object's address identifies it for the index's lifetime. A hash that
//! lands on a member with another key (a collision) falls back to the scan.

use super::super::json::Node;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::cell::RefCell;
use std::hash::BuildHasher;

/// Objects with fewer members are scanned.
const INDEX_FROM: usize = 32;

/// Lazily built member tables of the large objects of one tree.
#[derive(Default)]
pub(crate) struct MemberIndex {
    tables: RefCell<FxHashMap<usize, FxHashMap<u64, usize>>>,
}

impl MemberIndex {
    /// The member `key` of `node` (the last one when the key is duplicated, as
    /// [`Node::get`]); `None` for a non-object.
    pub(crate) fn get<'t, 'a>(&self, node: &'t Node<'a>, key: &str) -> Option<&'t Node<'a>> {
        let members = node.members()?;
        if members.len() < INDEX_FROM {
            return node.get(key);
        }
        let hash = FxBuildHasher.hash_one(key);
        let at = {
            let mut tables = self.tables.borrow_mut();
            let table = tables
                .entry(node as *const Node<'a> as usize)
                .or_insert_with(|| {
                    let mut t = FxHashMap::with_capacity_and_hasher(members.len(), FxBuildHasher);
                    for (i, m) in members.iter().enumerate() {
                        t.insert(FxBuildHasher.hash_one(&*m.key), i);
                    }
                    t
                });
            table.get(&hash).copied()
        };
        match at.and_then(|i| members.get(i)) {
            Some(m) if m.key == key => Some(&m.value),
            Some(_) => node.get(key),
            None => None,
        }
    }

    /// Whether `node` is a token (an object with `$value` or a token-level `$ref`), as
    /// [`super::value::is_token`].
    pub(crate) fn is_token(&self, node: &Node<'_>) -> bool {
        self.get(node, "$value").is_some() || self.get(node, "$ref").is_some()
    }
}
