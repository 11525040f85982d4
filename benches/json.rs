//! Throughput of the JSON reader on a generated token document.
//!
//! Uses the first `*.json` file of `$TOKENCRAFT_BENCH_DATA` (default
//! `/work/data/n100000-m4-object`, written by `shared/bench/gen_tokens.py`) when present,
//! and otherwise a generated document of about 20 MB in the same shape.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tokencraft::parse::json::{parse, Limits};

fn generated(tokens: usize) -> String {
    let mut out = String::from("{\n  \"color\": {\n");
    for i in 0..tokens {
        let comma = if i + 1 == tokens { "" } else { "," };
        out.push_str(&format!(
            "    \"c{i}\": {{\n      \"$type\": \"color\",\n      \"$value\": {{\n        \"colorSpace\": \"srgb\",\n        \"components\": [0.{i}, 0.5, 1],\n        \"alpha\": 1\n      }},\n      \"$description\": \"Colour number {i} \\u00e9\"\n    }}{comma}\n"
        ));
    }
    out.push_str("  }\n}\n");
    out
}

fn load() -> (String, String) {
    let dir = std::env::var("TOKENCRAFT_BENCH_DATA")
        .unwrap_or_else(|_| "/work/data/n100000-m4-object".to_string());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for f in files {
        if let Ok(text) = std::fs::read_to_string(&f) {
            if text.len() > 1_000_000 {
                return (f.display().to_string(), text);
            }
        }
    }
    ("generated".to_string(), generated(100_000))
}

fn bench(c: &mut Criterion) {
    let (name, text) = load();
    let limits = Limits::default();
    let mut group = c.benchmark_group("json");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function(format!("parse {name}"), |b| {
        b.iter(|| parse(black_box(&text), 0, &limits).map(|n| n.span))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
