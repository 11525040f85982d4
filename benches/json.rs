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
use indexmap::IndexMap;
use std::hint::black_box;
use tokencraft::model::SourceMap;
use tokencraft::parse::json::{parse, Limits};
use tokencraft::parse::resolver::{load as load_resolver, ResolverOptions};
use tokencraft::Diagnostics;

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
    // Reference point on the same machine and load: serde_json into its `Value`.
    group.bench_function(format!("serde_json::Value {name}"), |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).is_ok())
    });
    group.finish();
}

/// Load + every mode of a one-modifier resolver over the `*.tokens.json` files of the data
/// folder (the shape `shared/bench/resolver_for.py` writes), written to a temporary folder
/// with absolute references so the data folder stays untouched.
fn bench_resolver(c: &mut Criterion) {
    let dir = std::env::var("TOKENCRAFT_BENCH_DATA")
        .unwrap_or_else(|_| "/work/data/n100000-m4-object".to_string());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".tokens.json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return;
    }
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let contexts: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|f| {
            let name = f.file_name().map_or(String::new(), |n| {
                n.to_string_lossy()
                    .trim_end_matches(".tokens.json")
                    .to_string()
            });
            (name, serde_json::json!([{"$ref": f.display().to_string()}]))
        })
        .collect();
    let doc = serde_json::json!({
        "version": "2025.10",
        "modifiers": {"mode": {"contexts": contexts}},
        "resolutionOrder": [{"$ref": "#/modifiers/mode"}]
    });
    let tmp = tempfile::tempdir().expect("temporary folder");
    let path = tmp.path().join("bench.resolver.json");
    std::fs::write(&path, doc.to_string()).expect("write resolver");
    let opts = ResolverOptions::default();
    let mut group = c.benchmark_group("resolver");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function(format!("load + all modes, {} files", files.len()), |b| {
        b.iter(|| {
            let mut sources = SourceMap::default();
            let mut warnings = Diagnostics::new();
            let r = load_resolver(&path, &mut sources, &opts, &mut warnings).ok()?;
            let (modes, _) = r
                .modes(&IndexMap::new(), true, &sources, &mut warnings)
                .ok()?;
            Some(modes.len())
        })
    });
    group.finish();
}

criterion_group!(wall, bench_wall, bench_resolver);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(CpuTime { wall: WallTime });
    targets = bench_cpu
}
criterion_main!(wall, cpu);
