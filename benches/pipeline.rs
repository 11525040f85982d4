//! graph + resolve of the generated data sets (10k and 100k tokens × 4 modes, DTCG object
//! forms). Generate them with
//! `python3 shared/bench/gen_tokens.py --tokens 10000 --modes 4 --dimension-form object --color-form object --out /work/data/n10000-m4-object`
//! (and `--tokens 100000`); `TOKENCRAFT_BENCH_DATA` overrides `/work/data`. Loading the
//! files is setup and is not timed, nor is freeing the results (`iter_with_large_drop`).
//! `PIPELINE_CPU=<runs>` prints CPU time per run instead (both threads counted), which is
//! steadier than wall-clock time on a shared machine.

use criterion::{criterion_group, BenchmarkId, Criterion};
use serde_json::Value as J;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokencraft::model::{TokenSet, TypeSource};
use tokencraft::resolve::testkit::SetBuilder;
use tokencraft::resolve::{resolve, resolve_set, ResolveOptions};

/// Walks one DTCG document: groups, `$type` inheritance, tokens.
fn walk(b: &mut SetBuilder, mode: &str, node: &J, path: &mut Vec<String>, inherited: Option<&str>) {
    let J::Object(map) = node else { return };
    let group_type = map.get("$type").and_then(J::as_str).or(inherited);
    if let Some(value) = map.get("$value") {
        let own = map.get("$type").and_then(J::as_str);
        let (ty, source) = match (own, inherited) {
            (Some(t), _) => (Some(t), TypeSource::Own),
            (None, Some(t)) => (Some(t), TypeSource::Group),
            (None, None) => (None, TypeSource::None),
        };
        b.add(mode, &path.join("."), ty, source, value.clone());
        return;
    }
    for (k, v) in map {
        if k.starts_with('$') {
            continue;
        }
        path.push(k.clone());
        walk(b, mode, v, path, group_type);
        path.pop();
    }
}

fn load(dir: &Path) -> Option<TokenSet> {
    let meta: J =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).ok()?).ok()?;
    let modes: Vec<String> = meta["modes"]
        .as_array()?
        .iter()
        .filter_map(|m| m.as_str().map(String::from))
        .collect();
    let names: Vec<&str> = modes.iter().map(String::as_str).collect();
    let mut b = SetBuilder::new(&names);
    for m in &modes {
        let text = std::fs::read_to_string(dir.join(format!("{m}.tokens.json"))).ok()?;
        let doc: J = serde_json::from_str(&text).ok()?;
        walk(&mut b, m, &doc, &mut Vec::new(), None);
    }
    Some(b.build())
}

fn data_dir() -> PathBuf {
    std::env::var_os("TOKENCRAFT_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/data"))
}

fn bench(c: &mut Criterion) {
    let opts = ResolveOptions::default();
    let mut group = c.benchmark_group("graph+resolve");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (label, name) in [
        ("10k x4", "n10000-m4-object"),
        ("100k x4", "n100000-m4-object"),
    ] {
        let dir = data_dir().join(name);
        let Some(set) = load(&dir) else {
            eprintln!(
                "skipping {label}: no data in {} (see the file header)",
                dir.display()
            );
            continue;
        };
        let (graph, _, diags) = resolve_set(&set, &opts);
        assert!(!diags.has_errors(), "bench data resolves cleanly: {diags}");
        group.bench_with_input(BenchmarkId::new("graph", label), &set, |b, set| {
            b.iter_with_large_drop(|| tokencraft::graph::build(set))
        });
        group.bench_with_input(BenchmarkId::new("resolve", label), &set, |b, set| {
            b.iter_with_large_drop(|| resolve(set, &graph, &opts))
        });
        group.bench_with_input(BenchmarkId::new("graph+resolve", label), &set, |b, set| {
            b.iter_with_large_drop(|| resolve_set(set, &opts))
        });
    }
    group.finish();
}

/// Process CPU time (user + system) from `/proc/self/stat`, in seconds.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// `PIPELINE_CPU=<runs>`: CPU time per graph/resolve run (robust on a loaded machine,
/// where wall-clock medians mostly measure the queue).
fn cpu_report(runs: usize) {
    let opts = ResolveOptions::default();
    for name in ["n10000-m4-object", "n100000-m4-object"] {
        let Some(set) = load(&data_dir().join(name)) else {
            continue;
        };
        let (graph, _) = tokencraft::graph::build(&set);
        let time = |f: &dyn Fn()| {
            let start = cpu_seconds().unwrap_or(0.0);
            for _ in 0..runs {
                f();
            }
            (cpu_seconds().unwrap_or(0.0) - start) / runs as f64 * 1000.0
        };
        let w = time(&|| {
            let mut refs = 0usize;
            for mode in &set.modes {
                for t in mode.tokens.iter().flatten() {
                    t.value.for_each_ref(&mut |_| refs += 1);
                }
            }
            std::hint::black_box(refs);
        });
        let g = time(&|| drop(tokencraft::graph::build(&set)));
        let r = time(&|| drop(resolve(&set, &graph, &opts)));
        println!("{name}: graph {g:.1} ms CPU, resolve {r:.1} ms CPU per run ({runs} runs); a bare walk over every expression: {w:.1} ms");
    }
}

criterion_group!(benches, bench);

fn main() {
    if let Some(runs) = std::env::var("PIPELINE_CPU")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        cpu_report(runs);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
