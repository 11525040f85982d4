//! The durable file store at 100,000 tokens: one token write (update one row of a
//! 100,000-token tokenset: a transaction, one log frame, one fdatasync), against the same
//! write on the in-memory store; plus, printed once, the p50/p99/max of 2,000 such writes,
//! a compaction and a reopen (load) of the whole store. Figures: `docs/STORE.md`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::{Duration, Instant};
use tokencraft::store::{
    self, FileStore, MemoryStore, Mode, Store, Timestamp, TokenRecord, Tokenset,
};

const TOKENS: usize = 100_000;

fn token(i: usize, value: usize) -> TokenRecord {
    TokenRecord {
        id: format!("tok-{i:06}"),
        tokenset_id: "ts".into(),
        mode_id: "m".into(),
        name: format!("color.group{}.t{i}", i % 37),
        r#type: "color".into(),
        value: serde_json::json!(format!("#{:06x}", value * 2_654_435 % 0xff_ffff)),
        description: None,
        alias_to: None,
        created_at: Timestamp(1_736_935_200),
        updated_at: Timestamp(1_736_935_200),
        seq: i as u64 + 10,
    }
}

/// A tokenset with one mode and 100,000 tokens, written in transactions of 5,000.
fn fill(store: &dyn Store) {
    store::write::<_, ()>(store, |tx| {
        tx.put_tokenset(Tokenset {
            id: "ts".into(),
            workspace_id: "ws".into(),
            name: "Big".into(),
            description: None,
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
            revision: 1,
            seq: 1,
        });
        tx.put_mode(Mode {
            id: "m".into(),
            tokenset_id: "ts".into(),
            name: "Base".into(),
            is_default: true,
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
            seq: 2,
        });
        Ok(())
    })
    .expect("fill");
    for chunk in (0..TOKENS).collect::<Vec<_>>().chunks(5_000) {
        store::write::<_, ()>(store, |tx| {
            for &i in chunk {
                tx.put_token(token(i, i));
            }
            Ok(())
        })
        .expect("fill");
    }
}

/// Updates token `n % TOKENS` and bumps the tokenset's revision, as the API does.
fn write_one(store: &dyn Store, n: usize) {
    store::write::<_, ()>(store, |tx| {
        tx.put_token(token(n % TOKENS, n));
        let mut ts = tx.tokenset("ts").cloned().ok_or(())?;
        ts.revision += 1;
        tx.put_tokenset(ts);
        Ok(())
    })
    .expect("write");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = FileStore::open(dir.path()).expect("open");
    let t = Instant::now();
    fill(&file);
    eprintln!("fill 100,000 tokens (20 transactions): {:?}", t.elapsed());
    let mem = MemoryStore::new();
    fill(&mem);

    let mut g = c.benchmark_group("store_write_one_token_in_100k");
    g.sample_size(50);
    let mut n = 0;
    g.bench_function("file", |b| {
        b.iter(|| {
            n += 1;
            write_one(&file, n)
        })
    });
    g.bench_function("memory", |b| {
        b.iter(|| {
            n += 1;
            write_one(&mem, n)
        })
    });
    g.finish();

    let mut times = Vec::with_capacity(2_000);
    let log_before = file.log_len();
    for i in 0..2_000 {
        let t = Instant::now();
        write_one(&file, i * 7);
        times.push(t.elapsed());
    }
    let per_write = (file.log_len().saturating_sub(log_before)) / 2_000;
    times.sort();
    eprintln!(
        "file store, one token write in 100,000: p50 {:?}  p99 {:?}  max {:?}  ({} log bytes per write)",
        percentile(&times, 0.50),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or_default(),
        per_write
    );
    let t = Instant::now();
    file.compact().expect("compact");
    eprintln!(
        "compaction (snapshot of 100,000 tokens + fresh log): {:?}",
        t.elapsed()
    );
    drop(file);
    let t = Instant::now();
    let reopened = FileStore::open(dir.path()).expect("reopen");
    eprintln!("open (load snapshot + replay log): {:?}", t.elapsed());
    let count = store::read(&reopened, |tx| tx.tokens("m").len());
    assert_eq!(count, TOKENS);
}

criterion_group!(benches, bench);
criterion_main!(benches);
