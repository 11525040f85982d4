//! Times each stage of the pipeline on a resolver document (a quick profiling aid).
//!
//! `cargo run --release --example phases -- DATA/tokens.resolver.json [RUNS]`
//!
//! Uses the binary's global allocator (mimalloc, feature `cli`) so the figures are those of
//! `tokencraft check`. Prints, per run, the wall time of each stage and the peak RSS
//! (`VmHWM`) reached by the end of it; with `RUNS` > 1 it ends with the median of each stage.

use indexmap::IndexMap;
use std::time::{Duration, Instant};
use tokencraft::model::TokenSet;
use tokencraft::parse::{dtcg, resolver};
use tokencraft::resolve::{self, ResolveOptions};
use tokencraft::Diagnostics;

#[cfg(feature = "cli")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Peak resident set size so far, in MB (`VmHWM` of `/proc/self/status`).
fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

const STAGES: [&str; 4] = ["load", "parse+read", "graph", "resolve"];

/// One run: the wall time of each stage, the diagnostics count, and the results (returned
/// so that freeing them is not measured).
fn run(path: &str) -> ([Duration; 4], usize, impl Sized) {
    let t0 = Instant::now();
    let mut set = TokenSet::default();
    let mut diags = Diagnostics::new();
    let opts = resolver::ResolverOptions::default();
    let doc = resolver::load(path.as_ref(), &mut set.sources, &opts, &mut diags).expect("load");
    let t1 = Instant::now();
    let default = doc
        .read_modes(
            &IndexMap::new(),
            true,
            &mut set,
            &dtcg::ParseOptions::default(),
            &mut diags,
        )
        .expect("modes");
    set.default_mode = default;
    // As `tokencraft` does after loading: the resolver document and the files' texts go.
    drop(doc);
    set.sources.release_texts();
    let t2 = Instant::now();
    let (graph, more) = tokencraft::graph::build(&set);
    let t3 = Instant::now();
    let (resolved, more2) = resolve::resolve(&set, &graph, &ResolveOptions::default());
    let t4 = Instant::now();
    let count = diags.len() + more.len() + more2.len();
    (
        [t1 - t0, t2 - t1, t3 - t2, t4 - t3],
        count,
        (set, graph, resolved),
    )
}

fn main() {
    let path = std::env::args().nth(1).expect("a resolver document");
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let mut all = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (stages, count, results) = run(&path);
        drop(results);
        let total: Duration = stages.iter().sum();
        let line: Vec<String> = STAGES
            .iter()
            .zip(stages)
            .map(|(name, t)| format!("{name} {:.1}", t.as_secs_f64() * 1000.0))
            .collect();
        println!(
            "{}  total {:.1} ms  peak {} MB  ({count} diags)",
            line.join("  "),
            total.as_secs_f64() * 1000.0,
            peak_mb()
        );
        all.push((stages, total));
    }
    if runs > 1 {
        let median = |mut v: Vec<Duration>| {
            v.sort();
            v[v.len() / 2].as_secs_f64() * 1000.0
        };
        let line: Vec<String> = (0..STAGES.len())
            .map(|i| {
                let v = all.iter().map(|(s, _)| s[i]).collect();
                format!("{} {:.1}", STAGES[i], median(v))
            })
            .collect();
        let total = median(all.iter().map(|(_, t)| *t).collect());
        println!("median of {runs}: {}  total {total:.1} ms", line.join("  "));
    }
}
