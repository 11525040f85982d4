//! The generic table behind every record kind of the in-memory store: rows by id, children
//! by parent in creation order, and all rows in creation order.

use std::collections::{BTreeMap, HashMap};

/// A record kept in a [`Table`]: an id, an optional parent (for child lists) and a
/// creation-order number.
pub(super) trait Record: Clone {
    fn id(&self) -> &str;
    fn parent(&self) -> Option<&str>;
    fn seq(&self) -> u64;
}

/// Implements [`Record`] for a record type: `record!(T)` (no parent) or
/// `record!(T, parent_field)`.
macro_rules! record {
    ($t:ty) => {
        record!($t, |_r: &$t| None);
    };
    ($t:ty, $field:ident) => {
        record!($t, |r: &$t| Some(r.$field.as_str()));
    };
    ($t:ty, |$r:ident: &$rt:ty| $body:expr) => {
        impl Record for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn parent(&self) -> Option<&str> {
                let $r: &$rt = self;
                $body
            }
            fn seq(&self) -> u64 {
                self.seq
            }
        }
    };
}

/// Rows by id, plus children by parent in creation order, plus all rows in creation order.
pub(super) struct Table<R> {
    rows: HashMap<String, R>,
    order: BTreeMap<(u64, String), ()>,
    children: HashMap<String, BTreeMap<(u64, String), ()>>,
}

impl<R> Default for Table<R> {
    fn default() -> Self {
        Table {
            rows: HashMap::new(),
            order: BTreeMap::new(),
            children: HashMap::new(),
        }
    }
}

impl<R: Record> Table<R> {
    pub(super) fn get(&self, id: &str) -> Option<&R> {
        self.rows.get(id)
    }

    pub(super) fn all(&self) -> Vec<&R> {
        self.order
            .keys()
            .filter_map(|(_, id)| self.rows.get(id))
            .collect()
    }

    pub(super) fn children(&self, parent: &str) -> Vec<&R> {
        match self.children.get(parent) {
            Some(ids) => ids.keys().filter_map(|(_, id)| self.rows.get(id)).collect(),
            None => Vec::new(),
        }
    }

    /// Inserts or replaces; returns the previous record.
    pub(super) fn put(&mut self, rec: R) -> Option<R> {
        let old = self.remove(rec.id());
        let key = (rec.seq(), rec.id().to_owned());
        if let Some(p) = rec.parent() {
            self.children
                .entry(p.to_owned())
                .or_default()
                .insert(key.clone(), ());
        }
        self.order.insert(key, ());
        self.rows.insert(rec.id().to_owned(), rec);
        old
    }

    pub(super) fn remove(&mut self, id: &str) -> Option<R> {
        let old = self.rows.remove(id)?;
        let key = (old.seq(), id.to_owned());
        self.order.remove(&key);
        if let Some(p) = old.parent() {
            if let Some(set) = self.children.get_mut(p) {
                set.remove(&key);
                if set.is_empty() {
                    self.children.remove(p);
                }
            }
        }
        Some(old)
    }

    /// Puts back a previous state of one id (undo).
    pub(super) fn restore(&mut self, id: &str, old: Option<R>) {
        self.remove(id);
        if let Some(r) = old {
            self.put(r);
        }
    }
}
