//! Transactions of the in-memory store: rollback, isolation, child order.

use super::*;
use crate::store::{read, write};

fn ws(tx: &mut dyn WriteTx, id: &str) {
    let seq = tx.next_seq();
    tx.put_workspace(Workspace {
        id: id.into(),
        name: id.into(),
        description: None,
        owner: "u".into(),
        created_at: Timestamp(0),
        updated_at: Timestamp(0),
        seq,
    });
}

#[test]
fn lists_keep_creation_order_and_replace_keeps_position() {
    let s = MemoryStore::new();
    write::<_, ()>(&s, |tx| {
        ws(tx, "b");
        ws(tx, "a");
        ws(tx, "c");
        Ok(())
    })
    .ok();
    write::<_, ()>(&s, |tx| {
        let mut w = tx.workspace("b").cloned().ok_or(())?;
        w.name = "renamed".into();
        tx.put_workspace(w);
        Ok(())
    })
    .ok();
    let names = read(&s, |tx| {
        tx.workspaces()
            .iter()
            .map(|w| w.name.clone())
            .collect::<Vec<_>>()
    });
    assert_eq!(names, ["renamed", "a", "c"]);
}

#[test]
fn a_rejected_transaction_leaves_no_trace() {
    let s = MemoryStore::new();
    write::<_, ()>(&s, |tx| {
        ws(tx, "keep");
        Ok(())
    })
    .ok();
    let r = write::<(), &str>(&s, |tx| {
        ws(tx, "new");
        tx.delete_workspace("keep");
        Err("no")
    });
    assert_eq!(r, Err(Ok("no")));
    let ids = read(&s, |tx| {
        tx.workspaces()
            .iter()
            .map(|w| w.id.clone())
            .collect::<Vec<_>>()
    });
    assert_eq!(ids, ["keep"]);
}

#[test]
fn a_panicking_transaction_is_rolled_back() {
    let s = MemoryStore::new();
    let r = catch_unwind(AssertUnwindSafe(|| {
        let _ = write::<(), ()>(&s, |tx| {
            ws(tx, "half");
            panic!("boom");
        });
    }));
    assert!(r.is_err());
    assert!(read(&s, |tx| tx.workspaces().is_empty()));
}

#[test]
fn token_names_index_follows_renames_and_rollbacks() {
    let s = MemoryStore::new();
    let tok = |id: &str, name: &str, seq| TokenRecord {
        id: id.into(),
        tokenset_id: "ts".into(),
        mode_id: "m".into(),
        name: name.into(),
        r#type: "color".into(),
        value: serde_json::json!("#fff"),
        description: None,
        alias_to: None,
        created_at: Timestamp(0),
        updated_at: Timestamp(0),
        seq,
    };
    write::<_, ()>(&s, |tx| {
        tx.put_token(tok("t1", "a", 1));
        Ok(())
    })
    .ok();
    let _ = write::<(), ()>(&s, |tx| {
        tx.put_token(tok("t1", "b", 1));
        Err(())
    });
    assert!(read(&s, |tx| tx.token_by_name("m", "a").is_some()));
    write::<_, ()>(&s, |tx| {
        tx.put_token(tok("t1", "b", 1));
        Ok(())
    })
    .ok();
    assert!(read(&s, |tx| tx.token_by_name("m", "a").is_none()
        && tx.token_by_name("m", "b").is_some()));
}
