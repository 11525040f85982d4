//! Throughput of the JSON reader on a generated token document.
//!
//! Uses the first `*.json` file over 1 MB of `$TOKENCRAFT_BENCH_DATA` (default
//! `/work/data/n100000-m4-object`, written by `shared/bench/gen_tokens.py`) when present,
//! and otherwise a generated document of about 20 MB in the same shape.
//!
//! Two measurements: wall-clock time, and on Linux the thread's CPU time (from
//! `/proc/thread-self/schedstat`), which stays meaningful on a machine shared with other
//! jobs.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
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

/// CPU time of the measuring thread in nanoseconds (falls back to wall-clock time).
struct CpuTime {
    wall: WallTime,
}

fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

impl Measurement for CpuTime {
    type Intermediate = (Option<u64>, std::time::Instant);
    type Value = f64;
    fn start(&self) -> Self::Intermediate {
        (thread_cpu_ns(), std::time::Instant::now())
    }
    fn end(&self, (cpu, wall): Self::Intermediate) -> f64 {
        match (cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) => b.saturating_sub(a) as f64,
            _ => wall.elapsed().as_nanos() as f64,
        }
    }
    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }
    fn zero(&self) -> f64 {
        0.0
    }
    fn to_f64(&self, v: &f64) -> f64 {
        *v
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self.wall.formatter()
    }
}

fn bench_wall(c: &mut Criterion) {
    let (name, text) = load();
    let limits = Limits::default();
    let mut group = c.benchmark_group("json-wall");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function(format!("parse {name}"), |b| {
        b.iter(|| parse(black_box(&text), 0, &limits).map(|n| n.span))
    });
    group.finish();
}

fn bench_cpu(c: &mut Criterion<CpuTime>) {
    let (name, text) = load();
    let limits = Limits::default();
    let mut group = c.benchmark_group("json-cpu");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function(format!("parse {name}"), |b| {
        b.iter(|| parse(black_box(&text), 0, &limits).map(|n| n.span))
    });
    group.finish();
}

criterion_group!(wall, bench_wall);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(CpuTime { wall: WallTime });
    targets = bench_cpu
}
criterion_main!(wall, cpu);
