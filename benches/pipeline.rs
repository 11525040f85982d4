//! The whole front end and its stages on the generated data sets (10k and 100k tokens × 4
//! modes, DTCG object forms; `shared/bench/gen_tokens.py`):
//!
//! - `parse+graph+resolve`: the target measurement — from the resolver document
//!   (`tokens.resolver.json`, one context per mode file) to every mode resolved: reading
//!   the files, JSON parsing, reading tokens, `graph::build`, `resolve` (what
//!   `tokencraft check --all-modes` does before printing);
//! - `graph`, `resolve`, `graph+resolve`: those stages alone on a set built in setup.
//!
//! Data: `$TOKENCRAFT_BENCH_DATA` (default `/work/data`) with folders `n10000-m4-object`
//! and `n100000-m4-object`. A missing folder is generated into `target/bench-data/` with
//! `python3 $TOKENCRAFT_GEN_TOKENS` (default `../shared/bench/gen_tokens.py`, then
//! `/work/shared/bench/gen_tokens.py`) and `resolver_for.py` next to it; by hand:
//! `python3 gen_tokens.py --tokens 100000 --modes 4 --dimension-form object --color-form object --out DIR && python3 resolver_for.py DIR`.
//! Freeing the results is not timed (`iter_with_large_drop`). The bench uses the binary's
//! allocator (mimalloc, feature `cli`). `PIPELINE_CPU=<runs>` prints CPU time per run
//! instead (both threads counted), which is steadier than wall-clock time on a shared
//! machine.

use criterion::{criterion_group, BenchmarkId, Criterion};
use indexmap::IndexMap;
use serde_json::Value as J;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokencraft::model::{Resolved, TokenSet, TypeSource};
use tokencraft::parse::dtcg::ParseOptions;
use tokencraft::parse::resolver::{self, ResolverOptions};
use tokencraft::resolve::testkit::SetBuilder;
use tokencraft::resolve::{resolve, resolve_set, ResolveOptions};
use tokencraft::Diagnostics;

#[cfg(feature = "cli")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// The data sets: bench label and folder name.
const SETS: [(&str, &str); 2] = [
    ("10k x4", "n10000-m4-object"),
    ("100k x4", "n100000-m4-object"),
];

fn data_dir() -> PathBuf {
    std::env::var_os("TOKENCRAFT_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/data"))
}

/// The folder of a data set (`n100000-m4-object`): the data directory's, else one generated
/// into `target/bench-data/`; `None` (with a message) when neither works.
fn data_set(name: &str) -> Option<PathBuf> {
    let dir = data_dir().join(name);
    if dir.join("tokens.resolver.json").is_file() {
        return Some(dir);
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-data")
        .join(name);
    if out.join("tokens.resolver.json").is_file() {
        return Some(out);
    }
    let tokens = name
        .strip_prefix('n')
        .and_then(|rest| rest.split('-').next())
        .unwrap_or("10000");
    let generator = std::env::var_os("TOKENCRAFT_GEN_TOKENS")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_tokens.py"),
            PathBuf::from("/work/shared/bench/gen_tokens.py"),
        ])
        .find(|p| p.is_file());
    let Some(generator) = generator else {
        eprintln!(
            "skipping {name}: no data in {} and no gen_tokens.py (see the file header)",
            dir.display()
        );
        return None;
    };
    eprintln!("generating {name} into {} …", out.display());
    let python = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new("python3")
            .args(args)
            .status()
            .is_ok_and(|s| s.success())
    };
    let resolver_for = generator.with_file_name("resolver_for.py");
    let ok = python(&[
        generator.as_os_str(),
        "--tokens".as_ref(),
        tokens.as_ref(),
        "--modes".as_ref(),
        "4".as_ref(),
        "--dimension-form".as_ref(),
        "object".as_ref(),
        "--color-form".as_ref(),
        "object".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]) && python(&[resolver_for.as_os_str(), out.as_os_str()]);
    if !ok {
        eprintln!("skipping {name}: generating the data failed");
        return None;
    }
    Some(out)
}

/// parse + graph + resolve from a resolver document, as `tokencraft check --all-modes`.
fn front_end(resolver: &Path) -> (TokenSet, tokencraft::graph::AliasGraph, Resolved, usize) {
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let ropts = ResolverOptions::default();
    let Ok(doc) = resolver::load(resolver, &mut set.sources, &ropts, &mut diags) else {
        return (set, Default::default(), Resolved::default(), 1);
    };
    let popts = ParseOptions::default();
    match doc.read_modes(&IndexMap::new(), true, &mut set, &popts, &mut diags) {
        Ok(default) => set.default_mode = default,
        Err(e) => diags.extend(e),
    }
    // As `tokencraft` does after loading: the document and the files' texts go.
    drop(doc);
    set.sources.release_texts();
    let (graph, more) = tokencraft::graph::build(&set);
    let (resolved, more2) = resolve(&set, &graph, &ResolveOptions::default());
    let errors = usize::from(diags.has_errors() || more.has_errors() || more2.has_errors());
    (set, graph, resolved, errors)
}

/// The target measurement: parse + graph + resolve of the whole resolver document.
fn bench_front_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse+graph+resolve");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (label, name) in SETS {
        let Some(dir) = data_set(name) else { continue };
        let resolver = dir.join("tokens.resolver.json");
        let (set, _, _, errors) = front_end(&resolver);
        assert_eq!(errors, 0, "bench data resolves cleanly");
        assert_eq!(set.modes.len(), 4);
        group.bench_with_input(BenchmarkId::new("resolver", label), &resolver, |b, r| {
            b.iter_with_large_drop(|| front_end(r))
        });
    }
    group.finish();
}

fn bench(c: &mut Criterion) {
    let opts = ResolveOptions::default();
    let mut group = c.benchmark_group("graph+resolve");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (label, name) in SETS {
        let Some(set) = data_set(name).and_then(|dir| load(&dir)) else {
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
    for (_, name) in SETS {
        let Some(dir) = data_set(name) else { continue };
        let Some(set) = load(&dir) else { continue };
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
        let resolver = dir.join("tokens.resolver.json");
        let f = time(&|| drop(front_end(&resolver)));
        println!("{name}: graph {g:.1} ms CPU, resolve {r:.1} ms CPU per run ({runs} runs); a bare walk over every expression: {w:.1} ms; parse+graph+resolve from the resolver document (freeing included) {f:.1} ms");
    }
}

criterion_group!(benches, bench_front_end, bench);

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
